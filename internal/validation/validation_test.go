package validation

import (
	"regexp"
	"strings"
	"testing"
)

// Upstream cases from apimachinery pkg/util/validation/validation_test.go.
var (
	goodLabels = []string{"a", "ab", "abc", "a1", "a-1", "a--1--2--b", "0", "01", "012", "1a", "1-a",
		"1--a--b--2", strings.Repeat("a", 63)}
	badLabels = []string{"", "A", "ABC", "aBc", "A1", "A-1", "1-A", "-", "a-", "-a", "1-", "-1", "_", "a_", "_a",
		"a_b", "1_", "_1", "1_2", ".", "a.", ".a", "a.b", "1.", ".1", "1.2", " ", "a ", " a", "a b", "1 ", " 1",
		"1 2", strings.Repeat("a", 64)}
	goodSubdomains = []string{"a", "ab", "abc", "a1", "a-1", "a--1--2--b", "0", "01", "012", "1a", "1-a",
		"1--a--b--2", "a.a", "ab.a", "abc.a", "a1.a", "a-1.a", "a--1--2--b.a", "a.1", "ab.1", "abc.1", "a1.1",
		"a-1.1", "a--1--2--b.1", "0.a", "01.a", "012.a", "1a.a", "1-a.a", "1--a--b--2", "0.1", "01.1", "012.1",
		"1a.1", "1-a.1", "1--a--b--2.1", "a.b.c.d.e", "aa.bb.cc.dd.ee", "1.2.3.4.5", "11.22.33.44.55",
		strings.Repeat("a", 253)}
	badSubdomains = []string{"", "A", "ABC", "aBc", "A1", "A-1", "1-A", "-", "a-", "-a", "1-", "-1", "_", "a_",
		"_a", "a_b", "1_", "_1", "1_2", ".", "a.", ".a", "a..b", "1.", ".1", "1..2", " ", "a ", " a", "a b", "1 ",
		" 1", "1 2", "A.a", "aB.a", "ab.A", "A1.a", "a1.A", "A.1", "aB.1", "A1.1", "1A.1", "0.A", "01.A", "012.A",
		"1A.a", "1a.A", "A.B.C.D.E", "AA.BB.CC.DD.EE", "a.B.c.d.e", "aa.bB.cc.dd.ee", "a@b", "a,b", "a_b", "a;b",
		"a:b", "a%b", "a?b", "a$b", strings.Repeat("a", 254)}
	good1035 = []string{"a", "ab", "abc", "a1", "a-1", "a--1--2--b", strings.Repeat("a", 63)}
	bad1035  = []string{"0", "01", "012", "1a", "1-a", "1--a--b--2", "", "A", "ABC", "aBc", "A1", "A-1", "1-A",
		"-", "a-", "-a", "1-", "-1", "_", "a_", "_a", "a_b", "1_", "_1", "1_2", ".", "a.", ".a", "a.b", "1.",
		".1", "1.2", " ", "a ", " a", "a b", "1 ", " 1", "1 2", strings.Repeat("a", 64)}
	goodPortNames = []string{"telnet", "re-mail-ck", "pop3", "a", "a-1", "1-a", "a-1-b-2-c", "1-a-2-b-3"}
	badPortNames  = []string{"longerthan15characters", "", strings.Repeat("a", 16), "12345", "1-2-3-4",
		"-begin", "end-", "two--hyphens", "whois++", "Http", "a_b"}
)

func TestNameValidators(t *testing.T) {
	fns := []struct {
		name      string
		fn        func(string) []string
		good, bad []string
	}{
		{"IsDNS1123Label", IsDNS1123Label, goodLabels, badLabels},
		{"IsDNS1123Subdomain", IsDNS1123Subdomain, goodSubdomains, badSubdomains},
		{"IsDNS1035Label", IsDNS1035Label, good1035, bad1035},
		{"IsValidPortName", IsValidPortName, goodPortNames, badPortNames},
	}
	for _, f := range fns {
		for _, s := range f.good {
			if errs := f.fn(s); len(errs) != 0 {
				t.Errorf("%s(%q) = %q, want valid", f.name, s, errs)
			}
		}
		for _, s := range f.bad {
			if errs := f.fn(s); len(errs) == 0 {
				t.Errorf("%s(%q) = valid, want errors", f.name, s)
			}
		}
	}
}

