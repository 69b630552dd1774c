package sim

// The deployment controller: ReplicaSets per template, rolling and
// Recreate steps, proportional scaling, history cleanup (kubernetes
// pkg/controller/deployment: sync.go, rolling.go, recreate.go; arithmetic
// in sim/internal/workload).

import (
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
	"github.com/svcsim/svcsim/sim/internal/trace"
	"github.com/svcsim/svcsim/sim/internal/workload"
)

// burstReplicas is the ReplicaSet controller's per-sync creation cap.
const burstReplicas = workload.BurstReplicas

// revisionHistoryLimit is apps/v1's default: old ReplicaSets kept.
const revisionHistoryLimit = 10

// touchRS queues a sync of ReplicaSet rs and of its Deployment (a
// workqueue: a key already pending is not queued twice).
func (c *Cluster) touchRS(rs int32) {
	r := c.rss[rs]
	if c.watched != 0 {
		c.markRS(rs)
	}
	if r.deleted {
		return // nothing left to sync: it is forgotten with its last pod
	}
	if !r.pending {
		r.pending = true
		c.schedule(0, tkRSSync, rs, r.gen)
	}
	c.touchDep(r.dep)
}

func (c *Cluster) touchDep(id int32) {
	d := c.deps[id]
	if c.watched != 0 {
		c.markDep(d)
	}
	if !d.pending && !d.deleted {
		d.pending = true
		c.schedule(0, tkDeploySync, id, d.gen)
	}
}

func (c *Cluster) rsState(id int32) workload.ReplicaSetState {
	r := c.rss[id]
	return workload.ReplicaSetState{Replicas: r.replicas, Available: r.available, Created: time.Duration(r.created),
		Name: r.name, Annotated: r.annotated, DesiredReplicas: r.desired, MaxReplicas: r.maxRep}
}

// templateText is the canonical text of a Deployment's pod template, the
// input of its pod-template-hash, built in one buffer.
func templateText(d *depRec) string {
	var buf [256]byte
	return string(appendTemplateText(buf[:0], d))
}

// appendTemplateText appends templateText(d) to b.
func appendTemplateText(b []byte, d *depRec) []byte {
	b = append(b, "labels:"...)
	b = append(b, d.labelText...)
	b = append(b, ";ports:"...)
	b = appendPortsText(b, d.spec.Ports)
	if len(d.spec.Containers) > 0 {
		b = append(b, ";containers:"...)
		for _, ct := range d.spec.Containers {
			b = append(b, ct.Name...)
			b = append(b, '=')
			b = append(b, ct.Image...)
			b = append(b, '[')
			b = appendPortsText(b, ct.Ports)
			b = append(b, "],"...)
		}
	}
	b = append(b, ";readyAfter:"...)
	b = appendDuration(b, d.spec.ReadyAfter)
	b = append(b, ";grace:"...)
	b = appendDuration(b, d.spec.TerminationGracePeriod)
	if d.spec.CrashLoop {
		b = append(b, ";crashLoop"...)
	}
	if d.restartedAt != "" {
		b = append(b, ";kubectl.kubernetes.io/restartedAt:"...)
		b = append(b, d.restartedAt...)
	}
	return b
}

// appendDuration appends d as d.String() renders it. The usual readiness
// delays and grace periods, whole seconds under a minute ("0s", "30s"),
// are appended as their number of seconds, without the general
// formatting.
func appendDuration(b []byte, d time.Duration) []byte {
	if d >= 0 && d < time.Minute && d%time.Second == 0 {
		return append(strconv.AppendInt(b, int64(d/time.Second), 10), 's')
	}
	return append(b, d.String()...)
}

// appendPortsText appends container ports as templateText renders them.
func appendPortsText(b []byte, ports []pod.ContainerPort) []byte {
	for _, p := range ports {
		b = append(b, p.Name...)
		b = append(b, '/')
		b = strconv.AppendInt(b, int64(p.Port), 10)
		b = append(b, '/')
		b = append(b, p.Protocol...)
		b = append(b, ',')
	}
	return b
}

