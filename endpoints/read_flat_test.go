package endpoints

import (
	"net/netip"
	"slices"
	"testing"

	"github.com/svcsim/svcsim/pod"
)

// FlattenEndpoints lists each subset's ready addresses, then its
// not-ready ones, at every port of the subset, or once with NoPorts;
// FlattenSlices each endpoint's addresses at every port of its slice, or
// once with NoPorts; both after what dst held.
func TestFlatten(t *testing.T) {
	a, b, c := netip.MustParseAddr("10.0.0.1"), netip.MustParseAddr("10.0.0.2"), netip.MustParseAddr("10.0.0.3")
	http := EndpointPort{Name: "http", Port: 8080, Protocol: pod.TCP}
	dns := EndpointPort{Name: "dns", Port: 53, Protocol: pod.UDP}
	kept := FlatEndpoint{Pod: "kept"}
	ep := Endpoints{Subsets: []Subset{
		{Addresses: []Address{{IP: a, Pod: "ns/a"}}, NotReadyAddresses: []Address{{IP: b, Pod: "ns/b"}}, Ports: []EndpointPort{http, dns}},
		{Addresses: []Address{{IP: c, Pod: "ns/c"}}},
	}}
	want := []FlatEndpoint{kept,
		{IP: a, Port: http, Pod: "ns/a", Ready: true}, {IP: a, Port: dns, Pod: "ns/a", Ready: true},
		{IP: b, Port: http, Pod: "ns/b"}, {IP: b, Port: dns, Pod: "ns/b"},
		{IP: c, NoPorts: true, Pod: "ns/c", Ready: true}}
	if got := FlattenEndpoints([]FlatEndpoint{kept}, ep); !slices.Equal(want, got) {
		t.Errorf("FlattenEndpoints:\n got %v\nwant %v", got, want)
	}
	ss := []Slice{
		{Ports: []EndpointPort{http, dns}, Endpoints: []Endpoint{
			{Addresses: []netip.Addr{a}, Conditions: Conditions{Ready: true}, Pod: "ns/a"},
			{Addresses: []netip.Addr{b, c}, Pod: "ns/b"}}},
		{Endpoints: []Endpoint{{Addresses: []netip.Addr{c}, Conditions: Conditions{Ready: true, Serving: true}, Pod: "ns/c"}}},
	}
	want = []FlatEndpoint{kept,
		{IP: a, Port: http, Pod: "ns/a", Ready: true}, {IP: a, Port: dns, Pod: "ns/a", Ready: true},
		{IP: b, Port: http, Pod: "ns/b"}, {IP: b, Port: dns, Pod: "ns/b"},
		{IP: c, Port: http, Pod: "ns/b"}, {IP: c, Port: dns, Pod: "ns/b"},
		{IP: c, NoPorts: true, Pod: "ns/c", Ready: true}}
	if got := FlattenSlices([]FlatEndpoint{kept}, ss); !slices.Equal(want, got) {
		t.Errorf("FlattenSlices:\n got %v\nwant %v", got, want)
	}
}
