package proxy

import (
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"testing"

	"pgregory.net/rapid"

	"github.com/svcsim/svcsim/service"
)

func genEndpoint(t *rapid.T, i int) Backend {
	var ip netip.Addr
	switch rapid.IntRange(0, 9).Draw(t, "kind") {
	case 0:
		ip = netip.AddrFrom16([16]byte{0xfd, 15: byte(rapid.IntRange(0, 12).Draw(t, "v6"))})
	case 1:
		ip = netip.AddrFrom16(netip.AddrFrom4([4]byte{10, 0, 0, byte(rapid.IntRange(0, 12).Draw(t, "4in6"))}).As16())
	case 2:
		ip = netip.MustParseAddr("fe80::1").WithZone(rapid.SampledFrom([]string{"eth0", "eth1"}).Draw(t, "zone"))
	case 3:
		// invalid: skipped
	default:
		ip = netip.AddrFrom4([4]byte{10, 0, byte(rapid.IntRange(0, 1).Draw(t, "c")), byte(rapid.IntRange(0, 120).Draw(t, "d"))})
	}
	return Backend{IP: ip, Port: int32(rapid.SampledFrom([]int{8, 80, 8080, 9, 65535, 70000}).Draw(t, "port")),
		Node:  rapid.SampledFrom([]string{"", "node-1", "node-2", "node-3", "node-4", "node-10"}).Draw(t, "node"),
		Pod:   "default/p-" + strconv.Itoa(i),
		Ready: rapid.Bool().Draw(t, "ready"), Serving: rapid.Bool().Draw(t, "serving"), Terminating: rapid.Bool().Draw(t, "terminating")}
}

// TestCompileAgainstNaive reprograms one port in place with random endpoint
// lists (IPv4, IPv6, IPv4-mapped, zoned, invalid addresses; truncated ports;
// every condition combination; nodes known, unknown and empty) and requires
// the Cluster and every node's Local policy set, their fallback flags and
// the health-checked nodes to equal naiveCompile's (string sort, map of
// sets).
func TestCompileAgainstNaive(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		tb := newTable(1, 3)
		sp := &svcPort{local: rapid.Bool().Draw(t, "local")}
		for round := range rapid.IntRange(1, 4).Draw(t, "rounds") {
			var in []Backend
			for i := range rapid.IntRange(0, 40).Draw(t, "n") {
				in = append(in, genEndpoint(t, 100*round+i))
			}
			if rapid.Bool().Draw(t, "sorted") {
				SortBackends(in) // the endpoints controller's usual order
			}
			want := naiveCompile(in)
			tb.compilePort(sp, in)
			got := tb.clusterBackends(sp, "")
			_, fb := sp.clusterSet()
			if !slices.Equal(got, want.cluster) || fb != want.clusterFallback {
				t.Fatalf("round %d cluster = %v %v\nwant %v %v", round, got, fb, want.cluster, want.clusterFallback)
			}
			if !sp.local {
				continue
			}
			for _, n := range []string{"", "node-1", "node-2", "node-3", "node-4", "node-10", "node-9"} {
				got := tb.localBackends(sp, n)
				id, _ := tb.nodeID(n)
				_, _, fb := sp.localSet(id)
				if w := want.localSets[n]; !slices.Equal(got, w.eps) || fb != w.fallback {
					t.Fatalf("round %d local %q = %v %v\nwant %v %v", round, n, got, fb, w.eps, w.fallback)
				}
			}
			var lb []string
			for _, id := range sp.lbNodes() {
				lb = append(lb, tb.nodes.Key(id))
			}
			if !slices.Equal(lb, want.lbNodes) {
				t.Fatalf("round %d lbNodes = %v, want %v", round, lb, want.lbNodes)
			}
		}
	})
}

// TestKey4Order checks the IPv4 key against the formatted strings at the
// boundaries of octet and port widths.
func TestKey4Order(t *testing.T) {
	octets := []byte{0, 1, 2, 9, 10, 11, 19, 20, 25, 99, 100, 101, 199, 200, 250, 255}
	ports := []uint16{0, 1, 8, 9, 10, 80, 99, 100, 808, 8080, 9999, 10000, 65535}
	var aps []netip.AddrPort
	for _, o := range octets {
		for _, p := range ports {
			aps = append(aps, netip.AddrPortFrom(netip.AddrFrom4([4]byte{10, o, 1, o}), p),
				netip.AddrPortFrom(netip.AddrFrom4([4]byte{o, 0, o, 255}), p))
		}
	}
	for _, a := range aps {
		for _, b := range aps {
			a0, a1 := key4(a.Addr().As4(), a.Port(), 0)
			b0, b1 := key4(b.Addr().As4(), b.Port(), 0)
			want := strings.Compare(a.String(), b.String())
			if got := slices.Compare([]uint64{a0, a1}, []uint64{b0, b1}); got != want {
				t.Fatalf("key4(%v) vs key4(%v) = %d, strings %d", a, b, got, want)
			}
		}
	}
}

