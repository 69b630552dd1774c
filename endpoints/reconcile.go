package endpoints

import (
	"maps"
	"slices"
)

// Sync reconciles one Service's Endpoints and EndpointSlices with the pods
// as last told, applying only the changes pending for it, and reports
// whether the Endpoints or any slice changed. A deleted Service's Endpoints
// and slices are removed by its Sync (syncService: service not found →
// delete), and so are those of a Service that stopped being managed
// (ExternalName, selector removed: see Manages; upstream leaves them to the
// user, svcsim removes them so that the state is a function of the specs).
//
// Slices are updated in place as upstream's reconcileByPortMapping
// (staging/src/k8s.io/endpointslice/reconciler.go) does:
//  1. in each existing slice, endpoints still desired are kept (replaced by
//     their new version, marking the slice for update when it differs), the
//     others dropped; a slice left empty is to be deleted;
//  2. new endpoints fill the slices marked for update, fullest first;
//  3. what is left goes, if fewer than the maximum, into the one unchanged
//     slice that ends up closest to full without overflowing, else into new
//     slices filled up to the maximum;
//  4. new slices take the names (and objects) of slices about to be deleted
//     of the same address type; one empty placeholder slice is kept per
//     address type without endpoints.
//
// Nothing is rebalanced. Sync of a key with nothing pending returns false
// in constant time.
//
// The key's manual Endpoints (SetManual), if any, are brought up to date
// first: shown or not, mirrored or not, as its Service now is.
func (c *Controller) Sync(key ServiceKey) bool {
	if c.queued == 0 && c.mqueued == 0 && len(c.uqueued) == 0 {
		return false
	}
	if key.Namespace == "" {
		key.Namespace = "default"
	}
	mchanged := false
	if c.mqueued > 0 { // else no manual object is queued: none to look up
		if m := c.manual.Value(key); m != nil && m.queued {
			if mchanged = c.syncManual(m); mchanged {
				c.gen++
				m.gen = c.gen
			}
		}
	}
	if u := c.uqueued[key]; u != nil && c.syncUser(u) {
		c.gen++
		u.gen = c.gen
		mchanged = true
	}
	s := c.svcs.Value(key)
	if s == nil || !s.queued {
		return mchanged
	}
	s.queued = false
	c.queued--
	changed := c.sync(s)
	if changed {
		c.gen++
		s.gen = c.gen
	}
	if s.deleted { // forgotten by sync
		c.recycle(s)
	}
	return changed || mchanged
}

func (c *Controller) sync(s *svcState) bool {
	if s.deleted || !s.managed {
		changed := s.hasObjects
		c.reset(s)
		if s.deleted {
			c.svcs.Delete(s.key)
			s.ns.svcs--
			c.releaseNS(s.ns)
		}
		return changed
	}
	c.epoch++
	e := c.epoch
	r := reconciler{c: c, s: s, e: e, structural: !s.hasObjects,
		touched: c.touched[:0], emptied: c.emptied[:0], adds: c.adds[:0], removed: c.removed[:0]}
	first := !s.hasObjects
	if first {
		s.created = c.now()
	}
	s.hasObjects = true
	if s.full {
		ids := c.ids[:0]
		for _, sl := range s.slices {
			for _, e := range sl.eps {
				ids = append(ids, e.id)
			}
		}
		ids = s.ns.selectedPods(s, ids)
		ids = append(ids, s.pending...)
		c.ids = ids
		r.adds = growAdds(r.adds, len(ids))
		for _, id := range ids {
			r.process(id)
		}
	} else {
		r.adds = growAdds(r.adds, len(s.pending))
		for _, id := range s.pending {
			r.process(id)
		}
	}
	s.pending = s.pending[:0]
	s.full = false
	r.fill()
	r.placeholders()
	clear(r.touched)
	clear(r.emptied)
	clear(r.adds)
	clear(r.removed)
	c.touched, c.emptied, c.adds, c.removed = r.touched[:0], r.emptied[:0], r.adds[:0], r.removed[:0]
	epChanged := first || r.epDirt > 0
	if epChanged {
		s.epCache = nil
	}
	if p := portlessService(s.svc.Headless, s.svc.Ports); p != s.epPortless {
		old := s.endpoints(c)
		s.epPortless, s.epCache = p, nil
		epChanged = epChanged || !EqualEndpoints(old, s.endpoints(c))
	}
	ipUnset := clusterIPUnset(s.svc.Headless, s.svc.ClusterIP)
	relabeled := first || s.headless != ipUnset || !maps.Equal(s.labels, s.svc.Labels)
	if relabeled { // label-only drift updates the slices
		s.labels, s.headless = s.svc.Labels, ipUnset
	}
	if old := s.hinted; old != s.svc.hints { // a slice is rewritten only if one of its hints changes
		s.hinted = s.svc.hints
		relabeled = relabeled || c.hintsChanged(s, old)
	}
	if epChanged || r.structural || relabeled {
		return true
	}
	for _, sl := range s.slices {
		if r.updated(sl) {
			return true
		}
	}
	return false
}

