package dns

import (
	"net/netip"
	"testing"

	"pgregory.net/rapid"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/service"
)

// ServiceAddr answers only what Lookup answers on its first attempt with
// one address, and then the same address; it answers the common case.
func TestServiceAddrIsLookup(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		f := newFake()
		r := NewResolver(rapid.SampledFrom([]string{"", "cluster.local", "Example.ORG."}).Draw(t, "domain"), f)
		names := []string{"web", "api", "Web", "web.default", "web-1", "_x", "svc", "pod"}
		for range rapid.IntRange(0, 4).Draw(t, "services") {
			s := service.Service{Namespace: rapid.SampledFrom([]string{"default", "other"}).Draw(t, "ns"),
				Name:     rapid.SampledFrom(names).Draw(t, "name"),
				Type:     rapid.SampledFrom([]service.Type{service.ClusterIP, service.ExternalName}).Draw(t, "type"),
				Headless: rapid.Bool().Draw(t, "headless")}
			if rapid.Bool().Draw(t, "ip") {
				s.ClusterIP = netip.MustParseAddr("10.96.0.10")
			}
			if s.Type == service.ExternalName {
				s.ExternalName = "example.com"
			}
			for range rapid.IntRange(0, 2).Draw(t, "ports") {
				s.Ports = append(s.Ports, service.Port{Name: "p", Port: 80, Protocol: pod.TCP})
			}
			f.add(s)
		}
		ns := rapid.SampledFrom([]string{"default", "other", "none"}).Draw(t, "from")
		name := rapid.SampledFrom(names).Draw(t, "lookup")
		ip, ok := r.ServiceAddr(ns, name)
		a, err := r.Lookup(ns, name)
		first := err == nil && len(a.Tried) == 1 && len(a.CNAMEs) == 0 && len(a.Addrs) == 1 &&
			a.Name == name+"."+ns+".svc."+r.Zone()
		if ok && (!first || a.Addrs[0] != ip) {
			t.Fatalf("ServiceAddr(%s, %s) = %s, Lookup = %+v, %v", ns, name, ip, a, err)
		}
		if !ok && first && name == "web" && !f.svcs[[2]string{ns, name}].Headless {
			t.Fatalf("ServiceAddr(%s, %s) declined what Lookup answers at once: %+v", ns, name, a)
		}
	})
}
