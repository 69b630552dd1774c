package endpoints

import (
	"slices"
	"strings"
)

// manualState is the Endpoints object of a Service written by someone other
// than the endpoints controller (a user, or kube-apiserver for
// default/kubernetes), and what its last Sync made of it.
type manualState struct {
	key       ServiceKey
	ep        Endpoints // as written (a copy, replaced whole, never changed in place)
	sliceName string    // "" mirrored; else the one slice kube-apiserver writes
	deleted   bool      // DeleteManual or DeleteService: gone at the next Sync
	queued    bool
	// As of the last Sync: the Endpoints shown, when showing (a copy of
	// ep as it was, sharing its storage, which SetManual replaces rather
	// than change: no copy of its own), and the slices.
	shown   Endpoints
	showing bool
	slices  []Slice // ordered by name
	gen     uint64
}

// SetManual writes the Endpoints object of the Service ep.Namespace/ep.Name
// as a user (or a system component) does for a Service without a selector
// (the controllers leave such a Service's Endpoints to their owner), and
// appends the key to dirty: its next Sync makes the object visible and
// mirrors it into EndpointSlices, which AppendBackends and AppendAddresses
// then read as for any Service. The object is validated (ValidateEndpoints;
// nothing changes on error), copied and stored as kube-apiserver stores
// it: its subsets repacked and its port protocols defaulted
// (canonicalSubsets).
//
// sliceName "" means the endpointslicemirroring controller mirrors the
// object (pkg/controller/endpointslicemirroring): slices named like the
// controller's, generateName "<service>-" (Options.NameSuffix), see Mirror. A non-empty sliceName means the writer also writes the one
// EndpointSlice itself under that name and the object carries
// endpointslice.kubernetes.io/skip-mirror: "true", as kube-apiserver's
// endpoint reconciler does for default/kubernetes (slice "kubernetes").
//
// What is visible after a Sync (pkg/controller/endpoint syncService,
// endpointslicemirroring syncEndpoints):
//   - the Endpoints object, unless the Service selects pods (Manages): the
//     endpoints controller then owns the object and svcsim shows its version
//     (upstream overwrites the user's; here it comes back if the selector
//     goes);
//   - the slices, only while the Service exists with no selector.
//
// DeleteService removes the manual object too (syncService deletes the
// Endpoints of a Service that is gone, whoever wrote them).
func (c *Controller) SetManual(ep Endpoints, sliceName string, dirty []ServiceKey) ([]ServiceKey, error) {
	if err := ValidateEndpoints(ep); err != nil {
		return dirty, err
	}
	return c.setManual(cloneEndpoints(ep), sliceName, dirty), nil
}

// TakeManual is SetManual for an Endpoints value the caller gives away:
// the controller keeps ep's subsets and their address and port slices as
// they are, not copies, so the caller must not use them after the call
// (kube-apiserver's default/kubernetes, built afresh for each write,
// costs no copy). Errors and effects are SetManual's.
func (c *Controller) TakeManual(ep Endpoints, sliceName string, dirty []ServiceKey) ([]ServiceKey, error) {
	if err := ValidateEndpoints(ep); err != nil {
		return dirty, err
	}
	return c.setManual(ep, sliceName, dirty), nil
}

// setManual stores a valid Endpoints object the controller owns.
func (c *Controller) setManual(ep Endpoints, sliceName string, dirty []ServiceKey) []ServiceKey {
	key := keyOf(ep.Namespace, ep.Name)
	ep.Namespace = key.Namespace
	ep.Subsets = canonicalSubsets(ep.Subsets)
	m := c.manual.Value(key)
	switch {
	case m == nil:
		m = &manualState{key: key}
		c.manual.Set(key, m)
		ep.CreationTimestamp = c.now() // the writer creates the object now
	case !m.deleted && m.sliceName == sliceName && EqualEndpoints(m.ep, ep):
		return dirty
	case m.deleted:
		ep.CreationTimestamp = c.now()
	default:
		ep.CreationTimestamp = m.ep.CreationTimestamp
	}
	m.ep, m.sliceName, m.deleted = ep, sliceName, false
	c.queueManual(m)
	if n := len(dirty); n > 0 && dirty[n-1] == key {
		return dirty // already there: the Service was just set (kube-apiserver's reconciler follows its Service)
	}
	return append(dirty, key)
}

// DeleteManual deletes the manual Endpoints object of Service
// namespace/name (its slices go at the key's next Sync) and appends the key
// to dirty; nothing when there is none.
func (c *Controller) DeleteManual(namespace, name string, dirty []ServiceKey) []ServiceKey {
	m := c.manual.Value(keyOf(namespace, name))
	if m == nil || m.deleted {
		return dirty
	}
	m.deleted = true
	c.queueManual(m)
	return append(dirty, m.key)
}

func (c *Controller) queueManual(m *manualState) {
	if !m.queued {
		m.queued = true
		c.mqueued++
	}
}

// touchManual queues the manual object of key, if any, after a change of
// its Service (the Service's key is already in dirty); deleted drops it.
func (c *Controller) touchManual(key ServiceKey, deleted bool) {
	if m := c.manual.Value(key); m != nil {
		if deleted {
			m.deleted = true
		}
		c.queueManual(m)
	}
}

// manualVisible returns what a manual object shows given its Service: the
// Endpoints object (unless shadowed by the controller's) and whether it is
// mirrored into slices.
func (c *Controller) manualVisible(m *manualState) (showEP, mirrored bool) {
	if m.deleted {
		return false, false
	}
	s := c.svcs.Value(m.key)
	if s == nil || s.deleted {
		return true, false
	}
	return !s.managed, len(s.svc.Selector) == 0
}

