package sim_test

import (
	"fmt"
	"os"
	"time"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
	"github.com/svcsim/svcsim/sim"
	"github.com/svcsim/svcsim/sim/kubectl"
)

// A Deployment owns a ReplicaSet named after its pod template's hash,
// which owns pods named after the ReplicaSet, spread over the nodes, each
// with an IP of its node's pod CIDR. Nothing exists until the controllers
// run (Settle).
func ExampleCluster_CreateDeployment() {
	c, _ := sim.New(sim.Config{Seed: 1})
	_ = c.CreateDeployment(sim.Deployment{Name: "web", Replicas: 3, Labels: selector.Set{"app": "web"},
		Ports: []pod.ContainerPort{{Name: "http", Port: 8080}}})
	fmt.Println("pods before Settle:", len(c.Pods("default", selector.Everything())))
	_ = c.Settle()
	for _, rs := range c.ReplicaSets("default", selector.Everything()) {
		fmt.Println("ReplicaSet", rs.Name, "of", rs.Owner, "selects", rs.Labels)
	}
	_ = kubectl.Pods(os.Stdout, c.Pods("default", selector.Everything()), kubectl.For(c).WithWide())
	// Output:
	// pods before Settle: 0
	// ReplicaSet web-6f4b8666dd of web selects app=web,pod-template-hash=6f4b8666dd
	// NAME                   READY   STATUS    RESTARTS   AGE   IP           NODE     NOMINATED NODE   READINESS GATES
	// web-6f4b8666dd-b5znd   1/1     Running   0          1s    10.244.2.2   node-3   <none>           <none>
	// web-6f4b8666dd-k6q6q   1/1     Running   0          1s    10.244.0.3   node-1   <none>           <none>
	// web-6f4b8666dd-wnjjb   1/1     Running   0          1s    10.244.1.3   node-2   <none>           <none>
}

// Scaling down marks the surplus pods Terminating at once (Services stop
// routing new connections to them) and deletes them when their grace
// period, here 10 s, ends.
func ExampleCluster_Scale() {
	c, _ := sim.New(sim.Config{Seed: 1})
	_ = c.CreateDeployment(sim.Deployment{Name: "web", Replicas: 3, Labels: selector.Set{"app": "web"},
		TerminationGracePeriod: 10 * time.Second})
	_ = c.Settle()
	_ = c.Scale("default", "web", 1)
	_ = c.Advance(0)
	_ = kubectl.Pods(os.Stdout, c.Pods("default", selector.Everything()), kubectl.For(c))
	_ = c.Settle()
	_ = kubectl.Pods(os.Stdout, c.Pods("default", selector.Everything()), kubectl.For(c))
	// Output:
	// NAME                 READY   STATUS        RESTARTS   AGE
	// web-db446977-b5znd   1/1     Terminating   0          1s
	// web-db446977-k6q6q   1/1     Terminating   0          1s
	// web-db446977-wnjjb   1/1     Running       0          1s
	// NAME                 READY   STATUS    RESTARTS   AGE
	// web-db446977-wnjjb   1/1     Running   0          11s
}

// A Deployment's status as its controller keeps it: mid-rollout (4
// replicas, maxSurge and maxUnavailable 25%: one more pod, one fewer
// available) and once the rollout is done.
func ExampleCluster_Deployment() {
	c, _ := sim.New(sim.Config{Seed: 1})
	_ = c.CreateDeployment(sim.Deployment{Name: "web", Replicas: 4, Labels: selector.Set{"app": "web"},
		ReadyAfter: 10 * time.Second})
	_ = c.Settle()
	_ = c.Rollout("default", "web")
	_ = c.Advance(time.Second)
	status := func() {
		d, _ := c.Deployment("default", "web")
		s := d.Status
		fmt.Printf("replicas %d, updated %d, ready %d, available %d, unavailable %d\n",
			s.Replicas, s.UpdatedReplicas, s.ReadyReplicas, s.AvailableReplicas, s.UnavailableReplicas)
	}
	status()
	_ = c.Settle()
	status()
	// Output:
	// replicas 5, updated 2, ready 3, available 3, unavailable 2
	// replicas 4, updated 4, ready 4, available 4, unavailable 0
}

// After a rollout the old ReplicaSet stays, scaled to zero, as a revision
// to roll back to.
func ExampleCluster_ReplicaSets() {
	c, _ := sim.New(sim.Config{Seed: 1})
	_ = c.CreateDeployment(sim.Deployment{Name: "web", Replicas: 2, Labels: selector.Set{"app": "web"}})
	_ = c.Settle()
	_ = c.Rollout("default", "web")
	_ = c.Settle()
	for _, rs := range c.ReplicaSets("default", selector.Everything()) {
		fmt.Printf("%s replicas %d, ready %d, created %s\n",
			rs.Name, rs.Replicas, rs.Status.ReadyReplicas, rs.CreationTimestamp.Format(time.TimeOnly))
	}
	// Output:
	// web-7c897cf947 replicas 0, ready 0, created 00:00:00
	// web-d896cf9f6 replicas 2, ready 2, created 00:00:01
}
