package service

import (
	"testing"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
)

// upstreamValidService is the Service both sides of an update start from
// in kubernetes pkg/apis/core/validation/validation_test.go
// (makeValidService): no cluster IP yet, one port.
func upstreamValidService() Service {
	return Service{Namespace: "valid", Name: "valid", Labels: map[string]string{}, Annotations: map[string]string{},
		Selector: selector.Set{"key": "val"}, SessionAffinity: SessionAffinityNone, Type: ClusterIP,
		Ports:                 []Port{{Name: "p", Protocol: pod.TCP, Port: 8675, TargetPort: TargetPortNumber(8675)}},
		InternalTrafficPolicy: TrafficPolicyCluster}
}

// setIPs sets clusterIP to the first address and clusterIPs to all of them.
func setIPs(s *Service, addrs ...string) {
	s.ClusterIPs = ips(addrs...)
	s.ClusterIP = s.ClusterIPs[0]
}

// asNodePort and asLB change the type as upstream's cases do.
func asNodePort(s *Service) { s.Type, s.ExternalTrafficPolicy = NodePort, TrafficPolicyCluster }

func asLB(s *Service) {
	s.Type, s.ExternalTrafficPolicy, s.AllocateLoadBalancerNodePorts = LoadBalancer, TrafficPolicyCluster, ptr(true)
}

