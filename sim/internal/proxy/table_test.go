package proxy

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"pgregory.net/rapid"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/service"
)

func TestSortBackends(t *testing.T) {
	bs := []Backend{
		{IP: netip.MustParseAddr("10.0.0.9"), Port: 80},
		{IP: netip.MustParseAddr("10.0.0.10"), Port: 80},
		{IP: netip.MustParseAddr("10.0.0.10"), Port: 8080},
		{IP: netip.MustParseAddr("10.0.0.1"), Port: 9},
	}
	SortBackends(bs)
	var got []string
	for _, b := range bs {
		got = append(got, endpointString(b))
	}
	// Byte-wise: '0' (0x30) sorts before ':' (0x3a), so "10.0.0.10:80" <
	// "10.0.0.10:8080" < "10.0.0.1:9" < "10.0.0.9:80".
	want := []string{"10.0.0.10:80", "10.0.0.10:8080", "10.0.0.1:9", "10.0.0.9:80"}
	if !slices.Equal(got, want) {
		t.Errorf("order %q, want %q", got, want)
	}
	if s := endpointString(Backend{IP: netip.MustParseAddr("fd00::1"), Port: 80}); s != "[fd00::1]:80" {
		t.Errorf("IPv6 endpoint string %q", s)
	}
}

func TestProbability(t *testing.T) {
	tests := []struct {
		i, n int
		want string
	}{{0, 3, "0.3333333333"}, {1, 3, "0.5000000000"}, {2, 3, ""}, {0, 1, ""}, {0, 2, "0.5000000000"}, {0, 4, "0.2500000000"}}
	for _, tc := range tests {
		if got := Probability(tc.i, tc.n); got != tc.want {
			t.Errorf("Probability(%d, %d) = %q, want %q", tc.i, tc.n, got, tc.want)
		}
	}
}

func TestCategorize(t *testing.T) {
	ready1, term2, notServing3 := readyBE(1, 1), be(2, 1, false, true, true), be(3, 1, false, false, true)
	tests := []struct {
		name     string
		in       []Backend
		node     string
		want     []Backend
		fallback bool
	}{
		{"ready only", []Backend{ready1, term2}, "", []Backend{ready1}, false},
		{"terminating fallback", []Backend{term2, notServing3}, "", []Backend{term2}, true},
		{"nothing usable", []Backend{notServing3, be(1, 2, false, false, false)}, "", nil, false},
		{"local ready", []Backend{ready1, term2}, "node-1", []Backend{ready1}, false},
		{"local fallback while ready elsewhere", []Backend{ready1, term2}, "node-2", []Backend{term2}, true},
		{"local none", []Backend{ready1}, "node-3", nil, false},
	}
	for _, tc := range tests {
		got, fb := categorize(tc.in, tc.node)
		if !slices.Equal(got, tc.want) || fb != tc.fallback {
			t.Errorf("%s: categorize = %v, %v; want %v, %v", tc.name, got, fb, tc.want, tc.fallback)
		}
	}
}

// TestUniform checks that the choice among 3 ready endpoints is uniform:
// Pearson's chi-square over 30000 draws with 2 degrees of freedom stays
// under 13.8 (p = 0.001), for several seeds.
func TestUniform(t *testing.T) {
	for seed := uint64(1); seed <= 5; seed++ {
		tb := newTable(seed, 3)
		tb.Program(new(webSvc()), [][]Backend{{readyBE(1, 1), readyBE(2, 1), readyBE(3, 1)}})
		counts := map[netip.Addr]int{}
		const n = 30000
		for i := 0; i < n; i++ {
			d, err := tb.Route(podReq(1, ap(vip, 80)))
			if err != nil {
				t.Fatal(err)
			}
			counts[d.Backend.IP]++
		}
		chi := 0.0
		for _, c := range counts {
			e := float64(n) / 3
			chi += (float64(c) - e) * (float64(c) - e) / e
		}
		if len(counts) != 3 || chi > 13.8 {
			t.Errorf("seed %d: counts %v, chi-square %.2f", seed, counts, chi)
		}
	}
}

