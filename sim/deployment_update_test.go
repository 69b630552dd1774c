package sim

import (
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
)

func nginx(image string) Deployment {
	return Deployment{Name: "web", Replicas: 3, Labels: selector.Set{"app": "web"},
		Containers: []Container{{Name: "nginx", Image: image, Ports: []pod.ContainerPort{{Name: "http", Port: 80}}}}}
}

func images(c *Cluster) map[string]int {
	out := map[string]int{}
	for _, p := range podsOf(c) {
		if !p.Terminating {
			out[p.Containers[0].Image]++
		}
	}
	return out
}

func TestUpdateDeploymentImageRollsOut(t *testing.T) {
	c := mustNew(t, Config{Seed: 1})
	require.NoError(t, c.CreateDeployment(nginx("nginx:1.26")))
	settleCheck(t, c)
	before := c.ReplicaSets("", selector.Everything())[0].Name

	require.NoError(t, c.UpdateDeployment(nginx("nginx:1.27")))
	got, _ := c.Deployment("", "web")
	assert.Equal(t, int64(1), got.Status.ObservedGeneration)
	require.NoError(t, c.Advance(0))
	got, _ = c.Deployment("", "web")
	assert.Equal(t, int64(2), got.Status.ObservedGeneration)
	rs := c.ReplicaSets("", selector.Everything())
	require.Len(t, rs, 2)
	settleCheck(t, c)
	assert.Equal(t, map[string]int{"nginx:1.27": 3}, images(c))
	s, done, err := c.RolloutStatus("", "web")
	require.NoError(t, err)
	assert.True(t, done, s)
	old, _ := c.ReplicaSet("", before)
	assert.Equal(t, 0, old.Replicas)
	require.Len(t, eventsOf(c, "DeploymentUpdated"), 1)
	assert.Equal(t, "generation 2: template", eventsOf(c, "DeploymentUpdated")[0].Message)

	// Back to the old image: the old ReplicaSet is scaled up again.
	require.NoError(t, c.SetImage("", "web", "nginx", "nginx:1.26"))
	settleCheck(t, c)
	assert.Len(t, c.ReplicaSets("", selector.Everything()), 2)
	old, _ = c.ReplicaSet("", before)
	assert.Equal(t, 3, old.Replicas)
	got, _ = c.Deployment("", "web")
	assert.Equal(t, int64(3), got.Status.ObservedGeneration)
}

func TestUpdateDeploymentScalesAndKeepsTemplate(t *testing.T) {
	c := mustNew(t, Config{Seed: 1})
	require.NoError(t, c.CreateDeployment(nginx("nginx:1.26")))
	settleCheck(t, c)
	d := nginx("nginx:1.26")
	d.Replicas = 5
	require.NoError(t, c.UpdateDeployment(d))
	settleCheck(t, c)
	assert.Len(t, c.ReplicaSets("", selector.Everything()), 1, "no rollout")
	assert.Len(t, podsOf(c), 5)
	got, _ := c.Deployment("", "web")
	assert.Equal(t, int64(2), got.Status.ObservedGeneration)

	// The same spec again (as read back): nothing happens.
	trace := len(c.Events())
	require.NoError(t, c.UpdateDeployment(got))
	assert.Equal(t, trace, len(c.Events()))
	again, _ := c.Deployment("", "web")
	assert.Equal(t, int64(2), again.Status.ObservedGeneration)
	require.NoError(t, c.Advance(0))
	again, _ = c.Deployment("", "web")
	assert.Equal(t, int64(2), again.Status.ObservedGeneration)
}

// TestUpdateDeploymentStrategy: a changed strategy alone starts nothing;
// the next rollout follows it.
func TestUpdateDeploymentStrategy(t *testing.T) {
	c := mustNew(t, Config{Seed: 1})
	require.NoError(t, c.CreateDeployment(nginx("nginx:1.26")))
	settleCheck(t, c)
	d := nginx("nginx:1.26")
	d.Strategy = Recreate
	require.NoError(t, c.UpdateDeployment(d))
	settleCheck(t, c)
	assert.Len(t, c.ReplicaSets("", selector.Everything()), 1)
	got, _ := c.Deployment("", "web")
	assert.Equal(t, Recreate, got.Strategy)
	assert.Equal(t, int64(2), got.Status.ObservedGeneration)

	require.NoError(t, c.SetImage("", "web", "nginx", "nginx:1.27"))
	require.NoError(t, c.Advance(0))
	// Recreate: every old pod goes before a new one is created.
	assert.Equal(t, map[string]int{}, images(c))
	settleCheck(t, c)
	assert.Equal(t, map[string]int{"nginx:1.27": 3}, images(c))
}

