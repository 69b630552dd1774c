package trace

import "testing"

// A ring's blocks hold at most twice its values (a short log is small):
// each new block holds as many values as the ring, from firstChunk up to
// chunk, so 29 values take 32 places, not 48. Dropping the oldest values
// keeps that bound.
func TestRingCapacity(t *testing.T) {
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
		return max(firstChunk, 2*n)
	}
	var r ring[int]
	for n := 1; n <= 3*chunk; n++ {
		r.push(n)
		if c := capacity(&r); c > bound(n) {
			t.Fatalf("%d values take %d places", n, c)
		}
	}
	if c := capacity(&r); c != 3*chunk {
		t.Errorf("%d values take %d places, want %d", 3*chunk, c, 3*chunk)
	}
	for range 2*chunk + 7 {
		r.pop()
	}
	for n := r.n; n <= 3*chunk; n++ {
		if c := capacity(&r); c > bound(n) {
			t.Fatalf("after drops: %d values take %d places", n, c)
		}
		r.push(n)
	}
}
