package sim

// Node failure and recovery, and the node lifecycle controller's reaction:
// NotReady after the monitor grace period, eviction after the default
// tolerations (kubernetes pkg/controller/nodelifecycle).

import (
	"fmt"
	"slices"
	"time"
)

func (c *Cluster) findNode(name string) (int32, error) {
	n, ok := c.nodeIndex(name)
	if !ok {
		return -1, fmt.Errorf("node %s: %w", name, ErrNotFound)
	}
	return n, nil
}

// FailNode makes a node stop answering (kubelet and pods unreachable, its
// kube-proxy gone). The node lifecycle controller notices after the
// node-monitor grace period (50 s): the node goes NotReady and its pods'
// Ready condition False, so they leave the endpoints. 300 s later (the
// default toleration of the unreachable taint) its pods are evicted: they
// become Terminating and stay so while the node is down, and their
// ReplicaSets create replacements on other nodes. Failing a failed node is
// an error.
func (c *Cluster) FailNode(name string) (rerr error) {
	defer func() { rerr = simError(rerr) }()
	if err := c.refuseInCallback("fail node"); err != nil {
		return err
	}
	n, err := c.findNode(name)
	if err != nil {
		return err
	}
	nd := &c.nodes[n]
	if nd.down {
		return refuse("node "+name+": already failed", ErrInvalid)
	}
	nd.down = true
	nd.gen++
	c.nodeChanged(n)
	c.setNodeProxies(nd.name, nd.ip, false)
	if c.watched != 0 {
		c.watchNode(n)
	}
	if c.tracing() {
		c.nodeEvent(evNodeFailed, n)
	}
	c.schedule(NodeMonitorGracePeriod, tkNodeNotReady, n, nd.gen)
	c.flush()
	return nil
}

func (c *Cluster) runNodeNotReady(n int32, gen uint32) {
	nd := &c.nodes[n]
	if nd.gen != gen || !nd.down {
		return
	}
	nd.ready = false
	c.nodeChanged(n)
	if c.watched != 0 {
		c.watchNode(n)
	}
	if c.tracing() {
		c.nodeEvent(evNodeNotReady, n)
	}
	for _, i := range slices.Clone(nd.pods) {
		c.pod(i).rgen++
		c.setReady(i, false)
	}
	c.schedule(DefaultTolerationSeconds, tkNodeEvict, n, gen)
}

func (c *Cluster) runNodeEvict(n int32, gen uint32) {
	nd := &c.nodes[n]
	if nd.gen != gen || !nd.down {
		return
	}
	if c.tracing() {
		c.nodeEvent(evNodeEvicting, n)
	}
	for _, i := range slices.Clone(nd.pods) {
		c.terminate(i, "evicted from unreachable node")
	}
}

// RecoverNode brings a failed node back: it is Ready again at once, its
// pods that were not evicted become Ready again (after their ReadyAfter),
// its Terminating pods finish (at once when their grace period is over),
// and pods waiting for a node are scheduled.
func (c *Cluster) RecoverNode(name string) (rerr error) {
	defer func() { rerr = simError(rerr) }()
	if err := c.refuseInCallback("recover node"); err != nil {
		return err
	}
	n, err := c.findNode(name)
	if err != nil {
		return err
	}
	nd := &c.nodes[n]
	if !nd.down {
		return refuse("node "+name+": not failed", ErrInvalid)
	}
	nd.down = false
	nd.ready = true
	nd.gen++
	c.nodeChanged(n)
	c.setNodeProxies(nd.name, nd.ip, true)
	if c.watched != 0 {
		c.watchNode(n)
	}
	if c.tracing() {
		c.nodeEvent(evNodeReady, n)
	}
	for _, i := range slices.Clone(nd.pods) {
		p := c.pod(i)
		if p.has(fTerminating) {
			c.schedule(time.Duration(max(0, p.readyAt-c.now)), tkPodGone, i, p.life)
		} else if p.has(fDown) {
			p.rgen++ // the kubelet is back: it relists and syncs the pod
			c.scheduleRelist(i)
		} else if !p.has(fReady) {
			c.startReadiness(i)
		}
	}
	c.scheduleWaiting()
	c.flush()
	return nil
}
