package blocks

import "testing"

// Every index has its own element, the address stays, and the blocks are
// those BlocksFor counts, each no larger than needed.
func TestArray(t *testing.T) {
	var a Array[int32]
	var ptrs []*int32
	for n := int32(1); n <= 5*Big+3; n++ {
		i, p := a.Grow()
		if i != n-1 || *p != 0 {
			t.Fatalf("Grow: index %d (want %d), value %d", i, n-1, *p)
		}
		*p = i
		ptrs = append(ptrs, p)
		if a.Len() != n || int32(a.Blocks()) != BlocksFor(n) {
			t.Fatalf("%d elements: Len %d, %d blocks, BlocksFor %d", n, a.Len(), a.Blocks(), BlocksFor(n))
		}
	}
	held := 0
	for k := range a.Blocks() {
		held += blockSize(k)
	}
	if want := 6 * Big; held != want {
		t.Errorf("blocks hold %d elements, want %d", held, want)
	}
	for i, p := range ptrs {
		if a.At(int32(i)) != p || *p != int32(i) {
			t.Fatalf("At(%d) moved or holds %d", i, *p)
		}
	}
}

func TestBlocksForSmall(t *testing.T) {
	for n, want := range map[int32]int32{0: 0, 1: 1, 8: 1, 9: 2, 16: 2, 17: 3, 32: 3, 33: 4, 64: 4, 512: 7, 513: 8, Big: 8, Big + 1: 9, 2 * Big: 9, 2*Big + 1: 10} {
		if got := BlocksFor(n); got != want {
			t.Errorf("BlocksFor(%d) = %d, want %d", n, got, want)
		}
	}
}

// All yields each index below Len once, in order, with At's element, at
// every length (a block partly used, full, several), and stops when asked.
func TestAll(t *testing.T) {
	var a Array[int32]
	for n := int32(0); n <= 2*Big+9; n++ {
		if n > 0 {
			_, p := a.Grow()
			*p = n - 1
		}
		if n%7 != 0 && n < 40 || n > 40 && n%Big > 2 && n%Big < Big-2 {
			continue // enough lengths to see every block boundary
		}
		next := int32(0)
		for i, p := range a.All() {
			if i != next || p != a.At(i) {
				t.Fatalf("Len %d: All yields %d (%p), want %d (%p)", n, i, p, next, a.At(next))
			}
			next++
		}
		if next != n {
			t.Fatalf("Len %d: All yields %d elements", n, next)
		}
	}
	for i := range a.All() {
		if i == 3 {
			break // a yield returning false ends the walk
		}
	}
}
