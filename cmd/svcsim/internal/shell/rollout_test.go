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

// TestRolloutUndoAndHistory: kubectl rollout history lists the
// Deployment's revisions; rollout undo goes back to the previous one or
// the one named, and skips a revision the template already matches
// (kubectl pkg/cmd/rollout/rollout_history.go and rollout_undo.go,
// polymorphichelpers/history.go and rollback.go).
func TestRolloutUndoAndHistory(t *testing.T) {
	c, err := sim.New(sim.Config{Seed: 1})
	require.NoError(t, err)
	require.NoError(t, c.CreateDeployment(sim.Deployment{Name: "web", Replicas: 2, Labels: selector.Set{"app": "web"},
		Containers: []sim.Container{{Name: "web", Image: "nginx:1"}}}))
	var buf strings.Builder
	s := &Session{Out: &buf, Err: &buf, c: c}
	run := func(line string) string {
		t.Helper()
		buf.Reset()
		require.NoError(t, s.Exec(line, ""), buf.String())
		return buf.String()
	}
	fail := func(line string) string {
		t.Helper()
		buf.Reset()
		require.Error(t, s.Exec(line, ""))
		return buf.String()
	}
	run("sim settle")
	assert.Equal(t, "error: no rollout history found for deployment \"web\"\n", fail("kubectl rollout undo deployment/web"))
	run("kubectl set image deployment/web web=nginx:2")
	run("sim settle")
	assert.Equal(t, "deployment.apps/web \nREVISION  CHANGE-CAUSE\n1         <none>\n2         <none>\n\n",
		run("kubectl rollout history deployment/web"))
	assert.Equal(t, "deployment.apps/web skipped rollback (current template already matches revision 2)\n",
		run("kubectl rollout undo deployment/web --to-revision=2"))
	assert.Equal(t, "deployment.apps/web rolled back\n", run("kubectl rollout undo deployment/web"))
	run("sim settle")
	assert.Equal(t, "deployment.apps/web \nREVISION  CHANGE-CAUSE\n2         <none>\n3         <none>\n\n",
		run("kubectl rollout history deploy web"))
	d, _ := c.Deployment("", "web")
	assert.Equal(t, "nginx:1", d.Containers[0].Image)

	assert.Equal(t, "error: unable to find specified revision 1 in history\n",
		fail("kubectl rollout undo deployment/web --to-revision=1"))
	assert.Equal(t, "deployment.apps/web rolled back\n", run("kubectl rollout undo deployment/web --to-revision=2"))
	assert.Equal(t, "Error from server (NotFound): deployments.apps \"nope\" not found\n",
		fail("kubectl rollout undo deployment/nope"))
	assert.Equal(t, "Error from server (NotFound): deployments.apps \"nope\" not found\n",
		fail("kubectl rollout history deployment/nope"))
	assert.Equal(t, "error: kubectl rollout undo is not supported by svcsim for statefulsets.apps (it keeps a Deployment's revisions)\n", fail("kubectl rollout undo sts/db"))
}
