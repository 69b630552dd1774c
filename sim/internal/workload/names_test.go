package workload

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"pgregory.net/rapid"
)

// refRandomString draws one letter per r.IntN-free 5-bit attempt exactly as
// upstream's rand.String does, written without the shift loop: every
// attempt takes bits [5k, 5k+5) of the current 63-bit draw.
func refRandomString(r *rand.Rand, n int) string {
	var sb strings.Builder
	var draw int64
	attempt := 12
	for sb.Len() < n {
		if attempt == 12 {
			draw, attempt = r.Int64(), 0
		}
		idx := (draw >> (5 * attempt)) & 31
		attempt++
		if idx < 27 {
			sb.WriteByte("bcdfghjklmnpqrstvwxz2456789"[idx])
		}
	}
	return sb.String()
}

// randomString is AppendRandomString into a fresh string.
func randomString(r *rand.Rand, n int) string { return string(AppendRandomString(nil, r, n)) }

func TestAppendRandomStringMatchesReference(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		seed := rapid.Uint64().Draw(t, "seed")
		n := rapid.IntRange(0, 100).Draw(t, "n")
		a := randomString(rand.New(rand.NewPCG(seed, 1)), n)
		b := refRandomString(rand.New(rand.NewPCG(seed, 1)), n)
		if a != b {
			t.Fatalf("AppendRandomString = %q, reference %q", a, b)
		}
		if len(a) != n || strings.Trim(a, safeAlphabet) != "" {
			t.Fatalf("AppendRandomString(%d) = %q", n, a)
		}
	})
}

func TestAppendRandomStringUsesWholeAlphabet(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 7))
	seen := map[byte]int{}
	for range 2000 {
		for _, c := range []byte(randomString(r, 5)) {
			seen[c]++
		}
	}
	if len(seen) != 27 {
		t.Fatalf("saw %d distinct letters, want 27", len(seen))
	}
	for c, k := range seen {
		if k < 250 || k > 500 { // expected 10000/27 ≈ 370
			t.Errorf("letter %q drawn %d times out of 10000", c, k)
		}
	}
}

func TestAppendRandomStringDeterministicAndAllocs(t *testing.T) {
	a := randomString(rand.New(rand.NewPCG(1, 2)), 5)
	b := randomString(rand.New(rand.NewPCG(1, 2)), 5)
	if a != b {
		t.Fatalf("same seed gave %q and %q", a, b)
	}
	if randomString(rand.New(rand.NewPCG(1, 2)), 0) != "" || randomString(nil, -1) != "" {
		t.Fatal("non-positive n must append nothing")
	}
	r := rand.New(rand.NewPCG(1, 2))
	buf := make([]byte, 0, 64)
	if n := testing.AllocsPerRun(100, func() { buf = AppendRandomString(buf[:0], r, 5) }); n != 0 {
		t.Fatalf("AppendRandomString allocates %v times, want 0", n)
	}
}

func ExampleAppendRandomString() {
	r := rand.New(rand.NewPCG(42, 0))
	rs, _ := ReplicaSetName("web", SumTemplate("app=web"), 0)
	name := string(AppendRandomString(AppendPodNamePrefix(nil, rs), r, RandomSuffixLength))
	fmt.Println(strings.HasPrefix(name, rs+"-"), len(name) == len(rs)+1+5)
	// Output:
	// true true
}

func BenchmarkAppendRandomString(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 1))
	b.Run("bits", func(b *testing.B) {
		b.ReportAllocs()
		buf := make([]byte, 0, 8)
		for b.Loop() {
			buf = AppendRandomString(buf[:0], r, 5)
		}
	})
	b.Run("baseline-builder", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_ = refRandomString(r, 5)
		}
	})
}

// ReplicaSetName is "<deployment>-<TemplateHash>" with the hash as its
// tail, for a template summed as a string or as bytes, and counts the
// collision count in.
func TestReplicaSetName(t *testing.T) {
	for _, cc := range []int32{0, 1, 7} {
		h := TemplateHash("app=web", cc)
		name, hash := ReplicaSetName("web", SumTemplate("app=web"), cc)
		bname, bhash := ReplicaSetName("web", SumTemplate([]byte("app=web")), cc)
		if name != "web-"+h || hash != h || bname != name || bhash != hash {
			t.Errorf("collision %d: ReplicaSetName = %q, %q and %q, %q; want %q, %q", cc, name, hash, bname, bhash, "web-"+h, h)
		}
	}
}

// The pod name prefix is "<replicaset>-" cut to MaxGeneratedNameLength
// bytes (the apiserver's generateName rule), appended to what dst holds.
func TestAppendPodNamePrefix(t *testing.T) {
	for _, n := range []int{1, MaxGeneratedNameLength - 1, MaxGeneratedNameLength, MaxGeneratedNameLength + 1, 200} {
		rs := strings.Repeat("a", n)
		want := (rs + "-")[:min(n+1, MaxGeneratedNameLength)]
		if got := string(AppendPodNamePrefix([]byte("ns/"), rs)); got != "ns/"+want {
			t.Errorf("len %d: AppendPodNamePrefix = %q, want %q", n, got, "ns/"+want)
		}
	}
}
