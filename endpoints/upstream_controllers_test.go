package endpoints

import (
	"fmt"
	"net/netip"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/service"
)

// computeAndSync returns what Compute gives for svc and pods, after
// checking that a Controller told about them from scratch agrees.
func computeAndSync(t *testing.T, svc service.Service, pods []pod.Pod, opts Options) (Endpoints, []Slice) {
	t.Helper()
	ep, sl := Compute(svc, pods, opts)
	c := NewController(opts)
	c.SetService(svc, nil)
	for _, p := range pods {
		c.SetPod(p, nil)
	}
	c.Sync(keyOf(svc.Namespace, svc.Name))
	require.NoError(t, c.Check([]service.Service{svc}, pods))
	return ep, sl
}

// countAddresses returns the ready and not-ready addresses of ep.
func countAddresses(ep Endpoints) (ready, notReady int) {
	for _, s := range ep.Subsets {
		ready += len(s.Addresses)
		notReady += len(s.NotReadyAddresses)
	}
	return ready, notReady
}

// TestUpstreamSyncServiceAddresses ports kubernetes
// pkg/controller/endpoint/endpoints_controller_test.go,
// TestSyncServiceAddresses: which pods the Endpoints hold, ready or not,
// by phase, readiness, termination and publishNotReadyAddresses.
func TestUpstreamSyncServiceAddresses(t *testing.T) {
	tests := []struct {
		name                    string
		phase                   pod.Phase
		ready, terminating      bool
		tolerateUnready         bool
		wantReady, wantNotReady int
	}{
		{"pod running phase", pod.Running, true, false, false, 1, 0},
		{"pod running phase being deleted", pod.Running, true, true, false, 0, 0},
		{"pod unknown phase container ready", pod.Unknown, true, false, false, 1, 0},
		{"pod unknown phase container ready being deleted", pod.Unknown, true, true, false, 0, 0},
		{"pod pending phase container ready", pod.Pending, true, false, false, 1, 0},
		{"pod pending phase container ready being deleted", pod.Pending, true, true, false, 0, 0},
		{"pod unknown phase container not ready", pod.Unknown, false, false, false, 0, 1},
		{"pod pending phase container not ready", pod.Pending, false, false, false, 0, 1},
		{"pod failed phase", pod.Failed, false, false, false, 0, 0},
		{"pod succeeded phase", pod.Succeeded, false, false, false, 0, 0},
		{"pod running phase and tolerate unready", pod.Running, false, false, true, 1, 0},
		{"pod running phase and tolerate unready being deleted", pod.Running, false, true, true, 1, 0},
		{"pod unknown phase and tolerate unready", pod.Unknown, false, false, true, 1, 0},
		{"pod unknown phase and tolerate unready being deleted", pod.Unknown, false, true, true, 1, 0},
		{"pod pending phase and tolerate unready", pod.Pending, false, false, true, 1, 0},
		{"pod pending phase and tolerate unready being deleted", pod.Pending, false, true, true, 1, 0},
		{"pod failed phase and tolerate unready", pod.Failed, false, false, true, 0, 0},
		{"pod succeeded phase and tolerate unready endpoints", pod.Succeeded, false, false, true, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			svc := testService(func(s *service.Service) { s.PublishNotReadyAddresses = tt.tolerateUnready })
			p := testPod("fakepod", "10.1.1.1", func(p *pod.Pod) {
				p.Phase, p.Ready, p.Terminating = tt.phase, tt.ready, tt.terminating
			})
			ep, _ := computeAndSync(t, svc, []pod.Pod{p}, Options{})
			r, n := countAddresses(ep)
			require.Equal(t, [2]int{tt.wantReady, tt.wantNotReady}, [2]int{r, n})
		})
	}
}

