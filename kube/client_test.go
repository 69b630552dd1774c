package kube

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/watch"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
	"github.com/svcsim/svcsim/service"
	"github.com/svcsim/svcsim/sim"
)

// newWebCluster returns a settled cluster with a Deployment web of n
// pods behind a Service web.
func newWebCluster(t testing.TB, n int) *sim.Cluster {
	t.Helper()
	c, err := sim.New(sim.Config{Seed: 7})
	require.NoError(t, err)
	require.NoError(t, c.CreateDeployment(sim.Deployment{Name: "web", Replicas: n, Labels: selector.Set{"app": "web"},
		Ports: []pod.ContainerPort{{Name: "http", Port: 8080}}, ReadyAfter: time.Second}))
	_, err = c.CreateService(service.Service{Name: "web", Selector: selector.Set{"app": "web"},
		Ports: []service.Port{{Name: "http", Port: 80, TargetPort: service.TargetPortName("http")}}})
	require.NoError(t, err)
	require.NoError(t, c.Settle())
	return c
}

// ctx returns a context that ends with the test (a guard: nothing waits
// on it when the code is right).
func ctx(t testing.TB) context.Context {
	c, cancel := context.WithTimeout(context.Background(), time.Minute)
	t.Cleanup(cancel)
	return c
}

func TestClientsetListGet(t *testing.T) {
	c := newWebCluster(t, 3)
	cs := NewClientset(c)
	pods, err := cs.CoreV1().Pods("default").List(ctx(t), metav1.ListOptions{LabelSelector: "app=web"})
	require.NoError(t, err)
	require.Len(t, pods.Items, 3)
	want := c.Pods("default", selector.Everything())
	for i, p := range pods.Items {
		assert.Equal(t, want[i].Name, p.Name, "sorted by name")
		assert.Equal(t, want[i].IP.String(), p.Status.PodIP)
		assert.Empty(t, p.Kind, "a typed client's objects carry no kind")
		assert.NotEmpty(t, p.ResourceVersion)
	}
	assert.Equal(t, formatRV(c.ResourceVersion()), pods.ResourceVersion)

	got, err := cs.CoreV1().Pods("default").Get(ctx(t), want[1].Name, metav1.GetOptions{})
	require.NoError(t, err)
	assert.Equal(t, want[1].Name, got.Name)

	all, err := cs.CoreV1().Pods("").List(ctx(t), metav1.ListOptions{})
	require.NoError(t, err)
	assert.Greater(t, len(all.Items), 3, "every namespace: kube-system's pods too")

	byNode, err := cs.CoreV1().Pods("").List(ctx(t), metav1.ListOptions{FieldSelector: "spec.nodeName=" + want[0].NodeName})
	require.NoError(t, err)
	for _, p := range byNode.Items {
		assert.Equal(t, want[0].NodeName, p.Spec.NodeName)
	}
	named, err := cs.CoreV1().Services("default").List(ctx(t), metav1.ListOptions{FieldSelector: "metadata.name=web"})
	require.NoError(t, err)
	require.Len(t, named.Items, 1)

	nodes, err := cs.CoreV1().Nodes().List(ctx(t), metav1.ListOptions{})
	require.NoError(t, err)
	assert.Len(t, nodes.Items, 3)
	slices, err := cs.DiscoveryV1().EndpointSlices("default").List(ctx(t), metav1.ListOptions{LabelSelector: "kubernetes.io/service-name=web"})
	require.NoError(t, err)
	assert.Len(t, slices.Items, 1)
	deps, err := cs.AppsV1().Deployments("default").List(ctx(t), metav1.ListOptions{})
	require.NoError(t, err)
	assert.Len(t, deps.Items, 1)
	rss, err := cs.AppsV1().ReplicaSets("default").List(ctx(t), metav1.ListOptions{})
	require.NoError(t, err)
	assert.Len(t, rss.Items, 1)
}

func TestClientsetReadErrors(t *testing.T) {
	c := newWebCluster(t, 1)
	cs := NewClientset(c)
	_, err := cs.CoreV1().Pods("default").Get(ctx(t), "nope", metav1.GetOptions{})
	assert.True(t, apierrors.IsNotFound(err), "%v", err)
	_, err = cs.CoreV1().Services("other").Get(ctx(t), "web", metav1.GetOptions{})
	assert.True(t, apierrors.IsNotFound(err), "%v", err)
	_, err = cs.CoreV1().ConfigMaps("default").List(ctx(t), metav1.ListOptions{})
	assert.True(t, apierrors.IsNotFound(err), "a resource svcsim does not serve: %v", err)
	_, err = cs.CoreV1().Pods("default").List(ctx(t), metav1.ListOptions{FieldSelector: "spec.bogus=1"})
	assert.True(t, apierrors.IsBadRequest(err), "%v", err)
	for _, bad := range []metav1.ListOptions{{LabelSelector: "app in ("}, {FieldSelector: "a==b==c"}} {
		_, err = cs.CoreV1().Pods("default").List(ctx(t), bad)
		assert.True(t, apierrors.IsBadRequest(err), "a selector that does not parse: %v", err)
		_, err = cs.AppsV1().Deployments("default").Watch(ctx(t), bad)
		assert.True(t, apierrors.IsBadRequest(err), "a selector that does not parse: %v", err)
	}
	_, err = cs.CoreV1().Services("default").Watch(ctx(t), metav1.ListOptions{ResourceVersion: "abc"})
	assert.True(t, apierrors.IsBadRequest(err), "%v", err)
}

