package dns

import (
	"net/netip"
	"slices"
	"strings"
	"testing"

	"pgregory.net/rapid"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/service"
)

// refZone is the slow, obviously-correct reference: every record of every
// Service (service.Records) in a
// map by owner name, searched with the resolv.conf rules written out plainly.
type refZone map[string][]service.Record

func buildRef(svcs []service.Service, ready map[[2]string][]service.Endpoint) refZone {
	z := refZone{}
	for _, s := range svcs {
		for _, rec := range s.Records("cluster.local", service.DefaultTTL, ready[[2]string{s.Namespace, s.Name}]) {
			name := strings.TrimSuffix(rec.Name, ".")
			z[name] = append(z[name], rec)
		}
	}
	return z
}

// lookup returns the answer of the first search candidate that has one.
func (z refZone) lookup(ns, name string, srv bool) ([]netip.Addr, []SRV, bool) {
	name = strings.ToLower(name)
	var cands []string
	search := []string{ns + ".svc.cluster.local", "svc.cluster.local", "cluster.local"}
	switch {
	case strings.HasSuffix(name, "."):
		cands = []string{strings.TrimSuffix(name, ".")}
	case strings.Count(name, ".") >= 5:
		cands = append(cands, name)
		for _, s := range search {
			cands = append(cands, name+"."+s)
		}
	default:
		for _, s := range search {
			cands = append(cands, name+"."+s)
		}
		cands = append(cands, name)
	}
	for _, c := range cands {
		if a, s, ok := z.chase(c, srv); ok {
			return a, s, true
		}
	}
	return nil, nil, false
}

func (z refZone) chase(name string, srv bool) ([]netip.Addr, []SRV, bool) {
	for hop := 0; hop <= MaxCNAMEChain; hop++ {
		var addrs []netip.Addr
		var srvs []SRV
		cname := ""
		for _, rec := range z[name] {
			switch rec.Type {
			case service.TypeCNAME:
				cname = strings.ToLower(strings.TrimSuffix(rec.Target, "."))
			case service.TypeA, service.TypeAAAA:
				if !slices.Contains(addrs, rec.Addr) {
					addrs = append(addrs, rec.Addr)
				}
			case service.TypeSRV:
				srvs = append(srvs, SRV{Target: strings.TrimSuffix(rec.Target, "."), Port: rec.Port, Priority: rec.Priority, Weight: rec.Weight})
			}
		}
		if cname != "" {
			if a, err := netip.ParseAddr(cname); err == nil {
				return []netip.Addr{a}, nil, !srv
			}
			name = cname
			continue
		}
		slices.SortFunc(addrs, netip.Addr.Compare)
		slices.SortFunc(srvs, compareSRV)
		if srv {
			return nil, srvs, len(srvs) > 0
		}
		return addrs, nil, len(addrs) > 0
	}
	return nil, nil, false
}

// refView adapts the generated objects to View, resolving each ready pod's
// target port per Service port as the endpoints controller would.
type refView struct {
	svcs  []service.Service
	ready map[[2]string][]service.Endpoint
}

func (v refView) Service(ns, name string) *service.Service {
	for i := range v.svcs {
		if s := &v.svcs[i]; s.Namespace == ns && s.Name == name {
			return s
		}
	}
	return nil
}

func (v refView) AppendEndpoints(ns, name, portName string, dst []Endpoint) []Endpoint {
	s := v.Service(ns, name)
	if s == nil {
		return dst
	}
	for _, e := range v.ready[[2]string{ns, name}] {
		p, ok := s.PortByName(portName)
		if !ok {
			continue
		}
		if port, ok := p.ResolveTargetPort(e.Ports); ok {
			dst = append(dst, Endpoint{IP: e.IP, Hostname: e.Hostname, Port: port})
		}
	}
	return dst
}

func (v refView) AppendAddresses(ns, name string, dst []Endpoint) []Endpoint {
	for _, e := range v.ready[[2]string{ns, name}] {
		dst = append(dst, Endpoint{IP: e.IP, Hostname: e.Hostname})
	}
	return dst
}

func (v refView) NamespaceExists(ns string) bool {
	if ns == "default" {
		return true
	}
	for _, s := range v.svcs {
		if s.Namespace == ns {
			return true
		}
	}
	return false
}

var (
	refNamespaces = []string{"default", "prod", "other", "pod"}
	refNames      = []string{"web", "db", "api", "svc", "x"}
)

