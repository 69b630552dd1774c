package endpoints

import (
	"cmp"
	"fmt"
	"net/netip"
	"strings"
	"testing"

	"pgregory.net/rapid"

	"github.com/svcsim/svcsim/pod"
)

func addr(ip, pod string) Address { return Address{IP: netip.MustParseAddr(ip), Pod: pod} }

var (
	p80  = EndpointPort{Name: "a", Port: 80, Protocol: "TCP"}
	p443 = EndpointPort{Name: "b", Port: 443, Protocol: "TCP"}
)

// TestRepack follows upstream's TestPackSubsets (pkg/api/v1/endpoints/util_test.go).
func TestRepack(t *testing.T) {
	tests := []struct {
		name     string
		portless bool
		in       []contrib
		want     string
	}{
		{"empty", false, nil, ""},
		{"no ports, not portless: nothing", false, []contrib{{addr: addr("1.2.3.4", "a"), ready: true}}, ""},
		{"portless keeps a subset without ports", true, []contrib{{addr: addr("1.2.3.4", "a"), ready: true}}, "subset +a; "},
		{"same address twice: not ready wins", false, []contrib{
			{addr: addr("1.2.3.4", "a"), ready: true, ports: []EndpointPort{p80}},
			{addr: addr("1.2.3.4", "a"), ready: false, ports: []EndpointPort{p80}}}, "subset a:80/TCP -a; "},
		{"same IP, other pod: distinct addresses", false, []contrib{
			{addr: addr("1.2.3.4", "a"), ready: true, ports: []EndpointPort{p80}},
			{addr: addr("1.2.3.4", "b"), ready: true, ports: []EndpointPort{p80}}}, "subset a:80/TCP +a +b; "},
		{"ports with identical address sets merge", false, []contrib{
			{addr: addr("1.2.3.4", "a"), ready: true, ports: []EndpointPort{p80}},
			{addr: addr("1.2.3.4", "a"), ready: true, ports: []EndpointPort{p443}}}, "subset a:80/TCP b:443/TCP +a; "},
		{"ports with different address sets split", false, []contrib{
			{addr: addr("1.2.3.4", "a"), ready: true, ports: []EndpointPort{p80, p443}},
			{addr: addr("1.2.3.5", "b"), ready: true, ports: []EndpointPort{p80}}}, "subset a:80/TCP +a +b; subset b:443/TCP +a; "},
		{"readiness differs per port: split", false, []contrib{
			{addr: addr("1.2.3.4", "a"), ready: true, ports: []EndpointPort{p80}},
			{addr: addr("1.2.3.4", "a"), ready: false, ports: []EndpointPort{p443}}}, "subset a:80/TCP +a; subset b:443/TCP -a; "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, f := range []func(string, string, bool, []contrib) Endpoints{buildEndpoints, repack} {
				if got := render(f("default", "web", tt.portless, tt.in), nil); got != tt.want {
					t.Errorf("got  %q\nwant %q", got, tt.want)
				}
			}
		})
	}
}

func manyContribs(ready, notReady int, ports []EndpointPort) []contrib {
	return manyContribsAt(0, ready, notReady, ports)
}

func manyContribsAt(net byte, ready, notReady int, ports []EndpointPort) []contrib {
	var out []contrib
	for i := range ready + notReady {
		out = append(out, contrib{addr: Address{IP: netip.AddrFrom4([4]byte{10, net, byte(i >> 8), byte(i)}), Pod: fmt.Sprint(net, "-", i)},
			ready: i < ready, ports: ports})
	}
	return out
}

func counts(ep Endpoints) (ready, notReady []int) {
	for _, s := range ep.Subsets {
		ready = append(ready, len(s.Addresses))
		notReady = append(notReady, len(s.NotReadyAddresses))
	}
	return
}

