package sim

// The scheduling queue: pods waiting for a node, oldest first (kube-scheduler
// pkg/scheduler/backend/queue, the unschedulable pods retried in order).
// Pods that tolerate the control-plane taint wait in a queue of their own,
// so that when only the tainted node has room the scheduler reaches them
// without stepping over the others. A pod leaving the queue otherwise than
// by being scheduled (deleted while Pending) is left in place and skipped
// when reached, so removal costs O(1); the queues are compacted when such
// stale entries outnumber the waiting pods.

// pendingEntry is a waiting pod: its slot and creation serial (a slot
// reused by a later pod does not match).
type pendingEntry struct {
	slot   int32
	serial uint32
}

// pendingQueue holds the pods waiting for a node: [0] those that do not
// tolerate the control-plane taint, [1] those that do.
type pendingQueue struct {
	q     [2][]pendingEntry
	head  [2]int
	n     int // pods waiting
	stale int // entries of pods no longer waiting
}

func tolerIdx(t *template) int {
	if t.tolerCP {
		return 1
	}
	return 0
}

// push queues pod i, newest.
func (c *Cluster) pushPending(i int32) {
	p := c.pod(i)
	k := tolerIdx(p.tmpl)
	pq := &c.rareState().pending
	pq.q[k] = append(pq.q[k], pendingEntry{slot: i, serial: p.serial})
	pq.n++
}

// dropPending takes pod i, about to be removed while Pending, out of the
// queue.
func (c *Cluster) dropPending() {
	pq := &c.rare.pending // made by pushPending
	pq.n--
	pq.stale++
	if pq.stale > pq.n+64 {
		c.compactPending()
	}
}

// waitingPods is the number of pods waiting for a node.
func (c *Cluster) waitingPods() int {
	if c.rare == nil {
		return 0
	}
	return c.rare.pending.n
}

// waiting reports whether entry e is a pod still waiting for a node.
func (c *Cluster) waiting(e pendingEntry) bool {
	p := c.pod(e.slot)
	return p.has(fLive) && p.serial == e.serial && p.node < 0
}

// compactPending drops the stale entries.
func (c *Cluster) compactPending() {
	pq := &c.rare.pending
	for k := range pq.q {
		l := pq.q[k][pq.head[k]:]
		out := pq.q[k][:0]
		for _, e := range l {
			if c.waiting(e) {
				out = append(out, e)
			}
		}
		clear(pq.q[k][len(out):])
		pq.q[k], pq.head[k] = out, 0
	}
	pq.stale = 0
}

// peekPending returns the oldest waiting pod of queue k (skipping stale
// entries), or -1.
func (c *Cluster) peekPending(k int) (int32, uint32) {
	pq := &c.rare.pending // scheduleWaiting runs while pods wait
	for pq.head[k] < len(pq.q[k]) {
		e := pq.q[k][pq.head[k]]
		if c.waiting(e) {
			return e.slot, e.serial
		}
		pq.head[k]++
		pq.stale--
	}
	pq.q[k], pq.head[k] = pq.q[k][:0], 0
	return -1, 0
}

// popPending takes the head of queue k, a waiting pod.
func (c *Cluster) popPending(k int) {
	pq := &c.rare.pending // scheduleWaiting runs while pods wait
	pq.head[k]++
	pq.n--
	if pq.head[k] == len(pq.q[k]) {
		pq.q[k], pq.head[k] = pq.q[k][:0], 0
	} else if pq.head[k] > 64 && 2*pq.head[k] > len(pq.q[k]) {
		n := copy(pq.q[k], pq.q[k][pq.head[k]:])
		clear(pq.q[k][n:])
		pq.q[k], pq.head[k] = pq.q[k][:n], 0
	}
}

// nextPending returns the queue of the pod to schedule next and the pod,
// or -1: the oldest waiting pod while an untainted node has room, else the
// oldest that tolerates the control-plane taint if that node has room.
func (c *Cluster) nextPending() (int, int32) {
	i1, s1 := c.peekPending(1)
	if c.sched.Len() == 0 {
		if i1 >= 0 && c.cpTakesTolerating() {
			return 1, i1
		}
		return -1, -1
	}
	i0, s0 := c.peekPending(0)
	if i0 < 0 || (i1 >= 0 && s1 < s0) {
		return 1, i1
	}
	return 0, i0
}
