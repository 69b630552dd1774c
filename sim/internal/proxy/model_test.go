package proxy

import (
	"math/rand/v2"
	"net/netip"
	"slices"
	"strings"
	"testing"
	"time"

	"pgregory.net/rapid"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/service"
)

// model is the slow, obviously-correct reference router: plain lists,
// scanned on every connection, kube-proxy's iptables rules (kubernetes
// pkg/proxy/iptables/proxier.go syncProxyRules) written out one by one. It draws from its own copy of the random stream.
type model struct {
	r     *rand.Rand
	nodes []modelNode
	svcs  []modelSvc
	aff   map[string]affEntry // node|ns/name|port|proto|client
}

type modelNode struct {
	name  string
	ip    netip.Addr
	ready bool
}

type modelSvc struct {
	svc      service.Service
	backends [][]Backend
}

func (m *model) affKey(node string, s service.Service, p service.Port, client netip.Addr) string {
	return node + "|" + s.Namespace + "/" + s.Name + "|" + p.Name + "|" + string(pod.EffectiveProtocol(p.Protocol)) + "|" + client.String()
}

func (m *model) program(s service.Service, bs [][]Backend) {
	cp := make([][]Backend, len(bs))
	for i := range bs {
		cp[i] = slices.Clone(bs[i])
	}
	for i := range m.svcs {
		if m.svcs[i].svc.Namespace == s.Namespace && m.svcs[i].svc.Name == s.Name {
			m.forget(m.svcs[i].svc, s)
			m.svcs[i] = modelSvc{s, cp}
			return
		}
	}
	m.svcs = append(m.svcs, modelSvc{s, cp})
}

func (m *model) remove(ns, name string) {
	for i := range m.svcs {
		if m.svcs[i].svc.Namespace == ns && m.svcs[i].svc.Name == name {
			m.forget(m.svcs[i].svc, service.Service{})
			m.svcs = slices.Delete(m.svcs, i, i+1)
			return
		}
	}
}

// forget drops the affinity entries of old's ports that cur lacks (any
// port, if cur is headless or ExternalName).
func (m *model) forget(old, cur service.Service) {
	for _, p := range old.Ports {
		keep := !cur.Headless && cur.Type != service.ExternalName && slices.ContainsFunc(cur.Ports, func(q service.Port) bool {
			return q.Name == p.Name && pod.EffectiveProtocol(q.Protocol) == pod.EffectiveProtocol(p.Protocol)
		})
		if keep {
			continue
		}
		prefix := "|" + old.Namespace + "/" + old.Name + "|" + p.Name + "|" + string(pod.EffectiveProtocol(p.Protocol)) + "|"
		for k := range m.aff {
			if strings.Contains(k, prefix) {
				delete(m.aff, k)
			}
		}
	}
}

func (m *model) node(name string) *modelNode {
	for i := range m.nodes {
		if m.nodes[i].name == name {
			return &m.nodes[i]
		}
	}
	return nil
}

func (m *model) usable(bs []Backend, node string) ([]Backend, bool) {
	var ready, term []Backend
	for _, b := range bs {
		if node != "" && b.Node != node {
			continue
		}
		if b.Ready {
			ready = append(ready, b)
		} else if b.Serving && b.Terminating {
			term = append(term, b)
		}
	}
	if len(ready) > 0 {
		return ready, false
	}
	return term, len(term) > 0
}

