package endpoints

import (
	"fmt"
	"net/netip"
	"testing"
	"unsafe"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/service"
)

// TestCompactSizes guards the per-pod memory: the pod record and the slice
// endpoint must not grow back (BenchmarkFixtureMemory measures the whole).
func TestCompactSizes(t *testing.T) {
	if n := unsafe.Sizeof(podRec{}); n > 112 {
		t.Errorf("podRec is %d bytes, want ≤ 112", n)
	}
	if n := unsafe.Sizeof(sliceEP{}); n > 8 {
		t.Errorf("sliceEP is %d bytes, want ≤ 8", n)
	}
	if n := unsafe.Sizeof(podSlot{}); n > 8 {
		t.Errorf("podSlot is %d bytes, want ≤ 8", n)
	}
}

// TestReadsAsOfLastSync: slice endpoints are materialized from the pod
// records, yet reads show each Service's objects as of its own last Sync
// when a pod's address or node changes in between (one Service synced,
// the other not), for IPv4 and IPv6 addresses.
func TestReadsAsOfLastSync(t *testing.T) {
	for _, tc := range []struct{ from, to string }{
		{"10.0.0.1", "10.0.0.2"}, {"fd00::1", "fd00::2"}, {"10.0.0.1", "fd00::2"},
	} {
		t.Run(tc.from+"→"+tc.to, func(t *testing.T) {
			c := NewController(Options{})
			for _, name := range []string{"web", "web2"} {
				c.SetService(testService(func(s *service.Service) {
					s.Name, s.Headless, s.ClusterIP = name, true, netip.Addr{}
				}), nil)
			}
			p := testPod("p", tc.from, nil)
			c.SetPod(p, nil)
			c.Sync(ServiceKey{"default", "web"})
			c.Sync(ServiceKey{"default", "web2"})
			p.IP, p.NodeName = netip.MustParseAddr(tc.to), "node-2"
			if got := keyNames(c.SetPod(p, nil)); len(got) != 2 {
				t.Fatalf("dirty %v", got)
			}
			show := func(svc string) (netip.Addr, string) {
				b := c.AppendBackends(ServiceKey{"default", svc}, "http", nil)
				if len(b) != 1 {
					t.Fatalf("%s: backends %+v", svc, b)
				}
				sl := c.Slices("default", svc)
				e := sl[0].Endpoints[0]
				if e.Addresses[0] != b[0].IP || e.NodeName != b[0].Node {
					t.Fatalf("%s: slice %+v, backend %+v", svc, e, b[0])
				}
				return b[0].IP, b[0].Node
			}
			old, now := netip.MustParseAddr(tc.from), netip.MustParseAddr(tc.to)
			for _, svc := range []string{"web", "web2"} {
				if ip, node := show(svc); ip != old || node != "node-1" {
					t.Fatalf("%s before Sync: %s on %s, want the old address", svc, ip, node)
				}
			}
			if !c.Sync(ServiceKey{"default", "web"}) {
				t.Fatal("Sync(web) reported no change")
			}
			if ip, node := show("web"); ip != now || node != "node-2" {
				t.Fatalf("web after Sync: %s on %s", ip, node)
			}
			if ip, _ := show("web2"); ip != old {
				t.Fatalf("web2 not synced yet: %s, want %s", ip, old)
			}
			p.IP = netip.MustParseAddr("10.9.9.9") // a second change before web2 syncs
			c.SetPod(p, nil)
			if ip, _ := show("web2"); ip != old {
				t.Fatalf("web2 after a second change: %s, want %s", ip, old)
			}
			if ip, _ := show("web"); ip != now {
				t.Fatalf("web after a second change: %s, want %s", ip, now)
			}
			c.Sync(ServiceKey{"default", "web"})
			c.Sync(ServiceKey{"default", "web2"})
			if len(c.stale) != 0 || c.pod(0).nstale != 0 {
				t.Fatalf("stale entries left: %v", c.stale)
			}
			if err := c.Check([]service.Service{
				testService(func(s *service.Service) { s.Name, s.Headless, s.ClusterIP = "web", true, netip.Addr{} }),
				testService(func(s *service.Service) { s.Name, s.Headless, s.ClusterIP = "web2", true, netip.Addr{} }),
			}, []pod.Pod{p}); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// TestManyPhases: phases past the interned table (absurd input, upstream
// has five) are kept per pod, exactly.
func TestManyPhases(t *testing.T) {
	c := NewController(Options{})
	var pods []pod.Pod
	for i := range 300 {
		p := testPod(fmt.Sprintf("p%d", i), "", func(p *pod.Pod) { p.Phase = pod.Phase(fmt.Sprintf("Phase%d", i)) })
		c.SetPod(p, nil)
		pods = append(pods, p)
	}
	pods[299].Phase = "Phase3"
	c.SetPod(pods[299], nil)
	pods[3].Phase = "Phase299"
	c.SetPod(pods[3], nil)
	if err := c.Check(nil, pods); err != nil {
		t.Fatal(err)
	}
	// "" and Phase0..Phase253 are interned: Phase254..Phase299 overflow, less
	// p299 (now Phase3), plus p3 (now Phase299), less the deleted p298.
	c.DeletePod("default", "p298", nil)
	if _, ok := c.rare.phaseX[podID(298)]; ok || len(c.rare.phaseX) != 45 {
		t.Fatalf("%d overflow phases kept", len(c.rare.phaseX))
	}
}