// TestTruncate follows truncateEndpoints (endpoints_controller.go): 1000
// addresses at most, ready ones first, split across subsets in proportion.
func TestTruncate(t *testing.T) {
	tests := []struct {
		name            string
		in              []contrib
		ready, notReady string
		truncated       bool
	}{
		{"at capacity", manyContribs(1000, 0, []EndpointPort{p80}), "[1000]", "[0]", false},
		{"one ready too many", manyContribs(1001, 0, []EndpointPort{p80}), "[1000]", "[0]", true},
		{"not ready trimmed first", manyContribs(900, 200, []EndpointPort{p80}), "[900]", "[100]", true},
		{"too many ready: not ready dropped", manyContribs(1100, 50, []EndpointPort{p80}), "[1000]", "[0]", true},
		{"proportional across subsets", append(manyContribs(600, 0, []EndpointPort{p80}),
			manyContribsAt(1, 600, 0, []EndpointPort{p443})...), "[500 500]", "[0 0]", true},
		{"ceil share, last subset clipped", append(manyContribs(700, 0, []EndpointPort{p80}),
			manyContribsAt(1, 401, 0, []EndpointPort{p443})...), "[636 364]", "[0 0]", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ep := buildEndpoints("default", "web", false, tt.in)
			r, n := counts(ep)
			if fmt.Sprint(r) != tt.ready || fmt.Sprint(n) != tt.notReady || ep.Truncated != tt.truncated {
				t.Errorf("got ready %v notReady %v truncated %v; want %s %s %v", r, n, ep.Truncated, tt.ready, tt.notReady, tt.truncated)
			}
		})
	}
}

// TestBuildEndpointsFastPath: the single-subset fast path equals the
// general RepackSubsets on contributions sharing their ports.
func TestBuildEndpointsFastPath(t *testing.T) {
	ips := []string{"10.0.0.9", "10.0.0.10", "10.0.0.1", "fd00::1", "10.0.0.100", "10.0.1.0", "9.0.0.1", "100.0.0.0"}
	rapid.Check(t, func(t *rapid.T) {
		ports := rapid.SampledFrom([][]EndpointPort{nil, {p80}, {p443, p80}}).Draw(t, "ports")
		portless := rapid.Bool().Draw(t, "portless")
		n := rapid.IntRange(0, 8).Draw(t, "n")
		var in []contrib
		for range n {
			in = append(in, contrib{addr: Address{IP: netip.MustParseAddr(rapid.SampledFrom(ips).Draw(t, "ip")),
				Pod: fmt.Sprint("p", rapid.IntRange(0, 3).Draw(t, "pod")), NodeName: "n"}, ready: rapid.Bool().Draw(t, "ready"), ports: ports})
		}
		fast, slow := buildEndpoints("d", "w", portless, in), repack("d", "w", portless, in)
		if !EqualEndpoints(fast, slow) {
			t.Fatalf("fast %+v\nslow %+v", fast, slow)
		}
	})
}

// TestCanonicalFastPath: a lone subset canonicalSubsets returns as is
// (isCanonical) equals its general repacking.
func TestCanonicalFastPath(t *testing.T) {
	ips := []string{"10.0.0.9", "10.0.0.10", "fd00::1"}
	rapid.Check(t, func(t *rapid.T) {
		var ss Subset
		for range rapid.IntRange(0, 2).Draw(t, "ports") {
			ss.Ports = append(ss.Ports, EndpointPort{Name: rapid.SampledFrom([]string{"a", "b"}).Draw(t, "name"),
				Port: 80, Protocol: rapid.SampledFrom([]pod.Protocol{"", pod.TCP}).Draw(t, "proto")})
		}
		for range rapid.IntRange(1, 4).Draw(t, "addrs") {
			a := Address{IP: netip.MustParseAddr(rapid.SampledFrom(ips).Draw(t, "ip")), Pod: rapid.SampledFrom([]string{"", "p"}).Draw(t, "pod")}
			if rapid.Bool().Draw(t, "ready") {
				ss.Addresses = append(ss.Addresses, a)
			} else {
				ss.NotReadyAddresses = append(ss.NotReadyAddresses, a)
			}
		}
		if !isCanonical(ss) {
			return
		}
		var contribs []contrib
		ports := ss.Ports
		if len(ports) == 0 {
			ports = []EndpointPort{sentinelPort}
		}
		for _, a := range ss.Addresses {
			contribs = append(contribs, contrib{addr: a, ready: true, ports: ports})
		}
		for _, a := range ss.NotReadyAddresses {
			contribs = append(contribs, contrib{addr: a, ready: false, ports: ports})
		}
		fast := Endpoints{Subsets: canonicalSubsets([]Subset{ss})}
		slow := Endpoints{Subsets: repackSubsets(false, contribs)}
		if !EqualEndpoints(fast, slow) {
			t.Fatalf("fast %+v\nslow %+v", fast, slow)
		}
	})
}

