package heap

import (
	"slices"
	"testing"

	"pgregory.net/rapid"
)

// TestHeapReference runs random sets (new ids and re-filed ones), removals
// and pops against a slow reference (a map scanned for its least key) and
// checks the minimum, every id's key and place, and the order after each
// step.
func TestHeapReference(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		var h Heap
		ref := map[int32]Key{} // the slow version
		refMin := func() (int32, Key) {
			first, min := int32(-1), Key{}
			for id, k := range ref {
				if first < 0 || k.Less(min) {
					first, min = id, k
				}
			}
			return first, min
		}
		// Keys are unique (Lo is the id), so the minimum is one id.
		drawKey := func(t *rapid.T, id int32) Key {
			return Key{Hi: uint64(rapid.IntRange(0, 5).Draw(t, "hi")), Lo: uint64(id)}
		}
		t.Repeat(map[string]func(*rapid.T){
			"set": func(t *rapid.T) {
				id := int32(rapid.IntRange(0, 40).Draw(t, "id"))
				k := drawKey(t, id)
				h.Set(id, k)
				ref[id] = k
			},
			"remove": func(t *rapid.T) {
				id := int32(rapid.IntRange(0, 40).Draw(t, "id"))
				h.Remove(id)
				delete(ref, id)
			},
			"pop": func(t *rapid.T) {
				if len(ref) == 0 {
					t.Skip("empty")
				}
				want, wantKey := refMin()
				if got, key := h.Min(); got != want || key != wantKey {
					t.Fatalf("Min: %d %v, want %d %v", got, key, want, wantKey)
				}
				h.Remove(want)
				delete(ref, want)
			},
			"": func(t *rapid.T) {
				if h.Len() != len(ref) {
					t.Fatalf("len %d, want %d", h.Len(), len(ref))
				}
				for id := range int32(41) {
					k, in := ref[id]
					if h.Has(id) != in || in && h.KeyOf(id) != k {
						t.Fatalf("id %d: in %v, want %v (key %v)", id, h.Has(id), in, k)
					}
				}
				for i, e := range h.s[:h.n] {
					if h.s[e.id].pos != int32(i+1) {
						t.Fatalf("id %d at %d, recorded at %d", e.id, i, h.s[e.id].pos-1)
					}
					if i > 0 && e.key.Less(h.s[(i-1)/2].key) {
						t.Fatalf("order broken at %d", i)
					}
				}
			},
		})
	})
}

// BenchmarkUpdate files 5,000 counters as the scheduler files nodes by
// load: one op is the least one's count up by one (a pod bound to it) and
// another one's down by one (a pod gone). The naive baseline scans every
// counter for the least one.
func BenchmarkUpdate(b *testing.B) {
	const size = 5000
	step := func(k int, counts []uint64, least func() int32, set func(int32)) {
		id := least()
		counts[id]++
		set(id)
		if id = int32(uint32(k*7919) % size); counts[id] > 0 {
			counts[id]--
			set(id)
		}
	}
	b.Run("heap", func(b *testing.B) {
		counts := make([]uint64, size)
		var h Heap
		for id := range int32(size) {
			h.Set(id, Key{0, uint64(id)})
		}
		least := func() int32 { id, _ := h.Min(); return id }
		set := func(id int32) { h.Set(id, Key{counts[id], uint64(id)}) }
		for k := 0; b.Loop(); k++ {
			step(k, counts, least, set)
		}
	})
	b.Run("naive", func(b *testing.B) {
		counts := make([]uint64, size)
		least := func() int32 {
			return int32(slices.Index(counts, slices.Min(counts)))
		}
		for k := 0; b.Loop(); k++ {
			step(k, counts, least, func(int32) {})
		}
	})
}

// TestGrow: after Grow(n), Sets of ids below n do not allocate, and Grow
// itself allocates once.
func TestGrow(t *testing.T) {
	var h Heap
	if n := testing.AllocsPerRun(1, func() { h = Heap{}; h.Grow(8) }); n != 1 {
		t.Errorf("Grow(8) allocates %v times, want 1", n)
	}
	if n := testing.AllocsPerRun(1, func() {
		for i := range int32(8) {
			h.Set(i, Key{Hi: uint64(8 - i)})
		}
		for h.Len() > 0 {
			id, _ := h.Min()
			h.Remove(id)
		}
	}); n != 0 {
		t.Errorf("8 Sets after Grow(8) allocate %v times", n)
	}
}
