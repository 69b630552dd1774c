package endpoints

import (
	"cmp"
	"slices"
)

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
			growFor(sl, max, len(adds))
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
			growFor(sl, max, len(adds))
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
	sl := r.s.newSliceState(r.c, g, g.at, min(n, r.c.max))
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
	need, ok := placeholderType(s.fixedAT, s.atCount[0] > 0, s.atCount[1] > 0)
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
			s.slices = append(s.slices, s.newSliceState(r.c, nil, need, 0))
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
		s.slices = slices.DeleteFunc(s.slices, func(sl *sliceState) bool {
			if sl.at == "" {
				s.releaseName(sl)
				s.dropSliceState(sl)
				return true
			}
			return false
		})
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

// growFor makes room in sl for as many of n queued endpoints as it takes
// (up to max), in one allocation rather than one per doubling.
func growFor(sl *sliceState, max, n int) {
	sl.eps = slices.Grow(sl.eps, min(max-len(sl.eps), n))
}
