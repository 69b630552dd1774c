package workload

// RolloutInput is what one sync of a RollingUpdate Deployment sees.
type RolloutInput struct {
	// Replicas is the Deployment's spec.replicas.
	Replicas int
	// Surge and Unavailable come from [ResolveFenceposts] for Replicas.
	// Unavailable is capped as [MaxUnavailable] does (0 for a Deployment of
	// size 0, at most Replicas) inside [RolloutStep].
	Surge, Unavailable int
	// New is the ReplicaSet whose template matches the Deployment's.
	New ReplicaSetState
	// Old are the Deployment's other ReplicaSets, in any order.
	Old []ReplicaSetState
	// CreateNew says the new ReplicaSet does not exist yet and this sync
	// creates it (sync.go getNewReplicaSet, New is then ignored). Upstream
	// creates it directly at NewRSNewReplicas; creating is not scaling, so
	// the same sync goes on to reconcileOldReplicaSets. Leave it false when
	// the simulator creates the new ReplicaSet with 0 replicas beforehand:
	// then the sync stops after scaling it up, as rolloutRolling returns
	// once reconcileNewReplicaSet has changed something.
	CreateNew bool
	// Scratch, when its capacity holds 2×len(Old) ints, is the storage of
	// the plan's Old (which then aliases it) and of the sort order, so that
	// a caller syncing again and again allocates nothing; otherwise new
	// storage is made.
	Scratch []int
}

// RolloutAction says which step of a rolling sync changed something.
type RolloutAction uint8

const (
	// RolloutNone: nothing to scale; the rollout waits for pods to become
	// available (or is complete).
	RolloutNone RolloutAction = iota
	// RolloutScaleNew: the new ReplicaSet was scaled (up within the surge,
	// or down to spec.replicas); the sync ends there.
	RolloutScaleNew
	// RolloutScaleDownOld: old ReplicaSets were scaled down.
	RolloutScaleDownOld
)

// RolloutPlan is the outcome of one sync: the spec.replicas every ReplicaSet
// should have afterwards.
type RolloutPlan struct {
	// Action names the step that changed something (with CreateNew, the
	// creation itself is not reported: Action is RolloutScaleDownOld or
	// RolloutNone).
	Action RolloutAction
	// New is the new ReplicaSet's spec.replicas after the sync.
	New int
	// Old holds each old ReplicaSet's spec.replicas after the sync, in the
	// order of RolloutInput.Old.
	Old []int
	// Cleaned counts old replicas removed by cleanupUnhealthyReplicas
	// (unavailable old pods), ScaledDown those removed by
	// scaleDownOldReplicaSetsForRollingUpdate.
	Cleaned, ScaledDown int
}

// NewRSNewReplicas returns the new ReplicaSet's size after one scale-up
// attempt of a rolling update (deployment_util.go NewRSNewReplicas): with
// maxTotal = replicas + surge and all = the spec.replicas summed over every
// ReplicaSet of the Deployment (new included), the new ReplicaSet is left
// alone when all ≥ maxTotal, and otherwise grows by
// min(maxTotal − all, replicas − newReplicas). It never waits for
// availability.
func NewRSNewReplicas(replicas, surge, newReplicas, all int) int {
	maxTotal := replicas + surge
	if all >= maxTotal {
		return newReplicas
	}
	return newReplicas + min(maxTotal-all, replicas-newReplicas)
}

// RolloutStep plans ONE sync of rolloutRolling (pkg/controller/deployment/
// rolling.go):
//
//  1. reconcileNewReplicaSet: a new ReplicaSet larger than spec.replicas is
//     scaled down to it; a smaller one grows by [NewRSNewReplicas]. If that
//     changed the new ReplicaSet, the sync ends.
//  2. reconcileOldReplicaSets: with minAvailable = replicas −
//     MaxUnavailable and maxScaledDown = (Σ spec.replicas) − minAvailable −
//     (new spec − new available), nothing happens when maxScaledDown ≤ 0.
//     Otherwise cleanupUnhealthyReplicas removes up to maxScaledDown
//     unavailable old replicas, oldest ReplicaSet first, and then
//     scaleDownOldReplicaSetsForRollingUpdate removes (Σ available) −
//     minAvailable more, oldest first. Availability is the status read at
//     the start of the sync (the cleanup does not change it).
//
// Deviation: upstream's cleanup aborts the sync with an error when an old
// ReplicaSet reports more available than spec replicas (stale status); here
// such a ReplicaSet simply has nothing to clean up. The caller applies the
// plan atomically; the function does not modify in (it writes only into
// Scratch's storage).
func RolloutStep(in RolloutInput) RolloutPlan {
	n := len(in.Old)
	buf := in.Scratch[:0]
	if cap(buf) < 2*n {
		buf = make([]int, 2*n)
	}
	buf = buf[:2*n]
	plan := RolloutPlan{Old: buf[:n:n]}
	oldSum := 0
	for i := range in.Old {
		plan.Old[i] = in.Old[i].Replicas
		oldSum += in.Old[i].Replicas
	}

	newRS := in.New
	if in.CreateNew {
		newRS.Replicas, newRS.Available = 0, 0
		newRS.Replicas = NewRSNewReplicas(in.Replicas, in.Surge, 0, oldSum)
	}
	plan.New = newRS.Replicas

	// Step 1: reconcileNewReplicaSet.
	if !in.CreateNew && newRS.Replicas != in.Replicas {
		want := in.Replicas
		if newRS.Replicas < in.Replicas {
			want = NewRSNewReplicas(in.Replicas, in.Surge, newRS.Replicas, oldSum+newRS.Replicas)
		}
		if want != newRS.Replicas {
			plan.New = want
			plan.Action = RolloutScaleNew
			return plan
		}
	}

	// Step 2: reconcileOldReplicaSets.
	if oldSum == 0 {
		return plan
	}
	minAvailable := in.Replicas - MaxUnavailable(in.Unavailable, in.Replicas)
	newUnavailable := newRS.Replicas - newRS.Available
	maxScaledDown := oldSum + newRS.Replicas - minAvailable - newUnavailable
	if maxScaledDown <= 0 {
		return plan
	}
	order := buf[n:]
	for i := range order {
		order[i] = i
	}
	sortIdx(order, in.Old, olderRS)

	// cleanupUnhealthyReplicas.
	for _, i := range order {
		if plan.Cleaned >= maxScaledDown {
			break
		}
		spec, avail := plan.Old[i], in.Old[i].Available
		if spec == 0 || avail >= spec {
			continue
		}
		d := min(maxScaledDown-plan.Cleaned, spec-avail)
		plan.Old[i] = spec - d
		plan.Cleaned += d
	}

	// scaleDownOldReplicaSetsForRollingUpdate.
	available := newRS.Available
	for i := range in.Old {
		available += in.Old[i].Available
	}
	if available > minAvailable {
		want := available - minAvailable
		for _, i := range order {
			if plan.ScaledDown >= want {
				break
			}
			if plan.Old[i] == 0 {
				continue
			}
			d := min(plan.Old[i], want-plan.ScaledDown)
			plan.Old[i] -= d
			plan.ScaledDown += d
		}
	}
	if plan.Cleaned+plan.ScaledDown > 0 {
		plan.Action = RolloutScaleDownOld
	}
	return plan
}
