package endpoints

import (
	"maps"
	"slices"
	"time"

	"github.com/svcsim/svcsim/internal/blocks"
	"github.com/svcsim/svcsim/internal/intern"
	"github.com/svcsim/svcsim/internal/smallmap"
	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/service"
)

// Controller keeps every Service's Endpoints and EndpointSlices current as
// pods and services change: kube-controller-manager's endpoints and
// endpointslice controllers (pkg/controller/endpoint,
// pkg/controller/endpointslice) as a data structure that is told about
// changes and never schedules anything. The caller owns the work queue:
// SetPod, DeletePod, SetService and DeleteService append the keys of the
// Services that need a Sync (a pod change reports a Service once until its
// Sync); Sync applies only the pending changes of one Service, updating its
// slices in place as upstream's reconciler does.
//
// Pods passed to SetPod share their Labels and Ports with the controller:
// the caller must treat those maps and slices as immutable once passed (sim
// never mutates them after creation). Everything else is copied.
//
// A Controller is deterministic (the same calls give the same slices and
// names) and not safe for concurrent use.
type Controller struct {
	opts  Options
	max   int
	ns    smallmap.Map[string, *nsState]
	svcs  smallmap.Map[ServiceKey, *svcState]
	pods  blocks.Array[podRec] // records never move
	free  []podID
	epoch uint64 // bumps at each Sync with work; marks touched state
	gen   uint64 // last generation handed out (global, so never reused)
	names uint64 // slice name counter, without Options.NameSuffix
	// queued counts the Services with work for their next Sync
	// (svcState.queued): while none has, a Sync of a managed key returns
	// at once.
	queued int
	// manual holds the Endpoints objects written by others (SetManual);
	// mqueued counts those with work for their key's next Sync
	// (manualState.queued).
	manual  smallmap.Map[ServiceKey, *manualState]
	mqueued int
	// user holds the EndpointSlices written by users (SetSlice) by
	// Service, uqueued those with work for their key's next Sync,
	// userNames the Service of each by namespace and name (the maps nil
	// until the first user slice).
	user      smallmap.Map[ServiceKey, *userSlices]
	uqueued   map[ServiceKey]*userSlices
	userNames map[nsName]ServiceKey

	scratch   []*svcState
	ids       []podID
	slScratch []*sliceState
	touched   []*group
	emptied   []*sliceState
	adds      []pendingAdd
	removed   []removedEP
	addsTmp   []pendingAdd

	// Name tables of the compact pod records.
	nodes  intern.Table[string] // node names by id (0: "")
	phases []pod.Phase          // phase id → phase; starts in phases0
	// phases0 is the first block of phases: "", Pending, Running and one
	// more, the phases a cluster's pods go through, at no allocation of
	// their own.
	phases0 [4]pod.Phase
	stale   map[staleKey]epData    // see mship.stale
	plists  []portList             // interned container-port lists (0: none)
	plIdx   map[portListKey]uint32 // nil while plists is small (smallTable)
	hints   map[hintKey]*Hints     // hintsFor's cache, made on first use

	// chk is Check's storage (and a read's view of a Service's slices),
	// made on first use (checkStorage): a controller that is never checked
	// does not carry it.
	chk *checkScratch
	// rare holds the pod records' side tables and the free lists
	// (rareState), nil until the first is written.
	rare *rareState
}

// now reads the clock of Options.Now (zero without one).
func (c *Controller) now() time.Time {
	if c.opts.Now == nil {
		return time.Time{}
	}
	return c.opts.Now()
}

// checkStorage returns Check's storage, made on first use.
func (c *Controller) checkStorage() *checkScratch {
	if c.chk == nil {
		c.chk = new(checkScratch)
	}
	return c.chk
}

// pod returns the record of id.
func (c *Controller) pod(id podID) *podRec { return c.pods.At(int32(id)) }

// find returns the index of the pod's membership in s, or -1.
func (r *podRec) find(s *svcState) int {
	for i := range r.mships.len() {
		if r.mships.at(i).sl.svc == s {
			return i
		}
	}
	return -1
}

// NewController returns an empty Controller.
func NewController(opts Options) *Controller {
	b := &controllerBlock{c: Controller{opts: opts, max: opts.maxPerSlice()}}
	c := &b.c
	c.ns.UseFirst(&b.ns)
	c.svcs.UseFirst(&b.svcs)
	c.manual.UseFirst(&b.manual)
	c.touched, c.adds = b.touched[:0], b.adds[:0]
	c.phases = c.phases0[:1] // "": no phase yet
	return c
}

