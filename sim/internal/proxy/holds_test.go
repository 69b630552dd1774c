package proxy

import (
	"net/netip"
	"testing"

	"pgregory.net/rapid"

	"github.com/svcsim/svcsim/endpoints"
	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/service"
)

// Holds and Len agree with Same against a new table: a table with any
// history (programs, removals, headless Services) holds a set of Services
// exactly when it is the same as a new table programmed with them. The
// set is often what the table last programmed, so both answers are drawn.
func TestHolds(t *testing.T) {
	type program struct {
		svc service.Service
		bs  [][]Backend
	}
	draw := func(t *rapid.T, name string) program {
		s, bs := drawProgram(t, name)
		if rapid.IntRange(0, 5).Draw(t, "headless") == 0 {
			s.Headless, s.ClusterIP = true, netip.Addr{}
		}
		return program{s, bs}
	}
	rapid.Check(t, func(t *rapid.T) {
		tb := newTable(1, 3)
		last := map[string]program{} // what tb holds, by name
		for range rapid.IntRange(0, 6).Draw(t, "steps") {
			name := rapid.SampledFrom([]string{"web", "api"}).Draw(t, "name")
			if rapid.IntRange(0, 3).Draw(t, "remove") == 0 {
				tb.Remove(pod.DefaultNamespace, name)
				delete(last, name)
				continue
			}
			p := draw(t, name)
			tb.Program(&p.svc, p.bs)
			last[name] = p
		}
		fresh, n, holds := New(nil, 0), 0, true
		var k Checker
		for _, name := range []string{"web", "api"} {
			p, ok := last[name]
			switch rapid.IntRange(0, 3).Draw(t, "want") {
			case 0:
				ok = false // gone
			case 1:
				p, ok = draw(t, name), true
			}
			if !ok {
				continue
			}
			fresh.Program(&p.svc, p.bs)
			holds = k.Holds(tb, &p.svc, p.bs) && holds
			n++
		}
		holds = holds && tb.Len() == n
		if same := fresh.Same(tb); holds != same {
			t.Fatalf("Holds each Service and Len %d of %d: %v; Same: %v", tb.Len(), n, holds, same)
		}
	})
}

