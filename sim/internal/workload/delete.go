package workload

import (
	"container/heap"
	"time"
)

// PodsToDelete returns the indexes (into ranks) of the n pods a ReplicaSet
// deletes when it has len(ranks) active pods and must lose n
// (replica_set.go getPodsToDelete), in deletion order. When n ≥ len(ranks)
// every index is returned in input order without ranking, as upstream
// skips the sort; n ≤ 0 returns nil.
//
// Upstream sorts with the unstable sort.Sort; this keeps pods that
// [LessForDeletion] cannot tell apart in input order, so the result is
// deterministic. It costs O(len(ranks) · log n) time and one []int of n
// indexes, so deleting a few pods out of 150,000 stays cheap.
func PodsToDelete(ranks []PodRank, n int, now time.Time) []int {
	if n <= 0 {
		return nil
	}
	if n >= len(ranks) {
		out := make([]int, len(ranks))
		for i := range out {
			out[i] = i
		}
		return out
	}
	// A max-heap (by deletion order) of the n best candidates so far: its
	// root is the candidate that would be deleted last.
	h := &worstHeap{idx: make([]int, 0, n), ranks: ranks, now: now}
	for i := range ranks {
		if len(h.idx) < n {
			heap.Push(h, i)
			continue
		}
		if h.before(i, h.idx[0]) {
			h.idx[0] = i
			heap.Fix(h, 0)
		}
	}
	out := h.idx
	SortForDeletion(ranks, out, now)
	return out
}

// SortForDeletion sorts idx (indexes into ranks) into deletion order:
// [LessForDeletion] first, input index as the tie-break. It is an insertion
// sort when idx is short and a merge-free heap sort otherwise; it does not
// allocate.
func SortForDeletion(ranks []PodRank, idx []int, now time.Time) {
	before := func(i, j int) bool {
		if LessForDeletion(&ranks[i], &ranks[j], now) {
			return true
		}
		if LessForDeletion(&ranks[j], &ranks[i], now) {
			return false
		}
		return i < j
	}
	if len(idx) <= 12 {
		for i := 1; i < len(idx); i++ {
			for j := i; j > 0 && before(idx[j], idx[j-1]); j-- {
				idx[j], idx[j-1] = idx[j-1], idx[j]
			}
		}
		return
	}
	// Heap sort with a max-heap: repeatedly move the last-to-delete to the
	// end. before is a strict total order (index tie-break), so the result
	// is unique.
	h := worstHeap{idx: idx, ranks: ranks, now: now}
	heap.Init(&h)
	for end := len(idx) - 1; end > 0; end-- {
		idx[0], idx[end] = idx[end], idx[0]
		h.idx = idx[:end]
		heap.Fix(&h, 0)
	}
}

// worstHeap is a heap of pod indexes whose root is the one deleted last.
type worstHeap struct {
	idx   []int
	ranks []PodRank
	now   time.Time
}

// before is the strict total deletion order: LessForDeletion, then index.
func (h *worstHeap) before(i, j int) bool {
	if LessForDeletion(&h.ranks[i], &h.ranks[j], h.now) {
		return true
	}
	if LessForDeletion(&h.ranks[j], &h.ranks[i], h.now) {
		return false
	}
	return i < j
}

func (h *worstHeap) Len() int           { return len(h.idx) }
func (h *worstHeap) Less(a, b int) bool { return h.before(h.idx[b], h.idx[a]) }
func (h *worstHeap) Swap(a, b int)      { h.idx[a], h.idx[b] = h.idx[b], h.idx[a] }
func (h *worstHeap) Push(x any)         { h.idx = append(h.idx, x.(int)) }
func (h *worstHeap) Pop() any {
	x := h.idx[len(h.idx)-1]
	h.idx = h.idx[:len(h.idx)-1]
	return x
}
