// Package intern numbers keys, so that records can hold a small integer
// in place of a string. Use a [Table] as a list of distinct keys that
// finds a key's number:
//
//	var nodes intern.Table[string]
//	id := nodes.Intern("node-1") // 1: the first key interned
//	id, ok := nodes.ID("node-1") // 1, true
//	name := nodes.Key(id)        // "node-1"; Key(0) is ""
//
// Number 0 is the zero key (for names, none: ""); the others count up in
// the order keys are interned, and a key keeps its number. A table of a
// few keys (a small cluster's nodes) finds a key by a scan of the list
// and costs what the list holds; past 8 keys it indexes them in a Go map.
// A Table is not safe for concurrent use.
package intern

import "slices"

// scanned is the most keys a Table finds by a scan.
const scanned = 8

// firstKeys is the room of a table's first list, the zero key included:
// a small cluster's 3 nodes.
const firstKeys = 4

// Table numbers keys of type K. The zero Table is empty and ready to use.
type Table[K comparable] struct {
	keys []K         // by number; [0] is the zero K once a key is interned
	ids  map[K]int32 // nil while keys are few (scanned)
}

// Grow makes room for n more keys without reallocating.
func (t *Table[K]) Grow(n int) {
	if len(t.keys) == 0 {
		n++ // the zero key
	}
	t.keys = slices.Grow(t.keys, n)
}

// ID returns the number of k, and whether it is interned; the zero key is
// 0, always there.
func (t *Table[K]) ID(k K) (int32, bool) {
	var zero K
	if k == zero {
		return 0, true
	}
	if t.ids != nil {
		id, ok := t.ids[k]
		return id, ok
	}
	if i := slices.Index(t.keys, k); i > 0 {
		return int32(i), true
	}
	return 0, false
}

// Intern returns the number of k, numbering it first if it is new.
func (t *Table[K]) Intern(k K) int32 {
	if id, ok := t.ID(k); ok {
		return id
	}
	if len(t.keys) == 0 {
		// A table not sized by Grow gets room for firstKeys at once,
		// not one key at a time.
		if cap(t.keys) == 0 {
			t.keys = make([]K, 0, firstKeys)
		}
		var zero K
		t.keys = append(t.keys, zero)
	}
	id := int32(len(t.keys))
	t.keys = append(t.keys, k)
	switch {
	case t.ids != nil:
		t.ids[k] = id
	case len(t.keys) > scanned+1:
		t.ids = make(map[K]int32, len(t.keys))
		for i, k := range t.keys[1:] {
			t.ids[k] = int32(i + 1)
		}
	}
	return id
}

// Key returns the key numbered id (0: the zero key). It panics if id was
// never returned by Intern.
func (t *Table[K]) Key(id int32) K {
	if id == 0 {
		var zero K
		return zero
	}
	return t.keys[id]
}

// Len returns the number of numbers given out, the zero key's included:
// the keys are numbered 1 to Len()-1.
func (t *Table[K]) Len() int { return max(len(t.keys), 1) }
