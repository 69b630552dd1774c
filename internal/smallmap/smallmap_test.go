package smallmap

import (
	"maps"
	"slices"
	"testing"

	"pgregory.net/rapid"
)

// check compares m with the plain Go map want: the same entries, each
// yielded once by All; scanned while few, and while indexed, more than
// scanned/2, each at the position the index gives.
func check(t *rapid.T, m *Map[int, int], want map[int]int) {
	t.Helper()
	if m.Len() != len(want) {
		t.Fatalf("Len = %d, want %d", m.Len(), len(want))
	}
	for k, v := range want {
		if got, ok := m.Get(k); !ok || got != v {
			t.Fatalf("Get(%d) = %d, %v; want %d", k, got, ok, v)
		}
		if got := m.Value(k); got != v {
			t.Fatalf("Value(%d) = %d, want %d", k, got, v)
		}
	}
	got := map[int]int{}
	for k, v := range m.All() {
		if _, dup := got[k]; dup {
			t.Fatalf("All yields %d twice", k)
		}
		got[k] = v
	}
	if !maps.Equal(got, want) {
		t.Fatalf("All = %v, want %v", got, want)
	}
	if m.t == nil {
		return
	}
	n := len(m.t.entries)
	if m.t.pos == nil {
		if n > scanned {
			t.Fatalf("%d entries scanned", n)
		}
		return
	}
	if n <= scanned/2 || len(m.t.pos) != n {
		t.Fatalf("%d entries, %d indexed", n, len(m.t.pos))
	}
	for i, e := range m.t.entries {
		if m.t.pos[e.k] != int32(i) {
			t.Fatalf("entry %d (key %d) indexed at %d", i, e.k, m.t.pos[e.k])
		}
	}
}

// TestMapAgainstGoMap runs random Set, Delete, Get and deleting loops on a
// Map and a Go map, over key ranges that keep it few or make it grow past
// scanned and shrink back, and checks them equal after every step.
func TestMapAgainstGoMap(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		var m Map[int, int]
		want := map[int]int{}
		span := rapid.IntRange(1, 3*scanned).Draw(t, "span")
		keys := rapid.IntRange(0, span)
		for k := range rapid.IntRange(0, span).Draw(t, "prefilled") {
			m.Set(k, -k)
			want[k] = -k
		}
		t.Repeat(map[string]func(*rapid.T){
			"set": func(t *rapid.T) {
				k, v := keys.Draw(t, "k"), rapid.Int().Draw(t, "v")
				m.Set(k, v)
				want[k] = v
			},
			"grow": func(t *rapid.T) {
				m.Grow(rapid.IntRange(0, 3*scanned).Draw(t, "n"))
			},
			"delete": func(t *rapid.T) {
				k := keys.Draw(t, "k")
				m.Delete(k)
				delete(want, k)
			},
			"get absent": func(t *rapid.T) {
				k := keys.Draw(t, "k")
				if _, ok := want[k]; ok {
					t.Skip("present")
				}
				if v, ok := m.Get(k); ok || v != 0 || m.Value(k) != 0 {
					t.Fatalf("Get(%d) = %d, %v for an absent key", k, v, ok)
				}
			},
			"delete while iterating": func(t *rapid.T) {
				mod := rapid.IntRange(1, 3).Draw(t, "mod")
				for k := range m.All() {
					if k%mod == 0 {
						m.Delete(k)
						delete(want, k)
					}
				}
			},
			"stop iterating": func(t *rapid.T) {
				n := 0
				for range m.All() {
					n++
					break
				}
				if n != min(1, len(want)) {
					t.Fatalf("a loop with break ran %d times", n)
				}
			},
			"": func(t *rapid.T) { check(t, &m, want) },
		})
	})
}

// TestMapOrder: All's order is fixed by the calls that built the map,
// however many entries it holds (a Check that reports the first bad
// entry of a table must report the same one on every run).
func TestMapOrder(t *testing.T) {
	for _, n := range []int{3, scanned - 1, 4 * scanned} {
		build := func() []int {
			var m Map[int, int]
			for k := range n {
				m.Set(k, k)
			}
			m.Delete(1)
			m.Set(n, n)
			var order []int
			for k := range m.All() {
				order = append(order, k)
			}
			return order
		}
		first := build()
		for range 10 {
			if got := build(); !slices.Equal(got, first) {
				t.Fatalf("%d entries: order %v, then %v", n, first, got)
			}
		}
	}
}