func (m *model) route(req Request) (Decision, error) {
	proto := pod.EffectiveProtocol(req.Protocol)
	for _, ms := range m.svcs {
		s := ms.svc
		if s.Headless || s.Type == service.ExternalName {
			continue
		}
		for i, p := range s.Ports {
			if pod.EffectiveProtocol(p.Protocol) != proto {
				continue
			}
			isVIP := s.ClusterIP.IsValid() && req.Dst == netip.AddrPortFrom(s.ClusterIP, uint16(p.Port))
			isLB := s.Type == service.LoadBalancer && s.LoadBalancerIP.IsValid() && req.Dst == netip.AddrPortFrom(s.LoadBalancerIP, uint16(p.Port))
			isExt := slices.ContainsFunc(s.ExternalIPs, func(ip netip.Addr) bool { return req.Dst == netip.AddrPortFrom(ip, uint16(p.Port)) })
			if !isVIP && !isLB && !isExt {
				continue
			}
			var bs []Backend
			if i < len(ms.backends) {
				bs = slices.Clone(ms.backends[i])
			}
			SortBackends(bs)
			d := Decision{Service: s.Namespace + "/" + s.Name}
			switch {
			case s.ClusterIP.IsValid() && req.Dst == netip.AddrPortFrom(s.ClusterIP, uint16(p.Port)):
				if req.SrcNode == "" {
					return d, ErrDropped
				}
				return m.at(d, s, p, bs, req, req.SrcNode, false, ViaClusterIP)
			case isExt:
				if req.SrcNode != "" {
					return m.at(d, s, p, bs, req, req.SrcNode, false, ViaExternalIP)
				}
				var cands []string
				for _, n := range m.nodes {
					if n.ready {
						cands = append(cands, n.name)
					}
				}
				slices.Sort(cands)
				if len(cands) == 0 {
					return d, ErrDropped
				}
				k := 0
				if len(cands) > 1 {
					k = m.r.IntN(len(cands))
				}
				return m.at(d, s, p, bs, req, cands[k], true, ViaExternalIP)
			case s.Type == service.LoadBalancer && s.LoadBalancerIP.IsValid() && req.Dst == netip.AddrPortFrom(s.LoadBalancerIP, uint16(p.Port)):
				if req.SrcNode != "" {
					return m.at(d, s, p, bs, req, req.SrcNode, false, ViaLoadBalancer)
				}
				var cands []string
				for _, n := range m.nodes {
					if !n.ready {
						continue
					}
					if s.ExternalTrafficPolicy == service.TrafficPolicyLocal {
						if set, fb := m.usable(bs, n.name); len(set) == 0 || fb {
							continue
						}
					}
					cands = append(cands, n.name)
				}
				slices.Sort(cands)
				if len(cands) == 0 {
					return d, ErrDropped
				}
				k := 0
				if len(cands) > 1 {
					k = m.r.IntN(len(cands))
				}
				return m.at(d, s, p, bs, req, cands[k], true, ViaLoadBalancer)
			}
		}
	}
	for _, n := range m.nodes {
		if n.ip != req.Dst.Addr() {
			continue
		}
		if !n.ready {
			return Decision{Node: n.name}, ErrDropped
		}
		for _, ms := range m.svcs {
			s := ms.svc
			if s.Headless || s.Type == service.ExternalName || !service.ExternallyAccessible(&s) {
				continue
			}
			for i, p := range s.Ports {
				if p.NodePort == 0 || uint16(p.NodePort) != req.Dst.Port() || pod.EffectiveProtocol(p.Protocol) != proto {
					continue
				}
				var bs []Backend
				if i < len(ms.backends) {
					bs = slices.Clone(ms.backends[i])
				}
				SortBackends(bs)
				return m.at(Decision{Service: s.Namespace + "/" + s.Name}, s, p, bs, req, n.name, req.SrcNode == "", ViaNodePort)
			}
		}
		return Decision{Node: n.name}, ErrNoRule
	}
	return Decision{}, ErrNoRule
}

func (m *model) at(d Decision, s service.Service, p service.Port, bs []Backend, req Request, node string, external bool, via Via) (Decision, error) {
	d.Node = node
	all, _ := m.usable(bs, "")
	if len(all) == 0 {
		return d, ErrRejected
	}
	// KUBE-FW: the load-balancer address accepts only the source ranges.
	if via == ViaLoadBalancer && len(s.LoadBalancerSourceRanges) > 0 &&
		!slices.ContainsFunc(s.LoadBalancerSourceRanges, func(r netip.Prefix) bool { return r.Contains(req.Src) }) {
		return d, ErrDropped
	}
	extLocal := external && s.ExternalTrafficPolicy == service.TrafficPolicyLocal && service.ExternallyAccessible(&s)
	intLocal := via == ViaClusterIP && s.InternalTrafficPolicy == service.TrafficPolicyLocal
	local := extLocal || intLocal
	set, fb := all, false
	_, fb = m.usable(bs, "")
	if local {
		set, fb = m.usable(bs, node)
		if len(set) == 0 {
			return d, ErrDropped
		}
	}
	d.Local, d.Fallback, d.SNAT = local, fb, external && !local
	key := m.affKey(node, s, p, req.Src)
	if s.SessionAffinity == service.SessionAffinityClientIP {
		if e, ok := m.aff[key]; ok && req.Now.Sub(e.last) <= time.Duration(s.AffinityTimeout())*time.Second {
			for _, b := range set {
				if netip.AddrPortFrom(b.IP, uint16(b.Port)) == e.backend {
					d.Backend, d.Affinity = b, true
				}
			}
		}
	}
	if !d.Affinity {
		k := 0
		if len(set) > 1 {
			k = m.r.IntN(len(set))
		}
		d.Backend = set[k]
	}
	if s.SessionAffinity == service.SessionAffinityClientIP {
		m.aff[key] = affEntry{netip.AddrPortFrom(d.Backend.IP, uint16(d.Backend.Port)), req.Now}
	}
	return d, nil
}

