package service

import (
	"slices"

	"github.com/svcsim/svcsim/pod"
)

// WithDefaults returns s with Kubernetes' defaults applied
// (kubernetes pkg/apis/core/v1/defaults.go, SetDefaults_Service): type
// ClusterIP, session affinity None, each port's protocol TCP and
// targetPort = port, and externalTrafficPolicy Cluster for NodePort and
// LoadBalancer Services (left as given otherwise, so that Validate can
// refuse it). The namespace becomes "default" if empty. s is not changed:
// the ports are copied.
func (s Service) WithDefaults() Service {
	s = s.Clone()
	if s.Namespace == "" {
		s.Namespace = pod.DefaultNamespace
	}
	if s.Type == "" {
		s.Type = ClusterIP
	}
	if s.SessionAffinity == "" {
		s.SessionAffinity = SessionAffinityNone
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
	if ExternallyAccessible(s) && s.ExternalTrafficPolicy == "" {
		s.ExternalTrafficPolicy = TrafficPolicyCluster
	}
	return s
}

// ExternallyAccessible reports whether s is reachable from outside the
// cluster (NodePort or LoadBalancer), the condition under which
// externalTrafficPolicy applies (apiservice.ExternallyAccessible; svcsim
// has no externalIPs).
func ExternallyAccessible(s Service) bool {
	t := effectiveType(s.Type)
	return t == NodePort || t == LoadBalancer
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
func NeedsClusterIP(s Service) bool {
	return effectiveType(s.Type) != ExternalName && !s.Headless
}

// NeedsNodePorts reports whether s gets node ports: NodePort and
// LoadBalancer Services (needsNodePort upstream; svcsim always allocates
// them for LoadBalancer, as allocateLoadBalancerNodePorts=true).
func NeedsNodePorts(s Service) bool { return ExternallyAccessible(s) }

// NeedsLoadBalancerIP reports whether s gets a load-balancer address.
func NeedsLoadBalancerIP(s Service) bool { return effectiveType(s.Type) == LoadBalancer }

// Key returns "namespace/name", an empty namespace shown as default.
func (s Service) Key() string { return pod.NamespaceOrDefault(s.Namespace) + "/" + s.Name }

// Clone returns a deep copy of s (Selector and Ports copied; nil stays nil).
func (s Service) Clone() Service {
	if s.Selector != nil {
		sel := make(map[string]string, len(s.Selector))
		for k, v := range s.Selector {
			sel[k] = v
		}
		s.Selector = sel
	}
	s.Ports = slices.Clone(s.Ports)
	return s
}
