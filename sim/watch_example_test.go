package sim_test

import (
	"fmt"
	"time"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
	"github.com/svcsim/svcsim/sim"
)

// A watch on pods sees each pod of a Deployment created, become Ready and,
// after a restart, terminate and go, at the moment each change happens.
func ExampleCluster_Watch() {
	c, _ := sim.New(sim.Config{Seed: 1})
	stop, _ := c.Watch(sim.WatchPods, sim.WatchOptions{}, func(ev sim.WatchEvent) {
		p := ev.Object.(pod.Pod)
		if p.Namespace != "default" {
			return // kube-system's coredns pods
		}
		fmt.Printf("%s %s %s ready=%v terminating=%v\n",
			c.Now().Format(time.TimeOnly), ev.Type, p.Name, p.Ready, p.Terminating)
	})
	defer stop()
	_ = c.CreateDeployment(sim.Deployment{Name: "web", Replicas: 1, Labels: selector.Set{"app": "web"},
		ReadyAfter: 2 * time.Second, TerminationGracePeriod: 5 * time.Second})
	_ = c.Settle()
	_ = c.Rollout("default", "web")
	_ = c.Settle()
	// Output:
	// 00:00:00 ADDED web-7b48f87c9-b5znd ready=false terminating=false
	// 00:00:02 MODIFIED web-7b48f87c9-b5znd ready=true terminating=false
	// 00:00:02 ADDED web-87995c7ff-k6q6q ready=false terminating=false
	// 00:00:04 MODIFIED web-87995c7ff-k6q6q ready=true terminating=false
	// 00:00:04 MODIFIED web-7b48f87c9-b5znd ready=true terminating=true
	// 00:00:09 DELETED web-7b48f87c9-b5znd ready=true terminating=true
}