// curRS caches currentRS until the template changes.
type curRS struct {
	valid bool
	id    int32
	gen   uint32 // the ReplicaSet record's generation (ids are reused)
	name  string // <deployment>-<pod-template-hash>: the hash is its tail
	fp    uint64 // fingerprint of the template text
}

// currentRS returns the Deployment's ReplicaSet for its current template,
// or -1 with the name, hash and template fingerprint a new one would get.
func (c *Cluster) currentRS(d *depRec) (id int32, name, hash string, fp uint64) {
	k := d.cur
	if !k.valid || k.id >= 0 && !c.liveRS(k.id, k.gen) {
		k = curRS{valid: true}
		k.id, k.name, k.fp = c.findRS(d)
		if k.id >= 0 {
			k.gen = c.rss[k.id].gen
		}
		d.cur = k
	}
	return k.id, k.name, k.name[len(d.name)+1:], k.fp
}

// liveRS reports whether ReplicaSet id is the record of generation gen
// and not deleted.
func (c *Cluster) liveRS(id int32, gen uint32) bool {
	r := c.rss[id]
	return r != nil && r.gen == gen && !r.deleted
}

// findRS returns the Deployment's ReplicaSet for its current template, or
// -1, with the ReplicaSet's name and the template's fingerprint.
func (c *Cluster) findRS(d *depRec) (id int32, name string, fp uint64) {
	var buf [256]byte
	// One pass over the text sums it for every collision count and for
	// its fingerprint, the FNV-1a 64 ReplicaSets keep instead of the text
	// (collisions of the 32-bit pod-template-hash are told apart by it, as
	// upstream compares templates).
	sum := workload.SumTemplate(appendTemplateText(buf[:0], d))
	fp = sum.Fingerprint
	for collision := int32(0); ; collision++ {
		name, _ = workload.ReplicaSetName(d.name, sum, collision)
		rid, ok := c.rsByName.Get(nsName{d.spec.Namespace, name})
		if !ok {
			return -1, name, fp
		}
		if c.rss[rid].fp == fp {
			return rid, name, fp
		}
	}
}

// syncScratch is the storage the Deployment and ReplicaSet syncs reuse
// from one call to the next (it keeps no results).
type syncScratch struct {
	scratchIDs   []int32
	scratchRS    []workload.ReplicaSetState
	scratchPlan  []int                      // RolloutInput.Scratch of deploySteps
	scratchScale []workload.ReplicaSetState // ScaleInput.Scratch of deploySteps
	scratchRanks []workload.PodRank
	scratchNodes map[int32]int
}

// syncStorage returns the workload syncs' storage, made on first use: a
// cluster that never syncs a Deployment does not carry it.
func (c *Cluster) syncStorage() *syncScratch {
	if c.work == nil {
		c.work = new(syncScratch)
	}
	return c.work
}

// newRS creates the Deployment's ReplicaSet for the current template.
func (c *Cluster) newRS(did int32, name, hash string, fp uint64) int32 {
	d := c.deps[did]
	labels := make(selector.Set, len(d.labelKV)/2+1)
	for k := 0; k < len(d.labelKV); k += 2 {
		labels[d.labelKV[k]] = d.labelKV[k+1]
	}
	labels["pod-template-hash"] = hash
	sel := labels // the selector is the template labels: one map for both
	if !d.selectsLabels() {
		sel = make(selector.Set, len(d.spec.Selector)+1)
		maps.Copy(sel, d.spec.Selector)
		sel["pod-template-hash"] = hash
	}
	id := c.newRSID()
	c.objGen++
	r := &rsRec{dep: did, name: name, hash: hash, fp: fp, created: c.now, gen: c.objGen,
		tmpl: template{ns: d.ns, labels: labels, readyAfter: d.spec.ReadyAfter,
			grace: d.spec.TerminationGracePeriod, tolerCP: d.tolerCP, crashLoop: d.spec.CrashLoop},
		selector: sel, restartedAt: d.restartedAt, revision: c.maxOldRevision(d, id) + 1}
	r.tmpl.containers, r.tmpl.ports = newTemplateContainers(d.spec.Containers, d.spec.Ports)
	c.rss[id] = r
	d.revision = c.rss[id].revision
	k := nsName{d.spec.Namespace, name}
	c.rsByName.Set(k, id)
	hk := rsHashKey{d.ns, hash}
	if l := c.rsByHash.Value(hk); len(l) > 0 {
		c.rsByHash.Set(hk, append(l, id))
	} else {
		r.byHash[0] = id
		c.rsByHash.Set(hk, r.byHash[:])
	}
	d.rss = append(d.rss, id)
	d.cur = curRS{valid: true, id: id, gen: c.objGen, name: name, fp: fp}
	if c.watched != 0 {
		c.markRS(id)
	}
	// getNewReplicaSet: a created ReplicaSet starts the progress clock.
	d.conds = setCondition(d.conds, depCond{typ: cProgressing, status: true, reason: rNewRSCreated, name: name,
		lastUpdate: c.now, lastTransition: c.now})
	if c.watched != 0 {
		c.markDep(d)
	}
	if c.tracing() {
		c.tr.PushStr(hash)
		c.record(trace.Rec{Name: name, NS: d.ns, Kind: evReplicaSetCreated, Strs: 1})
	}
	return id
}

