package workload

import (
	"encoding/binary"
	"fmt"
	"hash/fnv"
	"strings"
	"testing"

	"pgregory.net/rapid"
)

// refTemplateHash is the upstream recipe written the slow, obvious way:
// hash/fnv, an 8-byte buffer filled by PutUint32, fmt.Sprint, then
// apimachinery's SafeEncodeString (refSafeEncode).
func refTemplateHash(template string, collisionCount int32) string {
	h := fnv.New32a()
	h.Write([]byte(template))
	if collisionCount != 0 {
		b := make([]byte, 8)
		binary.LittleEndian.PutUint32(b, uint32(collisionCount))
		h.Write(b)
	}
	return refSafeEncode(fmt.Sprint(h.Sum32()))
}

// refSafeEncode is apimachinery pkg/util/rand SafeEncodeString: every byte c
// becomes alphabet[c % 27].
func refSafeEncode(s string) string {
	const alphabet = "bcdfghjklmnpqrstvwxz2456789"
	var sb strings.Builder
	for _, c := range []byte(s) {
		sb.WriteByte(alphabet[int(c)%27])
	}
	return sb.String()
}

func TestRefSafeEncode(t *testing.T) {
	// The digits 0–9 (bytes 48–57, mod 27 = 21–26, 0–3) become 4 5 6 7 8 9 b c d f.
	if got, want := refSafeEncode("0123456789"), "456789bcdf"; got != want {
		t.Fatalf("refSafeEncode(digits) = %q, want %q", got, want)
	}
	if got := refSafeEncode(""); got != "" {
		t.Fatalf("refSafeEncode(\"\") = %q", got)
	}
	// Byte value, not digit value: 'a' is 97, 97 % 27 = 16 → 'v'.
	if got := refSafeEncode("a"); got != "v" {
		t.Fatalf("refSafeEncode(\"a\") = %q, want \"v\"", got)
	}
}

func TestTemplateHashKnownValues(t *testing.T) {
	// FNV-32a("") is the offset basis 2166136261; encoded digit by digit.
	if got, want := TemplateHash("", 0), refSafeEncode("2166136261"); got != want {
		t.Fatalf("TemplateHash(\"\", 0) = %q, want %q", got, want)
	}
	// FNV-32a("a") = 0xe40c292c = 3826002220 (the published test vector).
	if got, want := TemplateHash("a", 0), refSafeEncode("3826002220"); got != want {
		t.Fatalf("TemplateHash(\"a\", 0) = %q, want %q", got, want)
	}
	if TemplateHash("a", 1) == TemplateHash("a", 0) {
		t.Fatal("collisionCount 1 did not change the hash")
	}
	if TemplateHash("a", 1) == TemplateHash("a", 2) {
		t.Fatal("collisionCount 1 and 2 hash alike")
	}
}

func TestTemplateHashMatchesReference(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		tmpl := rapid.String().Draw(t, "template")
		cc := rapid.Int32().Draw(t, "collisionCount")
		got := TemplateHash(tmpl, cc)
		if want := refTemplateHash(tmpl, cc); got != want {
			t.Fatalf("TemplateHash(%q, %d) = %q, want %q", tmpl, cc, got, want)
		}
		if len(got) < 1 || len(got) > 10 || strings.Trim(got, "456789bcdf") != "" {
			t.Fatalf("TemplateHash = %q: not 1–10 chars of the encoded digits", got)
		}
	})
}

// SumTemplate's one pass gives the pod-template-hash of every collision
// count (AppendSumHash, as TemplateHash) and the FNV-1a 64 of the text
// (hash/fnv) as its Fingerprint.
func TestSumTemplate(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		tmpl := rapid.String().Draw(t, "template")
		cc := rapid.Int32().Draw(t, "collisionCount")
		sum := SumTemplate(tmpl)
		if got, want := string(AppendSumHash(nil, sum, cc)), refTemplateHash(tmpl, cc); got != want {
			t.Fatalf("AppendSumHash(SumTemplate(%q), %d) = %q, want %q", tmpl, cc, got, want)
		}
		h := fnv.New64a()
		h.Write([]byte(tmpl))
		if got, want := sum.Fingerprint, h.Sum64(); got != want {
			t.Fatalf("SumTemplate(%q).Fingerprint = %#x, want %#x", tmpl, got, want)
		}
		if got := SumTemplate([]byte(tmpl)); got != sum {
			t.Fatalf("SumTemplate of the bytes = %+v, of the string %+v", got, sum)
		}
	})
}

func TestTemplateHashAllocs(t *testing.T) {
	if n := testing.AllocsPerRun(100, func() { _ = TemplateHash("app=web;port=80", 3) }); n > 1 {
		t.Fatalf("TemplateHash allocates %v times, want ≤ 1", n)
	}
}

func ExampleTemplateHash() {
	h := TemplateHash("app=web;ports=http:8080", 0)
	rs, rsHash := ReplicaSetName("web", SumTemplate("app=web;ports=http:8080"), 0)
	fmt.Println(rs == "web-"+h, rsHash == h, len(h) <= 10, strings.Trim(h, "456789bcdf") == "")
	// Output:
	// true true true true
}

func BenchmarkTemplateHash(b *testing.B) {
	tmpl := strings.Repeat("app=web;ports=http:8080;", 8)
	b.Run("inline", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_ = TemplateHash(tmpl, 1)
		}
	})
	b.Run("baseline-fnv-fmt", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_ = refTemplateHash(tmpl, 1)
		}
	})
}
