package selector

import (
	"errors"
	"fmt"
	"strings"
)

// Limits from k8s.io/apimachinery/pkg/util/validation/validation.go.
const (
	// MaxNameLength is the longest a label key's name part may be
	// (qualifiedNameMaxLength).
	MaxNameLength = 63
	// MaxPrefixLength is the longest a label key's prefix may be
	// (DNS1123SubdomainMaxLength).
	MaxPrefixLength = 253
	// MaxValueLength is the longest a label value may be
	// (LabelValueMaxLength).
	MaxValueLength = 63
)

// ErrInvalidLabel is wrapped by every error of [ValidateKey],
// [ValidateValue] and [Set.Validate]; test for it with errors.Is.
var ErrInvalidLabel = errors.New("invalid label")

// LabelError reports an invalid label key or value and why it is invalid.
// Reasons holds every rule the input breaks, as Kubernetes lists them
// (IsQualifiedName, IsValidLabelValue).
type LabelError struct {
	// Key is the label key: the invalid key, or the key of an invalid
	// value (empty when ValidateValue was called without a key).
	Key string
	// Value is the invalid value (IsValue is true).
	Value string
	// IsValue tells whether the value, not the key, is invalid.
	IsValue bool
	// Reasons says which rules are broken.
	Reasons []string
}

// Error returns e.g. `invalid label key "Example.com/x": prefix part a
// lowercase RFC 1123 subdomain must consist of ...`.
func (e *LabelError) Error() string {
	why := strings.Join(e.Reasons, "; ")
	if !e.IsValue {
		return fmt.Sprintf("invalid label key %q: %s", e.Key, why)
	}
	if e.Key != "" {
		return fmt.Sprintf("invalid label value %q for key %q: %s", e.Value, e.Key, why)
	}
	return fmt.Sprintf("invalid label value %q: %s", e.Value, why)
}

// Unwrap returns [ErrInvalidLabel].
func (e *LabelError) Unwrap() error { return ErrInvalidLabel }

const (
	nameRule      = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"
	subdomainRule = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"
	valueRule     = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"
)

// ValidateKey reports whether key is a valid label key: "[prefix/]name"
// where name is 1 to 63 characters of [A-Za-z0-9-_.] starting and ending
// with an alphanumeric character, and the optional prefix is a DNS-1123
// subdomain of at most 253 characters (lowercase, no '_'). More than one '/'
// is invalid. These are IsQualifiedName's rules
// (k8s.io/apimachinery/pkg/util/validation, content.IsLabelKey). The error
// is a *[LabelError] wrapping [ErrInvalidLabel].
func ValidateKey(key string) error {
	if validKey(key) {
		return nil
	}
	return &LabelError{Key: key, Reasons: keyReasons(key)}
}

// ValidateValue reports whether v is a valid label value: empty, or at most
// 63 characters of [A-Za-z0-9-_.] starting and ending with an alphanumeric
// character (IsValidLabelValue in k8s.io/apimachinery/pkg/util/validation).
// The error is a *[LabelError] wrapping [ErrInvalidLabel].
func ValidateValue(v string) error {
	if validValue(v) {
		return nil
	}
	var reasons []string
	if len(v) > MaxValueLength {
		reasons = append(reasons, fmt.Sprintf("must be no more than %d bytes", MaxValueLength))
	}
	if !validNameChars(v) {
		reasons = append(reasons, valueRule)
	}
	return &LabelError{Value: v, IsValue: true, Reasons: reasons}
}

// validKey is ValidateKey without the error; it never allocates.
func validKey(key string) bool {
	slash := strings.IndexByte(key, '/')
	if slash < 0 {
		return validName(key)
	}
	prefix, name := key[:slash], key[slash+1:]
	if strings.IndexByte(name, '/') >= 0 {
		return false
	}
	return validSubdomain(prefix) && validName(name)
}

func keyReasons(key string) []string {
	parts := strings.Split(key, "/")
	var reasons []string
	var name string
	switch len(parts) {
	case 1:
		name = parts[0]
	case 2:
		prefix := parts[0]
		name = parts[1]
		switch {
		case prefix == "":
			reasons = append(reasons, "prefix part must be non-empty")
		case len(prefix) > MaxPrefixLength:
			reasons = append(reasons, fmt.Sprintf("prefix part must be no more than %d bytes", MaxPrefixLength))
			if !validSubdomainChars(prefix) {
				reasons = append(reasons, "prefix part "+subdomainRule)
			}
		case !validSubdomainChars(prefix):
			reasons = append(reasons, "prefix part "+subdomainRule)
		}
	default:
		return []string{"a valid label key " + nameRule + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"}
	}
	switch {
	case name == "":
		reasons = append(reasons, "name part must be non-empty")
	case len(name) > MaxNameLength:
		reasons = append(reasons, fmt.Sprintf("name part must be no more than %d bytes", MaxNameLength))
	}
	if !validNameChars(name) {
		reasons = append(reasons, "name part "+nameRule)
	}
	return reasons
}

func isAlnum(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

// validName: IsQualifiedName's name part.
func validName(s string) bool {
	return len(s) <= MaxNameLength && validNameChars(s)
}

// validValue: IsValidLabelValue.
func validValue(s string) bool {
	return s == "" || len(s) <= MaxValueLength && validNameChars(s)
}

// validNameChars reports whether s matches ([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9].
func validNameChars(s string) bool {
	if s == "" || !isAlnum(s[0]) || !isAlnum(s[len(s)-1]) {
		return false
	}
	for i := 1; i < len(s)-1; i++ {
		c := s[i]
		if !isAlnum(c) && c != '-' && c != '_' && c != '.' {
			return false
		}
	}
	return true
}

// validSubdomain: IsDNS1123Subdomain (length and regex; no per-label limit).
func validSubdomain(s string) bool {
	return len(s) <= MaxPrefixLength && validSubdomainChars(s)
}

// validSubdomainChars reports whether s matches
// [a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*.
func validSubdomainChars(s string) bool {
	start := 0
	for i := 0; i <= len(s); i++ {
		if i < len(s) && s[i] != '.' {
			c := s[i]
			if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-') {
				return false
			}
			continue
		}
		// s[start:i] is one dot-separated label.
		if i == start || s[start] == '-' || s[i-1] == '-' {
			return false
		}
		start = i + 1
	}
	return true
}
