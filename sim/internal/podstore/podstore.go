// Package podstore keeps the sim's pod records in numbered slots, with an
// index by (namespace, name) and one by IP.
//
// Use it as
//
//	var s podstore.Store[rec]
//	i, r := s.Add(ns, name) // a slot (a freed one first) and its record, to fill
//	s.SetIP(key, i)         // once the pod has an address
//	j, ok := s.Lookup(ns, name)
//	j, ok = s.AtIP(key)
//	for i := range s.Slots() { r := s.At(i); … } // every slot, live or free
//	for i := range s.In(ns) { … }                // the live records of a namespace
//	s.DropIP(key)
//	s.Remove(i, ns, name) // after resetting *s.At(i) to a free record
//	s.DropNS(ns)          // once ns holds no record and its number may go to another
//
// Namespaces are small integers (the caller interns them); an IP key is
// any uint64 the caller derives from an address. Records live in blocks
// (internal/blocks: small ones first, so a small store is small): a slot's
// address never changes and the store grows without copying. The store does not tell live
// records from free ones: the record does (a flag of its own). Slots are
// reused last freed first, so slot numbers depend only on the order of
// calls.
package podstore

import (
	"iter"

	"github.com/svcsim/svcsim/internal/blocks"
)

// Store is the set of pod records. The zero Store is empty and ready to
// use.
type Store[R any] struct {
	recs  blocks.Array[R] // one record per slot handed out so far
	free  []int32
	live  int
	names []map[string]int32 // by namespace: name → slot
	ips   map[uint64]int32
}

// At returns the record in slot i.
func (s *Store[R]) At(i int32) *R { return s.recs.At(i) }

// Slots returns the number of slots handed out so far: every slot is
// below it.
func (s *Store[R]) Slots() int32 { return s.recs.Len() }

// Len returns the number of live records (added and not removed).
func (s *Store[R]) Len() int { return s.live }

// Add takes a free slot for the record named name in namespace ns (not
// already held) and returns it with its record, which keeps what it held
// when the slot was freed.
func (s *Store[R]) Add(ns int32, name string) (int32, *R) {
	var i int32
	if n := len(s.free); n > 0 {
		i = s.free[n-1]
		s.free = s.free[:n-1]
	} else {
		i, _ = s.recs.Grow()
	}
	for int(ns) >= len(s.names) {
		s.names = append(s.names, nil)
	}
	if s.names[ns] == nil {
		s.names[ns] = map[string]int32{}
	}
	s.names[ns][name] = i
	s.live++
	return i, s.At(i)
}

// Remove frees slot i, held by the record named name in namespace ns.
func (s *Store[R]) Remove(i int32, ns int32, name string) {
	delete(s.names[ns], name)
	s.free = append(s.free, i)
	s.live--
}

// Lookup returns the slot of the record named name in namespace ns.
func (s *Store[R]) Lookup(ns int32, name string) (int32, bool) {
	if int(ns) >= len(s.names) {
		return -1, false
	}
	i, ok := s.names[ns][name]
	if !ok {
		return -1, false
	}
	return i, true
}

// LookupBytes is Lookup of a name given as bytes, without a copy.
func (s *Store[R]) LookupBytes(ns int32, name []byte) (int32, bool) {
	if int(ns) >= len(s.names) {
		return -1, false
	}
	i, ok := s.names[ns][string(name)]
	if !ok {
		return -1, false
	}
	return i, true
}

// In returns the slots of namespace ns's records, in no particular
// order: its cost is the namespace's size, not the store's.
func (s *Store[R]) In(ns int32) iter.Seq[int32] {
	return func(yield func(int32) bool) {
		if int(ns) >= len(s.names) {
			return
		}
		for _, i := range s.names[ns] {
			if !yield(i) {
				return
			}
		}
	}
}

// SetIP indexes slot i under IP key k.
func (s *Store[R]) SetIP(k uint64, i int32) {
	if s.ips == nil {
		s.ips = map[uint64]int32{}
	}
	s.ips[k] = i
}

// DropIP forgets IP key k.
func (s *Store[R]) DropIP(k uint64) { delete(s.ips, k) }

// AtIP returns the slot indexed under IP key k.
func (s *Store[R]) AtIP(k uint64) (int32, bool) {
	i, ok := s.ips[k]
	if !ok {
		return -1, false
	}
	return i, true
}

// Counts reports the store's bookkeeping, for consistency checks: names
// and IPs indexed, free slots, and blocks allocated.
func (s *Store[R]) Counts() (names, ips, free, blocks int) {
	for _, m := range s.names {
		names += len(m)
	}
	return names, len(s.ips), len(s.free), s.recs.Blocks()
}

// DropNS forgets the name index of namespace ns, which holds no live
// record: the caller is about to give its number to another namespace, or
// to none.
func (s *Store[R]) DropNS(ns int32) {
	if int(ns) < len(s.names) {
		s.names[ns] = nil
	}
}

// HasNS reports whether namespace ns has a name index (made by the first
// Add in it, kept until DropNS), for consistency checks.
func (s *Store[R]) HasNS(ns int32) bool { return int(ns) < len(s.names) && s.names[ns] != nil }

// Namespaces returns the number of namespaces with a name index, for
// consistency checks.
func (s *Store[R]) Namespaces() (n int) {
	for _, m := range s.names {
		if m != nil {
			n++
		}
	}
	return n
}

// BlocksFor returns the number of blocks that hold n slots, for
// consistency checks.
func BlocksFor(n int32) int { return int(blocks.BlocksFor(n)) }
