package sim

// Status of Deployments and ReplicaSets as their controllers keep it
// (kubernetes pkg/controller/deployment/sync.go, calculateStatus and
// syncRolloutStatus; pkg/controller/replicaset/replica_set_utils.go,
// calculateStatus; pkg/controller/deployment/util/deployment_util.go,
// SetDeploymentCondition).

import (
	"slices"
	"time"

	"github.com/svcsim/svcsim/sim/internal/workload"
)

// Condition is a status condition of a Deployment or ReplicaSet, named as
// k8s.io/api/apps/v1 names its fields.
type Condition struct {
	Type, Status, Reason, Message string
	LastTransitionTime            time.Time
}

// DeploymentStatus is a Deployment's status (apps/v1 DeploymentStatus).
type DeploymentStatus struct {
	ObservedGeneration  int64
	Replicas            int32 // pods of all its ReplicaSets, not terminating
	UpdatedReplicas     int32 // of them, the current template's
	ReadyReplicas       int32
	AvailableReplicas   int32
	UnavailableReplicas int32 // the ReplicaSets' replicas not available, at least 0
	Conditions          []Condition
}

// ReplicaSetStatus is a ReplicaSet's status (apps/v1 ReplicaSetStatus).
type ReplicaSetStatus struct {
	Replicas          int32 // its pods, not terminating
	ReadyReplicas     int32
	AvailableReplicas int32
	Conditions        []Condition
}

// Condition types, statuses and reasons of apps/v1 and the controllers.
const (
	condAvailable        = "Available"
	condReplicaFailure   = "ReplicaFailure"
	reasonFailedCreate   = "FailedCreate"
	reasonMinAvailable   = "MinimumReplicasAvailable"
	reasonMinUnavailable = "MinimumReplicasUnavailable"
)

// setCondition sets cond in conds as SetDeploymentCondition does: one
// with the same status and reason stays as it is; one with the same
// status keeps its transition time; the new one goes last.
func setCondition(conds []Condition, cond Condition) []Condition {
	k := slices.IndexFunc(conds, func(x Condition) bool { return x.Type == cond.Type })
	if k >= 0 {
		if conds[k].Status == cond.Status && conds[k].Reason == cond.Reason {
			return conds
		}
		if conds[k].Status == cond.Status {
			cond.LastTransitionTime = conds[k].LastTransitionTime
		}
		conds = slices.Delete(conds, k, k+1)
	}
	return append(conds, cond)
}

// removeCondition drops the condition of type typ.
func removeCondition(conds []Condition, typ string) []Condition {
	return slices.DeleteFunc(conds, func(x Condition) bool { return x.Type == typ })
}

// setReplicaFailure keeps ReplicaSet id's ReplicaFailure condition after
// a sync whose creates returned err (replica_set_utils.go
// calculateStatus): added if there is none, removed by a sync without
// error. Its Deployment copies it.
func (c *Cluster) setReplicaFailure(id int32, err error) {
	r := c.rss[id]
	switch {
	case err != nil && r.failure == nil:
		r.failure = &Condition{Type: condReplicaFailure, Status: "True", Reason: reasonFailedCreate,
			Message: err.Error(), LastTransitionTime: c.Now()}
	case err == nil && r.failure != nil:
		r.failure = nil
	default:
		return
	}
	if c.watched != 0 {
		c.markRS(id)
	}
	c.touchDep(r.dep)
}

// syncDeploymentConditions sets a Deployment's Available condition
// (calculateStatus) and copies its ReplicaSets' ReplicaFailure, the new
// ReplicaSet's first (syncRolloutStatus, getReplicaFailures).
func (c *Cluster) syncDeploymentConditions(d *depRec, nid int32, maxUnavailable int) {
	d.observed = d.generation
	if c.watched != 0 {
		c.markDep(d)
	}
	available := 0
	var failure *Condition
	if nid >= 0 {
		failure = c.rss[nid].failure
	}
	for _, id := range d.rss {
		r := c.rss[id]
		if r.deleted {
			continue
		}
		available += r.available
		if failure == nil {
			failure = r.failure
		}
	}
	cond := Condition{Type: condAvailable, Status: "True", Reason: reasonMinAvailable,
		Message: "Deployment has minimum availability.", LastTransitionTime: c.Now()}
	if available < d.spec.Replicas-maxUnavailable {
		cond.Status, cond.Reason, cond.Message = "False", reasonMinUnavailable, "Deployment does not have minimum availability."
	}
	d.conds = setCondition(d.conds, cond)
	if failure != nil {
		f := *failure
		f.LastTransitionTime = c.Now()
		d.conds = setCondition(d.conds, f)
	} else {
		d.conds = removeCondition(d.conds, condReplicaFailure)
	}
}

// maxUnavailable is deploymentutil.MaxUnavailable: 0 for Recreate or no
// replicas, else the resolved maxUnavailable, at most the replicas.
func maxUnavailable(d *depRec) int {
	if d.spec.Strategy != RollingUpdate || d.spec.Replicas == 0 {
		return 0
	}
	_, u := workload.ResolveFenceposts(d.surge, d.unavail, d.spec.Replicas)
	return min(u, d.spec.Replicas)
}

// deploymentStatus returns Deployment d's status: the counts from its
// ReplicaSets now, the conditions as its last sync left them.
func (c *Cluster) deploymentStatus(d *depRec) DeploymentStatus {
	st := DeploymentStatus{ObservedGeneration: d.observed, Conditions: slices.Clone(d.conds)}
	nid, _, _, _ := c.currentRS(d)
	total := 0
	for _, id := range d.rss {
		r := c.rss[id]
		if r.deleted {
			continue
		}
		st.Replicas += int32(r.active)
		st.ReadyReplicas += int32(r.available)
		st.AvailableReplicas += int32(r.available)
		total += r.replicas
		if id == nid {
			st.UpdatedReplicas = int32(r.active)
		}
	}
	st.UnavailableReplicas = int32(max(0, min(total-int(st.AvailableReplicas), 1<<31-1)))
	return st
}

// rsStatus returns ReplicaSet r's status.
func rsStatus(r *rsRec) ReplicaSetStatus {
	st := ReplicaSetStatus{Replicas: int32(r.active), ReadyReplicas: int32(r.available), AvailableReplicas: int32(r.available)}
	if r.failure != nil {
		st.Conditions = []Condition{*r.failure}
	}
	return st
}
