package dns_test

import (
	"fmt"
	"net/netip"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/service"
	"github.com/svcsim/svcsim/sim/internal/dns"
)

// view is a tiny cluster: Service web in namespace other, and a headless
// Service db in prod with one ready endpoint.
type view struct{}

func (view) Service(ns, name string) *service.Service {
	switch {
	case ns == "other" && name == "web":
		return &service.Service{Namespace: ns, Name: name, ClusterIP: netip.MustParseAddr("10.96.0.20"),
			Ports: []service.Port{{Name: "http", Protocol: pod.TCP, Port: 80}}}
	case ns == "prod" && name == "db":
		return &service.Service{Namespace: ns, Name: name, Headless: true,
			Ports: []service.Port{{Name: "pg", Protocol: pod.TCP, Port: 5432}}}
	}
	return nil
}

func (view) AppendEndpoints(ns, name, port string, dst []dns.Endpoint) []dns.Endpoint {
	if ns == "prod" && name == "db" && port == "pg" {
		dst = append(dst, dns.Endpoint{IP: netip.MustParseAddr("10.244.1.5"), Port: 5432})
	}
	return dst
}

func (v view) AppendAddresses(ns, name string, dst []dns.Endpoint) []dns.Endpoint {
	return v.AppendEndpoints(ns, name, "pg", dst)
}

func (view) NamespaceExists(ns string) bool { return ns == "default" || ns == "other" || ns == "prod" }

// A pod in prod asks for web.other: the first search suffix
// (web.other.prod.svc.cluster.local) misses, the second
// (web.other.svc.cluster.local) hits, as glibc's res_nsearch walks the
// search list.
func ExampleResolver_Lookup() {
	r := dns.NewResolver("", view{})
	a, err := r.Lookup("prod", "web.other")
	fmt.Println(a.Addrs, err)
	for _, t := range a.Tried {
		fmt.Println(t)
	}
	// Output:
	// [10.96.0.20] <nil>
	// web.other.prod.svc.cluster.local NXDOMAIN
	// web.other.svc.cluster.local ok
}

// A headless Service's SRV records target each endpoint's hostname: the
// dashed IP when the endpoint has none (CoreDNS endpointHostname).
func ExampleResolver_LookupSRV() {
	r := dns.NewResolver("", view{})
	srvs, err := r.LookupSRV("prod", "_pg._tcp.db")
	fmt.Println(srvs, err)
	// Output:
	// [{10-244-1-5.db.prod.svc.cluster.local 5432 0 100}] <nil>
}
