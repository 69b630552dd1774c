package service

import (
	"errors"
	"net/netip"
	"strings"
	"testing"

	"github.com/svcsim/svcsim/internal/validation"
	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
)

func webService() Service {
	return Service{Namespace: "default", Name: "web", Selector: selector.Set{"app": "web"},
		Ports: []Port{{Name: "http", Port: 80, TargetPort: TargetPortName("http")}, {Name: "metrics", Port: 9090}}}
}

// fieldErrors flattens what Validate returns.
func fieldErrors(t *testing.T, err error) []*pod.FieldError {
	t.Helper()
	var l pod.ErrorList
	if errors.As(err, &l) {
		return l
	}
	var fe *pod.FieldError
	if !errors.As(err, &fe) {
		t.Fatalf("%T %v is neither *FieldError nor ErrorList", err, err)
	}
	return []*pod.FieldError{fe}
}

// labelValueReason is selector's first reason for rejecting a label value.
func labelValueReason(t *testing.T, v string) string {
	var le *selector.LabelError
	if !errors.As(selector.ValidateValue(v), &le) || len(le.Reasons) == 0 {
		t.Fatalf("selector accepts label value %q", v)
	}
	return le.Reasons[0]
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(*Service)
		want   []string // exact messages, in order
	}{
		{"valid", func(*Service) {}, nil},
		{"single unnamed port", func(s *Service) { s.Ports = []Port{{Port: 80}} }, nil},
		// upstream's "missing ports but headless"
		{"headless without ports", func(s *Service) { s.Headless = true; s.Ports = nil }, nil},
		// upstream's "internalTrafficPolicy field nil when type is ExternalName"
		{"external name", func(s *Service) {
			*s = Service{Name: "ext", Type: ExternalName, ExternalName: "db.example.com."}
		}, nil},
		{"nodeport", func(s *Service) { s.Type = NodePort; s.Ports[0].NodePort = 30080 }, nil},
		{"load balancer with Local", func(s *Service) {
			s.Type = LoadBalancer
			s.ExternalTrafficPolicy = TrafficPolicyLocal
			s.LoadBalancerIP = ip("203.0.113.1")
		}, nil},
		{"same port different protocols", func(s *Service) {
			s.Ports = []Port{{Name: "dns", Port: 53, Protocol: pod.UDP}, {Name: "dns-tcp", Port: 53}}
		}, nil},
		{"no name", func(s *Service) { s.Name = "" },
			[]string{"service default/: metadata.name: Required value: name or generateName is required"}},
		{"name starting with digit", func(s *Service) { s.Name = "123-abc" },
			[]string{`service default/123-abc: metadata.name: Invalid value: "123-abc": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')`}},
		{"name too long", func(s *Service) { s.Name = strings.Repeat("a", 64) },
			[]string{`service default/` + strings.Repeat("a", 64) + `: metadata.name: Too long: may not be more than 63 bytes`}},
		{"bad namespace", func(s *Service) { s.Namespace = "Prod" },
			[]string{`service Prod/web: metadata.namespace: Invalid value: "Prod": ` + validation.IsDNS1123Label("Prod")[0]}},
		{"second port unnamed", func(s *Service) { s.Ports[1].Name = "" },
			[]string{"service default/web: spec.ports[1].name: Required value"}},
		{"duplicate names", func(s *Service) { s.Ports[1].Name = "http" },
			[]string{`service default/web: spec.ports[1].name: Duplicate value: "http"`}},
		{"bad port name", func(s *Service) { s.Ports[1].Name = "Metrics" },
			[]string{`service default/web: spec.ports[1].name: Invalid value: "Metrics": ` + validation.IsDNS1123Label("Metrics")[0]}},
		{"port zero", func(s *Service) { s.Ports[0].Port = 0 },
			[]string{"service default/web: spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive"}},
		{"port too big", func(s *Service) { s.Ports[1].Port = 65536 },
			[]string{"service default/web: spec.ports[1].port: Invalid value: 65536: must be between 1 and 65535, inclusive"}},
		{"duplicate port/protocol", func(s *Service) { s.Ports[1].Port = 80; s.Ports[1].Protocol = pod.TCP },
			[]string{`service default/web: spec.ports[1]: Duplicate value: "80/TCP"`}},
		{"bad protocol", func(s *Service) { s.Ports[0].Protocol = "HTTP" },
			[]string{`service default/web: spec.ports[0].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"`}},
		{"bad target port name", func(s *Service) { s.Ports[0].TargetPort = TargetPortName("8080") },
			[]string{`service default/web: spec.ports[0].targetPort: Invalid value: "8080": must contain at least one letter (a-z)`}},
		{"bad target port number", func(s *Service) { s.Ports[0].TargetPort = TargetPortNumber(70000) },
			[]string{`service default/web: spec.ports[0].targetPort: Invalid value: 70000: must be between 1 and 65535, inclusive`}},
		{"no ports", func(s *Service) { s.Ports = nil },
			[]string{"service default/web: spec.ports: Required value"}},
		{"nodePort on ClusterIP", func(s *Service) { s.Ports[0].NodePort = 30080 },
			[]string{"service default/web: spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'"}},
		{"duplicate nodePort", func(s *Service) { s.Type = NodePort; s.Ports[0].NodePort = 30080; s.Ports[1].NodePort = 30080 },
			[]string{"service default/web: spec.ports[1].nodePort: Duplicate value: 30080"}},
		{"external name with cluster IP", func(s *Service) {
			*s = Service{Name: "ext", Type: ExternalName, ExternalName: "example.com", ClusterIP: ip("10.96.0.9")}
		}, []string{"service default/ext: spec.clusterIPs: Forbidden: may not be set for ExternalName services"}},
		{"external name missing", func(s *Service) { *s = Service{Name: "ext", Type: ExternalName} },
			[]string{"service default/ext: spec.externalName: Required value"}},
		{"external name only a dot", func(s *Service) { *s = Service{Name: "ext", Type: ExternalName, ExternalName: "."} },
			[]string{"service default/ext: spec.externalName: Required value"}}, // the dot is trimmed first, as upstream
		{"external name upper case", func(s *Service) { *s = Service{Name: "ext", Type: ExternalName, ExternalName: "Example.com"} },
			[]string{`service default/ext: spec.externalName: Invalid value: "Example.com": ` + validation.IsDNS1123Subdomain("Example.com")[0]}},
		// upstream's "invalid node port with clusterIP None"
		{"headless NodePort", func(s *Service) { s.Type = NodePort; s.Headless = true },
			[]string{`service default/web: spec.clusterIPs[0]: Invalid value: "None": may not be set to 'None' for NodePort services`}},
		{"headless with node port", func(s *Service) { s.Headless = true; s.Ports[0].NodePort = 30000 },
			[]string{"service default/web: spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'"}},
		{"traffic policy on ClusterIP", func(s *Service) { s.ExternalTrafficPolicy = TrafficPolicyCluster },
			[]string{`service default/web: spec.externalTrafficPolicy: Invalid value: "Cluster": may only be set for externally-accessible services`}},
		// upstream's "invalid externalTraffic field" (on a LoadBalancer)
		{"bad traffic policy", func(s *Service) { s.Type = NodePort; s.ExternalTrafficPolicy = "Nearest" },
			[]string{`service default/web: spec.externalTrafficPolicy: Unsupported value: "Nearest": supported values: "Cluster", "Local"`}},
		{"bad type", func(s *Service) { s.Type = "Ingress" },
			[]string{`service default/web: spec.type: Unsupported value: "Ingress": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"`}},
		{"bad affinity", func(s *Service) { s.SessionAffinity = "Cookie" },
			[]string{`service default/web: spec.sessionAffinity: Unsupported value: "Cookie": supported values: "ClientIP", "None"`}},
		{"lb ip on NodePort", func(s *Service) { s.Type = NodePort; s.LoadBalancerIP = ip("203.0.113.7") },
			[]string{"service default/web: spec.loadBalancerIP: Forbidden: may only be used when `type` is 'LoadBalancer'"}},
		{"invalid selector", func(s *Service) { s.Selector = selector.Set{"app": "web", "NoSpecialCharsLike=Equals": "bar"} },
			[]string{`service default/web: spec.selector: Invalid value: "NoSpecialCharsLike=Equals": name part ` + nameRuleForTest(t)}},
		{"nil selector", func(s *Service) { s.Selector = nil }, nil},
		{"invalid port headless 1", func(s *Service) { s.Headless = true; s.Ports[1].TargetPort = TargetPortNumber(11721) }, nil},
		{"invalid port headless 2", func(s *Service) { s.Headless = true; s.Ports[1].TargetPort = TargetPortName("target") }, nil},
		{"bad selector value", func(s *Service) { s.Selector = selector.Set{"app": "web!"} },
			[]string{`service default/web: spec.selector: Invalid value: "web!": ` + labelValueReason(t, "web!")}},
		{"several at once", func(s *Service) { s.Name = "Web"; s.Ports[1].Name = ""; s.Ports[0].Port = 0 },
			[]string{
				`service default/Web: metadata.name: Invalid value: "Web": ` + validation.IsDNS1035Label("Web")[0],
				"service default/Web: spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive",
				"service default/Web: spec.ports[1].name: Required value",
			}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := webService()
			tc.mutate(&s)
			err := s.Validate()
			if len(tc.want) == 0 {
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("no error, want %q", tc.want)
			}
			if !errors.Is(err, ErrInvalid) {
				t.Errorf("%v does not wrap ErrInvalid", err)
			}
			fes := fieldErrors(t, err)
			var got []string
			for _, fe := range fes {
				got = append(got, fe.Error())
			}
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("got\n  %s\nwant\n  %s", strings.Join(got, "\n  "), strings.Join(tc.want, "\n  "))
			}
		})
	}
}

