package service

import (
	"errors"
	"net/netip"
	"strings"
	"testing"

	"github.com/svcsim/svcsim/selector"
)

func ptr[T any](v T) *T { return &v }

func prefixes(ss ...string) []netip.Prefix {
	var out []netip.Prefix
	for _, s := range ss {
		out = append(out, netip.MustParsePrefix(s))
	}
	return out
}

// wantErrors fails unless err holds exactly the messages want, in order
// (nil want: no error), each wrapping ErrInvalid.
func wantErrors(t *testing.T, err error, want []string) {
	t.Helper()
	if len(want) == 0 {
		if err != nil {
			t.Fatalf("unexpected error: %v", err)
		}
		return
	}
	if err == nil {
		t.Fatalf("no error, want %q", want)
	}
	if !errors.Is(err, ErrInvalid) {
		t.Errorf("%v does not wrap ErrInvalid", err)
	}
	var got []string
	for _, fe := range fieldErrors(t, err) {
		got = append(got, fe.Error())
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n  %s\nwant\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
}

// TestValidateSpecFields ports the cases of kubernetes
// pkg/apis/core/validation/validation_test.go (TestValidateServiceCreate,
// TestValidateServiceExternalTrafficPolicy) that touch externalIPs,
// loadBalancerSourceRanges, loadBalancerClass,
// allocateLoadBalancerNodePorts, healthCheckNodePort,
// internalTrafficPolicy, sessionAffinityConfig, trafficDistribution,
// appProtocol, labels and annotations, with the exact messages. Upstream
// validates an internal object defaulted by hand (makeValidService), so its
// cases of a defaulted field left nil (Required errors) have no
// counterpart: Validate counts an unset field as its default, as
// CreateService defaults before validating. The feature gates are v1.35's
// defaults (PreferSameTrafficDistribution on, StrictIPCIDRValidation off).
func TestValidateSpecFields(t *testing.T) {
	const obj = "service default/web: "
	const lbOnly = "may only be used when `type` is 'LoadBalancer'"
	tests := []struct {
		name   string
		mutate func(*Service)
		want   []string
	}{
		// externalIPs
		{"valid externalIPs", func(s *Service) { s.ExternalIPs = []netip.Addr{ip("1.2.3.4"), ip("2001:db8::1")} }, nil},
		// upstream's "invalid externalIPs loopback" is the same case
		{"invalid externalIPs localhost", func(s *Service) { s.ExternalIPs = []netip.Addr{ip("127.0.0.1")} },
			[]string{obj + `spec.externalIPs[0]: Invalid value: "127.0.0.1": may not be in the loopback range (127.0.0.0/8, ::1/128)`}},
		{"invalid externalIPs unspecified", func(s *Service) { s.ExternalIPs = []netip.Addr{ip("0.0.0.0")} },
			[]string{obj + `spec.externalIPs[0]: Invalid value: "0.0.0.0": may not be unspecified (0.0.0.0)`}},
		{"invalid publicIPs IPv6 unspecified", func(s *Service) { s.ExternalIPs = []netip.Addr{ip("1.2.3.4"), ip("::")} },
			[]string{obj + `spec.externalIPs[1]: Invalid value: "::": may not be unspecified (::)`}},
		{"invalid publicIPs link-local", func(s *Service) { s.ExternalIPs = []netip.Addr{ip("169.254.169.254")} },
			[]string{obj + `spec.externalIPs[0]: Invalid value: "169.254.169.254": may not be in the link-local range (169.254.0.0/16, fe80::/10)`}},
		{"invalid publicIPs link-local multicast", func(s *Service) { s.ExternalIPs = []netip.Addr{ip("224.0.0.1")} },
			[]string{obj + `spec.externalIPs[0]: Invalid value: "224.0.0.1": may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)`}},
		{"valid publicIPs multicast", func(s *Service) { s.ExternalIPs = []netip.Addr{ip("239.1.2.3")} }, nil},
		// upstream's "invalid externalIPs host", the zero address here; the text
		// "myhost.mydomain" is refused by kube's reader (TestFromServiceAddressText)
		{"invalid publicIPs host", func(s *Service) { s.ExternalIPs = []netip.Addr{{}} },
			[]string{obj + `spec.externalIPs[0]: Invalid value: "": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)`}},
		{"invalid publicIPs zone", func(s *Service) { s.ExternalIPs = []netip.Addr{ip("fd00::1%eth0")} },
			[]string{obj + `spec.externalIPs[0]: Invalid value: "fd00::1%eth0": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)`}},
		{"externalTrafficPolicy Local with externalIPs", func(s *Service) {
			s.ExternalIPs = []netip.Addr{ip("1.2.3.4")}
			s.ExternalTrafficPolicy = TrafficPolicyLocal
		}, nil},
		// loadBalancerSourceRanges and the annotation
		{"valid LoadBalancer source range", func(s *Service) {
			s.Type = LoadBalancer
			s.LoadBalancerSourceRanges = prefixes("1.2.3.4/8", "5.6.7.8/16")
		}, nil},
		{"invalid source range for non LoadBalancer type service", func(s *Service) {
			s.LoadBalancerSourceRanges = prefixes("1.2.3.4/8", "5.6.7.8/16")
		}, []string{obj + "spec.LoadBalancerSourceRanges: Forbidden: " + lbOnly}},
		// upstream's "invalid empty LoadBalancer source range": "   " trims to
		// "", the zero prefix here (the text is kube's, TestFromServiceAddressText)
		{"invalid LoadBalancer source range", func(s *Service) {
			s.Type = LoadBalancer
			s.LoadBalancerSourceRanges = []netip.Prefix{{}}
		}, []string{obj + `spec.LoadBalancerSourceRanges[0]: Invalid value: "": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)`}},
		{"valid LoadBalancer source range annotation", func(s *Service) {
			s.Type = LoadBalancer
			s.Annotations = map[string]string{AnnotationLoadBalancerSourceRanges: "1.2.3.4/8,  5.6.7.8/16"}
		}, nil},
		{"valid empty LoadBalancer source range annotation", func(s *Service) {
			s.Type = LoadBalancer
			s.Annotations = map[string]string{AnnotationLoadBalancerSourceRanges: ""}
		}, nil},
		{"invalid LoadBalancer source range annotation (hostname)", func(s *Service) {
			s.Type = LoadBalancer
			s.Annotations = map[string]string{AnnotationLoadBalancerSourceRanges: "foo.bar"}
		}, []string{obj + `metadata.annotations[service.beta.kubernetes.io/load-balancer-source-ranges]: Invalid value: "foo.bar": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)`}},
		{"hostname annotation on a non LoadBalancer service", func(s *Service) {
			s.Annotations = map[string]string{AnnotationLoadBalancerSourceRanges: "foo.bar"}
		}, []string{
			obj + "metadata.annotations[service.beta.kubernetes.io/load-balancer-source-ranges]: Forbidden: " + lbOnly,
			obj + `metadata.annotations[service.beta.kubernetes.io/load-balancer-source-ranges]: Invalid value: "foo.bar": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)`,
		}},
		// v1.35 validates the annotation with the legacy CIDR parser
		// (StrictIPCIDRValidation is alpha, off): leading zeros in the
		// address or the prefix length pass, as upstream's "valid legacy
		// LoadBalancer source range with legacy validation" for the field.
		{"legacy LoadBalancer source range annotation", func(s *Service) {
			s.Type = LoadBalancer
			s.Annotations = map[string]string{AnnotationLoadBalancerSourceRanges: "001.002.003.000/24, 10.0.0.0/08,::ffff:001.2.3.0/120"}
		}, nil},
		{"leading zeros do not make an address", func(s *Service) {
			s.Type = LoadBalancer
			s.Annotations = map[string]string{AnnotationLoadBalancerSourceRanges: "256.02.03.00/24,1.2.3/24,1.2.3.4/033,fe80::1%eth0/64"}
		}, []string{
			obj + `metadata.annotations[service.beta.kubernetes.io/load-balancer-source-ranges]: Invalid value: "256.02.03.00/24": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)`,
			obj + `metadata.annotations[service.beta.kubernetes.io/load-balancer-source-ranges]: Invalid value: "1.2.3/24": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)`,
			obj + `metadata.annotations[service.beta.kubernetes.io/load-balancer-source-ranges]: Invalid value: "1.2.3.4/033": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)`,
			obj + `metadata.annotations[service.beta.kubernetes.io/load-balancer-source-ranges]: Invalid value: "fe80::1%eth0/64": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)`,
		}},
		{"invalid LoadBalancer source range annotation (invalid CIDR)", func(s *Service) {
			s.Type = LoadBalancer
			s.Annotations = map[string]string{AnnotationLoadBalancerSourceRanges: "1.2.3.4/33"}
		}, []string{obj + `metadata.annotations[service.beta.kubernetes.io/load-balancer-source-ranges]: Invalid value: "1.2.3.4/33": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)`}},
		{"valid whitespace-only LoadBalancer source range annotation", func(s *Service) {
			s.Type = LoadBalancer
			s.Annotations = map[string]string{AnnotationLoadBalancerSourceRanges: "  "}
		}, nil},
		{"invalid LoadBalancer source range annotation for non LoadBalancer type service", func(s *Service) {
			s.Annotations = map[string]string{AnnotationLoadBalancerSourceRanges: "1.2.3.0/24"}
		}, []string{obj + "metadata.annotations[service.beta.kubernetes.io/load-balancer-source-ranges]: Forbidden: " + lbOnly}},
		{"invalid empty-but-set LoadBalancer source range annotation for non LoadBalancer type service", func(s *Service) {
			s.Annotations = map[string]string{AnnotationLoadBalancerSourceRanges: ""}
		}, []string{obj + "metadata.annotations[service.beta.kubernetes.io/load-balancer-source-ranges]: Forbidden: " + lbOnly}},
		{"invalid source range annotation ignored with valid source range field", func(s *Service) {
			s.Type = LoadBalancer
			s.LoadBalancerSourceRanges = prefixes("10.0.0.0/8")
			s.Annotations = map[string]string{AnnotationLoadBalancerSourceRanges: "bogus"}
		}, nil},
		// loadBalancerClass
		{"valid LoadBalancerClass when type is LoadBalancer", func(s *Service) {
			s.Type = LoadBalancer
			s.LoadBalancerClass = "test.com/test-load-balancer-class"
		}, nil},
		{"invalid LoadBalancerClass", func(s *Service) {
			s.Type = LoadBalancer
			s.LoadBalancerClass = "Bad/LoadBalancerClass"
		}, []string{obj + `spec.loadBalancerClass: Invalid value: "Bad/LoadBalancerClass": prefix part ` + subdomainRuleForTest(t)}},
		{"invalid: set LoadBalancerClass when type is not LoadBalancer", func(s *Service) {
			s.Type = ClusterIP
			s.LoadBalancerClass = "test.com/test-load-balancer-class"
		}, []string{obj + "spec.loadBalancerClass: Forbidden: " + lbOnly}},
		// allocateLoadBalancerNodePorts
		{"Use AllocateLoadBalancerNodePorts when type is not LoadBalancer", func(s *Service) {
			s.AllocateLoadBalancerNodePorts = ptr(true)
		}, []string{obj + "spec.allocateLoadBalancerNodePorts: Forbidden: " + lbOnly}},
		{"valid allocateLoadBalancerNodePorts false", func(s *Service) {
			s.Type = LoadBalancer
			s.AllocateLoadBalancerNodePorts = ptr(false)
		}, nil},
		{"invalid allocateLoadBalancerNodePorts for NodePort", func(s *Service) {
			s.Type = NodePort
			s.AllocateLoadBalancerNodePorts = ptr(true)
		}, []string{obj + "spec.allocateLoadBalancerNodePorts: Forbidden: " + lbOnly}},
		// healthCheckNodePort (ESIPP)
		// upstream names this valid case "negative healthCheckNodePort field" too
		{"valid healthCheckNodePort field", func(s *Service) {
			s.Type = LoadBalancer
			s.ExternalTrafficPolicy = TrafficPolicyLocal
			s.HealthCheckNodePort = 31100
		}, nil},
		{"negative healthCheckNodePort field", func(s *Service) {
			s.Type = LoadBalancer
			s.ExternalTrafficPolicy = TrafficPolicyLocal
			s.HealthCheckNodePort = -1
		}, []string{obj + "spec.healthCheckNodePort: Invalid value: -1: must be between 1 and 65535, inclusive"}},
		{"cannot set healthCheckNodePort field on loadBalancer service with externalTrafficPolicy!=Local", func(s *Service) {
			s.Type = LoadBalancer
			s.ExternalTrafficPolicy = TrafficPolicyCluster
			s.HealthCheckNodePort = 34567
		}, []string{obj + "spec.healthCheckNodePort: Invalid value: 34567: may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'"}},
		{"cannot set healthCheckNodePort field on nodePort service", func(s *Service) {
			s.Type = NodePort
			s.ExternalTrafficPolicy = TrafficPolicyLocal
			s.HealthCheckNodePort = 34567
		}, []string{obj + "spec.healthCheckNodePort: Invalid value: 34567: may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'"}},
		{"cannot set externalTrafficPolicy or healthCheckNodePort fields on clusterIP service", func(s *Service) {
			s.ExternalTrafficPolicy = TrafficPolicyLocal
			s.HealthCheckNodePort = 34567
		}, []string{
			obj + `spec.externalTrafficPolicy: Invalid value: "Local": may only be set for externally-accessible services`,
			obj + "spec.healthCheckNodePort: Invalid value: 34567: may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'",
		}},
		// externalTrafficPolicy with healthCheckNodePort (TestValidateServiceExternalTrafficPolicy)
		{"valid loadBalancer service with externalTrafficPolicy and healthCheckNodePort set", func(s *Service) {
			s.Type = LoadBalancer
			s.ExternalTrafficPolicy = TrafficPolicyLocal
			s.HealthCheckNodePort = 34567
		}, nil},
		{"valid nodePort service with externalTrafficPolicy set", func(s *Service) {
			s.Type = NodePort
			s.ExternalTrafficPolicy = TrafficPolicyLocal
		}, nil},
		{"cannot set externalTrafficPolicy field on ExternalName service", func(s *Service) {
			*s = Service{Namespace: "default", Name: "web", Type: ExternalName, ExternalName: "example.com", ExternalTrafficPolicy: TrafficPolicyLocal}
		}, []string{obj + `spec.externalTrafficPolicy: Invalid value: "Local": may only be set for externally-accessible services`}},
		// internalTrafficPolicy
		{"internalTrafficPolicy field set to Cluster", func(s *Service) { s.InternalTrafficPolicy = TrafficPolicyCluster }, nil},
		{"internalTrafficPolicy field is set when type is ExternalName", func(s *Service) {
			*s = Service{Namespace: "default", Name: "web", Type: ExternalName, ExternalName: "foo.bar.com", InternalTrafficPolicy: TrafficPolicyCluster}
		}, nil},
		{"internalTrafficPolicy field set to Local", func(s *Service) { s.InternalTrafficPolicy = TrafficPolicyLocal }, nil},
		{"invalid internalTraffic field", func(s *Service) { s.InternalTrafficPolicy = "invalid" },
			[]string{obj + `spec.internalTrafficPolicy: Unsupported value: "invalid": supported values: "Cluster", "Local"`}},
		{"internalTrafficPolicy on ExternalName is tolerated", func(s *Service) {
			*s = Service{Namespace: "default", Name: "web", Type: ExternalName, ExternalName: "example.com", InternalTrafficPolicy: TrafficPolicyLocal}
		}, nil},
		// sessionAffinityConfig
		{"valid timeoutSeconds 86400", func(s *Service) {
			s.SessionAffinity = SessionAffinityClientIP
			s.SessionAffinityConfig = &SessionAffinityConfig{ClientIP: &ClientIPConfig{TimeoutSeconds: ptr[int32](86400)}}
		}, nil},
		{"invalid timeoutSeconds field", func(s *Service) {
			s.SessionAffinity = SessionAffinityClientIP
			s.SessionAffinityConfig = &SessionAffinityConfig{ClientIP: &ClientIPConfig{TimeoutSeconds: ptr[int32](-1)}}
		}, []string{obj + "spec.sessionAffinityConfig.clientIP.timeoutSeconds: Invalid value: -1: must be greater than 0 and less than 86400"}},
		{"timeoutSeconds above the maximum", func(s *Service) {
			s.SessionAffinity = SessionAffinityClientIP
			s.SessionAffinityConfig = &SessionAffinityConfig{ClientIP: &ClientIPConfig{TimeoutSeconds: ptr[int32](86401)}}
		}, []string{obj + "spec.sessionAffinityConfig.clientIP.timeoutSeconds: Invalid value: 86401: must be greater than 0 and less than 86400"}},
		{"timeoutSeconds zero", func(s *Service) {
			s.SessionAffinity = SessionAffinityClientIP
			s.SessionAffinityConfig = &SessionAffinityConfig{ClientIP: &ClientIPConfig{TimeoutSeconds: ptr[int32](0)}}
		}, []string{obj + "spec.sessionAffinityConfig.clientIP.timeoutSeconds: Invalid value: 0: must be greater than 0 and less than 86400"}},
		{"sessionAffinityConfig without clientIP", func(s *Service) {
			s.SessionAffinity = SessionAffinityClientIP
			s.SessionAffinityConfig = &SessionAffinityConfig{}
		}, []string{obj + "spec.sessionAffinityConfig.clientIP: Required value: when session affinity type is ClientIP"}},
		{"sessionAffinityConfig without timeoutSeconds", func(s *Service) {
			s.SessionAffinity = SessionAffinityClientIP
			s.SessionAffinityConfig = &SessionAffinityConfig{ClientIP: &ClientIPConfig{}}
		}, []string{obj + "spec.sessionAffinityConfig.clientIP.timeoutSeconds: Required value: when session affinity type is ClientIP"}},
		{"sessionAffinityConfig can't be set when session affinity is None", func(s *Service) {
			s.Type = LoadBalancer
			s.SessionAffinity = SessionAffinityNone
			s.SessionAffinityConfig = &SessionAffinityConfig{ClientIP: &ClientIPConfig{TimeoutSeconds: ptr[int32](90)}}
		}, []string{obj + "spec.sessionAffinityConfig: Forbidden: must not be set when session affinity is None"}},
		// trafficDistribution
		{"valid: trafficDistribution field set to PreferClose", func(s *Service) { s.TrafficDistribution = "PreferClose" }, nil},
		{"valid: trafficDistribution field set to PreferSameZone", func(s *Service) { s.TrafficDistribution = "PreferSameZone" }, nil},
		{"valid: trafficDistribution field set to PreferSameNode", func(s *Service) { s.TrafficDistribution = "PreferSameNode" }, nil},
		{"invalid: trafficDistribution field set to Random", func(s *Service) { s.TrafficDistribution = "Random" },
			[]string{obj + `spec.trafficDistribution: Unsupported value: "Random": supported values: "PreferClose", "PreferSameZone", "PreferSameNode"`}},
		// appProtocol
		{"valid appProtocol", func(s *Service) {
			s.Ports[0].AppProtocol = "HTTP"
			s.Ports[1].AppProtocol = "kubernetes.io/h2c"
		}, nil},
		{"valid custom appProtocol", func(s *Service) { s.Ports[0].AppProtocol = "example.com/protocol" }, nil},
		{"invalid appProtocol", func(s *Service) { s.Ports[0].AppProtocol = "example.com/protocol_with{invalid}[characters]" },
			[]string{obj + `spec.ports[0].appProtocol: Invalid value: "example.com/protocol_with{invalid}[characters]": name part ` + nameRuleForTest(t)}},
		// labels and annotations
		{"valid labels and annotations", func(s *Service) {
			s.Labels = map[string]string{"app": "web", "example.com/tier": "front"}
			s.Annotations = map[string]string{"Example.com/Note": "anything at all: {}"}
		}, nil},
		{"invalid label", func(s *Service) { s.Labels = map[string]string{"NoUppercaseOrSpecialCharsLike=Equals": "bar"} },
			[]string{obj + `metadata.labels: Invalid value: "NoUppercaseOrSpecialCharsLike=Equals": name part ` + nameRuleForTest(t)}},
		{"invalid annotation", func(s *Service) { s.Annotations = map[string]string{"NoSpecialCharsLike=Equals": "bar"} },
			[]string{obj + `metadata.annotations: Invalid value: "NoSpecialCharsLike=Equals": name part ` + nameRuleForTest(t)}},
		{"invalid label value", func(s *Service) { s.Labels = map[string]string{"app": "web!"} },
			[]string{obj + `metadata.labels: Invalid value: "web!": ` + labelValueReason(t, "web!")}},
		{"invalid annotation key", func(s *Service) { s.Annotations = map[string]string{"a/b/c": "x"} },
			[]string{obj + `metadata.annotations: Invalid value: "a/b/c": a valid label key ` + nameRuleForTest(t) + ` with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`}},
		{"annotations too large", func(s *Service) { s.Annotations = map[string]string{"big": strings.Repeat("x", 256*1024)} },
			[]string{obj + "metadata.annotations: Too long: may not be more than 262144 bytes"}},
		{"annotations at the limit", func(s *Service) { s.Annotations = map[string]string{"big": strings.Repeat("x", 256*1024-3)} }, nil},
		{"topology annotations are mismatched", func(s *Service) {
			s.Annotations = map[string]string{DeprecatedAnnotationTopologyAwareHints: "original", AnnotationTopologyMode: "different"}
		}, []string{obj + `metadata.annotations[service.kubernetes.io/topology-mode]: Invalid value: "different": must match annotations[service.kubernetes.io/topology-aware-hints] when both are specified`}},
		{"topology annotations disagree", func(s *Service) {
			s.Annotations = map[string]string{AnnotationTopologyMode: "Auto", DeprecatedAnnotationTopologyAwareHints: "Disabled"}
		}, []string{obj + `metadata.annotations[service.kubernetes.io/topology-mode]: Invalid value: "Auto": must match annotations[service.kubernetes.io/topology-aware-hints] when both are specified`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := webService()
			tc.mutate(&s)
			wantErrors(t, s.Validate(), tc.want)
		})
	}
}

// subdomainRuleForTest and nameRuleForTest are selector's qualified-name
// messages after "prefix part " and "name part ".
func subdomainRuleForTest(t *testing.T) string {
	return reasonAfter(t, "Bad/x", "prefix part ")
}

func nameRuleForTest(t *testing.T) string { return reasonAfter(t, "x_", "name part ") }

func reasonAfter(t *testing.T, key, lead string) string {
	t.Helper()
	var le *selector.LabelError
	if !errors.As(selector.ValidateKey(key), &le) {
		t.Fatalf("selector accepts key %q", key)
	}
	for _, r := range le.Reasons {
		if strings.HasPrefix(r, lead) {
			return strings.TrimPrefix(r, lead)
		}
	}
	t.Fatalf("no reason starting with %q for %q: %q", lead, key, le.Reasons)
	return ""
}

func TestWithDefaultsSpecFields(t *testing.T) {
	d := webService().WithDefaults()
	if d.InternalTrafficPolicy != TrafficPolicyCluster || d.AllocateLoadBalancerNodePorts != nil ||
		d.SessionAffinityConfig != nil || d.ExternalTrafficPolicy != "" {
		t.Errorf("ClusterIP defaults: %+v", d)
	}
	lb := Service{Name: "lb", Type: LoadBalancer, Ports: []Port{{Port: 80}}}.WithDefaults()
	if lb.AllocateLoadBalancerNodePorts == nil || !*lb.AllocateLoadBalancerNodePorts || lb.ExternalTrafficPolicy != TrafficPolicyCluster {
		t.Errorf("LoadBalancer defaults: %+v", lb)
	}
	if ext := (Service{Name: "x", Type: ExternalName}).WithDefaults(); ext.InternalTrafficPolicy != "" {
		t.Errorf("ExternalName gets internalTrafficPolicy %q", ext.InternalTrafficPolicy)
	}
	eip := webService()
	eip.ExternalIPs = []netip.Addr{ip("192.0.2.10")}
	if got := eip.WithDefaults().ExternalTrafficPolicy; got != TrafficPolicyCluster {
		t.Errorf("ClusterIP with externalIPs: externalTrafficPolicy %q, want Cluster", got)
	}
	ci := webService()
	ci.SessionAffinity = SessionAffinityClientIP
	if got := ci.WithDefaults().AffinityTimeout(); got != 10800 {
		t.Errorf("ClientIP default timeout %d", got)
	}
	ci.SessionAffinityConfig = &SessionAffinityConfig{ClientIP: &ClientIPConfig{}}
	if got := ci.WithDefaults().SessionAffinityConfig; got == nil || *got.ClientIP.TimeoutSeconds != 10800 {
		t.Errorf("partial config not replaced by the default")
	}
	ci.SessionAffinityConfig = &SessionAffinityConfig{ClientIP: &ClientIPConfig{TimeoutSeconds: ptr[int32](60)}}
	if got := ci.WithDefaults().AffinityTimeout(); got != 60 {
		t.Errorf("explicit timeout %d", got)
	}
	none := webService()
	none.SessionAffinityConfig = ci.SessionAffinityConfig
	if got := none.WithDefaults().SessionAffinityConfig; got != nil {
		t.Errorf("None keeps its config")
	}
	// The result shares nothing with the input.
	in := Service{Name: "lb", Type: LoadBalancer, Ports: []Port{{Port: 80}},
		ExternalIPs: []netip.Addr{ip("192.0.2.1")}, Labels: map[string]string{"a": "b"},
		SessionAffinity: SessionAffinityClientIP, SessionAffinityConfig: ci.SessionAffinityConfig,
		AllocateLoadBalancerNodePorts: ptr(false)}
	out := in.WithDefaults()
	out.ExternalIPs[0], out.Labels["a"] = ip("192.0.2.2"), "c"
	*out.SessionAffinityConfig.ClientIP.TimeoutSeconds = 1
	*out.AllocateLoadBalancerNodePorts = true
	if in.ExternalIPs[0] != ip("192.0.2.1") || in.Labels["a"] != "b" || *in.SessionAffinityConfig.ClientIP.TimeoutSeconds != 60 ||
		*in.AllocateLoadBalancerNodePorts {
		t.Error("WithDefaults aliases its input")
	}
}

func TestExternalIPColumn(t *testing.T) {
	eips := []netip.Addr{ip("192.0.2.1"), ip("192.0.2.2")}
	tests := []struct {
		s    Service
		want string
	}{
		{Service{}, "<none>"},
		{Service{ExternalIPs: eips}, "192.0.2.1,192.0.2.2"},
		{Service{Type: NodePort, ExternalIPs: eips[:1]}, "192.0.2.1"},
		{Service{Type: LoadBalancer}, "<pending>"},
		{Service{Type: LoadBalancer, ExternalIPs: eips[:1]}, "192.0.2.1"},
		{Service{Type: LoadBalancer, LoadBalancerIP: ip("203.0.113.1"), ExternalIPs: eips}, "203.0.113.1,192.0.2.1,192.0.2.2"},
		{Service{Type: ExternalName, ExternalName: "db.example.com", ExternalIPs: eips}, "db.example.com"},
	}
	for _, tc := range tests {
		if got := tc.s.ExternalIPColumn(); got != tc.want {
			t.Errorf("%+v: %q, want %q", tc.s, got, tc.want)
		}
	}
}
