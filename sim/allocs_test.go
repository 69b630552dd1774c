package sim

import (
	"net/netip"
	"testing"
	"time"
)

// The hot paths of the core do not allocate: name and IP lookups, IP
// arithmetic, the queue.
func TestHotPathAllocs(t *testing.T) {
	c := mustNew(t, Config{Seed: 1, TraceLimit: -1})
	must(t, c.CreateDeployment(webDeployment(6, time.Second)))
	settleCheck(t, c)
	p := podsOf(c)[3]
	for name, f := range map[string]func(){
		"lookupPod": func() {
			if _, ok := c.lookupPod("default", p.Name); !ok {
				t.Fatal("not found")
			}
		},
		"podAtIP": func() {
			if _, _, _, ok := c.podAtIP(p.IP); !ok {
				t.Fatal("not found")
			}
		},
		"podIPKey": func() { c.podIPKey(p.IP) },
		"queue": func() {
			c.schedule(0, tkProxySync, 0, 0)
			c.schedule(time.Second, tkProxySync, 0, 0)
			c.q.Next(c.now, c.now+int64(time.Hour))
			c.q.Next(c.now, c.now+int64(time.Hour))
		},
	} {
		// podAtIP returns the "namespace/name" string it builds: one
		// allocation is its result.
		limit := 0.0
		if name == "podAtIP" {
			limit = 1
		}
		if n := testing.AllocsPerRun(100, f); n > limit {
			t.Errorf("%s: %v allocations", name, n)
		}
	}
}

// Handing out freed load-balancer addresses, which every Service update
// and deletion does, costs nothing when nothing waits.
func TestAssignPendingLBAllocs(t *testing.T) {
	for _, classes := range []map[string]netip.Prefix{nil, {"b.example/lb": netip.MustParsePrefix("192.0.2.0/28"), "a.example/lb": netip.MustParsePrefix("198.51.100.0/28")}} {
		c := mustNew(t, Config{Seed: 1, LoadBalancerClassPools: classes})
		if n := testing.AllocsPerRun(100, c.assignPendingLB); n != 0 {
			t.Errorf("%d class pools: assignPendingLB made %v allocations", len(classes), n)
		}
	}
}
