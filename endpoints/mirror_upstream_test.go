package endpoints

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/service"
)

// renderMirrored prints slices as "type ports [ip host node flag ...]",
// sorted, for the mirroring tables (the controller's slice order is by
// generated name).
func renderMirrored(sl []Slice) []string {
	var out []string
	for _, s := range sl {
		var b strings.Builder
		b.WriteString(string(s.AddressType))
		for _, p := range s.Ports {
			fmt.Fprintf(&b, " %s:%d/%s", p.Name, p.Port, pod.EffectiveProtocol(p.Protocol))
		}
		b.WriteString(" [")
		for i, e := range s.Endpoints {
			if i > 0 {
				b.WriteString(" ")
			}
			c := e.Conditions
			fmt.Fprintf(&b, "%s %s %s %s", e.Addresses[0], e.Hostname, e.NodeName, flags(c.Ready, c.Serving, c.Terminating))
		}
		b.WriteString("]")
		out = append(out, b.String())
	}
	slices.Sort(out)
	return out
}

// mirrorAddr is an Endpoints address with a hostname and a node, as the
// upstream mirroring cases write them.
func mirrorAddr(ip, host, node string) Address {
	return Address{IP: netip.MustParseAddr(ip), Hostname: host, NodeName: node}
}

// TestMirrorUpstreamReconcile ports the cases of kubernetes
// pkg/controller/endpointslicemirroring/reconciler_test.go, TestReconcile,
// that describe what the mirrored slices hold (the others are about
// existing slices, owner references, annotations and metrics). The
// Endpoints go through SetManual, as a user's write through kube-apiserver
// would: its subsets are canonicalised (RepackSubsets, endpointsStrategy
// Canonicalize in pkg/registry/core/endpoint/strategy.go), and the
// mirroring controller repacks them again before mirroring.
func TestMirrorUpstreamReconcile(t *testing.T) {
	http80 := EndpointPort{Name: "http", Port: 80, Protocol: pod.TCP}
	https443 := EndpointPort{Name: "https", Port: 443, Protocol: pod.TCP}
	udp443 := EndpointPort{Name: "https", Port: 443, Protocol: pod.UDP}
	http3000 := EndpointPort{Name: "http", Port: 3000, Protocol: pod.TCP}
	udp3001 := EndpointPort{Name: "https", Port: 3001, Protocol: pod.UDP}
	twoSubsets := func(a1, a2, b1, b2, b3 string) []Subset {
		return []Subset{
			{Ports: []EndpointPort{http80, udp443}, Addresses: []Address{
				mirrorAddr(a1, "pod-1", "node-1"), mirrorAddr(a2, "pod-2", "node-2")}},
			{Ports: []EndpointPort{http3000, udp3001}, Addresses: []Address{
				mirrorAddr(b1, "pod-11", "node-1"), mirrorAddr(b2, "pod-12", "node-2"), mirrorAddr(b3, "pod-13", "node-3")}},
		}
	}
	tests := []struct {
		name    string
		subsets []Subset
		want    []string
	}{
		{"Endpoints with no subsets", nil, nil},
		{"Endpoints with 1 subset, port, and address", []Subset{{Ports: []EndpointPort{http80},
			Addresses: []Address{mirrorAddr("10.0.0.1", "pod-1", "node-1")}}},
			[]string{"IPv4 http:80/TCP [10.0.0.1 pod-1 node-1 RS-]"}},
		{"Endpoints with 2 subset, different port and address", []Subset{
			{Ports: []EndpointPort{http80}, Addresses: []Address{mirrorAddr("10.0.0.1", "pod-1", "node-1")}},
			{Ports: []EndpointPort{https443}, Addresses: []Address{mirrorAddr("10.0.0.2", "pod-2", "node-1")}}},
			[]string{"IPv4 http:80/TCP [10.0.0.1 pod-1 node-1 RS-]", "IPv4 https:443/TCP [10.0.0.2 pod-2 node-1 RS-]"}},
		{"Endpoints with 2 subset, different port and same address", []Subset{
			{Ports: []EndpointPort{http80}, Addresses: []Address{mirrorAddr("10.0.0.1", "pod-1", "node-1")}},
			{Ports: []EndpointPort{https443}, Addresses: []Address{mirrorAddr("10.0.0.1", "pod-1", "node-1")}}},
			[]string{"IPv4 http:80/TCP https:443/TCP [10.0.0.1 pod-1 node-1 RS-]"}},
		{"Endpoints with 2 subset, different address and same port", []Subset{
			{Ports: []EndpointPort{http80}, Addresses: []Address{mirrorAddr("10.0.0.1", "pod-1", "node-1")}},
			{Ports: []EndpointPort{http80}, Addresses: []Address{mirrorAddr("10.0.0.2", "pod-2", "node-1")}}},
			[]string{"IPv4 http:80/TCP [10.0.0.1 pod-1 node-1 RS- 10.0.0.2 pod-2 node-1 RS-]"}},
		{"Endpoints with 1 subset, 2 ports, and 2 addresses", []Subset{{Ports: []EndpointPort{http80, udp443},
			Addresses: []Address{mirrorAddr("10.0.0.1", "pod-1", "node-1"), mirrorAddr("10.0.0.2", "pod-2", "node-2")}}},
			[]string{"IPv4 http:80/TCP https:443/UDP [10.0.0.1 pod-1 node-1 RS- 10.0.0.2 pod-2 node-2 RS-]"}},
		{"Endpoints with 1 subset, 2 ports, and 2 not ready addresses", []Subset{{Ports: []EndpointPort{http80, udp443},
			NotReadyAddresses: []Address{mirrorAddr("10.0.0.1", "pod-1", "node-1"), mirrorAddr("10.0.0.2", "pod-2", "node-2")}}},
			[]string{"IPv4 http:80/TCP https:443/UDP [10.0.0.1 pod-1 node-1 --- 10.0.0.2 pod-2 node-2 ---]"}},
		{"Endpoints with 1 subset, 2 ports, and 2 ready and 2 not ready addresses", []Subset{{Ports: []EndpointPort{http80, udp443},
			Addresses:         []Address{mirrorAddr("10.1.1.1", "pod-11", "node-1"), mirrorAddr("10.1.1.2", "pod-12", "node-2")},
			NotReadyAddresses: []Address{mirrorAddr("10.0.0.1", "pod-1", "node-1"), mirrorAddr("10.0.0.2", "pod-2", "node-2")}}},
			[]string{"IPv4 http:80/TCP https:443/UDP [10.0.0.1 pod-1 node-1 --- 10.0.0.2 pod-2 node-2 --- " +
				"10.1.1.1 pod-11 node-1 RS- 10.1.1.2 pod-12 node-2 RS-]"}},
		{"Endpoints with 2 subsets, multiple ports and addresses",
			twoSubsets("10.0.0.1", "10.0.0.2", "10.0.1.1", "10.0.1.2", "10.0.1.3"),
			[]string{"IPv4 http:3000/TCP https:3001/UDP [10.0.1.1 pod-11 node-1 RS- 10.0.1.2 pod-12 node-2 RS- 10.0.1.3 pod-13 node-3 RS-]",
				"IPv4 http:80/TCP https:443/UDP [10.0.0.1 pod-1 node-1 RS- 10.0.0.2 pod-2 node-2 RS-]"}},
		{"Endpoints with 2 subsets, multiple ports, and dual stack addresses",
			twoSubsets("2001:db8:2222:3333:4444:5555:6666:7777", "10.0.0.2", "10.0.1.1", "10.0.1.2", "2001:db8:3333:4444:5555:6666:7777:8888"),
			[]string{"IPv4 http:3000/TCP https:3001/UDP [10.0.1.1 pod-11 node-1 RS- 10.0.1.2 pod-12 node-2 RS-]",
				"IPv4 http:80/TCP https:443/UDP [10.0.0.2 pod-2 node-2 RS-]",
				"IPv6 http:3000/TCP https:3001/UDP [2001:db8:3333:4444:5555:6666:7777:8888 pod-13 node-3 RS-]",
				"IPv6 http:80/TCP https:443/UDP [2001:db8:2222:3333:4444:5555:6666:7777 pod-1 node-1 RS-]"}},
		{"Endpoints with 2 subsets, multiple ports, ipv6 only addresses",
			twoSubsets("2001:db8:1111:3333:4444:5555:6666:7777", "2001:db8:2222:3333:4444:5555:6666:7777",
				"2001:db8:3333:3333:4444:5555:6666:7777", "2001:db8:4444:3333:4444:5555:6666:7777", "2001:db8:5555:3333:4444:5555:6666:7777"),
			[]string{"IPv6 http:3000/TCP https:3001/UDP [2001:db8:3333:3333:4444:5555:6666:7777 pod-11 node-1 RS- " +
				"2001:db8:4444:3333:4444:5555:6666:7777 pod-12 node-2 RS- 2001:db8:5555:3333:4444:5555:6666:7777 pod-13 node-3 RS-]",
				"IPv6 http:80/TCP https:443/UDP [2001:db8:1111:3333:4444:5555:6666:7777 pod-1 node-1 RS- " +
					"2001:db8:2222:3333:4444:5555:6666:7777 pod-2 node-2 RS-]"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ep := Endpoints{Namespace: "test", Name: "test-ep", Subsets: tt.subsets}
			require.Equal(t, tt.want, renderMirrored(Mirror(ep, "")), "Mirror")
			c := NewController(Options{})
			svc := selectorless("test-ep")
			svc.Namespace = "test"
			c.SetService(svc, nil)
			dirty, err := c.SetManual(ep, "", nil)
			require.NoError(t, err)
			syncAll(c, dirty)
			sl := c.Slices("test", "test-ep")
			require.Equal(t, tt.want, renderMirrored(sl), "Controller")
			for _, s := range sl {
				require.Equal(t, mirroredLabels("test-ep"), s.Labels)
				require.True(t, strings.HasPrefix(s.Name, "test-ep-"), s.Name)
			}
			require.NoError(t, c.CheckManual([]service.Service{svc}))
		})
	}
}

