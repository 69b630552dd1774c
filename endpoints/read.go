package endpoints

import (
	"net/netip"
	"slices"
	"strings"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/service"
)

func (c *Controller) lookup(namespace, name string) *svcState {
	s := c.svcs.Value(keyOf(namespace, name))
	if s == nil || !s.hasObjects {
		return nil
	}
	return s
}

// Endpoints returns a copy of the Service's Endpoints object as of its last
// Sync, and false when it has none (never synced, deleted, or neither
// managed nor written with SetManual). A manual object is returned as
// written.
// The object is materialized from the incremental state on first read after
// a change and cached.
func (c *Controller) Endpoints(namespace, name string) (Endpoints, bool) {
	ep, ok := c.endpointsView(namespace, name)
	if !ok {
		return Endpoints{}, false
	}
	return cloneEndpoints(ep), true
}

// endpointsView is Endpoints without the copy, for a read that keeps
// nothing (Check): the object is shared, callers must not change it.
func (c *Controller) endpointsView(namespace, name string) (Endpoints, bool) {
	key := keyOf(namespace, name)
	return c.endpointsOf(key, c.svcs.Value(key))
}

// endpointsOf is endpointsView of key given its Service's state s (nil
// for none).
func (c *Controller) endpointsOf(key ServiceKey, s *svcState) (Endpoints, bool) {
	var m *manualState
	if s == nil || !s.hasObjects {
		m = c.manual.Value(key)
	}
	return c.shownEndpoints(s, m)
}

// shownEndpoints is endpointsOf given also the key's manual object m (nil
// for none): s's object when it has objects, else m's when shown.
func (c *Controller) shownEndpoints(s *svcState, m *manualState) (Endpoints, bool) {
	if s == nil || !s.hasObjects {
		if m != nil && m.showing {
			return m.shown, true
		}
		return Endpoints{}, false
	}
	return s.endpoints(c), true
}

