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

// TrafficPolicy is a Service's external or internal traffic policy.
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
	// AppProtocol is the port's application protocol (an IANA service
	// name such as "http", or a prefixed name such as
	// "kubernetes.io/h2c"); "" is unset. It is copied into the Endpoints
	// and EndpointSlice ports; kube-proxy ignores it.
	AppProtocol string
}

// SessionAffinityConfig is a Service's session-affinity configuration
// (core/v1 SessionAffinityConfig).
type SessionAffinityConfig struct {
	ClientIP *ClientIPConfig
}

// ClientIPConfig configures ClientIP session affinity.
type ClientIPConfig struct {
	// TimeoutSeconds is how long a client stays with its endpoint after
	// its last new connection: 1-86400, default 10800.
	TimeoutSeconds *int32
}

// The ClientIP affinity timeouts of kubernetes pkg/apis/core/types.go
// (DefaultClientIPServiceAffinitySeconds, MaxClientIPServiceAffinitySeconds).
const (
	DefaultClientIPServiceAffinitySeconds int32 = 10800
	MaxClientIPServiceAffinitySeconds     int32 = 86400
)

// The values of spec.trafficDistribution in v1.35 (PreferSameZone is a
// new name for PreferClose; PreferSameNode falls back to the zone, then
// the cluster).
const (
	TrafficDistributionPreferClose    = "PreferClose"
	TrafficDistributionPreferSameZone = "PreferSameZone"
	TrafficDistributionPreferSameNode = "PreferSameNode"
)

// Well-known Service annotations (kubernetes pkg/apis/core/annotation_key_constants.go
// and k8s.io/api core/v1 well_known_labels.go).
const (
	// AnnotationLoadBalancerSourceRanges is the older spelling of
	// spec.loadBalancerSourceRanges, consulted only when the field is empty.
	AnnotationLoadBalancerSourceRanges = "service.beta.kubernetes.io/load-balancer-source-ranges"
	// AnnotationTopologyMode ("Auto") turns on topology-aware hints.
	AnnotationTopologyMode = "service.kubernetes.io/topology-mode"
	// DeprecatedAnnotationTopologyAwareHints is its deprecated predecessor.
	DeprecatedAnnotationTopologyAwareHints = "service.kubernetes.io/topology-aware-hints"
)

// IPFamily is an IP address family (core/v1 IPFamily).
type IPFamily string

// The IP families.
const (
	IPv4Protocol IPFamily = "IPv4"
	IPv6Protocol IPFamily = "IPv6"
)

// IPFamilyPolicy says how many IP families a Service gets (core/v1
// IPFamilyPolicy).
type IPFamilyPolicy string

// The IP family policies.
const (
	// IPFamilyPolicySingleStack: one family, the default.
	IPFamilyPolicySingleStack IPFamilyPolicy = "SingleStack"
	// IPFamilyPolicyPreferDualStack: both families on a dual-stack
	// cluster, one on a single-stack one.
	IPFamilyPolicyPreferDualStack IPFamilyPolicy = "PreferDualStack"
	// IPFamilyPolicyRequireDualStack: both families; refused on a
	// single-stack cluster.
	IPFamilyPolicyRequireDualStack IPFamilyPolicy = "RequireDualStack"
)

// Service is a Kubernetes Service as svcsim models it.
type Service struct {
	Namespace, Name string
	UID             uuid.UUID
	Type            Type
	Selector        selector.Set // nil or empty: endpoints are not managed
	Ports           []Port
	ClusterIP       netip.Addr // allocated unless Headless or ExternalName; ClusterIPs[0]
	Headless        bool       // clusterIP: None (clusterIPs ["None"]; ClusterIPs stays nil)
	// PublishNotReadyAddresses is spec.publishNotReadyAddresses: the
	// endpoints controllers publish the not-ready pods as ready.
	// (It and HealthCheckNodePort sit beside Headless, where they fill
	// the room the address leaves: a Service value is 416 bytes.)
	PublishNotReadyAddresses bool
	// HealthCheckNodePort is the node port kube-proxy answers health
	// checks on; allocated for LoadBalancer with externalTrafficPolicy
	// Local, zero otherwise.
	HealthCheckNodePort int32
	// ClusterIPs are spec.clusterIPs: one address per entry of
	// IPFamilies, in that order (ClusterIP == ClusterIPs[0]); nil for a
	// headless or ExternalName Service. A create giving only ClusterIP
	// means [ClusterIP], as an old client's request does.
	ClusterIPs []netip.Addr
	// IPFamilies are spec.ipFamilies: the Service's address families, the
	// primary first; empty on create means the cluster's primary family
	// (plus the other one under a dual-stack policy).
	IPFamilies []IPFamily
	// IPFamilyPolicy is spec.ipFamilyPolicy; "" defaults to SingleStack
	// (RequireDualStack for a headless Service without selector), or on
	// an update to the stored policy.
	IPFamilyPolicy        IPFamilyPolicy
	ExternalName          string
	LoadBalancerIP        netip.Addr // allocated for LoadBalancer
	SessionAffinity       SessionAffinity
	ExternalTrafficPolicy TrafficPolicy
	// ExternalIPs are addresses, not managed by Kubernetes, on which every
	// node's kube-proxy accepts traffic for the Service's ports.
	ExternalIPs []netip.Addr
	// LoadBalancerClass names the load-balancer implementation of a
	// LoadBalancer Service; "" is the cluster's default one. Immutable
	// while the Service stays LoadBalancer.
	LoadBalancerClass string
	// LoadBalancerSourceRanges limits the client addresses kube-proxy
	// accepts on the load-balancer address; empty allows all.
	LoadBalancerSourceRanges []netip.Prefix
	// AllocateLoadBalancerNodePorts says whether a LoadBalancer Service
	// gets node ports allocated; defaulted to true for LoadBalancer, nil
	// for the other types.
	AllocateLoadBalancerNodePorts *bool
	// InternalTrafficPolicy governs traffic to the ClusterIP: Cluster
	// (default for every type but ExternalName) or Local (only endpoints
	// on the client's node).
	InternalTrafficPolicy TrafficPolicy
	// SessionAffinityConfig holds the ClientIP timeout; defaulted for
	// ClientIP, nil for None.
	SessionAffinityConfig *SessionAffinityConfig
	// TrafficDistribution is a preference for close endpoints
	// (PreferClose, PreferSameZone, PreferSameNode); "" is unset.
	TrafficDistribution string
	// Labels and Annotations are the object's metadata; the Service's
	// labels are copied onto its Endpoints and EndpointSlices.
	Labels, Annotations map[string]string
	// CreationTimestamp is metadata.creationTimestamp: when the API server
	// stored the Service. Create ignores a given one; updates keep it.
	CreationTimestamp time.Time
}
