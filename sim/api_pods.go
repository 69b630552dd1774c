package sim

// The public calls on pods: create, read, delete, crash, readiness, labels.
// Create and delete follow kubernetes pkg/registry/core/pod/strategy.go
// (PrepareForCreate) and the apiserver's graceful deletion
// (staging/src/k8s.io/apiserver/pkg/registry/rest/delete.go, BeforeDelete).

import (
	"fmt"
	"maps"
	"net/netip"
	"slices"
	"strconv"
	"time"

	"github.com/google/uuid"
	"github.com/svcsim/svcsim/ipam"
	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
	"github.com/svcsim/svcsim/sim/internal/trace"
)

// CreatePod creates a bare pod (no controller: it is never replaced). UID
// and status fields are ignored; a requested NodeName is honoured (the node
// must exist, be Ready and have room) or refused with a spec.nodeName field
// error wrapping ipam.ErrNotInRange (no such node: also ErrNotFound; a node
// not Ready) or ipam.ErrAllocated (its max pods taken). Without one the scheduler
// picks the least-loaded ready node. The pod starts at once (Running, an IP
// from its node's CIDR) and is Ready at once (no readiness delay); it has
// the default 30 s grace period. Beyond Config.MaxPods pod objects the pod
// is refused with an error wrapping ErrForbidden, worded as a ResourceQuota
// named PodQuotaName refuses it. A pod with a Hostname and a Subdomain
// gets the DNS name <hostname>.<subdomain>.<namespace>.svc.<zone> while a
// Service named like the subdomain selects it and it is ready.
func (c *Cluster) CreatePod(p pod.Pod) (_ pod.Pod, rerr error) {
	defer func() { rerr = simError(rerr) }()
	if err := c.refuseInCallback("create pod"); err != nil {
		return pod.Pod{}, err
	}
	node, err := c.checkCreatePod(&p)
	if err != nil {
		return pod.Pod{}, err
	}
	cs := pod.CloneContainers(p.Containers)
	for i := range cs {
		cs[i].Ports = effectivePorts(cs[i].Ports)
	}
	t := &template{ns: c.namespace(p.Namespace), labels: maps.Clone(p.Labels), grace: DefaultTerminationGracePeriod,
		hostname: p.Hostname, subdomain: p.Subdomain}
	t.containers, t.ports = newTemplateContainers(cs, effectivePorts(p.Ports))
	if t.labels == nil {
		t.labels = selector.Set{}
	}
	i := c.addPod(t, ownerNone, -1, p.Namespace+"/"+p.Name, node)
	c.adopt(i)
	c.flush()
	return c.apiPod(i), nil
}

// checkCreatePod prepares p for creation and checks it as CreatePod does,
// changing nothing in the cluster: it returns the node p asks for (-1:
// none) or the error CreatePod returns.
func (c *Cluster) checkCreatePod(p *pod.Pod) (int32, error) {
	if err := c.refuseTerminating("pods", p.Namespace, p.Name); err != nil {
		return -1, err
	}
	p.Namespace = pod.NamespaceOrDefault(p.Namespace)
	// The apiserver resets the status before validating (PrepareForCreate
	// in pkg/registry/core/pod/strategy.go); the UID is the cluster's.
	p.UID, p.IP, p.Phase, p.Ready, p.Terminating, p.Env = uuid.UUID{}, netip.Addr{}, "", false, false, nil
	p.CreationTimestamp, p.RestartCount, p.LastTerminationTime, p.ContainerReason = time.Time{}, 0, time.Time{}, ""
	p.DeletionTimestamp, p.DeletionGracePeriod = time.Time{}, 0
	if err := p.Validate(); err != nil {
		return -1, err
	}
	// Quota admission runs before the store refuses a taken name.
	if err := c.admitPod(p.Name); err != nil {
		return -1, err
	}
	if _, ok := c.lookupPod(p.Namespace, p.Name); ok {
		return -1, fmt.Errorf("pod %s/%s: %w", p.Namespace, p.Name, ErrAlreadyExists)
	}
	if p.NodeName == "" {
		return -1, nil
	}
	return c.requestedNode(*p)
}

