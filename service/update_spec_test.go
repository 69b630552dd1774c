package service

import (
	"net/netip"
	"testing"

	"github.com/google/uuid"
)

// TestValidateUpdateSpecFields ports the cases of kubernetes
// pkg/apis/core/validation/validation_test.go TestValidateServiceUpdate
// (and the strategy's dropTypeDependentFields / patchAllocatedValues
// behaviour behind them) for the fields beyond name, type, ports and
// clusterIP. old and updated start as the same defaulted LoadBalancer.
func TestValidateUpdateSpecFields(t *testing.T) {
	const obj = "service default/web: "
	base := webService()
	base.Type = LoadBalancer
	base = base.WithDefaults()
	base.UID = uuid.MustParse("6c3a8d2e-1f4b-4c5d-9e6f-7a8b9c0d1e2f")
	base.ClusterIP = ip("10.96.0.10")
	base.Ports[0].NodePort, base.Ports[1].NodePort = 30080, 30090
	tests := []struct {
		name  string
		tweak func(old, n *Service)
		want  []string
		check func(t *testing.T, p Service)
	}{
		{name: "change label valid", tweak: func(_, n *Service) { n.Labels = map[string]string{"key": "other-value"} }},
		{name: "add annotation", tweak: func(_, n *Service) { n.Annotations = map[string]string{"key2": "value2"} }},
		{name: "update LoadBalancer type of service without change LoadBalancerClass",
			tweak: func(o, n *Service) { o.LoadBalancerClass, n.LoadBalancerClass = "test.com/test", "test.com/test" }},
		{name: "invalid: change LoadBalancerClass when update service",
			tweak: func(o, n *Service) { o.LoadBalancerClass, n.LoadBalancerClass = "test.com/test", "test.com/other" },
			want:  []string{obj + `spec.loadBalancerClass: Invalid value: "test.com/other": may not change once set`}},
		{name: "invalid: unset LoadBalancerClass when update service",
			tweak: func(o, n *Service) { o.LoadBalancerClass = "test.com/test" },
			want:  []string{obj + `spec.loadBalancerClass: Invalid value: null: may not change once set`}},
		{name: "invalid: set LoadBalancerClass when update service",
			tweak: func(_, n *Service) { n.LoadBalancerClass = "test.com/test" },
			want:  []string{obj + `spec.loadBalancerClass: Invalid value: "test.com/test": may not change once set`}},
		{name: "update to LoadBalancer type of service with valid LoadBalancerClass",
			tweak: func(o, n *Service) {
				o.Type, o.AllocateLoadBalancerNodePorts = ClusterIP, nil
				for i := range o.Ports {
					o.Ports[i].NodePort = 0
				}
				n.LoadBalancerClass = "test.com/test"
			}},
		{name: "update from LoadBalancer type of service with LoadBalancerClass drops it",
			tweak: func(o, n *Service) {
				o.LoadBalancerClass, n.LoadBalancerClass = "test.com/test", "test.com/test"
				n.Type, n.ExternalTrafficPolicy = ClusterIP, ""
			},
			check: func(t *testing.T, p Service) {
				if p.LoadBalancerClass != "" || p.AllocateLoadBalancerNodePorts != nil || p.Ports[0].NodePort != 0 {
					t.Errorf("LoadBalancer fields kept on ClusterIP: %+v", p)
				}
			}},
		{name: "invalid: update from LoadBalancer to ClusterIP with a new LoadBalancerClass",
			tweak: func(o, n *Service) {
				o.LoadBalancerClass, n.LoadBalancerClass = "test.com/test", "test.com/other"
				n.Type = ClusterIP
			},
			want: []string{obj + "spec.loadBalancerClass: Forbidden: may only be used when `type` is 'LoadBalancer'"}},
		{name: "LoadBalancer to ClusterIP keeping externalTrafficPolicy drops it",
			tweak: func(_, n *Service) { n.Type = ClusterIP },
			check: func(t *testing.T, p Service) {
				if p.ExternalTrafficPolicy != "" {
					t.Errorf("externalTrafficPolicy %q kept", p.ExternalTrafficPolicy)
				}
			}},
		// patchAllocatedValues fills node ports in only while both sides
		// allocate them (needsNodePort in storage.go).
		{name: "allocateLoadBalancerNodePorts true to false releases the node ports left unset",
			tweak: func(_, n *Service) {
				n.AllocateLoadBalancerNodePorts = ptr(false)
				n.Ports[0].NodePort, n.Ports[1].NodePort = 0, 0
			},
			check: func(t *testing.T, p Service) {
				if p.Ports[0].NodePort != 0 || p.Ports[1].NodePort != 0 {
					t.Errorf("node ports carried over: %+v", p.Ports)
				}
			}},
		{name: "allocateLoadBalancerNodePorts true to false keeps the node ports still given",
			tweak: func(_, n *Service) { n.AllocateLoadBalancerNodePorts = ptr(false) },
			check: func(t *testing.T, p Service) {
				if p.Ports[0].NodePort != 30080 || p.Ports[1].NodePort != 30090 {
					t.Errorf("node ports not kept: %+v", p.Ports)
				}
			}},
		{name: "healthCheckNodePort kept when unset",
			tweak: func(o, n *Service) {
				o.ExternalTrafficPolicy, o.HealthCheckNodePort = TrafficPolicyLocal, 31000
				n.ExternalTrafficPolicy = TrafficPolicyLocal
			},
			check: func(t *testing.T, p Service) {
				if p.HealthCheckNodePort != 31000 {
					t.Errorf("healthCheckNodePort %d", p.HealthCheckNodePort)
				}
			}},
		{name: "invalid: change healthCheckNodePort",
			tweak: func(o, n *Service) {
				o.ExternalTrafficPolicy, o.HealthCheckNodePort = TrafficPolicyLocal, 31000
				n.ExternalTrafficPolicy, n.HealthCheckNodePort = TrafficPolicyLocal, 31001
			},
			want: []string{obj + "spec.healthCheckNodePort: Forbidden: field is immutable"}},
		{name: "externalTrafficPolicy Local to Cluster releases healthCheckNodePort",
			tweak: func(o, n *Service) {
				o.ExternalTrafficPolicy, o.HealthCheckNodePort = TrafficPolicyLocal, 31000
				n.HealthCheckNodePort = 31000
			},
			check: func(t *testing.T, p Service) {
				if p.HealthCheckNodePort != 0 {
					t.Errorf("healthCheckNodePort %d kept", p.HealthCheckNodePort)
				}
			}},
		{name: "source-range annotation checked only when changed",
			tweak: func(o, n *Service) {
				o.Annotations = map[string]string{AnnotationLoadBalancerSourceRanges: "bogus"}
				n.Annotations = map[string]string{AnnotationLoadBalancerSourceRanges: "bogus"}
			}},
		{name: "changed source-range annotation is checked",
			tweak: func(_, n *Service) { n.Annotations = map[string]string{AnnotationLoadBalancerSourceRanges: "bogus"} },
			want:  []string{obj + `metadata.annotations[service.beta.kubernetes.io/load-balancer-source-ranges]: Invalid value: "bogus": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)`}},
		{name: "externalIPs may change", tweak: func(o, n *Service) {
			o.ExternalIPs = []netip.Addr{ip("192.0.2.1")}
			n.ExternalIPs = []netip.Addr{ip("192.0.2.2")}
		}},
		{name: "internalTrafficPolicy may change", tweak: func(_, n *Service) { n.InternalTrafficPolicy = TrafficPolicyLocal }},
		{name: "trafficDistribution may change", tweak: func(_, n *Service) { n.TrafficDistribution = "PreferSameNode" }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			old, n := base.Clone(), base.Clone()
			tc.tweak(&old, &n)
			n.UID = uuid.Nil
			p := PrepareUpdate(old, n.WithDefaults())
			wantErrors(t, ValidateUpdate(old, p), tc.want)
			if tc.check != nil {
				tc.check(t, p)
			}
		})
	}
}

func TestReleasedHealthCheckNodePort(t *testing.T) {
	old := Service{Name: "lb", Type: LoadBalancer, ExternalTrafficPolicy: TrafficPolicyLocal, HealthCheckNodePort: 31000,
		Ports: []Port{{Port: 80, NodePort: 30080}}}
	n := old.Clone()
	n.ExternalTrafficPolicy = TrafficPolicyCluster
	f := Released(old, PrepareUpdate(old, n))
	if len(f.NodePorts) != 1 || f.NodePorts[0] != 31000 {
		t.Errorf("freed %v, want [31000]", f.NodePorts)
	}
	// A node port that takes over the old health-check port is not freed.
	n.Ports[0].NodePort = 31000
	if f := Released(old, PrepareUpdate(old, n)); len(f.NodePorts) != 1 || f.NodePorts[0] != 30080 {
		t.Errorf("freed %v, want [30080]", f.NodePorts)
	}
}
