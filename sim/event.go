package sim

// Event: one line of the trace.

import "time"

// Event is one entry of the cluster's trace: a change of an object at a
// virtual time.
type Event struct {
	Time    time.Time // virtual
	Kind    string    // e.g. PodCreated, PodReady, EndpointsUpdated
	Object  string    // "kind/namespace/name"
	Message string
}

// Epoch is the instant every Cluster's virtual clock starts at:
// 2025-01-01T00:00:00Z.
var Epoch = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)

// String renders the event on one line, its time relative to the start of
// the virtual clock: "00:01:05.000 PodReady pod/default/web-7c5d-x2kqp: 10.244.1.5".
func (e Event) String() string {
	d := e.Time.Sub(Epoch)
	s := fmtDur(d) + " " + e.Kind + " " + e.Object
	if e.Message != "" {
		s += ": " + e.Message
	}
	return s
}

func fmtDur(d time.Duration) string {
	neg := d < 0
	if neg {
		d = -d
	}
	ms := int64(d / time.Millisecond)
	h := ms / 3600000
	m := ms / 60000 % 60
	s := ms / 1000 % 60
	f := ms % 1000
	b := make([]byte, 0, 16)
	if neg {
		b = append(b, '-')
	}
	b = pad(b, h, 2)
	b = append(b, ':')
	b = pad(b, m, 2)
	b = append(b, ':')
	b = pad(b, s, 2)
	b = append(b, '.')
	b = pad(b, f, 3)
	return string(b)
}

func pad(b []byte, v int64, w int) []byte {
	var tmp [20]byte
	i := len(tmp)
	for v > 0 || i == len(tmp) {
		i--
		tmp[i] = byte('0' + v%10)
		v /= 10
	}
	for n := len(tmp) - i; n < w; n++ {
		b = append(b, '0')
	}
	return append(b, tmp[i:]...)
}

// The kinds of Event, one constant per Kind the cluster records (Event.Kind
// stays a string: compare it with these).
const (
	KindDeploymentCreated   = "DeploymentCreated"
	KindDeploymentScaled    = "DeploymentScaled"
	KindDeploymentRestarted = "DeploymentRestarted"
	KindDeploymentUpdated   = "DeploymentUpdated"
	KindDeploymentDeleted   = "DeploymentDeleted"
	KindReplicaSetCreated   = "ReplicaSetCreated"
	KindScalingReplicaSet   = "ScalingReplicaSet"
	KindFailedCreate        = "FailedCreate"
	// StatefulSet events: the set's own changes, and its controller's pod
	// operations as stateful_pod_control.go recordPodEvent words them
	// ("create Pod web-0 in StatefulSet web successful").
	KindStatefulSetCreated   = "StatefulSetCreated"
	KindStatefulSetScaled    = "StatefulSetScaled"
	KindStatefulSetRestarted = "StatefulSetRestarted"
	KindStatefulSetUpdated   = "StatefulSetUpdated"
	KindStatefulSetDeleted   = "StatefulSetDeleted"
	KindSuccessfulCreate     = "SuccessfulCreate"
	KindSuccessfulDelete     = "SuccessfulDelete"
	KindPodCreated           = "PodCreated"
	KindPodScheduled         = "PodScheduled"
	KindPodReady             = "PodReady"
	KindPodNotReady          = "PodNotReady"
	KindPodTerminating       = "PodTerminating"
	KindPodDeleted           = "PodDeleted"
	KindPodRestarted         = "PodRestarted"
	KindBackOff              = "BackOff"
	KindPodLabelsChanged     = "PodLabelsChanged"
	KindPodOrphaned          = "PodOrphaned"
	KindPodAdopted           = "PodAdopted"
	KindServiceCreated       = "ServiceCreated"
	KindServiceUpdated       = "ServiceUpdated"
	KindServiceDeleted       = "ServiceDeleted"
	KindEndpointsUpdated     = "EndpointsUpdated"
	KindEndpointsDeleted     = "EndpointsDeleted"
	KindProxyProgrammed      = "ProxyProgrammed"
	KindNodeFailed           = "NodeFailed"
	KindNodeNotReady         = "NodeNotReady"
	KindNodeEvicting         = "NodeEvicting"
	KindNodeReady            = "NodeReady"
	// Namespace events: a namespace declared (CreateNamespace), deleted
	// (DeleteNamespace: Terminating), and gone with its last object.
	KindNamespaceCreated     = "NamespaceCreated"
	KindNamespaceTerminating = "NamespaceTerminating"
	KindNamespaceDeleted     = "NamespaceDeleted"
)
