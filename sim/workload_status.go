package sim

// Status of Deployments and ReplicaSets as their controllers keep it
// (kubernetes pkg/controller/deployment/sync.go, calculateStatus and
// syncRolloutStatus; pkg/controller/replicaset/replica_set_utils.go,
// calculateStatus; pkg/controller/deployment/util/deployment_util.go,
// SetDeploymentCondition).

import (
	"slices"
	"strconv"
	"time"

	"github.com/svcsim/svcsim/sim/internal/workload"
)

// Condition is a status condition of a Deployment or ReplicaSet, named as
// k8s.io/api/apps/v1 names its fields. LastUpdateTime is a Deployment
// condition's (a ReplicaSet condition has none: zero).
type Condition struct {
	Type, Status, Reason, Message      string
	LastUpdateTime, LastTransitionTime time.Time
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
	condProgressing      = "Progressing"
	condReplicaFailure   = "ReplicaFailure"
	reasonFailedCreate   = "FailedCreate"
	reasonMinAvailable   = "MinimumReplicasAvailable"
	reasonMinUnavailable = "MinimumReplicasUnavailable"
	// The Progressing reasons (deployment_util.go).
	reasonNewRSCreated   = "NewReplicaSetCreated"
	reasonFoundNewRS     = "FoundNewReplicaSet"
	reasonRSUpdated      = "ReplicaSetUpdated"
	reasonNewRSAvailable = "NewReplicaSetAvailable"
	reasonTimedOut       = "ProgressDeadlineExceeded"
)

// progressDeadline is apps/v1's default spec.progressDeadlineSeconds.
const progressDeadline = 600 * time.Second

// A Deployment's condition types and reasons as stored (depCond).
const (
	cAvailable uint8 = iota
	cProgressing
	cReplicaFailure
)

const (
	rMinAvailable uint8 = iota
	rMinUnavailable
	rNewRSCreated
	rRSUpdated
	rNewRSAvailable
	rTimedOut
	rFailedCreate
)

var (
	condTypes   = [...]string{cAvailable: condAvailable, cProgressing: condProgressing, cReplicaFailure: condReplicaFailure}
	condReasons = [...]string{rMinAvailable: reasonMinAvailable, rMinUnavailable: reasonMinUnavailable,
		rNewRSCreated: reasonNewRSCreated, rRSUpdated: reasonRSUpdated, rNewRSAvailable: reasonNewRSAvailable,
		rTimedOut: reasonTimedOut, rFailedCreate: reasonFailedCreate}
)

// depCond is a Deployment condition as stored: type, status and reason
// as small enumerations, the times in virtual nanoseconds, and what the
// message needs: for Progressing the name of the ReplicaSet (rsName) or
// Deployment it names, for ReplicaFailure the message (the ReplicaSet's,
// shared). The Condition, with upstream's message, is built when read.
type depCond struct {
	lastUpdate, lastTransition int64
	name                       string
	typ, reason                uint8
	status                     bool // "True"
	rsName                     bool // name is a ReplicaSet's
}

// condition returns x as the API's Condition.
func (x depCond) condition() Condition {
	st := "False"
	if x.status {
		st = "True"
	}
	kind := "Deployment"
	if x.rsName {
		kind = "ReplicaSet"
	}
	var msg string
	switch x.reason {
	case rMinAvailable:
		msg = "Deployment has minimum availability."
	case rMinUnavailable:
		msg = "Deployment does not have minimum availability."
	case rNewRSCreated:
		msg = "Created new replica set " + strconv.Quote(x.name)
	case rRSUpdated:
		msg = progressMessage(kind, x.name, " is progressing.")
	case rNewRSAvailable:
		msg = progressMessage(kind, x.name, " has successfully progressed.")
	case rTimedOut:
		msg = progressMessage(kind, x.name, " has timed out progressing.")
	case rFailedCreate:
		msg = x.name
	}
	return Condition{Type: condTypes[x.typ], Status: st, Reason: condReasons[x.reason], Message: msg,
		LastUpdateTime: Epoch.Add(time.Duration(x.lastUpdate)), LastTransitionTime: Epoch.Add(time.Duration(x.lastTransition))}
}

// conditions returns the API's Conditions of conds, nil for none.
func conditions(conds []depCond) []Condition {
	if len(conds) == 0 {
		return nil
	}
	out := make([]Condition, len(conds))
	for k, x := range conds {
		out[k] = x.condition()
	}
	return out
}

// condIndex returns the index of the condition of type typ, -1 if none.
func condIndex(conds []depCond, typ uint8) int {
	return slices.IndexFunc(conds, func(x depCond) bool { return x.typ == typ })
}

