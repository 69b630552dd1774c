package sim

// The public read of what a pod's API object holds beyond pod.Pod: its
// controller (metadata.ownerReferences) and the parts of its spec that
// come from its template.

import (
	"time"

	"github.com/svcsim/svcsim/pod"
)

// PodDetails is what the cluster holds about a pod beyond pod.Pod.
type PodDetails struct {
	// ControllerKind is the kind of the pod's controller, "ReplicaSet" or
	// "StatefulSet", and ControllerName its name; both empty for a bare or
	// orphaned pod.
	ControllerKind, ControllerName string
	// ReadyAfter is the pod's readiness delay (its template's), what a
	// readinessProbe's initialDelaySeconds stands for.
	ReadyAfter time.Duration
	// TerminationGracePeriod is spec.terminationGracePeriodSeconds.
	TerminationGracePeriod time.Duration
	// CrashLoop: the pod's container exits at each start.
	CrashLoop bool
	// ReadyTime is when the pod last became Ready, the lastTransitionTime
	// of its Ready condition; zero while it is not Ready.
	ReadyTime time.Time
}

// PodDetails returns the details of pod namespace/name ("" namespace:
// default), and whether the pod exists.
func (c *Cluster) PodDetails(namespace, name string) (PodDetails, bool) {
	i, ok := c.lookupPod(pod.NamespaceOrDefault(namespace), name)
	if !ok {
		return PodDetails{}, false
	}
	p := c.pod(i)
	d := PodDetails{ReadyAfter: p.tmpl.readyAfter, TerminationGracePeriod: p.tmpl.grace, CrashLoop: p.has(fCrashLoop)}
	switch p.ownerKind {
	case ownerReplicaSet:
		d.ControllerKind, d.ControllerName = "ReplicaSet", c.owners(ownerReplicaSet).name(p.ownerID)
	case ownerStatefulSet:
		d.ControllerKind, d.ControllerName = "StatefulSet", c.owners(ownerStatefulSet).name(p.ownerID)
	}
	if p.has(fReady) && !p.has(fTerminating) {
		d.ReadyTime = Epoch.Add(time.Duration(p.readyAt))
	}
	return d, true
}
