package proxy

import (
	"net/netip"
	"testing"

	"pgregory.net/rapid"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/service"
)

// drawProgram draws a Service named name (web or api), of any type and
// policy, and its backends.
func drawProgram(t *rapid.T, name string) (service.Service, [][]Backend) {
	s := webSvc()
	s.Name = name
	s.Type = rapid.SampledFrom([]service.Type{service.ClusterIP, service.NodePort, service.LoadBalancer}).Draw(t, "type")
	if s.Type == service.ClusterIP {
		s.LoadBalancerIP, s.Ports[0].NodePort = netip.Addr{}, 0
	}
	if s.Type == service.NodePort {
		s.LoadBalancerIP = netip.Addr{}
	}
	if s.Name == "api" {
		s.ClusterIP = vip.Next()
		s.Ports[0].Port = 81
		if s.Ports[0].NodePort != 0 {
			s.Ports[0].NodePort = 30081
		}
		if s.LoadBalancerIP.IsValid() {
			s.LoadBalancerIP = s.LoadBalancerIP.Next()
		}
	}
	if rapid.Bool().Draw(t, "local") && s.Type != service.ClusterIP {
		s.ExternalTrafficPolicy = service.TrafficPolicyLocal
	}
	if rapid.Bool().Draw(t, "affinity") {
		s.SessionAffinity = service.SessionAffinityClientIP
	}
	var bs []Backend
	for range rapid.IntRange(0, 4).Draw(t, "backends") {
		node, i := rapid.IntRange(1, 3).Draw(t, "node"), rapid.IntRange(1, 3).Draw(t, "i")
		ready := rapid.Bool().Draw(t, "ready")
		bs = append(bs, be(node, i, ready, ready || rapid.Bool().Draw(t, "serving"), !ready && rapid.Bool().Draw(t, "terminating")))
	}
	return s, [][]Backend{bs}
}

// Same never hides a difference Save shows on some node, and holds for
// tables that reached the same programs by different histories
// (programs, removals, nodes interned in another order).
func TestSame(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		a, b := newTable(1, 3), New(nil, 0)
		for i := 3; i >= 1; i-- {
			b.SetNode(nodeName(i), nodeIP(i), true)
		}
		step := func(name string, tbs ...*Table) {
			if rapid.IntRange(0, 3).Draw(t, "remove") == 0 {
				for _, tb := range tbs {
					tb.Remove(pod.DefaultNamespace, name)
				}
				return
			}
			s, bufs := drawProgram(t, name)
			for _, tb := range tbs {
				tb.Program(&s, bufs)
			}
		}
		for _, tb := range []*Table{a, b} {
			for range rapid.IntRange(0, 4).Draw(t, "steps") {
				step(rapid.SampledFrom([]string{"web", "api"}).Draw(t, "name"), tb)
			}
		}
		if a.Same(b) != b.Same(a) {
			t.Fatalf("Same is not symmetric")
		}
		for i := 1; i <= 3; i++ {
			if a.Same(b) && a.Save(nodeName(i)) != b.Save(nodeName(i)) {
				t.Fatalf("Same, but Save differs on %s", nodeName(i))
			}
		}
		step("web", a, b) // both names programmed or removed alike
		step("api", a, b)
		if !a.Same(b) {
			t.Fatalf("the same programs, yet not Same")
		}
	})
}