// setCondition sets cond in conds as SetDeploymentCondition does: one
// with the same status and reason stays as it is; one with the same
// status keeps its transition time; the new one goes last.
func setCondition(conds []depCond, cond depCond) []depCond {
	k := condIndex(conds, cond.typ)
	if k >= 0 {
		if conds[k].status == cond.status && conds[k].reason == cond.reason {
			return conds
		}
		if conds[k].status == cond.status {
			cond.lastTransition = conds[k].lastTransition
		}
		conds = slices.Delete(conds, k, k+1)
	}
	return append(conds, cond)
}

// removeCondition drops the condition of type typ.
func removeCondition(conds []depCond, typ uint8) []depCond {
	return slices.DeleteFunc(conds, func(x depCond) bool { return x.typ == typ })
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

// depCounts are the replica counts of a Deployment's status
// (calculateStatus): pods of all its ReplicaSets not terminating, of the
// current template, ready, available; and the ReplicaSets' spec.replicas.
type depCounts struct {
	replicas, updated, ready, available int32
	total                               int
}

// counts returns Deployment d's counts now; nid is its current
// ReplicaSet (-1: none yet).
func (c *Cluster) counts(d *depRec, nid int32) depCounts {
	n, _ := c.tally(d, nid)
	return n
}

// tally returns Deployment d's counts now and the ReplicaFailure
// condition its status copies: the current ReplicaSet's (nid, -1: none
// yet), else the first other one's (getReplicaFailures), nil for none;
// one pass over its ReplicaSets.
func (c *Cluster) tally(d *depRec, nid int32) (depCounts, *Condition) {
	var n depCounts
	var failure *Condition
	for _, id := range d.rss {
		r := c.rss[id]
		if r.deleted {
			continue
		}
		n.replicas += int32(r.active)
		n.ready += int32(r.available)
		n.available += int32(r.available)
		n.total += r.replicas
		if id == nid {
			n.updated = int32(r.active)
		}
		if r.failure != nil && (failure == nil || id == nid) {
			failure = r.failure
		}
	}
	return n, failure
}

// complete is deploymentutil.DeploymentComplete: every replica updated
// and available, no old one left (the generation is observed: svcsim's
// status is written by the sync that reads the spec).
func (n depCounts) complete(replicas int) bool {
	r := int32(min(replicas, 1<<31-1))
	return n.updated == r && n.replicas == r && n.available == r
}

// progressed is deploymentutil.DeploymentProgressing: more updated
// replicas, fewer old ones, more ready or available ones than the last
// status said.
func (n depCounts) progressed(old depCounts) bool {
	return n.updated > old.updated || n.replicas-n.updated < old.replicas-old.updated ||
		n.ready > old.ready || n.available > old.available
}

// syncDeploymentStatus is the status half of a Deployment sync: the
// Available condition (calculateStatus); after a rollout step (not a
// scaling event) the Progressing condition (syncRolloutStatus); and the
// ReplicaFailure condition copied from its ReplicaSets, the new one's
// first (getReplicaFailures).
//
// Progressing: NewReplicaSetCreated when the sync created the new
// ReplicaSet (newRS; svcsim's Deployments always have a progress
// deadline, so the first ReplicaSet is always created with it and
// upstream's FoundNewReplicaSet, for a Deployment that had no Progressing
// condition, never arises); NewReplicaSetAvailable once complete;
// ReplicaSetUpdated when the counts moved since the last sync;
// ProgressDeadlineExceeded (False) when the condition was last updated
// more than progressDeadline ago. A complete rollout's condition stays
// until the next rollout. An incomplete one is re-checked at its
// deadline (requeueStuckDeployment): see setDeadline.
func (c *Cluster) syncDeploymentStatus(did, nid int32, rollout bool) {
	d := c.deps[did]
	d.observed = d.generation
	if c.watched != 0 {
		c.markDep(d)
	}
	now := c.now
	n, failure := c.tally(d, nid)
	avail := depCond{typ: cAvailable, status: true, reason: rMinAvailable, lastUpdate: now, lastTransition: now}
	if int(n.available) < d.spec.Replicas-maxUnavailable(d) {
		avail.status, avail.reason = false, rMinUnavailable
	}
	d.conds = setCondition(d.conds, avail)
	if rollout {
		c.syncProgressing(d, nid, n)
	}
	if failure != nil {
		d.conds = setCondition(d.conds, depCond{typ: cReplicaFailure, status: true, reason: rFailedCreate,
			name: failure.Message, lastUpdate: now, lastTransition: now})
	} else {
		d.conds = removeCondition(d.conds, cReplicaFailure)
	}
	d.last = n
	if rollout {
		c.setDeadline(d, n)
	}
	// The check is queued once no sync of the Deployment is pending: a
	// pending one sets the deadline again, so a Deployment that syncs
	// twice at one instant (as a sync that scales a ReplicaSet makes it)
	// queues one check, or none when its second sync completes the
	// rollout.
	if !d.pending && d.deadlineAt != 0 && (d.checkAt == 0 || d.checkAt > d.deadlineAt) {
		c.queueDeadline(did, d.deadlineAt)
	}
}

// syncProgressing sets the Progressing condition as syncRolloutStatus
// does, from the counts n of this sync and d.last of the previous one.
// The condition names the new ReplicaSet (or the Deployment, before it
// has one); its message is built when read.
func (c *Cluster) syncProgressing(d *depRec, nid int32, n depCounts) {
	now := c.now
	k := condIndex(d.conds, cProgressing)
	if k >= 0 && d.conds[k].reason == rNewRSAvailable && n.replicas == n.updated {
		return // the rollout is complete: no progress to estimate
	}
	cond := depCond{typ: cProgressing, status: true, name: d.name, lastUpdate: now, lastTransition: now}
	if nid >= 0 {
		cond.name, cond.rsName = c.rss[nid].name, true
	}
	switch {
	case n.complete(d.spec.Replicas):
		cond.reason = rNewRSAvailable
		d.conds = setCondition(d.conds, cond)
	case n.progressed(d.last):
		// Progress updates the condition even with the same reason: a
		// new LastUpdateTime restarts the deadline.
		cond.reason = rRSUpdated
		if k >= 0 {
			if d.conds[k].status {
				cond.lastTransition = d.conds[k].lastTransition
			}
			d.conds = slices.Delete(d.conds, k, k+1)
		}
		d.conds = append(d.conds, cond)
	case k >= 0 && timedOut(d.conds[k], now):
		cond.status, cond.reason = false, rTimedOut
		d.conds = setCondition(d.conds, cond)
	}
}

// progressMessage is a Progressing message: `ReplicaSet "web-1" is
// progressing.` (the names are DNS names: %q quotes them plainly).
func progressMessage(kind, name, tail string) string {
	return kind + ` "` + name + `"` + tail
}

// timedOut is deploymentutil.DeploymentTimedOut for an existing
// Progressing condition: its last update lies more than progressDeadline
// before now.
func timedOut(cond depCond, now int64) bool {
	switch cond.reason {
	case rNewRSAvailable:
		return false
	case rTimedOut:
		return true
	}
	return addSat(cond.lastUpdate, int64(progressDeadline)) < now
}

// setDeadline sets the progress check of an incomplete rollout at its
// deadline, as requeueStuckDeployment does: one second past
// LastUpdateTime + progressDeadline, or, less than a second before it,
// at the first instant past it (upstream retries rate-limited, within
// milliseconds). A complete or timed-out rollout needs none (0).
// syncDeploymentStatus queues the check task: one per Deployment at a
// time, an earlier one moving on to the later time when it falls due. The
// check is a watchdog: Settle does not wait for it (Advance past the
// deadline to see ProgressDeadlineExceeded).
func (c *Cluster) setDeadline(d *depRec, n depCounts) {
	d.deadlineAt = 0
	k := condIndex(d.conds, cProgressing)
	if k < 0 || n.complete(d.spec.Replicas) || d.conds[k].reason == rTimedOut {
		return
	}
	at := time.Duration(addSat(d.conds[k].lastUpdate, int64(progressDeadline)))
	due := at + time.Second
	if time.Duration(c.now) > at-time.Second {
		due = at + 1
	}
	if int64(due) <= c.now {
		return // past the last representable instant
	}
	d.deadlineAt = int64(due)
}

// queueDeadline queues Deployment did's progress check task at at.
func (c *Cluster) queueDeadline(did int32, at int64) {
	d := c.deps[did]
	d.checkAt = at
	c.watchdogs++
	c.schedule(time.Duration(at-c.now), tkDeployDeadline, did, d.gen)
}

// runDeployDeadline is a progress check task falling due: a sync of the
// Deployment if its deadline is now, a new task if it moved later.
func (c *Cluster) runDeployDeadline(did int32, gen uint32) {
	c.watchdogs--
	d := c.deps[did]
	if d == nil || d.gen != gen || d.deleted || d.checkAt != c.now {
		return // a freed record's, or replaced by an earlier one
	}
	d.checkAt = 0
	switch {
	case d.deadlineAt == 0:
	case d.deadlineAt > c.now:
		c.queueDeadline(did, d.deadlineAt)
	default:
		d.deadlineAt = 0
		c.touchDep(did)
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
	nid, _, _, _ := c.currentRS(d)
	n := c.counts(d, nid)
	return DeploymentStatus{ObservedGeneration: d.observed, Conditions: conditions(d.conds),
		Replicas: n.replicas, UpdatedReplicas: n.updated, ReadyReplicas: n.ready, AvailableReplicas: n.available,
		UnavailableReplicas: int32(max(0, min(n.total-int(n.available), 1<<31-1)))}
}

// rsStatus returns ReplicaSet r's status.
func rsStatus(r *rsRec) ReplicaSetStatus {
	st := ReplicaSetStatus{Replicas: int32(r.active), ReadyReplicas: int32(r.available), AvailableReplicas: int32(r.available)}
	if r.failure != nil {
		st.Conditions = []Condition{*r.failure}
	}
	return st
}
