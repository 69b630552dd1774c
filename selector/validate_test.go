package selector

import (
	"errors"
	"strings"
	"testing"
)

// Cases from upstream TestIsQualifiedName and TestIsLabelKey (apimachinery
// pkg/util/validation/validation_test.go): a DNS-1123 subdomain prefix
// capped only in total length, a name part of at most 63 characters.
func TestValidateKey(t *testing.T) {
	good := []string{
		"simple", "now-with-dashes", "1-starts-with-num", "1234",
		"simple/simple", "now-with-dashes/simple", "now-with-dashes/now-with-dashes",
		"now.with.dots/simple", "now-with.dashes-and.dots/simple", "1-num.2-num/3-num",
		"1234/5678", "1.2.3.4/5678", "Uppercase_Is_OK_123", "example.com/Uppercase_Is_OK_123",
		"requests.storage-foo", strings.Repeat("a", 63),
		strings.Repeat("a", 253) + "/" + strings.Repeat("b", 63),
		"kubernetes.io/service-name", "a", "A", "9", "a.b_c-d",
		strings.Repeat("x", 70) + "." + strings.Repeat("y", 70) + "/k", // no per-label limit in a prefix
		"in", "notin",
	}
	for _, k := range good {
		if err := ValidateKey(k); err != nil {
			t.Errorf("ValidateKey(%q) = %v, want nil", k, err)
		}
	}
	bad := []struct{ key, why string }{
		{"nospecialchars%^=@", "name part must consist"},
		{"cantendwithadash-", "name part must consist"},
		{"-cantstartwithadash-", "name part must consist"},
		{"only/one/slash", "a valid label key"},
		{"Example.com/abc", "prefix part a lowercase RFC 1123 subdomain"},
		{"example_com/abc", "prefix part a lowercase RFC 1123 subdomain"},
		{"example.com/", "name part must be non-empty"},
		{"/simple", "prefix part must be non-empty"},
		{strings.Repeat("a", 64), "no more than 63"},
		{strings.Repeat("a", 254) + "/abc", "no more than 253"},
		{"", "name part must be non-empty"},
		{"a..b-/x", "prefix part"},
		{"-a.com/x", "prefix part"},
		{"a.com-/x", "prefix part"},
		{"a b", "name part must consist"},
		{"ä", "name part must consist"},
		{"_a", "name part must consist"},
		{"a.", "name part must consist"},
		{"a\n", "name part must consist"},
	}
	for _, c := range bad {
		err := ValidateKey(c.key)
		if err == nil {
			t.Errorf("ValidateKey(%q) = nil, want error", c.key)
			continue
		}
		var le *LabelError
		if !errors.As(err, &le) || le.Key != c.key || le.IsValue || !errors.Is(err, ErrInvalidLabel) {
			t.Errorf("ValidateKey(%q) = %#v, want *LabelError for the key wrapping ErrInvalidLabel", c.key, err)
		}
		if !strings.Contains(err.Error(), c.why) || !strings.Contains(err.Error(), "invalid label key") {
			t.Errorf("ValidateKey(%q) = %q, want it to say %q", c.key, err, c.why)
		}
	}
}

