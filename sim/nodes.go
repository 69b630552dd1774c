package sim

// Node records: each node's IP, pod CIDR and host-local IP allocator
// (kubernetes pkg/controller/nodeipam; CNI host-local).

import (
	"net/netip"

	"github.com/svcsim/svcsim/ipam"
)

// nodeRec is one node: its address, pod CIDR with its CNI host-local
// allocator, the pods bound to it and its health.
type nodeRec struct {
	name  string
	ip    netip.Addr
	cidr  netip.Prefix
	alloc ipam.Allocator // host-local: .1 is the gateway (initNodeAllocator)
	pods  []int32        // pod slots bound here, in no particular order
	ready bool           // the API's Ready condition
	// noSchedule: tainted node-role.kubernetes.io/control-plane:NoSchedule
	// (Config.ControlPlaneTaint on node-1); only tolerating pods go there.
	noSchedule bool
	down       bool   // failed: the node does not answer
	gen        uint32 // bumped on fail/recover: stale timers are ignored
	proxyID    int32  // the node's id in the kube-proxy tables, for a pod client's Request (SrcNodeID)
}

// nodeChanged re-files node n in the scheduler after its load or health
// changed.
func (c *Cluster) nodeChanged(n int32) {
	nd := &c.nodes[n]
	if c.schedulable(n) {
		c.sched.Set(n, loadKey(len(nd.pods), n))
	} else {
		c.sched.Remove(n)
	}
}

func (c *Cluster) nodeName(n int32) string {
	if n < 0 {
		return ""
	}
	return c.nodes[n].name
}
