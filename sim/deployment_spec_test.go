package sim

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
)

func TestDeploymentSelectorOfItsOwn(t *testing.T) {
	c := mustNew(t, Config{Seed: 1})
	d := Deployment{Name: "web", Replicas: 2, Selector: selector.Set{"app": "web"},
		Labels: selector.Set{"app": "web", "tier": "front"}, Ports: webPorts}
	require.NoError(t, c.CreateDeployment(d))
	settleCheck(t, c)
	got, _ := c.Deployment("", "web")
	assert.Equal(t, selector.Set{"app": "web"}, got.Selector)
	rs := c.ReplicaSets("", selector.Everything())
	require.Len(t, rs, 1)
	assert.Equal(t, selector.Set{"app": "web", "pod-template-hash": rs[0].PodTemplateHash}, rs[0].Selector)
	assert.Equal(t, selector.Set{"app": "web", "tier": "front", "pod-template-hash": rs[0].PodTemplateHash}, rs[0].Labels)

	// A label beyond the selector can go: the pod stays owned.
	p := podsOf(c)[0]
	require.NoError(t, c.SetPodLabels("", p.Name, selector.Set{"app": "web", "pod-template-hash": rs[0].PodTemplateHash}))
	settleCheck(t, c)
	assert.Len(t, podsOf(c), 2)
	// One the selector needs orphans it: a replacement comes.
	require.NoError(t, c.SetPodLabels("", p.Name, selector.Set{"tier": "front"}))
	settleCheck(t, c)
	assert.Len(t, podsOf(c), 3)

	// A Deployment without a Selector selects its template labels.
	require.NoError(t, c.CreateDeployment(Deployment{Name: "api", Replicas: 1, Labels: selector.Set{"app": "api"}, Ports: webPorts}))
	got, _ = c.Deployment("", "api")
	assert.Equal(t, selector.Set{"app": "api"}, got.Selector)
}

func TestDeploymentSpecInvalid(t *testing.T) {
	two := []Container{{Name: "app", Image: "nginx"}, {Name: "app", Image: "envoy"}}
	for _, tc := range []struct {
		name string
		d    Deployment
		want string
	}{
		{"selector does not match", Deployment{Name: "web", Selector: selector.Set{"app": "web"}, Labels: selector.Set{"app": "api"}},
			"deployment default/web: spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"api\"}: `selector` does not match template `labels`"},
		{"bad selector", Deployment{Name: "web", Selector: selector.Set{"a b": "web"}, Labels: selector.Set{"app": "api"}},
			`deployment default/web: spec.selector.matchLabels: Invalid value: "a b=web"`},
		{"ports and containers", Deployment{Name: "web", Labels: selector.Set{"app": "web"}, Ports: webPorts,
			Containers: []Container{{Name: "app", Image: "nginx"}}},
			"deployment default/web: ports: Invalid value: 1: must be empty when containers are given (it is the shorthand for one container)"},
		{"duplicate container", Deployment{Name: "web", Labels: selector.Set{"app": "web"}, Containers: two},
			`deployment default/web: spec.template.spec.containers[1].name: Duplicate value: "app"`},
		{"no image", Deployment{Name: "web", Labels: selector.Set{"app": "web"}, Containers: []Container{{Name: "app"}}},
			"deployment default/web: spec.template.spec.containers[0].image: Required value"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := mustNew(t, Config{Seed: 1})
			err := c.CreateDeployment(tc.d)
			require.Error(t, err)
			assert.True(t, errors.Is(err, ErrInvalid), "%v", err)
			assert.Contains(t, err.Error(), tc.want)
			_, ok := c.Deployment("", "web")
			assert.False(t, ok)
		})
	}
}

// TestDeploymentContainers: pods carry the template's containers; their
// Ports are the union in container order, so a named targetPort resolves
// to the first container that has it.
func TestDeploymentContainers(t *testing.T) {
	c := mustNew(t, Config{Seed: 1})
	cs := []Container{
		{Name: "web", Image: "nginx:1.27", Ports: []pod.ContainerPort{{Name: "http", Port: 8080, Protocol: pod.TCP}}},
		{Name: "proxy", Image: "envoy:1.31", Ports: []pod.ContainerPort{{Name: "http", Port: 9090, Protocol: pod.TCP},
			{Name: "admin", Port: 9901, Protocol: pod.TCP}}},
	}
	require.NoError(t, c.CreateDeployment(Deployment{Name: "web", Replicas: 1, Labels: selector.Set{"app": "web"}, Containers: cs}))
	_, err := c.CreateService(webService())
	require.NoError(t, err)
	settleCheck(t, c)
	p := podsOf(c)[0]
	assert.Equal(t, cs, p.Containers)
	assert.Equal(t, []pod.ContainerPort{{Name: "http", Port: 8080, Protocol: pod.TCP},
		{Name: "http", Port: 9090, Protocol: pod.TCP}, {Name: "admin", Port: 9901, Protocol: pod.TCP}}, p.Ports)
	ep, _ := c.Endpoints("", "web")
	require.Len(t, ep.Subsets, 1)
	assert.Equal(t, int32(8080), ep.Subsets[0].Ports[0].Port)
	p.Containers[0].Image = "changed" // a copy
	again, _ := c.Pod("", p.Name)
	assert.Equal(t, "nginx:1.27", again.Containers[0].Image)

	// The shorthand: one container "app", no image.
	require.NoError(t, c.CreateDeployment(Deployment{Name: "api", Replicas: 1, Labels: selector.Set{"app": "api"}, Ports: webPorts}))
	settleCheck(t, c)
	api := c.Pods("", selector.MustParse("app=api"))[0]
	assert.Equal(t, []pod.Container{{Name: "app", Ports: api.Ports}}, api.Containers)
	got, _ := c.Deployment("", "api")
	assert.Nil(t, got.Containers, "kept as given")

	// A bare pod with containers.
	bare, err := c.CreatePod(pod.Pod{Name: "bare", Containers: cs})
	require.NoError(t, err)
	assert.Equal(t, cs, bare.Containers)
	assert.Len(t, bare.Ports, 3)
	_, err = c.CreatePod(bare) // read back, created again elsewhere: Ports is the union
	assert.True(t, errors.Is(err, ErrAlreadyExists), "%v", err)
}

// A Deployment's record keeps its template labels as key-value pairs
// (labelKV) and text (labelText): the labels read back, its selector and
// its ReplicaSet's and pods' labels are the set given, prefixed keys and
// empty values included.
func TestDeploymentLabelsReadBack(t *testing.T) {
	c := mustNew(t, Config{Seed: 1})
	labels := selector.Set{"app": "web", "example.com/tier": "front", "empty": "", "v": "1.2_a-b"}
	require.NoError(t, c.CreateDeployment(Deployment{Name: "web", Replicas: 1, Labels: labels, Ports: webPorts}))
	settleCheck(t, c)
	got, _ := c.Deployment("", "web")
	assert.Equal(t, labels, got.Labels)
	assert.Equal(t, labels, got.Selector)
	rs := c.ReplicaSets("", selector.Everything())
	require.Len(t, rs, 1)
	want := selector.Set{"pod-template-hash": rs[0].PodTemplateHash}
	for k, v := range labels {
		want[k] = v
	}
	assert.Equal(t, want, rs[0].Labels)
	assert.Equal(t, want, podsOf(c)[0].Labels)
}