// requestedNode returns the node a pod asks for by spec.nodeName, or a
// field error (a requested NodeName is honoured exactly or refused
// wrapping ipam.ErrNotInRange or ipam.ErrAllocated): a node that does not
// exist (also ErrNotFound) or is not Ready is not in the range of nodes
// that take pods; a node whose MaxPodsPerNode are taken is allocated.
func (c *Cluster) requestedNode(p pod.Pod) (int32, error) {
	fe := &pod.FieldError{Object: "pod " + p.Namespace + "/" + p.Name, Field: "spec.nodeName",
		Type: pod.ErrorTypeInvalid, Value: p.NodeName, Sentinel: ErrInvalid}
	n, ok := c.nodeIndex(p.NodeName)
	switch {
	case !ok:
		fe.Detail, fe.Sentinel, fe.Cause = "node not found", ErrNotFound, ipam.ErrNotInRange
	case c.nodes[n].down || !c.nodes[n].ready:
		fe.Detail, fe.Cause = "node is not ready", ipam.ErrNotInRange
	case !c.fits(n): // a NoSchedule taint does not stop a pod bound by spec.nodeName
		fe.Detail, fe.Cause = "node has no room (max pods "+strconv.Itoa(MaxPodsPerNode)+")", ipam.ErrAllocated
	default:
		return n, nil
	}
	return -1, fe
}

func (c *Cluster) findPod(namespace, name string) (int32, error) {
	ns := pod.NamespaceOrDefault(namespace)
	i, ok := c.lookupPod(ns, name)
	if !ok {
		return -1, refuse("pod "+ns+"/"+name, ErrNotFound)
	}
	return i, nil
}

// DeletePod deletes a pod gracefully (kubectl delete pod): it is
// Terminating at once, leaves the Endpoints (not the slices, which mark it
// terminating), keeps serving until its grace period ends, then its IP is
// released and it is gone. A pod owned by a ReplicaSet is replaced at once
// by a new pod (new name, usually a new IP). Deleting a pod that is already
// terminating changes nothing.
func (c *Cluster) DeletePod(namespace, name string) (rerr error) {
	defer func() { rerr = simError(rerr) }()
	i, err := c.podForCall("delete pod", namespace, name)
	if err != nil {
		return err
	}
	c.terminate(i, "deleted")
	c.flush()
	return nil
}

// ForceDeletePod deletes a pod at once, without waiting for its kubelet
// (kubectl delete pod --grace-period=0 --force): the object is removed
// and its IP released even when its node is down, so its owner can
// replace it. That is how a StatefulSet pod stuck Terminating on a failed
// node is replaced: the StatefulSet never runs two pods of one identity,
// so it waits until the old object is gone. On a real cluster the old
// container may still run on the lost node.
func (c *Cluster) ForceDeletePod(namespace, name string) error {
	return c.DeletePodGrace(namespace, name, 0)
}