// TestUpstreamSyncEndpoints ports the cases of kubernetes
// pkg/controller/endpoint/endpoints_controller_test.go whose Endpoints
// content depends on the Service spec: ExternalName
// (TestSyncServiceExternalNameType), the ports' protocols
// (TestSyncEndpointsProtocolTCP/UDP/SCTP), several ports and pods of other
// namespaces (TestSyncEndpointsItems), headless Services
// (TestSyncEndpointsHeadlessService, TestSyncEndpointsHeadlessWithoutPort),
// appProtocol (TestEndpointPortFromServicePort) and the address family
// (TestPodToEndpointAddressForService).
func TestUpstreamSyncEndpoints(t *testing.T) {
	three := func(ns string) []pod.Pod {
		var out []pod.Pod
		for i := range 3 {
			out = append(out, testPod(fmt.Sprint("pod", i), fmt.Sprintf("1.2.3.%d", 4+i), func(p *pod.Pod) {
				p.Namespace = ns
				p.Ports = []pod.ContainerPort{{Name: "port0", Port: 8080}, {Name: "port1", Port: 8088}}
			}))
		}
		return out
	}
	numeric := func(name string, port, target int32, proto pod.Protocol) service.Port {
		return service.Port{Name: name, Port: port, TargetPort: service.TargetPortNumber(target), Protocol: proto}
	}
	tests := []struct {
		name string
		svc  func(*service.Service)
		pods []pod.Pod
		want string
	}{
		{"External name with selector and ports should not receive endpoints",
			func(s *service.Service) { s.Type, s.ClusterIP = service.ExternalName, netip.Addr{} }, three("default"), ""},
		{"External name with ports should not receive endpoints",
			func(s *service.Service) { s.Type, s.ClusterIP, s.Selector = service.ExternalName, netip.Addr{}, nil }, three("default"), ""},
		{"External name with selector should not receive endpoints",
			func(s *service.Service) { s.Type, s.ClusterIP, s.Ports = service.ExternalName, netip.Addr{}, nil }, three("default"), ""},
		{"External name without selector and ports should not receive endpoints",
			func(s *service.Service) {
				s.Type, s.ClusterIP, s.Selector, s.Ports = service.ExternalName, netip.Addr{}, nil, nil
			},
			three("default"), ""},
		{"TestSyncEndpointsProtocolTCP", func(s *service.Service) { s.Ports = []service.Port{numeric("", 80, 8080, pod.TCP)} },
			three("default")[:1], "subset :8080/TCP +default/pod0; slice IPv4 :8080 [default/pod0:RS-]; "},
		{"TestSyncEndpointsProtocolUDP", func(s *service.Service) { s.Ports = []service.Port{numeric("", 80, 8080, pod.UDP)} },
			three("default")[:1], "subset :8080/UDP +default/pod0; slice IPv4 :8080 [default/pod0:RS-]; "},
		{"TestSyncEndpointsProtocolSCTP", func(s *service.Service) { s.Ports = []service.Port{numeric("", 80, 8080, pod.SCTP)} },
			three("default")[:1], "subset :8080/SCTP +default/pod0; slice IPv4 :8080 [default/pod0:RS-]; "},
		{"TestSyncEndpointsItems", func(s *service.Service) {
			s.Ports = []service.Port{numeric("port0", 80, 8080, pod.TCP), numeric("port1", 88, 8088, pod.TCP)}
		}, append(three("default"), three("blah")...),
			"subset port0:8080/TCP port1:8088/TCP +default/pod0 +default/pod1 +default/pod2; " +
				"slice IPv4 port0:8080 port1:8088 [default/pod0:RS- default/pod1:RS- default/pod2:RS-]; "},
		{"TestSyncEndpointsHeadlessService", func(s *service.Service) { s.Headless, s.ClusterIP, s.Ports = true, netip.Addr{}, nil },
			three("default")[:1], "subset +default/pod0; slice IPv4 [default/pod0:RS-]; "},
		{"TestSyncEndpointsHeadlessWithoutPort", func(s *service.Service) {
			s.Headless, s.ClusterIP, s.Ports, s.IPFamilies = true, netip.Addr{}, nil, []service.IPFamily{service.IPv4Protocol}
		}, three("default")[:1], "subset +default/pod0; slice IPv4 [default/pod0:RS-]; "},
		{"v4 service, in a single stack cluster", func(s *service.Service) { s.IPFamilies = []service.IPFamily{service.IPv4Protocol} },
			[]pod.Pod{testPod("p", "1.2.3.4", nil)}, "subset http:8080/TCP +default/p; slice IPv4 http:8080 [default/p:RS-]; "},
		{"v4 headless service, in a single stack cluster", func(s *service.Service) {
			s.Headless, s.ClusterIP, s.IPFamilies = true, netip.Addr{}, []service.IPFamily{service.IPv4Protocol}
		}, []pod.Pod{testPod("p", "1.2.3.4", nil)}, "subset http:8080/TCP +default/p; slice IPv4 http:8080 [default/p:RS-]; "},
		{"v6 headless service, in a single stack cluster", func(s *service.Service) {
			s.Headless, s.ClusterIP, s.IPFamilies = true, netip.Addr{}, []service.IPFamily{service.IPv6Protocol}
		}, []pod.Pod{testPod("p", "2000::4", nil)}, "subset http:8080/TCP +default/p; slice IPv6 http:8080 [default/p:RS-]; "},
		{"v6 service, in a v4 only cluster", func(s *service.Service) {
			s.ClusterIP, s.IPFamilies = netip.MustParseAddr("3000::1"), []service.IPFamily{service.IPv6Protocol}
		}, []pod.Pod{testPod("p", "1.2.3.4", nil)}, "slice IPv6 []; "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ep, sl := computeAndSync(t, testService(tt.svc), tt.pods, Options{})
			require.Equal(t, tt.want, render(ep, sl))
		})
	}
	t.Run("TestEndpointPortFromServicePort", func(t *testing.T) {
		for _, app := range []string{"", "http"} {
			svc := testService(func(s *service.Service) { s.Ports[0].AppProtocol = app })
			ep, sl := computeAndSync(t, svc, []pod.Pod{testPod("p", "1.2.3.4", nil)}, Options{})
			require.Equal(t, app, ep.Subsets[0].Ports[0].AppProtocol)
			require.Equal(t, app, sl[0].Ports[0].AppProtocol)
		}
	})
}

