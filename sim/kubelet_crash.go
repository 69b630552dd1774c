package sim

// The kubelet's handling of a container that exits (restartPolicy
// Always): the exit is seen at the next PLEG relist, the container is
// restarted at once the first time and after CrashLoopBackOff delays
// (10 s doubling to 300 s, from the exit) when it keeps crashing
// (kubernetes pkg/kubelet: pleg/generic.go, kubelet.go,
// kuberuntime/kuberuntime_manager.go doBackOff; client-go
// util/flowcontrol/backoff.go).

import (
	"time"
)

// The kubelet's timings (kubernetes pkg/kubelet/kubelet.go).
const (
	// PLEGRelistPeriod is how often the generic PLEG lists the containers
	// (genericPlegRelistPeriod): an exit is seen at the first whole second
	// of virtual time after it, the relist ticks being one second apart.
	PLEGRelistPeriod = time.Second
	// InitialCrashLoopBackOff is the first restart delay
	// (initialCrashLoopBackOff); each further one doubles it.
	InitialCrashLoopBackOff = 10 * time.Second
	// MaxCrashLoopBackOff caps the restart delay (MaxContainerBackOff).
	MaxCrashLoopBackOff = 300 * time.Second
	// CrashLoopBackOffReset is how long a container must have run for its
	// next exit to restart at once and the delays to start over
	// (the kubelet's HasExpiredFunc for its back-off, set in NewMainKubelet).
	CrashLoopBackOffReset = 600 * time.Second
)

// backoffCap is the back-off level at which the delay reaches
// MaxCrashLoopBackOff (10 s << 5 = 320 s > 300 s).
const backoffCap = 6

// backoffDelay is the delay of back-off level n >= 1.
func backoffDelay(n uint8) time.Duration {
	return min(InitialCrashLoopBackOff<<(n-1), MaxCrashLoopBackOff)
}

// containerStarted is the kubelet starting pod i's container: a
// crash-looping one exits at once, any other becomes Ready after its
// ReadyAfter.
func (c *Cluster) containerStarted(i int32) {
	p := c.pod(i)
	if !p.has(fRunning) {
		return
	}
	if p.has(fCrashLoop) {
		c.containerExited(i)
		return
	}
	c.startReadiness(i)
}

// containerExited records the exit of pod i's container (state.terminated,
// reason Error, finishedAt now): the pod is not Ready from this instant
// (a container that is not running is never ready,
// pkg/kubelet/status/generate.go), and the kubelet sees the exit at its
// next relist.
func (c *Cluster) containerExited(i int32) {
	p := c.pod(i)
	p.set(fDown, true)
	p.set(fBackOff, false)
	p.set(fExited, true)
	k := c.kubeletRecs[i]
	k.lastExit = c.now
	c.putKubeletRec(i, k)
	p.rgen++ // a pending readiness delay is void
	c.setReady(i, false)
	if c.watched != 0 {
		c.watchPod(i) // the container's state, if Ready was already false
	}
	c.scheduleRelist(i)
}

// scheduleRelist queues the kubelet's sync of pod i at the next relist:
// the first whole second of virtual time strictly after now (the generic
// PLEG's 1 s ticks, pkg/kubelet/pleg/generic.go).
func (c *Cluster) scheduleRelist(i int32) {
	period := int64(PLEGRelistPeriod)
	next := (c.now/period + 1) * period
	c.schedule(time.Duration(next-c.now), tkKubeletSync, i, c.pod(i).rgen)
}

// runKubeletSync is the kubelet's sync of pod i after its container
// exited (SyncPod → doBackOff): within the back-off window (now −
// finishedAt < the current delay, unless the entry expired because the
// container ran over CrashLoopBackOffReset) the container waits in
// CrashLoopBackOff and the pod worker syncs again when the delay ends
// (v1.35 requeues at the back-off expiry, pkg/kubelet/pod_workers.go
// completeWork; its jitter is left out); otherwise the back-off entry
// advances (10 s the first time or after a reset, then doubled up to
// 300 s) and the container is restarted now.
func (c *Cluster) runKubeletSync(i int32, rgen uint32) {
	p := c.pod(i)
	if !p.has(fLive) || p.rgen != rgen || !p.has(fDown) || p.has(fTerminating) || c.nodes[p.node].down {
		return
	}
	k := c.kubeletRecs[i]
	expired := k.backoff == 0 || k.lastExit-k.lastUpdate > int64(CrashLoopBackOffReset)
	if !expired {
		if wait := k.lastExit + int64(backoffDelay(k.backoff)) - c.now; wait > 0 {
			if !p.has(fBackOff) {
				p.set(fBackOff, true)
				if c.watched != 0 {
					c.watchPod(i)
				}
				if c.tracing() {
					c.emit(KindBackOff, c.podObj(i), "Back-off restarting failed container "+p.tmpl.containerName()+
						" in pod "+p.name()+"_"+c.podNS(i)+"("+c.podUID(i).String()+")")
				}
			}
			c.schedule(time.Duration(wait), tkKubeletSync, i, rgen)
			return
		}
	}
	if expired {
		k.backoff = 1
	} else if k.backoff < backoffCap {
		k.backoff++
	}
	k.lastUpdate = c.now
	c.putKubeletRec(i, k)
	c.restartContainer(i)
}

// restartContainer starts a new instance of pod i's container in place:
// same pod, same IP, restart count up, service env vars recomputed from
// the services that exist now.
func (c *Cluster) restartContainer(i int32) {
	p := c.pod(i)
	p.restarts++
	p.set(fDown, false)
	p.set(fBackOff, false)
	c.envRef(p.tmpl.ns, p.envSeq, -1)
	p.envSeq = c.envSeq
	c.envRef(p.tmpl.ns, p.envSeq, 1)
	if c.watched != 0 {
		c.watchPod(i)
	}
	if c.tracing() {
		c.emitPod(evPodRestarted, i, int64(p.restarts))
	}
	c.containerStarted(i)
}

// putKubeletRec stores pod i's kubeletRec, the map made at the first.
func (c *Cluster) putKubeletRec(i int32, k kubeletRec) {
	if c.kubeletRecs == nil {
		c.kubeletRecs = map[int32]kubeletRec{}
	}
	c.kubeletRecs[i] = k
}
