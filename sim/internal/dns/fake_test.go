package dns

import (
	"net/netip"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/service"
)

// fakeView is a map-backed View for tests.
type fakeView struct {
	svcs map[[2]string]service.Service
	eps  map[[3]string][]Endpoint // ns, name, port name
	nss  map[string]bool
}

func newFake() *fakeView {
	return &fakeView{svcs: map[[2]string]service.Service{}, eps: map[[3]string][]Endpoint{}, nss: map[string]bool{"default": true}}
}

func (f *fakeView) Service(ns, name string) *service.Service {
	if s, ok := f.svcs[[2]string{ns, name}]; ok {
		return &s
	}
	return nil
}

func (f *fakeView) AppendEndpoints(ns, name, port string, dst []Endpoint) []Endpoint {
	return append(dst, f.eps[[3]string{ns, name, port}]...)
}

func (f *fakeView) AppendAddresses(ns, name string, dst []Endpoint) []Endpoint {
	for k, eps := range f.eps {
		if k[0] == ns && k[1] == name {
			for _, e := range eps {
				if !containsIP(dst, e.IP) {
					dst = append(dst, Endpoint{IP: e.IP, Hostname: e.Hostname})
				}
			}
		}
	}
	return dst
}

func containsIP(eps []Endpoint, a netip.Addr) bool {
	for _, e := range eps {
		if e.IP == a {
			return true
		}
	}
	return false
}

func (f *fakeView) NamespaceExists(ns string) bool { return f.nss[ns] }

func (f *fakeView) add(s service.Service) {
	f.svcs[[2]string{s.Namespace, s.Name}] = s
	f.nss[s.Namespace] = true
}

func (f *fakeView) addEps(ns, name, port string, eps ...Endpoint) {
	k := [3]string{ns, name, port}
	f.eps[k] = append(f.eps[k], eps...)
}

func ip(s string) netip.Addr { return netip.MustParseAddr(s) }

func tcp(name string, port int32) service.Port {
	return service.Port{Name: name, Protocol: pod.TCP, Port: port}
}

// fixture is the cluster the table tests run against:
//
//	default/kubernetes  ClusterIP 10.96.0.1   https 443
//	prod/web            ClusterIP 10.96.0.10  http 80, metrics 9090, unnamed 81/UDP
//	other/web           ClusterIP 10.96.0.20  http 80
//	prod/db             headless              postgres 5432 (2 ready: 10.244.1.5, 10.244.2.7 "db-0")
//	prod/empty          headless              http 80 (no ready endpoint)
//	prod/bare           headless              no ports (1 ready: 10.244.3.3)
//	prod/ext            ExternalName          example.com
//	prod/alias          ExternalName          web.other.svc.cluster.local
//	prod/alias2         ExternalName          alias.prod.svc.cluster.local.  (chain of two)
//	prod/loop1, loop2   ExternalName          each other
//	prod/ipname         ExternalName          192.0.2.1
//	prod/v6             ClusterIP fd00::10    http 80
//	prod/nohit          ClusterIP 10.96.0.30  http 80 (no endpoints: still answers)
func fixture() *fakeView {
	f := newFake()
	f.add(service.Service{Namespace: "default", Name: "kubernetes", ClusterIP: ip("10.96.0.1"), Ports: []service.Port{tcp("https", 443)}})
	f.add(service.Service{Namespace: "prod", Name: "web", ClusterIP: ip("10.96.0.10"),
		Ports: []service.Port{tcp("http", 80), tcp("metrics", 9090), {Protocol: pod.UDP, Port: 81}}})
	f.addEps("prod", "web", "http", Endpoint{IP: ip("10.244.1.9"), Port: 8080})
	f.add(service.Service{Namespace: "other", Name: "web", ClusterIP: ip("10.96.0.20"), Ports: []service.Port{tcp("http", 80)}})
	f.add(service.Service{Namespace: "prod", Name: "db", Headless: true, Ports: []service.Port{tcp("postgres", 5432)}})
	f.addEps("prod", "db", "postgres", Endpoint{IP: ip("10.244.2.7"), Hostname: "db-0", Port: 5433}, Endpoint{IP: ip("10.244.1.5"), Port: 5432})
	f.add(service.Service{Namespace: "prod", Name: "empty", Headless: true, Ports: []service.Port{tcp("http", 80)}})
	f.add(service.Service{Namespace: "prod", Name: "bare", Headless: true})
	f.addEps("prod", "bare", "", Endpoint{IP: ip("10.244.3.3")})
	f.add(service.Service{Namespace: "prod", Name: "ext", Type: service.ExternalName, ExternalName: "example.com"})
	f.add(service.Service{Namespace: "prod", Name: "alias", Type: service.ExternalName, ExternalName: "web.other.svc.cluster.local"})
	f.add(service.Service{Namespace: "prod", Name: "alias2", Type: service.ExternalName, ExternalName: "alias.prod.svc.cluster.local."})
	f.add(service.Service{Namespace: "prod", Name: "loop1", Type: service.ExternalName, ExternalName: "loop2.prod.svc.cluster.local"})
	f.add(service.Service{Namespace: "prod", Name: "loop2", Type: service.ExternalName, ExternalName: "loop1.prod.svc.cluster.local"})
	f.add(service.Service{Namespace: "prod", Name: "ipname", Type: service.ExternalName, ExternalName: "192.0.2.1"})
	f.add(service.Service{Namespace: "prod", Name: "v6", ClusterIP: ip("fd00::10"), Ports: []service.Port{tcp("http", 80)}})
	f.add(service.Service{Namespace: "prod", Name: "nohit", ClusterIP: ip("10.96.0.30"), Ports: []service.Port{tcp("http", 80)}})
	return f
}