// TestCompareAddrString: addresses order as a byte-wise compare of their
// text, the IPv4 ones by textOrder4 without rendering it: every pair of
// values of one octet, and random addresses of both families.
func TestCompareAddrString(t *testing.T) {
	sign := func(n int) int { return min(max(n, -1), 1) }
	for pos := range 4 {
		for x := range 256 {
			for y := range 256 {
				a, b := [4]byte{10, 1, 2, 3}, [4]byte{10, 1, 2, 3}
				a[pos], b[pos] = byte(x), byte(y)
				ia, ib := netip.AddrFrom4(a), netip.AddrFrom4(b)
				want := strings.Compare(ia.String(), ib.String())
				if got := compareAddrString(ia, ib); sign(got) != want {
					t.Fatalf("compareAddrString(%s, %s) = %d, want %d", ia, ib, got, want)
				}
				if got := cmp.Compare(textOrder4(ia), textOrder4(ib)); got != want {
					t.Fatalf("textOrder4 orders %s and %s %d, want %d", ia, ib, got, want)
				}
			}
		}
	}
	rapid.Check(t, func(t *rapid.T) {
		ip := func(label string) netip.Addr {
			if rapid.IntRange(0, 4).Draw(t, label+"-family") == 0 {
				return netip.AddrFrom16([16]byte(rapid.SliceOfN(rapid.Byte(), 16, 16).Draw(t, label)))
			}
			return netip.AddrFrom4([4]byte(rapid.SliceOfN(rapid.Byte(), 4, 4).Draw(t, label)))
		}
		a, b := ip("a"), ip("b")
		if got, want := compareAddrString(a, b), strings.Compare(a.String(), b.String()); sign(got) != want {
			t.Fatalf("compareAddrString(%s, %s) = %d, want %d", a, b, got, want)
		}
	})
}

// An address given twice under one (IP, pod) key, with different
// hostnames, for two ports: the first occurrence is the address for every
// port (upstream's RepackSubsets keeps one EndpointAddress per key, the
// first met, in pkg/api/v1/endpoints/util.go mapAddressByPort), whatever
// order the ports are grouped in.
func TestRepackFirstAddressWins(t *testing.T) {
	first, second := addr("10.0.0.2", "default/b"), addr("10.0.0.2", "default/b")
	first.Hostname = "h"
	in := []Subset{
		{NotReadyAddresses: []Address{first}, Ports: []EndpointPort{p80}},
		{NotReadyAddresses: []Address{second}, Ports: []EndpointPort{p443}},
	}
	for range 50 { // the ports were grouped in map order
		got := canonicalSubsets(in)
		if len(got) != 1 || len(got[0].NotReadyAddresses) != 1 || got[0].NotReadyAddresses[0].Hostname != "h" {
			t.Fatalf("canonicalSubsets(%+v) = %+v, want one subset of both ports with the first address (hostname h)", in, got)
		}
	}
}
