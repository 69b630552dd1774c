package intern

import (
	"fmt"
	"testing"

	"pgregory.net/rapid"
)

// A Table against a plain reference: a map from key to number and the
// list of keys in the order they were first interned, checked after every
// step, across the move from scanning to the Go map.
func TestTableAgainstReference(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		var tb Table[string]
		if rapid.Bool().Draw(t, "grow") {
			tb.Grow(rapid.IntRange(0, 20).Draw(t, "n"))
		}
		want := map[string]int32{"": 0}
		order := []string{""}
		key := rapid.SampledFrom([]string{"", "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l"})
		t.Repeat(map[string]func(*rapid.T){
			"intern": func(t *rapid.T) {
				k := key.Draw(t, "k")
				id := tb.Intern(k)
				if w, ok := want[k]; ok && id != w {
					t.Fatalf("Intern(%q) = %d, was %d", k, id, w)
				} else if !ok {
					if id != int32(len(order)) {
						t.Fatalf("Intern(%q) = %d for the %d-th key", k, id, len(order))
					}
					want[k] = id
					order = append(order, k)
				}
			},
			"id": func(t *rapid.T) {
				k := key.Draw(t, "k")
				id, ok := tb.ID(k)
				if w, wok := want[k]; ok != wok || ok && id != w {
					t.Fatalf("ID(%q) = %d, %v; want %d, %v", k, id, ok, w, wok)
				}
			},
			"": func(t *rapid.T) {
				if tb.Len() != len(order) {
					t.Fatalf("Len() = %d, want %d", tb.Len(), len(order))
				}
				for id, k := range order {
					if got := tb.Key(int32(id)); got != k {
						t.Fatalf("Key(%d) = %q, want %q", id, got, k)
					}
				}
				if (tb.ids != nil) != (len(order) > scanned+1) {
					t.Fatalf("%d keys: indexed %v", len(order)-1, tb.ids != nil)
				}
			},
		})
	})
}

// A few keys are found without allocating; Grow gives room for them.
func TestTableAllocs(t *testing.T) {
	var tb Table[string]
	tb.Grow(3)
	if n := testing.AllocsPerRun(10, func() {
		for i := range 3 {
			tb.Intern([]string{"node-0", "node-1", "node-2"}[i])
		}
		tb.ID("node-2")
	}); n != 0 {
		t.Errorf("%v allocations interning 3 keys after Grow(3)", n)
	}
	// Without Grow, the first key gets room for firstKeys-1: one
	// allocation.
	if n := testing.AllocsPerRun(10, func() {
		var tb Table[string]
		for i := range firstKeys - 1 {
			tb.Intern([]string{"node-0", "node-1", "node-2"}[i])
		}
	}); n != 1 {
		t.Errorf("%v allocations interning %d keys", n, firstKeys-1)
	}
}

func Example() {
	var nodes Table[string]
	fmt.Println(nodes.Intern("node-b"), nodes.Intern("node-a"), nodes.Intern("node-b"))
	id, ok := nodes.ID("node-a")
	fmt.Println(id, ok, nodes.Key(1), nodes.Key(0) == "", nodes.Len())
	// Output:
	// 1 2 1
	// 2 true node-b true 3
}