// TestValidateUpdateUnprepared ports the cases of kubernetes
// pkg/apis/core/validation/validation_test.go, TestValidateServiceUpdate,
// that the other update tables do not already hold. Like upstream, it
// calls ValidateUpdate on the request as given, without PrepareUpdate or
// DefaultIPFamilies (the registry's steps that run first on a real
// update). Upstream counts errors; where its count includes an error
// reported twice (validateLoadBalancerClassField runs from both
// ValidateServiceUpdate and validateService), the message lists it once,
// as field.ErrorList.ToAggregate drops repeated messages.
//
// Cases of TestValidateServiceUpdate held elsewhere: "no change", "change
// name", "change namespace", "change cluster IP", "ClusterIP can NOT be
// changed to None", "Service with ClusterIP type cannot change its set
// ClusterIP" and "change type -> nodeport" in TestValidateUpdate; "`None`
// ClusterIP can NOT be changed" in TestPrepareUpdateKeepsHeadless; "change
// label valid", "Service with LoadBalancer type can change its
// AllocateLoadBalancerNodePorts from true to false", "update LoadBalancer
// type of service without change LoadBalancerClass", "invalid: change /
// unset / set LoadBalancerClass when update service", "update to
// LoadBalancer type of service with valid LoadBalancerClass" and "update
// internalTrafficPolicy from Cluster to Local" in
// TestValidateUpdateSpecFields; "valid: upgrade to dual stack with
// preferDualStack", "valid: upgrade to dual stack, no specific secondary
// ip", "..., with specific secondary ip", "valid: downgrade from dual to
// single", "valid: upgrade a headless service", "invalid flip families"
// and "invalid, change second ip in dualstack service" in
// TestIPFamilyUpdates.
func TestValidateUpdateUnprepared(t *testing.T) {
	const obj = "service valid/valid: "
	const lbOnly = "may only be used when `type` is 'LoadBalancer'"
	tests := []struct {
		name  string
		tweak func(old, n *Service)
		want  []string
	}{
		{name: "add label", tweak: func(_, n *Service) { n.Labels["key2"] = "value2" }},
		{name: "remove cluster IP", tweak: func(o, _ *Service) { setIPs(o, "1.2.3.4") },
			want: []string{obj + "spec.clusterIPs[0]: Invalid value: null: primary clusterIP can not be unset"}},
		{name: "change affinity", tweak: func(_, n *Service) {
			n.SessionAffinity = SessionAffinityClientIP
			n.SessionAffinityConfig = &SessionAffinityConfig{ClientIP: &ClientIPConfig{TimeoutSeconds: ptr(int32(90))}}
		}},
		{name: "change type", tweak: func(_, n *Service) { asLB(n) }},
		{name: "add loadBalancerSourceRanges", tweak: func(o, n *Service) {
			asLB(o)
			asLB(n)
			n.LoadBalancerSourceRanges = prefixes("10.0.0.0/8")
		}},
		{name: "update loadBalancerSourceRanges", tweak: func(o, n *Service) {
			asLB(o)
			asLB(n)
			o.LoadBalancerSourceRanges, n.LoadBalancerSourceRanges = prefixes("10.0.0.0/8"), prefixes("10.100.0.0/16")
		}},
		{name: "LoadBalancer type cannot have None ClusterIP", tweak: func(_, n *Service) { n.Headless = true; asLB(n) },
			want: []string{obj + `spec.clusterIPs[0]: Invalid value: "None": may not be set to 'None' for LoadBalancer services`}},
		{name: "`None` ClusterIP can NOT be removed", tweak: func(o, _ *Service) { o.Headless = true },
			want: []string{obj + "spec.clusterIPs[0]: Invalid value: null: primary clusterIP can not be unset"}},
		{name: "Service with ClusterIP type can change its empty ClusterIP", tweak: func(_, n *Service) { setIPs(n, "1.2.3.5") }},
		{name: "Service with ClusterIP type cannot change its set ClusterIP when changing type to NodePort",
			tweak: func(o, n *Service) { setIPs(o, "1.2.3.4"); setIPs(n, "1.2.3.5"); asNodePort(n) },
			want:  []string{obj + `spec.clusterIPs[0]: Invalid value: ["1.2.3.5"]: may not change once set`}},
		{name: "Service with ClusterIP type can change its empty ClusterIP when changing type to NodePort",
			tweak: func(_, n *Service) { setIPs(n, "1.2.3.5"); asNodePort(n) }},
		{name: "Service with ClusterIP type cannot change its ClusterIP when changing type to LoadBalancer",
			tweak: func(o, n *Service) { setIPs(o, "1.2.3.4"); setIPs(n, "1.2.3.5"); asLB(n) },
			want:  []string{obj + `spec.clusterIPs[0]: Invalid value: ["1.2.3.5"]: may not change once set`}},
		{name: "Service with ClusterIP type can change its empty ClusterIP when changing type to LoadBalancer",
			tweak: func(_, n *Service) { setIPs(n, "1.2.3.5"); asLB(n) }},
		{name: "Service with LoadBalancer type can change its AllocateLoadBalancerNodePorts from false to true",
			tweak: func(o, n *Service) { asLB(o); o.AllocateLoadBalancerNodePorts = ptr(false); asLB(n) }},
		{name: "Service with NodePort type cannot change its set ClusterIP",
			tweak: func(o, n *Service) { asNodePort(o); asNodePort(n); setIPs(o, "1.2.3.4"); setIPs(n, "1.2.3.5") },
			want:  []string{obj + `spec.clusterIPs[0]: Invalid value: ["1.2.3.5"]: may not change once set`}},
		{name: "Service with NodePort type can change its empty ClusterIP",
			tweak: func(o, n *Service) { asNodePort(o); asNodePort(n); setIPs(n, "1.2.3.5") }},
		{name: "Service with NodePort type cannot change its set ClusterIP when changing type to ClusterIP",
			tweak: func(o, n *Service) { asNodePort(o); setIPs(o, "1.2.3.4"); setIPs(n, "1.2.3.5") },
			want:  []string{obj + `spec.clusterIPs[0]: Invalid value: ["1.2.3.5"]: may not change once set`}},
		{name: "Service with NodePort type can change its empty ClusterIP when changing type to ClusterIP",
			tweak: func(o, n *Service) { asNodePort(o); setIPs(n, "1.2.3.5") }},
		{name: "Service with NodePort type cannot change its set ClusterIP when changing type to LoadBalancer",
			tweak: func(o, n *Service) { asNodePort(o); asLB(n); setIPs(o, "1.2.3.4"); setIPs(n, "1.2.3.5") },
			want:  []string{obj + `spec.clusterIPs[0]: Invalid value: ["1.2.3.5"]: may not change once set`}},
		{name: "Service with NodePort type can change its empty ClusterIP when changing type to LoadBalancer",
			tweak: func(o, n *Service) { asNodePort(o); asLB(n); setIPs(n, "1.2.3.5") }},
		{name: "Service with LoadBalancer type cannot change its set ClusterIP",
			tweak: func(o, n *Service) { asLB(o); asLB(n); setIPs(o, "1.2.3.4"); setIPs(n, "1.2.3.5") },
			want:  []string{obj + `spec.clusterIPs[0]: Invalid value: ["1.2.3.5"]: may not change once set`}},
		{name: "Service with LoadBalancer type can change its empty ClusterIP",
			tweak: func(o, n *Service) { asLB(o); asLB(n); setIPs(n, "1.2.3.5") }},
		{name: "Service with LoadBalancer type cannot change its set ClusterIP when changing type to ClusterIP",
			tweak: func(o, n *Service) { asLB(o); setIPs(o, "1.2.3.4"); setIPs(n, "1.2.3.5") },
			want:  []string{obj + `spec.clusterIPs[0]: Invalid value: ["1.2.3.5"]: may not change once set`}},
		{name: "Service with LoadBalancer type can change its empty ClusterIP when changing type to ClusterIP",
			tweak: func(o, n *Service) { asLB(o); setIPs(n, "1.2.3.5") }},
		{name: "Service with LoadBalancer type cannot change its set ClusterIP when changing type to NodePort",
			tweak: func(o, n *Service) { asLB(o); asNodePort(n); setIPs(o, "1.2.3.4"); setIPs(n, "1.2.3.5") },
			want:  []string{obj + `spec.clusterIPs[0]: Invalid value: ["1.2.3.5"]: may not change once set`}},
		{name: "Service with LoadBalancer type can change its empty ClusterIP when changing type to NodePort",
			tweak: func(o, n *Service) { asLB(o); asNodePort(n); setIPs(n, "1.2.3.5") }},
		{name: "Service with ExternalName type can change its empty ClusterIP when changing type to ClusterIP",
			tweak: func(o, n *Service) { o.Type = ExternalName; setIPs(n, "1.2.3.5") }},
		{name: "Service with ExternalName type can change its set ClusterIP when changing type to ClusterIP",
			tweak: func(o, n *Service) { o.Type = ExternalName; setIPs(o, "1.2.3.4"); setIPs(n, "1.2.3.5") }},
		{name: "invalid node port with clusterIP None", tweak: func(o, n *Service) {
			asNodePort(o)
			asNodePort(n)
			q := Port{Name: "q", Protocol: pod.TCP, Port: 1, NodePort: 1, TargetPort: TargetPortNumber(1)}
			o.Ports, n.Ports = append(o.Ports, q), append(n.Ports, q)
			n.Headless = true
		}, want: []string{obj + `spec.clusterIPs[0]: Invalid value: "None": may not be set to 'None' for NodePort services`}},
		{name: "convert from ExternalName", tweak: func(o, _ *Service) { o.Type = ExternalName }},
		{name: "invalid: convert to ExternalName", tweak: func(o, n *Service) {
			for _, s := range []*Service{o, n} {
				setIPs(s, "10.0.0.10")
				s.IPFamilies, s.IPFamilyPolicy = fams(IPv4Protocol), IPFamilyPolicySingleStack
			}
			n.Type, n.ExternalName = ExternalName, "foo"
		}, want: []string{
			obj + "spec.clusterIPs: Forbidden: may not be set for ExternalName services",
			obj + "spec.ipFamilies: Forbidden: may not be set for ExternalName services",
			obj + "spec.ipFamilyPolicy: Forbidden: may not be set for ExternalName services",
		}},
		{name: "valid: convert to ExternalName", tweak: func(o, n *Service) {
			setIPs(o, "10.0.0.10")
			o.IPFamilies, o.IPFamilyPolicy = fams(IPv4Protocol), IPFamilyPolicySingleStack
			n.Type, n.ExternalName = ExternalName, "foo"
		}},
		{name: "same ServiceIPFamily", tweak: func(o, n *Service) { o.IPFamilies, n.IPFamilies = fams(IPv4Protocol), fams(IPv4Protocol) }},
		{name: "same ServiceIPFamily, change IPFamilyPolicy to singleStack", tweak: func(o, n *Service) {
			o.IPFamilies, n.IPFamilies = fams(IPv4Protocol), fams(IPv4Protocol)
			n.IPFamilyPolicy = IPFamilyPolicySingleStack
		}},
		{name: "same ServiceIPFamily, change IPFamilyPolicy singleStack => requireDualStack", tweak: func(o, n *Service) {
			o.IPFamilies, n.IPFamilies = fams(IPv4Protocol), fams(IPv4Protocol)
			o.IPFamilyPolicy, n.IPFamilyPolicy = IPFamilyPolicySingleStack, IPFamilyPolicyRequireDualStack
		}},
		{name: "add a new ServiceIPFamily", tweak: func(o, n *Service) {
			o.IPFamilyPolicy, n.IPFamilyPolicy = IPFamilyPolicyRequireDualStack, IPFamilyPolicyRequireDualStack
			o.IPFamilies, n.IPFamilies = fams(IPv4Protocol), fams(IPv4Protocol, IPv6Protocol)
		}},
		{name: "ExternalName while changing Service IPFamily", tweak: func(o, n *Service) {
			o.Type, o.ExternalName = ExternalName, "somename"
			n.Type, n.ExternalName = ExternalName, "somename"
		}},
		{name: "setting ipfamily from nil to v4", tweak: func(_, n *Service) { n.ExternalName, n.IPFamilies = "somename", fams(IPv4Protocol) }},
		{name: "setting ipfamily from nil to v6", tweak: func(_, n *Service) { n.ExternalName, n.IPFamilies = "somename", fams(IPv6Protocol) }},
		{name: "change primary ServiceIPFamily", tweak: func(o, n *Service) {
			setIPs(o, "1.2.3.4")
			setIPs(n, "1.2.3.4")
			o.IPFamilies, n.IPFamilies = fams(IPv4Protocol), fams(IPv6Protocol)
		}, want: []string{
			obj + `spec.ipFamilies[0]: Invalid value: ["IPv6"]: may not change once set`,
			obj + "spec.clusterIPs[0]: Invalid value: \"1.2.3.4\": expected an IPv6 value as indicated by `ipFamilies[0]`",
		}},
		// Upstream sets the old policy here, not the new one.
		{name: "valid: upgrade to dual stack with requiredDualStack", tweak: func(o, n *Service) {
			setIPs(o, "1.2.3.4")
			setIPs(n, "1.2.3.4")
			o.IPFamilyPolicy, o.IPFamilies, n.IPFamilies = IPFamilyPolicyRequireDualStack, fams(IPv4Protocol), fams(IPv4Protocol)
		}},
		{name: "valid: change families for a headless service", tweak: func(o, n *Service) {
			o.Headless, n.Headless = true, true
			o.IPFamilyPolicy, n.IPFamilyPolicy = IPFamilyPolicyRequireDualStack, IPFamilyPolicyRequireDualStack
			o.IPFamilies, n.IPFamilies = fams(IPv4Protocol, IPv6Protocol), fams(IPv6Protocol, IPv4Protocol)
		}},
		{name: "valid: downgrade a headless service", tweak: func(o, n *Service) {
			o.Headless, n.Headless = true, true
			o.IPFamilyPolicy, n.IPFamilyPolicy = IPFamilyPolicyRequireDualStack, IPFamilyPolicySingleStack
			o.IPFamilies, n.IPFamilies = fams(IPv4Protocol, IPv6Protocol), fams(IPv6Protocol)
		}},
		{name: "invalid change first ip, in dualstack service", tweak: func(o, n *Service) {
			setIPs(o, "1.2.3.4", "2001::1")
			setIPs(n, "1.2.3.5", "2001::1")
			o.IPFamilyPolicy, n.IPFamilyPolicy = IPFamilyPolicyRequireDualStack, IPFamilyPolicyRequireDualStack
			o.IPFamilies, n.IPFamilies = fams(IPv4Protocol, IPv6Protocol), fams(IPv4Protocol, IPv6Protocol)
		}, want: []string{obj + `spec.clusterIPs[0]: Invalid value: ["1.2.3.5","2001::1"]: may not change once set`}},
		// The registry trims the lists before validation (DefaultIPFamilies).
		{name: "downgrade keeping the families", tweak: func(o, n *Service) {
			setIPs(o, "1.2.3.4", "2001::1")
			setIPs(n, "1.2.3.4")
			o.IPFamilyPolicy, n.IPFamilyPolicy = IPFamilyPolicyRequireDualStack, IPFamilyPolicySingleStack
			o.IPFamilies, n.IPFamilies = fams(IPv4Protocol, IPv6Protocol), fams(IPv4Protocol, IPv6Protocol)
		}},
		{name: "invalid, downgrade without changing to singleStack", tweak: func(o, n *Service) {
			setIPs(o, "1.2.3.4", "2001::1")
			setIPs(n, "1.2.3.4")
			o.IPFamilyPolicy, n.IPFamilyPolicy = IPFamilyPolicyRequireDualStack, IPFamilyPolicyRequireDualStack
			o.IPFamilies, n.IPFamilies = fams(IPv4Protocol, IPv6Protocol), fams(IPv4Protocol)
		}, want: []string{
			obj + `spec.ipFamilyPolicy: Invalid value: "RequireDualStack": must be set to 'SingleStack' when releasing the secondary clusterIP`,
			obj + `spec.ipFamilyPolicy: Invalid value: "RequireDualStack": must be set to 'SingleStack' when releasing the secondary ipFamily`,
		}},
		{name: "invalid, downgrade and change primary ip", tweak: func(o, n *Service) {
			setIPs(o, "1.2.3.4", "2001::1")
			setIPs(n, "1.2.3.5")
			o.IPFamilyPolicy, n.IPFamilyPolicy = IPFamilyPolicyRequireDualStack, IPFamilyPolicySingleStack
			o.IPFamilies, n.IPFamilies = fams(IPv4Protocol, IPv6Protocol), fams(IPv4Protocol)
		}, want: []string{obj + `spec.clusterIPs[0]: Invalid value: ["1.2.3.5"]: may not change once set`}},
		{name: "invalid: upgrade to dual stack and change primary", tweak: func(o, n *Service) {
			setIPs(o, "1.2.3.4")
			setIPs(n, "1.2.3.5")
			o.IPFamilyPolicy, n.IPFamilyPolicy = IPFamilyPolicySingleStack, IPFamilyPolicyRequireDualStack
			o.IPFamilies, n.IPFamilies = fams(IPv4Protocol), fams(IPv4Protocol, IPv6Protocol)
		}, want: []string{obj + `spec.clusterIPs[0]: Invalid value: ["1.2.3.5"]: may not change once set`}},
		{name: "update to valid app protocol", tweak: func(o, n *Service) {
			o.Ports = []Port{{Name: "a", Port: 443, TargetPort: TargetPortNumber(3000), Protocol: pod.TCP}}
			n.Ports = []Port{{Name: "a", Port: 443, TargetPort: TargetPortNumber(3000), Protocol: pod.TCP, AppProtocol: "https"}}
		}},
		{name: "update to invalid app protocol", tweak: func(o, n *Service) {
			o.Ports = []Port{{Name: "a", Port: 443, TargetPort: TargetPortNumber(3000), Protocol: pod.TCP}}
			n.Ports = []Port{{Name: "a", Port: 443, TargetPort: TargetPortNumber(3000), Protocol: pod.TCP, AppProtocol: "~https"}}
		}, want: []string{obj + `spec.ports[0].appProtocol: Invalid value: "~https": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`}},
		{name: "Set AllocateLoadBalancerNodePorts when type is not LoadBalancer",
			tweak: func(_, n *Service) { n.AllocateLoadBalancerNodePorts = ptr(true) },
			want:  []string{obj + "spec.allocateLoadBalancerNodePorts: Forbidden: " + lbOnly}},
		{name: "update to LoadBalancer type of service without LoadBalancerClass", tweak: func(_, n *Service) { asLB(n) }},
		{name: "invalid: set invalid LoadBalancerClass when update service to LoadBalancer", tweak: func(_, n *Service) {
			asLB(n)
			n.LoadBalancerClass = "Bad/LoadBalancerclass"
		}, want: []string{obj + `spec.loadBalancerClass: Invalid value: "Bad/LoadBalancerclass": prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`}},
		{name: "invalid: set LoadBalancerClass when update service to non LoadBalancer type of service (ClusterIP)",
			tweak: func(_, n *Service) { n.LoadBalancerClass = "test.com/test-load-balancer-class" },
			want:  []string{obj + "spec.loadBalancerClass: Forbidden: " + lbOnly}},
		{name: "invalid: set LoadBalancerClass when update service to non LoadBalancer type of service (ExternalName)",
			tweak: func(o, n *Service) {
				o.Type, n.Type = ExternalName, ExternalName
				n.LoadBalancerClass = "test.com/test-load-balancer-class"
			}, want: []string{obj + "spec.loadBalancerClass: Forbidden: " + lbOnly, obj + "spec.externalName: Required value"}},
		{name: "invalid: set LoadBalancerClass when update service to non LoadBalancer type of service (NodePort)",
			tweak: func(o, n *Service) {
				o.Type = NodePort
				asNodePort(n)
				n.LoadBalancerClass = "test.com/test-load-balancer-class"
			}, want: []string{obj + "spec.loadBalancerClass: Forbidden: " + lbOnly}},
		{name: "invalid: set LoadBalancerClass when update from LoadBalancer service to non LoadBalancer type of service (ClusterIP)",
			tweak: func(o, n *Service) {
				asLB(o)
				o.LoadBalancerClass, n.LoadBalancerClass = "test.com/test-load-balancer-class", "test.com/test-load-balancer-class"
			}, want: []string{obj + "spec.loadBalancerClass: Forbidden: " + lbOnly}},
		{name: "invalid: set LoadBalancerClass when update from LoadBalancer service to non LoadBalancer type of service (ExternalName)",
			tweak: func(o, n *Service) {
				asLB(o)
				n.Type = ExternalName
				o.LoadBalancerClass, n.LoadBalancerClass = "test.com/test-load-balancer-class", "test.com/test-load-balancer-class"
			}, want: []string{obj + "spec.loadBalancerClass: Forbidden: " + lbOnly, obj + "spec.externalName: Required value"}},
		{name: "invalid: set LoadBalancerClass when update from LoadBalancer service to non LoadBalancer type of service (NodePort)",
			tweak: func(o, n *Service) {
				asLB(o)
				asNodePort(n)
				o.LoadBalancerClass, n.LoadBalancerClass = "test.com/test-load-balancer-class", "test.com/test-load-balancer-class"
			}, want: []string{obj + "spec.loadBalancerClass: Forbidden: " + lbOnly}},
		{name: "update internalTrafficPolicy from Local to Cluster", tweak: func(o, n *Service) {
			o.InternalTrafficPolicy, n.InternalTrafficPolicy = TrafficPolicyLocal, TrafficPolicyCluster
		}},
		{name: "topology annotations are mismatched", tweak: func(_, n *Service) {
			n.Annotations[DeprecatedAnnotationTopologyAwareHints] = "original"
			n.Annotations[AnnotationTopologyMode] = "different"
		}, want: []string{obj + `metadata.annotations[service.kubernetes.io/topology-mode]: Invalid value: "different": must match annotations[service.kubernetes.io/topology-aware-hints] when both are specified`}},
		// An update checks the name only for being unchanged
		// (ValidateObjectMetaUpdate); its format was checked on create.
		{name: "can modify a pre-existing relaxed service name without error", tweak: func(o, n *Service) {
			o.Name, n.Name = "1-test-service", "1-test-service"
			n.Labels["foo"] = "bar"
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			old, n := upstreamValidService(), upstreamValidService()
			tc.tweak(&old, &n)
			wantErrors(t, ValidateUpdate(old, n), tc.want)
		})
	}
}

