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
	items []entry
	pos   []int32 // by id: 1 + its index in items, 0 when absent
}

type entry struct {
	key Key
	id  int32
}

// Grow makes room for ids below n: Sets of them then do not allocate.
func (h *Heap) Grow(n int) {
	if n > cap(h.items) {
		items := make([]entry, len(h.items), n)
		copy(items, h.items)
		h.items = items
	}
	h.growPos(n)
}

func (h *Heap) growPos(n int) {
	if n > len(h.pos) {
		h.pos = append(h.pos, make([]int32, n-len(h.pos))...)
	}
}

// Len returns the number of ids in the heap.
func (h *Heap) Len() int { return len(h.items) }

// Min returns the id with the least key and that key; the heap must not be
// empty.
func (h *Heap) Min() (int32, Key) { return h.items[0].id, h.items[0].key }

// Has reports whether id is in the heap.
func (h *Heap) Has(id int32) bool { return int(id) < len(h.pos) && h.pos[id] > 0 }

// KeyOf returns id's key; id must be in the heap.
func (h *Heap) KeyOf(id int32) Key { return h.items[h.pos[id]-1].key }

// Set files id under key: it adds id, or moves it to its new place.
func (h *Heap) Set(id int32, key Key) {
	e := entry{key, id}
	if !h.Has(id) {
		h.growPos(int(id) + 1)
		h.items = append(h.items, e)
		h.up(len(h.items)-1, e)
		return
	}
	i := int(h.pos[id] - 1)
	if !h.down(i, e) {
		h.up(i, e)
	}
}

// Remove takes id out of the heap; nothing when it is not in it.
func (h *Heap) Remove(id int32) {
	if !h.Has(id) {
		return
	}
	i, last := int(h.pos[id]-1), len(h.items)-1
	h.pos[id] = 0
	y := h.items[last]
	h.items = h.items[:last]
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
		if !e.key.Less(h.items[p].key) {
			break
		}
		h.place(i, h.items[p])
		i = p
	}
	h.place(i, e)
}

// down sifts e, to be placed at index i, towards the leaves, as up does,
// and reports whether it moved.
func (h *Heap) down(i int, e entry) bool {
	n, i0 := len(h.items), i
	for {
		l := 2*i + 1
		if l >= n {
			break
		}
		m := l
		if r := l + 1; r < n && h.items[r].key.Less(h.items[l].key) {
			m = r
		}
		if !h.items[m].key.Less(e.key) {
			break
		}
		h.place(i, h.items[m])
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
	h.items[i] = e
	h.pos[e.id] = int32(i + 1)
}
