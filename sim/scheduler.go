package sim

// The scheduler: the least-loaded schedulable node, ties by node order (a
// stand-in for kube-scheduler's NodeResourcesFit LeastAllocated score), and
// the TaintToleration filter for the control-plane taint
// (pkg/scheduler/framework/plugins/tainttoleration).

import "github.com/svcsim/svcsim/sim/internal/heap"

// loadKey is node n's key in the scheduler's heap: least-loaded first,
// ties by node order, so scheduling is deterministic without drawing
// random numbers. The heap keeps the pod count the node was filed with,
// so sifting reads only the heap's array.
func loadKey(pods int, n int32) heap.Key { return heap.Key{Hi: uint64(pods), Lo: uint64(n)} }

// schedulable reports whether the scheduler may place any pod on node n:
// the nodes in its heap. A node tainted NoSchedule is not among them.
func (c *Cluster) schedulable(n int32) bool {
	return c.fits(n) && !c.nodes[n].noSchedule
}

// fits reports whether node n is ready, up and has room, taints aside.
func (c *Cluster) fits(n int32) bool {
	nd := &c.nodes[n]
	return nd.ready && !nd.down && len(nd.pods) < MaxPodsPerNode
}

// pickNode returns the least-loaded node a pod of template t may go to, or
// -1: a schedulable node, or the tainted control-plane node if t tolerates
// its taint.
func (c *Cluster) pickNode(t *template) int32 {
	n, least := int32(-1), heap.Key{}
	if c.sched.Len() > 0 {
		n, least = c.sched.Min()
	}
	if cp := int32(apiserverNode); t.tolerCP && len(c.nodes) > 0 && c.nodes[cp].noSchedule && c.fits(cp) &&
		(n < 0 || loadKey(len(c.nodes[cp].pods), cp).Less(least)) {
		n = cp
	}
	return n
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
	// The offset in the node's pod CIDR is the pod's IP as the cluster
	// keeps it (podIPAt): the address itself is not formed.
	off, err := nd.alloc.AllocateOffset()
	if err != nil { // unreachable: MaxPodsPerNode is below any node CIDR's size
		panic("sim: node " + nd.name + ": " + err.Error())
	}
	p.ipOff = uint32(off)
	c.store.SetIP(ipKey(n, p.ipOff), i)
	p.set(fRunning, true)
	p.envSeq = c.envSeq
	c.envRef(p.tmpl.ns, p.envSeq, 1)
}

// scheduleWaiting binds pods that found no node, oldest first, while
// nodes have room. When no untainted node is left, pods that tolerate the
// control-plane taint may still go to the control-plane node.
func (c *Cluster) scheduleWaiting() {
	for c.waitingPods() > 0 {
		k, i := c.nextPending()
		if i < 0 {
			return
		}
		n := c.pickNode(c.pod(i).tmpl)
		if n < 0 {
			return
		}
		c.popPending(k)
		c.acct(i, -1)
		c.bindPod(i, n)
		c.acct(i, 1)
		if c.tracing() {
			c.emitPod(evPodScheduled, i, podAddr(c.pod(i)))
		}
		c.startPod(i)
	}
}

// cpTakesTolerating reports whether a tainted control-plane node could take
// a pod that tolerates its taint.
func (c *Cluster) cpTakesTolerating() bool {
	cp := int32(apiserverNode)
	return len(c.nodes) > 0 && c.nodes[cp].noSchedule && c.fits(cp)
}
