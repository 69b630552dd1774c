package sim

import (
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
	"github.com/svcsim/svcsim/service"
)

func nsNamesOf(c *Cluster) []string {
	var out []string
	for _, n := range c.Namespaces() {
		out = append(out, n.Name+"="+string(n.Phase))
	}
	return out
}

// A cluster starts with the namespaces kubeadm's cluster has: default,
// kube-system, kube-public and kube-node-lease, each labelled with its
// name, Active since the cluster's start.
func TestBuiltinNamespaces(t *testing.T) {
	c := mustNew(t, Config{Seed: 1})
	require.Equal(t, []string{"default=Active", "kube-node-lease=Active", "kube-public=Active", "kube-system=Active"}, nsNamesOf(c))
	ns, ok := c.Namespace("kube-public")
	require.True(t, ok)
	require.Equal(t, Namespace{Name: "kube-public", Labels: selector.Set{LabelMetadataName: "kube-public"},
		Phase: NamespaceActive, CreationTimestamp: Epoch}, ns)
	for _, name := range []string{"default", "kube-system", "kube-public"} {
		err := c.DeleteNamespace(name)
		require.ErrorIs(t, err, ErrForbidden, name)
		require.EqualError(t, err, `namespaces "`+name+`" is forbidden: this namespace may not be deleted`)
	}
	_, ok = c.Namespace("nope")
	require.False(t, ok)
	require.ErrorIs(t, c.DeleteNamespace("nope"), ErrNotFound)
	settleCheck(t, c)
}

// A declared namespace persists while empty, until it is deleted; its
// labels are the given ones plus kubernetes.io/metadata.name.
func TestCreateNamespace(t *testing.T) {
	c := mustNew(t, Config{Seed: 1})
	must(t, c.Advance(time.Minute))
	must(t, c.CreateNamespace(Namespace{Name: "team", Labels: selector.Set{"env": "prod"}}))
	ns, ok := c.Namespace("team")
	require.True(t, ok)
	require.Equal(t, Namespace{Name: "team", Labels: selector.Set{"env": "prod", LabelMetadataName: "team"},
		Phase: NamespaceActive, CreationTimestamp: Epoch.Add(time.Minute)}, ns)
	require.ErrorIs(t, c.CreateNamespace(Namespace{Name: "team"}), ErrAlreadyExists)
	_, err := c.CreatePod(pod.Pod{Namespace: "team", Name: "p", Labels: selector.Set{"a": "b"}})
	must(t, err)
	must(t, c.DeletePod("team", "p"))
	settleCheck(t, c)
	_, ok = c.Namespace("team")
	require.True(t, ok, "a declared namespace outlives its last object")

	for _, bad := range []Namespace{{Name: ""}, {Name: "Team"}, {Name: "a.b"}, {Name: "x", Labels: selector.Set{"-": "v"}}} {
		err := c.CreateNamespace(bad)
		require.ErrorIs(t, err, ErrInvalid, bad.Name)
	}
	require.ErrorContains(t, c.CreateNamespace(Namespace{Name: "Team"}), "namespace Team: metadata.name: Invalid value")
}

// An undeclared namespace keeps today's behaviour: it exists while it
// holds objects. Declaring it makes it persist.
func TestUndeclaredNamespace(t *testing.T) {
	c := mustNew(t, Config{Seed: 1})
	_, err := c.CreatePod(pod.Pod{Namespace: "tmp", Name: "p", Labels: selector.Set{"a": "b"}})
	must(t, err)
	ns, ok := c.Namespace("tmp")
	require.True(t, ok)
	require.Equal(t, NamespaceActive, ns.Phase)
	require.Equal(t, selector.Set{LabelMetadataName: "tmp"}, ns.Labels)
	must(t, c.DeletePod("tmp", "p"))
	settleCheck(t, c)
	_, ok = c.Namespace("tmp")
	require.False(t, ok)

	_, err = c.CreatePod(pod.Pod{Namespace: "tmp", Name: "p", Labels: selector.Set{"a": "b"}})
	must(t, err)
	must(t, c.CreateNamespace(Namespace{Name: "tmp"}))
	must(t, c.DeletePod("tmp", "p"))
	settleCheck(t, c)
	_, ok = c.Namespace("tmp")
	require.True(t, ok)
}

