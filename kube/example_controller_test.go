package kube_test

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	discoveryv1 "k8s.io/api/discovery/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/client-go/informers"
	discoverylisters "k8s.io/client-go/listers/discovery/v1"
	"k8s.io/client-go/tools/cache"

	"github.com/svcsim/svcsim/kube"
	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
	"github.com/svcsim/svcsim/service"
	"github.com/svcsim/svcsim/sim"
)

// readyAddresses is a small controller written only with client-go: it
// keeps, per Service, the addresses of its ready endpoints, read from the
// Service's EndpointSlices (what a service mesh or a load balancer
// controller watches).
type readyAddresses struct {
	slices discoverylisters.EndpointSliceLister

	mu      sync.Mutex
	view    map[string][]string // "namespace/name": sorted addresses
	handled int                 // notifications handled
	changed chan struct{}       // capacity 1: handled grew
}

// newReadyAddresses registers the controller's handlers on f's
// EndpointSlice informer.
func newReadyAddresses(f informers.SharedInformerFactory) (*readyAddresses, cache.ResourceEventHandlerRegistration, error) {
	inf := f.Discovery().V1().EndpointSlices()
	r := &readyAddresses{slices: inf.Lister(), view: map[string][]string{}, changed: make(chan struct{}, 1)}
	reg, err := inf.Informer().AddEventHandler(cache.ResourceEventHandlerFuncs{
		AddFunc:    r.handle,
		UpdateFunc: func(_, obj any) { r.handle(obj) },
		DeleteFunc: r.handle,
	})
	return r, reg, err
}

// handle recomputes the view of the slice's Service from the lister.
func (r *readyAddresses) handle(obj any) {
	if d, ok := obj.(cache.DeletedFinalStateUnknown); ok {
		obj = d.Obj
	}
	s := obj.(*discoveryv1.EndpointSlice)
	svc := s.Labels[discoveryv1.LabelServiceName]
	all, err := r.slices.EndpointSlices(s.Namespace).List(labels.SelectorFromSet(labels.Set{discoveryv1.LabelServiceName: svc}))
	var addrs []string
	for _, sl := range all {
		for _, e := range sl.Endpoints {
			// A nil ready is an unknown state, to be taken as ready
			// (k8s.io/api discovery/v1 EndpointConditions).
			if e.Conditions.Ready == nil || *e.Conditions.Ready {
				addrs = append(addrs, e.Addresses...)
			}
		}
	}
	slices.Sort(addrs)
	addrs = slices.Compact(addrs)
	r.mu.Lock()
	defer r.mu.Unlock()
	key := s.Namespace + "/" + svc
	switch {
	case err != nil:
		panic(err) // a lister does not fail
	case len(addrs) == 0:
		delete(r.view, key)
	default:
		r.view[key] = addrs
	}
	r.handled++
	select {
	case r.changed <- struct{}{}:
	default:
	}
}

// waitHandled waits until the controller has handled n notifications and
// returns its view then.
func (r *readyAddresses) waitHandled(ctx context.Context, n int) (map[string][]string, error) {
	for {
		r.mu.Lock()
		if r.handled >= n {
			defer r.mu.Unlock()
			out := make(map[string][]string, len(r.view))
			for k, v := range r.view {
				out[k] = slices.Clone(v)
			}
			return out, nil
		}
		r.mu.Unlock()
		select {
		case <-r.changed:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}

// simView is the simulation's own answer: the ready addresses of every
// Service's Endpoints.
func simView(c *sim.Cluster) map[string][]string {
	out := map[string][]string{}
	var svcs []service.Service
	for _, ns := range c.Namespaces() {
		svcs = append(svcs, c.Services(ns.Name)...)
	}
	for _, s := range svcs {
		ep, ok := c.Endpoints(s.Namespace, s.Name)
		if !ok {
			continue
		}
		var addrs []string
		for _, sub := range ep.Subsets {
			for _, a := range sub.Addresses {
				addrs = append(addrs, a.IP.String())
			}
		}
		if len(addrs) > 0 {
			slices.Sort(addrs)
			out[s.Namespace+"/"+s.Name] = addrs
		}
	}
	return out
}

// Through a rollout, a node failure and a scale to zero, the controller's
// view matches the simulation's at every settled point.
//
// How the test waits: the cluster changes only inside Do; WaitForWatchers
// then returns once the informer has received every change; the informer
// calls the controller once per change of an EndpointSlice, so the test
// counts the cluster's own EndpointSlice changes (a watch registered
// through Do) and waits until the controller has handled as many.
func TestReadyAddressesController(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	c, err := sim.New(sim.Config{Seed: 5})
	require.NoError(t, err)
	cs := kube.NewClientset(c)
	f := informers.NewSharedInformerFactory(cs, 0)
	ctrl, reg, err := newReadyAddresses(f)
	require.NoError(t, err)
	stop := make(chan struct{})
	defer f.Shutdown()
	defer close(stop)
	f.Start(stop)
	require.True(t, cache.WaitForCacheSync(stop, reg.HasSynced))

	var sliceChanges int
	var initial int
	require.NoError(t, cs.Do(func(c *sim.Cluster) error {
		ctrl.mu.Lock()
		initial = ctrl.handled
		ctrl.mu.Unlock()
		_, err := c.Watch(sim.WatchEndpointSlices, sim.WatchOptions{}, func(sim.WatchEvent) { sliceChanges++ })
		return err
	}))
	check := func(step string, f func(*sim.Cluster) error) {
		t.Helper()
		var want map[string][]string
		var n int
		require.NoError(t, cs.Do(func(c *sim.Cluster) error {
			if err := f(c); err != nil {
				return err
			}
			want, n = simView(c), initial+sliceChanges
			return nil
		}), step)
		require.NoError(t, cs.WaitForWatchers(ctx), step)
		got, err := ctrl.waitHandled(ctx, n)
		require.NoError(t, err, step)
		require.Equal(t, want, got, step)
	}
	check("create", func(c *sim.Cluster) error {
		if err := c.CreateDeployment(sim.Deployment{Name: "web", Replicas: 4, Labels: selector.Set{"app": "web"},
			Ports: []pod.ContainerPort{{Name: "http", Port: 8080}}, ReadyAfter: 2 * time.Second}); err != nil {
			return err
		}
		_, err := c.CreateService(service.Service{Name: "web", Selector: selector.Set{"app": "web"},
			Ports: []service.Port{{Name: "http", Port: 80, TargetPort: service.TargetPortName("http")}}})
		return err
	})
	check("settled", func(c *sim.Cluster) error { return c.Settle() })
	check("rollout started", func(c *sim.Cluster) error { return c.Rollout("default", "web") })
	for i := range 4 {
		check("rollout step "+string(rune('1'+i)), func(c *sim.Cluster) error { return c.Advance(time.Second) })
	}
	check("rollout done", func(c *sim.Cluster) error { return c.Settle() })
	check("node failed", func(c *sim.Cluster) error { return c.FailNode("node-2") })
	check("node gone unready", func(c *sim.Cluster) error { return c.Advance(time.Minute) })
	check("pods evicted", func(c *sim.Cluster) error { return c.Advance(10 * time.Minute) })
	check("scaled to zero", func(c *sim.Cluster) error { return c.Scale("default", "web", 0) })
	check("settled at zero", func(c *sim.Cluster) error { return c.Settle() })
}
