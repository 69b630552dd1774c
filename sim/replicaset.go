package sim

// The ReplicaSet controller: create and delete pods to match replicas, in
// slow-start batches, deleting by upstream's ranking (kubernetes
// pkg/controller/replicaset/replica_set.go, manageReplicas).

import (
	"slices"
	"time"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
	"github.com/svcsim/svcsim/sim/internal/workload"
)

// runRSSync is one sync of the ReplicaSet controller (replica_set.go
// manageReplicas): terminating pods do not count, missing pods are created
// (at most burstReplicas per sync) in slow-start batches, surplus pods are
// deleted in ActivePodsWithRanks order. A refused create sets the
// ReplicaFailure condition (replica_set_utils.go calculateStatus), which
// the first sync without error removes.
func (c *Cluster) runRSSync(id int32, gen uint32) {
	// Room a woken ReplicaSet leaves unused (it is gone, or created what
	// it wanted) goes to the next waiter.
	defer c.passQuotaRoom(ownerReplicaSet, id)
	r := c.rss[id]
	if r == nil || r.gen != gen {
		return // a stale task of a freed record
	}
	r.pending = false
	diff := r.active - r.replicas
	var err error
	switch {
	case diff < 0:
		n := min(-diff, burstReplicas)
		err = c.slowStartCreate(id, n)
		if err == nil && -diff > n {
			c.touchRS(id)
		}
	case diff > 0:
		c.scaleDownRS(id, diff)
	}
	c.setReplicaFailure(id, err)
}

// slowStartInitialBatchSize is the first batch of slowStartBatch
// (pkg/controller/controller_utils.go, SlowStartInitialBatchSize).
const slowStartInitialBatchSize = 1

// slowStartCreate creates n pods of ReplicaSet id in batches of 1, 2, 4,
// …; a batch with a refused create ends the round (replica_set.go
// slowStartBatch). Every refusal is a FailedCreate event
// (controller_utils.go, RealPodControl.createPods); the first is returned.
func (c *Cluster) slowStartCreate(id int32, n int) error {
	r := c.rss[id]
	r.pods = slices.Grow(r.pods, n) // room for the n pods at once
	var first error
	for batch := min(n, slowStartInitialBatchSize); batch > 0; batch = min(2*batch, n) {
		for range batch {
			key, name := c.newPodKey(id)
			if err := c.admitPod(name); err != nil {
				if c.tracing() {
					c.emit(KindFailedCreate, "replicaset/"+c.nsNames[r.tmpl.ns]+"/"+r.name, "Error creating: "+err.Error())
				}
				if first == nil {
					first = err
				}
				continue
			}
			c.addPod(&r.tmpl, ownerReplicaSet, id, key, -1)
		}
		n -= batch
		if first != nil {
			c.waitQuota(ownerReplicaSet, id)
			return first
		}
	}
	return nil
}

// newPodKey draws a pod name unused in the ReplicaSet's namespace, its
// prefix and a random suffix, and returns the pod's key
// ("namespace/name") and name, its tail: both written into one buffer
// that becomes the key's string.
func (c *Cluster) newPodKey(rs int32) (key, name string) {
	r := c.rss[rs]
	ns := c.nsNames[r.tmpl.ns]
	var buf [2*workload.MaxNameLength + 1]byte // a namespace, "/" and a name of at most MaxNameLength each
	b := workload.AppendPodNamePrefix(append(append(buf[:0], ns...), '/'), r.name)
	for {
		k := workload.AppendRandomString(b, &c.rs.names, workload.RandomSuffixLength)
		if _, taken := c.store.LookupBytes(r.tmpl.ns, k[len(ns)+1:]); !taken {
			key = string(k)
			return key, key[len(ns)+1:]
		}
	}
}

