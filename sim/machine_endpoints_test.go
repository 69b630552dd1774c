package sim

import (
	"errors"
	"net/netip"

	"pgregory.net/rapid"

	"github.com/svcsim/svcsim/endpoints"
	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
)

// endpointsActions are the state machine's writes of user Endpoints and
// EndpointSlices: SetEndpoints with addresses drawn from the namespace's
// pods and a few outside ones (ready or not, with or without a hostname
// and ports; sometimes a loopback address, refused), DeleteEndpoints,
// SetEndpointSlice (pod or outside addresses, zone hints) and
// DeleteEndpointSlice. A refused
// call must change nothing; Check compares what is shown and mirrored.
func (m *machine) endpointsActions() map[string]func(*rapid.T) {
	return map[string]func(*rapid.T){
		"setEndpoints": func(t *rapid.T) {
			ns := rapid.SampledFrom(namespaces).Draw(t, "ns")
			ep := endpoints.Endpoints{Namespace: ns, Name: "svc-" + rapid.StringMatching(`[a-c]`).Draw(t, "n")}
			var pool []netip.Addr
			for _, p := range m.c.Pods(ns, selector.Everything()) {
				if p.IP.IsValid() {
					pool = append(pool, p.IP)
				}
			}
			pool = append(pool, netip.MustParseAddr("192.0.2.20"), netip.MustParseAddr("192.0.2.21"))
			for range rapid.IntRange(0, 2).Draw(t, "subsets") {
				var ss endpoints.Subset
				for range rapid.IntRange(1, 3).Draw(t, "addresses") {
					a := endpoints.Address{IP: rapid.SampledFrom(pool).Draw(t, "ip"),
						Hostname: rapid.SampledFrom([]string{"", "h1", "h2"}).Draw(t, "hostname")}
					if rapid.Bool().Draw(t, "ready") {
						ss.Addresses = append(ss.Addresses, a)
					} else {
						ss.NotReadyAddresses = append(ss.NotReadyAddresses, a)
					}
				}
				if rapid.Bool().Draw(t, "withPorts") {
					ss.Ports = []endpoints.EndpointPort{{Name: "http", Port: 8080, Protocol: pod.TCP}}
				}
				ep.Subsets = append(ep.Subsets, ss)
			}
			if len(ep.Subsets) > 0 && rapid.IntRange(0, 5).Draw(t, "bad") == 0 {
				ep.Subsets[0].Addresses = append(ep.Subsets[0].Addresses, endpoints.Address{IP: netip.MustParseAddr("127.0.0.1")})
				m.unchanged(t, "loopback endpoint", func() error { return m.c.SetEndpoints(ep) })
				return
			}
			err := m.c.SetEndpoints(ep)
			if errors.Is(err, ErrNotFound) {
				m.unchanged(t, "endpoints without a service", func() error { return m.c.SetEndpoints(ep) })
				return
			}
			if err != nil {
				t.Fatal(err)
			}
		},
		"setEndpointSlice": func(t *rapid.T) {
			ns := rapid.SampledFrom(namespaces).Draw(t, "ns")
			sl := endpoints.Slice{Namespace: ns, Name: "user-" + rapid.StringMatching(`[a-b]`).Draw(t, "n"),
				Service: "svc-" + rapid.StringMatching(`[a-c]`).Draw(t, "svc"), AddressType: endpoints.IPv4}
			if rapid.Bool().Draw(t, "withPorts") {
				sl.Ports = []endpoints.EndpointPort{{Name: "http", Port: 8080, Protocol: pod.TCP}}
			}
			var pool []pod.Pod
			for _, p := range m.c.Pods(ns, selector.Everything()) {
				if p.IP.IsValid() {
					pool = append(pool, p)
				}
			}
			for range rapid.IntRange(0, 3).Draw(t, "endpoints") {
				e := endpoints.Endpoint{Addresses: []netip.Addr{netip.MustParseAddr("192.0.2.30")}}
				if len(pool) > 0 && rapid.Bool().Draw(t, "podAddress") {
					p := rapid.SampledFrom(pool).Draw(t, "pod")
					e.Addresses, e.NodeName = []netip.Addr{p.IP}, p.NodeName
				}
				ready := rapid.Bool().Draw(t, "ready")
				e.Conditions = endpoints.Conditions{Ready: ready, Serving: ready}
				if z := rapid.SampledFrom([]string{"", "zone-a", "zone-b"}).Draw(t, "hint"); z != "" {
					e.Hints = &endpoints.Hints{ForZones: []string{z}}
				}
				sl.Endpoints = append(sl.Endpoints, e)
			}
			err := m.c.SetEndpointSlice(sl)
			if errors.Is(err, ErrNotFound) || errors.Is(err, ErrAlreadyExists) {
				m.unchanged(t, "refused endpointslice", func() error { return m.c.SetEndpointSlice(sl) })
				return
			}
			if err != nil {
				t.Fatal(err)
			}
		},
		"deleteEndpointSlice": func(t *rapid.T) {
			ns := rapid.SampledFrom(namespaces).Draw(t, "ns")
			name := "user-" + rapid.StringMatching(`[a-b]`).Draw(t, "n")
			if err := m.c.DeleteEndpointSlice(ns, name); errors.Is(err, ErrNotFound) {
				m.unchanged(t, "delete of a missing endpointslice", func() error { return m.c.DeleteEndpointSlice(ns, name) })
			} else if err != nil {
				t.Fatal(err)
			}
		},
		"deleteEndpoints": func(t *rapid.T) {
			ns := rapid.SampledFrom(namespaces).Draw(t, "ns")
			name := "svc-" + rapid.StringMatching(`[a-c]`).Draw(t, "n")
			err := m.c.DeleteEndpoints(ns, name)
			if errors.Is(err, ErrNotFound) {
				m.unchanged(t, "delete of missing endpoints", func() error { return m.c.DeleteEndpoints(ns, name) })
				return
			}
			if err != nil {
				t.Fatal(err)
			}
		},
	}
}