// TestUpstreamPodToEndpoint ports kubernetes
// staging/src/k8s.io/endpointslice/utils_test.go, TestPodToEndpoint: the
// slice endpoint of one pod (the node of every case is node-1, zone
// us-central1-a when the case gives the node its labels).
func TestUpstreamPodToEndpoint(t *testing.T) {
	zoned := func(node string) string { return map[string]string{"node-1": "us-central1-a"}[node] }
	tests := []struct {
		name            string
		ready, term     bool
		publishNotReady bool
		zones           bool
		hostname        string
		dualIPs         bool
		want            Endpoint
	}{
		{name: "Ready pod", ready: true, want: Endpoint{Conditions: Conditions{Ready: true, Serving: true}}},
		{name: "Ready pod + publishNotReadyAddresses", ready: true, publishNotReady: true,
			want: Endpoint{Conditions: Conditions{Ready: true, Serving: true}}},
		{name: "Unready pod", want: Endpoint{}},
		{name: "Unready pod + publishNotReadyAddresses", publishNotReady: true, want: Endpoint{Conditions: Conditions{Ready: true}}},
		{name: "Ready pod + node labels", ready: true, zones: true,
			want: Endpoint{Conditions: Conditions{Ready: true, Serving: true}, Zone: "us-central1-a"}},
		{name: "Multi IP Ready pod + node labels", ready: true, zones: true, dualIPs: true,
			want: Endpoint{Conditions: Conditions{Ready: true, Serving: true}, Zone: "us-central1-a"}},
		{name: "Ready pod + hostname", ready: true, zones: true, hostname: "example-hostname",
			want: Endpoint{Conditions: Conditions{Ready: true, Serving: true}, Zone: "us-central1-a", Hostname: "example-hostname"}},
		{name: "Ready terminating pod", ready: true, term: true, want: Endpoint{Conditions: Conditions{Serving: true, Terminating: true}}},
		{name: "Not ready terminating pod", term: true, want: Endpoint{Conditions: Conditions{Terminating: true}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			svc := testService(func(s *service.Service) { s.PublishNotReadyAddresses = tt.publishNotReady })
			p := testPod("pod1", "1.2.3.5", func(p *pod.Pod) {
				p.Ready, p.Terminating = tt.ready, tt.term
				if tt.hostname != "" {
					p.Hostname, p.Subdomain = tt.hostname, svc.Name
				}
				if tt.dualIPs {
					p.IP = netip.MustParseAddr("1.2.3.4")
					p.IPs = []netip.Addr{p.IP, netip.MustParseAddr("1234::5678:0000:0000:9abc:def0")}
				}
			})
			opts := Options{}
			if tt.zones {
				opts.NodeZone = zoned
			}
			_, sl := computeAndSync(t, svc, []pod.Pod{p}, opts)
			want := tt.want
			want.Addresses, want.NodeName, want.Pod = []netip.Addr{p.IP}, "node-1", "default/pod1"
			require.Len(t, sl, 1)
			require.Equal(t, []Endpoint{want}, sl[0].Endpoints)
		})
	}
}

