package endpoints

import (
	"fmt"
	"net/netip"
	"testing"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
	"github.com/svcsim/svcsim/service"
)

var webLabels = selector.Set{"app": "web"}

func testService(mod func(*service.Service)) service.Service {
	s := service.Service{Namespace: "default", Name: "web", Type: service.ClusterIP, Selector: webLabels,
		ClusterIP: netip.MustParseAddr("10.96.0.10"),
		Ports:     []service.Port{{Name: "http", Port: 80, TargetPort: service.TargetPortName("http")}}}
	if mod != nil {
		mod(&s)
	}
	return s
}

func testPod(name, ip string, mod func(*pod.Pod)) pod.Pod {
	p := pod.Pod{Namespace: "default", Name: name, Labels: webLabels, NodeName: "node-1", Phase: pod.Running, Ready: true,
		Ports: []pod.ContainerPort{{Name: "http", Port: 8080}}}
	if ip != "" {
		p.IP = netip.MustParseAddr(ip)
	}
	if mod != nil {
		mod(&p)
	}
	return p
}

// render prints Endpoints and slices compactly for table tests.
func render(ep Endpoints, sl []Slice) string {
	out := ""
	for _, s := range ep.Subsets {
		out += "subset"
		for _, p := range s.Ports {
			out += fmt.Sprintf(" %s:%d/%s", p.Name, p.Port, p.Protocol)
		}
		for _, a := range s.Addresses {
			out += " +" + a.Pod
		}
		for _, a := range s.NotReadyAddresses {
			out += " -" + a.Pod
		}
		out += "; "
	}
	if ep.Truncated {
		out += "truncated; "
	}
	for _, s := range sl {
		out += "slice " + string(s.AddressType)
		for _, p := range s.Ports {
			out += fmt.Sprintf(" %s:%d", p.Name, p.Port)
		}
		out += " ["
		for i, e := range s.Endpoints {
			if i > 0 {
				out += " "
			}
			c := e.Conditions
			out += fmt.Sprintf("%s:%s", e.Pod, flags(c.Ready, c.Serving, c.Terminating))
		}
		out += "]; "
	}
	return out
}

func flags(r, s, t bool) string {
	b := []byte("---")
	if r {
		b[0] = 'R'
	}
	if s {
		b[1] = 'S'
	}
	if t {
		b[2] = 'T'
	}
	return string(b)
}

