package kubectl

import (
	"net/netip"
	"strconv"
	"strings"
	"testing"

	"pgregory.net/rapid"

	"github.com/svcsim/svcsim/endpoints"
)

// refSliceEndpoints is the obviously-correct reference: flatten every
// address, show the first three, count the rest.
func refSliceEndpoints(eps []endpoints.Endpoint) string {
	var all []string
	for _, e := range eps {
		for _, a := range e.Addresses {
			all = append(all, a.String())
		}
	}
	switch {
	case len(all) == 0:
		return "<unset>"
	case len(all) <= 3:
		return strings.Join(all, ",")
	}
	return strings.Join(all[:3], ",") + " + " + strconv.Itoa(len(all)-3) + " more..."
}

func TestSliceEndpointsMatchesReference(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(0, 8).Draw(t, "endpoints")
		eps := make([]endpoints.Endpoint, n)
		for i := range eps {
			k := rapid.IntRange(0, 3).Draw(t, "addresses")
			for j := range k {
				eps[i].Addresses = append(eps[i].Addresses, netip.AddrFrom4([4]byte{10, 244, byte(i), byte(j)}))
			}
		}
		if got, want := FormatSliceEndpoints(eps), refSliceEndpoints(eps); got != want {
			t.Fatalf("FormatSliceEndpoints = %q, reference %q", got, want)
		}
	})
}

// TestEndpointsCountsEveryReadyAddressPort checks, against a flat
// reference, that the "+ N more..." count is every ready (address, port)
// pair minus the three shown.
func TestEndpointsCountsEveryReadyAddressPort(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		var e endpoints.Endpoints
		var all []string
		for s := range rapid.IntRange(1, 3).Draw(t, "subsets") {
			var ss endpoints.Subset
			for i := range rapid.IntRange(0, 4).Draw(t, "addrs") {
				ss.Addresses = append(ss.Addresses, endpoints.Address{IP: netip.AddrFrom4([4]byte{10, 0, byte(s), byte(i)})})
			}
			for i := range rapid.IntRange(1, 2).Draw(t, "ports") {
				ss.Ports = append(ss.Ports, endpoints.EndpointPort{Port: int32(80 + i)})
			}
			for _, p := range ss.Ports {
				for _, a := range ss.Addresses {
					all = append(all, netip.AddrPortFrom(a.IP, uint16(p.Port)).String())
				}
			}
			e.Subsets = append(e.Subsets, ss)
		}
		want := strings.Join(all, ",")
		if len(all) > 3 {
			want = strings.Join(all[:3], ",") + " + " + strconv.Itoa(len(all)-3) + " more..."
		}
		if got := FormatEndpoints(e); got != want {
			t.Fatalf("FormatEndpoints = %q, reference %q", got, want)
		}
	})
}
