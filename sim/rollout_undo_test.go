package sim

import (
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
)

// revisions returns each ReplicaSet's deployment.kubernetes.io/revision
// annotation by its template's image.
func revisions(t *testing.T, c *Cluster) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, rs := range c.ReplicaSets("default", selector.Everything()) {
		out[rs.Containers[0].Image] = rs.Annotations[AnnotationRevision]
	}
	return out
}

func depRevision(t *testing.T, c *Cluster) int64 {
	t.Helper()
	d, ok := c.Deployment("default", "web")
	require.True(t, ok)
	return d.Revision
}

// The deployment controller numbers its ReplicaSets: the new one gets
// MaxRevision of the old ones plus one, an old one re-used too, and the
// Deployment carries its new ReplicaSet's (kubernetes
// pkg/controller/deployment/sync.go, getNewReplicaSet).
func TestDeploymentRevisions(t *testing.T) {
	c := mustNew(t, Config{Seed: 1})
	require.NoError(t, c.CreateDeployment(nginx("nginx:1")))
	settleCheck(t, c)
	assert.Equal(t, map[string]string{"nginx:1": "1"}, revisions(t, c))
	assert.Equal(t, int64(1), depRevision(t, c))

	require.NoError(t, c.SetImage("", "web", "nginx", "nginx:2"))
	settleCheck(t, c)
	assert.Equal(t, map[string]string{"nginx:1": "1", "nginx:2": "2"}, revisions(t, c))
	assert.Equal(t, int64(2), depRevision(t, c))

	require.NoError(t, c.SetImage("", "web", "nginx", "nginx:1"))
	settleCheck(t, c)
	assert.Equal(t, map[string]string{"nginx:1": "3", "nginx:2": "2"}, revisions(t, c))
	assert.Equal(t, int64(3), depRevision(t, c))
}

// kubectl rollout undo: back to the previous revision, or to the one
// named; the ReplicaSet re-used takes the next revision (kubernetes
// staging/src/k8s.io/kubectl/pkg/polymorphichelpers/rollback.go).
func TestRolloutUndo(t *testing.T) {
	c := mustNew(t, Config{Seed: 1})
	require.NoError(t, c.CreateDeployment(nginx("nginx:1")))
	settleCheck(t, c)
	require.NoError(t, c.SetImage("", "web", "nginx", "nginx:2"))
	settleCheck(t, c)
	require.NoError(t, c.SetImage("", "web", "nginx", "nginx:3"))
	settleCheck(t, c)

	require.NoError(t, c.RolloutUndo("", "web", 0))
	settleCheck(t, c)
	assert.Equal(t, map[string]int{"nginx:2": 3}, images(c))
	assert.Equal(t, map[string]string{"nginx:1": "1", "nginx:2": "4", "nginx:3": "3"}, revisions(t, c))
	assert.Equal(t, int64(4), depRevision(t, c))

	require.NoError(t, c.RolloutUndo("", "web", 1))
	settleCheck(t, c)
	assert.Equal(t, map[string]int{"nginx:1": 3}, images(c))
	assert.Equal(t, map[string]string{"nginx:1": "5", "nginx:2": "4", "nginx:3": "3"}, revisions(t, c))
	d, _ := c.Deployment("", "web")
	assert.Equal(t, selector.Set{"app": "web"}, d.Labels, "pod-template-hash is not copied back")
	assert.Equal(t, int64(5), d.Status.ObservedGeneration)

	// Undo of the current revision: nothing to do.
	events := len(c.Events())
	require.NoError(t, c.RolloutUndo("", "web", 5))
	assert.Len(t, c.Events(), events)
}

// A Deployment given by the Ports shorthand, restarted: undo restores the
// template exactly, so the old ReplicaSet is re-used.
func TestRolloutUndoShorthandRestart(t *testing.T) {
	c := mustNew(t, Config{Seed: 1})
	require.NoError(t, c.CreateDeployment(Deployment{Name: "web", Replicas: 2, Labels: selector.Set{"app": "web"},
		Ports: []pod.ContainerPort{{Name: "http", Port: 8080}}}))
	settleCheck(t, c)
	first := c.ReplicaSets("default", selector.Everything())[0].Name
	require.NoError(t, c.Advance(5e9))
	require.NoError(t, c.Rollout("", "web"))
	settleCheck(t, c)
	require.NoError(t, c.RolloutUndo("", "web", 0))
	settleCheck(t, c)
	rss := c.ReplicaSets("default", selector.Everything())
	require.Len(t, rss, 2)
	for _, rs := range rss {
		assert.Equal(t, rs.Name == first, rs.Current, rs.Name)
	}
	assert.Equal(t, int64(3), depRevision(t, c))
}

