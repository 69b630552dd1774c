package workload

import (
	"bytes"
	"math"
	"time"

	"github.com/google/uuid"
	"github.com/svcsim/svcsim/pod"
)

// PodRank holds what ActivePodsWithRanks.Less (pkg/controller/
// controller_utils.go) looks at when a ReplicaSet picks pods to delete.
// Build one per active pod (not terminating, not Succeeded/Failed).
type PodRank struct {
	// Scheduled is spec.nodeName != "".
	Scheduled bool
	// Phase is status.phase; Pending < Unknown < Running, anything else
	// sorts first (upstream's map lookup yields 0 for other phases).
	Phase pod.Phase
	// Ready is the Ready condition.
	Ready bool
	// DeletionCost is the controller.kubernetes.io/pod-deletion-cost
	// annotation (default 0; PodDeletionCost feature, on by default).
	DeletionCost int32
	// Rank is the number of active pods of the same controller (for a
	// Deployment: all its ReplicaSets) on this pod's node
	// (getPodsRankedByRelatedPodsOnSameNode).
	Rank int
	// ReadyTime is the Ready condition's lastTransitionTime; zero if unset.
	ReadyTime time.Time
	// RestartCount is the highest restartCount among the pod's containers.
	RestartCount int32
	// Created is metadata.creationTimestamp; zero if unset.
	Created time.Time
	// UID is metadata.uid; its byte order equals upstream's string order of
	// the canonical lowercase form.
	UID uuid.UUID
}

// phaseOrdinal is controller_utils.go podPhaseToOrdinal.
func phaseOrdinal(p pod.Phase) int {
	switch p {
	case pod.Pending:
		return 0
	case pod.Unknown:
		return 1
	case pod.Running:
		return 2
	}
	return 0
}

// lessForDeletion reports whether pod a should be deleted before pod b,
// exactly as ActivePodsWithRanks.Less with the PodDeletionCost and
// LogarithmicScaleDown features on (their defaults). The first rule that
// tells the pods apart decides:
//
//  1. unscheduled before scheduled;
//  2. Pending before Unknown before Running;
//  3. not Ready before Ready;
//  4. lower deletion cost first;
//  5. higher Rank (more pods of the controller on the same node) first;
//  6. both Ready with different ReadyTimes: a zero time first; otherwise
//     the more recently Ready first, compared in buckets
//     floor(log2(now − t in ns)) (−1 when now − t ≤ 0; upstream's
//     logarithmicRankDiff), equal buckets decided by UID ascending — so rules
//     7–8 are reached only when the Ready times are exactly equal (or the
//     pods are not both Ready);
//  7. higher RestartCount first;
//  8. different creation times: a zero time first, otherwise the newer
//     first in the same log2 buckets, equal buckets by UID ascending;
//  9. otherwise false.
//
// A zero now turns the buckets off (plain time comparison), as upstream does.
// The ranks are passed by pointer so a sort does not copy them.
func lessForDeletion(a, b *PodRank, now time.Time) bool {
	if a.Scheduled != b.Scheduled {
		return !a.Scheduled
	}
	if pa, pb := phaseOrdinal(a.Phase), phaseOrdinal(b.Phase); pa != pb {
		return pa < pb
	}
	if a.Ready != b.Ready {
		return !a.Ready
	}
	if a.DeletionCost != b.DeletionCost {
		return a.DeletionCost < b.DeletionCost
	}
	if a.Rank != b.Rank {
		return a.Rank > b.Rank
	}
	if a.Ready && b.Ready && !a.ReadyTime.Equal(b.ReadyTime) {
		return newerFirst(a.ReadyTime, b.ReadyTime, a, b, now)
	}
	if a.RestartCount != b.RestartCount {
		return a.RestartCount > b.RestartCount
	}
	if !a.Created.Equal(b.Created) {
		return newerFirst(a.Created, b.Created, a, b, now)
	}
	return false
}

// newerFirst compares two different times as rules 6 and 8 do: afterOrZero
// when a time or now is zero, else log2 buckets with the UID tie-break.
func newerFirst(ta, tb time.Time, a, b *PodRank, now time.Time) bool {
	if now.IsZero() || ta.IsZero() || tb.IsZero() {
		if ta.IsZero() || tb.IsZero() {
			return ta.IsZero()
		}
		return ta.After(tb)
	}
	if d := logBucket(now.Sub(ta)) - logBucket(now.Sub(tb)); d != 0 {
		return d < 0
	}
	return bytes.Compare(a.UID[:], b.UID[:]) < 0
}

// logBucket is one side of controller_utils.go logarithmicRankDiff:
// int64(math.Log2(float64(d))) for d > 0, else −1. It keeps upstream's
// float computation (so a duration just below a large power of two can
// land in the next bucket, as it does upstream).
func logBucket(d time.Duration) int64 {
	if d <= 0 {
		return -1
	}
	return int64(math.Log2(float64(d)))
}