// reset drops every object of the Service.
func (c *Controller) reset(s *svcState) {
	for _, sl := range s.slices {
		s.releaseName(sl)
		for _, e := range sl.eps {
			r := c.pod(e.id)
			if i := r.find(s); i >= 0 {
				c.unstale(e.id, r, r.mships.at(i))
				r.mships.del(i)
			}
			c.maybeFree(e.id)
		}
	}
	clear(s.groups)
	s.g0Used = false
	s.g0 = group{}
	s.dropSliceState(&s.sl0)
	clear(s.slicesBuf[:])
	s.slices, s.pending = s.slicesBuf[:0], nil
	s.atCount, s.epCount, s.epCache = [2]int32{}, 0, nil
	s.clearCaches()
	s.hasObjects, s.full, s.labels, s.headless = false, false, nil, false
}

// reconciler is the state of one Sync.
type reconciler struct {
	c *Controller
	s *svcState
	e uint64
	// structural: a slice was created, deleted or turned into or out of a
	// placeholder.
	structural bool
	// epDirt counts changes to the Endpoints contributions (a removal undone
	// by an identical add counts back down).
	epDirt  int
	removed []removedEP   // endpoints removed by this Sync, for undoing
	touched []*group      // groups with adds, in first-touch order
	adds    []pendingAdd  // endpoints to place, in processing order
	emptied []*sliceState // slices left empty: to delete or reuse
}

// growAdds makes room in adds (empty) for the endpoints of n pods, and of
// a few at least: a pod adds an endpoint or two, and the scratch grows
// once rather than at each doubling.
func growAdds(adds []pendingAdd, n int) []pendingAdd {
	return slices.Grow(adds, max(n, 4))
}

