package endpoints

import (
	"bytes"
	"errors"
	"fmt"
	"maps"
	"slices"

	"github.com/svcsim/svcsim/internal/smallmap"
	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
	"github.com/svcsim/svcsim/service"
)

// ErrInconsistent is wrapped by every error Check returns.
var ErrInconsistent = errors.New("endpoints: incremental state differs from recomputation")

// checkScratch is Check's storage, reused from one call to the next (it
// keeps no results): what a Service's slices and Endpoints must hold
// (expect), the controller's manual slices as Check reads them and the
// two sides of their comparison, Mirror's storage.
type checkScratch struct {
	view      sliceView
	mirror    mirrorScratch
	got, want content
	podIDs    []podID // the record ids of the pods given
	// The index among the pods given of each pod record (-1: none), and
	// the label groups checkLabelIndex reached, in record order: expect
	// takes the pods a group at a time.
	podAt    []int32
	groups   []*labelGroup
	suffixes [][5]byte // a Service's slice names without their prefix (checkSliceSuffixes)
	// expect's: the endpoints expected by pod record, under the round of
	// the Service compared (each comparison takes the next), their
	// resolved ports, the
	// contributions to its Endpoints object (sorted, and the object's
	// storage, by checkEndpointsObject), and the hints of hintsFor.
	round    uint64
	wants    []wantEP
	ports    []EndpointPort
	contribs []contrib
	sorted   []sortedContrib
	ep       endpointsStorage
	hints    map[hintKey]*Hints
	// The Services given, and the controller's Services, manual objects
	// and user slices, by key, sorted (sortStates): walked side by side
	// (keyCursor) where one is looked up in another.
	given []keyed[*service.Service]
	svcs  []keyed[*svcState]
	// svcsGiven: every state of svcs was found by a key given (statesOf).
	svcsGiven bool
	manual    []keyed[*manualState]
	user      []keyed[*userSlices]
}

// keyed is an entry of a list by Service key.
type keyed[V any] struct {
	key ServiceKey
	v   V
}

// sortStates lists the Services given and the controller's Services,
// manual objects and user slices in key order (for a deterministic first
// error and lookups by walking two lists), for one Check, the states
// found by the keys given when they are all there are (statesOf);
// releaseStates drops the lists.
func (c *Controller) sortStates(svcs []service.Service) {
	given := c.checkStorage().given[:0]
	for i := range svcs {
		given = append(given, keyed[*service.Service]{keyOf(svcs[i].Namespace, svcs[i].Name), &svcs[i]})
	}
	c.chk.given = sortByKey(given)
	c.chk.svcs, c.chk.svcsGiven = statesOf(c.chk.svcs, c.svcs, given)
	c.chk.manual, _ = statesOf(c.chk.manual, c.manual, given)
	c.chk.user, _ = statesOf(c.chk.user, c.user, given)
}

// statesOf returns the entries of m in key order, in dst's storage: those
// of the Services given (sorted by key), looked up one by one, when they
// are all of m's (as they are unless a state outlives its Service, or
// the state is wrong), else all of m's, sorted (sortedEntries); and
// whether they were all found that way (every key of m is given).
func statesOf[V any](dst []keyed[V], m smallmap.Map[ServiceKey, V], given []keyed[*service.Service]) ([]keyed[V], bool) {
	dst = dst[:0]
	for i, g := range given {
		if len(dst) == m.Len() {
			break
		}
		if i > 0 && given[i-1].key == g.key {
			continue // given twice: listed once
		}
		if v, ok := m.Get(g.key); ok {
			dst = append(dst, keyed[V]{g.key, v})
		}
	}
	if len(dst) == m.Len() { // distinct keys of m, as many as it holds
		return dst, true
	}
	return sortedEntries(dst, m), false
}

// releaseStates empties sortStates' lists and the pods' ids, keeping
// their storage but no reference to a Service or a state.
func (c *Controller) releaseStates() {
	clear(c.chk.given)
	clear(c.chk.svcs)
	clear(c.chk.manual)
	clear(c.chk.user)
	c.chk.given, c.chk.svcs, c.chk.manual, c.chk.user = c.chk.given[:0], c.chk.svcs[:0], c.chk.manual[:0], c.chk.user[:0]
	c.chk.podIDs = c.chk.podIDs[:0]
	clear(c.chk.groups)
	c.chk.groups = c.chk.groups[:0]
}

