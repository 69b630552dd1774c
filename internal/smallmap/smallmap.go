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
// on. A Map holds up to 16 entries in a slice it scans, the first 4 in
// one allocation with its table, and moves them into a Go map past 16: a
// few entries cost what they hold, many what a Go map of them costs, found
// in constant time.
//
// Like a Go map, a Map value refers to its table: a copy shares the
// entries of the original once either has had an entry set. While the
// entries are few, [Map.All] yields them in an order fixed by the Set and
// Delete calls that built the map; past that, in a Go map's order. As for
// a Go map, a caller whose result depends on the order sorts.
package smallmap

import "iter"

// scanned is the most entries a Map finds by a scan; past it they are
// moved into a Go map. A scan of 16 entries costs about what a Go map's
// lookup of a struct key does, and a range over them far less than a
// range over a Go map (which draws a random starting point): 16 holds a
// Deployment's ReplicaSets by name and by pod-template-hash (up to
// revisionHistoryLimit's default 10 old ones, kubernetes
// pkg/apis/apps/v1/defaults.go, SetDefaults_Deployment, the current one
// and those being deleted), which Check ranges over.
const scanned = 16

// firstCap is the number of entries a Map's first allocation holds along
// with its table: a map of up to 4 entries costs one allocation.
const firstCap = 4

// Map is a map from K to V for few entries. The zero Map is empty and
// ready to use.
type Map[K comparable, V any] struct {
	t *table[K, V] // nil until the first Set
}

// table holds a Map's entries: in few, in the order Set and Delete leave
// them, while there are at most scanned of them; in many (few empty)
// from the Set that makes them more until the Delete that empties it.
type table[K comparable, V any] struct {
	few  []entry[K, V]
	many map[K]V
}

type entry[K comparable, V any] struct {
	k K
	v V
}

// find returns the position of k's entry in few, or -1.
func (t *table[K, V]) find(k K) int {
	for i := range t.few {
		if t.few[i].k == k {
			return i
		}
	}
	return -1
}

// Get returns the value of k and whether k is in the map.
func (m Map[K, V]) Get(k K) (V, bool) {
	switch t := m.t; {
	case t == nil:
	case t.many != nil:
		v, ok := t.many[k]
		return v, ok
	default:
		if i := t.find(k); i >= 0 {
			return t.few[i].v, true
		}
	}
	var zero V
	return zero, false
}

// Value returns the value of k, the zero V if k is not in the map (as
// m[k] reads a Go map).
func (m Map[K, V]) Value(k K) V {
	v, _ := m.Get(k)
	return v
}

// Set maps k to v.
func (m *Map[K, V]) Set(k K, v V) {
	if m.t == nil {
		b := new(struct {
			t     table[K, V]
			first [firstCap]entry[K, V]
		})
		b.t.few = b.first[:0]
		m.t = &b.t
	}
	t := m.t
	switch i := t.find(k); {
	case t.many != nil:
		t.many[k] = v
	case i >= 0:
		t.few[i].v = v
	case len(t.few) < scanned:
		t.few = append(t.few, entry[K, V]{k, v})
	default:
		t.many = make(map[K]V, 2*scanned)
		for _, e := range t.few {
			t.many[e.k] = e.v
		}
		t.many[k] = v
		clear(t.few) // drop what they refer to
		t.few = t.few[:0]
	}
}

// Delete removes k's entry, if any. While the entries are few, the last
// takes its place in the iteration order.
func (m Map[K, V]) Delete(k K) {
	t := m.t
	switch {
	case t == nil:
	case t.many != nil:
		delete(t.many, k)
		if len(t.many) == 0 {
			t.many = nil // emptied: the next entries are few again
		}
	default:
		i := t.find(k)
		if i < 0 {
			return
		}
		last := len(t.few) - 1
		t.few[i] = t.few[last]
		t.few[last] = entry[K, V]{} // drop what it refers to
		t.few = t.few[:last]
	}
}

// Len returns the number of entries.
func (m Map[K, V]) Len() int {
	switch t := m.t; {
	case t == nil:
		return 0
	case t.many != nil:
		return len(t.many)
	default:
		return len(t.few)
	}
}

// All yields the entries: while they are few, from the last placed to
// the first. The loop body may delete the entry it is given (an entry
// that takes its place has been yielded already), but not other entries,
// and must not set new ones.
func (m Map[K, V]) All() iter.Seq2[K, V] {
	return func(yield func(K, V) bool) {
		t := m.t
		switch {
		case t == nil:
		case t.many != nil:
			for k, v := range t.many {
				if !yield(k, v) {
					return
				}
			}
		default:
			for i := len(t.few) - 1; i >= 0; i-- {
				if i >= len(t.few) {
					continue // deleted by the loop body
				}
				e := t.few[i]
				if !yield(e.k, e.v) {
					return
				}
			}
		}
	}
}
