// Quickstart is the quick start of the README: a Deployment behind a
// Service, a rolling update that replaces every pod, and a connection that
// still lands through the unchanged front end. The README shows this file;
// its test checks the two stay the same and that it prints what it says.
package main

import (
	"fmt"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
	"github.com/svcsim/svcsim/service"
	"github.com/svcsim/svcsim/sim"
)

func main() {
	c, _ := sim.New(sim.Config{Seed: 1}) // 3 nodes, 10.96.0.0/12, cluster.local
	c.CreateDeployment(sim.Deployment{Name: "web", Replicas: 3,
		Labels: selector.Set{"app": "web"},
		Ports:  []pod.ContainerPort{{Name: "http", Port: 8080}}})
	svc, _ := c.CreateService(service.Service{Name: "web",
		Selector: selector.Set{"app": "web"},
		Ports:    []service.Port{{Port: 80, TargetPort: service.TargetPortName("http")}}})
	c.CreatePod(pod.Pod{Name: "client", Labels: selector.Set{"app": "client"}})
	c.Settle()

	c.Rollout("default", "web") // every pod replaced: new names, new IPs
	c.Settle()

	conn, err := c.Connect(sim.FromPod("default", "client"), "web:80")
	now, _ := c.Service("default", "web")
	fmt.Println(svc.ClusterIP == now.ClusterIP, conn.Pod, conn.Backend, err)
	// true default/web-77bddd4677-6ttd8 10.244.0.4:8080 <nil>
}
