package yourtests

import (
	"testing"

	"pgregory.net/rapid"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
	"github.com/svcsim/svcsim/service"
	"github.com/svcsim/svcsim/sim"
	"github.com/svcsim/svcsim/sim/simtest"
)

func TestWebUnderChurn(t *testing.T) {
	var front simtest.Front
	setup := func(rt *rapid.T, c *simtest.Cluster) {
		if err := c.CreateDeployment(sim.Deployment{Name: "web", Replicas: 3,
			Labels: selector.Set{"app": "web"},
			Ports:  []pod.ContainerPort{{Name: "http", Port: 8080}}}); err != nil {
			rt.Fatal(err)
		}
		if _, err := c.CreateService(service.Service{Name: "web", Selector: selector.Set{"app": "web"},
			Ports: []service.Port{{Port: 80, TargetPort: service.TargetPortName("http")}}}); err != nil {
			rt.Fatal(err)
		}
		if err := c.Settle(); err != nil {
			rt.Fatal(err)
		}
		front = simtest.FrontEnd(c, "default", "web")
	}
	// Random scale, delete, crash, relabel, readiness, rollout, node failure,
	// Service update and waiting; after every step: Settle, c.Check() and these.
	simtest.Property(t, sim.Config{Seed: 1}, setup, func(rt *rapid.T, c *simtest.Cluster) {
		simtest.AssertEndpoints(rt, c, "default", "web")
		simtest.AssertFrontEnd(rt, c, front)
	})
}