// controllerBlock is a Controller with the first tables of its
// namespaces, Services and manual objects (a cluster's default and
// kube-system, its few Services, kube-apiserver's default/kubernetes)
// and the first blocks of a Sync's scratch (the groups and endpoints of
// a small Service's Sync): one allocation, not six.
type controllerBlock struct {
	c       Controller
	ns      smallmap.First[string, *nsState]
	svcs    smallmap.First[ServiceKey, *svcState]
	manual  smallmap.First[ServiceKey, *manualState]
	touched [2]*group
	adds    [8]pendingAdd
}

func keyOf(ns, name string) ServiceKey { return ServiceKey{pod.NamespaceOrDefault(ns), name} }

func (c *Controller) namespace(ns string) *nsState {
	n := c.ns.Value(ns)
	if n == nil {
		n = newNS(ns)
		c.ns.Set(ns, n)
	}
	return n
}

// releaseNS drops namespace n's state once it holds no live pod, no
// lingering record and no Service: a namespace emptied of its objects
// costs nothing.
func (c *Controller) releaseNS(n *nsState) {
	if n.pods.len() == 0 && n.lingering == 0 && n.svcs == 0 && c.ns.Value(n.name) == n {
		c.ns.Delete(n.name)
	}
}

// SetService adds or updates a Service (selector, ports, type, headless,
// ClusterIP and publishNotReadyAddresses may change) and appends its key to
// dirty when its Endpoints or slices may change. The controller keeps the
// Service's selector, ports and labels as they are, not copies: the caller
// must not change them afterwards (pass a clone to keep changing a Service
// value).
func (c *Controller) SetService(svc service.Service, dirty []ServiceKey) []ServiceKey {
	key := keyOf(svc.Namespace, svc.Name)
	svc.Namespace = key.Namespace
	s := c.svcs.Value(key)
	if s != nil && !s.deleted && sameSpec(s.svc, &svc) && s.fixedAT == serviceAddressType(&svc) {
		// Changed labels only relabel the slices at the next Sync.
		relabel := !maps.Equal(s.svc.Labels, svc.Labels)
		s.svc = specOf(&svc)
		if relabel && s.managed && s.hasObjects {
			c.queue(s)
			dirty = append(dirty, key)
		}
		return dirty
	}
	if s == nil {
		s = c.newSvcState(key)
		c.svcs.Set(key, s)
	} else {
		if s.indexed && (!manages(&svc) || !maps.Equal(s.svc.Selector, svc.Selector)) {
			s.ns.unindexService(s)
			s.indexed = false
		}
	}
	s.deleted = false
	s.setSpec(&svc)
	if s.managed && !s.indexed {
		s.ns.indexService(s)
		s.indexed = true
	}
	s.full = true
	c.queue(s)
	c.touchManual(key, false)
	return append(dirty, key)
}

// DeleteService forgets a Service in the selector index at once and appends
// its key to dirty; the next Sync of the key removes its Endpoints and
// slices (upstream: service not found → delete), manual ones (SetManual)
// included.
func (c *Controller) DeleteService(namespace, name string, dirty []ServiceKey) []ServiceKey {
	key := keyOf(namespace, name)
	s := c.svcs.Value(key)
	if s == nil || s.deleted {
		return dirty
	}
	if s.indexed {
		s.ns.unindexService(s)
		s.indexed = false
	}
	s.deleted = true
	c.queue(s)
	c.touchManual(key, true)
	c.dropUser(key)
	return append(dirty, key)
}

// SetPod adds or updates a pod and appends the keys of the Services whose
// Endpoints or slices may change (those not already waiting for a Sync),
// following upstream's rules
// (kubernetes staging/src/k8s.io/endpointslice/util/controller_utils.go,
// GetServicesToUpdateOnPodChange): a new pod → the
// Services matching it; a label change only → the symmetric difference of
// the old and new memberships; a change of readiness, termination, IP,
// phase, node, UID or ports (with or without a label change) → the union;
// nothing relevant changed → nothing. Services are found through the
// namespace's selector index, never by scanning.
func (c *Controller) SetPod(p pod.Pod, dirty []ServiceKey) []ServiceKey {
	return c.SetPodKeyed("", p, dirty)
}