func genCluster(t *rapid.T) refView {
	v := refView{ready: map[[2]string][]service.Endpoint{}}
	seen := map[[2]string]bool{}
	n := rapid.IntRange(0, 8).Draw(t, "services")
	for i := 0; i < n; i++ {
		ns := rapid.SampledFrom(refNamespaces).Draw(t, "ns")
		name := rapid.SampledFrom(refNames).Draw(t, "name")
		if seen[[2]string{ns, name}] {
			continue
		}
		seen[[2]string{ns, name}] = true
		s := service.Service{Namespace: ns, Name: name}
		switch rapid.IntRange(0, 2).Draw(t, "kind") {
		case 0:
			s.ClusterIP = netip.AddrFrom4([4]byte{10, 96, 0, byte(10 + i)})
		case 1:
			s.Headless = true
		case 2:
			s.Type = service.ExternalName
			targets := []string{"example.com", "web.prod.svc.cluster.local", "db.other.svc.cluster.local.",
				"api.default.svc.cluster.local", "x.pod.svc.cluster.local", "192.0.2.1"}
			s.ExternalName = rapid.SampledFrom(targets).Draw(t, "target")
			v.svcs = append(v.svcs, s)
			continue
		}
		if !s.Headless || rapid.Bool().Draw(t, "ports") {
			s.Ports = append(s.Ports, service.Port{Name: "http", Protocol: pod.TCP, Port: 80, TargetPort: service.TargetPortName("web")})
			if rapid.Bool().Draw(t, "second") {
				s.Ports = append(s.Ports, service.Port{Name: "dns", Protocol: pod.UDP, Port: 53, TargetPort: service.TargetPortNumber(5353)})
				if rapid.Bool().Draw(t, "dns-tcp") { // kube-dns's shape: one number, two protocols
					s.Ports = append(s.Ports, service.Port{Name: "dns-tcp", Protocol: pod.TCP, Port: 53, TargetPort: service.TargetPortNumber(5353)})
				}
			}
		}
		v.svcs = append(v.svcs, s)
		if !s.Headless {
			continue // CoreDNS's <endpoint>.<svc> names of ClusterIP Services are not in the DNS specification's record list (kubernetes/dns docs/specification.md)
		}
		for j := rapid.IntRange(0, 3).Draw(t, "ready"); j > 0; j-- {
			e := service.Endpoint{IP: netip.AddrFrom4([4]byte{10, 244, byte(i), byte(j)})}
			if rapid.Bool().Draw(t, "hostname") {
				e.Hostname = "h" + string(rune('0'+j))
			}
			if rapid.Bool().Draw(t, "named") {
				e.Ports = []pod.ContainerPort{{Name: "web", Port: 8080, Protocol: pod.TCP}}
			}
			v.ready[[2]string{ns, name}] = append(v.ready[[2]string{ns, name}], e)
		}
	}
	return v
}

func genQuery(t *rapid.T) string {
	name := rapid.SampledFrom(refNames).Draw(t, "qname")
	ns := rapid.SampledFrom(refNamespaces).Draw(t, "qns")
	forms := []string{
		name,
		name + "." + ns,
		name + "." + ns + ".svc",
		name + "." + ns + ".svc.cluster.local",
		name + "." + ns + ".svc.cluster.local.",
		"h1." + name + "." + ns,
		"10-244-0-1." + name + "." + ns + ".svc.cluster.local.",
		"_http._tcp." + name,
		"_http._tcp." + name + "." + ns,
		"_dns._udp." + name + "." + ns + ".svc.cluster.local.",
		"_dns._tcp." + name,
		strings.ToUpper(name) + "." + ns,
	}
	return rapid.SampledFrom(forms).Draw(t, "form")
}

// TestAgainstReference compares Lookup and LookupSRV with the record-list
// reference on random clusters and queries.
func TestAgainstReference(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		v := genCluster(t)
		z := buildRef(v.svcs, v.ready)
		r := NewResolver("", v)
		for i := 0; i < 10; i++ {
			from := rapid.SampledFrom(refNamespaces).Draw(t, "from")
			q := genQuery(t)
			// The Kubernetes DNS specification's record list
			// (kubernetes/dns docs/specification.md, which service.Records
			// follows) has no A records under _port._proto
			// names and no SRV records under endpoint names (CoreDNS answers
			// both); those forms are compared for one query type only.
			if !strings.HasPrefix(q, "_") {
				wantA, _, okA := z.lookup(from, q, false)
				a, err := r.Lookup(from, q)
				if okA != (err == nil) || !slices.Equal(a.Addrs, wantA) {
					t.Fatalf("Lookup(%s, %q) = %v, %v; reference %v, %v (tried %s)", from, q, a.Addrs, err, wantA, okA, a.Explain())
				}
			}
			if strings.HasPrefix(q, "h1.") || strings.HasPrefix(q, "10-") {
				continue
			}
			_, wantS, okS := z.lookup(from, q, true)
			got, err := r.LookupSRV(from, q)
			if okS != (err == nil) || !slices.Equal(got, wantS) {
				t.Fatalf("LookupSRV(%s, %q) = %v, %v; reference %v, %v", from, q, got, err, wantS, okS)
			}
		}
	})
}
