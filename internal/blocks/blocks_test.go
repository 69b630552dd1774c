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
