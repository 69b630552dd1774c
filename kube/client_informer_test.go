package kube

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/tools/cache"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
	"github.com/svcsim/svcsim/sim"
)

// counter counts informer notifications per kind and wakes a waiter at
// each.
type counter struct {
	mu     sync.Mutex
	counts map[string]int
	wake   chan struct{}
}

func newCounter() *counter { return &counter{counts: map[string]int{}, wake: make(chan struct{}, 1)} }

func (c *counter) add(key string) {
	c.mu.Lock()
	c.counts[key]++
	c.mu.Unlock()
	select {
	case c.wake <- struct{}{}:
	default:
	}
}

func (c *counter) snapshot() map[string]int {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := map[string]int{}
	for k, v := range c.counts {
		out[k] = v
	}
	return out
}

// handler counts a kind's notifications after the initial list.
func (c *counter) handler(kind string) cache.ResourceEventHandler {
	return cache.ResourceEventHandlerDetailedFuncs{
		AddFunc: func(_ any, initial bool) {
			if !initial {
				c.add(kind + " ADDED")
			}
		},
		UpdateFunc: func(_, _ any) { c.add(kind + " MODIFIED") },
		DeleteFunc: func(any) { c.add(kind + " DELETED") },
	}
}

// startInformers starts informers on every served kind, each counted by
// c, and waits for their caches.
func startInformers(t testing.TB, cs *Clientset, c *counter) informers.SharedInformerFactory {
	f := informers.NewSharedInformerFactory(cs, 0)
	for kind, inf := range map[string]cache.SharedIndexInformer{
		"pods": f.Core().V1().Pods().Informer(), "services": f.Core().V1().Services().Informer(),
		"endpoints": f.Core().V1().Endpoints().Informer(), "endpointslices": f.Discovery().V1().EndpointSlices().Informer(),
		"nodes": f.Core().V1().Nodes().Informer(), "deployments": f.Apps().V1().Deployments().Informer(),
		"replicasets": f.Apps().V1().ReplicaSets().Informer(), "statefulsets": f.Apps().V1().StatefulSets().Informer(),
	} {
		_, err := inf.AddEventHandler(c.handler(kind))
		require.NoError(t, err)
	}
	stop := make(chan struct{})
	t.Cleanup(func() { close(stop); f.Shutdown() })
	f.Start(stop)
	for typ, ok := range f.WaitForCacheSync(stop) {
		require.True(t, ok, "%v", typ)
	}
	return f
}

// simCounts counts the cluster's own watch events per kind from now on.
func simCounts(t testing.TB, cs *Clientset) map[string]int {
	counts := map[string]int{}
	require.NoError(t, cs.Do(func(c *sim.Cluster) error {
		for k := sim.WatchPods; k <= sim.WatchStatefulSets; k++ {
			if _, err := c.Watch(k, sim.WatchOptions{}, func(ev sim.WatchEvent) {
				counts[fmt.Sprintf("%s %s", ev.Kind, ev.Type)]++
			}); err != nil {
				return err
			}
		}
		return nil
	}))
	return counts
}

// waitCounts waits until c's counts are want, failing on the context's end.
func waitCounts(t testing.TB, c *counter, want map[string]int) {
	t.Helper()
	guard := ctx(t)
	for {
		got := c.snapshot()
		if assert.ObjectsAreEqual(want, got) {
			return
		}
		select {
		case <-c.wake:
		case <-guard.Done():
			require.Equal(t, want, got, "informer notifications per kind")
		}
	}
}

// Informers see every change one Settle makes, thousands of them, none lost
// or repeated, per kind as the cluster's own watch counts them.
func TestInformersSeeEveryChange(t *testing.T) {
	c, err := sim.New(sim.Config{Seed: 3, Nodes: 12})
	require.NoError(t, err)
	cs := NewClientset(c)
	notes := newCounter()
	startInformers(t, cs, notes)
	want := simCounts(t, cs)
	require.NoError(t, cs.Do(func(c *sim.Cluster) error {
		if err := c.CreateDeployment(sim.Deployment{Name: "web", Replicas: 1000, Labels: selector.Set{"app": "web"},
			Ports: []pod.ContainerPort{{Name: "http", Port: 8080}}, ReadyAfter: time.Second}); err != nil {
			return err
		}
		return c.Settle()
	}))
	total := 0
	for _, n := range want {
		total += n
	}
	require.Greater(t, total, 3000, "%v", want)
	require.NoError(t, cs.WaitForWatchers(ctx(t)))
	waitCounts(t, notes, want)

	require.NoError(t, cs.Do(func(c *sim.Cluster) error {
		if err := c.Rollout("default", "web"); err != nil {
			return err
		}
		return c.Settle()
	}))
	require.NoError(t, cs.WaitForWatchers(ctx(t)))
	waitCounts(t, notes, want)
}

// scenario runs a rollout, a node failure and a scale to zero.
func scenario(t testing.TB, do func(func(*sim.Cluster) error) error) {
	steps := []func(*sim.Cluster) error{
		func(c *sim.Cluster) error {
			return c.CreateDeployment(sim.Deployment{Name: "web", Replicas: 6, Labels: selector.Set{"app": "web"},
				Ports: []pod.ContainerPort{{Name: "http", Port: 8080}}, ReadyAfter: time.Second})
		},
		func(c *sim.Cluster) error { return c.Settle() },
		func(c *sim.Cluster) error { return c.Rollout("default", "web") },
		func(c *sim.Cluster) error { return c.Settle() },
		func(c *sim.Cluster) error { return c.FailNode("node-2") },
		func(c *sim.Cluster) error { return c.Advance(10 * time.Minute) },
		func(c *sim.Cluster) error { return c.Scale("default", "web", 0) },
		func(c *sim.Cluster) error { return c.Settle() },
	}
	for _, s := range steps {
		require.NoError(t, do(s))
	}
}

// Reading and watching leave the trace as it is: the same scenario with
// and without a clientset and informers attached makes the same events.
func TestClientsetKeepsTrace(t *testing.T) {
	run := func(attach bool) string {
		c, err := sim.New(sim.Config{Seed: 11})
		require.NoError(t, err)
		do := func(f func(*sim.Cluster) error) error { return f(c) }
		if attach {
			cs := NewClientset(c)
			startInformers(t, cs, newCounter())
			do = func(f func(*sim.Cluster) error) error {
				if err := cs.Do(f); err != nil {
					return err
				}
				return cs.WaitForWatchers(ctx(t))
			}
		}
		scenario(t, do)
		return fmt.Sprint(c.Events())
	}
	bare := run(false)
	assert.Equal(t, bare, run(true))
}