// sortedEntries returns the entries of m in key order, in dst's storage.
func sortedEntries[V any](dst []keyed[V], m smallmap.Map[ServiceKey, V]) []keyed[V] {
	dst = dst[:0]
	for k, v := range m.All() {
		dst = append(dst, keyed[V]{k, v})
	}
	return sortByKey(dst)
}

// sortByKey sorts list by key and returns it.
func sortByKey[V any](list []keyed[V]) []keyed[V] {
	slices.SortFunc(list, func(a, b keyed[V]) int { return compareKeys(a.key, b.key) })
	return list
}

// keyCursor looks up keys in a list sorted by key, walking it: the keys
// looked up must come in increasing order.
type keyCursor[V any] struct{ rest []keyed[V] }

// find returns the value of key in the list (the first, if several), and
// false when the list has none.
func (k *keyCursor[V]) find(key ServiceKey) (V, bool) {
	for ; len(k.rest) > 0; k.rest = k.rest[1:] {
		if e := k.rest[0]; e.key == key { // the common case: the lists hold the same keys
			return e.v, true
		} else if compareKeys(e.key, key) > 0 {
			break
		}
	}
	var none V
	return none, false
}

// Check verifies the controller against a from-scratch recomputation, after
// every pending key has been synced: the pods it knows are exactly pods
// (same labels, IP, node, phase, readiness, termination, UID and ports);
// for each Service in svcs, its Endpoints object is the one Compute
// gives (checkEndpointsObject) and its slices hold exactly the endpoints
// Compute's do, each with its pod's fields, in a slice of its address
// type and ports (checkOwnSlices: names, the cut into slices and
// endpoint order are free, as in EquivalentSlices), with names unique,
// labelled from the Service's labels; each slice holds at most the
// maximum endpoints, no endpoint appears twice, and an address type has
// an empty slice only as its single placeholder; no other Service has
// objects; a namespace's state is kept only while it holds a pod, a
// lingering record of a deleted one or a Service; then CheckManual. The
// expected endpoints are derived from pods and svcs alone (expect), by
// Compute's rules, never from the controller's state: its label groups,
// once found to hold exactly the pods, each with the pod's labels (its
// slots, one per label), only say which pods share labels, so that a
// selector is matched once per group. The first problem found is
// returned, wrapping ErrInconsistent.
func (c *Controller) Check(svcs []service.Service, pods []pod.Pod) error {
	c.sortStates(svcs)
	err := c.check(pods)
	c.releaseStates()
	return err
}