// DeletePodGrace deletes a pod with a grace period of its own, as
// `kubectl delete pod --grace-period=N` does (DeleteOptions
// gracePeriodSeconds; kubernetes pkg/registry/core/pod/strategy.go,
// CheckGracefulDelete, and apiserver pkg/registry/rest/delete.go,
// BeforeDelete). Grace 0 removes the object at once, as
// `--force --grace-period=0` (the pod leaves the Endpoints and slices, its
// IP is released, an owner replaces it), even on a node that is down; a
// negative grace counts as 1 s; a pod not yet scheduled goes at once. A
// pod already terminating may only have its grace period shortened: its
// deadline becomes the deletion's start plus the new period, and a
// deadline already past ends it now; a period not shorter changes nothing.
func (c *Cluster) DeletePodGrace(namespace, name string, grace time.Duration) (rerr error) {
	defer func() { rerr = simError(rerr) }()
	i, err := c.podForCall("delete pod", namespace, name)
	if err != nil {
		return err
	}
	if grace < 0 {
		grace = time.Second
	}
	p := c.pod(i)
	switch {
	case grace == 0:
		c.removePod(i)
	case !p.has(fTerminating):
		c.terminateGrace(i, "deleted", grace)
	case addSat(c.deletionStart(i), int64(grace)) < p.readyAt:
		start := c.deletionStart(i)
		c.keepDeletionStart(i, start)
		p.readyAt = max(c.now, addSat(start, int64(grace)))
		if c.watched != 0 {
			c.watchPod(i) // a shorter deletionGracePeriodSeconds
		}
		if !c.nodes[p.node].down {
			c.schedule(time.Duration(p.readyAt-c.now), tkPodGone, i, p.life)
		}
	}
	c.flush()
	return nil
}

// CrashPod makes a pod's running container exit with an error
// (restartPolicy Always). The pod is not Ready from this instant (its
// address moves to the Endpoints' notReadyAddresses, its slice endpoint to
// ready=false serving=false) and connections to it are refused. The kubelet
// sees the exit at its next PLEG relist (the first whole second after the
// crash) and restarts the container in place: same pod, same IP,
// RestartCount up, service env vars recomputed, Ready again after its
// ReadyAfter. The first restart does not wait; each further exit within
// the back-off window waits 10 s, 20 s, 40 s … up to 300 s from the exit
// (STATUS CrashLoopBackOff meanwhile), and the delays start over once the
// container has run for 600 s. The pod must be running on a node that is
// up, with its container running: a container that already exited (in
// back-off) is refused with ErrInvalid. A Terminating pod's container is
// not restarted: its termination completes at once (the pod is gone, its
// IP released).
func (c *Cluster) CrashPod(namespace, name string) (rerr error) {
	defer func() { rerr = simError(rerr) }()
	i, err := c.podForCall("crash pod", namespace, name)
	if err != nil {
		return err
	}
	if err := c.needRunning(i, "crash"); err != nil {
		return err
	}
	if p := c.pod(i); p.has(fTerminating) {
		// The kubelet restarts no container of a pod being deleted
		// (syncTerminatingPod): with its container gone, the pod's
		// termination is complete now.
		c.keepDeletionStart(i, c.deletionStart(i))
		p.readyAt = c.now
		c.schedule(0, tkPodGone, i, p.life)
		c.flush()
		return nil
	}
	c.containerExited(i)
	c.flush()
	return nil
}

// SetCrashLoop makes the container of pod namespace/name exit (with an
// error) at the instant it starts from now on (on) or run normally (off),
// as a crash-looping image would. It changes no running container: a
// running one crash-loops from its next start (CrashPod starts the loop);
// one waiting in back-off restarts when its delay ends and then exits, or
// runs. Deployment.CrashLoop sets it for every pod of a Deployment.
func (c *Cluster) SetCrashLoop(namespace, name string, on bool) error {
	i, err := c.podForCall("set crash loop", namespace, name)
	if err != nil {
		return err
	}
	c.pod(i).set(fCrashLoop, on)
	return nil
}

func (c *Cluster) needRunning(i int32, what string) error {
	p := c.pod(i)
	var why string
	switch {
	case !p.has(fRunning):
		why = "pod is not running (Pending)"
	case c.nodes[p.node].down:
		why = "node " + c.nodes[p.node].name + " is down"
	case p.has(fBackOff):
		why = "container " + p.tmpl.containerName() + " is not running (waiting: CrashLoopBackOff)"
	case p.has(fDown):
		why = "container " + p.tmpl.containerName() + " is not running (terminated: Error)"
	default:
		return nil
	}
	return refuse("pod "+c.podRef(i)+": cannot "+what+": "+why, ErrInvalid)
}