// TestValidateUpdateOrder: ValidateServiceUpdate reports the metadata
// (immutable fields, labels, annotations), then clusterIPs and ipFamilies,
// then the load-balancer class and the health-check node port, and only
// then the checks of validateService, without repeating a message.
func TestValidateUpdateOrder(t *testing.T) {
	const obj = "service valid/valid: "
	const qualified = "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"
	old, n := upstreamValidService(), upstreamValidService()
	asLB(&old)
	old.ExternalTrafficPolicy, old.HealthCheckNodePort = TrafficPolicyLocal, 31000
	setIPs(&old, "10.0.0.1")
	asLB(&n)
	n.ExternalTrafficPolicy, n.HealthCheckNodePort = TrafficPolicyLocal, 31001
	setIPs(&n, "10.0.0.2")
	n.Labels["bad key"] = "v"
	n.LoadBalancerClass = "x/~y"
	n.Ports[0].AppProtocol = "~https"
	wantErrors(t, ValidateUpdate(old, n), []string{
		obj + `metadata.labels: Invalid value: "bad key": ` + qualified,
		obj + `spec.clusterIPs[0]: Invalid value: ["10.0.0.2"]: may not change once set`,
		obj + `spec.loadBalancerClass: Invalid value: "x/~y": may not change once set`,
		obj + `spec.loadBalancerClass: Invalid value: "x/~y": ` + qualified,
		obj + "spec.healthCheckNodePort: Forbidden: field is immutable",
		obj + `spec.ports[0].appProtocol: Invalid value: "~https": ` + qualified,
	})
}