// SetPodKeyed is SetPod for a caller that keeps the pod's key,
// "namespace/name" with the namespace defaulted, in one string: a new
// record keeps that string (as Backend.Pod and Address.Pod show it)
// rather than building its own. A key that is not the pod's is not used.
func (c *Controller) SetPodKeyed(key string, p pod.Pod, dirty []ServiceKey) []ServiceKey {
	ns := c.namespace(pod.NamespaceOrDefault(p.Namespace))
	name := newPodName(p.Name)
	id, ok := ns.pods.lookup(c, name)
	if !ok {
		id = c.allocPod()
		r := c.pod(id)
		if !isPodKey(key, ns.name, p.Name) {
			key = ns.name + "/" + p.Name
		}
		*r = podRec{ns: ns, key: key, alive: true, seen: r.seen,
			mships: r.mships.emptied()}
		ns.pods.add(name, id)
		c.setHost(id, hostSpec{p.Hostname, p.Subdomain})
		c.update(id, r, &p)
		if g, ok := ns.ghosts.take(c, name); ok {
			r.ghost = g + 1
			c.pod(g).reborn = true
		}
		c.indexPod(ns, id, p.Labels)
		return c.enqueue(id, c.podServices(r), dirty)
	}
	if c.hostOf(id) != (hostSpec{p.Hostname, p.Subdomain}) {
		// Immutable in the apiserver; should it change anyway, the pod is
		// replaced by a new record under its name, and every Service of
		// the old or the new one syncs it (upstream counts a hostname or
		// subdomain change as a label change: podEndpointsChanged).
		dirty = c.DeletePod(ns.name, p.Name, dirty)
		return c.SetPodKeyed(key, p, dirty)
	}
	r := c.pod(id)
	if sameMap(r.lg.labels, p.Labels) || maps.Equal(r.lg.labels, p.Labels) {
		if !c.update(id, r, &p) {
			return dirty
		}
		return c.enqueue(id, c.podServices(r), dirty)
	}
	old := append(c.scratch[:0], c.podServices(r)...)
	c.scratch = old
	c.unindexPod(ns, id)
	podChanged := c.update(id, r, &p)
	c.indexPod(ns, id, p.Labels)
	now := c.podServices(r)
	for _, s := range old {
		if podChanged || !slices.Contains(now, s) {
			dirty = c.enqueue1(id, s, dirty)
		}
	}
	for _, s := range now {
		if !slices.Contains(old, s) {
			dirty = c.enqueue1(id, s, dirty)
		}
	}
	return dirty
}

// isPodKey reports whether key is namespace + "/" + name.
func isPodKey(key, namespace, name string) bool {
	return len(key) == len(namespace)+1+len(name) && key[len(namespace)] == '/' &&
		key[:len(namespace)] == namespace && key[len(namespace)+1:] == name
}

// DeletePod removes a pod (the final removal of the object) and appends
// the keys of the Services it was a member of (those not already waiting
// for a Sync). The record lingers, dead, until those Services' Syncs have
// dropped its endpoints.
func (c *Controller) DeletePod(namespace, name string, dirty []ServiceKey) []ServiceKey {
	ns := c.ns.Value(pod.NamespaceOrDefault(namespace))
	if ns == nil {
		return dirty
	}
	pn := newPodName(name)
	id, ok := ns.pods.take(c, pn)
	if !ok {
		return dirty
	}
	r := c.pod(id)
	dirty = c.enqueue(id, c.podServices(r), dirty)
	c.unindexPod(ns, id)
	r.alive = false
	if r.mships.len() > 0 {
		// The record lingers until its Services sync; remember it by name
		// so that a pod re-created under that name before then can take
		// its endpoints' places (see reconciler.restore).
		r.ghosted = true
		ns.lingering++
		ns.ghosts.add(pn, id)
	}
	c.maybeFree(id)
	return dirty
}

// maybeFree recycles a dead pod record once no slice holds it, and its
// namespace's state with its last record.
func (c *Controller) maybeFree(id podID) {
	r := c.pod(id)
	if r.alive || r.mships.len() > 0 {
		return
	}
	ns := r.ns
	if r.ghosted {
		ns.lingering--
		if !r.reborn {
			ns.ghosts.del(c, r.name())
		}
	}
	if r.ipk == ipOther {
		delete(c.rare.ip6, id) // made by setIP
	}
	if r.phase == phaseOther {
		delete(c.rare.phaseX, id) // made by setPhase
	}
	c.setHost(id, hostSpec{})
	c.releasePorts(r.ports)
	*r = podRec{seen: r.seen, mships: r.mships.emptied()}
	c.free = append(c.free, id)
	c.releaseNS(ns)
}