// TestCascadeEquivalence checks the documented claim that iptables' rule
// cascade with probabilities 1/(n−i) gives every endpoint 1/n.
func TestCascadeEquivalence(t *testing.T) {
	for n := 1; n <= 12; n++ {
		left := 1.0
		for i := 0; i < n; i++ {
			p := 1.0
			if i < n-1 {
				p = 1 / float64(n-i)
			}
			if got := left * p; math.Abs(got-1/float64(n)) > 1e-12 {
				t.Fatalf("n=%d rule %d: P = %v, want %v", n, i, got, 1/float64(n))
			}
			left *= 1 - p
		}
	}
}

func TestProgramReplacesAndRemoves(t *testing.T) {
	tb := newTable(1, 2)
	svc := webSvc()
	tb.Program(&svc, [][]Backend{{readyBE(1, 1)}})
	svc.Ports[0].Port, svc.Ports[0].NodePort = 81, 30081
	tb.Program(&svc, [][]Backend{{readyBE(1, 1)}})
	for _, dst := range []netip.AddrPort{ap(vip, 80), ap(nodeIP(1), 30080), ap(lbIP, 80)} {
		if _, err := tb.Route(podReq(1, dst)); !errors.Is(err, ErrNoRule) {
			t.Errorf("old rule %v still there: %v", dst, err)
		}
	}
	for _, dst := range []netip.AddrPort{ap(vip, 81), ap(nodeIP(1), 30081), ap(lbIP, 81)} {
		if _, err := tb.Route(podReq(1, dst)); err != nil {
			t.Errorf("new rule %v: %v", dst, err)
		}
	}
	// Fewer backend lists than ports: the missing ones have no endpoints.
	svc.Ports = append(svc.Ports, service.Port{Name: "dns", Protocol: pod.UDP, Port: 53})
	tb.Program(&svc, [][]Backend{{readyBE(1, 1)}})
	if _, err := tb.Route(Request{Src: outside, SrcNode: "node-1", Dst: ap(vip, 53), Protocol: pod.UDP}); !errors.Is(err, ErrRejected) {
		t.Errorf("port without backends: %v", err)
	}
	tb.Remove("", "web") // "" is default
	tb.Remove("default", "nothing")
	if _, err := tb.Route(podReq(1, ap(vip, 81))); !errors.Is(err, ErrNoRule) {
		t.Errorf("after Remove: %v", err)
	}
	// Headless and ExternalName Services have no rules.
	tb.Program(&service.Service{Namespace: "default", Name: "h", Headless: true, Ports: svc.Ports}, [][]Backend{{readyBE(1, 1)}})
	tb.Program(&service.Service{Namespace: "default", Name: "e", Type: service.ExternalName, ExternalName: "example.com"}, nil)
	if tb.vips.Len() != 0 || len(tb.nodePorts) != 0 {
		t.Errorf("headless/ExternalName installed rules: %v %v", tb.vips, tb.nodePorts)
	}
	// The caller may reuse its slices.
	bs := []Backend{readyBE(1, 1)}
	tb.Program(new(webSvc()), [][]Backend{bs})
	bs[0].IP = netip.MustParseAddr("10.0.0.1")
	if d, _ := tb.Route(podReq(1, ap(vip, 80))); d.Backend.IP != readyBE(1, 1).IP {
		t.Error("table kept the caller's slice")
	}
}

func TestDeterminism(t *testing.T) {
	run := func() []string {
		tb := newTable(42, 3)
		svc := webSvc()
		svc.SessionAffinity = service.SessionAffinityClientIP
		tb.Program(&svc, [][]Backend{{readyBE(1, 1), readyBE(2, 1), readyBE(3, 1), readyBE(3, 2)}})
		var out []string
		for i := 0; i < 200; i++ {
			req := extReq(ap(lbIP, 80))
			req.Src = netip.AddrFrom4([4]byte{198, 51, 100, byte(i % 7)})
			req.Now = t0.Add(time.Duration(i) * time.Minute)
			d, err := tb.Route(req)
			out = append(out, strings.Join(d.AppendPath(nil, err), " | "))
		}
		return out
	}
	if a, b := run(), run(); !slices.Equal(a, b) {
		t.Fatal("same seed, same calls, different decisions")
	}
}