// next receives one event or fails.
func next(t *testing.T, w watch.Interface) watch.Event {
	t.Helper()
	select {
	case ev, ok := <-w.ResultChan():
		require.True(t, ok, "watch closed")
		return ev
	case <-time.After(10 * time.Second):
		t.Fatal("no event")
	}
	return watch.Event{}
}

// A watch from a list's resourceVersion sees each later change once, in
// order: nothing the list already showed, nothing lost.
func TestClientsetWatchFromList(t *testing.T) {
	c := newWebCluster(t, 2)
	cs := NewClientset(c)
	l, err := cs.CoreV1().Pods("default").List(ctx(t), metav1.ListOptions{})
	require.NoError(t, err)
	// Changes between the list and the watch.
	var simEvents []sim.WatchEvent
	require.NoError(t, cs.Do(func(c *sim.Cluster) error {
		_, err := c.Watch(sim.WatchPods, sim.WatchOptions{}, func(ev sim.WatchEvent) {
			if ev.Object.(pod.Pod).Namespace == "default" {
				simEvents = append(simEvents, ev)
			}
		})
		require.NoError(t, err)
		require.NoError(t, c.Rollout("default", "web"))
		return c.Advance(500 * time.Millisecond)
	}))
	w, err := cs.CoreV1().Pods("default").Watch(ctx(t), metav1.ListOptions{ResourceVersion: l.ResourceVersion})
	require.NoError(t, err)
	defer w.Stop()
	require.NoError(t, cs.Do(func(c *sim.Cluster) error { return c.Settle() }))
	require.NotEmpty(t, simEvents)
	for _, want := range simEvents {
		ev := next(t, w)
		p := ev.Object.(*corev1.Pod)
		assert.Equal(t, string(want.Type), string(ev.Type))
		assert.Equal(t, want.Object.(pod.Pod).Name, p.Name)
		assert.Equal(t, formatRV(want.ResourceVersion), p.ResourceVersion)
	}
	caughtUp := make(chan error)
	go func() { caughtUp <- cs.WaitForWatchers(ctx(t)) }()
	select {
	case ev := <-w.ResultChan():
		t.Fatalf("one event too many: %v", ev)
	case err := <-caughtUp:
		require.NoError(t, err)
	}
}

// A watch with a label selector sees an object enter it as Added and leave
// it as Deleted.
func TestClientsetWatchSelector(t *testing.T) {
	c := newWebCluster(t, 1)
	cs := NewClientset(c)
	name := c.Pods("default", selector.Everything())[0].Name
	w, err := cs.CoreV1().Pods("default").Watch(ctx(t), metav1.ListOptions{LabelSelector: "tier=front"})
	require.NoError(t, err)
	defer w.Stop()
	set := func(l selector.Set) {
		require.NoError(t, cs.Do(func(c *sim.Cluster) error { return c.SetPodLabels("default", name, l) }))
	}
	p, _ := c.Pod("default", name)
	front := selector.Set{"tier": "front"}
	for k, v := range p.Labels {
		front[k] = v
	}
	set(front)
	ev := next(t, w)
	assert.Equal(t, watch.Added, ev.Type)
	set(p.Labels)
	ev = next(t, w)
	assert.Equal(t, watch.Deleted, ev.Type)
	assert.Equal(t, name, ev.Object.(*corev1.Pod).Name)
}

// sendInitialEvents: the state as Added events, then a bookmark marking
// their end; WaitForWatchers' bookmark carries the current version.
func TestClientsetWatchInitialEvents(t *testing.T) {
	c := newWebCluster(t, 2)
	cs := NewClientset(c)
	yes := true
	w, err := cs.CoreV1().Services("default").Watch(ctx(t), metav1.ListOptions{SendInitialEvents: &yes,
		AllowWatchBookmarks: true, ResourceVersionMatch: metav1.ResourceVersionMatchNotOlderThan})
	require.NoError(t, err)
	defer w.Stop()
	for _, name := range []string{"kubernetes", "web"} {
		ev := next(t, w)
		assert.Equal(t, watch.Added, ev.Type)
		assert.Equal(t, name, ev.Object.(*corev1.Service).Name)
	}
	ev := next(t, w)
	assert.Equal(t, watch.Bookmark, ev.Type)
	assert.Equal(t, "true", ev.Object.(*corev1.Service).Annotations[metav1.InitialEventsAnnotationKey])
	require.NoError(t, cs.Do(func(c *sim.Cluster) error { return c.Rollout("default", "web") }))
	go func() { _ = cs.WaitForWatchers(ctx(t)) }()
	ev = next(t, w)
	assert.Equal(t, watch.Bookmark, ev.Type)
	assert.Equal(t, formatRV(c.ResourceVersion()), ev.Object.(*corev1.Service).ResourceVersion)
}

// A watch from a version older than the kept history is refused as
// expired (the client lists again).
func TestClientsetWatchTooOld(t *testing.T) {
	c := newWebCluster(t, 1)
	cs := NewClientset(c)
	l, err := cs.CoreV1().Pods("default").List(ctx(t), metav1.ListOptions{})
	require.NoError(t, err)
	require.NoError(t, cs.Do(func(c *sim.Cluster) error {
		for range historyLimit {
			if err := c.Rollout("default", "web"); err != nil {
				return err
			}
			if err := c.Settle(); err != nil {
				return err
			}
		}
		return nil
	}))
	_, err = cs.CoreV1().Pods("default").Watch(ctx(t), metav1.ListOptions{ResourceVersion: l.ResourceVersion})
	assert.True(t, apierrors.IsResourceExpired(err), "%v", err)
}
