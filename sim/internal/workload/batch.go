package workload

// BurstReplicas is the most pods a ReplicaSet creates or deletes in one sync
// (pkg/controller/replicaset BurstReplicas = 500).
const BurstReplicas = 500

// SlowStartInitialBatchSize is the first batch of pod creations
// (controller.SlowStartInitialBatchSize = 1).
const SlowStartInitialBatchSize = 1

// SlowStartBatches returns the sizes of the creation batches one
// ReplicaSet sync issues for a shortfall of total pods (replica_set.go
// manageReplicas + slowStartBatch): at most [BurstReplicas] pods per sync,
// in batches of 1, 2, 4, 8, … (each double the last, the final one cut to
// what remains). Upstream stops at the first batch with an error; the
// simulator's creations do not fail. total ≤ 0 returns nil.
func SlowStartBatches(total int) []int {
	total = min(total, BurstReplicas)
	if total <= 0 {
		return nil
	}
	out := make([]int, 0, 10)
	for size := SlowStartInitialBatchSize; total > 0; size *= 2 {
		b := min(size, total)
		out = append(out, b)
		total -= b
	}
	return out
}
