package sim

import (
	"net/netip"
	"testing"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/service"
)

// TestDescribeService: the trace's text of a Service's allocated front
// end, for each kind of front end.
func TestDescribeService(t *testing.T) {
	ip := netip.MustParseAddr
	for _, tc := range []struct {
		s    service.Service
		want string
	}{
		{service.Service{Type: service.ClusterIP, ClusterIP: ip("10.96.0.10"), ClusterIPs: []netip.Addr{ip("10.96.0.10")},
			Ports: []service.Port{{Port: 80}, {Port: 53, Protocol: pod.UDP}}},
			"ClusterIP clusterIP 10.96.0.10 ports 80/TCP,53/UDP"},
		{service.Service{Type: service.ClusterIP, ClusterIP: ip("10.96.0.10"), ClusterIPs: []netip.Addr{ip("10.96.0.10"), ip("fd00::a")}},
			"ClusterIP clusterIP 10.96.0.10,fd00::a"},
		{service.Service{Type: service.ClusterIP, Headless: true, Ports: []service.Port{{Port: 5432}}},
			"ClusterIP clusterIP None ports 5432/TCP"},
		{service.Service{Type: service.ExternalName, ExternalName: "example.com"}, "ExternalName externalName example.com"},
		{service.Service{Type: service.NodePort, ClusterIP: ip("10.96.0.11"), Ports: []service.Port{{Port: 80, NodePort: 30080, Protocol: pod.SCTP}}},
			"NodePort clusterIP 10.96.0.11 ports 80:30080/SCTP"},
		{service.Service{Type: service.LoadBalancer, ClusterIP: ip("10.96.0.12"), Ports: []service.Port{{Port: 443, NodePort: 31443}}},
			"LoadBalancer clusterIP 10.96.0.12 lb <pending> ports 443:31443/TCP"},
		{service.Service{Type: service.LoadBalancer, ClusterIP: ip("10.96.0.12"), LoadBalancerIP: ip("192.0.2.7")},
			"LoadBalancer clusterIP 10.96.0.12 lb 192.0.2.7"},
	} {
		if got := describeService(&tc.s); got != tc.want {
			t.Errorf("describeService = %q, want %q", got, tc.want)
		}
	}
}
