package service

import (
	"errors"
	"net/netip"
	"time"

	"github.com/google/uuid"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
)

// ErrInvalid is wrapped by every validation error of this package.
var ErrInvalid = errors.New("invalid service")

// Type is a Service type (core/v1 ServiceType).
type Type string

// The Service types; ClusterIP is the default.
const (
	ClusterIP    Type = "ClusterIP"
	NodePort     Type = "NodePort"
	LoadBalancer Type = "LoadBalancer"
	ExternalName Type = "ExternalName"
)

// SessionAffinity is a Service's session affinity.
type SessionAffinity string

// The session affinities; None is the default.
const (
	SessionAffinityNone     SessionAffinity = "None"
	SessionAffinityClientIP SessionAffinity = "ClientIP"
)

// TrafficPolicy is a Service's external traffic policy.
type TrafficPolicy string

// The traffic policies.
const (
	TrafficPolicyCluster TrafficPolicy = "Cluster"
	TrafficPolicyLocal   TrafficPolicy = "Local"
)

// TargetPort is a Service port's target: a number or a container-port name
// (intstr.IntOrString upstream). The zero value means "same as Port".
type TargetPort struct {
	num  int32
	name string
}

// TargetPortNumber returns a numeric target port.
func TargetPortNumber(n int32) TargetPort { return TargetPort{num: n} }

// TargetPortName returns a named target port, resolved per pod.
func TargetPortName(name string) TargetPort { return TargetPort{name: name} }

// Port is one port of a Service.
type Port struct {
	Name       string
	Protocol   pod.Protocol
	Port       int32
	TargetPort TargetPort // number or container-port name; default = Port
	NodePort   int32      // allocated for NodePort / LoadBalancer
}

// Service is a Kubernetes Service as svcsim models it.
type Service struct {
	Namespace, Name          string
	UID                      uuid.UUID
	Type                     Type
	Selector                 selector.Set // nil or empty: endpoints are not managed
	Ports                    []Port
	ClusterIP                netip.Addr // allocated unless Headless or ExternalName
	Headless                 bool       // clusterIP: None
	ExternalName             string
	LoadBalancerIP           netip.Addr // allocated for LoadBalancer
	SessionAffinity          SessionAffinity
	ExternalTrafficPolicy    TrafficPolicy
	PublishNotReadyAddresses bool
	// CreationTimestamp is metadata.creationTimestamp: when the API server
	// stored the Service. Create ignores a given one; updates keep it.
	CreationTimestamp time.Time
}