// TestManualCanonicalised: kube-apiserver stores a written Endpoints
// object repacked (endpointsStrategy.Canonicalize, RepackSubsets): subsets
// whose addresses are equal merge their ports, an address both ready and
// not ready for a port is not ready, and a repeated address appears once.
// The object read back is the canonical one; it is not truncated.
func TestManualCanonicalised(t *testing.T) {
	http80 := EndpointPort{Name: "http", Port: 80, Protocol: pod.TCP}
	https443 := EndpointPort{Name: "https", Port: 443, Protocol: pod.TCP}
	in := Endpoints{Namespace: "test", Name: "ext", Subsets: []Subset{
		{Ports: []EndpointPort{http80}, Addresses: []Address{mirrorAddr("10.0.0.1", "a", "node-1")}},
		{Ports: []EndpointPort{https443}, Addresses: []Address{mirrorAddr("10.0.0.1", "a", "node-1")}},
	}}
	c := NewController(Options{})
	svc := selectorless("ext")
	svc.Namespace = "test"
	c.SetService(svc, nil)
	dirty, err := c.SetManual(in, "", nil)
	require.NoError(t, err)
	syncAll(c, dirty)
	got, ok := c.Endpoints("test", "ext")
	require.True(t, ok)
	want := Endpoints{Namespace: "test", Name: "ext", Subsets: []Subset{
		{Ports: []EndpointPort{http80, https443}, Addresses: []Address{mirrorAddr("10.0.0.1", "a", "node-1")}}}}
	require.True(t, EqualEndpoints(want, got), "got %+v", got)

	var big Subset
	big.Ports = []EndpointPort{http80}
	for i := range MaxEndpointsCapacity + 1 {
		big.Addresses = append(big.Addresses, Address{IP: netip.AddrFrom4([4]byte{10, 1, byte(i >> 8), byte(i)})})
	}
	dirty, err = c.SetManual(Endpoints{Namespace: "test", Name: "ext", Subsets: []Subset{big}}, "", nil)
	require.NoError(t, err)
	syncAll(c, dirty)
	got, _ = c.Endpoints("test", "ext")
	require.False(t, got.Truncated)
	require.Len(t, got.Subsets[0].Addresses, MaxEndpointsCapacity+1)
}