func TestValidateAggregateMessage(t *testing.T) {
	s := webService()
	s.Ports[0].Name, s.Ports[1].Name = "", ""
	want := "service default/web: [spec.ports[0].name: Required value, spec.ports[1].name: Required value]"
	if got := s.Validate().Error(); got != want {
		t.Errorf("got %q\nwant %q", got, want)
	}
}

func FuzzValidate(f *testing.F) {
	f.Add("web", "default", "http", int32(80), "TCP", "http", int32(0), "ClusterIP", "", false)
	f.Add("ext", "", "", int32(0), "", "", int32(30000), "ExternalName", "Example.com.", true)
	f.Fuzz(func(t *testing.T, name, ns, pname string, port int32, proto, target string, nodePort int32,
		typ, ext string, headless bool) {
		s := Service{Name: name, Namespace: ns, Type: Type(typ), ExternalName: ext, Headless: headless,
			Ports: []Port{{Name: pname, Port: port, Protocol: pod.Protocol(proto), TargetPort: TargetPortName(target), NodePort: nodePort}}}
		err := s.Validate()
		if err != nil && !errors.Is(err, ErrInvalid) {
			t.Fatalf("%v does not wrap ErrInvalid", err)
		}
		if err == nil && len(validation.IsDNS1035Label(name)) > 0 {
			t.Fatalf("invalid name %q accepted", name)
		}
		_ = s.WithDefaults().Validate()
		_ = s.String()
		_ = s.Records("cluster.local", DefaultTTL, nil)
		_ = EnvVars([]Service{s})
	})
}