// maxOldRevision is the highest revision of d's ReplicaSets other than
// nid (deployment_util.go, MaxRevision over the old ones).
func (c *Cluster) maxOldRevision(d *depRec, nid int32) int64 {
	var rev int64
	for _, id := range d.rss {
		if r := c.rss[id]; id != nid && !r.deleted {
			rev = max(rev, r.revision)
		}
	}
	return rev
}

// syncRevision gives the new ReplicaSet nid the next revision if an old
// one outnumbers it (a rollout back to an old template re-uses its
// ReplicaSet under a new number) and the Deployment its new ReplicaSet's
// (sync.go, getNewReplicaSet; deployment_util.go,
// SetNewReplicaSetAnnotations and SetDeploymentRevision). maxOld is
// maxOldRevision(d, nid), which the caller's pass over d's ReplicaSets
// finds.
func (c *Cluster) syncRevision(d *depRec, nid int32, maxOld int64) {
	r := c.rss[nid]
	if rev := maxOld + 1; r.revision < rev {
		r.revHistory = appendRevisionHistory(r.revHistory, strconv.FormatInt(r.revision, 10))
		r.revision = rev
		if c.watched != 0 {
			c.markRS(nid)
		}
	}
	if d.revision != r.revision {
		d.revision = r.revision
		if c.watched != 0 {
			c.markDep(d)
		}
	}
}

// maxRevHistoryLength is the deployment controller's
// maxRevHistoryLengthInChars: the longest revision-history annotation.
const maxRevHistoryLength = 2000

// appendRevisionHistory appends revision old to the revision-history
// annotation history, dropping its oldest entries to stay within
// maxRevHistoryLength; an old that cannot fit leaves history as it is
// (deployment_util.go, SetNewReplicaSetAnnotations).
func appendRevisionHistory(history, old string) string {
	if history == "" {
		return old
	}
	revs := strings.Split(history, ",")
	total, start := len(history)+len(old)+1, 0
	for total > maxRevHistoryLength && start < len(revs) {
		total -= len(revs[start]) + 1
		start++
	}
	if total > maxRevHistoryLength {
		return history
	}
	return strings.Join(append(revs[start:], old), ",")
}

// scaleRS sets a ReplicaSet's replicas and annotations and reports whether
// the replicas changed.
func (c *Cluster) scaleRS(id int32, st workload.ReplicaSetState) bool {
	r := c.rss[id]
	if c.watched != 0 && (r.annotated != st.Annotated || r.desired != st.DesiredReplicas || r.maxRep != st.MaxReplicas) {
		c.markRS(id) // its annotations change
	}
	r.annotated, r.desired, r.maxRep = st.Annotated, st.DesiredReplicas, st.MaxReplicas
	if r.replicas == st.Replicas {
		return false
	}
	if c.tracing() {
		d := c.deps[r.dep]
		if r.replicas >= 0 && st.Replicas >= 0 && r.replicas <= math.MaxInt32 && st.Replicas <= math.MaxInt32 {
			c.tr.PushStr(r.name)
			c.record(trace.Rec{Name: d.name, NS: d.ns, Kind: evScalingReplicaSet, Strs: 1,
				A: int64(r.replicas)<<32 | int64(st.Replicas)})
		} else {
			verb := "up"
			if st.Replicas < r.replicas {
				verb = "down"
			}
			c.emit(KindScalingReplicaSet, "deployment/"+d.spec.Namespace+"/"+d.name,
				"Scaled "+verb+" replica set "+r.name+" from "+strconv.Itoa(r.replicas)+" to "+strconv.Itoa(st.Replicas))
		}
	}
	r.replicas = st.Replicas
	c.touchRS(id)
	return true
}

