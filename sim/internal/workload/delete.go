package workload

import "time"

// PodsToDelete returns the indexes (into ranks) of the n pods a ReplicaSet
// deletes when it has len(ranks) active pods and must lose n
// (replica_set.go getPodsToDelete), in deletion order. When n ≥ len(ranks)
// every index is returned in input order without ranking, as upstream
// skips the sort; n ≤ 0 returns nil. The caller caps n at [BurstReplicas]
// per sync, as manageReplicas does.
//
// Upstream sorts with the unstable sort.Sort; this keeps pods that
// lessForDeletion cannot tell apart in input order, so the result is
// deterministic. It costs O(len(ranks) · log n) comparisons and one []int
// of n indexes, so deleting a few pods out of 150,000 stays cheap.
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
	h := deletionHeap{idx: make([]int, 0, n), ranks: ranks, now: now}
	for i := range ranks {
		if len(h.idx) < n {
			h.idx = append(h.idx, i)
			h.up(len(h.idx) - 1)
			continue
		}
		if h.before(i, h.idx[0]) {
			h.idx[0] = i
			h.down(0, n)
		}
	}
	h.sort()
	return h.idx
}

// deletionHeap is a binary max-heap of pod indexes under the deletion
// order: the root is the pod deleted last.
type deletionHeap struct {
	idx   []int
	ranks []PodRank
	now   time.Time
}

// before is the strict total deletion order: lessForDeletion, then index.
func (h *deletionHeap) before(i, j int) bool {
	if lessForDeletion(&h.ranks[i], &h.ranks[j], h.now) {
		return true
	}
	if lessForDeletion(&h.ranks[j], &h.ranks[i], h.now) {
		return false
	}
	return i < j
}

func (h *deletionHeap) up(k int) {
	for k > 0 {
		p := (k - 1) / 2
		if !h.before(h.idx[p], h.idx[k]) {
			return
		}
		h.idx[p], h.idx[k] = h.idx[k], h.idx[p]
		k = p
	}
}

func (h *deletionHeap) down(k, n int) {
	for {
		c := 2*k + 1
		if c >= n {
			return
		}
		if r := c + 1; r < n && h.before(h.idx[c], h.idx[r]) {
			c = r
		}
		if !h.before(h.idx[k], h.idx[c]) {
			return
		}
		h.idx[k], h.idx[c] = h.idx[c], h.idx[k]
		k = c
	}
}

// sort turns a valid heap into ascending deletion order (heap sort).
func (h *deletionHeap) sort() {
	for end := len(h.idx) - 1; end > 0; end-- {
		h.idx[0], h.idx[end] = h.idx[end], h.idx[0]
		h.down(0, end)
	}
}
