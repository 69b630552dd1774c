package workload

// ScaleInput is what the deployment controller sees when the Deployment's
// spec.replicas changed (sync.go isScalingEvent → sync → scale).
type ScaleInput struct {
	// Replicas is the new spec.replicas.
	Replicas int
	// MaxSurge is deployment_util.go MaxSurge for the new size: the surge
	// of [ResolveFenceposts](maxSurge, maxUnavailable, Replicas) for a
	// RollingUpdate Deployment, 0 for Recreate.
	MaxSurge int
	// Recreate is true for the Recreate strategy, which never scales
	// proportionally.
	Recreate bool
	// StatusReplicas is the Deployment's status.replicas, used instead of a
	// missing max-replicas annotation (getReplicaSetFraction).
	StatusReplicas int
	// New is the ReplicaSet matching the template; NoNew says there is none
	// yet (New is then ignored).
	New   ReplicaSetState
	NoNew bool
	// Old are the other ReplicaSets, in any order.
	Old []ReplicaSetState
	// Scratch, when its capacity holds len(Old)+1 states, is the storage
	// of the plan (whose Old then aliases it), so that a caller scaling
	// again and again allocates nothing; otherwise new storage is made.
	Scratch []ReplicaSetState
}

// ScalePlan holds every ReplicaSet after the scale: New and Old (same order
// as ScaleInput.Old) are copies of the input whose Replicas changed where
// the controller scales, and whose annotations were refreshed
// ([ReplicaSetState.Annotate]) on every ReplicaSet the controller wrote, as
// upstream's scaleReplicaSet does.
type ScalePlan struct {
	New ReplicaSetState
	Old []ReplicaSetState
}

// NeedsScale reports whether a Deployment of the given size is in a scaling
// event (sync.go isScalingEvent): some active ReplicaSet (replicas > 0)
// carries a desired-replicas annotation different from replicas.
func NeedsScale(replicas int, newRS ReplicaSetState, old []ReplicaSetState) bool {
	if newRS.Replicas > 0 && newRS.Annotated && newRS.DesiredReplicas != replicas {
		return true
	}
	for i := range old {
		if old[i].Replicas > 0 && old[i].Annotated && old[i].DesiredReplicas != replicas {
			return true
		}
	}
	return false
}

