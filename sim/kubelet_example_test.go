package sim_test

import (
	"os"
	"time"

	"github.com/svcsim/svcsim/endpoints"
	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
	"github.com/svcsim/svcsim/service"
	"github.com/svcsim/svcsim/sim"
	"github.com/svcsim/svcsim/sim/kubectl"
)

// A crashed container takes its pod out of the Service at once; the
// kubelet restarts it in place at its next relist (the next whole
// second): same pod, same IP, one restart more, Ready again after
// ReadyAfter.
func ExampleCluster_CrashPod() {
	c, _ := sim.New(sim.Config{Seed: 1})
	_ = c.CreateDeployment(sim.Deployment{Name: "web", Replicas: 2, Labels: selector.Set{"app": "web"},
		Ports: []pod.ContainerPort{{Port: 8080}}, ReadyAfter: 2 * time.Second})
	_, _ = c.CreateService(service.Service{Name: "web", Selector: selector.Set{"app": "web"},
		Ports: []service.Port{{Port: 80, TargetPort: service.TargetPortNumber(8080)}}})
	_ = c.Settle()
	victim := c.Pods("default", selector.Everything())[0]
	_ = c.CrashPod("default", victim.Name)
	show := func() {
		_ = kubectl.Pods(os.Stdout, c.Pods("default", selector.Everything()), kubectl.For(c))
		ep, _ := c.Endpoints("default", "web")
		_ = kubectl.Endpoints(os.Stdout, []endpoints.Endpoints{ep}, kubectl.For(c))
	}
	_ = c.Advance(0)
	show()
	_ = c.Advance(time.Second) // the relist: restarted, not Ready yet
	_ = kubectl.Pods(os.Stdout, c.Pods("default", selector.Everything()), kubectl.For(c))
	_ = c.Settle()
	show()
	// Output:
	// NAME                   READY   STATUS    RESTARTS   AGE
	// web-56489f69f8-b5znd   0/1     Error     0          3s
	// web-56489f69f8-k6q6q   1/1     Running   0          3s
	// NAME   ENDPOINTS         AGE
	// web    10.244.0.3:8080   3s
	// NAME                   READY   STATUS    RESTARTS     AGE
	// web-56489f69f8-b5znd   0/1     Running   1 (1s ago)   4s
	// web-56489f69f8-k6q6q   1/1     Running   0            4s
	// NAME                   READY   STATUS    RESTARTS     AGE
	// web-56489f69f8-b5znd   1/1     Running   1 (4s ago)   7s
	// web-56489f69f8-k6q6q   1/1     Running   0            7s
	// NAME   ENDPOINTS                         AGE
	// web    10.244.0.3:8080,10.244.2.2:8080   7s
}
