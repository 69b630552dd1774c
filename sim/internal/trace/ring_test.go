package trace

import "testing"

// A ring's blocks hold at most twice its values (a short log is small):
// each new block holds as many values as the ring, from firstChunk up to
// chunk, so 29 values take 32 places, not 48. Dropping the oldest values
// keeps that bound. The record ring, whose first block is larger, keeps
// it beyond its first block.
func TestRingCapacity(t *testing.T) {
	for _, first := range []int{firstChunk, firstRecs} {
		testRingCapacity(t, first)
	}
}

func testRingCapacity(t *testing.T, first int) {
	capacity := func(r *ring[int]) int {
		n := 0
		for _, b := range r.blocks {
			n += cap(b)
		}
		return n - r.first // places before the oldest value are spent
	}
	bound := func(n int) int { // at most twice the values, one chunk beyond
		if n > chunk {
			return n + chunk
		}
		return max(first, 2*n)
	}
	var r ring[int]
	for n := 1; n <= 3*chunk; n++ {
		r.push(n, first)
		if c := capacity(&r); c > bound(n) {
			t.Fatalf("first %d: %d values take %d places", first, n, c)
		}
	}
	if c := capacity(&r); c != 3*chunk {
		t.Errorf("first %d: %d values take %d places, want %d", first, 3*chunk, c, 3*chunk)
	}
	for range 2*chunk + 7 {
		r.pop()
	}
	for n := r.n; n <= 3*chunk; n++ {
		if c := capacity(&r); c > bound(n) {
			t.Fatalf("first %d: after drops: %d values take %d places", first, n, c)
		}
		r.push(n, first)
	}
}
