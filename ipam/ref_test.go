package ipam

import "math/rand/v2"

// refSpace is the slow, obviously-correct reference for space: a map of used
// indices and a literal, one-index-at-a-time version of upstream's scan,
// drawing from the same PCG stream in the same order, so the fast allocators
// must return exactly what it returns.
type refSpace struct {
	used       map[uint64]bool
	size       uint64
	offset     uint64
	rng        *rand.Rand
	sequential bool
	next       uint64
}

func newRefSpace(size, offset uint64, o options) *refSpace {
	r := &refSpace{used: map[uint64]bool{}, size: size, offset: offset, sequential: o.sequential}
	if o.sequential {
		r.offset = 0
	} else {
		r.rng = rand.New(rand.NewPCG(o.seed, pcgStream))
	}
	return r
}

// count returns the number of used indices in [lo, hi).
func (r *refSpace) count(lo, hi uint64) uint64 {
	n := uint64(0)
	for i := range r.used {
		if i >= lo && i < hi {
			n++
		}
	}
	return n
}

// scanFrom walks the band [lo, hi) from start, wrapping, one index at a time.
func (r *refSpace) scanFrom(start, lo, hi uint64) (uint64, bool) {
	n := hi - lo
	for j := uint64(0); j < n; j++ {
		c := lo + (start-lo+j)%n
		if !r.used[c] {
			return c, true
		}
	}
	return 0, false
}

func (r *refSpace) alloc() (uint64, bool) {
	if uint64(len(r.used)) >= r.size {
		return 0, false
	}
	var i uint64
	var ok bool
	switch {
	case r.sequential:
		i, ok = r.scanFrom(r.next, 0, r.size)
	case r.count(r.offset, r.size) < r.size-r.offset:
		i, ok = r.scanFrom(r.offset+r.rng.Uint64N(r.size-r.offset), r.offset, r.size)
	default:
		i, ok = r.scanFrom(r.rng.Uint64N(r.offset), 0, r.offset)
	}
	if ok {
		r.take(i, true)
	}
	return i, ok
}

func (r *refSpace) take(i uint64, cursor bool) bool {
	if r.used[i] {
		return false
	}
	r.used[i] = true
	if r.sequential && cursor {
		r.next = (i + 1) % r.size
	}
	return true
}

func (r *refSpace) release(i uint64) { delete(r.used, i) }