// check is Check once the Services given and the controller's states are
// sorted (sortStates).
func (c *Controller) check(pods []pod.Pod) error {
	fail := func(format string, args ...any) error {
		return fmt.Errorf("%w: "+format, append([]any{ErrInconsistent}, args...)...)
	}
	n := 0
	ids := c.chk.podIDs[:0]
	podAt := slices.Grow(c.chk.podAt[:0], int(c.pods.Len()))[:c.pods.Len()]
	for i := range podAt {
		podAt[i] = -1
	}
	c.chk.podAt = podAt
	var ns *nsState // the last pod's namespace: pods come by namespace
	for i := range pods {
		p := &pods[i]
		if name := pod.NamespaceOrDefault(p.Namespace); ns == nil || ns.name != name {
			ns = c.ns.Value(name)
		}
		var id podID
		ok := ns != nil
		if ok {
			id, ok = ns.pods.get(c, p.Name)
		}
		if !ok {
			return fail("pod %s: unknown to the controller", p.Key())
		}
		r := c.pod(id)
		if !r.alive || r.ns != ns || !keyInNamespace(r.key, ns.name) || c.ip(id, r) != p.IP || c.nodeName(r.node) != p.NodeName ||
			c.phaseOf(id, r) != p.Phase || r.ready != p.Ready || r.term != p.Terminating || r.uid != p.UID ||
			!hasLabels(r, p.Labels) || !samePorts(c.portsOf(r), p.Ports) {
			return fail("pod %s: record differs from the pod", p.Key())
		}
		if podAt[id] >= 0 {
			return fail("pod %s: given twice", p.Key())
		}
		podAt[id] = int32(i)
		ids = append(ids, id)
		n++
	}
	c.chk.podIDs = ids
	// Every live record is a given pod's (so a record in namespace ns is
	// in its table).
	var lingering map[*nsState]int32 // made for the first (few records linger)
	ip6, alive := 0, 0
	for id := range podID(c.pods.Len()) {
		r := c.pod(id)
		if r.alive {
			alive++
		}
		if !r.alive && r.mships.len() > 0 {
			return fail("deleted pod record %d still held by %d services", id, r.mships.len())
		}
		if !r.alive && r.ghosted {
			if lingering == nil {
				lingering = map[*nsState]int32{}
			}
			lingering[r.ns]++
		}
		if r.ipk == ipOther {
			ip6++
		}
		// Every Service has synced: no slice shows older pod data.
		if r.nstale != 0 {
			return fail("pod record %d: %d memberships with stale data after every Sync", id, r.nstale)
		}
		for i := range r.mships.len() {
			if m := r.mships.at(i); m.stale || m.sl.eps[m.idx].id != id {
				return fail("pod record %d: membership in service %s stale or misplaced", id, m.sl.svc.key)
			}
		}
	}
	if alive != len(pods) {
		return fail("%d live pod records for %d pods", alive, len(pods))
	}
	ip6s := 0
	if c.rare != nil {
		ip6s = len(c.rare.ip6)
	}
	if len(c.stale) != 0 || ip6s != ip6 {
		return fail("%d stale endpoint data entries left; %d IPv6 side-table entries for %d records", len(c.stale), ip6s, ip6)
	}
	// The Services of a namespace are next to each other (in key order):
	// each run is counted against its namespace's count, so the other
	// namespaces count none when the counts, none negative, add up to
	// the number of Services.
	run := 0 // the Services so far of the namespace of the last one
	for i, e := range c.chk.svcs {
		key, s := e.key, e.v
		if i > 0 && c.chk.svcs[i-1].key.Namespace == key.Namespace {
			run++
			if s.ns != c.chk.svcs[i-1].v.ns {
				return fail("service %s: its namespace's state is not the controller's", key)
			}
		} else {
			run = 1
			if s.ns == nil || c.ns.Value(key.Namespace) != s.ns {
				return fail("service %s: its namespace's state is not the controller's", key)
			}
		}
		if (i+1 == len(c.chk.svcs) || c.chk.svcs[i+1].key.Namespace != key.Namespace) && int(s.ns.svcs) != run {
			return fail("namespace %s: %d Services counted, %d found", key.Namespace, s.ns.svcs, run)
		}
	}
	counted, taken := 0, 0 // Services, by the namespaces' counts, and slice names
	var index labelIndexSize
	for name, ns := range c.ns.All() {
		index.groups, index.sets = index.groups+ns.lgByPtr.Len(), index.sets+ns.byLabel.Len()
		if ns.unlabelled != nil && ns.lgByPtr.Value(mapPointer(ns.unlabelled.labels)) != ns.unlabelled {
			return fail("namespace %s: the group of unlabelled pods is not in the label index", ns.name)
		}
		if ns.lingering != lingering[ns] {
			return fail("namespace %s: %d lingering pod records counted, %d found", ns.name, ns.lingering, lingering[ns])
		}
		if ns.ghosts.len() != 0 { // every Service synced: no deleted pod lingers
			return fail("namespace %s: %d deleted pods listed as lingering after every Sync", ns.name, ns.ghosts.len())
		}
		if ns.svcs < 0 || ns.name != name {
			return fail("namespace %s: %d Services counted", name, ns.svcs)
		}
		counted += int(ns.svcs)
		taken += ns.sliceNames.Len()
		if ns.pods.len() == 0 && ns.lingering == 0 && ns.svcs == 0 {
			return fail("namespace %s: kept without pods, lingering records or Services", name)
		}
		n -= ns.pods.len()
	}
	if n != 0 { // the namespaces' tables hold pods not given
		return fail("the controller knows %d pods more than were given", -n)
	}
	if counted != len(c.chk.svcs) {
		return fail("the namespaces count %d Services, %d found", counted, len(c.chk.svcs))
	}
	// Every live record is a given pod's, in its namespace's table:
	// checkLabelIndex counts on it.
	if err := c.checkLabelIndex(index); err != nil {
		return fail("%v", err)
	}
	states, manual := keyCursor[*svcState]{c.chk.svcs}, keyCursor[*manualState]{c.chk.manual}
	for _, e := range c.chk.given {
		key, svc := e.key, e.v
		manages := manages(svc)
		s, _ := states.find(key)
		if s != nil && s.queued {
			return fail("service %s: Sync pending", key)
		}
		if !manages {
			if _, ok := manual.find(key); ok {
				continue // CheckManual's
			}
		}
		got, ok := c.endpointsOf(key, s)
		if ok != manages || manages && (s == nil || !s.hasObjects) { // not a manual object's

			return fail("service %s: Endpoints present=%v, want %v", key, ok, manages)
		}
		if !manages {
			continue // no state with objects, no manual object: no slices
		}
		n := c.expect(svc, pods)
		if err := c.checkEndpointsObject(key, got, svc); err != nil {
			return fail("%v", err)
		}
		if err := c.checkOwnSlices(s, svc, pods, ids, n); err != nil {
			return fail("%v", err)
		}
		if !sameSliceLabels(s, svc) {
			return fail("service %s: slices labelled from labels %v (ClusterIP unset %v), want %v (%v)", key,
				s.labels, s.headless, svc.Labels, clusterIPUnset(svc.Headless, svc.ClusterIP))
		}
		if err := c.checkSliceSuffixes(s); err != nil {
			return fail("%v", err)
		}
	}
	if !c.chk.svcsGiven { // else each state was found by a key given
		given := keyCursor[*service.Service]{c.chk.given}
		for _, e := range c.chk.svcs {
			if _, ok := given.find(e.key); !ok && (e.v.hasObjects || !e.v.deleted) {
				return fail("service %s: not given but known to the controller", e.key)
			}
		}
	}
	return c.checkManual(taken)
}