// runDeploySync is one sync of the deployment controller
// (pkg/controller/deployment: sync for a scaling event, else
// rolloutRolling or rolloutRecreate), its arithmetic from workload.
func (c *Cluster) runDeploySync(did int32, gen uint32) {
	d := c.deps[did]
	if d == nil || d.gen != gen {
		return // a stale task of a freed record
	}
	d.pending = false
	if d.deleted {
		return
	}
	nid, rollout := c.deploySteps(did)
	c.syncDeploymentStatus(did, nid, rollout)
}

// deploySteps is the spec half of a Deployment sync: a scaling event
// (rollout false) or one rolling or Recreate step. It returns the current
// ReplicaSet (-1: none yet).
func (c *Cluster) deploySteps(did int32) (nid int32, rollout bool) {
	w := c.syncStorage()
	d := c.deps[did]
	nid, name, hash, fp := c.currentRS(d)
	replicas := d.spec.Replicas
	surge, unavail := 0, 0
	if d.spec.Strategy == RollingUpdate {
		surge, unavail = workload.ResolveFenceposts(d.surge, d.unavail, replicas)
	}
	oldIDs, old := w.scratchIDs[:0], w.scratchRS[:0]
	defer func() { w.scratchIDs, w.scratchRS = oldIDs[:0], old[:0] }()
	// Once the new ReplicaSet exists, an old one at 0 replicas without
	// available pods plays no part in a rolling step or a scaling event
	// (they only count, scale and annotate old ReplicaSets with replicas
	// or available pods): the revision history is left out of them.
	skipIdle := d.spec.Strategy == RollingUpdate && nid >= 0
	status := 0
	var maxOld int64 // maxOldRevision(d, nid)
	for _, id := range d.rss {
		r := c.rss[id]
		status += r.active
		if id == nid || r.deleted {
			continue
		}
		maxOld = max(maxOld, r.revision)
		if skipIdle && r.replicas == 0 && r.available == 0 {
			continue
		}
		oldIDs = append(oldIDs, id)
		old = append(old, c.rsState(id))
	}
	if nid >= 0 {
		c.syncRevision(d, nid, maxOld)
	}
	var newSt workload.ReplicaSetState
	if nid >= 0 {
		newSt = c.rsState(nid)
	}
	if workload.NeedsScale(replicas, newSt, old) {
		w.scratchScale = slices.Grow(w.scratchScale[:0], len(old)+1)
		plan := workload.ProportionalScale(workload.ScaleInput{Replicas: replicas, MaxSurge: surge,
			Recreate: d.spec.Strategy == Recreate, StatusReplicas: status, New: newSt, NoNew: nid < 0, Old: old,
			Scratch: w.scratchScale})
		changed := false
		if nid >= 0 {
			changed = c.scaleRS(nid, plan.New)
		}
		for k, id := range oldIDs {
			changed = c.scaleRS(id, plan.Old[k]) || changed
		}
		if changed {
			c.touchDep(did)
			return nid, false
		}
		// Nothing to scale (a stale annotation): go on with the rollout
		// rather than wait for a change that will not come.
		if nid >= 0 {
			newSt = c.rsState(nid)
		}
		for k, id := range oldIDs {
			old[k] = c.rsState(id)
		}
	}
	if d.spec.Strategy == Recreate {
		nid = c.syncRecreate(did, nid, oldIDs, name, hash, fp)
	} else {
		w.scratchPlan = slices.Grow(w.scratchPlan[:0], 2*len(old))
		plan := workload.RolloutStep(workload.RolloutInput{Replicas: replicas, Surge: surge, Unavailable: unavail,
			New: newSt, Old: old, CreateNew: nid < 0, Scratch: w.scratchPlan})
		if nid < 0 {
			nid = c.newRS(did, name, hash, fp)
		}
		c.scaleRS(nid, workload.ReplicaSetState{Replicas: plan.New}.Annotate(replicas, surge))
		for k, id := range oldIDs {
			if plan.Old[k] != old[k].Replicas {
				c.scaleRS(id, workload.ReplicaSetState{Replicas: plan.Old[k]}.Annotate(replicas, surge))
			}
		}
	}
	c.cleanupHistory(d, nid)
	return nid, true
}

