// Package pod defines the Pod object of svcsim: a Kubernetes Pod reduced to
// what Service networking needs (labels, node, IP, container ports, phase,
// readiness, termination) with Kubernetes' validation rules.
//
// Files, one concern each:
//   - pod.go: the Pod type, phases and protocols (API.md).
//   - names.go: apimachinery's name validators (DNS-1123 label and
//     subdomain, DNS-1035 label, IANA_SVC_NAME, port numbers), reused by
//     service and sim.
//   - errors.go: FieldError and ErrorList, the field-error shape shared by
//     pod, service and sim (Kubernetes' field.Error, prefixed by the object).
//   - validate.go: Pod.Validate.
//   - methods.go: Key, Clone, Status, String, FindPort.
//   - uid.go: NewUID, version-4 UUIDs from a seeded source.
//
// Values are plain data: nothing here is safe for concurrent mutation, and
// nothing keeps state between calls.
package pod

import (
	"errors"
	"net/netip"

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
	IP              netip.Addr // zero until scheduled and started
	Ports           []ContainerPort
	Phase           Phase
	Ready           bool
	Terminating     bool
	Env             map[string]string // service env vars, computed at each container start
}
