package service

import (
	"maps"
	"slices"

	"github.com/svcsim/svcsim/pod"
)

// WithDefaults returns s with Kubernetes' defaults applied
// (kubernetes pkg/apis/core/v1/defaults.go, SetDefaults_Service): type
// ClusterIP, session affinity None (whose sessionAffinityConfig is
// dropped) and for ClientIP a timeout of 10800 s when none is given, each
// port's protocol TCP and targetPort = port, externalTrafficPolicy Cluster
// for externally accessible Services (NodePort, LoadBalancer, ClusterIP
// with externalIPs; left as given otherwise, so that Validate can refuse
// it), internalTrafficPolicy Cluster for every type but ExternalName, and
// allocateLoadBalancerNodePorts true for LoadBalancer. The namespace
// becomes "default" if empty. s is not changed: everything is copied.
func (s Service) WithDefaults() Service {
	s.ownCopies()
	if s.Namespace == "" {
		s.Namespace = pod.DefaultNamespace
	}
	if s.Type == "" {
		s.Type = ClusterIP
	}
	if s.SessionAffinity == "" {
		s.SessionAffinity = SessionAffinityNone
	}
	switch s.SessionAffinity {
	case SessionAffinityNone:
		s.SessionAffinityConfig = nil
	case SessionAffinityClientIP:
		if c := s.SessionAffinityConfig; c == nil || c.ClientIP == nil || c.ClientIP.TimeoutSeconds == nil {
			t := DefaultClientIPServiceAffinitySeconds
			s.SessionAffinityConfig = &SessionAffinityConfig{ClientIP: &ClientIPConfig{TimeoutSeconds: &t}}
		}
	}
	for i := range s.Ports {
		p := &s.Ports[i]
		if p.Protocol == "" {
			p.Protocol = pod.TCP
		}
		if p.TargetPort.IsZero() {
			p.TargetPort = TargetPortNumber(p.Port)
		}
	}
	if ExternallyAccessible(&s) && s.ExternalTrafficPolicy == "" {
		s.ExternalTrafficPolicy = TrafficPolicyCluster
	}
	if s.Type != ExternalName && s.InternalTrafficPolicy == "" {
		s.InternalTrafficPolicy = TrafficPolicyCluster
	}
	if s.Type == LoadBalancer && s.AllocateLoadBalancerNodePorts == nil {
		t := true
		s.AllocateLoadBalancerNodePorts = &t
	}
	return s
}

// ExternallyAccessible reports whether s is reachable from outside the
// cluster: NodePort, LoadBalancer, or ClusterIP with externalIPs, the
// condition under which externalTrafficPolicy applies (kubernetes
// pkg/api/service/util.go, ExternallyAccessible).
func ExternallyAccessible(s *Service) bool {
	t := effectiveType(s.Type)
	return t == NodePort || t == LoadBalancer || t == ClusterIP && len(s.ExternalIPs) > 0
}

// NeedsHealthCheck reports whether s gets a health-check node port:
// LoadBalancer with externalTrafficPolicy Local (kubernetes
// pkg/api/service/util.go, NeedsHealthCheck).
func NeedsHealthCheck(s *Service) bool {
	return effectiveType(s.Type) == LoadBalancer && s.ExternalTrafficPolicy == TrafficPolicyLocal
}

// ShouldAllocateNodePorts reports whether ports of s without a node port
// get one drawn: NodePort always, LoadBalancer unless
// allocateLoadBalancerNodePorts is false (shouldAllocateNodePorts in
// kubernetes pkg/registry/core/service/storage/alloc.go). Requested node
// ports are honoured either way.
func ShouldAllocateNodePorts(s *Service) bool {
	switch effectiveType(s.Type) {
	case NodePort:
		return true
	case LoadBalancer:
		return s.AllocateLoadBalancerNodePorts == nil || *s.AllocateLoadBalancerNodePorts
	}
	return false
}

// AffinityTimeout returns the ClientIP session-affinity timeout in
// seconds: the configured one, else the default 10800.
func (s Service) AffinityTimeout() int32 { return s.SessionAffinityConfig.Timeout() }

// Timeout returns the ClientIP session-affinity timeout c configures in
// seconds, else (c nil, or no timeout set) the default 10800. A caller
// holding a *Service reads it through here without copying the Service.
func (c *SessionAffinityConfig) Timeout() int32 {
	if c != nil && c.ClientIP != nil && c.ClientIP.TimeoutSeconds != nil {
		return *c.ClientIP.TimeoutSeconds
	}
	return DefaultClientIPServiceAffinitySeconds
}

func effectiveType(t Type) Type {
	if t == "" {
		return ClusterIP
	}
	return t
}

// NeedsClusterIP reports whether s gets a ClusterIP allocated: every type
// but ExternalName, unless headless (needsClusterIP in
// pkg/registry/core/service/storage/alloc.go).
func NeedsClusterIP(s *Service) bool {
	return effectiveType(s.Type) != ExternalName && !s.Headless
}

// NeedsNodePorts reports whether s may hold node ports: NodePort and
// LoadBalancer Services (needsNodePort upstream); a LoadBalancer with
// allocateLoadBalancerNodePorts false holds only the requested ones
// (ShouldAllocateNodePorts).
func NeedsNodePorts(s *Service) bool {
	t := effectiveType(s.Type)
	return t == NodePort || t == LoadBalancer
}

// NeedsLoadBalancerIP reports whether s gets a load-balancer address.
func NeedsLoadBalancerIP(s *Service) bool { return effectiveType(s.Type) == LoadBalancer }

// Key returns "namespace/name", an empty namespace shown as default.
func (s Service) Key() string { return pod.NamespaceOrDefault(s.Namespace) + "/" + s.Name }

// Clone returns a deep copy of s (maps, slices and pointers copied; nil
// stays nil).
func (s Service) Clone() Service {
	s.ownCopies()
	return s
}

// ownCopies replaces the maps, slices and pointers of s, a copy the caller
// made, by copies of their own: Clone without copying the Service twice
// more (in and out).
func (s *Service) ownCopies() {
	s.Selector = maps.Clone(s.Selector)
	s.Labels = maps.Clone(s.Labels)
	s.Annotations = maps.Clone(s.Annotations)
	s.Ports = slices.Clone(s.Ports)
	s.ExternalIPs = slices.Clone(s.ExternalIPs)
	s.ClusterIPs = slices.Clone(s.ClusterIPs)
	s.IPFamilies = slices.Clone(s.IPFamilies)
	s.LoadBalancerSourceRanges = slices.Clone(s.LoadBalancerSourceRanges)
	if s.AllocateLoadBalancerNodePorts != nil {
		b := *s.AllocateLoadBalancerNodePorts
		s.AllocateLoadBalancerNodePorts = &b
	}
	if c := s.SessionAffinityConfig; c != nil {
		n := &SessionAffinityConfig{}
		if c.ClientIP != nil {
			n.ClientIP = &ClientIPConfig{}
			if c.ClientIP.TimeoutSeconds != nil {
				t := *c.ClientIP.TimeoutSeconds
				n.ClientIP.TimeoutSeconds = &t
			}
		}
		s.SessionAffinityConfig = n
	}
}