// TestUpstreamGetEndpointPorts ports kubernetes
// staging/src/k8s.io/endpointslice/utils_test.go, TestGetEndpointPorts:
// a slice's ports carry the Service ports' appProtocol, named target ports
// resolved on the pod.
func TestUpstreamGetEndpointPorts(t *testing.T) {
	tests := []struct {
		name  string
		ports []service.Port
		cport []pod.ContainerPort
		want  []EndpointPort
	}{
		{"service with AppProtocol on one port",
			[]service.Port{{Name: "http", Port: 80, TargetPort: service.TargetPortNumber(80), Protocol: pod.TCP,
				AppProtocol: "example.com/custom-protocol"}}, nil,
			[]EndpointPort{{Name: "http", Port: 80, Protocol: pod.TCP, AppProtocol: "example.com/custom-protocol"}}},
		{"service with named port and AppProtocol on one port",
			[]service.Port{{Name: "http", Port: 80, TargetPort: service.TargetPortNumber(80), Protocol: pod.TCP},
				{Name: "https", Port: 443, TargetPort: service.TargetPortName("https"), Protocol: pod.TCP, AppProtocol: "https"}},
			[]pod.ContainerPort{{Name: "https", Port: 443, Protocol: pod.TCP}},
			[]EndpointPort{{Name: "http", Port: 80, Protocol: pod.TCP}, {Name: "https", Port: 443, Protocol: pod.TCP, AppProtocol: "https"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			svc := testService(func(s *service.Service) { s.Ports = tt.ports })
			_, sl := computeAndSync(t, svc, []pod.Pod{testPod("p", "10.0.0.1", func(p *pod.Pod) { p.Ports = tt.cport })}, Options{})
			require.Equal(t, tt.want, sl[0].Ports)
		})
	}
}

// TestUpstreamAddressTypes ports the single-family cases of kubernetes
// staging/src/k8s.io/endpointslice/utils_test.go,
// TestSupportedServiceAddressType and TestDesiredEndpointSlicesFromServicePods:
// the address types of a Service's slices, given one IPv4 and one IPv6
// pod (a dual-stack Service's two families are two controllers' views,
// tested in package sim).
func TestUpstreamAddressTypes(t *testing.T) {
	pods := []pod.Pod{testPod("v4", "10.0.0.1", nil), testPod("v6", "fd00::1", nil)}
	tests := []struct {
		name string
		svc  func(*service.Service)
		pods []pod.Pod
		want []AddressType
	}{
		{"v4 service with no ip families (cluster upgrade)", nil, pods, []AddressType{IPv4}},
		{"v6 service with no ip families (cluster upgrade)",
			func(s *service.Service) { s.ClusterIP = netip.MustParseAddr("2000::1") }, pods, []AddressType{IPv6}},
		{"v4 service", func(s *service.Service) { s.IPFamilies = []service.IPFamily{service.IPv4Protocol} }, pods, []AddressType{IPv4}},
		{"v6 services", func(s *service.Service) {
			s.ClusterIP, s.IPFamilies = netip.MustParseAddr("2000::1"), []service.IPFamily{service.IPv6Protocol}
		}, pods, []AddressType{IPv6}},
		{"headless with selector and no families (old api-server)",
			func(s *service.Service) { s.Headless, s.ClusterIP = true, netip.Addr{} }, pods, []AddressType{IPv4, IPv6}},
		{"ipv4 service", func(s *service.Service) { s.IPFamilies = []service.IPFamily{service.IPv4Protocol} }, nil, []AddressType{IPv4}},
		{"ipv6 service", func(s *service.Service) {
			s.ClusterIP, s.IPFamilies = netip.MustParseAddr("2000::1"), []service.IPFamily{service.IPv6Protocol}
		}, nil, []AddressType{IPv6}},
		{"one pod with no address type", func(s *service.Service) {
			s.ClusterIP, s.IPFamilies = netip.MustParseAddr("2000::1"), []service.IPFamily{service.IPv6Protocol}
		}, pods[:1], []AddressType{IPv6}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, sl := computeAndSync(t, testService(tt.svc), tt.pods, Options{})
			var got []AddressType
			for _, s := range sl {
				got = append(got, s.AddressType)
			}
			slices.Sort(got)
			require.Equal(t, tt.want, got)
		})
	}
	t.Run("two pods, one is not ready", func(t *testing.T) {
		_, sl := computeAndSync(t, testService(nil), []pod.Pod{testPod("p0", "10.0.0.1", nil),
			testPod("p1", "10.0.0.2", func(p *pod.Pod) { p.Ready, p.NodeName = false, "node-2" })}, Options{})
		require.Equal(t, "slice IPv4 http:8080 [default/p0:RS- default/p1:---]; ", render(Endpoints{}, sl))
	})
}

