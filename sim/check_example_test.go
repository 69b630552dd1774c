package sim_test

import (
	"fmt"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
	"github.com/svcsim/svcsim/service"
	"github.com/svcsim/svcsim/sim"
)

// Check recomputes the cluster from scratch and compares: the Endpoints
// and slices with what the endpoints controller would write now, the
// allocators with the addresses and ports in use, every node's
// kube-proxy rules with a fresh sync. Property tests call it after every
// step, once Settle has run: called with an endpoints sync still pending
// it reports the lag.
func ExampleCluster_Check() {
	c, _ := sim.New(sim.Config{Seed: 1})
	_ = c.CreateDeployment(sim.Deployment{Name: "web", Replicas: 3, Labels: selector.Set{"app": "web"},
		Ports: []pod.ContainerPort{{Name: "http", Port: 8080}}})
	_, _ = c.CreateService(service.Service{Name: "web", Selector: selector.Set{"app": "web"},
		Ports: []service.Port{{Port: 80, TargetPort: service.TargetPortName("http")}}})
	_ = c.Settle()
	fmt.Println(c.Check())

	_ = c.Scale("default", "web", 5)
	_ = c.DeletePod("default", c.Pods("default", selector.Everything())[0].Name)
	_ = c.Rollout("default", "web")
	_ = c.FailNode("node-2")
	fmt.Println(c.Check())
	_ = c.Settle()
	fmt.Println(c.Check())
	// Output:
	// <nil>
	// endpoints: incremental state differs from recomputation: service default/web: Sync pending
	// <nil>
}
