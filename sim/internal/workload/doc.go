// Package workload holds the Kubernetes Deployment and ReplicaSet arithmetic
// that the simulator's controllers call: template hashes and generated names,
// maxSurge/maxUnavailable parsing and rounding, one sync of a rolling or
// Recreate rollout, proportional scaling during a rollout, and the order in
// which a ReplicaSet deletes its pods.
//
// Use it as the simulator's deployment and ReplicaSet controllers do:
//
//   - On CreateDeployment, [ParseRollingUpdate] validates maxSurge and
//     maxUnavailable; [ReplicaSetName] names the ReplicaSet ([TemplateHash]);
//     pods are named [AppendPodNamePrefix](rs), cut to [MaxGeneratedNameLength],
//     plus [AppendRandomString](…, r, [RandomSuffixLength]).
//   - Each deployment sync: [ResolveFenceposts] for the current size, then
//     [NeedsScale] → [ProportionalScale], else [RolloutStep] (RollingUpdate)
//     or [RecreateStep]. Whenever the controller sets a ReplicaSet's size it
//     also refreshes its annotations ([ReplicaSetState.Annotate]), as
//     upstream's scaleReplicaSet does; [ProportionalScale] already returns
//     annotated states.
//   - Each ReplicaSet sync: at most [BurstReplicas] missing pods are
//     created; an excess (at most [BurstReplicas] per sync) is removed with
//     [PodsToDelete] over the active pods' [PodRank] values.
//
// Everything here is a pure function of its arguments: no state, no clock
// reads (callers pass "now"), no global random source (callers pass a seeded
// math/rand/v2 generator). All functions are safe for concurrent use as long
// as the caller does not share a *rand.Rand between goroutines.
//
// Index (file: concern — upstream source mirrored):
//
//   - hash.go: [TemplateHash], [SumTemplate] — controller_utils.go ComputeHash,
//     apimachinery util/rand SafeEncodeString.
//   - names.go: [AppendRandomString], [ReplicaSetName], [AppendPodNamePrefix] —
//     apimachinery util/rand String, apiserver storage/names generate.go.
//   - intorpercent.go: [IntOrPercent], [ParseIntOrPercent], [ScaledValue] —
//     apimachinery util/intstr GetScaledValueFromIntOrPercent.
//   - strategy.go: [ValidateStrategy], [ParseRollingUpdate],
//     [ResolveFenceposts], [MaxUnavailable] — apps validation
//     ValidateRollingUpdateDeployment, deployment_util.go ResolveFenceposts.
//   - rolling.go: [RolloutStep], [NewRSNewReplicas] — rolling.go
//     rolloutRolling, reconcileNewReplicaSet, reconcileOldReplicaSets,
//     cleanupUnhealthyReplicas, scaleDownOldReplicaSetsForRollingUpdate.
//   - recreate.go: [RecreateStep] — recreate.go.
//   - scale.go: [ProportionalScale] — sync.go scale, deployment_util.go
//     GetProportion / getReplicaSetFraction.
//   - rank.go, delete.go: [PodRank], [PodsToDelete] — controller_utils.go
//     ActivePodsWithRanks, replica_set.go getPodsToDelete.
//   - batch.go: [BurstReplicas] — replica_set.go burstReplicas.
//
// Numbers are plain ints (Kubernetes uses int32); callers validate ranges.
package workload