func TestRolloutUndoRefused(t *testing.T) {
	c := mustNew(t, Config{Seed: 1})
	require.NoError(t, c.CreateDeployment(nginx("nginx:1")))
	settleCheck(t, c)
	for _, tc := range []struct {
		name       string
		toRevision int64
		sentinel   error
		msg        string
	}{
		{"nope", 0, ErrNotFound, "deployment default/nope: not found"},
		{"web", 0, ErrNotFound, `no rollout history found for deployment "web"`},
		{"web", 7, ErrNotFound, "unable to find specified revision 7 in history"},
		{"web", -1, ErrInvalid, "must be greater than or equal to 0"},
	} {
		events := len(c.Events())
		err := c.RolloutUndo("", tc.name, tc.toRevision)
		require.Error(t, err, tc.msg)
		assert.True(t, errors.Is(err, tc.sentinel), "%v", err)
		assert.Contains(t, err.Error(), tc.msg)
		assert.Len(t, c.Events(), events)
		require.NoError(t, c.Check())
	}
}

// Check reports ReplicaSets sharing a revision and a current ReplicaSet
// that is not the newest revision or not the Deployment's.
func TestCheckRevisions(t *testing.T) {
	c := mustNew(t, Config{Seed: 1})
	require.NoError(t, c.CreateDeployment(nginx("nginx:1")))
	settleCheck(t, c)
	require.NoError(t, c.SetImage("", "web", "nginx", "nginx:2"))
	settleCheck(t, c)
	d := c.deps[c.depByName.Value(nsName{"default", "web"})]
	old, cur := c.rss[d.rss[0]], c.rss[d.rss[1]]

	old.revision = 2
	assert.ErrorContains(t, c.Check(), "revision 2 held by two ReplicaSets")
	old.revision = 3
	assert.ErrorContains(t, c.Check(), "current ReplicaSet "+cur.name+" has revision 2, not the highest")
	old.revision = 1
	d.revision = 1
	assert.ErrorContains(t, c.Check(), "deployment default/web: revision 1, its current ReplicaSet's is 2")
	d.revision = 2
	require.NoError(t, c.Check())
}

// History beyond revisionHistoryLimit goes lowest revision first
// (sync.go, cleanupDeployment sorts by ReplicaSetsByRevision): a
// ReplicaSet re-used by a rollback is young again, however old.
func TestCleanupByRevision(t *testing.T) {
	c := mustNew(t, Config{Seed: 1})
	require.NoError(t, c.CreateDeployment(nginx("nginx:0")))
	settleCheck(t, c)
	for v := 1; v <= revisionHistoryLimit; v++ {
		require.NoError(t, c.SetImage("", "web", "nginx", "nginx:"+strconv.Itoa(v)))
		settleCheck(t, c)
	}
	require.Len(t, revisions(t, c), revisionHistoryLimit+1)
	require.NoError(t, c.RolloutUndo("", "web", 1))
	settleCheck(t, c)
	require.NoError(t, c.SetImage("", "web", "nginx", "nginx:new"))
	settleCheck(t, c)
	revs := revisions(t, c)
	assert.Len(t, revs, revisionHistoryLimit+1)
	assert.Equal(t, "12", revs["nginx:0"], "the rolled-back-to ReplicaSet is kept")
	assert.NotContains(t, revs, "nginx:1", "revision 2, the lowest, is deleted")
}

// A ReplicaSet re-used under a new revision keeps its former ones in
// deployment.kubernetes.io/revision-history (deployment_util.go,
// SetNewReplicaSetAnnotations).
func TestRevisionHistoryAnnotation(t *testing.T) {
	c := mustNew(t, Config{Seed: 1})
	require.NoError(t, c.CreateDeployment(nginx("nginx:1")))
	settleCheck(t, c)
	for _, image := range []string{"nginx:2", "nginx:1", "nginx:2", "nginx:1"} {
		require.NoError(t, c.SetImage("", "web", "nginx", image))
		settleCheck(t, c)
	}
	byImage := map[string]map[string]string{}
	for _, rs := range c.ReplicaSets("default", selector.Everything()) {
		byImage[rs.Containers[0].Image] = rs.Annotations
	}
	assert.Equal(t, "5", byImage["nginx:1"][AnnotationRevision])
	assert.Equal(t, "1,3", byImage["nginx:1"][AnnotationRevisionHistory])
	assert.Equal(t, "4", byImage["nginx:2"][AnnotationRevision])
	assert.Equal(t, "2", byImage["nginx:2"][AnnotationRevisionHistory])
}

func TestRevisionHistoryLength(t *testing.T) {
	long := strings.Repeat("1234567,", 249) + "1234567" // 1999 characters
	for _, tc := range []struct{ history, old, want string }{
		{"", "3", "3"},
		{"1,3", "5", "1,3,5"},
		{long, "8", long[8:] + ",8"},
		{"12", strings.Repeat("9", 2001), "12"}, // too long even alone: not appended
	} {
		assert.Equal(t, tc.want, appendRevisionHistory(tc.history, tc.old))
	}
}
