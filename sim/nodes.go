package sim

import (
	"net/netip"

	"github.com/svcsim/svcsim/ipam"
)

// nodeRec is one node: its address, pod CIDR with its CNI host-local
// allocator, the pods bound to it and its health.
type nodeRec struct {
	name    string
	ip      netip.Addr
	cidr    netip.Prefix
	alloc   *ipam.Allocator // host-local: .1 is the gateway
	pods    []int32         // pod slots bound here, in no particular order
	ready   bool            // the API's Ready condition
	down    bool            // failed: the node does not answer
	gen     uint32          // bumped on fail/recover: stale timers are ignored
	heapPos int32           // position in the scheduler heap, -1 if absent
}

// nodeLoad is an entry of the scheduler's heap (least-loaded first, ties
// by node order, so scheduling is deterministic without drawing random
// numbers): a node and its pod count when last filed, so sifting reads
// only the heap array.
type nodeLoad struct {
	load int32
	node int32
}

func lessLoaded(a, b nodeLoad) bool {
	return a.load < b.load || (a.load == b.load && a.node < b.node)
}

// schedulable reports whether the scheduler may place pods on node n.
func (c *Cluster) schedulable(n int32) bool {
	nd := &c.nodes[n]
	return nd.ready && !nd.down && len(nd.pods) < MaxPodsPerNode
}

// nodeChanged re-files node n in the scheduler after its load or health
// changed.
func (c *Cluster) nodeChanged(n int32) {
	nd := &c.nodes[n]
	filed := nodeLoad{load: int32(len(nd.pods)), node: n}
	in := nd.heapPos >= 0
	switch ok := c.schedulable(n); {
	case ok && in:
		c.sched.Update(int(nd.heapPos), filed)
	case ok:
		c.sched.Push(filed)
	case in:
		c.sched.Remove(int(nd.heapPos))
	}
}

// pickNode returns the least-loaded schedulable node, or -1.
func (c *Cluster) pickNode() int32 {
	if c.sched.Len() == 0 {
		return -1
	}
	return c.sched.Min().node
}

// Nodes returns the cluster's nodes in node order.
func (c *Cluster) Nodes() []Node {
	out := make([]Node, len(c.nodes))
	for i := range c.nodes {
		n := &c.nodes[i]
		out[i] = Node{Name: n.name, IP: n.ip, PodCIDR: n.cidr, Ready: n.ready}
	}
	return out
}

func (c *Cluster) nodeName(n int32) string {
	if n < 0 {
		return ""
	}
	return c.nodes[n].name
}