// CheckManual verifies the manual Endpoints (SetManual) against the
// Services svcs (all of them), after every pending key has been synced:
// each shows its object exactly when its Service does not select pods, and
// has slices exactly when its Service exists without a selector, equivalent
// to Mirror's (EquivalentSlices; a writer-named slice exactly Mirror's,
// labels included) with unique names, at most
// MaxMirroredEndpointsPerSubset endpoints each; and every namespace's
// taken slice names are exactly those of its slices (the controller's and
// the manual ones), none twice. Services that select pods are Check's.
// The first problem found is returned, wrapping ErrInconsistent.
func (c *Controller) CheckManual(svcs []service.Service) error {
	c.sortStates(svcs)
	err := c.checkManual(c.takenNames())
	c.releaseStates()
	return err
}

// checkManual is CheckManual once the Services given and the controller's
// states are sorted (sortStates), taken the number of slice names the
// namespaces hold.
func (c *Controller) checkManual(taken int) error {
	fail := func(format string, args ...any) error {
		return fmt.Errorf("%w: "+format, append([]any{ErrInconsistent}, args...)...)
	}
	given, states := keyCursor[*service.Service]{c.chk.given}, keyCursor[*svcState]{c.chk.svcs}
	for _, e := range c.chk.manual {
		key, m := e.key, e.v
		if m.queued || m.deleted {
			return fail("manual endpoints %s: Sync pending", key)
		}
		svc, _ := given.find(key)
		showEP := svc == nil || !manages(svc)
		mirrored := svc != nil && len(svc.Selector) == 0
		s, _ := states.find(key)
		got, ok := c.shownEndpoints(s, m)
		switch {
		case showEP && (!ok || !EqualEndpoints(got, m.ep)):
			return fail("manual endpoints %s: shown %v %+v, want %+v", key, ok, got, m.ep)
		case !showEP && m.showing:
			return fail("manual endpoints %s: shown although service %s selects pods", key, key)
		}
		var want []Slice
		if mirrored {
			want = c.chk.mirror.mirror(m.ep, m.sliceName)
		}
		gotSl := c.shownSlices(s, m)
		if svc != nil && manages(svc) {
			gotSl = m.slices // the controller's own slices are Check's
		}
		var same bool
		if m.sliceName != "" { // kube-apiserver writes exactly Mirror's slice
			same = sameSlices(gotSl, want) && slices.EqualFunc(gotSl, want, func(a, b Slice) bool { return namedSliceLabels(a.Labels, b.Service) })
		} else {
			same = equivalentSlices(&c.chk.got, &c.chk.want, gotSl, want)
		}
		if !same {
			return fail("manual endpoints %s: slices %+v, want %+v", key, gotSl, want)
		}
		for i, sl := range gotSl { // in name order: a name used twice is next to itself
			if i > 0 && gotSl[i-1].Name >= sl.Name || sl.Service != key.Name || sl.Namespace != key.Namespace ||
				len(sl.Endpoints) > MaxMirroredEndpointsPerSubset || m.sliceName != "" && sl.Name != m.sliceName {
				return fail("manual endpoints %s: slice %s misnamed, misfiled or over capacity", key, sl.Name)
			}
		}
	}
	if c.mqueued != 0 { // every object is synced (above): none is counted queued
		return fail("manual endpoints: %d counted queued, none is", c.mqueued)
	}
	if err := c.checkUser(); err != nil {
		return fail("%v", err)
	}
	if err := c.checkSliceNames(taken); err != nil {
		return fail("%v", err)
	}
	return nil
}

