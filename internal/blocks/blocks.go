// Package blocks is a growable array whose elements never move, sized to
// what it holds: a small array takes a few small blocks, a large one
// fixed blocks of Big elements.
//
// Use it as
//
//	var a blocks.Array[rec]
//	i, r := a.Grow() // a new element at index i, zero or as last left
//	r = a.At(i)      // the same address for as long as a lives
//
// Blocks hold 8, 8, 16, 32, … Big/2 elements, then Big each: the first
// Big elements waste at most half of what they hold, the later ones at
// most one block, and no element is ever copied.
package blocks

import (
	"iter"
	"math/bits"
)

const (
	// minShift: the first block holds 8 elements (a small cluster's pods).
	minShift = 3
	// Big is the size of every block after the first Big elements.
	Big = 1 << bigShift
	// bigShift: Big is 1024.
	bigShift = 10
	// small is the number of blocks below Big: 8, 8, 16, … Big/2.
	small = bigShift - minShift + 1
)

// Array is a growable array of T whose elements keep their address. The
// zero Array is empty and ready to use.
type Array[T any] struct {
	blocks [][]T
	n      int32
}

// At returns the element at index i (below Len).
func (a *Array[T]) At(i int32) *T {
	if i >= Big {
		return &a.blocks[small-1+i>>bigShift][i&(Big-1)]
	}
	if i < 1<<minShift {
		return &a.blocks[0][i]
	}
	k := bits.Len32(uint32(i) >> minShift)
	return &a.blocks[k][i-1<<(minShift+k-1)]
}

// All yields every index below Len with its element, in index order,
// walking the blocks rather than locating each index (At).
func (a *Array[T]) All() iter.Seq2[int32, *T] {
	return func(yield func(int32, *T) bool) {
		i := int32(0)
		for _, b := range a.blocks {
			for k := range b {
				if i == a.n || !yield(i, &b[k]) {
					return
				}
				i++
			}
		}
	}
}

// Len returns the number of elements.
func (a *Array[T]) Len() int32 { return a.n }

// Grow adds an element and returns its index and address. The element is
// the zero T.
func (a *Array[T]) Grow() (int32, *T) {
	i := a.n
	switch {
	case a.blocks == nil:
		// The first block comes with the block list, in one allocation:
		// an array gets its second block only past 8 elements.
		first := new(struct {
			list  [2][]T
			block [1 << minShift]T
		})
		a.blocks = append(first.list[:0], first.block[:])
	case int(BlocksFor(i+1)) > len(a.blocks):
		a.blocks = append(a.blocks, make([]T, blockSize(len(a.blocks))))
	}
	a.n++
	return i, a.At(i)
}

// Blocks returns the number of blocks allocated, for consistency checks.
func (a *Array[T]) Blocks() int { return len(a.blocks) }

// BlocksFor returns the number of blocks that hold n elements.
func BlocksFor(n int32) int32 {
	switch {
	case n <= 0:
		return 0
	case n > Big:
		return small + (n-1)>>bigShift
	case n <= 1<<minShift:
		return 1
	}
	return int32(bits.Len32(uint32(n-1)>>minShift)) + 1
}

// blockSize is the size of block k.
func blockSize(k int) int {
	switch {
	case k == 0:
		return 1 << minShift
	case k < small:
		return 1 << (minShift + k - 1)
	}
	return Big
}
