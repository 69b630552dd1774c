package sim_test

import (
	"fmt"
	"os"
	"time"

	"github.com/svcsim/svcsim/endpoints"
	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
	"github.com/svcsim/svcsim/service"
	"github.com/svcsim/svcsim/sim"
	"github.com/svcsim/svcsim/sim/kubectl"
)

// CreateService allocates the ClusterIP (and node ports) at once and fills
// in Kubernetes' defaults; its Endpoints come from the endpoints controller,
// once it has run.
func ExampleCluster_CreateService() {
	c, _ := sim.New(sim.Config{Seed: 1})
	_ = c.CreateDeployment(sim.Deployment{Name: "web", Replicas: 2, Labels: selector.Set{"app": "web"},
		Ports: []pod.ContainerPort{{Name: "http", Port: 8080}}})
	s, err := c.CreateService(service.Service{Name: "web", Type: service.NodePort, Selector: selector.Set{"app": "web"},
		Ports: []service.Port{{Port: 80, TargetPort: service.TargetPortName("http")}}})
	fmt.Println(err)
	fmt.Printf("clusterIP %s, port %d/%s, targetPort %s, nodePort %d, externalTrafficPolicy %s\n", s.ClusterIP,
		s.Ports[0].Port, s.Ports[0].Protocol, s.Ports[0].TargetPort, s.Ports[0].NodePort, s.ExternalTrafficPolicy)
	_, ok := c.Endpoints("default", "web")
	fmt.Println("endpoints before Settle:", ok)
	_ = c.Settle()
	o := kubectl.For(c)
	_ = kubectl.Services(os.Stdout, c.Services("default"), o)
	ep, _ := c.Endpoints("default", "web")
	_ = kubectl.Endpoints(os.Stdout, []endpoints.Endpoints{ep}, o)
	// Output:
	// <nil>
	// clusterIP 10.107.233.25, port 80/TCP, targetPort http, nodePort 31375, externalTrafficPolicy Cluster
	// endpoints before Settle: false
	// NAME         TYPE        CLUSTER-IP      EXTERNAL-IP   PORT(S)        AGE
	// kubernetes   ClusterIP   10.96.0.1       <none>        443/TCP        1s
	// web          NodePort    10.107.233.25   <none>        80:31375/TCP   1s
	// NAME   ENDPOINTS                         AGE
	// web    10.244.0.3:8080,10.244.2.2:8080   1s
}

// The Endpoints object of a Service: ready addresses with the pod each
// belongs to, not-ready ones apart, ports named as the Service's.
func ExampleCluster_Endpoints() {
	c, _ := sim.New(sim.Config{Seed: 1})
	_ = c.CreateDeployment(sim.Deployment{Name: "web", Replicas: 3, Labels: selector.Set{"app": "web"},
		Ports: []pod.ContainerPort{{Name: "http", Port: 8080}}, ReadyAfter: 5 * time.Second})
	_, _ = c.CreateService(service.Service{Name: "web", Selector: selector.Set{"app": "web"},
		Ports: []service.Port{{Name: "http", Port: 80, TargetPort: service.TargetPortName("http")}}})
	_ = c.Settle()
	_ = c.Scale("default", "web", 4)
	_ = c.Advance(time.Second)
	ep, _ := c.Endpoints("default", "web")
	for _, ss := range ep.Subsets {
		for _, a := range ss.Addresses {
			fmt.Println("ready    ", a.IP, a.NodeName, a.Pod)
		}
		for _, a := range ss.NotReadyAddresses {
			fmt.Println("not ready", a.IP, a.NodeName, a.Pod)
		}
		fmt.Printf("ports %+v\n", ss.Ports)
	}
	// Output:
	// ready     10.244.0.3 node-1 default/web-568664c657-k6q6q
	// ready     10.244.1.3 node-2 default/web-568664c657-wnjjb
	// ready     10.244.2.2 node-3 default/web-568664c657-b5znd
	// not ready 10.244.2.3 node-3 default/web-568664c657-6ttd8
	// ports [{http 8080 TCP}]
}