// namedSliceLabels reports whether labels are those Mirror gives a slice
// named by its writer for Service svc (namedSlice): the service-name
// label alone; read by lookup, as the labels of Mirror's slice are known.
func namedSliceLabels(labels map[string]string, svc string) bool {
	v, ok := labels[LabelServiceName]
	return len(labels) == 1 && ok && v == svc
}

// keyInNamespace reports whether key, the key of a record found by a
// pod's name in namespace ns's table, is that pod's key in ns
// ("ns/name"): whether it starts with ns and a slash, as the rest is the
// name podTable.get compared with the pod's in finding the record (the
// record's name: its key past its namespace's name and a slash).
func keyInNamespace(key, ns string) bool {
	return len(key) > len(ns) && key[:len(ns)] == ns && key[len(ns)] == '/'
}

// sameLabels reports whether two label sets are equal: at once when they
// are one map (a pod's record shares its label group's map with the pods
// it was filed from).
func sameLabels(a, b selector.Set) bool {
	return mapPointer(a) == mapPointer(b) || maps.Equal(a, b)
}

// hasLabels reports whether pod record r's labels (its label group's)
// are labels: at once when the group's map is labels (a record shares its
// group's map with the pods it was filed from), else read from the
// group's slots, one per label, each looked up in labels, which ranges
// over no map (a range over a Go map starts by drawing a random number).
// The slots are the group's labels, one each, as checkLabelIndex checks.
func hasLabels(r *podRec, labels selector.Set) bool {
	g := r.lg
	switch {
	case g == nil:
		return len(labels) == 0 // checkLabelIndex reports the record
	case mapPointer(g.labels) == mapPointer(labels):
		return true
	case len(g.slots) != len(labels):
		return false
	}
	for _, slot := range g.slots {
		if v, ok := labels[slot.set.kv.k]; !ok || v != slot.set.kv.v {
			return false
		}
	}
	return true
}

// sameSliceLabels reports whether the labels of s's slices (SliceLabels
// of its name, its labels and whether its ClusterIP is unset, as of its
// last Sync) are those of svc's: the same Service name, labels and unset
// ClusterIP, compared as what the labels are made from, without making
// them.
func sameSliceLabels(s *svcState, svc *service.Service) bool {
	return s.key.Name == svc.Name && s.headless == clusterIPUnset(svc.Headless, svc.ClusterIP) && sameLabels(s.labels, svc.Labels)
}

