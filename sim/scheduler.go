package sim

// The scheduler: the least-loaded schedulable node, ties by node order (a
// stand-in for kube-scheduler's NodeResourcesFit LeastAllocated score).

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

// pickNode returns the least-loaded schedulable node, or -1.
func (c *Cluster) pickNode() int32 {
	if c.sched.Len() == 0 {
		return -1
	}
	return c.sched.Min().node
}

// bindPod binds pod i to node n and starts its container: CNI host-local
// hands out the next address of the node's CIDR, the kubelet computes the
// service env vars and the pod is Running.
func (c *Cluster) bindPod(i, n int32) {
	p := c.pod(i)
	nd := &c.nodes[n]
	p.node = n
	nd.pods = append(nd.pods, i)
	c.nodeChanged(n)
	ip, err := nd.alloc.Allocate()
	if err != nil { // unreachable: MaxPodsPerNode is below any node CIDR's size
		panic("sim: node " + nd.name + ": " + err.Error())
	}
	_, off, _ := c.podIPKey(ip)
	p.ipOff = off
	c.store.SetIP(ipKey(n, off), i)
	p.set(fRunning, true)
	p.envSeq = c.envSeq
	c.envRef(p.tmpl.ns, p.envSeq, 1)
}

func (c *Cluster) dropUnscheduled(i int32) {
	for k, j := range c.unscheduled {
		if j == i {
			c.unscheduled = append(c.unscheduled[:k], c.unscheduled[k+1:]...)
			return
		}
	}
}

// scheduleWaiting binds pods that found no node, oldest first, while
// nodes have room.
func (c *Cluster) scheduleWaiting() {
	for len(c.unscheduled) > 0 {
		n := c.pickNode()
		if n < 0 {
			return
		}
		i := c.unscheduled[0]
		c.unscheduled = c.unscheduled[1:]
		c.acct(i, -1)
		c.bindPod(i, n)
		c.acct(i, 1)
		if c.tracing() {
			c.emitPod(evPodScheduled, i, podAddr(c.pod(i)))
		}
		c.podChanged(i)
		c.containerStarted(i)
	}
}