func TestUpdateDeploymentLabels(t *testing.T) {
	c := mustNew(t, Config{Seed: 1})
	d := nginx("nginx:1.26")
	d.Selector = selector.Set{"app": "web"}
	require.NoError(t, c.CreateDeployment(d))
	settleCheck(t, c)
	// A label beyond the selector: a rollout.
	d.Labels = selector.Set{"app": "web", "version": "v2"}
	require.NoError(t, c.UpdateDeployment(d))
	settleCheck(t, c)
	for _, p := range podsOf(c) {
		assert.Equal(t, "v2", p.Labels["version"], p.Name)
	}
	assert.Len(t, podsOf(c), 3)
}

func TestUpdateDeploymentRefused(t *testing.T) {
	c := mustNew(t, Config{Seed: 1})
	require.NoError(t, c.CreateDeployment(nginx("nginx:1.26")))
	settleCheck(t, c)
	for _, tc := range []struct {
		name string
		edit func(*Deployment)
		is   error
		want string
	}{
		{"selector changed", func(d *Deployment) { d.Selector, d.Labels = selector.Set{"app": "web2"}, selector.Set{"app": "web2"} },
			ErrInvalid, `deployment default/web: spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"web2"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable`},
		{"labels leave the selector", func(d *Deployment) { d.Labels = selector.Set{"app": "api"} },
			ErrInvalid, "deployment default/web: spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"api\"}: `selector` does not match template `labels`"},
		{"negative replicas", func(d *Deployment) { d.Replicas = -1 }, ErrInvalid, "spec.replicas"},
		{"missing", func(d *Deployment) { d.Name = "nope" }, ErrNotFound, "deployment default/nope: not found"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := takeSnapshot(c)
			d := nginx("nginx:1.26")
			tc.edit(&d)
			err := c.UpdateDeployment(d)
			require.Error(t, err)
			assert.True(t, errors.Is(err, tc.is), "%v", err)
			assert.Contains(t, err.Error(), tc.want)
			assert.True(t, reflect.DeepEqual(before, takeSnapshot(c)), "refused update changed the cluster")
		})
	}
	err := c.SetImage("", "web", "php", "php:8")
	assert.True(t, errors.Is(err, ErrNotFound))
	assert.EqualError(t, err, `deployment default/web: unable to find container named "php": not found`)
	err = c.SetImage("", "web", "nginx", "")
	assert.True(t, errors.Is(err, ErrInvalid))
	assert.Contains(t, err.Error(), "spec.template.spec.containers[0].image: Required value")
}

// TestSetImageShorthand: the Ports shorthand's one container is "app".
func TestSetImageShorthand(t *testing.T) {
	c := mustNew(t, Config{Seed: 1})
	require.NoError(t, c.CreateDeployment(webDeployment(2, time.Second)))
	settleCheck(t, c)
	require.NoError(t, c.SetImage("", "web", "app", "web:2"))
	settleCheck(t, c)
	got, _ := c.Deployment("", "web")
	assert.Equal(t, []Container{{Name: "app", Image: "web:2", Ports: []pod.ContainerPort{{Name: "http", Port: 8080, Protocol: pod.TCP}}}}, got.Containers)
	assert.Nil(t, got.Ports)
	assert.Equal(t, map[string]int{"web:2": 2}, images(c))
}

// TestUpdateDeploymentKeepsDefaultSelector: a Deployment created without
// a Selector selects its first template labels; labels added later do not
// change it.
func TestUpdateDeploymentKeepsDefaultSelector(t *testing.T) {
	c := mustNew(t, Config{Seed: 1})
	require.NoError(t, c.CreateDeployment(nginx("nginx:1.26")))
	settleCheck(t, c)
	d := nginx("nginx:1.26")
	d.Labels = selector.Set{"app": "web", "track": "stable"}
	require.NoError(t, c.UpdateDeployment(d))
	settleCheck(t, c)
	got, _ := c.Deployment("", "web")
	assert.Equal(t, selector.Set{"app": "web"}, got.Selector)
	assert.Equal(t, selector.Set{"app": "web", "track": "stable"}, got.Labels)
	rs := c.ReplicaSets("", selector.MustParse("track=stable"))
	require.Len(t, rs, 1)
	assert.Equal(t, selector.Set{"app": "web", "pod-template-hash": rs[0].PodTemplateHash}, rs[0].Selector)
	// Back to the first labels: the selector is the labels again.
	require.NoError(t, c.UpdateDeployment(nginx("nginx:1.26")))
	settleCheck(t, c)
	got, _ = c.Deployment("", "web")
	assert.Equal(t, selector.Set{"app": "web"}, got.Selector)
}
