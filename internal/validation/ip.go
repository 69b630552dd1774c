package validation

import "net/netip"

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
	text := ip.String()
	ip = ip.Unmap()
	var out []string
	if ip.IsUnspecified() {
		out = append(out, "may not be unspecified ("+text+")")
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
