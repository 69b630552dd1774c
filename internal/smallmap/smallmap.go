// Package smallmap is a map for tables that usually hold a few entries.
// Use a [Map] as a Go map whose zero value is ready:
//
//	var m smallmap.Map[string, int]
//	m.Set("a", 1)
//	v, ok := m.Get("a") // 1, true
//	v = m.Value("b")    // 0: absent, as m["b"] reads a Go map
//	for k, v := range m.All() { ... }
//	m.Delete("a")
//
// Most of the simulator's tables (a cluster's namespaces, nodes and
// Deployments by name, a Service's virtual addresses) hold one to a few
// entries, and a Go map costs a few hundred bytes from its first entry
// on. A Map keeps its entries in a slice, the first 4 in one allocation
// with its table, and finds them by a scan while they are at most 16;
// past that it adds a Go map from key to position, until deletes bring
// them down to 8. A few entries cost what they hold, many about what a
// Go map of them costs, found in constant time.
//
// Like a Go map, a Map value refers to its table: a copy shares the
// entries of the original once either has had an entry set. Unlike a Go
// map's, [Map.All]'s order is fixed by the Set and Delete calls that
// built the map, however many entries it holds: a check that reports the
// first bad entry of a table reports the same one on every run.
package smallmap

import (
	"iter"
	"slices"
)

// scanned is the most entries a Map finds by a scan; past it a Go map
// indexes them, until they are scanned/2 again (halving, so that a map
// at the edge does not build and drop its index on every call). A scan
// of 16 entries costs about what a Go map's lookup of a struct key does:
// 16 holds a Deployment's ReplicaSets by name and by pod-template-hash
// (up to revisionHistoryLimit's default 10 old ones, kubernetes
// pkg/apis/apps/v1/defaults.go, SetDefaults_Deployment, the current one
// and those being deleted).
const scanned = 16

// firstCap is the number of entries a Map's first allocation holds along
// with its table: a map of up to 4 entries costs one allocation.
const firstCap = 4

// Map is a map from K to V for few entries. The zero Map is empty and
// ready to use.
type Map[K comparable, V any] struct {
	t *table[K, V] // nil until the first Set
}

// table holds a Map's entries in the order Set and Delete leave them,
// and, from the Set that makes them more than scanned until the Delete
// that brings them down to scanned/2, their positions by key.
type table[K comparable, V any] struct {
	entries []entry[K, V]
	pos     map[K]int32 // nil: found by a scan
}

type entry[K comparable, V any] struct {
	k K
	v V
}

// find returns the position of k's entry, or -1.
func (t *table[K, V]) find(k K) int {
	if t.pos != nil {
		if i, ok := t.pos[k]; ok {
			return int(i)
		}
		return -1
	}
	for i := range t.entries {
		if t.entries[i].k == k {
			return i
		}
	}
	return -1
}

// Get returns the value of k and whether k is in the map.
func (m Map[K, V]) Get(k K) (V, bool) {
	if t := m.t; t != nil {
		if i := t.find(k); i >= 0 {
			return t.entries[i].v, true
		}
	}
	var zero V
	return zero, false
}

// Value returns the value of k, the zero V if k is not in the map (as
// m[k] reads a Go map).
func (m Map[K, V]) Value(k K) V {
	// Get's body rather than a call of Get: so written, Value is cheap
	// enough for the compiler to inline, as Get is, and a read of a
	// table costs no call.
	if t := m.t; t != nil {
		if i := t.find(k); i >= 0 {
			return t.entries[i].v
		}
	}
	var zero V
	return zero
}

// Set maps k to v.
func (m *Map[K, V]) Set(k K, v V) {
	if m.t == nil {
		m.Grow(firstCap)
	}
	t := m.t
	if i := t.find(k); i >= 0 {
		t.entries[i].v = v
		return
	}
	t.entries = append(t.entries, entry[K, V]{k, v})
	switch n := len(t.entries); {
	case t.pos != nil:
		t.pos[k] = int32(n - 1)
	case n > scanned:
		t.pos = make(map[K]int32, 2*n)
		for i, e := range t.entries {
			t.pos[e.k] = int32(i)
		}
	}
}

// Grow makes room for n more entries, so that the Sets that add them
// allocate nothing. An empty map gets room for up to twice firstCap with
// its table in one allocation: a table its owner knows will hold a few
// more than firstCap entries costs one allocation, not two.
func (m *Map[K, V]) Grow(n int) {
	switch {
	case m.t != nil:
		m.t.entries = slices.Grow(m.t.entries, n)
	case n <= firstCap:
		b := new(struct {
			t     table[K, V]
			first [firstCap]entry[K, V]
		})
		b.t.entries = b.first[:0]
		m.t = &b.t
	case n <= 2*firstCap:
		b := new(struct {
			t     table[K, V]
			first [2 * firstCap]entry[K, V]
		})
		b.t.entries = b.first[:0]
		m.t = &b.t
	default:
		m.t = &table[K, V]{entries: make([]entry[K, V], 0, n)}
	}
}

// First is a Map's table with room for its first firstCap entries, for
// the Map's owner to hold in its own allocation (UseFirst): a record
// made with a few tables that fill together costs one allocation, not
// one more per table.
type First[K comparable, V any] struct {
	t     table[K, V]
	first [firstCap]entry[K, V]
}

// UseFirst makes the empty map m keep its table and first entries in f,
// which must not be used by another Map; past firstCap entries, m grows
// as any Map.
func (m *Map[K, V]) UseFirst(f *First[K, V]) {
	f.t = table[K, V]{entries: f.first[:0]}
	m.t = &f.t
}

// Delete removes k's entry, if any. The last entry takes its place in
// the iteration order.
func (m Map[K, V]) Delete(k K) {
	t := m.t
	if t == nil {
		return
	}
	i := t.find(k)
	if i < 0 {
		return
	}
	last := len(t.entries) - 1
	t.entries[i] = t.entries[last]
	t.entries[last] = entry[K, V]{} // drop what it refers to
	t.entries = t.entries[:last]
	if t.pos == nil {
		return
	}
	delete(t.pos, k)
	switch {
	case last <= scanned/2:
		t.pos = nil
		if cap(t.entries) > 2*scanned { // give back the room of many
			t.entries = append(make([]entry[K, V], 0, scanned), t.entries...)
		}
	case i < last:
		t.pos[t.entries[i].k] = int32(i)
	}
}

// Len returns the number of entries.
func (m Map[K, V]) Len() int {
	if m.t == nil {
		return 0
	}
	return len(m.t.entries)
}

// All yields the entries from the last placed to the first. The loop
// body may delete the entry it is given (an entry that takes its place
// has been yielded already), but not other entries, and must not set new
// ones.
func (m Map[K, V]) All() iter.Seq2[K, V] {
	return func(yield func(K, V) bool) {
		t := m.t
		if t == nil {
			return
		}
		for i := len(t.entries) - 1; i >= 0; i-- {
			if i >= len(t.entries) {
				continue // deleted by the loop body
			}
			if e := t.entries[i]; !yield(e.k, e.v) {
				return
			}
		}
	}
}
