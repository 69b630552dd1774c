package sim_test

import (
	"fmt"
	"net/netip"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
	"github.com/svcsim/svcsim/service"
	"github.com/svcsim/svcsim/sim"
)

// A pod connects to a Service by its short name: the pod's resolver finds
// it through the search path, the client node's kube-proxy DNATs to a
// uniformly chosen ready endpoint. From outside the cluster the same
// Service is reached through a node port, masqueraded to the node's IP.
func ExampleCluster_Connect() {
	c, _ := sim.New(sim.Config{Seed: 1})
	_ = c.CreateDeployment(sim.Deployment{Name: "web", Replicas: 2, Labels: selector.Set{"app": "web"},
		Ports: []pod.ContainerPort{{Name: "http", Port: 8080}}})
	_, _ = c.CreateService(service.Service{Name: "web", Type: service.NodePort, Selector: selector.Set{"app": "web"},
		Ports: []service.Port{{Name: "http", Port: 80, TargetPort: service.TargetPortName("http"), NodePort: 30080}}})
	_, _ = c.CreatePod(pod.Pod{Name: "client"})
	_ = c.Settle()

	conn, err := c.Connect(sim.FromPod("default", "client"), "web:80")
	fmt.Println(err)
	for _, hop := range conn.Path {
		fmt.Println(hop)
	}

	conn, err = c.Connect(sim.External(netip.MustParseAddr("198.51.100.7")), "172.18.0.3:30080")
	fmt.Println(err)
	for _, hop := range conn.Path {
		fmt.Println(hop)
	}

	_, err = c.Connect(sim.External(netip.MustParseAddr("198.51.100.7")), "web:80")
	fmt.Println(err)
	// Output:
	// <nil>
	// pod default/client (10.244.0.2) on node-1
	// dns (from default): web → web.default.svc.cluster.local → 10.107.233.25
	// node-1 kube-proxy: DNAT 10.107.233.25:80 → 10.244.0.3:8080 (1 of 2 ready endpoints, random)
	// pod default/web-6f4b8666dd-b5znd (10.244.0.3:8080) on node-1
	// <nil>
	// external client 198.51.100.7
	// node-2 kube-proxy: DNAT 172.18.0.3:30080 → 10.244.1.3:8080 (2 of 2 ready endpoints, random)
	// node-2 kube-proxy: SNAT to node IP 172.18.0.3 (externalTrafficPolicy=Cluster)
	// pod default/web-6f4b8666dd-k6q6q (10.244.1.3:8080) on node-2, sees source 172.18.0.3 (SNAT)
	// connect "web:80" from external 198.51.100.7: NXDOMAIN: web: cluster names resolve only inside the cluster
}

// Names resolve as from a pod of the given namespace: the search path
// tries <ns>.svc.cluster.local first, so a short name never reaches another
// namespace, and ndots:5 sends even a full name through the search list
// unless it ends in a dot.
func ExampleCluster_Resolve() {
	c, _ := sim.New(sim.Config{Seed: 1})
	_, _ = c.CreateService(service.Service{Namespace: "shop", Name: "cart", Ports: []service.Port{{Port: 80}}})

	fmt.Println(c.Resolve("shop", "cart"))
	fmt.Println(c.Resolve("default", "cart.shop"))
	_, err := c.Resolve("default", "cart")
	fmt.Println(err)
	fmt.Println(c.Resolve("shop", "kubernetes.default"))
	// Output:
	// [10.107.233.25] <nil>
	// [10.107.233.25] <nil>
	// resolve "cart" from namespace default: NXDOMAIN: cart (searched cart.default.svc.cluster.local NXDOMAIN; cart.svc.cluster.local NXDOMAIN; cart.cluster.local NXDOMAIN; cart NXDOMAIN)
	// [10.96.0.1] <nil>
}

// A headless Service publishes one SRV record per ready endpoint, named by
// its dashed IP; an ExternalName Service is a CNAME.
func ExampleCluster_LookupSRV() {
	c, _ := sim.New(sim.Config{Seed: 1})
	_ = c.CreateDeployment(sim.Deployment{Name: "db", Replicas: 2, Labels: selector.Set{"app": "db"},
		Ports: []pod.ContainerPort{{Name: "pg", Port: 5432}}})
	_, _ = c.CreateService(service.Service{Name: "db", Headless: true, Selector: selector.Set{"app": "db"},
		Ports: []service.Port{{Name: "pg", Port: 5432}}})
	_, _ = c.CreateService(service.Service{Name: "mail", Type: service.ExternalName, ExternalName: "smtp.example.com"})
	_ = c.Settle()

	srvs, _ := c.LookupSRV("default", "_pg._tcp.db")
	for _, s := range srvs {
		fmt.Printf("%s:%d priority %d weight %d\n", s.Target, s.Port, s.Priority, s.Weight)
	}
	fmt.Println(c.LookupCNAME("default", "mail"))
	// Output:
	// 10-244-0-3.db.default.svc.cluster.local:5432 priority 0 weight 50
	// 10-244-2-2.db.default.svc.cluster.local:5432 priority 0 weight 50
	// smtp.example.com <nil>
}

// A pod's /etc/resolv.conf: the cluster DNS Service's address, the search
// path of its namespace, ndots:5.
func ExampleCluster_ResolvConf() {
	c, _ := sim.New(sim.Config{Seed: 1})
	_, _ = c.CreatePod(pod.Pod{Namespace: "shop", Name: "cart"})
	rc, _ := c.ResolvConf("shop", "cart")
	fmt.Print(rc)
	// Output:
	// search shop.svc.cluster.local svc.cluster.local cluster.local
	// nameserver 10.96.0.10
	// options ndots:5
}
