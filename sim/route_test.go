package sim

import (
	"net/netip"
	"strconv"
	"testing"
	"time"

	"pgregory.net/rapid"

	"github.com/svcsim/svcsim/service"
)

// Route lands where Connect lands, with the same error, drawing the same
// random numbers: two clusters of one seed, one connecting and one
// routing the same targets (names, addresses, node ports, a load
// balancer, bad targets) through churn, agree call after call and end
// with the same trace.
func TestRouteIsConnect(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		svc := ntService(rapid.SampledFrom([]service.Type{service.ClusterIP, service.NodePort, service.LoadBalancer}).Draw(rt, "type"))
		svc.SessionAffinity = rapid.SampledFrom([]service.SessionAffinity{service.SessionAffinityNone, service.SessionAffinityClientIP}).Draw(rt, "affinity")
		a := ntCluster(t, Config{Seed: 3}, 3, svc)
		b := ntCluster(t, Config{Seed: 3}, 3, svc)
		s, _ := a.Service("default", "web")
		targets := []string{"web:80", "WEB:80", "web.default:80", "web.default.svc.cluster.local.:80", "kubernetes:443",
			"nope:80", "web:81", "web:", "1web:80", s.ClusterIP.String() + ":80", "172.18.0.3:30000", "10.244.1.2:8080"}
		if s.LoadBalancerIP.IsValid() {
			targets = append(targets, s.LoadBalancerIP.String()+":80")
		}
		if np := s.Ports[0].NodePort; np != 0 {
			targets = append(targets, "172.18.0.2:"+strconv.Itoa(int(np)))
		}
		froms := []Client{FromPod("", "client"), FromPod("", "nobody"), External(netip.MustParseAddr("198.51.100.7"))}
		for i := range rapid.IntRange(1, 30).Draw(rt, "calls") {
			switch rapid.IntRange(0, 5).Draw(rt, "churn") {
			case 0:
				must(t, a.Scale("", "web", i%4))
				must(t, b.Scale("", "web", i%4))
			case 1:
				must(t, a.Advance(time.Second))
				must(t, b.Advance(time.Second))
			}
			from := rapid.SampledFrom(froms).Draw(rt, "from")
			target := rapid.SampledFrom(targets).Draw(rt, "target")
			conn, cerr := a.Connect(from, target)
			got, rerr := b.Route(from, target)
			if got != conn.Backend || ntErrString(rerr) != ntErrString(cerr) {
				rt.Fatalf("%v → %s: Connect %v, %v; Route %v, %v", from, target, conn.Backend, cerr, got, rerr)
			}
		}
		if ea, eb := a.Events(), b.Events(); len(ea) != len(eb) {
			rt.Fatalf("traces differ: %d and %d events", len(ea), len(eb))
		}
		if x, y := a.rs.backend.Uint64(), b.rs.backend.Uint64(); x != y {
			rt.Fatalf("backend streams differ after the calls")
		}
	})
}

// The small cluster's connections: Connect with its Path allocates at
// most twice (the Path's string and slice), Route never.
func TestConnectAllocs(t *testing.T) {
	c := smallCluster(t)
	from := FromPod("", "client")
	conn, err := c.Connect(from, "web:80")
	must(t, err)
	if len(conn.Path) != 4 || conn.Pod == "" {
		t.Fatalf("Connect: %+v", conn)
	}
	if n := testing.AllocsPerRun(100, func() { _, _ = c.Connect(from, "web:80") }); n > 2 {
		t.Errorf("Connect: %v allocations, want at most 2", n)
	}
	if n := testing.AllocsPerRun(100, func() { _, _ = c.Route(from, "web:80") }); n != 0 {
		t.Errorf("Route: %v allocations, want 0", n)
	}
}

// A name the search path resolves on a later candidate costs only what
// the lookup keeps: the names tried, the failed attempt's error, the list
// of attempts and the addresses (Route built 22 allocations here once:
// every candidate name, the search list, fmt errors, a split per query,
// the DNS hop's text).
func TestRouteSearchAllocs(t *testing.T) {
	c := smallCluster(t)
	from := FromPod("", "client")
	_, err := c.Route(from, "web.default:80")
	must(t, err)
	if n := testing.AllocsPerRun(100, func() { _, _ = c.Route(from, "web.default:80") }); n > 5 {
		t.Errorf("Route to web.default:80: %v allocations, want at most 5", n)
	}
}