// checkSliceNames checks the namespaces' taken slice names: exactly the
// names of their slices (the controller's, the manual objects' and the
// user's, which checkUser found to be its name index's), none twice, the
// controller's made of their Service's generateName prefix and five
// characters; taken is the number of names all namespaces hold. The
// lists of states being sorted by key, so by namespace, each namespace's
// slices are counted in one run of the three lists, against the names
// it holds; the namespaces without slices hold none when the runs'
// counts add up to taken.
func (c *Controller) checkSliceNames(taken int) error {
	svcs, manual, user := c.chk.svcs, c.chk.manual, c.chk.user
	found := 0 // the names of the namespaces walked
	for len(svcs) > 0 || len(manual) > 0 || len(user) > 0 {
		name := nextNamespace(svcs, manual, user)
		var names smallmap.Map[sliceNameKey, struct{}] // none without the namespace's state
		if ns := c.ns.Value(name); ns != nil {
			names = ns.sliceNames
		}
		n := 0 // the namespace's slices
		taken := func(k sliceNameKey) bool {
			n++
			_, ok := names.Get(k)
			return ok
		}
		notTaken := func(sl string) error {
			return fmt.Errorf("namespace %s: slice %s not among the taken names", name, sl)
		}
		for ; len(svcs) > 0 && svcs[0].key.Namespace == name; svcs = svcs[1:] {
			key, s := svcs[0].key, svcs[0].v
			if !isSlicePrefix(s.prefix, key.Name) {
				return fmt.Errorf("service %s: slice prefix %q", key, s.prefix)
			}
			for _, sl := range s.slices {
				if !taken(sliceNameKey{s.prefix, sl.suffix}) {
					return notTaken(s.prefix + string(sl.suffix[:]))
				}
			}
		}
		for ; len(manual) > 0 && manual[0].key.Namespace == name; manual = manual[1:] {
			for _, sl := range manual[0].v.slices {
				if !taken(nameKey(sl.Name)) {
					return notTaken(sl.Name)
				}
			}
		}
		for ; len(user) > 0 && user[0].key.Namespace == name; user = user[1:] {
			for _, sl := range user[0].v.shown {
				if !taken(nameKey(sl.Name)) {
					return notTaken(sl.Name)
				}
			}
		}
		if n != names.Len() {
			return fmt.Errorf("namespace %s: %d slices, %d taken names (a name used twice or not freed)", name, n, names.Len())
		}
		found += n
	}
	if found != taken {
		return fmt.Errorf("namespaces without slices hold %d taken names (not freed)", taken-found)
	}
	return nil
}

// nextNamespace returns the first namespace of the heads of the lists
// (at least one not empty), sorted by key.
func nextNamespace(svcs []keyed[*svcState], manual []keyed[*manualState], user []keyed[*userSlices]) string {
	var name string
	first := true
	take := func(ns string) {
		if first || ns < name {
			name, first = ns, false
		}
	}
	if len(svcs) > 0 {
		take(svcs[0].key.Namespace)
	}
	if len(manual) > 0 {
		take(manual[0].key.Namespace)
	}
	if len(user) > 0 {
		take(user[0].key.Namespace)
	}
	return name
}

// takenNames returns the number of slice names the namespaces hold.
func (c *Controller) takenNames() int {
	n := 0
	for _, ns := range c.ns.All() {
		n += ns.sliceNames.Len()
	}
	return n
}

// checkSliceSuffixes checks that the slices of Service s have unique
// names (checkOwnSlices checks the rest of their layout).
func (c *Controller) checkSliceSuffixes(s *svcState) error {
	suffixes := c.chk.suffixes[:0] // the names, without their common prefix
	for _, sl := range s.slices {
		suffixes = append(suffixes, sl.suffix)
	}
	c.chk.suffixes = suffixes
	slices.SortFunc(suffixes, func(a, b [5]byte) int { return bytes.Compare(a[:], b[:]) })
	for i := 1; i < len(suffixes); i++ {
		if suffixes[i] == suffixes[i-1] {
			return fmt.Errorf("service %s: slice name %s%s used twice", s.key, s.prefix, suffixes[i][:])
		}
	}
	return nil
}

// labelIndexSize is the size of the namespaces' label indexes: their
// label groups (lgByPtr) and label sets (byLabel), all namespaces'.
type labelIndexSize struct{ groups, sets int }

