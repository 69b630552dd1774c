package endpoints

import (
	"cmp"
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
func (c *Controller) Sync(key ServiceKey) bool {
	if len(c.queued) == 0 {
		return false
	}
	if key.Namespace == "" {
		key.Namespace = "default"
	}
	s := c.queued[key]
	if s == nil {
		return false
	}
	s.queued = false
	delete(c.queued, key)
	changed := c.sync(s)
	if changed {
		c.gen++
		s.gen = c.gen
	}
	return changed
}

func (c *Controller) sync(s *svcState) bool {
	if s.deleted || !s.managed {
		changed := s.hasObjects
		c.reset(s)
		if s.deleted {
			delete(c.svcs, s.key)
		}
		return changed
	}
	c.epoch++
	e := c.epoch
	r := reconciler{c: c, s: s, e: e, structural: !s.hasObjects,
		touched: c.touched[:0], emptied: c.emptied[:0], adds: c.adds[:0], removed: c.removed[:0]}
	first := !s.hasObjects
	s.hasObjects = true
	if s.full {
		ids := c.ids[:0]
		for _, sl := range s.slices {
			for _, e := range sl.eps {
				ids = append(ids, e.id)
			}
		}
		ids = s.ns.selectedPods(c, s, ids)
		ids = append(ids, s.pending...)
		c.ids = ids
		for _, id := range ids {
			r.process(id)
		}
	} else {
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
	if p := portlessService(s.svc); p != s.epPortless {
		old := s.endpoints()
		s.epPortless, s.epCache = p, nil
		epChanged = epChanged || !EqualEndpoints(old, s.endpoints())
	}
	if epChanged || r.structural {
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
		for _, e := range sl.eps {
			r := c.pod(e.id)
			if i := r.find(s); i >= 0 {
				r.mships = slices.Delete(r.mships, i, i+1)
			}
			c.maybeFree(e.id)
		}
	}
	clear(s.groups)
	s.slices, s.pending = nil, nil
	s.atCount, s.epCount, s.epCache = [2]int{}, 0, nil
	s.clearCaches()
	s.hasObjects, s.full = false, false
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
	if p.alive && p.ns == s.ns && s.selects(p.labels) {
		if at, ok := s.podAddressType(p); ok {
			want = true
			g = s.resolveGroup(at, p)
			pub := s.svc.PublishNotReadyAddresses
			ep = sliceEP{id: id, ip: p.ip, node: p.node, pod: p.key, cond: conditions(pub, p.ready, p.term),
				epIn: !p.term || pub, epReady: pub || p.ready}
		}
	}
	mi := p.find(s)
	if mi < 0 && !want {
		return
	}
	if mi >= 0 {
		m := p.mships[mi]
		old := &m.sl.eps[m.idx]
		if want && m.sl.grp == g {
			if *old == ep {
				return
			}
			if old.epIn != ep.epIn || (ep.epIn && (old.epReady != ep.epReady || old.ip != ep.ip || old.node != ep.node || old.pod != ep.pod)) {
				r.epDirt++
				s.epCount += b2i(ep.epIn) - b2i(old.epIn)
			}
			*old = ep
			r.touch(m.sl, 1)
			return
		}
		if old.epIn {
			r.epDirt++
			s.epCount--
		}
		if p.reborn {
			r.removed = append(r.removed, removedEP{sl: m.sl, ep: *old})
		}
		r.remove(m.sl, m.idx)
		p.mships = slices.Delete(p.mships, mi, mi+1)
		if !want {
			c.maybeFree(id)
			return
		}
	}
	if ep.epIn {
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
		mp.mships[mp.find(r.s)].idx = i
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
	p.mships = append(p.mships, mship{s: r.s, sl: sl, idx: int32(len(sl.eps))})
	sl.eps = append(sl.eps, e)
	r.s.atCount[atIndex(sl.at)]++
	r.touch(sl, 1)
}

// removedEP is an endpoint this Sync removed from sl.
type removedEP struct {
	sl *sliceState
	ep sliceEP
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
	for i := range r.removed {
		rm := &r.removed[i]
		old := rm.ep
		old.id = ep.id
		if rm.ep.id != ghost || rm.sl == nil || rm.sl.grp != g || old != ep || len(rm.sl.eps) >= r.c.max {
			continue
		}
		sl := rm.sl
		rm.sl = nil
		r.place(sl, ep)
		r.touch(sl, -2)
		if ep.epIn {
			r.epDirt -= 2
		}
		return true
	}
	return false
}

// fill places the queued endpoints of every touched group (steps 2-3).
func (r *reconciler) fill() {
	max := r.c.max
	for _, g := range r.touched {
		adds := r.adds
		if len(r.touched) > 1 {
			adds = r.c.addsTmp[:0]
			for _, a := range r.adds {
				if a.g == g {
					adds = append(adds, a)
				}
			}
			r.c.addsTmp = adds
		}
		updated := r.c.slScratch[:0]
		for _, sl := range g.slices {
			if r.updated(sl) && len(sl.eps) > 0 && len(sl.eps) < max {
				updated = append(updated, sl)
			}
		}
		slices.SortStableFunc(updated, func(a, b *sliceState) int { return cmp.Compare(len(b.eps), len(a.eps)) })
		r.c.slScratch = updated
		for _, sl := range updated {
			for len(sl.eps) < max && len(adds) > 0 {
				r.place(sl, adds[0].e)
				adds = adds[1:]
			}
		}
		for len(adds) > 0 {
			var sl *sliceState
			if len(adds) < max {
				sl = r.sliceToFill(g, len(adds))
			}
			if sl == nil {
				sl = r.newSlice(g, len(adds))
			}
			for len(sl.eps) < max && len(adds) > 0 {
				r.place(sl, adds[0].e)
				adds = adds[1:]
			}
		}
	}
}

// sliceToFill returns the unchanged slice of g that is closest to full
// once n endpoints are added without overflowing, or nil
// (getSliceToFill upstream).
func (r *reconciler) sliceToFill(g *group, n int) *sliceState {
	var best *sliceState
	for _, sl := range g.slices {
		if r.updated(sl) || len(sl.eps) == 0 || len(sl.eps)+n > r.c.max {
			continue
		}
		if best == nil || len(sl.eps) > len(best.eps) {
			best = sl
		}
	}
	return best
}

// newSlice returns a slice for g: a slice about to be deleted of the same
// address type if there is one (its name is reused), else a new one.
func (r *reconciler) newSlice(g *group, n int) *sliceState {
	r.structural = true
	if sl := r.takeDeletable(g.at); sl != nil {
		sl.grp = g
		g.slices = append(g.slices, sl)
		return sl
	}
	sl := &sliceState{name: SliceName(r.s.svc.Name, r.c.names), grp: g, at: g.at,
		eps: make([]sliceEP, 0, min(n, r.c.max))}
	r.c.names++
	g.slices = append(g.slices, sl)
	r.s.slices = append(r.s.slices, sl)
	return sl
}

// takeDeletable detaches and returns an empty slice of address type at that
// would otherwise be deleted: one emptied by this Sync, else a placeholder.
func (r *reconciler) takeDeletable(at AddressType) *sliceState {
	for i, sl := range r.emptied {
		if sl != nil && sl.at == at && len(sl.eps) == 0 {
			r.emptied[i] = nil
			sl.grp.slices = slices.DeleteFunc(sl.grp.slices, func(x *sliceState) bool { return x == sl })
			return sl
		}
	}
	for _, sl := range r.s.slices {
		if sl.grp == nil && sl.at == at {
			return sl
		}
	}
	return nil
}

// placeholders keeps exactly one empty slice per address type without
// endpoints and deletes the empty slices nobody reused.
func (r *reconciler) placeholders() {
	s := r.s
	need, ok := placeholderType(s.svc, s.atCount[0] > 0, s.atCount[1] > 0)
	if !ok {
		need = ""
	}
	dead, have := false, false
	for _, sl := range s.slices {
		if sl.grp == nil {
			if sl.at == need && !have {
				have = true
			} else {
				sl.at, dead = "", true // placeholder no longer needed
			}
		}
	}
	if need != "" && !have {
		r.structural = true
		if sl := r.takeEmptied(need); sl != nil {
			sl.grp = nil
		} else {
			s.slices = append(s.slices, &sliceState{name: SliceName(s.svc.Name, r.c.names), at: need})
			r.c.names++
		}
	}
	for _, sl := range r.emptied {
		if sl != nil && len(sl.eps) == 0 {
			sl.grp.slices = slices.DeleteFunc(sl.grp.slices, func(x *sliceState) bool { return x == sl })
			sl.at, dead = "", true
		}
	}
	if dead {
		r.structural = true
		s.slices = slices.DeleteFunc(s.slices, func(sl *sliceState) bool { return sl.at == "" })
	}
}

func (r *reconciler) takeEmptied(at AddressType) *sliceState {
	for i, sl := range r.emptied {
		if sl != nil && sl.at == at && len(sl.eps) == 0 {
			r.emptied[i] = nil
			sl.grp.slices = slices.DeleteFunc(sl.grp.slices, func(x *sliceState) bool { return x == sl })
			return sl
		}
	}
	return nil
}

// resolveGroup returns the group of a pod with address type at.
func (s *svcState) resolveGroup(at AddressType, p *podRec) *group {
	ai := atIndex(at)
	if s.static {
		if g := s.staticGroup[ai]; g != nil {
			return g
		}
		var kb [128]byte
		g := s.groupFor(at, s.staticPorts, appendGroupKey(kb[:0], at, s.staticPorts))
		s.staticGroup[ai] = g
		return g
	}
	if len(p.ports) > 0 && len(p.ports) == len(s.lastPorts) && &p.ports[0] == &s.lastPorts[0] && s.lastGroup[ai] != nil {
		return s.lastGroup[ai]
	}
	var pb [8]EndpointPort
	ports := resolvePorts(pb[:0], s.svc.Ports, p.ports)
	var kb [128]byte
	g := s.groupFor(at, ports, appendGroupKey(kb[:0], at, ports))
	if len(p.ports) > 0 {
		if len(p.ports) != len(s.lastPorts) || &p.ports[0] != &s.lastPorts[0] {
			s.lastPorts, s.lastGroup = p.ports, [2]*group{}
		}
		s.lastGroup[ai] = g
	}
	return g
}

func appendGroupKey(b []byte, at AddressType, ports []EndpointPort) []byte {
	b = append(b, at...)
	b = append(b, '|')
	for _, p := range ports {
		b = appendPortKey(b, p)
	}
	return b
}
