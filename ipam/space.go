package ipam

import (
	"math/bits"
	"math/rand/v2"
)

// space is the allocation policy shared by Allocator, PortAllocator and
// SubnetAllocator over the indices [0, size): a bitmap tree, the counters,
// and either the banded random order or the sequential cursor.
type space struct {
	// bits is made by the first index taken (see take): until then every
	// index is free, and a range nothing was taken from costs no bitmap.
	bits    tree
	size    uint64
	offset  uint64 // size of the lower (static) band; 0 = no split
	used    uint64
	usedLow uint64   // used indices below offset
	rng     rand.PCG // unused when sequential
	opts    options
	next    uint64 // sequential: where the next scan starts
}

// init makes s an empty space over [0, size) with a lower (static) band
// of offset indices, configured by opts. The options are applied in place
// (s already lives in its allocator), so they cost no allocation of
// their own.
func (s *space) init(size, offset uint64, opts []Option) {
	*s = space{size: size, offset: offset}
	for _, opt := range opts {
		if opt != nil {
			opt(&s.opts)
		}
	}
	if s.opts.sequential {
		s.offset = 0
	} else {
		s.rng.Seed(s.opts.seed, pcgStream)
	}
}

// alloc takes a free index in the configured order.
func (s *space) alloc() (uint64, bool) {
	if s.used >= s.size {
		return 0, false
	}
	var i uint64
	var ok bool
	switch {
	case s.opts.sequential:
		i, ok = s.scan(s.next, 0, s.size)
	case s.used-s.usedLow < s.size-s.offset:
		i, ok = s.scan(s.offset+s.uint64n(s.size-s.offset), s.offset, s.size)
	default:
		i, ok = s.scan(s.uint64n(s.offset), 0, s.offset)
	}
	if !ok {
		return 0, false // unreachable while the counters are right
	}
	s.take(i, true)
	return i, true
}

// uint64n returns a uniform value in [0, n), n > 0, drawing exactly as
// rand.New(s.rng).Uint64N(n) does on 64-bit platforms (a mask for powers
// of two, else Lemire's multiply-and-reject), without the Source interface
// call.
func (s *space) uint64n(n uint64) uint64 {
	if n&(n-1) == 0 {
		return s.rng.Uint64() & (n - 1)
	}
	hi, lo := bits.Mul64(s.rng.Uint64(), n)
	if lo < n {
		thresh := -n % n
		for lo < thresh {
			hi, lo = bits.Mul64(s.rng.Uint64(), n)
		}
	}
	return hi
}

// scan returns the first clear index in [start, hi), else in [lo, start).
func (s *space) scan(start, lo, hi uint64) (uint64, bool) {
	if !s.bits.made() { // nothing taken yet
		return start, start < hi
	}
	if i, ok := s.bits.nextClear(start); ok && i < hi {
		return i, true
	}
	if i, ok := s.bits.nextClear(lo); ok && i < start {
		return i, true
	}
	return 0, false
}

// take marks index i (< size) used and reports whether it was free. With
// cursor set, a sequential space continues after i next time.
func (s *space) take(i uint64, cursor bool) bool {
	if !s.bits.made() {
		s.bits.init(s.size)
	}
	if !s.bits.set(i) {
		return false
	}
	s.used++
	if i < s.offset {
		s.usedLow++
	}
	if s.opts.sequential && cursor {
		s.next = i + 1
		if s.next == s.size {
			s.next = 0
		}
	}
	return true
}

// release frees index i (< size); freeing a free index does nothing.
func (s *space) release(i uint64) {
	if s.used > 0 && s.bits.clear(i) { // something used: the tree is made
		s.used--
		if i < s.offset {
			s.usedLow--
		}
	}
}

// has reports whether index i (< size) is used.
func (s *space) has(i uint64) bool {
	return s.bits.made() && s.bits.test(i)
}

// lowestFree returns the lowest free index, if any.
func (s *space) lowestFree() (uint64, bool) {
	if !s.bits.made() {
		return 0, s.size > 0
	}
	i, ok := s.bits.nextClear(0)
	return i, ok && i < s.size
}

// each yields the used indices in ascending order.
func (s *space) each(yield func(uint64) bool) {
	if s.bits.made() {
		s.bits.each(yield)
	}
}