// The EndpointSlices of a Service: one per address family (up to 100
// endpoints each), named after the Service plus 5 random characters; a
// terminating pod stays listed, ready=false but still serving, until it
// is gone.
func ExampleCluster_EndpointSlices() {
	c, _ := sim.New(sim.Config{Seed: 1})
	_ = c.CreateDeployment(sim.Deployment{Name: "web", Replicas: 2, Labels: selector.Set{"app": "web"},
		Ports: []pod.ContainerPort{{Name: "http", Port: 8080}}})
	_, _ = c.CreateService(service.Service{Name: "web", Selector: selector.Set{"app": "web"},
		Ports: []service.Port{{Name: "http", Port: 80, TargetPort: service.TargetPortName("http")}}})
	_ = c.Settle()
	victim := c.Pods("default", selector.Everything())[0]
	_ = c.DeletePod("default", victim.Name)
	_ = c.Advance(0)
	slices := c.EndpointSlices("default", "web")
	for _, sl := range slices {
		fmt.Println(sl.Name, sl.AddressType, sl.Service)
		for _, e := range sl.Endpoints {
			fmt.Printf("  %v %s %s %+v\n", e.Addresses, e.NodeName, e.Pod, e.Conditions)
		}
	}
	_ = kubectl.EndpointSlices(os.Stdout, slices, kubectl.For(c))
	// Output:
	// web-2mz94 IPv4 web
	//   [10.244.2.2] node-3 default/web-6f4b8666dd-b5znd {Ready:false Serving:true Terminating:true}
	//   [10.244.0.3] node-1 default/web-6f4b8666dd-k6q6q {Ready:true Serving:true Terminating:false}
	//   [10.244.1.3] node-2 default/web-6f4b8666dd-wnjjb {Ready:true Serving:true Terminating:false}
	// NAME        ADDRESSTYPE   PORTS   ENDPOINTS                          AGE
	// web-2mz94   IPv4          8080    10.244.2.2,10.244.0.3,10.244.1.3   1s
}

// Relabelling a pod so the Service's selector no longer matches takes it
// out of the Service's endpoints. Its ReplicaSet lets it go too (an
// orphan that keeps running) and creates a replacement.
func ExampleCluster_SetPodLabels() {
	c, _ := sim.New(sim.Config{Seed: 1})
	_ = c.CreateDeployment(sim.Deployment{Name: "web", Replicas: 2, Labels: selector.Set{"app": "web"},
		Ports: []pod.ContainerPort{{Name: "http", Port: 8080}}})
	_, _ = c.CreateService(service.Service{Name: "web", Selector: selector.Set{"app": "web"},
		Ports: []service.Port{{Port: 80, TargetPort: service.TargetPortName("http")}}})
	_ = c.Settle()
	o := kubectl.For(c)
	ep, _ := c.Endpoints("default", "web")
	_ = kubectl.Endpoints(os.Stdout, []endpoints.Endpoints{ep}, o)

	p := c.Pods("default", selector.Everything())[0]
	_ = c.SetPodLabels("default", p.Name, selector.Set{"app": "debug"})
	_ = c.Settle()
	ep, _ = c.Endpoints("default", "web")
	_ = kubectl.Endpoints(os.Stdout, []endpoints.Endpoints{ep}, kubectl.For(c))
	for _, p := range c.Pods("default", selector.Everything()) {
		fmt.Println(p.Name, p.IP, p.Labels)
	}
	// Output:
	// NAME   ENDPOINTS                         AGE
	// web    10.244.0.3:8080,10.244.2.2:8080   1s
	// NAME   ENDPOINTS                         AGE
	// web    10.244.0.3:8080,10.244.1.3:8080   2s
	// web-6f4b8666dd-b5znd 10.244.2.2 app=debug
	// web-6f4b8666dd-k6q6q 10.244.0.3 app=web,pod-template-hash=6f4b8666dd
	// web-6f4b8666dd-wnjjb 10.244.1.3 app=web,pod-template-hash=6f4b8666dd
}

// A failing readiness probe moves the pod's address to the Endpoints'
// notReadyAddresses (and its slice endpoint to ready=false): the Service
// stops routing to it, though the pod keeps running.
func ExampleCluster_SetPodReady() {
	c, _ := sim.New(sim.Config{Seed: 1})
	_ = c.CreateDeployment(sim.Deployment{Name: "web", Replicas: 2, Labels: selector.Set{"app": "web"},
		Ports: []pod.ContainerPort{{Name: "http", Port: 8080}}})
	_, _ = c.CreateService(service.Service{Name: "web", Selector: selector.Set{"app": "web"},
		Ports: []service.Port{{Port: 80, TargetPort: service.TargetPortName("http")}}})
	_ = c.Settle()
	p := c.Pods("default", selector.Everything())[0]
	_ = c.SetPodReady("default", p.Name, false)
	_ = c.Settle()
	ep, _ := c.Endpoints("default", "web")
	for _, a := range ep.Subsets[0].Addresses {
		fmt.Println("addresses:        ", a.IP, a.Pod)
	}
	for _, a := range ep.Subsets[0].NotReadyAddresses {
		fmt.Println("notReadyAddresses:", a.IP, a.Pod)
	}
	_ = kubectl.Pods(os.Stdout, c.Pods("default", selector.Everything()), kubectl.For(c))
	// Output:
	// addresses:         10.244.0.3 default/web-6f4b8666dd-k6q6q
	// notReadyAddresses: 10.244.2.2 default/web-6f4b8666dd-b5znd
	// NAME                   READY   STATUS    RESTARTS   AGE
	// web-6f4b8666dd-b5znd   0/1     Running   0          2s
	// web-6f4b8666dd-k6q6q   1/1     Running   0          2s
}