// TestCompute covers the rules of both controllers: syncService in
// kubernetes pkg/controller/endpoint/endpoints_controller.go for Endpoints,
// podToEndpoint and the reconciler in staging/src/k8s.io/endpointslice for
// slices.
func TestCompute(t *testing.T) {
	tests := []struct {
		name string
		svc  service.Service
		pods []pod.Pod
		want string
	}{
		{"ready and not ready", testService(nil),
			[]pod.Pod{testPod("a", "10.0.0.1", nil), testPod("b", "10.0.0.2", func(p *pod.Pod) { p.Ready = false })},
			"subset http:8080/TCP +default/a -default/b; slice IPv4 http:8080 [default/a:RS- default/b:---]; "},
		{"terminal phases and pods without IP are left out", testService(nil),
			[]pod.Pod{testPod("a", "10.0.0.1", func(p *pod.Pod) { p.Phase = pod.Succeeded }),
				testPod("b", "10.0.0.2", func(p *pod.Pod) { p.Phase = pod.Failed }),
				testPod("c", "", nil), testPod("d", "10.0.0.4", func(p *pod.Pod) { p.Phase = pod.Pending })},
			"subset http:8080/TCP +default/d; slice IPv4 http:8080 [default/d:RS-]; "},
		{"terminating: out of Endpoints, in slices", testService(nil),
			[]pod.Pod{testPod("a", "10.0.0.1", func(p *pod.Pod) { p.Terminating = true })},
			"slice IPv4 http:8080 [default/a:-ST]; "},
		{"terminating with publishNotReadyAddresses", testService(func(s *service.Service) { s.PublishNotReadyAddresses = true }),
			[]pod.Pod{testPod("a", "10.0.0.1", func(p *pod.Pod) { p.Terminating = true; p.Ready = false })},
			"subset http:8080/TCP +default/a; slice IPv4 http:8080 [default/a:R-T]; "},
		{"publishNotReadyAddresses puts not-ready pods in addresses", testService(func(s *service.Service) { s.PublishNotReadyAddresses = true }),
			[]pod.Pod{testPod("a", "10.0.0.1", func(p *pod.Pod) { p.Ready = false })},
			"subset http:8080/TCP +default/a; slice IPv4 http:8080 [default/a:R--]; "},
		{"named port resolving differently splits subsets and slices", testService(nil),
			[]pod.Pod{testPod("a", "10.0.0.1", nil), testPod("b", "10.0.0.2", func(p *pod.Pod) { p.Ports = []pod.ContainerPort{{Name: "http", Port: 9090}} })},
			"subset http:8080/TCP +default/a; subset http:9090/TCP +default/b; slice IPv4 http:8080 [default/a:RS-]; slice IPv4 http:9090 [default/b:RS-]; "},
		{"a pod missing a named port is omitted for that port only",
			testService(func(s *service.Service) {
				s.Ports = []service.Port{{Name: "http", Port: 80, TargetPort: service.TargetPortName("http")},
					{Name: "metrics", Port: 9100, TargetPort: service.TargetPortName("metrics")}}
			}),
			[]pod.Pod{testPod("a", "10.0.0.1", func(p *pod.Pod) {
				p.Ports = []pod.ContainerPort{{Name: "http", Port: 8080}, {Name: "metrics", Port: 9100}}
			}), testPod("b", "10.0.0.2", nil)},
			"subset http:8080/TCP +default/a +default/b; subset metrics:9100/TCP +default/a; slice IPv4 http:8080 [default/b:RS-]; slice IPv4 http:8080 metrics:9100 [default/a:RS-]; "},
		{"named port with another protocol does not resolve", testService(func(s *service.Service) { s.Ports[0].Protocol = pod.UDP }),
			[]pod.Pod{testPod("a", "10.0.0.1", nil)},
			"slice IPv4 [default/a:RS-]; "},
		{"numeric targetPort is used as is", testService(func(s *service.Service) { s.Ports[0].TargetPort = service.TargetPortNumber(7000) }),
			[]pod.Pod{testPod("a", "10.0.0.1", func(p *pod.Pod) { p.Ports = nil })},
			"subset http:7000/TCP +default/a; slice IPv4 http:7000 [default/a:RS-]; "},
		{"headless with no ports: one port-less subset", testService(func(s *service.Service) { s.Headless, s.ClusterIP, s.Ports = true, netip.Addr{}, nil }),
			[]pod.Pod{testPod("a", "10.0.0.1", nil), testPod("b", "10.0.0.2", func(p *pod.Pod) { p.Ready = false })},
			"subset +default/a -default/b; slice IPv4 [default/a:RS- default/b:---]; "},
		{"addresses sort byte-wise by IP string", testService(nil),
			[]pod.Pod{testPod("nine", "10.0.0.9", nil), testPod("ten", "10.0.0.10", nil)},
			"subset http:8080/TCP +default/ten +default/nine; slice IPv4 http:8080 [default/ten:RS- default/nine:RS-]; "},
		{"ExternalName: nothing", testService(func(s *service.Service) { s.Type = service.ExternalName }),
			[]pod.Pod{testPod("a", "10.0.0.1", nil)}, ""},
		{"nil selector: nothing", testService(func(s *service.Service) { s.Selector = nil }),
			[]pod.Pod{testPod("a", "10.0.0.1", nil)}, ""},
		{"empty selector: nothing, not everything", testService(func(s *service.Service) { s.Selector = selector.Set{} }),
			[]pod.Pod{testPod("a", "10.0.0.1", nil)}, ""},
		{"no pods: empty subsets and one placeholder slice", testService(nil), nil, "slice IPv4 []; "},
		{"other namespace and other labels are ignored", testService(nil),
			[]pod.Pod{testPod("a", "10.0.0.1", func(p *pod.Pod) { p.Namespace = "other" }),
				testPod("b", "10.0.0.2", func(p *pod.Pod) { p.Labels = selector.Set{"app": "db"} })},
			"slice IPv4 []; "},
		{"IPv6 Service: IPv4 pods are left out", testService(func(s *service.Service) { s.ClusterIP = netip.MustParseAddr("fd00::10") }),
			[]pod.Pod{testPod("a", "10.0.0.1", nil), testPod("b", "fd00::1", nil)},
			"subset http:8080/TCP +default/b; slice IPv6 http:8080 [default/b:RS-]; "},
		{"headless follows the pods' families", testService(func(s *service.Service) { s.Headless, s.ClusterIP = true, netip.Addr{} }),
			[]pod.Pod{testPod("a", "10.0.0.1", nil), testPod("b", "fd00::1", nil)},
			"subset http:8080/TCP +default/a +default/b; slice IPv4 http:8080 [default/a:RS-]; slice IPv6 http:8080 [default/b:RS-]; "},
		{"headless IPv6 family: IPv6 pods only, IPv6 placeholder", testService(func(s *service.Service) {
			s.Headless, s.ClusterIP, s.IPFamilies = true, netip.Addr{}, []service.IPFamily{service.IPv6Protocol}
		}), []pod.Pod{testPod("a", "10.0.0.1", nil)}, "slice IPv6 []; "},
		{"ipFamilies[0] wins over the ClusterIP's family", testService(func(s *service.Service) {
			s.IPFamilies = []service.IPFamily{service.IPv6Protocol}
		}), []pod.Pod{testPod("a", "10.0.0.1", nil), testPod("b", "fd00::1", nil)},
			"subset http:8080/TCP +default/b; slice IPv6 http:8080 [default/b:RS-]; "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ep, sl := Compute(tt.svc, tt.pods, Options{})
			if got := render(ep, sl); got != tt.want {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}

// TestComputeSlicesCut: slices hold at most MaxEndpointsPerSlice endpoints.
func TestComputeSlicesCut(t *testing.T) {
	var pods []pod.Pod
	for i := range 250 {
		pods = append(pods, testPod(fmt.Sprintf("p%d", i), fmt.Sprintf("10.0.%d.%d", i/200, i%200), nil))
	}
	_, sl := Compute(testService(nil), pods, Options{})
	if len(sl) != 3 || len(sl[0].Endpoints) != 100 || len(sl[1].Endpoints) != 100 || len(sl[2].Endpoints) != 50 {
		t.Fatalf("got %d slices", len(sl))
	}
	_, sl = Compute(testService(nil), pods, Options{MaxEndpointsPerSlice: 1000})
	if len(sl) != 1 {
		t.Fatalf("max 1000: got %d slices", len(sl))
	}
}