// syncRecreate is one Recreate step; it returns the new ReplicaSet (-1:
// not created yet).
func (c *Cluster) syncRecreate(did, nid int32, oldIDs []int32, name, hash string, fp uint64) int32 {
	d := c.deps[did]
	oldReplicas, running := 0, false
	for _, id := range oldIDs {
		oldReplicas += c.rss[id].replicas
		running = running || len(c.rss[id].pods) > 0
	}
	newReplicas := 0
	if nid >= 0 {
		newReplicas = c.rss[nid].replicas
	}
	plan := workload.RecreateStep(d.spec.Replicas, newReplicas, oldReplicas, running)
	switch plan.Action {
	case workload.RecreateScaleDownOld:
		for _, id := range oldIDs {
			c.scaleRS(id, workload.ReplicaSetState{Replicas: 0}.Annotate(d.spec.Replicas, 0))
		}
	case workload.RecreateScaleNew:
		if nid < 0 {
			nid = c.newRS(did, name, hash, fp)
		}
		c.scaleRS(nid, workload.ReplicaSetState{Replicas: plan.New}.Annotate(d.spec.Replicas, 0))
	}
	return nid
}

// cleanupHistory deletes the pod-less, scaled-down ReplicaSets beyond
// revisionHistoryLimit, lowest revision first (sync.go, cleanupDeployment
// sorts by ReplicaSetsByRevision: a ReplicaSet re-used by a rollback is
// young again).
func (c *Cluster) cleanupHistory(d *depRec, cur int32) {
	// Idle ReplicaSets are ones other than cur: with at most
	// revisionHistoryLimit of those there is nothing to delete, and no need
	// to read their records (the usual case: a history at its limit).
	if n := len(d.rss); n <= revisionHistoryLimit || n == revisionHistoryLimit+1 && slices.Contains(d.rss, cur) {
		return
	}
	cleanable := func(id int32) bool {
		r := c.rss[id]
		return id != cur && r.replicas == 0 && len(r.pods) == 0 && !r.pending
	}
	idle := 0
	for _, id := range d.rss {
		if r := c.rss[id]; id != cur && r.replicas == 0 && len(r.pods) == 0 {
			idle++
		}
	}
	for ; idle > revisionHistoryLimit; idle-- {
		lowest := int32(-1)
		for _, id := range d.rss {
			if cleanable(id) && (lowest < 0 || c.rss[id].revision < c.rss[lowest].revision) {
				lowest = id
			}
		}
		if lowest < 0 {
			return
		}
		c.deleteRS(lowest) // pod-less: forgotten at once, taken out of d.rss
	}
}

// forgetRS drops a deleted, pod-less ReplicaSet from the name indexes and
// its Deployment, and frees its record (and the Deployment's, once deleted
// and without ReplicaSets); stale queued syncs are ignored by generation.
func (c *Cluster) forgetRS(id int32) {
	r := c.rss[id]
	d := c.deps[r.dep]
	d.rss = removeID(d.rss, id)
	if d.deleted && len(d.rss) == 0 {
		c.freeDep(r.dep)
	}
	c.rss[id] = nil
	c.rsFree = append(c.rsFree, id)
	c.unwaitQuota(ownerReplicaSet, id)
	hk := rsHashKey{r.tmpl.ns, r.hash}
	if l := removeID(c.rsByHash.Value(hk), id); len(l) > 0 {
		c.rsByHash.Set(hk, l)
	} else {
		c.rsByHash.Delete(hk)
	}
}