// TestUpstreamReconcileSlices ports the cases of kubernetes
// staging/src/k8s.io/endpointslice/reconciler_test.go that fix what the
// slices hold: TestReconcile1EndpointSlicePublishNotReadyAddresses,
// TestReconcileMaxEndpointsPerSlice and
// TestReconcileEndpointSlicesNamedPorts.
func TestUpstreamReconcileSlices(t *testing.T) {
	many := func(n int, mod func(i int, p *pod.Pod)) []pod.Pod {
		var out []pod.Pod
		for i := range n {
			out = append(out, testPod(fmt.Sprint("pod", i), fmt.Sprintf("10.%d.%d.%d", i>>16&255, i>>8&255, i&255), func(p *pod.Pod) {
				p.Ready = i%3 != 0
				if mod != nil {
					mod(i, p)
				}
			}))
		}
		return out
	}
	lengths := func(sl []Slice) []int {
		var out []int
		for _, s := range sl {
			out = append(out, len(s.Endpoints))
		}
		slices.Sort(out)
		return out
	}
	t.Run("TestReconcile1EndpointSlicePublishNotReadyAddresses", func(t *testing.T) {
		svc := testService(func(s *service.Service) { s.PublishNotReadyAddresses = true })
		_, sl := computeAndSync(t, svc, many(50, nil), Options{})
		require.Equal(t, []int{50}, lengths(sl))
		for _, e := range sl[0].Endpoints {
			require.True(t, e.Conditions.Ready, e.Pod)
		}
	})
	for _, tc := range []struct {
		max  int
		want []int
	}{{50, []int{50, 50, 50, 50, 50}}, {80, []int{10, 80, 80, 80}}, {150, []int{100, 150}}, {250, []int{250}}, {500, []int{250}}} {
		t.Run(fmt.Sprintf("maxEndpointsPerSlice: %d", tc.max), func(t *testing.T) {
			_, sl := computeAndSync(t, testService(nil), many(250, nil), Options{MaxEndpointsPerSlice: tc.max})
			require.Equal(t, tc.want, lengths(sl))
		})
	}
	t.Run("TestReconcileEndpointSlicesNamedPorts", func(t *testing.T) {
		svc := testService(func(s *service.Service) {
			s.Ports = []service.Port{{TargetPort: service.TargetPortName("http"), Protocol: pod.TCP}}
		})
		_, sl := computeAndSync(t, svc, many(300, func(i int, p *pod.Pod) {
			p.Ports = []pod.ContainerPort{{Name: "http", Port: int32(8080 + i%5), Protocol: pod.TCP}}
		}), Options{})
		require.Equal(t, []int{60, 60, 60, 60, 60}, lengths(sl))
		var ports []int32
		for _, s := range sl {
			require.Len(t, s.Ports, 1)
			require.Equal(t, IPv4, s.AddressType)
			ports = append(ports, s.Ports[0].Port)
		}
		slices.Sort(ports)
		require.Equal(t, []int32{8080, 8081, 8082, 8083, 8084}, ports)
	})
}

