package sim

// The kubelet: starting a pod's container (IP, env vars), readiness,
// graceful termination and crash restarts (kubernetes pkg/kubelet:
// kubelet.go, pod_workers.go, kuberuntime/kuberuntime_manager.go).

import (
	"slices"
	"time"

	"github.com/svcsim/svcsim/sim/internal/trace"
)

// addPod creates a pod object from template t in slot order, indexes it
// under its name, and schedules it. A pod of kind k's owner id (ownerNone
// and -1 for a bare pod) is linked to it. key is the pod's
// "namespace/name" (t's namespace).
//
// node >= 0 pins the pod to that node (spec.nodeName); -1 lets the
// scheduler choose.
func (c *Cluster) addPod(t *template, k ownerKind, id int32, key string, node int32) int32 {
	nameAt := len(c.nsNames[t.ns]) + 1
	i, p := c.store.Add(t.ns, key[nameAt:])
	life, rgen := p.life, p.rgen
	c.podSerial++
	*p = podRec{key: key, nameAt: uint8(nameAt), tmpl: t, serial: c.podSerial, created: c.now, ownerID: -1, node: -1,
		life: life, rgen: rgen, flags: fLive}
	p.set(fCrashLoop, t.crashLoop)
	c.nsCount[t.ns]++
	if k != ownerNone {
		c.link(i, k, id)
	}
	c.acct(i, 1)
	n := node
	if n < 0 {
		n = c.pickNode(t)
	}
	if n < 0 {
		c.pushPending(i)
		if c.tracing() {
			c.emitPod(evPodCreatedPending, i, 0)
		}
	} else {
		c.bindPod(i, n)
		if c.tracing() {
			c.emitPod(evPodCreated, i, podAddr(c.pod(i)))
		}
	}
	c.startPod(i)
	return i
}

// startPod tells the controllers of pod i, just created or scheduled, and
// has the kubelet start its container. Watchers see the pod before the
// container starts; the endpoints controller, which acts only after the
// call, hears of it once: from setReady when the container is Ready at
// once (a starting pod is not Ready), else here.
func (c *Cluster) startPod(i int32) {
	if c.watched != 0 {
		c.watchPod(i)
	}
	c.containerStarted(i)
	if !c.pod(i).has(fReady) {
		c.epDirty = c.ep.SetPodKeyed(c.pod(i).key, c.endpointsView(i), c.epDirty)
	}
}

// startReadiness makes a freshly started container Ready after its
// template's ReadyAfter (at once when zero).
func (c *Cluster) startReadiness(i int32) {
	p := c.pod(i)
	if !p.has(fRunning) {
		return
	}
	p.rgen++
	if p.tmpl.readyAfter <= 0 {
		c.setReady(i, true)
		return
	}
	c.schedule(p.tmpl.readyAfter, tkPodReady, i, p.rgen)
}

func (c *Cluster) runPodReady(i int32, rgen uint32) {
	p := c.pod(i)
	if !p.has(fLive) || p.rgen != rgen || !p.has(fRunning) || p.has(fDown) || c.nodes[p.node].down {
		return
	}
	c.setReady(i, true)
}

// setReady changes the Ready condition of pod i and tells the controllers.
func (c *Cluster) setReady(i int32, ready bool) {
	p := c.pod(i)
	if p.has(fReady) == ready {
		return
	}
	c.acct(i, -1)
	p.set(fReady, ready)
	if ready && !p.has(fTerminating) {
		p.readyAt = c.now
	}
	c.acct(i, 1)
	if c.tracing() {
		if ready {
			c.emitPod(evPodReady, i, podAddr(c.pod(i)))
		} else {
			c.emitPod(evPodNotReady, i, podAddr(c.pod(i)))
		}
	}
	c.podChanged(i)
	if o := c.ownerOf(p); o != nil && !p.has(fTerminating) {
		o.readyChanged(p.ownerID)
	}
}

// terminate starts the graceful deletion of pod i: it is Terminating (and
// keeps serving, like an app that drains) until its grace period ends,
// then its IP is released and the object removed. A pod never scheduled is
// removed at once; a pod whose node is down stays Terminating until the
// node recovers.
func (c *Cluster) terminate(i int32, reason string) {
	c.terminateGrace(i, reason, c.pod(i).tmpl.grace)
}