// Validating a valid Service renders nothing for errors it does not
// report (no field paths, no addresses): one allocation, the object's
// name, whatever its ports, clusterIPs and ipFamilies.
func TestValidateAllocations(t *testing.T) {
	s := Service{Namespace: "kube-system", Name: "kube-dns", Selector: map[string]string{"k8s-app": "kube-dns"},
		ClusterIP: netip.MustParseAddr("10.96.0.10"), Ports: []Port{
			{Name: "dns", Protocol: pod.UDP, Port: 53, TargetPort: TargetPortName("dns")},
			{Name: "dns-tcp", Protocol: pod.TCP, Port: 53, TargetPort: TargetPortNumber(53)},
			{Name: "metrics", Protocol: pod.TCP, Port: 9153, TargetPort: TargetPortNumber(9153)},
		}}.WithDefaults()
	s, err := DefaultIPFamilies(NormalizeClusterIPs(s, nil), nil, []IPFamily{IPv4Protocol})
	if err != nil || len(s.ClusterIPs) != 1 || len(s.IPFamilies) != 1 {
		t.Fatalf("defaulted: %v, %v, %v", s.ClusterIPs, s.IPFamilies, err)
	}
	if n := testing.AllocsPerRun(100, func() {
		if err := s.Validate(); err != nil {
			t.Fatal(err)
		}
	}); n > 1 {
		t.Errorf("Validate: %v allocations, want at most 1", n)
	}
}