// endpoints returns the materialized Endpoints object (shared: callers
// must not change it).
func (s *svcState) endpoints(c *Controller) Endpoints {
	if s.epCache == nil {
		contribs := make([]contrib, 0, s.epCount)
		for _, sl := range s.slices {
			for i := range sl.eps {
				e := &sl.eps[i]
				if e.f.has(fEpIn) {
					r := c.pod(e.id)
					d := c.data(s, e.id, r)
					contribs = append(contribs, contrib{
						addr:  Address{IP: d.ip, NodeName: c.nodeName(d.node), Pod: r.key, Hostname: c.hostname(s, e.id)},
						ready: e.f.has(fEpReady),
						ports: sl.grp.ports,
					})
				}
			}
		}
		ep := buildEndpoints(s.key.Namespace, s.key.Name, s.epPortless, contribs)
		ep.CreationTimestamp = s.created
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
// Sync (for a selector-less Service, those mirroring its manual Endpoints),
// ordered by name; nil when it has none.
func (c *Controller) Slices(namespace, name string) []Slice {
	out := c.ownSlices(namespace, name)
	if us := c.userShown(pod.NamespaceOrDefault(namespace), name); len(us) > 0 {
		out = append(out, cloneSlices(us)...)
		slices.SortFunc(out, compareSliceNames)
	}
	return out
}

// ownSlices is Slices without the user's slices (SetSlice).
func (c *Controller) ownSlices(namespace, name string) []Slice {
	s := c.lookup(namespace, name)
	if s == nil {
		if m := c.manualOf(namespace, name); m != nil && len(m.slices) > 0 {
			return cloneSlices(m.slices)
		}
		return nil
	}
	out := make([]Slice, 0, len(s.slices))
	for _, sl := range s.slices {
		x := c.sliceOf(s, sl, s.sliceLabels())
		if sl.grp != nil {
			x.Ports = slices.Clone(sl.grp.ports)
		}
		if len(sl.eps) > 0 {
			// One array holds the slice's addresses, one per endpoint, each
			// capped so that an append to one copies it.
			addrs := make([]netip.Addr, len(sl.eps))
			x.Endpoints = make([]Endpoint, len(sl.eps))
			for i, e := range sl.eps {
				ep, ip := c.endpointOf(s, e)
				addrs[i] = ip
				ep.Addresses, ep.Hints = addrs[i:i+1:i+1], cloneHints(ep.Hints)
				x.Endpoints[i] = ep
			}
		}
		out = append(out, x)
	}
	slices.SortFunc(out, compareSliceNames)
	return out
}

// sliceView is storage for materializing a Service's slices for a read
// that keeps nothing (Check), reused from one read to the next.
type sliceView struct {
	slices []Slice
	eps    []Endpoint
	addrs  []netip.Addr
}

// ownSlicesView is ownSlices without the copies, the names and the
// labels, in the order of the Service's state, for Check, which keeps
// nothing, compares slices whatever their names and order, and the
// labels by what they are made from (sameSliceLabels): the slices live
// in the controller's view until its next call, and share their ports
// and hints with its state; callers must not change them.
func (c *Controller) ownSlicesView(namespace, name string) []Slice {
	key := keyOf(namespace, name)
	return c.shownSlices(c.svcs.Value(key), c.manual.Value(key))
}

// shownSlices is ownSlicesView of the key of Service state s and manual
// object m (nil for none): s's slices when it has objects, else m's.
func (c *Controller) shownSlices(s *svcState, m *manualState) []Slice {
	if s == nil || !s.hasObjects {
		if m != nil && len(m.slices) > 0 {
			return m.slices
		}
		return nil
	}
	v := &c.checkStorage().view
	n := 0
	for _, sl := range s.slices {
		n += len(sl.eps)
	}
	// Grown once, so that the slices' endpoints and addresses stay where
	// they are written.
	v.slices, v.eps, v.addrs = v.slices[:0], slices.Grow(v.eps[:0], n), slices.Grow(v.addrs[:0], n)
	for _, sl := range s.slices {
		x := Slice{Namespace: s.key.Namespace, Service: s.key.Name, AddressType: sl.at, CreationTimestamp: sl.created}
		if sl.grp != nil {
			x.Ports = sl.grp.ports
		}
		start := len(v.eps)
		for _, e := range sl.eps {
			ep, ip := c.endpointOf(s, e)
			v.addrs = append(v.addrs, ip)
			ep.Addresses = v.addrs[len(v.addrs)-1 : len(v.addrs) : len(v.addrs)]
			v.eps = append(v.eps, ep)
		}
		if len(v.eps) > start {
			x.Endpoints = v.eps[start:len(v.eps):len(v.eps)]
		}
		v.slices = append(v.slices, x)
	}
	return v.slices
}

// sliceLabels returns the labels of s's slices (SliceLabels).
func (s *svcState) sliceLabels() map[string]string {
	return sliceLabels(s.key.Name, s.labels, s.headless)
}

// sliceOf materializes slice sl of s without its ports and endpoints.
func (c *Controller) sliceOf(s *svcState, sl *sliceState, labels map[string]string) Slice {
	return Slice{Namespace: s.key.Namespace, Name: s.prefix + string(sl.suffix[:]), Service: s.key.Name,
		AddressType: sl.at, Labels: labels, CreationTimestamp: sl.created}
}

// endpointOf materializes slice endpoint e of s without its address,
// returned apart, and with shared hints (see hintsOf).
func (c *Controller) endpointOf(s *svcState, e sliceEP) (Endpoint, netip.Addr) {
	r := c.pod(e.id)
	d := c.data(s, e.id, r)
	node, cond := c.nodeName(d.node), e.f.cond()
	zone := c.opts.zoneOf(node)
	return Endpoint{Conditions: cond, NodeName: node, Pod: r.key, Hostname: c.hostname(s, e.id), Zone: zone,
		Hints: c.hintsOf(s, cond.Ready, zone, node)}, d.ip
}

func compareSliceNames(a, b Slice) int { return strings.Compare(a.Name, b.Name) }

// AppendBackends appends to dst, without copying whole objects, the
// endpoints of the Service port named portName as its slices hold them:
// address, resolved port, node, pod and conditions. Endpoints whose slice
// lacks that port (the named targetPort did not resolve on the pod) are
// left out. A Service without ports (headless) lists every endpoint under
// the name "" with Port 0. Order: slices in creation order, endpoints in
// slice order.
func (c *Controller) AppendBackends(key ServiceKey, portName string, dst []Backend) []Backend {
	dst = c.appendOwnBackends(key, portName, dst)
	if us := c.userShown(pod.NamespaceOrDefault(key.Namespace), key.Name); len(us) > 0 {
		dst = appendSlicesBackends(us, portName, dst)
	}
	return dst
}

// AppendPortBackends appends to bufs[i] what AppendBackends appends for
// the Service port ports[i], for every port of the Service at once (bufs
// holds one buffer per port): the Service's state, manual object and
// user slices are looked up once rather than once per port, as kube-proxy
// programs a Service's ports together.
func (c *Controller) AppendPortBackends(key ServiceKey, ports []service.Port, bufs [][]Backend) {
	s := c.lookup(key.Namespace, key.Name)
	var m *manualState
	if s == nil {
		m = c.manualOf(key.Namespace, key.Name)
	}
	us := c.userShown(pod.NamespaceOrDefault(key.Namespace), key.Name)
	if s != nil {
		c.appendStatePortBackends(s, ports, bufs)
	}
	for i, p := range ports {
		if m != nil {
			bufs[i] = appendManualBackends(m, p.Name, bufs[i])
		}
		if len(us) > 0 {
			bufs[i] = appendSlicesBackends(us, p.Name, bufs[i])
		}
	}
}

// appendStatePortBackends appends to bufs[i] what appendStateBackends
// appends for the port ports[i], slice by slice: a slice's endpoints are
// the same for every port it carries but for the port number, so each is
// built once, for the first of them, and copied with its number for the
// others (a Service of several ports, as the cluster DNS one, builds each
// endpoint once rather than once per port).
func (c *Controller) appendStatePortBackends(s *svcState, ports []service.Port, bufs [][]Backend) {
	for _, sl := range s.slices {
		first, from := -1, 0 // where sl's endpoints were built: bufs[first][from:]
		for i, p := range ports {
			port, ok := s.portOf(sl, p.Name)
			switch {
			case !ok:
				continue
			case first < 0:
				first, from = i, len(bufs[i])
				bufs[i] = slices.Grow(bufs[i], len(sl.eps))
				for _, e := range sl.eps {
					bufs[i] = c.appendBackend(bufs[i], s, e, port)
				}
				continue
			}
			n := len(bufs[i])
			bufs[i] = append(bufs[i], bufs[first][from:]...)
			for j := n; j < len(bufs[i]); j++ {
				bufs[i][j].Port = port
			}
		}
	}
}

func (c *Controller) appendOwnBackends(key ServiceKey, portName string, dst []Backend) []Backend {
	s := c.lookup(key.Namespace, key.Name)
	if s == nil {
		if m := c.manualOf(key.Namespace, key.Name); m != nil {
			dst = appendManualBackends(m, portName, dst)
		}
		return dst
	}
	return c.appendStateBackends(s, portName, dst)
}

// appendStateBackends is appendOwnBackends for the Service of state s.
func (c *Controller) appendStateBackends(s *svcState, portName string, dst []Backend) []Backend {
	for _, sl := range s.slices {
		if port, ok := s.portOf(sl, portName); ok {
			dst = slices.Grow(dst, len(sl.eps))
			for _, e := range sl.eps {
				dst = c.appendBackend(dst, s, e, port)
			}
		}
	}
	return dst
}

// portOf returns the number of the port named portName in slice sl of s,
// and false when sl lacks it; a Service without ports has every endpoint
// under the name "" with Port 0.
func (s *svcState) portOf(sl *sliceState, portName string) (int32, bool) {
	if len(s.svc.Ports) == 0 {
		return 0, portName == ""
	}
	if sl.grp == nil {
		return 0, false
	}
	for _, p := range sl.grp.ports {
		if p.Name == portName {
			return p.Port, true
		}
	}
	return 0, false
}

// AppendReady appends the addresses of the ready endpoints among those
// AppendBackends lists, in its order, and returns them with the number of
// the others that are not terminating: a summary of the Service's
// endpoints that builds no Backend.
func (c *Controller) AppendReady(key ServiceKey, portName string, dst []netip.Addr) ([]netip.Addr, int) {
	notReady := 0
	if s := c.lookup(key.Namespace, key.Name); s != nil {
		for _, sl := range s.slices {
			if _, ok := s.portOf(sl, portName); !ok {
				continue
			}
			for _, e := range sl.eps {
				switch {
				case e.f.has(fReady):
					dst = append(dst, c.data(s, e.id, c.pod(e.id)).ip)
				case !e.f.has(fTerminating):
					notReady++
				}
			}
		}
	} else if m := c.manualOf(key.Namespace, key.Name); m != nil {
		dst = appendSlicesReady(m.slices, portName, dst, &notReady)
	}
	if us := c.userShown(pod.NamespaceOrDefault(key.Namespace), key.Name); len(us) > 0 {
		dst = appendSlicesReady(us, portName, dst, &notReady)
	}
	return dst, notReady
}

// appendSlicesReady is AppendReady for the slices ss: it appends the
// ready addresses of those carrying port portName and counts in notReady
// their other endpoints that are not terminating.
func appendSlicesReady(ss []Slice, portName string, dst []netip.Addr, notReady *int) []netip.Addr {
	for _, sl := range ss {
		if _, ok := slicePort(sl, portName); !ok {
			continue
		}
		for _, e := range sl.Endpoints {
			switch {
			case e.Conditions.Ready:
				dst = append(dst, e.Addresses...)
			case !e.Conditions.Terminating:
				*notReady += len(e.Addresses)
			}
		}
	}
	return dst
}

// slicePort returns the number of the port named portName in sl, and
// false when sl lacks it (a slice without ports carries "", with Port 0).
func slicePort(sl Slice, portName string) (int32, bool) {
	for _, p := range sl.Ports {
		if p.Name == portName {
			return p.Port, true
		}
	}
	return 0, portName == "" && len(sl.Ports) == 0
}

// AppendAddresses appends every endpoint of the Service once, whatever its
// ports (Port 0): the addresses CoreDNS answers for a headless Service.
func (c *Controller) AppendAddresses(key ServiceKey, dst []Backend) []Backend {
	if s := c.lookup(key.Namespace, key.Name); s != nil {
		dst = c.appendAll(s, dst)
	} else if m := c.manualOf(key.Namespace, key.Name); m != nil {
		for _, sl := range m.slices {
			dst = appendSliceBackends(sl, 0, dst)
		}
	}
	for _, sl := range c.userShown(pod.NamespaceOrDefault(key.Namespace), key.Name) {
		dst = appendSliceBackends(sl, 0, dst)
	}
	return dst
}

func (c *Controller) appendAll(s *svcState, dst []Backend) []Backend {
	for _, sl := range s.slices {
		for _, e := range sl.eps {
			dst = c.appendBackend(dst, s, e, 0)
		}
	}
	return dst
}

// appendBackend appends slice endpoint e of s with port, filled in place
// (a Backend is over a hundred bytes: built elsewhere, it would be copied
// twice more).
func (c *Controller) appendBackend(dst []Backend, s *svcState, e sliceEP, port int32) []Backend {
	dst = append(dst, Backend{})
	b := &dst[len(dst)-1]
	r := c.pod(e.id)
	d := c.data(s, e.id, r)
	b.IP, b.Port, b.Node, b.Pod, b.Hostname = d.ip, port, c.nodeName(d.node), r.key, c.hostname(s, e.id)
	b.Ready, b.Serving, b.Terminating = e.f.has(fReady), e.f.has(fServing), e.f.has(fTerminating)
	if s.hinted != hintNone {
		b.Hints = c.hintsOf(s, b.Ready, c.opts.zoneOf(b.Node), b.Node)
	}
	return dst
}

// hintsOf returns the hints of an endpoint of s (shared: see hintsFor).
func (c *Controller) hintsOf(s *svcState, ready bool, zone, node string) *Hints {
	if s.hinted == hintNone || !ready {
		return nil
	}
	if c.hints == nil {
		c.hints = map[hintKey]*Hints{}
	}
	return hintsFor(c.hints, s.hinted, ready, zone, node)
}

// Generation returns a number that changes whenever a Sync changes the
// Service's Endpoints or slices (drawn from one controller-wide counter, so
// a deleted and re-created Service never repeats a value); 0 for a
// Service never changed.
func (c *Controller) Generation(key ServiceKey) uint64 {
	var g uint64
	k := keyOf(key.Namespace, key.Name)
	if s := c.svcs.Value(k); s != nil {
		g = s.gen
	}
	if m := c.manual.Value(k); m != nil {
		g = max(g, m.gen)
	}
	if u := c.user.Value(k); u != nil {
		g = max(g, u.gen)
	}
	return g
}