// Cases from upstream TestIsValidLabelValue (apimachinery
// pkg/util/validation/validation_test.go): empty is valid, 63 characters at
// most, alphanumeric at both ends.
func TestValidateValue(t *testing.T) {
	good := []string{"simple", "now-with-dashes", "1-starts-with-num", "end-with-num-1", "1234",
		strings.Repeat("a", 63), "", "A", "Mixed.Case_9", "in"}
	for _, v := range good {
		if err := ValidateValue(v); err != nil {
			t.Errorf("ValidateValue(%q) = %v, want nil", v, err)
		}
	}
	bad := []struct{ v, why string }{
		{"nospecialchars%^=@", "alphanumeric"},
		{"Tama-nui-te-rā.is.Māori.sun", "alphanumeric"},
		{`\backslashes\are\bad`, "alphanumeric"},
		{"-starts-with-dash", "start and end"},
		{"ends-with-dash-", "start and end"},
		{".starts.with.dot", "start and end"},
		{"ends.with.dot.", "start and end"},
		{strings.Repeat("a", 64), "no more than 63"},
		{"a b", "alphanumeric"},
		{"_", "alphanumeric"},
	}
	for _, c := range bad {
		err := ValidateValue(c.v)
		var le *LabelError
		if err == nil || !errors.As(err, &le) || !le.IsValue || le.Value != c.v || !errors.Is(err, ErrInvalidLabel) {
			t.Errorf("ValidateValue(%q) = %v, want a value *LabelError", c.v, err)
			continue
		}
		if !strings.Contains(err.Error(), c.why) || !strings.Contains(err.Error(), "invalid label value") {
			t.Errorf("ValidateValue(%q) = %q, want it to say %q", c.v, err, c.why)
		}
	}
}

func TestSetValidate(t *testing.T) {
	if err := (Set{"app": "web", "example.com/tier": "", "x": "Y_1"}).Validate(); err != nil {
		t.Fatalf("valid set: %v", err)
	}
	if err := Set(nil).Validate(); err != nil {
		t.Fatalf("nil set: %v", err)
	}
	err := Set{"app": "-web", "Bad/key": "ok"}.Validate()
	if err == nil || !errors.Is(err, ErrInvalidLabel) {
		t.Fatalf("invalid set: got %v", err)
	}
	msg := err.Error()
	for _, want := range []string{`invalid label key "Bad/key"`, `invalid label value "-web" for key "app"`} {
		if !strings.Contains(msg, want) {
			t.Errorf("Validate() = %q, want it to contain %q", msg, want)
		}
	}
	// Keys are reported in sorted order.
	if strings.Index(msg, "Bad/key") > strings.Index(msg, `"app"`) {
		t.Errorf("Validate() = %q: want errors in key order", msg)
	}
}

func TestValidateNoAllocs(t *testing.T) {
	key, val := "example.com/app-name_1", "some.Value-9"
	set := Set{key: val, "app": "web", "tier": "front", "pod-template-hash": "6f4b8666dd"}
	if n := testing.AllocsPerRun(100, func() {
		if !validKey(key) || !validValue(val) {
			t.Fatal("invalid")
		}
		_ = ValidateKey(key)
		_ = ValidateValue(val)
		_ = set.Validate()
	}); n != 0 {
		t.Errorf("validation of valid input allocates %v times", n)
	}
}

// TestReasonsVerbatim: the reasons are apimachinery's own words
// (pkg/api/validate/content, IsLabelKey, IsLabelValue, IsDNS1123Subdomain
// and RegexError), which the apiserver prints in field errors.
func TestReasonsVerbatim(t *testing.T) {
	const keyRule = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"
	const prefixRule = "prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"
	tests := []struct {
		err  error
		want []string
	}{
		{ValidateKey("~https"), []string{"name part " + keyRule}},
		{ValidateKey("Bad/LoadBalancerclass"), []string{prefixRule}},
		{ValidateKey("a/b/c"), []string{"a valid label key " + keyRule + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"}},
		{ValidateKey(strings.Repeat("a", 254) + "/" + strings.Repeat("b", 64) + "-"), []string{
			"prefix part must be no more than 253 bytes", "name part must be no more than 63 bytes", "name part " + keyRule}},
		{ValidateValue("-web"), []string{"a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"}},
		{ValidateValue(strings.Repeat("v", 64)), []string{"must be no more than 63 bytes"}},
	}
	for _, tc := range tests {
		var le *LabelError
		if !errors.As(tc.err, &le) {
			t.Fatalf("%v is not a *LabelError", tc.err)
		}
		if strings.Join(le.Reasons, "\n") != strings.Join(tc.want, "\n") {
			t.Errorf("reasons\n  %s\nwant\n  %s", strings.Join(le.Reasons, "\n  "), strings.Join(tc.want, "\n  "))
		}
	}
}
