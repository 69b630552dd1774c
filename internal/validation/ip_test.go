package validation

import (
	"net/netip"
	"testing"
)

// TestParseCIDRSloppy: what the legacy parser (k8s.io/utils/net,
// ParseCIDRSloppy) reads, and what it refuses.
func TestParseCIDRSloppy(t *testing.T) {
	good := map[string]string{
		"10.0.0.0/8":           "10.0.0.0/8",
		"1.2.3.4/8":            "1.2.3.4/8", // host bits kept
		"001.002.003.000/24":   "1.2.3.0/24",
		"0010.0.0.0/008":       "10.0.0.0/8",
		"2001:db8::/64":        "2001:db8::/64",
		"::ffff:001.2.3.0/120": "::ffff:1.2.3.0/120",
		"0.0.0.0/0":            "0.0.0.0/0",
	}
	for in, want := range good {
		got, ok := ParseCIDRSloppy(in)
		if !ok || got != netip.MustParsePrefix(want) {
			t.Errorf("ParseCIDRSloppy(%q) = %v, %v; want %s", in, got, ok, want)
		}
	}
	for _, in := range []string{"", "10.0.0.0", "foo.bar", "1.2.3/24", "1.2.3.4.5/24", "256.0.0.0/8", "1.2.3.4/33",
		"1..2.3/8", "fe80::1%eth0/64", "2001:db8::/129", "1.2.3.4/", "1.2.3.4/+8", " 1.2.3.0/24"} {
		if p, ok := ParseCIDRSloppy(in); ok {
			t.Errorf("ParseCIDRSloppy(%q) = %v, want a refusal", in, p)
		}
	}
}

// TestParseAddrSloppy: what the legacy parser (k8s.io/utils/net,
// ParseIPSloppy) reads, and what it refuses.
func TestParseAddrSloppy(t *testing.T) {
	good := map[string]string{
		"1.2.3.4":         "1.2.3.4",
		"001.002.003.004": "1.2.3.4",
		"010.0.0.1":       "10.0.0.1",
		"0.0.0.0":         "0.0.0.0",
		"2001:db8::1":     "2001:db8::1",
		// An IPv4-mapped address is the IPv4 address, as a net.IP is.
		"::ffff:01.2.3.04": "1.2.3.4",
		"::ffff:10.96.0.5": "10.96.0.5",
	}
	for in, want := range good {
		got, ok := ParseAddrSloppy(in)
		if !ok || got != netip.MustParseAddr(want) {
			t.Errorf("ParseAddrSloppy(%q) = %v, %v; want %s", in, got, ok, want)
		}
	}
	for _, in := range []string{"", "invalid", "myhost.mydomain", "1.2.3", "1.2.3.4.5", "256.1.1.1", "1.2.3.4/32",
		"fe80::1%eth0", " 1.2.3.4", "1.2.3.-4"} {
		if ip, ok := ParseAddrSloppy(in); ok {
			t.Errorf("ParseAddrSloppy(%q) = %v, want a refusal", in, ip)
		}
	}
}
