package sim

// Pod ownership: a pod's controller (its ownerReference with controller:
// true; kubernetes apimachinery pkg/apis/meta/v1/types.go OwnerReference)
// as a kind and an id, the owner's list of pods, and what the kubelet and
// the pod calls ask of each kind of owner. A workload kind is one
// implementation of podOwner registered in Cluster.owners.

import (
	"github.com/svcsim/svcsim/selector"
	"github.com/svcsim/svcsim/sim/internal/trace"
)

// ownerKind is the kind of a pod's controller.
type ownerKind uint8

const (
	ownerNone        ownerKind = iota // a bare or orphaned pod
	ownerReplicaSet                   // replicaset.go
	ownerStatefulSet                  // statefulset.go
	numOwnerKinds
)

// owner names a pod owner: its kind and its id.
type owner struct {
	kind ownerKind
	id   int32
}

// podOwner is a workload kind, as the pod lifecycle sees it. Owners of a
// kind are numbered by id.
type podOwner interface {
	// kindName is the kind as the trace words it ("replicaset").
	kindName() string
	// name is owner id's object name.
	name(id int32) string
	// pods is owner id's list of live pods, terminating included; a
	// pod's place in it is the pod record's ownerPos.
	pods(id int32) *[]int32
	// acct adds (sign 1) or removes (sign -1) pod p's contribution to
	// owner id's counters.
	acct(id int32, p *podRec, sign int)
	// podsChanged tells owner id that its pods changed: one more or less,
	// or one fewer active.
	podsChanged(id int32)
	// readyChanged tells owner id that an active pod's readiness changed.
	readyChanged(id int32)
	// selects reports whether owner id's selector matches labels.
	selects(id int32, labels selector.Set) bool
	// emptied is told that owner id has just lost its last pod; it
	// reports whether the owner is still there.
	emptied(id int32) bool
	// claim returns the owner of this kind that adopts pod i, an orphan
	// (ClaimPods), or -1.
	claim(i int32) int32
}

// ownerOf returns the kind of pod p's owner, nil for a pod without one.
func (c *Cluster) ownerOf(p *podRec) podOwner { return c.owners(p.ownerKind) }

// owners returns the owners of kind k, nil for ownerNone.
func (c *Cluster) owners(k ownerKind) podOwner {
	switch k {
	case ownerReplicaSet:
		return rsOwner{c}
	case ownerStatefulSet:
		return stsOwner{c}
	}
	return nil
}

// link makes kind k's owner id the owner of pod i.
func (c *Cluster) link(i int32, k ownerKind, id int32) {
	p := c.pod(i)
	l := c.owners(k).pods(id)
	p.ownerKind, p.ownerID, p.ownerPos = k, id, int32(len(*l))
	*l = append(*l, i)
}

// unlink takes pod i out of its owner's pod list (the pod keeps its
// owner fields). An owner left without pods is told: unlink reports
// whether it is still there.
func (c *Cluster) unlink(i int32) bool {
	p := c.pod(i)
	o := c.ownerOf(p)
	l := o.pods(p.ownerID)
	last := (*l)[len(*l)-1]
	(*l)[p.ownerPos] = last
	c.pod(last).ownerPos = p.ownerPos
	*l = (*l)[:len(*l)-1]
	if len(*l) == 0 {
		return o.emptied(p.ownerID)
	}
	return true
}

// acct adds (sign 1) or removes (sign -1) pod i's contribution to its
// owner's counters; call it around every change.
func (c *Cluster) acct(i int32, sign int) {
	p := c.pod(i)
	if o := c.ownerOf(p); o != nil {
		o.acct(p.ownerID, p, sign)
		if c.watched != 0 {
			switch p.ownerKind {
			case ownerReplicaSet:
				c.markRS(p.ownerID)
			case ownerStatefulSet:
				c.markSTS(p.ownerID)
			}
		}
	}
}

// orphan releases pod i from its owner (the controller's ClaimPods
// releases a pod whose labels no longer match).
func (c *Cluster) orphan(i int32) {
	p := c.pod(i)
	o, id := c.ownerOf(p), p.ownerID
	name := o.name(id)
	c.acct(i, -1)
	kept := c.unlink(i)
	p.ownerKind, p.ownerID = ownerNone, -1
	if c.tracing() {
		c.tr.PushStr(o.kindName())
		c.tr.PushStr(name)
		c.record(trace.Rec{Name: p.name(), NS: p.tmpl.ns, Kind: evPodOrphaned, Strs: 2})
	}
	if kept {
		o.podsChanged(id)
	}
}

// adopt gives pod i, without a controller, to the first owner that
// claims it (kinds in order); the owner then counts the pod and scales
// down if it has one too many. It reports whether it adopted.
func (c *Cluster) adopt(i int32) bool {
	if c.pod(i).has(fTerminating) {
		return false
	}
	for k := range numOwnerKinds {
		o := c.owners(k)
		if o == nil {
			continue
		}
		id := o.claim(i)
		if id < 0 {
			continue
		}
		c.link(i, k, id)
		c.acct(i, 1)
		if c.tracing() {
			c.tr.PushStr(o.kindName())
			c.tr.PushStr(o.name(id))
			p := c.pod(i)
			c.record(trace.Rec{Name: p.name(), NS: p.tmpl.ns, Kind: evPodAdopted, Strs: 2})
		}
		o.podsChanged(id)
		return true
	}
	return false
}