// ProportionalScale applies a change of spec.replicas to a Deployment's
// ReplicaSets as sync.go scale does:
//
//   - If at most one ReplicaSet is active (replicas > 0), that one — or, if
//     none is, the new ReplicaSet, else the newest old one
//     (FindActiveOrLatest) — gets exactly Replicas.
//   - If the new ReplicaSet is saturated (IsSaturated: spec, desired
//     annotation and available all equal Replicas), the old active ones go
//     to 0.
//   - Otherwise, for a RollingUpdate Deployment, the difference between
//     Replicas+MaxSurge (0 when Replicas is 0) and the current total is
//     spread over the active ReplicaSets in proportion to their size: each
//     gets round(replicas × (Replicas+MaxSurge) / maxReplicasAnnotation) −
//     replicas (getReplicaSetFraction; −replicas when scaling to 0), capped
//     so the running total never passes the difference (GetProportion),
//     visiting largest first — ties newer first when adding, older first
//     when removing (ReplicaSetsBySizeNewer / BySizeOlder). Whatever
//     rounding leaves over goes to the first, i.e. largest, ReplicaSet,
//     floored at 0.
//
// A missing or non-positive max-replicas annotation falls back to
// StatusReplicas; if that is not positive either, the ReplicaSet's share is
// 0 (upstream would divide by zero). Sizes are computed in int64 (upstream
// multiplies in int32). The function does not modify in (it writes only
// into Scratch's storage).
func ProportionalScale(in ScaleInput) ScalePlan {
	n := len(in.Old)
	all := in.Scratch[:0]
	if cap(all) < n+1 {
		all = make([]ReplicaSetState, 0, n+1)
	}
	all = append(append(all, in.Old...), in.New)
	plan := ScalePlan{New: in.New, Old: all[:n:n]}
	set := func(i, replicas int) {
		all[i] = all[i].Annotate(in.Replicas, in.MaxSurge)
		all[i].Replicas = replicas
	}
	finish := func() ScalePlan {
		plan.New = all[n]
		return plan
	}
	hasNew := !in.NoNew

	// FindActiveOrLatest.
	active, last := 0, -1
	for i := range all {
		if i == n && !hasNew {
			continue
		}
		if all[i].Replicas > 0 {
			active++
			last = i
		}
	}
	switch {
	case active == 0:
		target := -1
		if hasNew {
			target = n
		} else {
			for i := 0; i < n; i++ {
				if target < 0 || olderRS(&all[target], &all[i]) {
					target = i
				}
			}
		}
		if target >= 0 && all[target].Replicas != in.Replicas {
			set(target, in.Replicas)
		}
		return finish()
	case active == 1:
		if all[last].Replicas != in.Replicas {
			set(last, in.Replicas)
		}
		return finish()
	}

	// IsSaturated(new): old replica sets are fully scaled down.
	if hasNew && in.New.Replicas == in.Replicas && in.New.Annotated &&
		in.New.DesiredReplicas == in.Replicas && in.New.Available == in.Replicas {
		for i := 0; i < n; i++ {
			if all[i].Replicas > 0 {
				set(i, 0)
			}
		}
		return finish()
	}
	if in.Recreate {
		return finish()
	}

	// Proportional scaling over the active ReplicaSets.
	var idxBuf [16]int
	idx := idxBuf[:0]
	total := 0
	for i := range all {
		if (i < n || hasNew) && all[i].Replicas > 0 {
			idx = append(idx, i)
			total += all[i].Replicas
		}
	}
	allowed := 0
	if in.Replicas > 0 {
		allowed = in.Replicas + in.MaxSurge
	}
	toAdd := allowed - total
	switch {
	case toAdd > 0:
		sortIdx(idx, all, largerNewer)
	case toAdd < 0:
		sortIdx(idx, all, largerOlder)
	}
	var sizesBuf [16]int
	sizes := sizesBuf[:0]
	added := 0
	for _, i := range idx {
		p := proportion(&all[i], in, toAdd, added)
		sizes = append(sizes, all[i].Replicas+p)
		added += p
	}
	if len(idx) > 0 && toAdd != 0 {
		sizes[0] = max(sizes[0]+toAdd-added, 0)
	}
	for k, i := range idx {
		set(i, sizes[k])
	}
	return finish()
}

// largerNewer is controller.ReplicaSetsBySizeNewer: larger first, equal
// sizes newer first.
func largerNewer(a, b *ReplicaSetState) bool {
	if a.Replicas == b.Replicas {
		return olderRS(b, a)
	}
	return a.Replicas > b.Replicas
}

// largerOlder is controller.ReplicaSetsBySizeOlder: larger first, equal
// sizes older first.
func largerOlder(a, b *ReplicaSetState) bool {
	if a.Replicas == b.Replicas {
		return olderRS(a, b)
	}
	return a.Replicas > b.Replicas
}

// proportion is deployment_util.go GetProportion.
func proportion(rs *ReplicaSetState, in ScaleInput, toAdd, added int) int {
	if rs.Replicas == 0 || toAdd == 0 || toAdd == added {
		return 0
	}
	f := fraction(rs, in)
	left := toAdd - added
	if toAdd > 0 {
		return min(f, left)
	}
	return max(f, left)
}

// fraction is deployment_util.go getReplicaSetFraction.
func fraction(rs *ReplicaSetState, in ScaleInput) int {
	if in.Replicas == 0 {
		return -rs.Replicas
	}
	maxNow := int64(in.Replicas + in.MaxSurge)
	before := int64(in.StatusReplicas)
	if rs.Annotated && rs.MaxReplicas > 0 {
		before = int64(rs.MaxReplicas)
	}
	if before <= 0 {
		return 0
	}
	// round half up of replicas*maxNow/before (integer.RoundToInt32 on a
	// non-negative value).
	size := (2*int64(rs.Replicas)*maxNow + before) / (2 * before)
	return int(size) - rs.Replicas
}
