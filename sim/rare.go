package sim

import (
	"net/netip"

	"github.com/svcsim/svcsim/ipam"
)

// rareState is the state of what most clusters seldom or never need: the
// scheduling queue of pods that found no node (pending.go), the owners the
// pod quota refused (quota.go), the load-balancer pools' allocator and
// queues (lbpools.go) and the indexes of node ports and load-balancer
// addresses (services.go). Cluster.rare is nil until the first of them is
// written (rareState), or made by New for load-balancer class pools; a
// read takes nil for all of them empty. Kept apart, it leaves the Cluster
// value in the 1,536-byte size class.
type rareState struct {
	pending      pendingQueue
	quotaWaiters []owner        // refused a pod by the quota, oldest first (waitQuota)
	quotaWaiting map[owner]bool // the owners in quotaWaiters still waiting

	lbIPs        *ipam.Allocator         // the built-in pool's, over svcState.lbRange; nil until its first use (lbAllocator)
	lbPending    []int32                 // LoadBalancer services without a class waiting for a pool address, oldest first
	lbClasses    map[string]*lbClassPool // by loadBalancerClass; nil without class pools
	lbClassOrder []string                // lbClasses' keys, sorted: the order pending Services are served in
	byNodePort   map[int32]int32         // nil until the first node port
	byLBIP       map[netip.Addr]int32    // nil until the first load-balancer address
}

// rareState returns the cluster's rare state, made on first use.
func (c *Cluster) rareState() *rareState {
	if c.rare == nil {
		c.rare = new(rareState)
	}
	return c.rare
}