// checkLabelIndex checks the namespaces' label indexes (size: their
// sizes), reaching them from the live pod records rather than from their
// maps: every live record is listed by its group at the position it
// records; each group, reached from its first pod, is filed in its
// namespace's list (lgByPtr) under its own map, lists live pods of the
// namespace at the positions they record, has one slot per label, each
// the group's place in a label set reached from its first group (so
// checked below), and is the one findGroup finds by
// its labels' content (soleGroup: so no two groups share a label set);
// each label set, reached from its first group, is filed in byLabel
// under its label, lists only reached groups of the namespace carrying
// that label, each holding a slot for its place, and counts their pods.
// Reached groups and sets being distinct and filed, the maps hold
// nothing else when they hold as many as were reached; the groups list
// every live pod when they list as many. It lists the groups reached in
// c.chk.groups, by their first pods' records: once it passes, their
// pods are every live record, each once, with its group's labels, and
// each group's slots are its labels (hasLabels, soleGroup and expect
// read them).
func (c *Controller) checkLabelIndex(size labelIndexSize) error {
	var reached labelIndexSize
	c.chk.groups = c.chk.groups[:0]
	live, listed := 0, 0
	for id := range podID(c.pods.Len()) {
		r := c.pod(id)
		if !r.alive {
			continue
		}
		live++
		g := r.lg
		if g == nil || r.lgPos < 0 || int(r.lgPos) >= len(g.pods) || g.pods[r.lgPos] != id {
			return fmt.Errorf("pod %s: not in the label index", r.key)
		}
		if r.lgPos != 0 {
			continue // g is reached from its first pod
		}
		ns := r.ns
		if ns == nil {
			return fmt.Errorf("pod %s: live record without a namespace", r.key)
		}
		if err := c.checkLabelGroup(ns, g); err != nil {
			return err
		}
		c.chk.groups = append(c.chk.groups, g)
		reached.groups++
		listed += len(g.pods)
		for _, slot := range g.slots {
			set := slot.set
			if slot.pos < 0 || int(slot.pos) >= len(set.grps) || set.grps[slot.pos] != g {
				return fmt.Errorf("namespace %s: label group %v holds a slot label set %s=%s does not list", ns.name, g.labels, set.kv.k, set.kv.v)
			}
			if slot.pos != 0 { // set is reached from its first group, which must be
				if h := set.grps[0]; !c.reachedGroup(ns, h) || !slices.Contains(h.slots, labelSlot{set: set, pos: 0}) {
					return fmt.Errorf("namespace %s: label group %v holds a slot of label set %s=%s, not reached from its first group", ns.name, g.labels, set.kv.k, set.kv.v)
				}
				continue
			}
			if err := c.checkLabelSet(ns, set); err != nil {
				return err
			}
			reached.sets++
		}
	}
	if reached != size {
		return c.unreachedLabelIndex()
	}
	if listed != live {
		return fmt.Errorf("label groups list %d pods, %d live", listed, live)
	}
	return nil
}

// checkLabelGroup checks label group g of namespace ns, reached from its
// first pod: filed in ns's list under its own map, one slot per label,
// the group findGroup finds (soleGroup), listing live pods of ns at the
// positions they record.
func (c *Controller) checkLabelGroup(ns *nsState, g *labelGroup) error {
	if ns.lgByPtr.Value(mapPointer(g.labels)) != g || len(g.slots) != len(g.labels) || !soleGroup(ns, g) {
		return fmt.Errorf("namespace %s: label group %v is empty or misfiled", ns.name, g.labels)
	}
	for i, id := range g.pods {
		if r := c.pod(id); !r.alive || r.ns != ns || r.lg != g || r.lgPos != int32(i) {
			return fmt.Errorf("namespace %s: label group %v lists pod record %d wrongly", ns.name, g.labels, id)
		}
	}
	return nil
}

// checkLabelSet checks label set set of namespace ns, reached from its
// first group: filed in byLabel under its label, listing groups of ns
// reached from their first pods (reachedGroup), each carrying the label
// and holding a slot for its place, and counting their pods.
func (c *Controller) checkLabelSet(ns *nsState, set *labelSet) error {
	kv := set.kv
	if ns.byLabel.Value(kv) != set {
		return fmt.Errorf("namespace %s: label index entry %s=%s is empty or misfiled", ns.name, kv.k, kv.v)
	}
	n := 0
	for i, g := range set.grps {
		if v, ok := g.labels[kv.k]; !ok || v != kv.v || !slices.Contains(g.slots, labelSlot{set: set, pos: int32(i)}) ||
			!c.reachedGroup(ns, g) {
			return fmt.Errorf("namespace %s: label index %s=%s lists group %v wrongly", ns.name, kv.k, kv.v, g.labels)
		}
		n += len(g.pods)
	}
	if n != set.npods {
		return fmt.Errorf("namespace %s: label index %s=%s counts %d pods, has %d", ns.name, kv.k, kv.v, set.npods, n)
	}
	return nil
}

