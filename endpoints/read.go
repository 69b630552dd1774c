package endpoints

import (
	"net/netip"
	"slices"
	"strings"
)

func (c *Controller) lookup(namespace, name string) *svcState {
	s := c.svcs[keyOf(namespace, name)]
	if s == nil || !s.hasObjects {
		return nil
	}
	return s
}

// Endpoints returns a copy of the Service's Endpoints object as of its last
// Sync, and false when it has none (never synced, unmanaged or deleted).
// The object is materialized from the incremental state on first read after
// a change and cached.
func (c *Controller) Endpoints(namespace, name string) (Endpoints, bool) {
	s := c.lookup(namespace, name)
	if s == nil {
		return Endpoints{}, false
	}
	return cloneEndpoints(s.endpoints()), true
}

// endpoints returns the materialized Endpoints object (shared: callers
// must not change it).
func (s *svcState) endpoints() Endpoints {
	if s.epCache == nil {
		contribs := make([]contrib, 0, s.epCount)
		for _, sl := range s.slices {
			for i := range sl.eps {
				e := &sl.eps[i]
				if e.epIn {
					contribs = append(contribs, contrib{
						addr:  Address{IP: e.ip, NodeName: e.node, Pod: e.pod},
						ready: e.epReady,
						ports: sl.grp.ports,
					})
				}
			}
		}
		ep := buildEndpoints(s.key.Namespace, s.key.Name, s.epPortless, contribs)
		s.epCache = &ep
	}
	return *s.epCache
}

func cloneEndpoints(ep Endpoints) Endpoints {
	ep.Subsets = slices.Clone(ep.Subsets)
	for i := range ep.Subsets {
		ss := &ep.Subsets[i]
		ss.Addresses = slices.Clone(ss.Addresses)
		ss.NotReadyAddresses = slices.Clone(ss.NotReadyAddresses)
		ss.Ports = slices.Clone(ss.Ports)
	}
	return ep
}

// Slices returns copies of the Service's EndpointSlices as of its last
// Sync, ordered by name; nil when it has none.
func (c *Controller) Slices(namespace, name string) []Slice {
	s := c.lookup(namespace, name)
	if s == nil {
		return nil
	}
	out := make([]Slice, 0, len(s.slices))
	for _, sl := range s.slices {
		x := Slice{Namespace: s.key.Namespace, Name: sl.name, Service: s.key.Name, AddressType: sl.at}
		if sl.grp != nil {
			x.Ports = slices.Clone(sl.grp.ports)
		}
		if len(sl.eps) > 0 {
			x.Endpoints = make([]Endpoint, len(sl.eps))
			for i, e := range sl.eps {
				x.Endpoints[i] = Endpoint{Addresses: []netip.Addr{e.ip}, Conditions: e.cond, NodeName: e.node, Pod: e.pod}
			}
		}
		out = append(out, x)
	}
	slices.SortFunc(out, func(a, b Slice) int { return strings.Compare(a.Name, b.Name) })
	return out
}

// AppendBackends appends to dst, without copying whole objects, the
// endpoints of the Service port named portName as its slices hold them:
// address, resolved port, node, pod and conditions. Endpoints whose slice
// lacks that port (the named targetPort did not resolve on the pod) are
// left out. A Service without ports (headless) lists every endpoint under
// the name "" with Port 0. Order: slices in creation order, endpoints in
// slice order.
func (c *Controller) AppendBackends(key ServiceKey, portName string, dst []Backend) []Backend {
	s := c.lookup(key.Namespace, key.Name)
	if s == nil {
		return dst
	}
	if len(s.svc.Ports) == 0 {
		if portName != "" {
			return dst
		}
		return s.appendAll(dst)
	}
	for _, sl := range s.slices {
		if sl.grp == nil {
			continue
		}
		for _, p := range sl.grp.ports {
			if p.Name != portName {
				continue
			}
			for _, e := range sl.eps {
				dst = append(dst, Backend{IP: e.ip, Port: p.Port, Node: e.node, Pod: e.pod,
					Ready: e.cond.Ready, Serving: e.cond.Serving, Terminating: e.cond.Terminating})
			}
			break
		}
	}
	return dst
}

// AppendAddresses appends every endpoint of the Service once, whatever its
// ports (Port 0): the addresses CoreDNS answers for a headless Service.
func (c *Controller) AppendAddresses(key ServiceKey, dst []Backend) []Backend {
	if s := c.lookup(key.Namespace, key.Name); s != nil {
		dst = s.appendAll(dst)
	}
	return dst
}

func (s *svcState) appendAll(dst []Backend) []Backend {
	for _, sl := range s.slices {
		for _, e := range sl.eps {
			dst = append(dst, Backend{IP: e.ip, Node: e.node, Pod: e.pod,
				Ready: e.cond.Ready, Serving: e.cond.Serving, Terminating: e.cond.Terminating})
		}
	}
	return dst
}

// Generation returns a number that changes whenever a Sync changes the
// Service's Endpoints or slices (drawn from one controller-wide counter, so
// a deleted and re-created Service never repeats a value); 0 for a
// Service never changed.
func (c *Controller) Generation(key ServiceKey) uint64 {
	if s := c.svcs[keyOf(key.Namespace, key.Name)]; s != nil {
		return s.gen
	}
	return 0
}
