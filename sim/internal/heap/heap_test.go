package heap

import (
	"slices"
	"testing"

	"pgregory.net/rapid"
)

// item is an element with a mutable key and a known place.
type item struct {
	id, key int
}

// TestHeapReference runs random pushes, updates, removals and pops
// against a slow reference (a slice scanned for its least element) and
// checks the minimum and every element's recorded place after each step.
func TestHeapReference(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		pos := map[int]int{}
		less := func(a, b item) bool { return a.key < b.key || a.key == b.key && a.id < b.id }
		h := New(less, func(x item, i int) {
			if i < 0 {
				delete(pos, x.id)
			} else {
				pos[x.id] = i
			}
		})
		var ref []item // the slow version
		next := 0
		t.Repeat(map[string]func(*rapid.T){
			"push": func(t *rapid.T) {
				x := item{id: next, key: rapid.IntRange(0, 20).Draw(t, "key")}
				next++
				h.Push(x)
				ref = append(ref, x)
			},
			"update": func(t *rapid.T) {
				if len(ref) == 0 {
					t.Skip("empty")
				}
				k := rapid.IntRange(0, len(ref)-1).Draw(t, "k")
				ref[k].key = rapid.IntRange(0, 20).Draw(t, "key")
				h.Update(pos[ref[k].id], ref[k])
			},
			"remove": func(t *rapid.T) {
				if len(ref) == 0 {
					t.Skip("empty")
				}
				k := rapid.IntRange(0, len(ref)-1).Draw(t, "k")
				if got := h.Remove(pos[ref[k].id]); got != ref[k] {
					t.Fatalf("Remove: got %v, want %v", got, ref[k])
				}
				ref = slices.Delete(ref, k, k+1)
			},
			"pop": func(t *rapid.T) {
				if len(ref) == 0 {
					t.Skip("empty")
				}
				m := slices.MinFunc(ref, func(a, b item) int {
					if less(a, b) {
						return -1
					}
					return 1
				})
				if got := h.Remove(0); got != m {
					t.Fatalf("pop: got %v, want %v", got, m)
				}
				ref = slices.DeleteFunc(ref, func(x item) bool { return x == m })
			},
			"": func(t *rapid.T) {
				if h.Len() != len(ref) || len(pos) != len(ref) {
					t.Fatalf("len %d, places %d, want %d", h.Len(), len(pos), len(ref))
				}
				for _, x := range ref {
					if h.items[pos[x.id]] != x {
						t.Fatalf("%v recorded at %d, holds %v", x, pos[x.id], h.items[pos[x.id]])
					}
				}
				for i := 1; i < len(h.items); i++ {
					if less(h.items[i], h.items[(i-1)/2]) {
						t.Fatalf("order broken at %d", i)
					}
				}
			},
		})
	})
}

// BenchmarkUpdate files 5,000 counters as the scheduler files nodes by
// load: one op is the least one's count up by one (a pod bound to it) and
// another one's down by one (a pod gone).
func BenchmarkUpdate(b *testing.B) {
	type load struct{ n, id int32 }
	const size = 5000
	pos := make([]int, size)
	counts := make([]int32, size)
	h := New(func(a, b load) bool { return a.n < b.n || (a.n == b.n && a.id < b.id) },
		func(x load, i int) { pos[x.id] = i })
	for id := range int32(size) {
		h.Push(load{0, id})
	}
	for k := 0; b.Loop(); k++ {
		id := h.Min().id
		counts[id]++
		h.Update(pos[id], load{counts[id], id})
		if id = int32(uint32(k*7919) % size); counts[id] > 0 {
			counts[id]--
			h.Update(pos[id], load{counts[id], id})
		}
	}
}

// TestGrow: after Grow(n), n Pushes do not allocate.
func TestGrow(t *testing.T) {
	h := New(func(a, b int) bool { return a < b }, func(int, int) {})
	h.Grow(8)
	if n := testing.AllocsPerRun(1, func() {
		for i := range 8 {
			h.Push(8 - i)
		}
		for h.Len() > 0 {
			h.Remove(0)
		}
	}); n != 0 {
		t.Errorf("8 Pushes after Grow(8) allocate %v times", n)
	}
}
