package sim

// The pod quota: a cluster-wide limit on pod objects (Config.MaxPods),
// refused as a ResourceQuota on "pods" refuses a create (apiserver
// pkg/admission/plugin/resourcequota/controller.go, checkRequest and
// prettyPrint; pkg/admission/errors.go, NewForbidden), and the owners
// waiting for room.

import (
	"slices"
	"strconv"
)

// PodQuotaName is the quota named in the refusal of a pod beyond
// Config.MaxPods.
const PodQuotaName = "max-pods"

// quotaError is the refusal of a pod beyond the quota: Kubernetes'
// Forbidden (HTTP 403), worded as the ResourceQuota admission words it.
type quotaError struct {
	name        string
	used, limit int
}

func (e *quotaError) Error() string {
	return `pods "` + e.name + `" is forbidden: exceeded quota: ` + PodQuotaName +
		", requested: pods=1, used: pods=" + strconv.Itoa(e.used) + ", limited: pods=" + strconv.Itoa(e.limit)
}

func (e *quotaError) Unwrap() error { return ErrForbidden }

// admitPod returns the refusal of one more pod named name, or nil. Every
// pod object counts, terminating ones included (upstream's quota counts
// a pod until it is removed).
func (c *Cluster) admitPod(name string) error {
	if used := c.store.Len(); used >= c.cfg.MaxPods {
		return &quotaError{name: name, used: used, limit: c.cfg.MaxPods}
	}
	return nil
}

// waitQuota records that kind k's owner id was refused a pod: it is woken
// when a pod object goes away. Upstream retries with the workqueue's
// exponential backoff (client-go util/workqueue/default_rate_limiters.go)
// without end; here the retry comes when it can succeed, so that Settle
// terminates.
func (c *Cluster) waitQuota(k ownerKind, id int32) {
	o, r := owner{k, id}, c.rareState()
	if r.quotaWaiting[o] {
		return
	}
	if r.quotaWaiting == nil {
		r.quotaWaiting = map[owner]bool{}
	}
	r.quotaWaiting[o] = true
	r.quotaWaiters = append(r.quotaWaiters, o)
}

// quotaWaits reports whether any owner waits for room under the quota.
func (c *Cluster) quotaWaits() bool { return c.rare != nil && len(c.rare.quotaWaiters) > 0 }

// waitsQuota reports whether kind k's owner id waits for room under the
// quota.
func (c *Cluster) waitsQuota(k ownerKind, id int32) bool {
	return c.rare != nil && c.rare.quotaWaiting[owner{k, id}]
}

// wakeQuota wakes the owners waiting for room, in the order they were
// refused, as many as there is room for pods: a removal costs O(1) per
// pod it makes room for, not one wake of every waiter. An owner woken
// that creates nothing leaves the room to the next (runRSSync wakes again).
func (c *Cluster) wakeQuota() {
	r := c.rare // made by waitQuota: the callers find owners waiting
	for room := c.cfg.MaxPods - c.store.Len(); room > 0 && len(r.quotaWaiters) > 0; {
		o := r.quotaWaiters[0]
		r.quotaWaiters[0] = owner{}
		r.quotaWaiters = r.quotaWaiters[1:]
		if !r.quotaWaiting[o] {
			continue // forgotten (unwaitQuota)
		}
		delete(r.quotaWaiting, o)
		c.owners(o.kind).podsChanged(o.id)
		room--
	}
	if len(r.quotaWaiters) == 0 {
		r.quotaWaiters = nil
	}
}

// unwaitQuota forgets kind k's owner id, about to be freed; its entry in
// the queue is skipped when reached.
func (c *Cluster) unwaitQuota(k ownerKind, id int32) {
	r := c.rare
	if r == nil {
		return
	}
	delete(r.quotaWaiting, owner{k, id})
	if len(r.quotaWaiters) > 2*len(r.quotaWaiting)+64 {
		r.quotaWaiters = slices.DeleteFunc(r.quotaWaiters, func(o owner) bool { return !r.quotaWaiting[o] })
	}
}

// passQuotaRoom runs after a sync of kind k's owner id, which the quota
// may have woken: unless it waits again (it was refused), room it left
// unused goes to the next waiter, as upstream's retries would find it.
func (c *Cluster) passQuotaRoom(k ownerKind, id int32) {
	if c.quotaWaits() && !c.waitsQuota(k, id) {
		c.wakeQuota()
	}
}
