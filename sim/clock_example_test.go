package sim_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
	"github.com/svcsim/svcsim/service"
	"github.com/svcsim/svcsim/sim"
)

// Calls only queue work: Settle runs the controllers (deployment,
// ReplicaSet, scheduler, kubelet, endpoints, kube-proxy) until nothing is
// pending, jumping the virtual clock from one due task to the next.
func ExampleCluster_Settle() {
	c, _ := sim.New(sim.Config{Seed: 1})
	_ = c.Settle() // kube-system's coredns pods start
	_ = c.CreateDeployment(sim.Deployment{Name: "web", Replicas: 2, Labels: selector.Set{"app": "web"},
		ReadyAfter: 3 * time.Second})
	_, _ = c.CreateService(service.Service{Name: "web", Selector: selector.Set{"app": "web"},
		Ports: []service.Port{{Port: 80}}})
	fmt.Println(len(c.Pods("default", selector.Everything())), "pods at", c.Now().Format(time.TimeOnly))
	start := len(c.Events())
	_ = c.Settle()
	for _, e := range c.Events()[start:] {
		fmt.Println(e)
	}
	fmt.Println(len(c.Pods("default", selector.Everything())), "pods at", c.Now().Format(time.TimeOnly))
	// Output:
	// 0 pods at 00:00:01
	// 00:00:01.000 ReplicaSetCreated replicaset/default/web-7dd9867fd4: pod-template-hash 7dd9867fd4
	// 00:00:01.000 ScalingReplicaSet deployment/default/web: Scaled up replica set web-7dd9867fd4 from 0 to 2
	// 00:00:01.000 EndpointsUpdated endpoints/default/web: 0 ready
	// 00:00:01.000 PodCreated pod/default/web-7dd9867fd4-b5znd: node node-3 ip 10.244.2.2
	// 00:00:01.000 PodCreated pod/default/web-7dd9867fd4-k6q6q: node node-1 ip 10.244.0.3
	// 00:00:01.000 EndpointsUpdated endpoints/default/web: 0 ready, 2 not ready
	// 00:00:02.000 ProxyProgrammed service/default/web: 0 ready backends
	// 00:00:04.000 PodReady pod/default/web-7dd9867fd4-b5znd: 10.244.2.2
	// 00:00:04.000 PodReady pod/default/web-7dd9867fd4-k6q6q: 10.244.0.3
	// 00:00:04.000 EndpointsUpdated endpoints/default/web: 2 ready (+10.244.0.3 +10.244.2.2)
	// 00:00:05.000 ProxyProgrammed service/default/web: 2 ready backends
	// 2 pods at 00:00:05
}

// Advance moves the clock by exactly the given time: a pod is Ready
// ReadyAfter after it starts, the endpoints controller lists it at once,
// and kube-proxy routes to it a ProxyDelay (1 s) later.
func ExampleCluster_Advance() {
	c, _ := sim.New(sim.Config{Seed: 1})
	_ = c.CreateDeployment(sim.Deployment{Name: "web", Replicas: 1, Labels: selector.Set{"app": "web"},
		Ports: []pod.ContainerPort{{Port: 8080}}, ReadyAfter: 3 * time.Second})
	_, _ = c.CreateService(service.Service{Name: "web", Selector: selector.Set{"app": "web"},
		Ports: []service.Port{{Port: 80, TargetPort: service.TargetPortNumber(8080)}}})
	_, _ = c.CreatePod(pod.Pod{Name: "client"})
	for range 5 {
		_ = c.Advance(time.Second)
		p := c.Pods("default", selector.FromSet(selector.Set{"app": "web"}))[0]
		ep, _ := c.Endpoints("default", "web")
		_, err := c.Connect(sim.FromPod("default", "client"), "web:80")
		fmt.Printf("%s pod ready %-5v  ready addresses %d  connection refused %v\n",
			c.Now().Format(time.TimeOnly), p.Ready, len(ep.Subsets[0].Addresses), errors.Is(err, sim.ErrConnectionRefused))
	}
	// Output:
	// 00:00:01 pod ready false  ready addresses 0  connection refused true
	// 00:00:02 pod ready false  ready addresses 0  connection refused true
	// 00:00:03 pod ready true   ready addresses 1  connection refused true
	// 00:00:04 pod ready true   ready addresses 1  connection refused false
	// 00:00:05 pod ready true   ready addresses 1  connection refused false
}
