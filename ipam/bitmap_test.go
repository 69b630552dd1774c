package ipam

import (
	"math"
	"testing"

	"pgregory.net/rapid"
)

// TestTreeAgainstMap checks set, clear, test and nextClear of dense and
// sparse trees against a map, including runs long enough to fill summary
// words at several levels.
func TestTreeAgainstMap(t *testing.T) {
	// denseLimit-2 is a /12's ClusterIP range: a paged level 0 whose last
	// word ends in padding.
	sizes := []uint64{1, 2, 63, 64, 65, 4095, 4096, 4097, 64*4096 + 3, denseLimit - 2, denseLimit, denseLimit + 1, 1 << 40, math.MaxUint64}
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.SampledFrom(sizes).Draw(t, "n")
		var tr tree
		tr.init(n)
		ref := map[uint64]bool{}
		// Work near a few anchors so that runs collide and fill words.
		anchor := rapid.SampledFrom([]uint64{0, n / 2, n - min(n, 9000)}).Draw(t, "anchor")
		span := min(n-anchor, 9000)
		idx := rapid.Custom(func(t *rapid.T) uint64 { return anchor + rapid.Uint64Range(0, span-1).Draw(t, "i") })
		for range rapid.IntRange(1, 60).Draw(t, "steps") {
			switch rapid.IntRange(0, 3).Draw(t, "op") {
			case 0:
				i := idx.Draw(t, "set")
				if got, want := tr.set(i), !ref[i]; got != want {
					t.Fatalf("set(%d) = %v, want %v", i, got, want)
				}
				ref[i] = true
			case 1:
				i := idx.Draw(t, "clear")
				if got, want := tr.clear(i), ref[i]; got != want {
					t.Fatalf("clear(%d) = %v, want %v", i, got, want)
				}
				delete(ref, i)
			case 2:
				i := idx.Draw(t, "run")
				end := min(n, i+uint64(rapid.IntRange(1, 5000).Draw(t, "len")))
				for j := i; j < end; j++ {
					tr.set(j)
					ref[j] = true
				}
			case 3:
				from := idx.Draw(t, "from")
				got, ok := tr.nextClear(from)
				want, wantOK := from, false
				for ; want < n; want++ {
					if !ref[want] {
						wantOK = true
						break
					}
				}
				if ok != wantOK || (ok && got != want) {
					t.Fatalf("nextClear(%d) = %d,%v, want %d,%v", from, got, ok, want, wantOK)
				}
			}
			i := idx.Draw(t, "probe")
			if tr.test(i) != ref[i] {
				t.Fatalf("test(%d) = %v, want %v", i, tr.test(i), ref[i])
			}
		}
		var got []uint64
		tr.each(func(i uint64) bool { got = append(got, i); return true })
		if len(got) != len(ref) {
			t.Fatalf("each yielded %d bits, want %d", len(got), len(ref))
		}
		for k, i := range got {
			if !ref[i] || (k > 0 && got[k-1] >= i) {
				t.Fatalf("each yielded %v: not the ascending set bits", got)
			}
		}
	})
}

// TestTreeFull fills small trees completely: nextClear must then find
// nothing, and clearing any one bit must make exactly that bit findable.
func TestTreeFull(t *testing.T) {
	for _, n := range []uint64{1, 64, 65, 4096, 4097, 300000, denseLimit - 2} {
		var tr tree
		tr.init(n)
		for i := range n {
			if !tr.set(i) {
				t.Fatalf("n=%d: set(%d) on an empty bit returned false", n, i)
			}
		}
		if i, ok := tr.nextClear(0); ok {
			t.Fatalf("n=%d: full tree: nextClear(0) = %d", n, i)
		}
		for _, c := range []uint64{0, n / 3, n - 1} {
			tr.clear(c)
			if i, ok := tr.nextClear(0); !ok || i != c {
				t.Fatalf("n=%d: after clear(%d): nextClear(0) = %d,%v", n, c, i, ok)
			}
			if i, ok := tr.nextClear(c + 1); ok {
				t.Fatalf("n=%d: after clear(%d): nextClear(%d) = %d", n, c, c+1, i)
			}
			tr.set(c)
		}
	}
}

// TestTreeBornEmpty checks that a new tree writes nothing to level 0 (its
// padding is not set): a /12's ClusterIP range (level 0 paged, its last
// word padded, no summary padding) then holds no page, nor a map, until an
// address is taken.
func TestTreeBornEmpty(t *testing.T) {
	for _, n := range []uint64{63, 4097, 64*4096 + 3, denseLimit - 2, denseLimit + 1, math.MaxUint64} {
		var tr tree
		tr.init(n)
		if len(tr.deep) > 0 && (len(tr.deep[0].pages) != 0 || len(tr.deep[0].sparse) != 0) {
			t.Errorf("n=%d: new tree holds level 0 words", n)
		}
		if last := wordsFor(n) - 1; tr.word(0, last) != 0 {
			t.Errorf("n=%d: new tree has its last level 0 word set", n)
		}
		if i, ok := tr.nextClear(n - 1); !ok || i != n-1 {
			t.Errorf("n=%d: nextClear(n-1) = %d,%v, want %d,true", n, i, ok, n-1)
		}
	}
	var tr tree
	tr.init(denseLimit - 2)
	if got, want := tr.wordsHeld(), len(tr.words); got != want || tr.deep[0].pages != nil {
		t.Errorf("/12: new tree holds %d words, want %d (its slice), and no page map", got, want)
	}
}
