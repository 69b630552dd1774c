// Package podstore keeps the sim's pod records in numbered slots, with an
// index by (namespace, name) and one by IP.
//
// Use it as
//
//	s := podstore.New(recName, recIP) // how to read a record's name and IP key
//	i, r := s.Add(ns, name) // a slot (a freed one first) and its record, to fill (name first)
//	s.SetIP(key, i)         // once the record holds that IP key
//	j, ok := s.Lookup(ns, name)
//	j, ok = s.AtIP(key)
//	for i := range s.Slots() { r := s.At(i); … } // every slot, live or free
//	for i := range s.In(ns) { … }                // the live records of a namespace
//	s.DropIP(key, i)      // while the record still holds that IP key
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
//
// The indexes are slot tables (slottable.go), one per namespace for names
// and one for IPs: they hold slots and hashes only, and a lookup reads the
// candidate records' keys through the functions given to New. Names are
// hashed with a per-store random seed, so only In's order depends on it.
package podstore

import (
	"hash/maphash"
	"iter"
	"slices"

	"github.com/svcsim/svcsim/internal/blocks"
)

// Store is the set of pod records. Make one with New.
type Store[R any] struct {
	recs  blocks.Array[R] // one record per slot handed out so far
	free  []int32
	live  int
	name  func(*R) string // a live record's name
	ip    func(*R) uint64 // an indexed record's IP key
	seed  maphash.Seed
	names []slotTable // by namespace: its records by name
	ips   slotTable
}

// New returns an empty store whose records give their name by name and,
// once indexed by IP, their IP key by ip.
func New[R any](name func(*R) string, ip func(*R) uint64) Store[R] {
	return Store[R]{name: name, ip: ip, seed: maphash.MakeSeed()}
}

// At returns the record in slot i.
func (s *Store[R]) At(i int32) *R { return s.recs.At(i) }

// All yields every slot below Slots with its record, in slot order.
func (s *Store[R]) All() iter.Seq2[int32, *R] { return s.recs.All() }

// Slots returns the number of slots handed out so far: every slot is
// below it.
func (s *Store[R]) Slots() int32 { return s.recs.Len() }

// Len returns the number of live records (added and not removed).
func (s *Store[R]) Len() int { return s.live }

// Add takes a free slot for the record named name in namespace ns (not
// already held) and returns it with its record, which keeps what it held
// when the slot was freed: the caller gives it its name before the next
// lookup.
func (s *Store[R]) Add(ns int32, name string) (int32, *R) {
	var i int32
	if n := len(s.free); n > 0 {
		i = s.free[n-1]
		s.free = s.free[:n-1]
	} else {
		i, _ = s.recs.Grow()
	}
	if int(ns) >= len(s.names) {
		// Room for namespaces comes four at first (a cluster's
		// built-in ones), then doubles.
		s.names = slices.Grow(s.names, max(int(ns)+1, 4)-len(s.names))[:ns+1]
	}
	s.names[ns].insert(s.nameHash(name), i)
	s.live++
	return i, s.At(i)
}

// Remove frees slot i, held by the record named name in namespace ns.
func (s *Store[R]) Remove(i int32, ns int32, name string) {
	s.names[ns].remove(s.nameHash(name), i)
	s.free = append(s.free, i)
	s.live--
}

// Lookup returns the slot of the record named name in namespace ns.
func (s *Store[R]) Lookup(ns int32, name string) (int32, bool) {
	if int(ns) >= len(s.names) {
		return -1, false
	}
	for c := s.names[ns].seek(s.nameHash(name)); ; {
		if i := c.next(); i < 0 || s.name(s.At(i)) == name {
			return i, i >= 0
		}
	}
}

// LookupBytes is Lookup of a name given as bytes, without a copy.
func (s *Store[R]) LookupBytes(ns int32, name []byte) (int32, bool) {
	if int(ns) >= len(s.names) {
		return -1, false
	}
	// Bytes and String hash equal contents alike (hash/maphash).
	h := fold(maphash.Bytes(s.seed, name))
	for c := s.names[ns].seek(h); ; {
		if i := c.next(); i < 0 || s.name(s.At(i)) == string(name) {
			return i, i >= 0
		}
	}
}

// In returns the slots of namespace ns's records, in no particular
// order (it follows the names' hashes, whose seed is random): its cost is
// the namespace's size, not the store's.
func (s *Store[R]) In(ns int32) iter.Seq[int32] {
	return func(yield func(int32) bool) {
		if int(ns) < len(s.names) {
			s.names[ns].all(yield)
		}
	}
}

// LenIn returns the number of namespace ns's records.
func (s *Store[R]) LenIn(ns int32) int {
	if int(ns) < len(s.names) {
		return int(s.names[ns].n)
	}
	return 0
}

// SetIP indexes slot i, whose record holds IP key k, under k.
func (s *Store[R]) SetIP(k uint64, i int32) { s.ips.insert(ipHash(k), i) }

// DropIP forgets slot i's IP key k, as SetIP indexed it.
func (s *Store[R]) DropIP(k uint64, i int32) { s.ips.remove(ipHash(k), i) }

// AtIP returns the slot indexed under IP key k.
func (s *Store[R]) AtIP(k uint64) (int32, bool) {
	for c := s.ips.seek(ipHash(k)); ; {
		if i := c.next(); i < 0 || s.ip(s.At(i)) == k {
			return i, i >= 0
		}
	}
}

// Counts reports the store's bookkeeping, for consistency checks: names
// and IPs indexed, free slots, and blocks allocated.
func (s *Store[R]) Counts() (names, ips, free, blocks int) {
	for i := range s.names {
		names += int(s.names[i].n)
	}
	return names, int(s.ips.n), len(s.free), s.recs.Blocks()
}

// DropNS forgets the name index of namespace ns, which holds no live
// record: the caller is about to give its number to another namespace, or
// to none.
func (s *Store[R]) DropNS(ns int32) {
	if int(ns) < len(s.names) {
		s.names[ns] = slotTable{}
	}
}

// HasNS reports whether namespace ns has a name index (made by the first
// Add in it, kept until DropNS), for consistency checks.
func (s *Store[R]) HasNS(ns int32) bool { return int(ns) < len(s.names) && s.names[ns].used() }

// Namespaces returns the number of namespaces with a name index, for
// consistency checks.
func (s *Store[R]) Namespaces() (n int) {
	for i := range s.names {
		if s.names[i].used() {
			n++
		}
	}
	return n
}

// nameHash hashes a record's name.
func (s *Store[R]) nameHash(name string) uint32 { return fold(maphash.String(s.seed, name)) }

// ipHash hashes an IP key (mixed, unseeded: only lookups see the order).
func ipHash(k uint64) uint32 { return fold(k * 0xbf58476d1ce4e5b9) }

func fold(h uint64) uint32 { return uint32(h ^ h>>32) }

// BlocksFor returns the number of blocks that hold n slots, for
// consistency checks.
func BlocksFor(n int32) int { return int(blocks.BlocksFor(n)) }