// TestMirrorUpstreamAddressToEndpoint ports kubernetes
// pkg/controller/endpointslicemirroring/utils_test.go,
// TestAddressToEndpoint: a mirrored endpoint keeps the address's IP,
// hostname, node and target pod, ready as its list says (svcsim also sets
// serving to the same value, see Mirror).
func TestMirrorUpstreamAddressToEndpoint(t *testing.T) {
	a := Address{IP: netip.MustParseAddr("10.1.2.3"), Hostname: "foo", NodeName: "node-abc", Pod: "default/foo"}
	sl := Mirror(Endpoints{Namespace: "default", Name: "svc", Subsets: []Subset{{Addresses: []Address{a}}}}, "")
	require.Len(t, sl, 1)
	require.Equal(t, []Endpoint{{Addresses: []netip.Addr{a.IP}, Hostname: "foo", NodeName: "node-abc", Pod: "default/foo",
		Conditions: Conditions{Ready: true, Serving: true}}}, sl[0].Endpoints)
}

// TestMirrorUpstreamSkipMirror ports kubernetes
// pkg/controller/endpointslicemirroring/endpointslicemirroring_controller_test.go,
// TestSyncEndpoints "Endpoints with skip label true" and "... false" and
// TestShouldMirror: an Endpoints object labelled
// endpointslice.kubernetes.io/skip-mirror: "true" (SkipMirror) is not
// mirrored, though it is still the Service's Endpoints; clearing the label
// mirrors it.
func TestMirrorUpstreamSkipMirror(t *testing.T) {
	ep := Endpoints{Namespace: "default", Name: "testing-sync-endpoints", Subsets: []Subset{{
		Ports: []EndpointPort{{Port: 80, Protocol: pod.TCP}}, Addresses: []Address{ipAddr("10.0.0.1")}}}}
	for _, skip := range []bool{true, false} {
		t.Run(fmt.Sprintf("Endpoints with skip label %v", skip), func(t *testing.T) {
			e := ep
			e.SkipMirror = skip
			want := 1
			if skip {
				want = 0
			}
			require.Len(t, Mirror(e, ""), want, "Mirror")
			c := NewController(Options{})
			svc := selectorless(e.Name)
			c.SetService(svc, nil)
			dirty, err := c.SetManual(e, "", nil)
			require.NoError(t, err)
			syncAll(c, dirty)
			require.Len(t, c.Slices("default", e.Name), want, "Controller")
			got, ok := c.Endpoints("default", e.Name)
			require.True(t, ok)
			require.Equal(t, skip, got.SkipMirror)
			require.NoError(t, c.CheckManual([]service.Service{svc}))

			e.SkipMirror = !skip
			dirty, err = c.SetManual(e, "", nil)
			require.NoError(t, err)
			require.True(t, syncAll(c, dirty), "toggling the label is a change")
			require.Len(t, c.Slices("default", e.Name), 1-want, "after the label changed")
		})
	}
}
