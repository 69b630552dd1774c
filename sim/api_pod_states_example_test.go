package sim_test

import (
	"fmt"
	"slices"
	"time"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
	"github.com/svcsim/svcsim/sim"
)

// Picking a pod to crash, as a property test does at every step, among
// those whose container runs on a Ready node. The reads reuse their
// slices, so after the first step they allocate nothing.
func ExampleCluster_AppendPodStates() {
	c, _ := sim.New(sim.Config{Seed: 1})
	_ = c.CreateDeployment(sim.Deployment{Name: "web", Replicas: 3, Labels: selector.Set{"app": "web"}})
	_ = c.Settle()
	_ = c.FailNode("node-2")
	_ = c.Advance(time.Minute) // node-2 is NotReady; its pod web-7c897cf947-wnjjb still Running
	var (
		pods  []sim.PodState
		nodes []sim.NodeState
		names []string
	)
	for range 2 {
		pods = c.AppendPodStates(pods[:0], "", selector.FromSet(selector.Set{"app": "web"}))
		nodes = c.AppendNodeStates(nodes[:0])
		names = names[:0]
		for _, p := range pods {
			onReady := slices.Contains(nodes, sim.NodeState{Name: p.NodeName, Ready: true})
			if onReady && p.Phase == pod.Running && p.ContainerReason == "" {
				names = append(names, p.Name)
			}
		}
		fmt.Println(names)
		_ = c.CrashPod("", names[0]) // its container exits: ContainerReason "Error"
	}
	// Output:
	// [web-7c897cf947-b5znd web-7c897cf947-k6q6q]
	// [web-7c897cf947-k6q6q]
}