// update copies p into its record, keeping the data the slices show when
// the address or node changes (markStale), and reports whether anything
// but the labels changed: readiness, termination, address, phase, node,
// UID or ports (upstream's podEndpointsChanged, the labels aside).
func (c *Controller) update(id podID, r *podRec, p *pod.Pod) bool {
	changed := r.uid != p.UID || r.ready != p.Ready || r.term != p.Terminating
	r.uid = p.UID
	if !samePorts(c.portsOf(r), p.Ports) {
		changed = true
		c.releasePorts(r.ports)
		r.ports = c.internPorts(p.Ports)
	}
	if moved := c.nodeName(r.node) != p.NodeName; moved || !c.sameIP(id, r, p.IP) {
		changed = true
		c.markStale(id, r)
		if moved {
			r.node = c.nodeID(p.NodeName)
		}
		c.setIP(id, r, p.IP)
	}
	if c.phaseOf(id, r) != p.Phase {
		changed = true
		c.setPhase(id, r, p.Phase)
	}
	r.ready, r.term = p.Ready, p.Terminating
	r.terminal = p.Phase == pod.Succeeded || p.Phase == pod.Failed
	return changed
}

func (c *Controller) allocPod() podID {
	if n := len(c.free); n > 0 {
		id := c.free[n-1]
		c.free = c.free[:n-1]
		return id
	}
	id, _ := c.pods.Grow()
	return podID(id)
}

func (c *Controller) enqueue(id podID, svcs []*svcState, dirty []ServiceKey) []ServiceKey {
	for _, s := range svcs {
		dirty = c.enqueue1(id, s, dirty)
	}
	return dirty
}

// enqueue1 gives s pod id's change for its next Sync and appends s's key
// to dirty unless s already waits for that Sync: its key was reported then.
func (c *Controller) enqueue1(id podID, s *svcState, dirty []ServiceKey) []ServiceKey {
	if s.pending == nil {
		s.pending = s.pendingIn[:0]
	}
	s.pending = append(s.pending, id)
	if s.queued {
		return dirty
	}
	c.queue(s)
	return append(dirty, s.key)
}

// sameSpec reports whether a Service's new version b gives the same
// Endpoints and slices as the kept version a.
func sameSpec(a svcSpec, b *service.Service) bool {
	return a.externalName == (b.Type == service.ExternalName) && a.Headless == b.Headless && a.ClusterIP == b.ClusterIP &&
		a.PublishNotReadyAddresses == b.PublishNotReadyAddresses && maps.Equal(a.Selector, b.Selector) &&
		slices.Equal(a.Ports, b.Ports) && a.hints == hintModeOf(b)
}

// queue records that s has work for its next Sync.
func (c *Controller) queue(s *svcState) {
	if !s.queued {
		s.queued = true
		c.queued++
	}
}

// samePorts reports whether two container-port lists are equal, at once
// when they share their backing array (pods of one template).
func samePorts(a, b []pod.ContainerPort) bool {
	if len(a) != len(b) {
		return false
	}
	return len(a) == 0 || &a[0] == &b[0] || slices.Equal(a, b)
}

// podServices returns the managed Services whose selector matches the
// pod's labels, from the namespace's selector index, memoized in the
// pod's label group until the index changes (the group's other pods and
// later events reuse it).
func (c *Controller) podServices(r *podRec) []*svcState {
	g := r.lg
	if g.svcsVer != r.ns.selVer {
		clear(g.svcs)
		g.svcs = r.ns.matchingServices(g.labels, g.svcs[:0])
		g.svcsVer = r.ns.selVer
	}
	return g.svcs
}

// svcPool is the number of deleted Services' states kept for reuse.
const svcPool = 64

// newSvcState returns the empty state of a new Service, reusing a deleted
// one's when there is one.
func (c *Controller) newSvcState(key ServiceKey) *svcState {
	var s *svcState
	if r := c.rare; r != nil && len(r.svcFree) > 0 {
		n := len(r.svcFree)
		s = r.svcFree[n-1]
		r.svcFree[n-1] = nil
		r.svcFree = r.svcFree[:n-1]
	} else {
		s = &svcState{}
	}
	s.key, s.ns, s.prefix = key, c.namespace(key.Namespace), slicePrefix(key.Name)
	s.ns.svcs++
	s.slices = s.slicesBuf[:0]
	return s
}

// recycle keeps the state of a deleted, reset Service for reuse (with its
// buffers), dropping every reference it holds.
func (c *Controller) recycle(s *svcState) {
	r := c.rareState()
	if len(r.svcFree) >= svcPool {
		return
	}
	eps, pending := s.sl0.eps[:0], s.pending[:0]
	*s = svcState{}
	s.sl0.eps, s.pending = eps, pending
	r.svcFree = append(r.svcFree, s)
}