func genService(t *rapid.T, i int) service.Service {
	s := service.Service{Namespace: "default", Name: []string{"a", "b", "c"}[i],
		ClusterIP: netip.AddrFrom4([4]byte{10, 96, 0, byte(10 + i)})}
	switch k := rapid.IntRange(0, 10).Draw(t, "type"); {
	case k < 3:
		s.Type = service.ClusterIP
	case k < 6:
		s.Type = service.NodePort
	case k < 9:
		s.Type = service.LoadBalancer
		s.LoadBalancerIP = netip.AddrFrom4([4]byte{203, 0, 113, byte(1 + i)})
	case k == 9:
		s.Headless, s.ClusterIP = true, netip.Addr{}
	default:
		s.Type, s.ClusterIP, s.ExternalName = service.ExternalName, netip.Addr{}, "example.com"
	}
	if service.ExternallyAccessible(&s) {
		s.ExternalTrafficPolicy = rapid.SampledFrom([]service.TrafficPolicy{service.TrafficPolicyCluster, service.TrafficPolicyLocal}).Draw(t, "etp")
	}
	if rapid.IntRange(0, 2).Draw(t, "affinity") > 0 {
		s.SessionAffinity = service.SessionAffinityClientIP
		if rapid.Bool().Draw(t, "shortTimeout") {
			timeout := int32(3600)
			s.SessionAffinityConfig = &service.SessionAffinityConfig{ClientIP: &service.ClientIPConfig{TimeoutSeconds: &timeout}}
		}
	}
	if !s.Headless && s.Type != service.ExternalName && rapid.Bool().Draw(t, "externalIP") {
		s.ExternalIPs = []netip.Addr{netip.AddrFrom4([4]byte{192, 0, 2, byte(10 + i)})}
		if s.Type == service.ClusterIP {
			s.ExternalTrafficPolicy = rapid.SampledFrom([]service.TrafficPolicy{service.TrafficPolicyCluster, service.TrafficPolicyLocal}).Draw(t, "etpExt")
		}
	}
	if rapid.IntRange(0, 3).Draw(t, "itp") == 0 {
		s.InternalTrafficPolicy = service.TrafficPolicyLocal
	}
	if s.Type == service.LoadBalancer && rapid.Bool().Draw(t, "ranges") {
		s.LoadBalancerSourceRanges = []netip.Prefix{rapid.SampledFrom([]netip.Prefix{
			netip.MustParsePrefix("198.51.100.0/31"), netip.MustParsePrefix("10.244.1.0/24")}).Draw(t, "range")}
	}
	s.Ports = []service.Port{{Name: "http", Protocol: pod.TCP, Port: 80, NodePort: int32(30000 + 10*i)}}
	if rapid.Bool().Draw(t, "udp") {
		s.Ports = append(s.Ports, service.Port{Name: "dns", Protocol: pod.UDP, Port: 53, NodePort: int32(30001 + 10*i)})
	}
	return s
}

func genBackends(t *rapid.T) []Backend {
	var bs []Backend
	n := rapid.IntRange(0, 6).Draw(t, "n")
	for j := 0; j < n; j++ {
		node := rapid.IntRange(1, 3).Draw(t, "node")
		cond := rapid.IntRange(0, 3).Draw(t, "cond") // ready, terminating serving, terminating not serving, not ready
		b := be(node, j+1, cond == 0, cond <= 1, cond == 1 || cond == 2)
		b.Port = int32(rapid.SampledFrom([]int{8080, 9090}).Draw(t, "port"))
		bs = append(bs, b)
	}
	return bs
}