// TestUpstreamReconcileTrafficDistribution ports kubernetes
// staging/src/k8s.io/endpointslice/reconciler_test.go,
// TestReconcile_TrafficDistribution: node-0 in zone-a holds pod-0, node-1
// in zone-b pods 1 to 3, node-2 in zone-c pods 4 and 5; the hints per
// zone. The topology annotation Auto hands the Service to the topology
// cache, which svcsim does not model (its nodes have no allocatable CPU):
// no hints, where upstream spreads them by CPU.
func TestUpstreamReconcileTrafficDistribution(t *testing.T) {
	zones := func(node string) string {
		return map[string]string{"node-0": "zone-a", "node-1": "zone-b", "node-2": "zone-c"}[node]
	}
	var pods []pod.Pod
	for i, node := range []string{"node-0", "node-1", "node-1", "node-1", "node-2", "node-2"} {
		pods = append(pods, testPod(fmt.Sprint("pod-", i), fmt.Sprintf("10.0.0.%d", i+1), func(p *pod.Pod) { p.NodeName = node }))
	}
	tests := []struct {
		name       string
		dist       string
		annotation string
		want       map[string]int // endpoints by zone hint; "" for none
	}{
		{"trafficDistribution=PreferClose, topologyAnnotation=Disabled", service.TrafficDistributionPreferClose, "Disabled",
			map[string]int{"zone-a": 1, "zone-b": 3, "zone-c": 2}},
		{"trafficDistribution=PreferClose, topologyAnnotation=Auto", service.TrafficDistributionPreferClose, "Auto",
			map[string]int{"": 6}},
		{"trafficDistribution=<empty>, topologyAnnotation=<empty>", "", "", map[string]int{"": 6}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			svc := testService(func(s *service.Service) {
				s.TrafficDistribution = tt.dist
				s.Annotations = map[string]string{service.DeprecatedAnnotationTopologyAwareHints: tt.annotation}
			})
			_, sl := computeAndSync(t, svc, pods, Options{NodeZone: zones})
			got := map[string]int{}
			for _, s := range sl {
				for _, e := range s.Endpoints {
					hint := ""
					if e.Hints != nil && len(e.Hints.ForZones) == 1 {
						hint = e.Hints.ForZones[0]
						require.Equal(t, e.Zone, hint, "cross-zone hint on %s", e.Pod)
					}
					got[hint]++
				}
			}
			require.Equal(t, tt.want, got)
		})
	}
}

// TestUpstreamReservedLabelsNoUpdate ports kubernetes
// staging/src/k8s.io/endpointslice/reconciler_test.go,
// TestReconcileEndpointSlicesServicesReservedLabels: a Service that only
// gains the reserved labels leaves its slices as they were, while
// TestReconcileEndpointSlicesServicesLabelsUpdating's ordinary label
// rewrites every slice. (The Sync still counts a change: the Endpoints
// object copies every Service label, reserved ones included.)
func TestUpstreamReservedLabelsNoUpdate(t *testing.T) {
	c := NewController(Options{})
	svc := testService(nil)
	key := ServiceKey{"default", "web"}
	c.SetService(svc, nil)
	for i := range 250 {
		c.SetPod(testPod(fmt.Sprint("pod", i), fmt.Sprintf("10.0.%d.%d", i>>8, i&255), nil), nil)
	}
	c.Sync(key)
	g := c.Generation(key)
	before := c.Slices("default", "web")
	svc.Labels = map[string]string{LabelServiceName: "bad", LabelManagedBy: "actor", LabelHeadless: "invalid"}
	for _, k := range c.SetService(svc, nil) {
		c.Sync(k)
	}
	require.Equal(t, before, c.Slices("default", "web"))
	g = c.Generation(key)
	svc.Labels = map[string]string{"foo": "bar"}
	for _, k := range c.SetService(svc, nil) {
		c.Sync(k)
	}
	require.Greater(t, c.Generation(key), g)
	for _, s := range c.Slices("default", "web") {
		require.Equal(t, "bar", s.Labels["foo"], s.Name)
	}
}

