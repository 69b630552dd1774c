package validation

import (
	"strconv"
	"strings"
)

// Name-validation limits and messages of k8s.io/apimachinery
// pkg/util/validation/validation.go. The messages are the upstream ones, so an
// error reads as kubectl would print it.
const (
	// DNS1123LabelMaxLength is the longest DNS-1123 label (RFC 1123).
	DNS1123LabelMaxLength = 63
	// DNS1123SubdomainMaxLength is the longest DNS-1123 subdomain.
	DNS1123SubdomainMaxLength = 253
	// DNS1035LabelMaxLength is the longest DNS-1035 label (RFC 1035).
	DNS1035LabelMaxLength = 63
	// PortNameMaxLength is the longest IANA_SVC_NAME (RFC 6335).
	PortNameMaxLength = 15

	dns1123LabelMsg = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', " +
		"and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', " +
		"regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"
	dns1123SubdomainMsg = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', " +
		"and must start and end with an alphanumeric character (e.g. 'example.com', " +
		"regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"
	dns1035LabelMsg = "a DNS-1035 label must consist of lower case alphanumeric characters or '-', " +
		"start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', " +
		"regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')"
	// PortRangeMsg is apimachinery's message for a port number out of 1-65535.
	PortRangeMsg = "must be between 1 and 65535, inclusive"
)

func maxLenMsg(n int) string { return "must be no more than " + strconv.Itoa(n) + " characters" }

func isLower(c byte) bool   { return c >= 'a' && c <= 'z' }
func isAlnum(c byte) bool   { return isLower(c) || (c >= '0' && c <= '9') }
func isLabelCh(c byte) bool { return isAlnum(c) || c == '-' }
func isLabelRegex(s string) bool {
	if s == "" || !isAlnum(s[0]) || !isAlnum(s[len(s)-1]) {
		return false
	}
	for i := 1; i < len(s)-1; i++ {
		if !isLabelCh(s[i]) {
			return false
		}
	}
	return true
}

// IsDNS1123Label reports the problems of s as a DNS-1123 label
// (`[a-z0-9]([-a-z0-9]*[a-z0-9])?`, at most 63 characters), in the order and
// wording of apimachinery's validation.IsDNS1123Label; nil means valid. Pod
// namespaces and Service port names must be DNS-1123 labels.
func IsDNS1123Label(s string) []string {
	var errs []string
	if len(s) > DNS1123LabelMaxLength {
		errs = append(errs, maxLenMsg(DNS1123LabelMaxLength))
	}
	if !isLabelRegex(s) {
		if isSubdomainRegex(s) {
			// A valid subdomain but not a label: it has dots.
			errs = append(errs, "must not contain dots")
		} else {
			errs = append(errs, dns1123LabelMsg)
		}
	}
	return errs
}

// IsDNS1123Subdomain reports the problems of s as a DNS-1123 subdomain
// (dot-separated DNS-1123 labels, at most 253 characters), as apimachinery's
// validation.IsDNS1123Subdomain; nil means valid. Pod names and ExternalName
// targets must be DNS-1123 subdomains.
func IsDNS1123Subdomain(s string) []string {
	var errs []string
	if len(s) > DNS1123SubdomainMaxLength {
		errs = append(errs, maxLenMsg(DNS1123SubdomainMaxLength))
	}
	if !isSubdomainRegex(s) {
		errs = append(errs, dns1123SubdomainMsg)
	}
	return errs
}

func isSubdomainRegex(s string) bool {
	for {
		i := strings.IndexByte(s, '.')
		if i < 0 {
			return isLabelRegex(s)
		}
		if !isLabelRegex(s[:i]) {
			return false
		}
		s = s[i+1:]
	}
}

// IsDNS1035Label reports the problems of s as a DNS-1035 label
// (`[a-z]([-a-z0-9]*[a-z0-9])?`, at most 63 characters), as apimachinery's
// validation.IsDNS1035Label; nil means valid. Service names must be DNS-1035
// labels (NameIsDNS1035Label in pkg/apis/core/validation).
func IsDNS1035Label(s string) []string {
	var errs []string
	if len(s) > DNS1035LabelMaxLength {
		errs = append(errs, maxLenMsg(DNS1035LabelMaxLength))
	}
	if !isLabelRegex(s) || !isLower(s[0]) {
		errs = append(errs, dns1035LabelMsg)
	}
	return errs
}

// IsValidPortName reports the problems of s as an IANA_SVC_NAME (RFC 6335
// §5.1: at most 15 characters of [-a-z0-9], at least one letter, no "--", no
// leading or trailing "-"), as apimachinery's validation.IsValidPortName;
// nil means valid. Container port names and named target ports use it.
func IsValidPortName(s string) []string {
	var errs []string
	if len(s) > PortNameMaxLength {
		errs = append(errs, maxLenMsg(PortNameMaxLength))
	}
	charset, letter := s != "", false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !isLabelCh(c) {
			charset = false
		}
		if isLower(c) {
			letter = true
		}
	}
	if !charset {
		errs = append(errs, "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)")
	}
	if !letter {
		errs = append(errs, "must contain at least one letter (a-z)")
	}
	if strings.Contains(s, "--") {
		errs = append(errs, "must not contain consecutive hyphens")
	}
	if s != "" && (s[0] == '-' || s[len(s)-1] == '-') {
		errs = append(errs, "must not begin or end with a hyphen")
	}
	return errs
}

// IsValidPortNum reports whether port is in 1-65535 (validation.IsValidPortNum).
func IsValidPortNum(port int32) bool { return port >= 1 && port <= 65535 }
