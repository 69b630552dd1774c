package workload

import "time"

// ReplicaSetState is the part of a ReplicaSet the deployment controller
// reads when it plans a sync. Inputs to [RolloutStep] and
// [ProportionalScale] use it; the functions never modify the caller's
// values.
type ReplicaSetState struct {
	// Replicas is spec.replicas.
	Replicas int
	// Available is status.availableReplicas: pods Ready for at least
	// minReadySeconds and not terminating.
	Available int
	// Created is metadata.creationTimestamp, as the time since an epoch
	// the caller chooses; with Name it orders ReplicaSets oldest first
	// (controller.ReplicaSetsByCreationTimestamp).
	Created time.Duration
	// Name breaks ties between equal Created times (lexical order).
	Name string
	// Annotated reports whether the deployment.kubernetes.io/desired-replicas
	// and max-replicas annotations are present (upstream sets both together
	// in SetReplicasAnnotations whenever the deployment controller creates
	// or scales the ReplicaSet).
	Annotated bool
	// DesiredReplicas is the desired-replicas annotation: the Deployment's
	// spec.replicas when the controller last scaled this ReplicaSet.
	DesiredReplicas int
	// MaxReplicas is the max-replicas annotation: spec.replicas + maxSurge
	// at that time; proportional scaling divides by it.
	MaxReplicas int
}

// Annotate returns rs with the desired-replicas and max-replicas
// annotations set for a Deployment of the given size and resolved maxSurge,
// as deployment_util.go SetReplicasAnnotations does whenever the deployment
// controller creates or scales a ReplicaSet.
func (rs ReplicaSetState) Annotate(replicas, maxSurge int) ReplicaSetState {
	rs.Annotated = true
	rs.DesiredReplicas = replicas
	rs.MaxReplicas = replicas + maxSurge
	return rs
}

// olderRS reports whether a sorts before b in
// controller.ReplicaSetsByCreationTimestamp: earlier creation first, equal
// times by name.
func olderRS(a, b *ReplicaSetState) bool {
	if a.Created == b.Created {
		return a.Name < b.Name
	}
	return a.Created < b.Created
}

// sortIdx sorts idx (indexes into rs) by less with insertion sort: the lists
// are a Deployment's ReplicaSets (revisionHistoryLimit 10 plus the active
// ones), so n is small and insertion sort beats sort.Slice without
// allocating.
func sortIdx(idx []int, rs []ReplicaSetState, less func(a, b *ReplicaSetState) bool) {
	for i := 1; i < len(idx); i++ {
		for j := i; j > 0 && less(&rs[idx[j]], &rs[idx[j-1]]); j-- {
			idx[j], idx[j-1] = idx[j-1], idx[j]
		}
	}
}
