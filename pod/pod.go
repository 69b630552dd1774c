package pod

import (
	"errors"
	"net/netip"
	"time"

	"github.com/google/uuid"

	"github.com/svcsim/svcsim/selector"
)

// ErrInvalid is wrapped by every validation error of this package.
var ErrInvalid = errors.New("invalid pod")

// Phase is a pod's lifecycle phase (core/v1 PodPhase).
type Phase string

// The pod phases of core/v1.
const (
	Pending   Phase = "Pending"
	Running   Phase = "Running"
	Succeeded Phase = "Succeeded"
	Failed    Phase = "Failed"
	Unknown   Phase = "Unknown"
)

// Protocol is a network protocol of a container or service port.
type Protocol string

// The protocols Kubernetes supports; TCP is the default.
const (
	TCP  Protocol = "TCP"
	UDP  Protocol = "UDP"
	SCTP Protocol = "SCTP"
)

// ContainerPort is a port a container listens on.
type ContainerPort struct {
	Name     string
	Port     int32
	Protocol Protocol
}

// Pod is a Kubernetes Pod as svcsim models it.
type Pod struct {
	Namespace, Name string
	UID             uuid.UUID
	Labels          selector.Set
	NodeName        string
	IP              netip.Addr // zero until scheduled and started; IPs[0]
	// IPs are status.podIPs: one address per IP family of the cluster,
	// the primary family's first (IP == IPs[0]); nil until started.
	IPs []netip.Addr
	// Ports are the container ports of all its containers, in container
	// order (ContainersPorts): where a named Service targetPort is looked
	// up. A pod given only Ports has one container, named "app", without
	// an image.
	Ports []ContainerPort
	// Containers are its containers with their images and ports. Empty on
	// create: one container "app" with Ports. Given, Ports must be empty
	// or their ports.
	Containers  []Container
	Phase       Phase
	Ready       bool
	Terminating bool
	Env         map[string]string // service env vars, computed at each container start

	// Hostname and Subdomain are spec.hostname and spec.subdomain, both
	// DNS-1123 labels and immutable once the pod exists. With both set and
	// a Service named like the subdomain selecting the pod, the endpoints
	// controllers put the hostname on the pod's endpoint and cluster DNS
	// answers <hostname>.<subdomain>.<namespace>.svc.<zone> with the pod's
	// IP (kubernetes staging/src/k8s.io/endpointslice/util/controller_utils.go,
	// ShouldSetHostname). A StatefulSet's pods have their own name as
	// hostname and the StatefulSet's serviceName as subdomain.
	Hostname, Subdomain string

	// CreationTimestamp is metadata.creationTimestamp: when the API server
	// stored the pod (virtual time).
	CreationTimestamp time.Time
	// RestartCount is the container's status restartCount: how many new
	// container instances the kubelet started after the first.
	RestartCount int32
	// LastTerminationTime is when the container last exited: the
	// finishedAt of its lastState.terminated (of state.terminated while it
	// is down); zero if it never exited. kubectl's RESTARTS column counts
	// its age from it.
	LastTerminationTime time.Time
	// ContainerReason is the reason of the container's state while it is
	// not running: "Error" from its exit until the kubelet's next sync
	// (state.terminated), "CrashLoopBackOff" while the kubelet waits to
	// restart it (state.waiting); empty while it runs.
	ContainerReason string
	// DeletionTimestamp is metadata.deletionTimestamp of a Terminating
	// pod: when its grace period ends. DeletionGracePeriod is
	// metadata.deletionGracePeriodSeconds. Both zero unless Terminating.
	DeletionTimestamp   time.Time
	DeletionGracePeriod time.Duration
}

// The container state reasons the kubelet writes (kubernetes
// pkg/kubelet/kuberuntime/kuberuntime_container.go and
// pkg/kubelet/images/types.go: ErrCrashLoopBackOff).
const (
	ReasonError            = "Error"
	ReasonCrashLoopBackOff = "CrashLoopBackOff"
)