// TestUpstreamSyncService ports kubernetes
// pkg/controller/endpointslice/endpointslice_controller_test.go,
// TestSyncService: a Service with three numeric ports (TCP, UDP, SCTP) and
// two pods; the slice's ports and endpoints. The IPv6 case is the IPv6
// family's view of the same pods (sim gives each family's controller the
// pods' addresses of that family: pod0 has none).
func TestUpstreamSyncService(t *testing.T) {
	ports := []service.Port{
		{Name: "tcp-example", TargetPort: service.TargetPortNumber(80), Protocol: pod.TCP},
		{Name: "udp-example", TargetPort: service.TargetPortNumber(161), Protocol: pod.UDP},
		{Name: "sctp-example", TargetPort: service.TargetPortNumber(3456), Protocol: pod.SCTP},
	}
	wantPorts := []EndpointPort{{Name: "tcp-example", Port: 80, Protocol: pod.TCP},
		{Name: "udp-example", Port: 161, Protocol: pod.UDP}, {Name: "sctp-example", Port: 3456, Protocol: pod.SCTP}}
	two := func(ip0, ip1 string, mod1 func(*pod.Pod)) []pod.Pod {
		return []pod.Pod{testPod("pod0", ip0, nil), testPod("pod1", ip1, mod1)}
	}
	tests := []struct {
		name   string
		family service.IPFamily
		pods   []pod.Pod
		want   string
	}{
		{"pods with multiple IPs and Service with ipFamilies=ipv4", service.IPv4Protocol,
			two("10.0.0.1", "10.0.0.2", func(p *pod.Pod) {
				p.IPs = []netip.Addr{p.IP, netip.MustParseAddr("fd08::5678:0000:0000:9abc:def0")}
			}), "slice IPv4 tcp-example:80 udp-example:161 sctp-example:3456 [default/pod0:RS- default/pod1:RS-]; "},
		{"pods with multiple IPs and Service with ipFamilies=ipv6", service.IPv6Protocol,
			two("", "fd08::5678:0000:0000:9abc:def0", nil),
			"slice IPv6 tcp-example:80 udp-example:161 sctp-example:3456 [default/pod1:RS-]; "},
		{"Terminating pods", service.IPv4Protocol, two("10.0.0.1", "10.0.0.2", func(p *pod.Pod) { p.Terminating = true }),
			"slice IPv4 tcp-example:80 udp-example:161 sctp-example:3456 [default/pod0:RS- default/pod1:-ST]; "},
		{"Not ready terminating pods", service.IPv4Protocol,
			two("10.0.0.1", "10.0.0.2", func(p *pod.Pod) { p.Terminating, p.Ready = true, false }),
			"slice IPv4 tcp-example:80 udp-example:161 sctp-example:3456 [default/pod0:RS- default/pod1:--T]; "},
		{"Ready and Complete pods with same IPs", service.IPv4Protocol,
			two("10.0.0.1", "10.0.0.1", func(p *pod.Pod) { p.Ready = false }),
			"slice IPv4 tcp-example:80 udp-example:161 sctp-example:3456 [default/pod0:RS- default/pod1:---]; "},
		{"Two Ready pods with same IPs", service.IPv4Protocol, two("10.0.0.1", "10.0.0.1", nil),
			"slice IPv4 tcp-example:80 udp-example:161 sctp-example:3456 [default/pod0:RS- default/pod1:RS-]; "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			svc := testService(func(s *service.Service) {
				s.Name, s.Ports, s.IPFamilies = "foobar", ports, []service.IPFamily{tt.family}
				if tt.family == service.IPv6Protocol {
					s.ClusterIP = netip.MustParseAddr("fd00::10")
				}
			})
			_, sl := computeAndSync(t, svc, tt.pods, Options{})
			require.Len(t, sl, 1)
			require.ElementsMatch(t, wantPorts, sl[0].Ports)
			require.Equal(t, tt.want, render(Endpoints{}, sl))
		})
	}
}
