package kubectl

import (
	"net/netip"
	"time"

	"github.com/svcsim/svcsim/endpoints"
	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
	"github.com/svcsim/svcsim/service"
	"github.com/svcsim/svcsim/sim"
)

var ip = netip.MustParseAddr

// at is a virtual instant s seconds after Epoch.
func at(s int) time.Time { return Epoch.Add(time.Duration(s) * time.Second) }

func fixturePods() []pod.Pod {
	return []pod.Pod{
		{Namespace: "default", Name: "web-7c5ddbdf54-x2kqp", NodeName: "node-2", IP: ip("10.244.2.4"),
			Phase: pod.Running, Ready: true, CreationTimestamp: at(10), RestartCount: 2, LastTerminationTime: at(200)},
		{Namespace: "default", Name: "web-7c5ddbdf54-b8mzq", NodeName: "node-1", IP: ip("10.244.1.5"),
			Phase: pod.Running, Ready: true, Terminating: true, CreationTimestamp: at(20)},
		{Namespace: "default", Name: "web-7c5ddbdf54-zz9lw", NodeName: "node-3", Phase: pod.Pending,
			CreationTimestamp: at(295)},
		{Namespace: "", Name: "client", Phase: pod.Pending, CreationTimestamp: at(0)},
	}
}

// fixtureServices are Services created at the cluster's start, but web
// created 10 s later.
func fixtureServices() []service.Service {
	svcs := []service.Service{
		{Namespace: "default", Name: "web", Type: service.ClusterIP, ClusterIP: ip("10.96.0.10"),
			Selector: map[string]string{"app": "web"}, Ports: []service.Port{{Port: 80, Protocol: pod.TCP}},
			CreationTimestamp: at(10)},
		{Namespace: "default", Name: "kubernetes", Type: service.ClusterIP, ClusterIP: ip("10.96.0.1"),
			Ports: []service.Port{{Name: "https", Port: 443, Protocol: pod.TCP}}},
		{Namespace: "default", Name: "web-np", Type: service.NodePort, ClusterIP: ip("10.96.4.7"),
			Selector: map[string]string{"app": "web", "tier": "fe"},
			Ports:    []service.Port{{Name: "http", Port: 80, NodePort: 30080}, {Name: "https", Port: 443, NodePort: 30443}}},
		{Namespace: "default", Name: "web-lb", Type: service.LoadBalancer, ClusterIP: ip("10.96.9.9"),
			LoadBalancerIP: ip("203.0.113.1"), Ports: []service.Port{{Port: 80, NodePort: 31000, Protocol: pod.TCP}}},
		{Namespace: "default", Name: "web-lb-pending", Type: service.LoadBalancer, ClusterIP: ip("10.96.9.10"),
			Ports: []service.Port{{Port: 80, NodePort: 31001, Protocol: pod.UDP}}},
		{Namespace: "default", Name: "web-headless", Headless: true, Selector: map[string]string{"app": "web"}},
		{Namespace: "other", Name: "db", Type: service.ExternalName, ExternalName: "db.example.com"},
	}
	for i := range svcs {
		if svcs[i].CreationTimestamp.IsZero() {
			svcs[i].CreationTimestamp = at(0)
		}
	}
	return svcs
}

func addrs(n int, port int32) endpoints.Endpoints {
	var ss endpoints.Subset
	for i := range n {
		ss.Addresses = append(ss.Addresses, endpoints.Address{IP: netip.AddrFrom4([4]byte{10, 244, 1, byte(i + 2)})})
	}
	ss.Ports = []endpoints.EndpointPort{{Port: port, Protocol: pod.TCP}}
	return endpoints.Endpoints{Namespace: "default", Name: "web", Subsets: []endpoints.Subset{ss}, CreationTimestamp: at(10)}
}

func fixtureNodes() []sim.Node {
	return []sim.Node{
		{Name: "node-1", IP: ip("172.18.0.2"), PodCIDR: netip.MustParsePrefix("10.244.0.0/24"), Ready: true,
			Labels: selector.Set{"node-role.kubernetes.io/control-plane": ""}, KubeletVersion: "v1.35.0"},
		{Name: "node-2", IP: ip("172.18.0.3"), PodCIDR: netip.MustParsePrefix("10.244.1.0/24"), Ready: false,
			KubeletVersion: "v1.35.0"},
		{Name: "node-3"},
	}
}