// SetPodReady records a readiness probe's verdict: the pod's Ready
// condition becomes ready and the endpoints controller reacts. It cancels
// a pending initial readiness delay. The pod must be running on a node that
// is up, its container running (no probe runs while it is down).
func (c *Cluster) SetPodReady(namespace, name string, ready bool) (rerr error) {
	defer func() { rerr = simError(rerr) }()
	i, err := c.podForCall("set pod ready", namespace, name)
	if err != nil {
		return err
	}
	if err := c.needRunning(i, "set readiness"); err != nil {
		return err
	}
	c.pod(i).rgen++
	c.setReady(i, ready)
	c.flush()
	return nil
}

// SetPodLabels replaces a pod's labels (validated first). Services
// re-select it through the endpoints controller. A pod whose new labels no
// longer match its ReplicaSet's selector is orphaned (it keeps running as
// a bare pod) and the ReplicaSet creates a replacement, as upstream.
func (c *Cluster) SetPodLabels(namespace, name string, labels selector.Set) (rerr error) {
	defer func() { rerr = simError(rerr) }()
	i, err := c.podForCall("set pod labels", namespace, name)
	if err != nil {
		return err
	}
	if err := labels.Validate(); err != nil {
		return &pod.FieldError{Object: "pod " + c.podRef(i), Field: "metadata.labels", Type: pod.ErrorTypeInvalid,
			Value: labels.String(), Detail: err.Error(), Sentinel: pod.ErrInvalid, Cause: err}
	}
	p := c.pod(i)
	nl := selector.Set(maps.Clone(labels))
	if nl == nil {
		nl = selector.Set{}
	}
	if c.tracing() {
		c.tr.PushStr(p.tmpl.labels.String())
		c.tr.PushStr(nl.String())
		c.record(trace.Rec{Name: p.name(), NS: p.tmpl.ns, Kind: evPodLabelsChanged, Strs: 2})
	}
	// The pod gets a template of its own (its ReplicaSet's stays shared).
	t := *p.tmpl
	t.labels = nl
	p.tmpl = &t
	if o := c.ownerOf(p); o != nil && !o.selects(p.ownerID, nl) {
		c.orphan(i)
	}
	if p.ownerKind == ownerNone {
		c.adopt(i)
	}
	c.podChanged(i)
	c.flush()
	return nil
}

// Pod returns a copy of the pod namespace/name ("" namespace: default),
// with the service environment variables its container got at its last
// start.
func (c *Cluster) Pod(namespace, name string) (pod.Pod, bool) {
	i, ok := c.lookupPod(pod.NamespaceOrDefault(namespace), name)
	if !ok {
		return pod.Pod{}, false
	}
	return c.apiPod(i), true
}

// Pods returns copies of the pods of namespace ("" means default) whose
// labels match sel, sorted by name.
func (c *Cluster) Pods(namespace string, sel selector.Selector) []pod.Pod {
	ns, ok := c.nsIdx.Get(pod.NamespaceOrDefault(namespace))
	if !ok {
		return nil
	}
	var out []pod.Pod
	envs := envsBuilt{}
	for i := range c.store.In(ns) {
		if p := c.pod(i); sel.Matches(p.tmpl.labels) {
			out = append(out, c.listPod(i, envs))
		}
	}
	slices.SortFunc(out, func(a, b pod.Pod) int {
		switch {
		case a.Name < b.Name:
			return -1
		case a.Name > b.Name:
			return 1
		}
		return 0
	})
	return out
}

// podForCall is the start of a public call on pod namespace/name: refused
// from inside a watch callback (ErrReentrant), else the pod's slot.
func (c *Cluster) podForCall(call, namespace, name string) (int32, error) {
	if err := c.refuseInCallback(call); err != nil {
		return -1, err
	}
	return c.findPod(namespace, name)
}