// TestMapShrinks: a map grown past scanned and emptied down to
// scanned/2 drops its index and scans again.
func TestMapShrinks(t *testing.T) {
	var m Map[int, int]
	for k := range 4 * scanned {
		m.Set(k, k)
	}
	if m.t.pos == nil {
		t.Fatalf("%d entries without an index", m.Len())
	}
	for k := range 4*scanned - scanned/2 {
		m.Delete(k)
	}
	if m.t.pos != nil || m.Len() != scanned/2 {
		t.Fatalf("%d entries left, indexed: %v", m.Len(), m.t.pos != nil)
	}
}

// TestMapAllocs: up to firstCap entries cost one allocation (the table
// with room for them); reads, updates, deletes and loops cost none,
// scanned or in the Go map.
func TestMapAllocs(t *testing.T) {
	if n := testing.AllocsPerRun(100, func() {
		var m Map[string, int]
		for _, k := range []string{"a", "b", "c", "d"}[:firstCap] {
			m.Set(k, 1)
		}
	}); n != 1 {
		t.Errorf("%d entries allocate %v times, want 1", firstCap, n)
	}
	// Grown first, a map of up to twice firstCap entries allocates once;
	// a larger one twice (its table, its entries), and Sets up to the
	// room made allocate nothing more.
	for n, want := range map[int]float64{0: 1, firstCap + 1: 1, 2 * firstCap: 1, 2*firstCap + 1: 2, scanned: 2} {
		if got := testing.AllocsPerRun(100, func() {
			var m Map[int, int]
			m.Grow(n)
			for k := range n {
				m.Set(k, k)
			}
		}); got != want {
			t.Errorf("grown by %d, %d entries allocate %v times, want %v", n, n, got, want)
		}
	}
	for _, size := range []int{scanned, 4 * scanned} {
		var m Map[int, int]
		for k := range size {
			m.Set(k, k)
		}
		sum := 0
		if n := testing.AllocsPerRun(100, func() {
			v, _ := m.Get(size - 1)
			_, _ = m.Get(-1)
			m.Set(0, v)
			m.Delete(size - 1)
			m.Set(size-1, v)
			for k, v := range m.All() {
				sum += k + v
			}
		}); n != 0 {
			t.Errorf("%d entries: reads, an update, a delete and a re-set allocate %v times, want 0", size, n)
		}
	}
}

// TestUseFirst: a Map using an owner's First keeps firstCap entries
// there at no allocation, then grows as any Map, its entries intact.
func TestUseFirst(t *testing.T) {
	var m Map[int, int]
	var f First[int, int]
	m.UseFirst(&f)
	if n := testing.AllocsPerRun(1, func() {
		for k := range firstCap {
			m.Set(k, k)
		}
	}); n != 0 {
		t.Errorf("%d entries in First allocate %v times, want 0", firstCap, n)
	}
	for k := firstCap; k < 2*scanned; k++ {
		m.Set(k, k)
	}
	m.Delete(0)
	if _, ok := m.Get(0); ok || m.Len() != 2*scanned-1 {
		t.Fatalf("Len %d after a delete, want %d", m.Len(), 2*scanned-1)
	}
	for k := 1; k < 2*scanned; k++ {
		if v, ok := m.Get(k); !ok || v != k {
			t.Fatalf("Get(%d) = %d, %v", k, v, ok)
		}
	}
}

// TestMapZero: the zero Map reads as empty and deletes nothing.
func TestMapZero(t *testing.T) {
	var m Map[string, int]
	m.Delete("a")
	if _, ok := m.Get("a"); ok || m.Value("a") != 0 || m.Len() != 0 {
		t.Fatal("the zero Map is not empty")
	}
	for range m.All() {
		t.Fatal("the zero Map yields an entry")
	}
}
