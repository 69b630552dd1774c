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

// nodeHeap orders the schedulable nodes least-loaded first, ties by node
// order, so scheduling is deterministic without drawing random numbers.
// Entries carry the load they are ordered by, so sifting reads only the
// heap array.
type nodeHeap struct {
	nodes *[]nodeRec
	h     []nodeLoad
}

// nodeLoad is a heap entry: a node and its pod count when last filed.
type nodeLoad struct {
	load int32
	node int32
}

func (s *nodeHeap) less(i, j int) bool {
	a, b := s.h[i], s.h[j]
	return a.load < b.load || (a.load == b.load && a.node < b.node)
}

func (s *nodeHeap) swap(i, j int) {
	s.h[i], s.h[j] = s.h[j], s.h[i]
	(*s.nodes)[s.h[i].node].heapPos = int32(i)
	(*s.nodes)[s.h[j].node].heapPos = int32(j)
}

func (s *nodeHeap) up(i int) {
	for i > 0 {
		p := (i - 1) / 2
		if !s.less(i, p) {
			return
		}
		s.swap(i, p)
		i = p
	}
}

func (s *nodeHeap) down(i int) {
	n := len(s.h)
	for {
		l := 2*i + 1
		if l >= n {
			return
		}
		m := l
		if r := l + 1; r < n && s.less(r, l) {
			m = r
		}
		if !s.less(m, i) {
			return
		}
		s.swap(i, m)
		i = m
	}
}

func (s *nodeHeap) add(n int32) {
	(*s.nodes)[n].heapPos = int32(len(s.h))
	s.h = append(s.h, nodeLoad{load: int32(len((*s.nodes)[n].pods)), node: n})
	s.up(len(s.h) - 1)
}

func (s *nodeHeap) remove(n int32) {
	i := int((*s.nodes)[n].heapPos)
	last := len(s.h) - 1
	if i != last {
		s.swap(i, last)
	}
	s.h = s.h[:last]
	(*s.nodes)[n].heapPos = -1
	if i < last {
		s.down(i)
		s.up(i)
	}
}

func (s *nodeHeap) fix(n int32) {
	i := int((*s.nodes)[n].heapPos)
	s.h[i].load = int32(len((*s.nodes)[n].pods))
	s.down(i)
	s.up(i)
}

// schedulable reports whether the scheduler may place pods on node n.
func (c *Cluster) schedulable(n int32) bool {
	nd := &c.nodes[n]
	return nd.ready && !nd.down && len(nd.pods) < MaxPodsPerNode
}

// nodeChanged re-files node n in the scheduler after its load or health
// changed.
func (c *Cluster) nodeChanged(n int32) {
	in := c.nodes[n].heapPos >= 0
	switch ok := c.schedulable(n); {
	case ok && in:
		c.sched.fix(n)
	case ok:
		c.sched.add(n)
	case in:
		c.sched.remove(n)
	}
}

// pickNode returns the least-loaded schedulable node, or -1.
func (c *Cluster) pickNode() int32 {
	if len(c.sched.h) == 0 {
		return -1
	}
	return c.sched.h[0].node
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