// Holds sees every part of a Service's rules: a port, an address, the
// affinity and its timeout, a traffic policy, an external IP, a source
// range, an endpoint's condition, node or pod, and the name.
func TestHoldsSeesEachField(t *testing.T) {
	base := webSvc()
	base.ExternalIPs = []netip.Addr{netip.MustParseAddr("192.0.2.7")}
	base.LoadBalancerSourceRanges = []netip.Prefix{netip.MustParsePrefix("198.51.100.0/24")}
	bs := [][]Backend{{readyBE(1, 1), be(2, 1, false, true, true)}}
	tb := newTable(1, 3)
	tb.Program(&base, bs)
	var k Checker
	if !k.Holds(tb, &base, bs) || tb.Len() != 1 {
		t.Fatalf("Holds %v, Len %d after programming it", k.Holds(tb, &base, bs), tb.Len())
	}
	for name, change := range map[string]func(s *service.Service, b []Backend){
		"port":             func(s *service.Service, b []Backend) { s.Ports[0].Port = 81 },
		"node port":        func(s *service.Service, b []Backend) { s.Ports[0].NodePort = 30081 },
		"port name":        func(s *service.Service, b []Backend) { s.Ports[0].Name = "web" },
		"cluster IP":       func(s *service.Service, b []Backend) { s.ClusterIP = s.ClusterIP.Next() },
		"load-balancer IP": func(s *service.Service, b []Backend) { s.LoadBalancerIP = s.LoadBalancerIP.Next() },
		"affinity":         func(s *service.Service, b []Backend) { s.SessionAffinity = service.SessionAffinityClientIP },
		"external policy":  func(s *service.Service, b []Backend) { s.ExternalTrafficPolicy = service.TrafficPolicyLocal },
		"internal policy":  func(s *service.Service, b []Backend) { s.InternalTrafficPolicy = service.TrafficPolicyLocal },
		"external IP":      func(s *service.Service, b []Backend) { s.ExternalIPs = []netip.Addr{netip.MustParseAddr("192.0.2.8")} },
		"source range":     func(s *service.Service, b []Backend) { s.LoadBalancerSourceRanges = nil },
		"type":             func(s *service.Service, b []Backend) { s.Type, s.LoadBalancerIP = service.NodePort, netip.Addr{} },
		"headless":         func(s *service.Service, b []Backend) { s.Headless = true },
		"name":             func(s *service.Service, b []Backend) { s.Name = "api" },
		"namespace":        func(s *service.Service, b []Backend) { s.Namespace = "prod" },
		"endpoint ready":   func(s *service.Service, b []Backend) { b[0].Ready = false },
		"endpoint serving": func(s *service.Service, b []Backend) { b[1].Serving = false },
		"endpoint node":    func(s *service.Service, b []Backend) { b[0].Node = nodeName(3) },
		"endpoint pod":     func(s *service.Service, b []Backend) { b[0].Pod = "default/other" },
		"endpoint address": func(s *service.Service, b []Backend) { b[0].IP = b[0].IP.Next() },
		"endpoint port":    func(s *service.Service, b []Backend) { b[0].Port++ },
		"endpoint gone":    func(s *service.Service, b []Backend) { b[0].IP = netip.Addr{} },
		"endpoint hints":   func(s *service.Service, b []Backend) { b[0].Hints = &endpoints.Hints{ForZones: []string{"zone-a"}} },
		"timeout": func(s *service.Service, b []Backend) {
			sec := int32(60)
			s.SessionAffinityConfig = &service.SessionAffinityConfig{ClientIP: &service.ClientIPConfig{TimeoutSeconds: &sec}}
		},
		"second port":       func(s *service.Service, b []Backend) { s.Ports = append(s.Ports, service.Port{Name: "alt", Port: 81}) },
		"no external IP":    func(s *service.Service, b []Backend) { s.ExternalIPs = nil },
		"no endpoints port": func(s *service.Service, b []Backend) {},
	} {
		s := base
		s.Ports = append([]service.Port(nil), base.Ports...)
		b := [][]Backend{append([]Backend(nil), bs[0]...)}
		change(&s, b[0])
		if name == "no endpoints port" {
			b = nil
		}
		if k.Holds(tb, &s, b) {
			t.Errorf("%s changed: Holds", name)
		}
	}
}

// Holds sees a table whose port record was corrupted behind Program's
// back: its name, ready count, records (each field of one, their order)
// or topology index.
func TestHoldsSeesCorruption(t *testing.T) {
	svc := webSvc()
	bs := [][]Backend{{readyBE(1, 1), readyBE(2, 1)}}
	for name, corrupt := range map[string]func(tb *Table, sp *svcPort){
		"name":           func(tb *Table, sp *svcPort) { sp.svc = "default/api" },
		"ready count":    func(tb *Table, sp *svcPort) { sp.nReady-- },
		"record":         func(tb *Table, sp *svcPort) { sp.recs[1].port++ },
		"records":        func(tb *Table, sp *svcPort) { sp.recs = sp.recs[:1] },
		"record order":   func(tb *Table, sp *svcPort) { sp.recs[0], sp.recs[1] = sp.recs[1], sp.recs[0] },
		"record address": func(tb *Table, sp *svcPort) { sp.recs[0].addr[0] = 0xfd }, // an IPv4 record's unread top bytes
		"record flags":   func(tb *Table, sp *svcPort) { sp.recs[0].flags |= fTerminating },
		"record pod":     func(tb *Table, sp *svcPort) { sp.recs[0].pod = "default/other" },
		"record node":    func(tb *Table, sp *svcPort) { sp.recs[0].node = tb.internNode(nodeName(3)) },
		"record zone":    func(tb *Table, sp *svcPort) { sp.recs[0].zone = tb.internZone("eth0") }, // an IPv4 record's
		"topology":       func(tb *Table, sp *svcPort) { sp.topo = &topoIndex{byZone: map[string][]int32{"zone-a": {0}}} },
	} {
		tb := newTable(1, 3)
		tb.Program(&svc, bs)
		corrupt(tb, &tb.services.Value(svcKey{"default", "web"}).ports[0])
		var k Checker
		if k.Holds(tb, &svc, bs) {
			t.Errorf("%s corrupted: Holds", name)
		}
	}
}
