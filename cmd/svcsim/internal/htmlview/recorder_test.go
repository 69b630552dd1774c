package htmlview

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
	"github.com/svcsim/svcsim/service"
	"github.com/svcsim/svcsim/sim"
)

func TestTargetHost(t *testing.T) {
	for target, want := range map[string]string{
		"web:80":                             "web",
		"web.default.svc.cluster.local:8080": "web",
		"web":                                "web",
		"10.96.0.10:80":                      "",
		"[fd00::10]:80":                      "",
		"fd00::10":                           "",
	} {
		require.Equal(t, want, targetHost(target), target)
	}
}

// TestRecorderLeavesTraceAlone: a recorded run makes the same trace, the
// same names and addresses, as the same run unrecorded (the recorder
// draws no random number and records nothing).
func TestRecorderLeavesTraceAlone(t *testing.T) {
	run := func(record bool) []sim.Event {
		c, err := sim.New(sim.Config{Seed: 9})
		require.NoError(t, err)
		var r *Recorder
		if record {
			r, err = New(c, Options{})
			require.NoError(t, err)
		}
		require.NoError(t, c.CreateDeployment(sim.Deployment{Name: "web", Replicas: 4, Labels: selector.Set{"app": "web"},
			Ports: []pod.ContainerPort{{Name: "http", Port: 8080}}, ReadyAfter: time.Second}))
		_, err = c.CreateService(service.Service{Name: "web", Selector: selector.Set{"app": "web"},
			Ports: []service.Port{{Port: 80, TargetPort: service.TargetPortName("http")}}})
		require.NoError(t, err)
		require.NoError(t, c.Settle())
		require.NoError(t, c.Rollout("default", "web"))
		for range 20 {
			require.NoError(t, c.Advance(500*time.Millisecond))
			conn, err := c.Connect(sim.External(c.Nodes()[0].IP), "web:80")
			if r != nil {
				r.Mark("sim advance 500ms")
				r.Conn("web:80", conn, err)
			}
		}
		require.NoError(t, c.FailNode("node-1"))
		require.NoError(t, c.Advance(6*time.Minute))
		return c.Events()
	}
	require.Equal(t, run(false), run(true))
}

// TestNewFromCallbackRefused: New attaches watches, which a watch
// callback cannot.
func TestNewFromCallbackRefused(t *testing.T) {
	c, err := sim.New(sim.Config{})
	require.NoError(t, err)
	var got error
	_, err = c.Watch(sim.WatchServices, sim.WatchOptions{Replay: true}, func(sim.WatchEvent) {
		if got == nil {
			_, got = New(c, Options{})
		}
	})
	require.NoError(t, err)
	require.ErrorIs(t, got, sim.ErrReentrant)
}
