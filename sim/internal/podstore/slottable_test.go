package podstore

import (
	"maps"
	"slices"
	"testing"

	"pgregory.net/rapid"
)

// TestSlotTableReference runs random inserts and removals against a Go
// map from key to slot, with a hash that is either well mixed or so weak
// (two bits) that runs of equal hashes and wrapped probes are the rule:
// same lookups, same set of slots, size kept between 1/8 and 3/4 full.
func TestSlotTableReference(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		var tab slotTable
		ref := map[uint64]int32{} // key → slot
		var keys []uint64         // by slot: its key
		weak := rapid.Bool().Draw(t, "weak")
		hash := func(k uint64) uint32 {
			if weak {
				return uint32(k & 3)
			}
			h := k * 0xbf58476d1ce4e5b9
			return uint32(h ^ h>>32)
		}
		key := rapid.Uint64Range(0, 300)
		find := func(k uint64) int32 {
			for c := tab.seek(hash(k)); ; {
				if i := c.next(); i < 0 || keys[i] == k {
					return i
				}
			}
		}
		t.Repeat(map[string]func(*rapid.T){
			"insert": func(t *rapid.T) {
				for range rapid.IntRange(1, 64).Draw(t, "n") {
					k := key.Draw(t, "key")
					if _, ok := ref[k]; ok {
						continue
					}
					i := int32(len(keys))
					keys = append(keys, k)
					ref[k] = i
					tab.insert(hash(k), i)
				}
			},
			"remove": func(t *rapid.T) {
				for range rapid.IntRange(1, 64).Draw(t, "n") {
					k := key.Draw(t, "key")
					i, ok := ref[k]
					if !ok {
						tab.remove(hash(k), int32(len(keys))) // not held: no change
						continue
					}
					delete(ref, k)
					tab.remove(hash(k), i)
				}
			},
			"": func(t *rapid.T) {
				k := key.Draw(t, "key")
				want, ok := ref[k]
				if !ok {
					want = -1
				}
				if got := find(k); got != want {
					t.Fatalf("find(%d) = %d, want %d", k, got, want)
				}
				for k, i := range ref {
					if got := find(k); got != i {
						t.Fatalf("find(%d) = %d, want %d", k, got, i)
					}
				}
				got := slices.Sorted(tab.all)
				if w := slices.Sorted(maps.Values(ref)); !slices.Equal(got, w) {
					t.Fatalf("all = %v, want %v", got, w)
				}
				if int(tab.n) != len(ref) {
					t.Fatalf("n = %d, want %d", tab.n, len(ref))
				}
				if size := len(tab.slots); size > 0 && (int(tab.n)*4 > size*3 || size > slotTableMin && int(tab.n)*8 < size) {
					t.Fatalf("%d entries in %d slots", tab.n, size)
				}
			},
		})
	})
}