// reachedGroup reports whether checkLabelIndex reaches label group g of
// namespace ns: its first pod is a live record of ns recording g at 0.
func (c *Controller) reachedGroup(ns *nsState, g *labelGroup) bool {
	if len(g.pods) == 0 {
		return false
	}
	r := c.pod(g.pods[0])
	return r.alive && r.ns == ns && r.lg == g && r.lgPos == 0
}

// unreachedLabelIndex names a label group or set that checkLabelIndex did
// not reach from the pods, the first by namespace and labels (an error
// path: it reads the maps).
func (c *Controller) unreachedLabelIndex() error {
	var msgs []string
	for _, ns := range c.ns.All() {
		for _, g := range ns.lgByPtr.All() {
			if !c.reachedGroup(ns, g) {
				msgs = append(msgs, fmt.Sprintf("namespace %s: label group %v is empty or misfiled", ns.name, g.labels))
			}
		}
		for kv, set := range ns.byLabel.All() {
			if len(set.grps) == 0 || set.kv != kv || !c.reachedGroup(ns, set.grps[0]) {
				msgs = append(msgs, fmt.Sprintf("namespace %s: label index entry %s=%s is empty or misfiled", ns.name, kv.k, kv.v))
			}
		}
	}
	if len(msgs) == 0 { // cannot be: what is reached is filed, distinct
		return errors.New("label index: groups or sets reached from the pods differ from those filed")
	}
	return errors.New(slices.Min(msgs))
}

// soleGroup reports whether g, a label group of ns, is the one findGroup
// finds by its labels' content, reading its slots rather than its map:
// with the slots being listings of label sets carrying its labels (as
// checkLabelIndex makes sure), one set for each of its labels, it is
// when no other group of the set among them listing the fewest groups
// has its labels (the empty set's group is ns.unlabelled).
func soleGroup(ns *nsState, g *labelGroup) bool {
	if len(g.slots) == 0 {
		return ns.unlabelled == g
	}
	best := g.slots[0].set
	for i, slot := range g.slots {
		for _, prev := range g.slots[:i] {
			if prev.set == slot.set {
				return false
			}
		}
		if len(slot.set.grps) < len(best.grps) {
			best = slot.set
		}
	}
	for _, h := range best.grps {
		if h != g && h.is(g.labels) {
			return false
		}
	}
	return true
}

// checkUser checks the user's slices: each filed under an existing Service
// (one given) by its service-name label, shown as written, indexed by
// name.
func (c *Controller) checkUser() error {
	if len(c.uqueued) > 0 {
		return fmt.Errorf("user slices: Sync pending")
	}
	n := 0
	given := keyCursor[*service.Service]{c.chk.given}
	for _, e := range c.chk.user {
		key, u := e.key, e.v
		if _, ok := given.find(key); !ok {
			return fmt.Errorf("user slices of %s: the Service does not exist", key)
		}
		if len(u.shown) != len(u.want) || len(u.want) == 0 {
			return fmt.Errorf("user slices of %s: %d shown, %d written", key, len(u.shown), len(u.want))
		}
		for i, sl := range u.shown {
			w, ok := u.want[sl.Name]
			if !ok || !sameSlices([]Slice{w}, []Slice{sl}) || i > 0 && u.shown[i-1].Name >= sl.Name ||
				sl.Service != key.Name || sl.Labels[LabelServiceName] != key.Name || c.userNames[nsName{key.Namespace, sl.Name}] != key {
				return fmt.Errorf("user slices of %s: slice %s differs from what was written or is misfiled", key, sl.Name)
			}
			n++
		}
	}
	if n != len(c.userNames) {
		return fmt.Errorf("user slices: %d shown, %d names", n, len(c.userNames))
	}
	return nil
}
