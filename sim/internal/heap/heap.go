// Package heap is a binary min-heap whose elements are told their place, so
// that one can be re-ordered or removed after its key changed.
//
// Use it as
//
//	h := heap.New(less, func(x T, i int) { pos[x] = i }) // i is -1 once x left
//	h.Push(x)
//	first := h.Min()
//	h.Update(pos[x], x2) // x2 takes x's place and is sifted
//	h.Remove(pos[x])
//
// Order among elements that compare equal is unspecified: callers that need
// a deterministic order make less a total order (the sim breaks ties by a
// node index or a sequence number).
package heap

import "slices"

// Heap is a min-heap of T ordered by less. moved is called with every
// element's new index as it moves, and with -1 when it leaves.
type Heap[T any] struct {
	items []T
	less  func(a, b T) bool
	moved func(x T, i int)
}

// New returns an empty heap.
func New[T any](less func(a, b T) bool, moved func(x T, i int)) Heap[T] {
	return Heap[T]{less: less, moved: moved}
}

// Grow makes room for n more elements: n Pushes then do not allocate.
func (h *Heap[T]) Grow(n int) { h.items = slices.Grow(h.items, n) }

// Len returns the number of elements.
func (h *Heap[T]) Len() int { return len(h.items) }

// Min returns the least element; the heap must not be empty.
func (h *Heap[T]) Min() T { return h.items[0] }

// At returns the element at index i.
func (h *Heap[T]) At(i int) T { return h.items[i] }

// Push adds x.
func (h *Heap[T]) Push(x T) {
	h.items = append(h.items, x)
	h.up(len(h.items)-1, x)
}

// Update replaces the element at index i by x and restores the order.
func (h *Heap[T]) Update(i int, x T) {
	if !h.down(i, x) {
		h.up(i, x)
	}
}

// Fix restores the order after the key of the element at index i changed.
func (h *Heap[T]) Fix(i int) { h.Update(i, h.items[i]) }

// Remove takes out the element at index i.
func (h *Heap[T]) Remove(i int) T {
	last := len(h.items) - 1
	x, y := h.items[i], h.items[last]
	var zero T
	h.items[last] = zero
	h.items = h.items[:last]
	h.moved(x, -1)
	if i < last {
		h.Update(i, y) // the last element fills the hole
	}
	return x
}

// up sifts x, to be placed at index i, towards the root: each parent it
// passes moves down one level, and x is told its place once, at the end.
func (h *Heap[T]) up(i int, x T) {
	for i > 0 {
		p := (i - 1) / 2
		if !h.less(x, h.items[p]) {
			break
		}
		h.place(i, h.items[p])
		i = p
	}
	h.place(i, x)
}

// down sifts x, to be placed at index i, towards the leaves, as up does,
// and reports whether it moved.
func (h *Heap[T]) down(i int, x T) bool {
	n, i0 := len(h.items), i
	for {
		l := 2*i + 1
		if l >= n {
			break
		}
		m := l
		if r := l + 1; r < n && h.less(h.items[r], h.items[l]) {
			m = r
		}
		if !h.less(h.items[m], x) {
			break
		}
		h.place(i, h.items[m])
		i = m
	}
	if i == i0 {
		return false
	}
	h.place(i, x)
	return true
}

// place puts x at index i and tells it.
func (h *Heap[T]) place(i int, x T) {
	h.items[i] = x
	h.moved(x, i)
}