// syncManual brings the shown object and slices of m up to date and
// reports whether they changed. Slices keep their names while their
// (address type, port list) stays.
func (c *Controller) syncManual(m *manualState) bool {
	if m.queued {
		m.queued = false
		c.mqueued--
	}
	showEP, mirrored := c.manualVisible(m)
	changed := false
	switch {
	case !showEP && m.showing:
		m.shown, m.showing, changed = Endpoints{}, false, true
	case showEP && (!m.showing || !EqualEndpoints(m.shown, m.ep)):
		m.shown, m.showing, changed = m.ep, true, true
	}
	var want []Slice
	if mirrored {
		want = Mirror(m.ep, m.sliceName)
		if m.sliceName == "" {
			c.nameMirrored(m, want)
		}
		slices.SortFunc(want, func(a, b Slice) int { return strings.Compare(a.Name, b.Name) })
	}
	for i := range want {
		want[i].CreationTimestamp = c.now()
		for _, old := range m.slices {
			if old.Name == want[i].Name {
				want[i].CreationTimestamp = old.CreationTimestamp
			}
		}
	}
	if !sameSlices(m.slices, want) {
		c.renameManual(m, want)
		m.slices, changed = want, true
	}
	if m.deleted {
		c.manual.Delete(m.key)
	}
	return changed
}

// nameMirrored names the mirrored slices: each takes the name of an old
// slice of the same address type and ports not yet reused, else a newly
// generated one (generateName "<service>-").
func (c *Controller) nameMirrored(m *manualState, want []Slice) {
	var ns *nsState
	used := make([]bool, len(m.slices))
	for i := range want {
		w := &want[i]
		for j, old := range m.slices {
			if !used[j] && old.AddressType == w.AddressType && slices.Equal(old.Ports, w.Ports) {
				used[j], w.Name = true, old.Name
				break
			}
		}
		if w.Name == "" {
			if ns == nil {
				ns = c.namespace(m.key.Namespace)
			}
			prefix := slicePrefix(m.key.Name)
			s := c.generateName(ns, prefix)
			w.Name = prefix + string(s[:])
		}
	}
}

// renameManual records in the namespace's taken names the change of a
// manual object's slices to new: the old names not kept are freed, the new
// ones taken (generated ones already are).
func (c *Controller) renameManual(m *manualState, new []Slice) {
	if len(m.slices) == 0 && len(new) == 0 {
		return
	}
	ns := c.namespace(m.key.Namespace)
	for _, o := range m.slices {
		if !slices.ContainsFunc(new, func(n Slice) bool { return n.Name == o.Name }) {
			ns.sliceNames.Delete(nameKey(o.Name))
		}
	}
	for _, n := range new {
		ns.sliceNames.Set(nameKey(n.Name), struct{}{})
	}
}

// sameSlices reports whether two slice lists are identical (names, ports,
// endpoints in order).
func sameSlices(a, b []Slice) bool {
	return slices.EqualFunc(a, b, func(x, y Slice) bool {
		return x.Namespace == y.Namespace && x.Name == y.Name && x.Service == y.Service && x.AddressType == y.AddressType &&
			slices.Equal(x.Ports, y.Ports) && slices.EqualFunc(x.Endpoints, y.Endpoints, func(p, q Endpoint) bool {
			return slices.Equal(p.Addresses, q.Addresses) && p.Conditions == q.Conditions && p.NodeName == q.NodeName && p.Pod == q.Pod &&
				p.Hostname == q.Hostname && p.Zone == q.Zone && equalHints(p.Hints, q.Hints)
		})
	})
}

// manualOf returns the manual object of a Service key, if it shows
// anything as of its last Sync.
func (c *Controller) manualOf(namespace, name string) *manualState {
	if c.manual.Len() == 0 {
		return nil
	}
	m := c.manual.Value(keyOf(namespace, name))
	if m == nil || (!m.showing && len(m.slices) == 0) {
		return nil
	}
	return m
}

// appendManualBackends is AppendBackends for mirrored slices: the
// endpoints of the slices carrying port portName (of those without ports
// for "", with Port 0).
func appendManualBackends(m *manualState, portName string, dst []Backend) []Backend {
	return appendSlicesBackends(m.slices, portName, dst)
}

// appendSlicesBackends appends the endpoints of the slices ss carrying
// port portName (of those without ports for "", with Port 0).
func appendSlicesBackends(ss []Slice, portName string, dst []Backend) []Backend {
	for _, sl := range ss {
		if port, ok := slicePort(sl, portName); ok {
			dst = appendSliceBackends(sl, port, dst)
		}
	}
	return dst
}

func appendSliceBackends(sl Slice, port int32, dst []Backend) []Backend {
	for _, e := range sl.Endpoints {
		for _, ip := range e.Addresses {
			dst = append(dst, Backend{IP: ip, Port: port, Node: e.NodeName, Pod: e.Pod, Hostname: e.Hostname,
				Ready: e.Conditions.Ready, Serving: e.Conditions.Serving, Terminating: e.Conditions.Terminating,
				Hints: e.Hints})
		}
	}
	return dst
}

func cloneSlices(in []Slice) []Slice {
	out := slices.Clone(in)
	for i := range out {
		out[i].Ports = slices.Clone(out[i].Ports)
		out[i].Endpoints = slices.Clone(out[i].Endpoints)
		for j := range out[i].Endpoints {
			e := &out[i].Endpoints[j]
			e.Addresses, e.Hints = slices.Clone(e.Addresses), cloneHints(e.Hints)
		}
	}
	return out
}

// compareKeys orders Service keys by namespace, then name (the names
// compared only within a namespace).
func compareKeys(a, b ServiceKey) int {
	if a.Namespace != b.Namespace {
		return strings.Compare(a.Namespace, b.Namespace)
	}
	return strings.Compare(a.Name, b.Name)
}
