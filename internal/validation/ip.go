package validation

import (
	"net/netip"
	"strings"
)

// Messages of apimachinery's legacy IP and CIDR parsers
// (pkg/util/validation/ip.go, IsValidIPForLegacyField and
// IsValidCIDRForLegacyField), as field errors print them.
const (
	InvalidIPMsg   = "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"
	InvalidCIDRMsg = "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)"
)

// EndpointIPReasons returns why ip may not be an endpoint or external IP,
// as kubernetes pkg/apis/core/validation/validation.go ValidateEndpointIP
// words it: unspecified, loopback, link-local unicast, link-local
// multicast (one message each that applies, in that order). An IPv4-mapped
// IPv6 address is judged as net.IP judges it, by its IPv4 form. ip must be
// valid.
func EndpointIPReasons(ip netip.Addr) []string {
	given := ip // rendered only in the message that quotes it
	ip = ip.Unmap()
	var out []string
	if ip.IsUnspecified() {
		out = append(out, "may not be unspecified ("+given.String()+")")
	}
	if ip.IsLoopback() {
		out = append(out, "may not be in the loopback range (127.0.0.0/8, ::1/128)")
	}
	if ip.IsLinkLocalUnicast() {
		out = append(out, "may not be in the link-local range (169.254.0.0/16, fe80::/10)")
	}
	if ip.IsLinkLocalMulticast() {
		out = append(out, "may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)")
	}
	return out
}

// ParseCIDRSloppy parses a CIDR value as k8s.io/utils/net ParseCIDRSloppy
// does, the parser of apimachinery's IsValidCIDRForLegacyField while the
// StrictIPCIDRValidation feature gate is off (its default in v1.35): as
// netip.ParsePrefix, but an IPv4 octet (also the dotted tail of an IPv6
// address) and the prefix length may have leading zeros, read as decimal.
// The address keeps its host bits.
func ParseCIDRSloppy(s string) (netip.Prefix, bool) {
	addr, bits, ok := strings.Cut(s, "/")
	if !ok {
		return netip.Prefix{}, false
	}
	p, err := netip.ParsePrefix(unpadOctets(addr) + "/" + trimZeros(bits))
	return p, err == nil
}

// ParseAddrSloppy parses an IP address as k8s.io/utils/net ParseIPSloppy
// does, the parser of apimachinery's IsValidIPForLegacyField while
// StrictIPCIDRValidation is off: as netip.ParseAddr, but an IPv4 octet
// (also the dotted tail of an IPv6 address) may have leading zeros, read
// as decimal; an address with a zone does not parse; an IPv4-mapped IPv6
// address is the IPv4 address, as a net.IP holding it is (To4).
func ParseAddrSloppy(s string) (netip.Addr, bool) {
	ip, err := netip.ParseAddr(unpadOctets(s))
	return ip.Unmap(), err == nil && ip.Zone() == ""
}

// unpadOctets drops the leading zeros of the octets of an IPv4 address, or
// of the dotted tail of an IPv6 one; other text is returned as it is.
func unpadOctets(addr string) string {
	head, tail := "", addr
	if i := strings.LastIndexByte(addr, ':'); i >= 0 {
		head, tail = addr[:i+1], addr[i+1:]
	}
	if !strings.Contains(tail, ".") {
		return addr
	}
	octets := strings.Split(tail, ".")
	for i, o := range octets {
		octets[i] = trimZeros(o)
	}
	return head + strings.Join(octets, ".")
}

// trimZeros drops the leading zeros of a decimal number, keeping one digit.
func trimZeros(d string) string {
	for len(d) > 1 && d[0] == '0' && d[1] >= '0' && d[1] <= '9' {
		d = d[1:]
	}
	return d
}