// scaleDownRS terminates n active pods of ReplicaSet id, ranked as
// ActivePodsWithRanks (rank: active pods of the same Deployment on the
// pod's node).
func (c *Cluster) scaleDownRS(id int32, n int) {
	w := c.syncStorage()
	r := c.rss[id]
	cand := w.scratchIDs[:0]
	defer func() { w.scratchIDs = cand[:0] }()
	for _, i := range r.pods {
		if !c.pod(i).has(fTerminating) {
			cand = append(cand, i)
		}
	}
	victims := cand
	if n < len(cand) {
		perNode := w.scratchNodes
		if perNode == nil {
			perNode = map[int32]int{}
			w.scratchNodes = perNode
		}
		clear(perNode)
		for _, rid := range c.deps[r.dep].rss {
			for _, i := range c.rss[rid].pods {
				if p := c.pod(i); !p.has(fTerminating) && p.node >= 0 {
					perNode[p.node]++
				}
			}
		}
		ranks := w.scratchRanks[:0]
		for range cand {
			ranks = append(ranks, workload.PodRank{})
		}
		w.scratchRanks = ranks
		for k, i := range cand {
			p := c.pod(i)
			ranks[k] = workload.PodRank{Scheduled: p.node >= 0, Phase: pod.Pending, Ready: p.has(fReady),
				Rank: perNode[p.node], RestartCount: p.restarts, Created: Epoch.Add(time.Duration(p.created)), UID: c.podUID(i)}
			if p.has(fRunning) {
				ranks[k].Phase = pod.Running
			}
			if p.has(fReady) {
				ranks[k].ReadyTime = Epoch.Add(time.Duration(p.readyAt))
			}
		}
		victims = nil
		for _, k := range workload.PodsToDelete(ranks, n, c.Now()) {
			victims = append(victims, cand[k])
		}
	}
	for _, i := range victims {
		c.terminate(i, "scaled down")
	}
}

func removeID(l []int32, id int32) []int32 {
	for k, x := range l {
		if x == id {
			return append(l[:k], l[k+1:]...)
		}
	}
	return l
}

// rsOwner is the ReplicaSet kind of pod owner.
type rsOwner struct{ c *Cluster }

func (rsOwner) kindName() string         { return "replicaset" }
func (o rsOwner) name(id int32) string   { return o.c.rss[id].name }
func (o rsOwner) pods(id int32) *[]int32 { return &o.c.rss[id].pods }
func (o rsOwner) podsChanged(id int32)   { o.c.touchRS(id) }
func (o rsOwner) readyChanged(id int32)  { o.c.touchDep(o.c.rss[id].dep) }

func (o rsOwner) acct(id int32, p *podRec, sign int) {
	if p.has(fTerminating) {
		return
	}
	r := o.c.rss[id]
	r.active += sign
	if p.has(fReady) && p.has(fRunning) {
		r.available += sign
	}
}

func (o rsOwner) selects(id int32, labels selector.Set) bool {
	return selector.FromSet(o.c.rss[id].selector).Matches(labels)
}

// emptied forgets a deleted ReplicaSet with its last pod.
func (o rsOwner) emptied(id int32) bool {
	if o.c.rss[id].deleted {
		o.c.forgetRS(id)
		return false
	}
	return true
}

// claim returns the live ReplicaSet whose selector (the Deployment's,
// pod-template-hash included) matches pod i's labels, as the ReplicaSet
// controller's ClaimPods adopts orphans; the oldest such ReplicaSet wins.
func (o rsOwner) claim(i int32) int32 {
	c := o.c
	p := c.pod(i)
	hash, ok := p.tmpl.labels["pod-template-hash"]
	if !ok {
		return -1
	}
	id := int32(-1)
	for _, rid := range c.rsByHash.Value(rsHashKey{p.tmpl.ns, hash}) {
		r := c.rss[rid]
		if r.deleted || c.deps[r.dep].deleted || !selector.FromSet(r.selector).Matches(p.tmpl.labels) {
			continue
		}
		if id < 0 || r.gen < c.rss[id].gen {
			id = rid // the oldest
		}
	}
	return id
}