// TestProgramTakesBackAddress: a Service whose ClusterIP another Service
// took gets it back when it is reprogrammed, even with nothing else
// changed; removing the other one leaves it alone.
func TestProgramTakesBackAddress(t *testing.T) {
	tb := newTable(1, 3)
	a := webSvc()
	b := webSvc()
	b.Name = "other"
	tb.Program(&a, [][]Backend{{readyBE(1, 1)}})
	tb.Program(&b, [][]Backend{{readyBE(2, 1)}})
	if d, _ := tb.Route(podReq(1, ap(vip, 80))); d.Service != "default/other" {
		t.Fatalf("after other: %s", d.Service)
	}
	tb.Program(&a, [][]Backend{{readyBE(1, 1)}})
	if d, _ := tb.Route(podReq(1, ap(vip, 80))); d.Service != "default/web" || d.Backend != readyBE(1, 1) {
		t.Fatalf("after reprogramming web: %s %v", d.Service, d.Backend)
	}
	tb.Remove("default", "other")
	for _, dst := range []netip.AddrPort{ap(vip, 80), ap(nodeIP(2), 30080), ap(lbIP, 80)} {
		if d, err := tb.Route(podReq(1, dst)); err != nil || d.Service != "default/web" {
			t.Fatalf("%v after removing other: %s %v", dst, d.Service, err)
		}
	}
}

// TestProgramSmallListAllocs: a small endpoint list that shrinks and
// grows back (a 3-pod Deployment scaled to 5 and back, a rollout's
// surge) keeps its storage.
func TestProgramSmallListAllocs(t *testing.T) {
	tb := newTable(1, 3)
	svc := webSvc()
	three := []Backend{readyBE(1, 1), readyBE(2, 1), readyBE(3, 1)}
	five := append(slices.Clone(three), readyBE(1, 2), readyBE(2, 2))
	tb.Program(&svc, [][]Backend{five})
	tb.Program(&svc, [][]Backend{three})
	tb.Program(&svc, [][]Backend{five})
	flip := false
	if n := testing.AllocsPerRun(100, func() {
		flip = !flip
		if flip {
			tb.Program(&svc, [][]Backend{three})
		} else {
			tb.Program(&svc, [][]Backend{five})
		}
	}); n != 0 {
		t.Errorf("Program allocates %v", n)
	}
}

// TestProgramAllocs: reprogramming a Service with the same ports and a
// changed endpoint list of unchanged size allocates nothing.
func TestProgramAllocs(t *testing.T) {
	tb := newTable(1, 3)
	svc := webSvc()
	svc.ExternalTrafficPolicy = service.TrafficPolicyLocal
	a := []Backend{readyBE(1, 1), readyBE(2, 1), readyBE(3, 1), be(1, 2, false, true, true)}
	b := []Backend{readyBE(1, 1), readyBE(2, 1), be(3, 1, false, true, true), readyBE(1, 2)}
	tb.Program(&svc, [][]Backend{a})
	tb.Program(&svc, [][]Backend{b})
	flip := false
	if n := testing.AllocsPerRun(100, func() {
		flip = !flip
		if flip {
			tb.Program(&svc, [][]Backend{a})
		} else {
			tb.Program(&svc, [][]Backend{b})
		}
	}); n != 0 {
		t.Errorf("Program allocates %v", n)
	}
}

// TestReadyNodesSorted: after any SetNode/RemoveNode sequence the load
// balancer's node list is exactly the ready nodes, sorted by name.
func TestReadyNodesSorted(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		tb := New(nil, 0)
		ready := map[string]bool{}
		for range rapid.IntRange(0, 40).Draw(t, "ops") {
			name := "node-" + strconv.Itoa(rapid.IntRange(1, 12).Draw(t, "node"))
			if rapid.IntRange(0, 4).Draw(t, "remove") == 0 {
				tb.RemoveNode(name)
				delete(ready, name)
				continue
			}
			r := rapid.Bool().Draw(t, "ready")
			tb.SetNode(name, netip.AddrFrom4([4]byte{172, 18, 0, byte(len(name))}), r)
			ready[name] = r
		}
		var want, got []string
		for n, r := range ready {
			if r {
				want = append(want, n)
			}
		}
		slices.Sort(want)
		for _, n := range tb.readyNodes {
			got = append(got, n.name)
		}
		if !slices.Equal(got, want) {
			t.Fatalf("readyNodes = %v, want %v", got, want)
		}
	})
}