// TestIsValidPortNum: upstream's TestIsValidPortNum cases.
func TestIsValidPortNum(t *testing.T) {
	for _, port := range []int32{1, 2, 1000, 16384, 32768, 65535} {
		if !IsValidPortNum(port) {
			t.Errorf("IsValidPortNum(%d) = false, want true", port)
		}
	}
	for _, port := range []int32{0, -1, 65536, 100000} {
		if IsValidPortNum(port) {
			t.Errorf("IsValidPortNum(%d) = true, want false", port)
		}
	}
}

func TestNameValidatorMessages(t *testing.T) {
	tests := []struct {
		fn   func(string) []string
		in   string
		want []string
	}{
		{IsDNS1123Label, "a.b", []string{"must not contain dots"}},
		{IsDNS1123Label, "Bad_Name", []string{dns1123LabelMsg}},
		{IsDNS1123Label, strings.Repeat("a", 64), []string{"must be no more than 63 characters"}},
		{IsDNS1123Subdomain, strings.Repeat("a", 254), []string{"must be no more than 253 characters"}},
		{IsDNS1035Label, "123-abc", []string{dns1035LabelMsg}},
		{IsValidPortName, "", []string{
			"must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)",
			"must contain at least one letter (a-z)"}},
		{IsValidPortName, "12345", []string{"must contain at least one letter (a-z)"}},
		{IsValidPortName, "-a--", []string{"must not contain consecutive hyphens", "must not begin or end with a hyphen"}},
		{IsValidPortName, "Bad_Name", []string{
			"must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)"}},
		{IsValidPortName, "averyveryverylongname", []string{"must be no more than 15 characters"}},
	}
	for _, tc := range tests {
		got := tc.fn(tc.in)
		if strings.Join(got, "|") != strings.Join(tc.want, "|") {
			t.Errorf("%q: got %q, want %q", tc.in, got, tc.want)
		}
	}
	if !strings.Contains(dns1123LabelMsg, "(e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')") {
		t.Error("label message differs from upstream RegexError")
	}
}

// The slow, obviously-correct references: apimachinery's regular expressions.
var (
	refLabel     = regexp.MustCompile(`^[a-z0-9]([-a-z0-9]*[a-z0-9])?$`)
	refSubdomain = regexp.MustCompile(`^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$`)
	ref1035      = regexp.MustCompile(`^[a-z]([-a-z0-9]*[a-z0-9])?$`)
	refPortChars = regexp.MustCompile(`^[-a-z0-9]+$`)
	refOneLetter = regexp.MustCompile(`[a-z]`)
)

func refValid(kind int, s string) bool {
	switch kind {
	case 0:
		return len(s) <= 63 && refLabel.MatchString(s)
	case 1:
		return len(s) <= 253 && refSubdomain.MatchString(s)
	case 2:
		return len(s) <= 63 && ref1035.MatchString(s)
	}
	return len(s) <= 15 && refPortChars.MatchString(s) && refOneLetter.MatchString(s) &&
		!strings.Contains(s, "--") && s[0] != '-' && s[len(s)-1] != '-'
}

func checkAgainstRef(t testing.TB, s string) {
	for kind, fn := range []func(string) []string{IsDNS1123Label, IsDNS1123Subdomain, IsDNS1035Label, IsValidPortName} {
		if got, want := len(fn(s)) == 0, refValid(kind, s); got != want {
			t.Fatalf("validator %d on %q: valid=%v, reference says %v", kind, s, got, want)
		}
	}
}

func FuzzNameValidators(f *testing.F) {
	for _, s := range append(append(goodSubdomains, badSubdomains...), badPortNames...) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) { checkAgainstRef(t, s) })
}

func TestNameValidatorsAgainstRegexp(t *testing.T) {
	// Exhaustive over short strings of a small alphabet.
	alpha := []byte("a0-.A_")
	var rec func(prefix []byte)
	rec = func(prefix []byte) {
		checkAgainstRef(t, string(prefix))
		if len(prefix) == 5 {
			return
		}
		for _, c := range alpha {
			rec(append(prefix, c))
		}
	}
	rec(nil)
}

var sink []string

func BenchmarkIsDNS1123Subdomain(b *testing.B) {
	const name = "web-7c5ddbdf54-x2kqp.example.com"
	b.Run("fast", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			sink = IsDNS1123Subdomain(name)
		}
	})
	b.Run("regexp-baseline", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if !refSubdomain.MatchString(name) {
				sink = []string{"bad"}
			}
		}
	})
}