func TestPath(t *testing.T) {
	tb := newTable(5, 3)
	tb.Program(new(webSvc()), [][]Backend{{readyBE(1, 1), readyBE(2, 1), readyBE(3, 1)}})
	path := func(req Request) string {
		d, err := tb.Route(req)
		return strings.Join(d.AppendPath(nil, err), "\n")
	}
	got := path(podReq(1, ap(vip, 80)))
	if !strings.HasPrefix(got, "node-1 kube-proxy: DNAT 10.96.0.10:80 → 10.244.") || !strings.HasSuffix(got, " of 3 ready endpoints, random)") {
		t.Errorf("ClusterIP path %q", got)
	}
	got = path(extReq(ap(nodeIP(2), 30080)))
	if !strings.Contains(got, "node-2 kube-proxy: SNAT to node IP 172.18.0.3 (externalTrafficPolicy=Cluster)") {
		t.Errorf("NodePort path %q", got)
	}
	got = path(extReq(ap(lbIP, 80)))
	if !strings.HasPrefix(got, "load balancer 203.0.113.1:80 → node-") || !strings.Contains(got, " of 3 ready nodes, random)") {
		t.Errorf("LB path %q", got)
	}
	if got := path(extReq(ap(vip, 80))); got != "network: 10.96.0.10:80 is ClusterIP of default/web, not routable from outside the cluster: dropped" {
		t.Errorf("ClusterIP from outside: %q", got)
	}
	tb.Program(new(webSvc()), nil)
	if got := path(podReq(3, ap(vip, 80))); got != "node-3 kube-proxy: REJECT 10.96.0.10:80 (default/web has no usable endpoints): connection refused" {
		t.Errorf("reject path %q", got)
	}
	local := webSvc()
	local.ExternalTrafficPolicy = service.TrafficPolicyLocal
	tb.Program(&local, [][]Backend{{readyBE(2, 1)}})
	if got := path(extReq(ap(nodeIP(1), 30080))); got != "node-1 kube-proxy: DROP 172.18.0.2:30080 (default/web externalTrafficPolicy=Local has no local endpoints on node-1)" {
		t.Errorf("drop path %q", got)
	}
	if got := path(extReq(ap(nodeIP(2), 30080))); got != "node-2 kube-proxy: DNAT 172.18.0.3:30080 → 10.244.2.1:8080 (1 of 1 local ready endpoints on node-2)" {
		t.Errorf("local path %q", got)
	}
}

// TestRouteAllocs guards the hot path: Route allocates nothing, with or
// without session affinity (once the entry exists).
func TestRouteAllocs(t *testing.T) {
	tb := newTable(1, 3)
	svc := webSvc()
	tb.Program(&svc, [][]Backend{{readyBE(1, 1), readyBE(2, 1), readyBE(3, 1)}})
	aff := svc
	aff.Name, aff.ClusterIP, aff.SessionAffinity = "sticky", netip.MustParseAddr("10.96.0.11"), service.SessionAffinityClientIP
	aff.Ports = []service.Port{{Name: "http", Protocol: pod.TCP, Port: 80, NodePort: 30081}}
	aff.LoadBalancerIP = netip.MustParseAddr("203.0.113.2")
	tb.Program(&aff, [][]Backend{{readyBE(1, 1), readyBE(2, 1), readyBE(3, 1)}})
	reqs := []Request{podReq(1, ap(vip, 80)), extReq(ap(nodeIP(2), 30080)), extReq(ap(lbIP, 80)), podReq(1, ap(aff.ClusterIP, 80))}
	for _, req := range reqs {
		tb.Route(req)
		if n := testing.AllocsPerRun(100, func() { tb.Route(req) }); n != 0 {
			t.Errorf("Route(%v) allocates %v", req.Dst, n)
		}
	}
}

// TestSortBackendsAgainstStrings compares SortBackends with sorting by the
// formatted strings, on random IPv4/IPv6 endpoints.
func TestSortBackendsAgainstStrings(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(0, 30).Draw(t, "n")
		bs := make([]Backend, n)
		for i := range bs {
			var ip netip.Addr
			if rapid.Bool().Draw(t, "v6") {
				ip = netip.AddrFrom16([16]byte{0xfd, 15: byte(rapid.IntRange(0, 20).Draw(t, "b"))})
			} else {
				ip = netip.AddrFrom4([4]byte{10, 0, byte(rapid.IntRange(0, 2).Draw(t, "c")), byte(rapid.IntRange(0, 120).Draw(t, "d"))})
			}
			bs[i] = Backend{IP: ip, Port: int32(rapid.SampledFrom([]int{8, 80, 8080, 9}).Draw(t, "port")), Pod: strconv.Itoa(i)}
		}
		want := slices.Clone(bs)
		slices.SortStableFunc(want, func(a, b Backend) int { return strings.Compare(endpointString(a), endpointString(b)) })
		SortBackends(bs)
		if !slices.Equal(bs, want) {
			t.Fatalf("SortBackends = %v\nwant %v", bs, want)
		}
	})
}