// process brings pod id's endpoint in the Service up to date: kept,
// replaced, dropped, or queued for placement.
func (r *reconciler) process(id podID) {
	c, s := r.c, r.s
	p := c.pod(id)
	if p.seen == r.e {
		return
	}
	p.seen = r.e
	var (
		want bool
		g    *group
		ep   sliceEP
	)
	if p.alive && p.ns == s.ns && s.selects(p.lg) {
		if at, ok := s.podAddressType(r.c, id, p); ok {
			want = true
			g = s.resolveGroup(r.c, at, p)
			ep = sliceEP{id: id, f: flagsOf(s.svc.PublishNotReadyAddresses, p.ready, p.term)}
		}
	}
	mi := p.find(s)
	if mi < 0 && !want {
		return
	}
	if mi >= 0 {
		m := p.mships.at(mi)
		old := &m.sl.eps[m.idx]
		if want && m.sl.grp == g {
			moved := false // address or node changed since the last Sync
			if m.stale {
				moved = c.stale[staleKey{id, s}] != epData{c.ip(id, p), p.node}
				c.unstale(id, p, m)
			}
			if old.f == ep.f && !moved {
				return
			}
			oin, nin := old.f.has(fEpIn), ep.f.has(fEpIn)
			if oin != nin || (nin && (old.f.has(fEpReady) != ep.f.has(fEpReady) || moved)) {
				r.epDirt++
				s.epCount += int32(b2i(nin) - b2i(oin))
			}
			*old = ep
			r.touch(m.sl, 1)
			return
		}
		if old.f.has(fEpIn) {
			r.epDirt++
			s.epCount--
		}
		if p.reborn {
			r.removed = append(r.removed, removedEP{sl: m.sl, ep: *old, d: c.data(s, id, p)})
		}
		c.unstale(id, p, m)
		sl, idx := m.sl, m.idx
		p.mships.del(mi)
		r.remove(sl, idx)
		if !want {
			c.maybeFree(id)
			return
		}
	}
	if ep.f.has(fEpIn) {
		r.epDirt++
		s.epCount++
	}
	if p.ghost != 0 && r.restore(g, ep, p.ghost-1) {
		return
	}
	if g.touched != r.e {
		g.touched = r.e
		r.touched = append(r.touched, g)
	}
	r.adds = append(r.adds, pendingAdd{g: g, e: ep})
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// remove drops the endpoint at index i of sl (swap with the last one).
func (r *reconciler) remove(sl *sliceState, i int32) {
	last := int32(len(sl.eps) - 1)
	if i != last {
		moved := sl.eps[last]
		sl.eps[i] = moved
		mp := r.c.pod(moved.id)
		mp.mships.at(mp.find(r.s)).idx = i
	}
	sl.eps[last] = sliceEP{}
	sl.eps = sl.eps[:last]
	r.s.atCount[atIndex(sl.at)]--
	r.touch(sl, 1)
	if last == 0 {
		r.emptied = append(r.emptied, sl)
	}
}

// place appends a queued endpoint to sl.
func (r *reconciler) place(sl *sliceState, e sliceEP) {
	p := r.c.pod(e.id)
	p.mships.add(mship{sl: sl, idx: int32(len(sl.eps))})
	sl.eps = append(sl.eps, e)
	r.s.atCount[atIndex(sl.at)]++
	r.touch(sl, 1)
}

// removedEP is an endpoint this Sync removed from sl.
type removedEP struct {
	sl *sliceState
	ep sliceEP
	d  epData // its address and node
}

// touch records d changes to sl in this Sync.
func (r *reconciler) touch(sl *sliceState, d int32) {
	if sl.mark != r.e {
		sl.mark, sl.dirt = r.e, 0
	}
	sl.dirt += d
}

// updated reports whether sl has net changes in this Sync (upstream's
// "marked for update").
func (r *reconciler) updated(sl *sliceState) bool { return sl.mark == r.e && sl.dirt > 0 }

// restore puts ep back where the identical endpoint (same pod name,
// address, node and conditions) of ghost, the deleted pod it replaced
// between two Syncs, was removed by this Sync, undoing the removal: as
// upstream, whose endpoints are compared by content, keeps it in place.
func (r *reconciler) restore(g *group, ep sliceEP, ghost podID) bool {
	c := r.c
	np := c.pod(ep.id)
	for i := range r.removed {
		rm := &r.removed[i]
		if rm.ep.id != ghost || rm.sl == nil || rm.sl.grp != g || rm.ep.f != ep.f || len(rm.sl.eps) >= c.max ||
			rm.d != (epData{c.ip(ep.id, np), np.node}) || c.pod(ghost).key != np.key ||
			c.hostname(r.s, ghost) != c.hostname(r.s, ep.id) {
			continue
		}
		sl := rm.sl
		rm.sl = nil
		r.place(sl, ep)
		r.touch(sl, -2)
		if ep.f.has(fEpIn) {
			r.epDirt -= 2
		}
		return true
	}
	return false
}
