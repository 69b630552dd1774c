package sim_test

import (
	"fmt"
	"time"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
	"github.com/svcsim/svcsim/sim"
)

// `kubectl set image` and `kubectl rollout status`: a new image rolls out
// one pod at a time (maxSurge 1, maxUnavailable 0 for 3 replicas); the
// last old pod goes once the third new one is ready.
func ExampleCluster_SetImage() {
	c, _ := sim.New(sim.Config{Seed: 1})
	_ = c.CreateDeployment(sim.Deployment{Name: "web", Replicas: 3, Labels: selector.Set{"app": "web"},
		Containers: []sim.Container{{Name: "nginx", Image: "nginx:1.26",
			Ports: []pod.ContainerPort{{Name: "http", Port: 80}}}},
		ReadyAfter: 5 * time.Second})
	_ = c.Settle()
	_ = c.SetImage("default", "web", "nginx", "nginx:1.27")
	last := ""
	for {
		status, done, _ := c.RolloutStatus("default", "web")
		if status != last {
			fmt.Println(c.Now().Format("15:04:05"), status)
			last = status
		}
		if done {
			break
		}
		_ = c.Advance(time.Second)
	}
	d, _ := c.Deployment("default", "web")
	fmt.Println("generation", d.Status.ObservedGeneration, "image", d.Containers[0].Image)
	// Output:
	// 00:00:05 Waiting for deployment spec update to be observed...
	// 00:00:06 Waiting for deployment "web" rollout to finish: 1 out of 3 new replicas have been updated...
	// 00:00:10 Waiting for deployment "web" rollout to finish: 2 out of 3 new replicas have been updated...
	// 00:00:15 Waiting for deployment "web" rollout to finish: 1 old replicas are pending termination...
	// 00:00:20 deployment "web" successfully rolled out
	// generation 2 image nginx:1.27
}
