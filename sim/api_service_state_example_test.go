package sim_test

import (
	"fmt"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
	"github.com/svcsim/svcsim/service"
	"github.com/svcsim/svcsim/sim"
)

// Working out which pods a Service's endpoints should list, as a property
// test does after every step: its selector and ports, read without
// copying its maps, pick the pods and resolve their target ports. The
// ports are read into the slice of the previous step.
func ExampleCluster_ServiceState() {
	c, _ := sim.New(sim.Config{Seed: 1})
	_ = c.CreateDeployment(sim.Deployment{Name: "web", Replicas: 2, Labels: selector.Set{"app": "web"},
		Ports: []pod.ContainerPort{{Name: "http", Port: 8080}}})
	_, _ = c.CreateService(service.Service{Name: "web", Selector: selector.Set{"app": "web"},
		Ports: []service.Port{{Port: 80, TargetPort: service.TargetPortName("http")}}})
	_ = c.Settle()
	var (
		svcPorts []service.Port
		podPorts []pod.ContainerPort
	)
	s, _ := c.ServiceState("", "web")
	sel, _ := c.ServiceSelector("", "web")
	svcPorts, _ = c.AppendServicePorts(svcPorts[:0], "", "web")
	fmt.Println(s.Type, sel, s.Managed)
	for _, p := range c.AppendPodStates(nil, "", sel) {
		podPorts, _ = c.AppendPodPorts(podPorts[:0], "", p.Name)
		for _, sp := range svcPorts {
			port, _ := sp.ResolveTargetPort(podPorts)
			fmt.Println(p.Name, p.Ready, port)
		}
	}
	// Output:
	// ClusterIP app=web true
	// web-6f4b8666dd-b5znd true 8080
	// web-6f4b8666dd-k6q6q true 8080
}
