// Package smallmap is a map for a few entries: most of the simulator's
// tables (a cluster's namespaces, nodes, Deployments by name; a Service's
// slices) hold one to three entries, and a Go map costs a few hundred bytes
// from its first entry on. A [Map] holds its entries in a slice it scans
// while they are at most 8, and indexes them in a Go map past that, so a
// few entries cost what they hold and many stay found in constant time.
//
// Use it as a map whose zero value is ready:
//
//	var m smallmap.Map[string, int]
//	m.Set("a", 1)
//	v, ok := m.Get("a")
//	for k, v := range m.All() { ... }
//	m.Delete("a")
//
// Like a Go map, a Map value refers to its table: a copy shares the
// entries of the original once either has had an entry set. Unlike a Go
// map, iteration is deterministic: [Map.All] yields the entries in an order
// fixed by the sequence of Set and Delete calls that built the map.
package smallmap

import "iter"

// scanned is the most entries a Map finds by a scan; past it a Go map
// indexes them.
const scanned = 8

// Map is a map from K to V for few entries. The zero Map is empty and
// ready to use.
type Map[K comparable, V any] struct {
	t *table[K, V] // nil until the first Set
}

// table holds a Map's entries: in entries, in the order Set and Delete
// leave them, and indexed by key in index once there are more than
// scanned of them.
type table[K comparable, V any] struct {
	entries []entry[K, V]
	index   map[K]int32 // key → position in entries; nil while few
}

type entry[K comparable, V any] struct {
	k K
	v V
}

// find returns the position of k's entry, or -1.
func (t *table[K, V]) find(k K) int {
	if t.index != nil {
		if i, ok := t.index[k]; ok {
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
	if m.t != nil {
		if i := m.t.find(k); i >= 0 {
			return m.t.entries[i].v, true
		}
	}
	var zero V
	return zero, false
}

// Has reports whether k is in the map.
func (m Map[K, V]) Has(k K) bool {
	return m.t != nil && m.t.find(k) >= 0
}

// Set maps k to v.
func (m *Map[K, V]) Set(k K, v V) {
	if m.t == nil {
		m.t = &table[K, V]{}
	}
	t := m.t
	if i := t.find(k); i >= 0 {
		t.entries[i].v = v
		return
	}
	t.entries = append(t.entries, entry[K, V]{k, v})
	switch n := len(t.entries); {
	case t.index != nil:
		t.index[k] = int32(n - 1)
	case n > scanned:
		t.index = make(map[K]int32, n)
		for i := range t.entries {
			t.index[t.entries[i].k] = int32(i)
		}
	}
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
	if t.index != nil {
		delete(t.index, k)
		if i < last {
			t.index[t.entries[i].k] = int32(i)
		}
		if last == 0 {
			t.index = nil // emptied: the next entries are few again
		}
	}
}

// Len returns the number of entries.
func (m Map[K, V]) Len() int {
	if m.t == nil {
		return 0
	}
	return len(m.t.entries)
}

// All yields the entries, from the last placed to the first. The loop
// body may delete the entry it is given (the entry that takes its place
// has been yielded already) and set entries (new ones are not yielded),
// but not delete others.
func (m Map[K, V]) All() iter.Seq2[K, V] {
	return func(yield func(K, V) bool) {
		if m.t == nil {
			return
		}
		for i := len(m.t.entries) - 1; i >= 0; i-- {
			if i >= len(m.t.entries) {
				continue // deleted by the loop body
			}
			e := m.t.entries[i]
			if !yield(e.k, e.v) {
				return
			}
		}
	}
}