// terminateGrace is terminate with a grace period of its own.
func (c *Cluster) terminateGrace(i int32, reason string, grace time.Duration) {
	p := c.pod(i)
	if p.has(fTerminating) {
		return
	}
	if p.node < 0 {
		c.removePod(i)
		return
	}
	c.acct(i, -1)
	p.set(fTerminating, true)
	p.readyAt = addSat(c.now, int64(grace)) // the deadline from now on
	if p.has(fDown) {
		// No container runs: the kubelet has nothing to stop
		// (killPodWithSyncResult), the termination completes at once.
		p.readyAt = c.now
	}
	if p.has(fExited) || p.readyAt-int64(p.tmpl.grace) != c.now {
		c.keepDeletionStart(i, c.now)
	}
	c.acct(i, 1)
	if c.tracing() {
		c.tr.PushStr(reason)
		c.record(trace.Rec{Name: p.name(), NS: p.tmpl.ns, Kind: evPodTerminating, A: int64(grace), Strs: 1})
	}
	c.podChanged(i)
	if o := c.ownerOf(p); o != nil {
		o.podsChanged(p.ownerID) // one active pod less: the owner replaces it
	}
	if !c.nodes[p.node].down {
		c.schedule(time.Duration(p.readyAt-c.now), tkPodGone, i, p.life)
	}
}

// deletionStart returns when terminating pod i's deletion started: its
// deadline minus its template's grace period, unless its side record
// keeps it (keepDeletionStart).
func (c *Cluster) deletionStart(i int32) int64 {
	if k, ok := c.kubeletRecs[i]; ok {
		return k.lastUpdate
	}
	p := c.pod(i)
	return p.readyAt - int64(p.tmpl.grace)
}

// keepDeletionStart records the start of pod i's deletion in its side
// record, for a deletion whose deadline does not tell it (a grace period of
// its own, a deadline moved, a container that exited). Most terminating
// pods need none.
func (c *Cluster) keepDeletionStart(i int32, start int64) {
	k := c.kubeletRecs[i]
	k.lastUpdate = start // no back-off once terminating
	c.putKubeletRec(i, k)
}

func (c *Cluster) runPodGone(i int32, life uint32) {
	p := c.pod(i)
	if !p.has(fLive) || p.life != life || !p.has(fTerminating) || p.readyAt > c.now ||
		(p.node >= 0 && c.nodes[p.node].down) {
		return
	}
	c.removePod(i)
}

// removePod deletes pod i's object: the sandbox is torn down (the IP goes
// back to the node's allocator) and every index forgets it.
func (c *Cluster) removePod(i int32) {
	p := c.pod(i)
	if c.tracing() {
		c.emitPod(evPodDeleted, i, podAddr(p))
	}
	c.epDirty = c.ep.DeletePod(c.podNS(i), p.name(), c.epDirty)
	c.acct(i, -1)
	if p.has(fRunning) {
		c.envRef(p.tmpl.ns, p.envSeq, -1)
	}
	if p.ipOff != 0 {
		c.nodes[p.node].alloc.ReleaseOffset(uint64(p.ipOff))
		c.store.DropIP(ipKey(p.node, p.ipOff), i)
	}
	if p.node >= 0 {
		nd := &c.nodes[p.node]
		k := slices.Index(nd.pods, i) // at most MaxPodsPerNode entries
		nd.pods[k] = nd.pods[len(nd.pods)-1]
		nd.pods = nd.pods[:len(nd.pods)-1]
		c.nodeChanged(p.node)
	} else {
		c.dropPending()
	}
	if o := c.ownerOf(p); o != nil && c.unlink(i) {
		o.podsChanged(p.ownerID)
	}
	ns, name := p.tmpl.ns, p.name()
	c.nsCount[ns]--
	*p = podRec{life: p.life + 1, rgen: p.rgen + 1}
	delete(c.kubeletRecs, i)
	c.store.Remove(i, ns, name)
	if c.watched != 0 {
		c.watchPodGone(ns, name)
	}
	c.releaseNS(ns)
	if c.waitingPods() > 0 {
		c.scheduleWaiting()
	}
	if c.quotaWaits() {
		c.wakeQuota()
	}
	if len(c.stsByName) > 0 {
		c.stsNameFreed(ns, name)
	}
}

// podChanged tells the endpoints controller about a change of pod i. The
// workload controllers are told only of what they act on: a change of
// availability (touchDep) or of the active count (touchRS).
func (c *Cluster) podChanged(i int32) {
	c.epDirty = c.ep.SetPodKeyed(c.pod(i).key, c.endpointsView(i), c.epDirty)
	if c.watched != 0 {
		c.watchPod(i)
	}
}

// graceOf returns a template's grace period (0 → 30 s).
func graceOf(d time.Duration) time.Duration {
	if d <= 0 {
		return DefaultTerminationGracePeriod
	}
	return d
}
