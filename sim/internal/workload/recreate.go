package workload

// RecreateAction is what one sync of a Recreate Deployment does.
type RecreateAction uint8

const (
	// RecreateNone: the new ReplicaSet already has spec.replicas replicas.
	RecreateNone RecreateAction = iota
	// RecreateScaleDownOld: every old ReplicaSet is scaled to 0; the sync
	// ends.
	RecreateScaleDownOld
	// RecreateWaitOldPods: old ReplicaSets are at 0 but old pods still exist
	// (terminating, or not yet counted); nothing is done.
	RecreateWaitOldPods
	// RecreateScaleNew: the new ReplicaSet is created or scaled to
	// spec.replicas.
	RecreateScaleNew
)

// RecreatePlan is the outcome of one Recreate sync. With
// RecreateScaleDownOld every old ReplicaSet's spec.replicas becomes 0; New is
// the new ReplicaSet's spec.replicas after the sync.
type RecreatePlan struct {
	Action RecreateAction
	New    int
}

// RecreateStep plans one sync of rolloutRecreate (pkg/controller/deployment/
// recreate.go):
//
//  1. scaleDownOldReplicaSetsForRecreate: if any old ReplicaSet has replicas
//     (oldReplicas > 0, the sum of their spec.replicas), scale them all to 0
//     and end the sync.
//  2. oldPodsRunning: if old pods still exist, wait. The caller computes
//     oldPodsRunning as upstream does: any old ReplicaSet with
//     status.replicas > 0, or any pod of an old ReplicaSet in a phase other
//     than Succeeded or Failed (Unknown included) — terminating pods count,
//     so Recreate waits until they are gone, not merely unready.
//  3. scaleUpNewReplicaSetForRecreate: set the new ReplicaSet (created here
//     if missing, newReplicas 0) to replicas.
//
// There is downtime between steps 1 and 3 by design.
func RecreateStep(replicas, newReplicas, oldReplicas int, oldPodsRunning bool) RecreatePlan {
	switch {
	case oldReplicas > 0:
		return RecreatePlan{Action: RecreateScaleDownOld, New: newReplicas}
	case oldPodsRunning:
		return RecreatePlan{Action: RecreateWaitOldPods, New: newReplicas}
	case newReplicas != replicas:
		return RecreatePlan{Action: RecreateScaleNew, New: replicas}
	}
	return RecreatePlan{Action: RecreateNone, New: newReplicas}
}
