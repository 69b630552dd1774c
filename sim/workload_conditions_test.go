package sim

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/svcsim/svcsim/selector"
)

// reasons renders the conditions as Type=Status/Reason, in order.
func reasons(conds []Condition) []string {
	var out []string
	for _, c := range conds {
		out = append(out, c.Type+"="+c.Status+"/"+c.Reason)
	}
	return out
}

func webRolloutStatus(t *testing.T, c *Cluster) string {
	t.Helper()
	s, _, err := c.RolloutStatus("", "web")
	require.NoError(t, err)
	return s
}

// TestDeploymentConditionsLifecycle follows a Deployment's conditions and
// `kubectl rollout status` from creation through a restart, as
// syncRolloutStatus and calculateStatus write them.
func TestDeploymentConditionsLifecycle(t *testing.T) {
	c := mustNew(t, Config{Seed: 1})
	require.NoError(t, c.CreateDeployment(webDeployment(3, 5*time.Second)))
	assert.Equal(t, "Waiting for deployment spec update to be observed...", webRolloutStatus(t, c))

	require.NoError(t, c.Advance(time.Second))
	d, _ := c.Deployment("", "web")
	rs := c.ReplicaSets("", selector.Everything())[0].Name
	// Each condition that changes goes last (SetDeploymentCondition); a
	// progress report always changes Progressing.
	assert.Equal(t, []string{"Available=False/MinimumReplicasUnavailable", "Progressing=True/ReplicaSetUpdated"},
		reasons(d.Status.Conditions))
	p := condition(d.Status.Conditions, "Progressing")
	assert.Equal(t, `ReplicaSet "`+rs+`" is progressing.`, p.Message)
	assert.Equal(t, "Deployment does not have minimum availability.", condition(d.Status.Conditions, "Available").Message)
	assert.Equal(t, int64(1), d.Status.ObservedGeneration)
	assert.Equal(t, DeploymentStatus{ObservedGeneration: 1, Replicas: 3, UpdatedReplicas: 3, UnavailableReplicas: 3,
		Conditions: d.Status.Conditions}, d.Status)
	assert.Equal(t, `Waiting for deployment "web" rollout to finish: 0 of 3 updated replicas are available...`, webRolloutStatus(t, c))

	settleCheck(t, c)
	assert.Equal(t, Epoch.Add(5*time.Second), c.Now(), "Settle does not wait for the progress check")
	d, _ = c.Deployment("", "web")
	assert.Equal(t, []string{"Available=True/MinimumReplicasAvailable", "Progressing=True/NewReplicaSetAvailable"},
		reasons(d.Status.Conditions))
	p = condition(d.Status.Conditions, "Progressing")
	assert.Equal(t, `ReplicaSet "`+rs+`" has successfully progressed.`, p.Message)
	assert.Equal(t, Epoch, p.LastTransitionTime, "still True since the ReplicaSet was created")
	assert.Equal(t, Epoch.Add(5*time.Second), p.LastUpdateTime)
	assert.Equal(t, "Deployment has minimum availability.", condition(d.Status.Conditions, "Available").Message)
	s, done, err := c.RolloutStatus("", "web")
	require.NoError(t, err)
	assert.True(t, done)
	assert.Equal(t, `deployment "web" successfully rolled out`, s)

	require.NoError(t, c.Advance(time.Minute))
	require.NoError(t, c.Rollout("", "web"))
	assert.Equal(t, "Waiting for deployment spec update to be observed...", webRolloutStatus(t, c))
	require.NoError(t, c.Advance(0))
	d, _ = c.Deployment("", "web")
	assert.Equal(t, int64(2), d.Status.ObservedGeneration)
	newRS := c.ReplicaSets("", selector.Everything())
	var created string
	for _, r := range newRS {
		if r.Name != rs {
			created = r.Name
		}
	}
	p = condition(d.Status.Conditions, "Progressing")
	// One sync created the ReplicaSet and scaled it up; the next saw its
	// pod: progress.
	assert.Equal(t, `ReplicaSet "`+created+`" is progressing.`, p.Message)
	assert.Equal(t, `Waiting for deployment "web" rollout to finish: 1 out of 3 new replicas have been updated...`,
		webRolloutStatus(t, c))
	settleCheck(t, c)
	d, _ = c.Deployment("", "web")
	assert.Equal(t, `ReplicaSet "`+created+`" has successfully progressed.`, condition(d.Status.Conditions, "Progressing").Message)
	assert.Equal(t, `deployment "web" successfully rolled out`, webRolloutStatus(t, c))
}