// TestAgainstModel runs random programs, node changes and connections
// through the Table and the reference model and requires the same
// decisions (the same draws from the same stream included).
func TestAgainstModel(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		seed := rapid.Uint64().Draw(t, "seed")
		tb := newTable(seed, 3)
		m := &model{r: rand.New(rand.NewPCG(seed, 1)), aff: map[string]affEntry{}}
		for i := 1; i <= 3; i++ {
			m.nodes = append(m.nodes, modelNode{nodeName(i), nodeIP(i), true})
		}
		now := t0
		var dsts []netip.AddrPort
		for i := 0; i < 3; i++ {
			dsts = append(dsts, ap(netip.AddrFrom4([4]byte{10, 96, 0, byte(10 + i)}), 80), ap(netip.AddrFrom4([4]byte{10, 96, 0, byte(10 + i)}), 53),
				ap(netip.AddrFrom4([4]byte{203, 0, 113, byte(1 + i)}), 80), ap(nodeIP(1+i), uint16(30000+10*i)), ap(nodeIP(3-i), uint16(30001+10*i)))
		}
		for i := 0; i < 3; i++ {
			dsts = append(dsts, ap(netip.AddrFrom4([4]byte{192, 0, 2, byte(10 + i)}), 80))
		}
		dsts = append(dsts, ap(nodeIP(1), 22), ap(netip.MustParseAddr("10.244.1.1"), 8080))
		for i := 0; i < 3; i++ {
			s := genService(t, i)
			var bs [][]Backend
			for range s.Ports {
				bs = append(bs, genBackends(t))
			}
			tb.Program(&s, bs)
			m.program(s, bs)
		}
		for step := 0; step < 60; step++ {
			// Mostly connections, some reprogramming, rare node changes
			// (rapid favours small values: the common case comes first).
			op := 99 - rapid.IntRange(0, 99).Draw(t, "op")
			switch {
			case op < 12:
				i := rapid.IntRange(0, 2).Draw(t, "svc")
				s := genService(t, i)
				var bs [][]Backend
				for range s.Ports {
					bs = append(bs, genBackends(t))
				}
				tb.Program(&s, bs)
				m.program(s, bs)
			case op < 15:
				name := []string{"a", "b", "c"}[rapid.IntRange(0, 2).Draw(t, "svc")]
				tb.Remove("default", name)
				m.remove("default", name)
			case op < 20:
				i := rapid.IntRange(1, 3).Draw(t, "node")
				ready := rapid.IntRange(0, 2).Draw(t, "ready") > 0
				tb.SetNode(nodeName(i), nodeIP(i), ready)
				m.node(nodeName(i)).ready = ready
			default:
				// Steps around the affinity timeouts (10800 s, 3600 s), inclusive edges included.
				secs := rapid.SampledFrom([]int{0, 0, 1, 60, 3599, 3600, 3601, 5400, 7200, 10799, 10800, 10801}).Draw(t, "secs")
				now = now.Add(time.Duration(secs) * time.Second)
				req := Request{Dst: rapid.SampledFrom(dsts).Draw(t, "dst"), Now: now}
				if len(m.svcs) > 0 && rapid.IntRange(0, 4).Draw(t, "aimed") < 4 {
					// Aim at an address of a programmed Service.
					s := m.svcs[rapid.IntRange(0, len(m.svcs)-1).Draw(t, "which")].svc
					p := s.Ports[rapid.IntRange(0, len(s.Ports)-1).Draw(t, "port")]
					switch rapid.IntRange(0, 3).Draw(t, "via") {
					case 0:
						req.Dst = ap(s.ClusterIP, uint16(p.Port))
					case 1:
						req.Dst = ap(nodeIP(rapid.IntRange(1, 3).Draw(t, "toNode")), uint16(p.NodePort))
					case 2:
						req.Dst = ap(s.LoadBalancerIP, uint16(p.Port))
					case 3:
						if len(s.ExternalIPs) > 0 {
							req.Dst = ap(s.ExternalIPs[0], uint16(p.Port))
						}
					}
				}
				if rapid.Bool().Draw(t, "fromPod") {
					n := rapid.IntRange(1, 3).Draw(t, "srcNode")
					req.SrcNode, req.Src = nodeName(n), netip.AddrFrom4([4]byte{10, 244, byte(n), byte(100 + rapid.IntRange(0, 2).Draw(t, "src"))})
				} else {
					req.Src = netip.AddrFrom4([4]byte{198, 51, 100, byte(rapid.IntRange(0, 2).Draw(t, "src"))})
				}
				got, gerr := tb.Route(req)
				want, werr := m.route(req)
				bad := !sameErr(gerr, werr) || got.Service != want.Service || got.Node != want.Node
				if gerr == nil {
					bad = bad || got.Backend != want.Backend || got.Affinity != want.Affinity || got.SNAT != want.SNAT ||
						got.Local != want.Local || got.Fallback != want.Fallback
				}
				if bad {
					t.Fatalf("Route(%+v):\n got %+v, %v\nwant %+v, %v", req, got, gerr, want, werr)
				}
			}
		}
	})
}

// sameErr compares Route's errors by identity: Route returns its
// sentinels themselves, which callers compare with ==.
func sameErr(a, b error) bool { return a == b }
