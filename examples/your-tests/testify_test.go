package yourtests

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
	"github.com/svcsim/svcsim/service"
	"github.com/svcsim/svcsim/sim"
	"github.com/svcsim/svcsim/sim/simtest"
)

func TestWebSurvivesARollout(t *testing.T) {
	c := simtest.New(t, sim.Config{Seed: 1}) // if the test fails: the last events and kubectl tables
	require.NoError(t, c.CreateDeployment(sim.Deployment{Name: "web", Replicas: 3,
		Labels:     selector.Set{"app": "web"},
		Ports:      []pod.ContainerPort{{Name: "http", Port: 8080}},
		ReadyAfter: 5 * time.Second}))
	_, err := c.CreateService(service.Service{Name: "web", Selector: selector.Set{"app": "web"},
		Ports: []service.Port{{Port: 80, TargetPort: service.TargetPortName("http")}}})
	require.NoError(t, err)
	_, err = c.CreatePod(pod.Pod{Name: "client"})
	require.NoError(t, err)
	require.NoError(t, c.Settle())
	front := simtest.FrontEnd(c, "default", "web") // ClusterIP, ports, DNS answer

	require.NoError(t, c.Rollout("default", "web"))
	require.NoError(t, c.Advance(2*time.Second))
	simtest.AssertEndpoints(t, c, "default", "web") // mid-rollout: exactly the ready pods
	_, err = c.Connect(sim.FromPod("default", "client"), "web:80")
	require.NoError(t, err)

	simtest.Eventually(t, c, func(t simtest.T) { // on the virtual clock
		d, _ := c.Deployment("default", "web")
		if d.Status.UpdatedReplicas != 3 || d.Status.AvailableReplicas != 3 || d.Status.Replicas != 3 {
			t.Errorf("rollout of web not done: %+v", d.Status)
		}
	}, time.Minute, time.Second)
	simtest.AssertFrontEnd(t, c, front)
	require.Len(t, simtest.ReadyAddresses(c, "default", "web"), 3)
}
