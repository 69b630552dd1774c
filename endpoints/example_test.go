package endpoints_test

import (
	"fmt"
	"net/netip"

	"github.com/svcsim/svcsim/endpoints"
	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
	"github.com/svcsim/svcsim/service"
)

// A named targetPort resolves per pod: here "http" is 8080 on one pod and
// 9090 on the other, so the Endpoints object has two subsets and the
// slices two port groups.
func ExampleCompute() {
	web := selector.Set{"app": "web"}
	svc := service.Service{Namespace: "default", Name: "web", Selector: web,
		ClusterIP: netip.MustParseAddr("10.96.0.10"),
		Ports:     []service.Port{{Name: "http", Port: 80, TargetPort: service.TargetPortName("http")}}}
	pods := []pod.Pod{
		{Namespace: "default", Name: "web-old", Labels: web, NodeName: "node-1", Phase: pod.Running, Ready: true,
			IP: netip.MustParseAddr("10.244.1.5"), Ports: []pod.ContainerPort{{Name: "http", Port: 8080}}},
		{Namespace: "default", Name: "web-new", Labels: web, NodeName: "node-2", Phase: pod.Running, Ready: false,
			IP: netip.MustParseAddr("10.244.2.7"), Ports: []pod.ContainerPort{{Name: "http", Port: 9090}}},
	}
	ep, slices := endpoints.Compute(svc, pods, endpoints.Options{})
	for _, s := range ep.Subsets {
		fmt.Printf("subset ports=%v ready=%v notReady=%v\n", s.Ports, s.Addresses, s.NotReadyAddresses)
	}
	for _, s := range slices {
		fmt.Printf("slice %s %s ports=%v endpoints=%d\n", s.Name, s.AddressType, s.Ports, len(s.Endpoints))
	}
	// Output:
	// subset ports=[{http 8080 TCP}] ready=[{10.244.1.5 node-1 default/web-old }] notReady=[]
	// subset ports=[{http 9090 TCP}] ready=[] notReady=[{10.244.2.7 node-2 default/web-new }]
	// slice web-bbbbb IPv4 ports=[{http 8080 TCP}] endpoints=1
	// slice web-bbbbc IPv4 ports=[{http 9090 TCP}] endpoints=1
}

// The controller is told about changes and says which Services need a
// Sync; the caller owns the queue.
func ExampleController() {
	c := endpoints.NewController(endpoints.Options{})
	web := selector.Set{"app": "web"}
	var dirty []endpoints.ServiceKey
	dirty = c.SetService(service.Service{Namespace: "default", Name: "web", Selector: web,
		ClusterIP: netip.MustParseAddr("10.96.0.10"), Ports: []service.Port{{Name: "http", Port: 80}}}, dirty)
	p := pod.Pod{Namespace: "default", Name: "web-1", Labels: web, NodeName: "node-1", Phase: pod.Running,
		IP: netip.MustParseAddr("10.244.1.5")}
	dirty = c.SetPod(p, dirty) // web already waits for a Sync: reported once
	fmt.Println("dirty:", dirty)
	for _, k := range dirty {
		fmt.Println("sync", k, "changed:", c.Sync(k))
	}
	ep, _ := c.Endpoints("default", "web")
	fmt.Printf("not ready: %v\n", ep.Subsets[0].NotReadyAddresses)

	p.Ready = true // the readiness probe passes
	dirty = c.SetPod(p, dirty[:0])
	fmt.Println("dirty:", dirty, "changed:", c.Sync(dirty[0]), "again:", c.Sync(dirty[0]))
	for _, b := range c.AppendBackends(dirty[0], "http", nil) {
		fmt.Printf("backend %v:%d on %s ready=%v\n", b.IP, b.Port, b.Node, b.Ready)
	}

	dirty = c.SetPod(p, dirty[:0]) // nothing changed: no Service to sync
	fmt.Println("dirty:", dirty)
	dirty = c.DeletePod("default", "web-1", dirty[:0])
	c.Sync(dirty[0])
	for _, s := range c.Slices("default", "web") {
		fmt.Printf("slice %s endpoints=%d (placeholder)\n", s.Name, len(s.Endpoints))
	}
	// Output:
	// dirty: [default/web]
	// sync default/web changed: true
	// not ready: [{10.244.1.5 node-1 default/web-1 }]
	// dirty: [default/web] changed: true again: false
	// backend 10.244.1.5:80 on node-1 ready=true
	// dirty: []
	// slice web-bbbbb endpoints=0 (placeholder)
}

// A Service without a selector gets the Endpoints someone writes: here
// kube-apiserver's own, for default/kubernetes, with the one EndpointSlice
// it names "kubernetes" itself. kube-proxy reads them like any other.
func ExampleController_SetManual() {
	c := endpoints.NewController(endpoints.Options{})
	svc := service.Service{Namespace: "default", Name: "kubernetes", ClusterIP: netip.MustParseAddr("10.96.0.1"),
		Ports: []service.Port{{Name: "https", Port: 443, TargetPort: service.TargetPortNumber(6443)}}}
	dirty := c.SetService(svc, nil)
	dirty, err := c.SetManual(endpoints.Endpoints{Namespace: "default", Name: "kubernetes", Subsets: []endpoints.Subset{{
		Addresses: []endpoints.Address{{IP: netip.MustParseAddr("172.18.0.2")}},
		Ports:     []endpoints.EndpointPort{{Name: "https", Port: 6443, Protocol: pod.TCP}},
	}}}, "kubernetes", dirty)
	fmt.Println(err)
	for _, k := range dirty {
		c.Sync(k)
	}
	for _, s := range c.Slices("default", "kubernetes") {
		fmt.Println(s.Name, s.AddressType, s.Ports, len(s.Endpoints))
	}
	for _, b := range c.AppendBackends(endpoints.ServiceKey{Namespace: "default", Name: "kubernetes"}, "https", nil) {
		fmt.Printf("%s:%d ready=%v pod=%q\n", b.IP, b.Port, b.Ready, b.Pod)
	}
	_, err = c.SetManual(endpoints.Endpoints{Name: "kubernetes", Subsets: []endpoints.Subset{{
		Addresses: []endpoints.Address{{IP: netip.MustParseAddr("127.0.0.1")}},
		Ports:     []endpoints.EndpointPort{{Name: "https", Port: 6443}},
	}}}, "kubernetes", nil)
	fmt.Println(err)
	// Output:
	// <nil>
	// kubernetes IPv4 [{https 6443 TCP}] 1
	// 172.18.0.2:6443 ready=true pod=""
	// endpoints default/kubernetes: subsets[0].addresses[0].ip: Invalid value: "127.0.0.1": may not be in the loopback range (127.0.0.0/8, ::1/128)
}