// TestRolloutStatusViewer runs kubectl's cases
// (pkg/polymorphichelpers/rollout_status_test.go,
// TestDeploymentStatusViewerStatus).
func TestRolloutStatusViewer(t *testing.T) {
	for _, tc := range []struct {
		generation int64
		replicas   int
		status     DeploymentStatus
		msg        string
		done       bool
	}{
		{0, 1, DeploymentStatus{ObservedGeneration: 1, Replicas: 1, UpdatedReplicas: 0, AvailableReplicas: 1},
			`Waiting for deployment "foo" rollout to finish: 0 out of 1 new replicas have been updated...`, false},
		{1, 1, DeploymentStatus{ObservedGeneration: 1, Replicas: 2, UpdatedReplicas: 1, AvailableReplicas: 2},
			`Waiting for deployment "foo" rollout to finish: 1 old replicas are pending termination...`, false},
		{1, 2, DeploymentStatus{ObservedGeneration: 1, Replicas: 2, UpdatedReplicas: 2, AvailableReplicas: 1, UnavailableReplicas: 1},
			`Waiting for deployment "foo" rollout to finish: 1 of 2 updated replicas are available...`, false},
		{1, 2, DeploymentStatus{ObservedGeneration: 1, Replicas: 2, UpdatedReplicas: 2, AvailableReplicas: 2},
			`deployment "foo" successfully rolled out`, true},
		{2, 2, DeploymentStatus{ObservedGeneration: 1, Replicas: 2, UpdatedReplicas: 2, AvailableReplicas: 2},
			`Waiting for deployment spec update to be observed...`, false},
	} {
		msg, done, err := rolloutStatus("foo", tc.replicas, tc.generation, tc.status)
		require.NoError(t, err)
		assert.Equal(t, tc.msg, msg)
		assert.Equal(t, tc.done, done)
	}
	_, _, err := rolloutStatus("foo", 1, 1, DeploymentStatus{ObservedGeneration: 1,
		Conditions: []Condition{{Type: "Progressing", Status: "False", Reason: "ProgressDeadlineExceeded"}}})
	assert.EqualError(t, err, `deployment "foo" exceeded its progress deadline`)
}

// TestProgressDeadlineExceeded: pods that never become available stop
// the rollout; 600 s after the last progress (checked one second later,
// requeueStuckDeployment) Progressing turns False.
func TestProgressDeadlineExceeded(t *testing.T) {
	c := mustNew(t, Config{Seed: 1})
	d := webDeployment(2, 0)
	d.CrashLoop = true
	require.NoError(t, c.CreateDeployment(d))
	require.NoError(t, c.Advance(600*time.Second))
	got, _ := c.Deployment("", "web")
	p := condition(got.Status.Conditions, "Progressing")
	require.Equal(t, "True", p.Status, "%+v", got.Status.Conditions)
	require.NoError(t, c.Advance(time.Second))
	got, _ = c.Deployment("", "web")
	p = condition(got.Status.Conditions, "Progressing")
	rs := c.ReplicaSets("", selector.Everything())[0].Name
	assert.Equal(t, Condition{Type: "Progressing", Status: "False", Reason: "ProgressDeadlineExceeded",
		Message: `ReplicaSet "` + rs + `" has timed out progressing.`, LastUpdateTime: c.Now(), LastTransitionTime: c.Now()}, p)
	_, done, err := c.RolloutStatus("", "web")
	assert.False(t, done)
	assert.True(t, errors.Is(err, ErrProgressDeadlineExceeded))
	assert.EqualError(t, err, `deployment "web" exceeded its progress deadline`)

	// A fixed image makes progress again.
	for _, p := range podsOf(c) {
		require.NoError(t, c.SetCrashLoop("", p.Name, false))
	}
	require.NoError(t, c.Advance(10*time.Minute))
	got, _ = c.Deployment("", "web")
	assert.Equal(t, "NewReplicaSetAvailable", condition(got.Status.Conditions, "Progressing").Reason)
	require.NoError(t, c.Check())
}

func TestRolloutStatusNotFound(t *testing.T) {
	c := mustNew(t, Config{Seed: 1})
	_, _, err := c.RolloutStatus("", "nope")
	assert.True(t, errors.Is(err, ErrNotFound))
	assert.EqualError(t, err, `deployments.apps "nope" not found`)
}

// Check recomputes a synced Deployment's status: a wrong observed
// generation, Available, Progressing or ReplicaFailure condition is
// reported.
func TestCheckDeploymentStatus(t *testing.T) {
	for _, tc := range []struct {
		name, want string
		corrupt    func(d *depRec)
	}{
		{"observed generation", "observed generation", func(d *depRec) { d.observed++ }},
		{"Available False", "Available False", func(d *depRec) { d.conds[condIndex(d.conds, cAvailable)].status = false }},
		{"Progressing gone", "complete, but Progressing", func(d *depRec) {
			d.conds = slices.DeleteFunc(d.conds, func(x depCond) bool { return x.typ == cProgressing })
		}},
		{"ReplicaFailure", "ReplicaFailure condition true", func(d *depRec) {
			d.conds = append(d.conds, depCond{typ: cReplicaFailure, reason: rFailedCreate, status: true})
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := smallCluster(t)
			require.NoError(t, c.Check())
			var d *depRec
			for _, x := range c.deps {
				if x != nil {
					d = x
				}
			}
			require.NotNil(t, d)
			tc.corrupt(d)
			err := c.Check()
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
}
