package endpoints

// Reads of a Service's Endpoints object and EndpointSlices flattened to
// one entry per address and port, appended to the caller's slice: for a
// test that compares them with an expectation after every step, where
// the copies Endpoints and Slices make of the objects would be most of
// the cost.

import (
	"net/netip"

	"github.com/svcsim/svcsim/pod"
)

// FlatEndpoint is one address of an Endpoints subset, or of an
// EndpointSlice endpoint, at one port of its subset or slice.
type FlatEndpoint struct {
	IP netip.Addr
	// Port is the port of the subset or slice; the zero EndpointPort, with
	// NoPorts set, when it has none.
	Port    EndpointPort
	NoPorts bool
	Pod     string // namespace/name, as the Address or Endpoint holds it
	// Ready is the address's readiness: among the subset's Addresses, not
	// its NotReadyAddresses, or the endpoint's Ready condition.
	Ready bool
}

// AppendFlatEndpoints appends to dst what FlattenEndpoints does of the
// Endpoints object Endpoints returns for the Service, without copying
// it; it returns the extended slice, the object's Truncated, and false
// when there is no object (dst unchanged).
func (c *Controller) AppendFlatEndpoints(namespace, name string, dst []FlatEndpoint) (_ []FlatEndpoint, truncated, ok bool) {
	ep, ok := c.endpointsView(namespace, name)
	if !ok {
		return dst, false, false
	}
	return FlattenEndpoints(dst, ep), ep.Truncated, true
}

// FlattenEndpoints appends to dst the addresses of ep, subset by subset,
// each subset's ready addresses, then its not-ready ones, each at every
// port of the subset, and returns the extended slice.
func FlattenEndpoints(dst []FlatEndpoint, ep Endpoints) []FlatEndpoint {
	for _, sub := range ep.Subsets {
		for _, ready := range [2]bool{true, false} {
			addrs := sub.Addresses
			if !ready {
				addrs = sub.NotReadyAddresses
			}
			for _, a := range addrs {
				dst = appendFlat(dst, a.IP, sub.Ports, a.Pod, ready)
			}
		}
	}
	return dst
}

// AppendFlatSlices appends to dst what FlattenSlices does of the
// EndpointSlices Slices returns for the Service, without copying them,
// and returns the extended slice. The slices come in no particular order
// (Slices sorts them by name).
func (c *Controller) AppendFlatSlices(namespace, name string, dst []FlatEndpoint) []FlatEndpoint {
	if s := c.lookup(namespace, name); s != nil {
		for _, sl := range s.slices {
			var ports []EndpointPort
			if sl.grp != nil {
				ports = sl.grp.ports
			}
			for _, e := range sl.eps {
				r := c.pod(e.id)
				dst = appendFlat(dst, c.data(s, e.id, r).ip, ports, r.key, e.f.has(fReady))
			}
		}
	} else if m := c.manualOf(namespace, name); m != nil {
		dst = FlattenSlices(dst, m.slices)
	}
	return FlattenSlices(dst, c.userShown(pod.NamespaceOrDefault(namespace), name))
}

// FlattenSlices appends to dst the endpoints of ss, slice by slice, each
// endpoint's addresses at every port of its slice, and returns the
// extended slice.
func FlattenSlices(dst []FlatEndpoint, ss []Slice) []FlatEndpoint {
	for _, sl := range ss {
		for _, e := range sl.Endpoints {
			for _, ip := range e.Addresses {
				dst = appendFlat(dst, ip, sl.Ports, e.Pod, e.Conditions.Ready)
			}
		}
	}
	return dst
}

// appendFlat appends address ip of pod podRef at each of ports, or once with
// NoPorts when there is none.
func appendFlat(dst []FlatEndpoint, ip netip.Addr, ports []EndpointPort, podRef string, ready bool) []FlatEndpoint {
	if len(ports) == 0 {
		return append(dst, FlatEndpoint{IP: ip, NoPorts: true, Pod: podRef, Ready: ready})
	}
	for _, p := range ports {
		dst = append(dst, FlatEndpoint{IP: ip, Port: p, Pod: podRef, Ready: ready})
	}
	return dst
}