// TestRoomForNodes: in a table made with room for n nodes, adding n nodes
// grows none of the tables by node (their backing arrays stay, and
// interning the names allocates nothing), within its first blocks (3) or
// past them (5).
func TestRoomForNodes(t *testing.T) {
	for _, k := range []int{firstNodes, firstNodes + 2} {
		tb := New(nil, k)
		byID, ready := cap(tb.nodeByID), cap(tb.readyNodes)
		var names []string
		for i := range k {
			names = append(names, nodeName(i+1))
			tb.SetNode(names[i], netip.AddrFrom4([4]byte{172, 18, 0, byte(2 + i)}), true)
		}
		if len(tb.readyNodes) != k || cap(tb.nodeByID) != byID || cap(tb.readyNodes) != ready {
			t.Errorf("%d nodes in New(nil, %d): capacities %d %d, were %d %d", k, k, cap(tb.nodeByID), cap(tb.readyNodes), byID, ready)
		}
		fresh := New(nil, k)
		if n := testing.AllocsPerRun(1, func() {
			for _, name := range names {
				fresh.nodes.Intern(name)
			}
		}); n != 0 {
			t.Errorf("%d node names in New(nil, %d): %v allocations to intern", k, k, n)
		}
	}
}

// A pod client's node given by the id SetNode returned routes as the node
// found by name; an id that names another node, a removed one or none at
// all is ignored and the name decides.
func TestSrcNodeID(t *testing.T) {
	tables := func() (*Table, []int32) {
		tb := New(rand.New(rand.NewPCG(9, 1)), 0)
		ids := []int32{0}
		for i := 1; i <= 3; i++ {
			ids = append(ids, tb.SetNode(nodeName(i), nodeIP(i), true))
		}
		local := webSvc()
		local.InternalTrafficPolicy = service.TrafficPolicyLocal
		local.SessionAffinity = service.SessionAffinityClientIP
		tb.Program(&local, [][]Backend{{readyBE(1, 1), readyBE(2, 1), readyBE(2, 2)}})
		tb.SetNode("node-4", nodeIP(4), true)
		tb.RemoveNode("node-4")
		return tb, ids
	}
	byName, _ := tables()
	byID, ids := tables()
	for i, id := range []int32{ids[1], ids[2], ids[3], ids[1], 0, ids[3] + 1, 99, -1} {
		src := 1 + i%3 // the id is right for the first three requests only
		req := podReq(src, ap(vip, 80))
		want, wantErr := byName.Route(req)
		req.SrcNodeID = id
		got, err := byID.Route(req)
		got.Req.SrcNodeID = 0
		if got != want || err != wantErr {
			t.Errorf("node-%d with id %d: %+v, %v; by name %+v, %v", src, id, got, err, want, wantErr)
		}
		if i < 3 && got.NodeIP != nodeIP(src) {
			t.Errorf("node-%d with its id %d: handled with node IP %v", src, id, got.NodeIP)
		}
	}
}

// Node names keep their ids as the table grows past the few it scans;
// the empty name is no node.
func TestNodeNamesGrow(t *testing.T) {
	tb := New(rand.New(rand.NewPCG(1, 2)), 0)
	const n = 24
	ids := make([]int32, n)
	for i := range n {
		ids[i] = tb.SetNode(fmt.Sprintf("node-%d", i), netip.AddrFrom4([4]byte{10, 0, 0, byte(i + 1)}), true)
		for j := range i + 1 {
			if id, ok := tb.nodeID(fmt.Sprintf("node-%d", j)); !ok || id != ids[j] || tb.node(fmt.Sprintf("node-%d", j)).id != id {
				t.Fatalf("%d nodes: node-%d has id %d, found %d %v", i+1, j, ids[j], id, ok)
			}
		}
		if _, ok := tb.nodeID(""); ok {
			t.Fatal("the empty name found")
		}
	}
}
