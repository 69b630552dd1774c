// Package heap is a binary min-heap of small integer ids, each filed under
// a key, that knows where every id is: an id's key can change, or the id
// can leave, in O(log n), with no callback.
//
// Use it as
//
//	var h heap.Heap // the zero Heap is empty
//	h.Set(id, heap.Key{Hi: load, Lo: uint64(id)}) // adds id, or re-files it
//	first, key := h.Min()
//	h.Remove(id)
//
// Keys are compared as (Hi, Lo) pairs. Order among equal keys is
// unspecified: callers that need a deterministic order make keys unique
// (the sim breaks ties by a node index or a sequence number).
package heap

// Key is an id's place in the order: Hi first, then Lo.
type Key struct{ Hi, Lo uint64 }

// Less reports whether a comes before b.
func (a Key) Less(b Key) bool { return a.Hi < b.Hi || a.Hi == b.Hi && a.Lo < b.Lo }

// Heap holds ids (non-negative int32s, best kept dense: the heap keeps a
// position per id up to the largest one seen) ordered by their keys.
type Heap struct {
	s []slot // s[:n]: the entries in heap order; s[id].pos: id's position
	n int
}

// slot k of a heap is at once its entry at heap index k (key and id, for
// k below Len) and the position of the id k (pos: 1 + its heap index, 0
// when absent). The heap holds at most one entry per id and every id is
// below len(s), so the entries fit; the position fills what would be an
// entry's padding, so entries and positions take one array, one
// allocation, and no more bytes than the entries alone.
type slot struct {
	key Key
	id  int32
	pos int32
}

type entry struct {
	key Key
	id  int32
}

// Grow makes room for ids below n: Sets of them then do not allocate.
// The array at least doubles when it grows, so that Sets of ever larger
// ids grow it in amortized constant time; the slots past its length are
// zero (it never shrinks).
func (h *Heap) Grow(n int) {
	switch {
	case n > cap(h.s):
		s := make([]slot, n, max(n, 2*cap(h.s)))
		copy(s, h.s)
		h.s = s
	case n > len(h.s):
		h.s = h.s[:n]
	}
}

// Len returns the number of ids in the heap.
func (h *Heap) Len() int { return h.n }

// Min returns the id with the least key and that key; the heap must not be
// empty.
func (h *Heap) Min() (int32, Key) { return h.s[0].id, h.s[0].key }

// Has reports whether id is in the heap.
func (h *Heap) Has(id int32) bool { return int(id) < len(h.s) && h.s[id].pos > 0 }

// KeyOf returns id's key; id must be in the heap.
func (h *Heap) KeyOf(id int32) Key { return h.s[h.s[id].pos-1].key }

// Set files id under key: it adds id, or moves it to its new place.
func (h *Heap) Set(id int32, key Key) {
	e := entry{key, id}
	if !h.Has(id) {
		h.Grow(int(id) + 1)
		h.n++
		h.up(h.n-1, e)
		return
	}
	i := int(h.s[id].pos - 1)
	if !h.down(i, e) {
		h.up(i, e)
	}
}

// Remove takes id out of the heap; nothing when it is not in it.
func (h *Heap) Remove(id int32) {
	if !h.Has(id) {
		return
	}
	i, last := int(h.s[id].pos-1), h.n-1
	h.s[id].pos = 0
	y := entry{h.s[last].key, h.s[last].id}
	h.n--
	if i < last { // the last entry fills the hole
		if !h.down(i, y) {
			h.up(i, y)
		}
	}
}

// up sifts e, to be placed at index i, towards the root: each parent it
// passes moves down one level, and e is placed once, at the end.
func (h *Heap) up(i int, e entry) {
	for i > 0 {
		p := (i - 1) / 2
		if !e.key.Less(h.s[p].key) {
			break
		}
		h.place(i, entry{h.s[p].key, h.s[p].id})
		i = p
	}
	h.place(i, e)
}

// down sifts e, to be placed at index i, towards the leaves, as up does,
// and reports whether it moved.
func (h *Heap) down(i int, e entry) bool {
	n, i0 := h.n, i
	for {
		l := 2*i + 1
		if l >= n {
			break
		}
		m := l
		if r := l + 1; r < n && h.s[r].key.Less(h.s[l].key) {
			m = r
		}
		if !h.s[m].key.Less(e.key) {
			break
		}
		h.place(i, entry{h.s[m].key, h.s[m].id})
		i = m
	}
	if i == i0 {
		return false
	}
	h.place(i, e)
	return true
}

// place puts e at index i and records it.
func (h *Heap) place(i int, e entry) {
	h.s[i].key, h.s[i].id = e.key, e.id
	h.s[e.id].pos = int32(i + 1)
}
