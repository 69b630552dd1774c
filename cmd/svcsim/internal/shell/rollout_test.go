package shell

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
	"github.com/svcsim/svcsim/sim"
)

// TestRolloutStatusWaits: kubectl rollout status prints each new status
// line as the rollout goes, and returns at the instant it completes.
func TestRolloutStatusWaits(t *testing.T) {
	c, err := sim.New(sim.Config{Seed: 1})
	require.NoError(t, err)
	require.NoError(t, c.CreateDeployment(sim.Deployment{Name: "web", Replicas: 2, Labels: selector.Set{"app": "web"},
		Ports: []pod.ContainerPort{{Port: 8080}}, ReadyAfter: 5 * time.Second}))
	var buf strings.Builder
	s := &Session{Out: &buf, Err: &buf, c: c}
	start := c.Now()
	require.NoError(t, s.Exec("kubectl rollout status deployment/web", ""))
	assert.Equal(t, `Waiting for deployment "web" rollout to finish: 0 of 2 updated replicas are available...
deployment "web" successfully rolled out
`, buf.String())
	assert.Equal(t, 5*time.Second, c.Now().Sub(start))

	buf.Reset()
	require.NoError(t, s.Exec("kubectl rollout restart deployment web", ""))
	require.NoError(t, s.Exec("kubectl rollout status deploy/web", ""))
	assert.Equal(t, `deployment.apps/web restarted
Waiting for deployment "web" rollout to finish: 1 out of 2 new replicas have been updated...
Waiting for deployment "web" rollout to finish: 1 old replicas are pending termination...
deployment "web" successfully rolled out
`, buf.String())

	buf.Reset()
	err = s.Exec("kubectl rollout status deployment/nope", "")
	require.Error(t, err)
	assert.Equal(t, "Error from server (NotFound): deployments.apps \"nope\" not found\n", buf.String())
}

// TestRolloutStatusTimeout: kubectl rollout status waits at most 10
// virtual minutes (the bound the scenario language pins; the progress
// deadline's check, due 1s later, is not reached).
func TestRolloutStatusTimeout(t *testing.T) {
	c, err := sim.New(sim.Config{Seed: 1})
	require.NoError(t, err)
	require.NoError(t, c.CreateDeployment(sim.Deployment{Name: "web", Replicas: 1, Labels: selector.Set{"app": "web"},
		Ports: []pod.ContainerPort{{Port: 8080}}, ReadyAfter: time.Hour}))
	var buf strings.Builder
	s := &Session{Out: &buf, Err: &buf, c: c}
	start := c.Now()
	require.Error(t, s.Exec("kubectl rollout status deployment/web", ""))
	assert.Equal(t, `Waiting for deployment "web" rollout to finish: 0 of 1 updated replicas are available...
error: timed out waiting for the condition
`, buf.String())
	assert.Equal(t, waitLimit, c.Now().Sub(start))

	// Past the deadline, the next rollout status reports it at once.
	require.NoError(t, s.Exec("sim advance 1s", ""))
	buf.Reset()
	require.Error(t, s.Exec("kubectl rollout status deployment/web", ""))
	assert.Equal(t, "error: deployment \"web\" exceeded its progress deadline\n", buf.String())
}