// Deleting a namespace deletes what it holds, as the namespace controller
// does: it is Terminating, refuses new content, and is gone with its last
// object (pods end their grace period first).
func TestDeleteNamespace(t *testing.T) {
	for _, declared := range []bool{true, false} {
		c := mustNew(t, Config{Seed: 1})
		if declared {
			must(t, c.CreateNamespace(Namespace{Name: "shop"}))
		}
		d := webDeployment(2, 0)
		d.Namespace = "shop"
		must(t, c.CreateDeployment(d))
		s := webService()
		s.Namespace = "shop"
		_, err := c.CreateService(s)
		must(t, err)
		must(t, c.CreateStatefulSet(StatefulSet{Namespace: "shop", Name: "db", Replicas: 1, ServiceName: "db",
			Labels: selector.Set{"app": "db"}, Containers: []Container{{Name: "db", Image: "postgres"}}}))
		_, err = c.CreatePod(pod.Pod{Namespace: "shop", Name: "bare", Labels: selector.Set{"x": "y"}})
		must(t, err)
		_, err = c.CreatePod(pod.Pod{Namespace: "other", Name: "keep", Labels: selector.Set{"app": "web"}})
		must(t, err)
		settleCheck(t, c)

		must(t, c.DeleteNamespace("shop"))
		ns, ok := c.Namespace("shop")
		require.True(t, ok)
		require.Equal(t, NamespaceTerminating, ns.Phase)
		require.Empty(t, c.Services("shop"))
		require.Empty(t, c.Deployments("shop"))
		require.Empty(t, c.StatefulSets("shop"))
		for _, p := range c.Pods("shop", selector.Everything()) {
			require.True(t, p.Terminating, p.Name)
		}
		_, err = c.CreatePod(pod.Pod{Namespace: "shop", Name: "late", Labels: selector.Set{"x": "y"}})
		require.ErrorIs(t, err, ErrForbidden)
		require.EqualError(t, err, `pods "late" is forbidden: unable to create new content in namespace shop because it is being terminated`)
		_, err = c.CreateService(service.Service{Namespace: "shop", Name: "late", Ports: []service.Port{{Port: 80}}})
		require.ErrorIs(t, err, ErrForbidden)
		require.ErrorIs(t, c.CreateDeployment(Deployment{Namespace: "shop", Name: "late", Replicas: 1,
			Labels: selector.Set{"a": "b"}}), ErrForbidden)
		require.ErrorIs(t, c.CreateStatefulSet(StatefulSet{Namespace: "shop", Name: "late", Replicas: 1,
			Labels: selector.Set{"a": "b"}, Containers: []Container{{Name: "c", Image: "i"}}}), ErrForbidden)
		require.ErrorIs(t, c.CreateNamespace(Namespace{Name: "shop"}), ErrAlreadyExists)
		must(t, c.DeleteNamespace("shop")) // again: nothing more to do

		settleCheck(t, c)
		_, ok = c.Namespace("shop")
		require.False(t, ok)
		require.Empty(t, c.Pods("shop", selector.Everything()))
		_, ok = c.Endpoints("shop", "web")
		require.False(t, ok)
		require.Len(t, c.Pods("other", selector.Everything()), 1)
		require.Equal(t, KindNamespaceDeleted, lastOf(c, "namespace//shop").Kind)

		// The name is free again.
		must(t, c.CreateNamespace(Namespace{Name: "shop"}))
		settleCheck(t, c)
	}
}

func lastOf(c *Cluster, object string) Event {
	var last Event
	for _, e := range c.Events() {
		if e.Object == object {
			last = e
		}
	}
	return last
}

// An empty namespace is gone as soon as it is deleted; the events name it
// as a cluster-scoped object.
func TestDeleteEmptyNamespace(t *testing.T) {
	c := mustNew(t, Config{Seed: 1})
	must(t, c.CreateNamespace(Namespace{Name: "e"}))
	must(t, c.DeleteNamespace("e"))
	_, ok := c.Namespace("e")
	require.False(t, ok)
	var kinds []string
	for _, e := range c.Events() {
		if e.Object == "namespace//e" {
			kinds = append(kinds, e.Kind)
		}
	}
	require.Equal(t, []string{KindNamespaceCreated, KindNamespaceTerminating, KindNamespaceDeleted}, kinds)
	must(t, c.DeleteNamespace("kube-node-lease"))
	settleCheck(t, c)
}

// The namespace watch reports declared and undeclared namespaces as they
// come, change phase and go.
func TestWatchNamespaces(t *testing.T) {
	c := mustNew(t, Config{Seed: 1})
	var got []string
	stop, err := c.Watch(WatchNamespaces, WatchOptions{Replay: true}, func(ev WatchEvent) {
		n := ev.Object.(Namespace)
		got = append(got, string(ev.Type)+" "+n.Name+" "+string(n.Phase))
	})
	must(t, err)
	defer stop()
	require.Equal(t, []string{"ADDED default Active", "ADDED kube-node-lease Active", "ADDED kube-public Active",
		"ADDED kube-system Active"}, got)
	got = nil
	must(t, c.CreateNamespace(Namespace{Name: "a"}))
	_, err = c.CreatePod(pod.Pod{Namespace: "a", Name: "p", Labels: selector.Set{"x": "y"}})
	must(t, err)
	_, err = c.CreatePod(pod.Pod{Namespace: "b", Name: "p", Labels: selector.Set{"x": "y"}})
	must(t, err)
	must(t, c.DeleteNamespace("a"))
	must(t, c.DeletePod("b", "p"))
	settleCheck(t, c)
	require.Equal(t, []string{"ADDED a Active", "ADDED b Active", "MODIFIED a Terminating", "DELETED a Terminating",
		"DELETED b Active"}, got)
	require.Equal(t, "namespaces", WatchNamespaces.String())
}

// Errors name the call from a watch callback.
func TestNamespaceCallsInCallback(t *testing.T) {
	c := mustNew(t, Config{Seed: 1})
	var errs []error
	stop, err := c.Watch(WatchNamespaces, WatchOptions{}, func(ev WatchEvent) {
		errs = append(errs, c.CreateNamespace(Namespace{Name: "x"}), c.DeleteNamespace("y"))
	})
	must(t, err)
	defer stop()
	must(t, c.CreateNamespace(Namespace{Name: "y"}))
	require.Len(t, errs, 2)
	for _, e := range errs {
		require.True(t, errors.Is(e, ErrReentrant), e)
	}
}
