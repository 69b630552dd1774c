package sim

import (
	"errors"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"testing"
	"time"

	"pgregory.net/rapid"

	"github.com/svcsim/svcsim/endpoints"
	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
	"github.com/svcsim/svcsim/service"
)

// mirror is an informer's store kept from watch events alone.
type mirror struct {
	objs      map[WatchKind]map[string]any
	rv        uint64
	events    int
	replaying bool // replayed objects share the current resourceVersion
	err       error
}

func newMirror() *mirror { return &mirror{objs: map[WatchKind]map[string]any{}} }

func watchKey(o any) string {
	switch v := o.(type) {
	case pod.Pod:
		return v.Namespace + "/" + v.Name
	case service.Service:
		return v.Namespace + "/" + v.Name
	case endpoints.Endpoints:
		return v.Namespace + "/" + v.Name
	case endpoints.Slice:
		return v.Namespace + "/" + v.Name
	case Node:
		return v.Name
	case Deployment:
		return v.Namespace + "/" + v.Name
	case ReplicaSet:
		return v.Namespace + "/" + v.Name
	case StatefulSet:
		return v.Namespace + "/" + v.Name
	case ProxyService:
		return v.Namespace + "/" + v.Name
	}
	panic(fmt.Sprintf("unexpected object %T", o))
}

// apply records ev, checking that versions strictly increase and that
// Added, Modified and Deleted agree with what the mirror holds.
func (m *mirror) apply(ev WatchEvent) {
	if m.err != nil {
		return
	}
	if ev.ResourceVersion < m.rv || ev.ResourceVersion == m.rv && !(m.replaying && ev.Type == WatchAdded) {
		m.err = fmt.Errorf("resourceVersion %d after %d", ev.ResourceVersion, m.rv)
		return
	}
	m.rv = ev.ResourceVersion
	m.events++
	objs := m.objs[ev.Kind]
	if objs == nil {
		objs = map[string]any{}
		m.objs[ev.Kind] = objs
	}
	key := watchKey(ev.Object)
	_, had := objs[key]
	switch ev.Type {
	case WatchAdded, WatchModified:
		if had != (ev.Type == WatchModified) {
			m.err = fmt.Errorf("%s %s %s: held before: %v", ev.Type, ev.Kind, key, had)
			return
		}
		objs[key] = ev.Object
	case WatchDeleted:
		if !had {
			m.err = fmt.Errorf("DELETED %s %s: not held", ev.Kind, key)
			return
		}
		if !reflect.DeepEqual(objs[key], ev.Object) {
			m.err = fmt.Errorf("DELETED %s %s: last state %+v, held %+v", ev.Kind, key, ev.Object, objs[key])
			return
		}
		delete(objs, key)
	default:
		m.err = fmt.Errorf("event type %q", ev.Type)
	}
}

func subscribeAll(t interface{ Fatal(...any) }, c *Cluster, m *mirror, replay bool) {
	m.replaying = true
	defer func() { m.replaying = false }()
	for _, k := range allWatchKinds {
		if _, err := c.Watch(k, WatchOptions{Replay: replay}, m.apply); err != nil {
			t.Fatal(err)
		}
	}
}

var allWatchKinds = []WatchKind{WatchPods, WatchServices, WatchEndpoints, WatchEndpointSlices, WatchNodes,
	WatchDeployments, WatchReplicaSets, WatchStatefulSets, WatchProxy}

// listAll lists every object of every watched kind, keyed as the mirror
// keys them (the empty kinds left out).
func listAll(c *Cluster) map[WatchKind]map[string]any {
	out := map[WatchKind]map[string]any{}
	put := func(k WatchKind, o any) {
		if out[k] == nil {
			out[k] = map[string]any{}
		}
		out[k][watchKey(o)] = o
	}
	for _, ns := range c.nsNames {
		for _, p := range c.Pods(ns, selector.Everything()) {
			put(WatchPods, p)
		}
		for _, s := range c.Services(ns) {
			put(WatchServices, s)
		}
		for _, r := range c.ReplicaSets(ns, selector.Everything()) {
			put(WatchReplicaSets, r)
		}
		for _, s := range c.StatefulSets(ns) {
			put(WatchStatefulSets, s)
		}
	}
	for _, k := range c.svcKeys {
		if k.Name == "" {
			continue
		}
		if ep, ok := c.Endpoints(k.Namespace, k.Name); ok {
			put(WatchEndpoints, ep)
		}
		for _, s := range c.EndpointSlices(k.Namespace, k.Name) {
			put(WatchEndpointSlices, s)
		}
		if ps, ok := c.ProxyService(k.Namespace, k.Name); ok {
			put(WatchProxy, ps)
		}
	}
	for k := range c.depByName.All() {
		d, _ := c.Deployment(k.ns, k.name)
		put(WatchDeployments, d)
	}
	for _, n := range c.Nodes() {
		put(WatchNodes, n)
	}
	return out
}

func (m *mirror) check(c *Cluster) error {
	if m.err != nil {
		return m.err
	}
	want := listAll(c)
	for _, k := range allWatchKinds {
		got := m.objs[k]
		for key, o := range want[k] {
			if g, ok := got[key]; !ok {
				return fmt.Errorf("%s %s: listed, not watched", k, key)
			} else if !reflect.DeepEqual(g, o) {
				return fmt.Errorf("%s %s: watched %+v, listed %+v", k, key, g, o)
			}
		}
		for key := range got {
			if _, ok := want[k][key]; !ok {
				return fmt.Errorf("%s %s: watched, not listed", k, key)
			}
		}
	}
	return nil
}

// TestWatchMirrorsLists: a watcher that keeps a map from the events holds
// what the lists return, after every step of the state machine (before
// and after Settle), and its resourceVersions strictly increase.
func TestWatchMirrorsLists(t *testing.T) {
	for _, cfg := range []Config{
		{ProxyDelay: -1, TraceLimit: 500},
		{EndpointsDelay: 700 * time.Millisecond, TraceLimit: -1},
		{MaxPods: 12, EndpointsDelay: -1},
	} {
		rapid.Check(t, func(t *rapid.T) {
			cfg.Seed = rapid.Int64().Draw(t, "seed")
			c, err := New(cfg)
			if err != nil {
				t.Fatal(err)
			}
			mir := newMirror()
			subscribeAll(t, c, mir, true)
			if err := mir.check(c); err != nil {
				t.Fatalf("after replay: %v", err)
			}
			m := &machine{c: c, fronts: map[string]frontEnd{}, env: map[string]map[string]string{}}
			acts := m.actions()
			maps.Copy(acts, m.stsActions())
			names := make([]string, 0, len(acts))
			for k := range acts {
				names = append(names, k)
			}
			slices.Sort(names)
			for range rapid.IntRange(1, 30).Draw(t, "steps") {
				name := rapid.SampledFrom(names).Draw(t, "action")
				acts[name](t)
				if err := mir.check(c); err != nil {
					t.Fatalf("after %s: %v", name, err)
				}
				m.check(t)
				if err := mir.check(c); err != nil {
					t.Fatalf("after %s and Settle: %v", name, err)
				}
			}
		})
	}
}

// scenario drives a cluster through every kind of change.
func scenario(t testing.TB, c *Cluster) {
	must(t, c.CreateDeployment(webDeployment(3, time.Second)))
	_, err := c.CreateService(webService())
	must(t, err)
	_, err = c.CreateService(service.Service{Name: "lb", Type: service.LoadBalancer,
		Selector: selector.Set{"app": "web"}, Ports: []service.Port{{Port: 80}}})
	must(t, err)
	must(t, c.Settle())
	pods := podsOf(c)
	must(t, c.CrashPod("default", pods[0].Name))
	must(t, c.SetPodLabels("default", pods[1].Name, selector.Set{"app": "other"}))
	must(t, c.Rollout("default", "web"))
	must(t, c.Advance(2*time.Second))
	must(t, c.FailNode("node-2"))
	must(t, c.Advance(2*time.Minute))
	must(t, c.Scale("default", "web", 5))
	must(t, c.Advance(10*time.Minute))
	must(t, c.RecoverNode("node-2"))
	_, err = c.Connect(FromPod("default", pods[1].Name), "web:80")
	must(t, err)
	must(t, c.DeleteService("default", "kubernetes"))
	must(t, c.DeleteDeployment("default", "web"))
	must(t, c.Settle())
}

// TestWatchLeavesTraceAlone: the same seed and calls with and without
// watchers give byte-identical Events() (watching draws no random number
// and records nothing), the trace on or off.
func TestWatchLeavesTraceAlone(t *testing.T) {
	run := func(watch bool) (string, []pod.Pod) {
		c := mustNew(t, Config{Seed: 7})
		if watch {
			mir := newMirror()
			subscribeAll(t, c, mir, true)
			defer func() {
				if err := mir.check(c); err != nil {
					t.Error(err)
				}
			}()
		}
		scenario(t, c)
		return traceText(c), c.Pods("default", selector.Everything())
	}
	plain, plainPods := run(false)
	watched, watchedPods := run(true)
	if plain != watched {
		t.Fatalf("trace differs with a watcher:\n%s\n---\n%s", plain, watched)
	}
	if !reflect.DeepEqual(plainPods, watchedPods) {
		t.Fatal("pods differ with a watcher")
	}
}

// TestWatchIndependentOfTrace: the events are the same with the trace on
// and off.
func TestWatchIndependentOfTrace(t *testing.T) {
	run := func(limit int) []WatchEvent {
		c := mustNew(t, Config{Seed: 3, TraceLimit: limit})
		var evs []WatchEvent
		for _, k := range allWatchKinds {
			_, err := c.Watch(k, WatchOptions{}, func(ev WatchEvent) { evs = append(evs, ev) })
			must(t, err)
		}
		scenario(t, c)
		return evs
	}
	on, off := run(0), run(-1)
	if len(on) == 0 || !reflect.DeepEqual(on, off) {
		t.Fatalf("%d events with the trace, %d without, or they differ", len(on), len(off))
	}
}

// TestWatchOrder: a pod's events arrive in the order it changed, inside
// the call or the Advance that changed it, with its state at that moment.
func TestWatchOrder(t *testing.T) {
	c := mustNew(t, Config{Seed: 1})
	var got []string
	_, err := c.Watch(WatchPods, WatchOptions{}, func(ev WatchEvent) {
		p := ev.Object.(pod.Pod)
		if p.Namespace != "default" {
			return
		}
		got = append(got, fmt.Sprintf("%s %s ready=%v terminating=%v", ev.Type, p.Name, p.Ready, p.Terminating))
	})
	must(t, err)
	must(t, c.CreateDeployment(webDeployment(1, 2*time.Second)))
	if len(got) != 0 {
		t.Fatalf("events before the controllers ran: %v", got)
	}
	must(t, c.Advance(time.Second))
	name := podsOf(c)[0].Name
	want := []string{"ADDED " + name + " ready=false terminating=false"}
	if !slices.Equal(got, want) {
		t.Fatalf("after the ReplicaSet sync: %v, want %v", got, want)
	}
	must(t, c.Advance(time.Second))
	want = append(want, "MODIFIED "+name+" ready=true terminating=false")
	if !slices.Equal(got, want) {
		t.Fatalf("after ReadyAfter: %v, want %v", got, want)
	}
	got = nil
	_, err = c.CreatePod(pod.Pod{Name: "bare"})
	must(t, err)
	must(t, c.DeletePod("default", "bare"))
	want = []string{"ADDED bare ready=false terminating=false", "MODIFIED bare ready=true terminating=false",
		"MODIFIED bare ready=true terminating=true"}
	if !slices.Equal(got, want) {
		t.Fatalf("create and delete: %v, want %v", got, want)
	}
	must(t, c.Advance(DefaultTerminationGracePeriod))
	if last := got[len(got)-1]; last != "DELETED bare ready=true terminating=true" {
		t.Fatalf("last event %q, want the deletion with the last state", last)
	}
}

// TestWatchReplay: a watch asked to replay gets every current object as
// Added, at the current resourceVersion, sorted by namespace and name;
// without replay it gets nothing until a change.
func TestWatchReplay(t *testing.T) {
	c := mustNew(t, Config{Seed: 1})
	must(t, c.CreateDeployment(webDeployment(2, 0)))
	must(t, c.Settle())
	var quiet int
	_, err := c.Watch(WatchPods, WatchOptions{}, func(WatchEvent) { quiet++ })
	must(t, err)
	var names []string
	var rvs []uint64
	_, err = c.Watch(WatchPods, WatchOptions{Replay: true}, func(ev WatchEvent) {
		if ev.Type != WatchAdded {
			t.Errorf("replayed %s", ev.Type)
		}
		p := ev.Object.(pod.Pod)
		names = append(names, p.Namespace+"/"+p.Name)
		rvs = append(rvs, ev.ResourceVersion)
	})
	must(t, err)
	if quiet != 0 {
		t.Fatalf("a watch without replay got %d events", quiet)
	}
	var want []string
	for _, ns := range []string{"default", "kube-system"} {
		for _, p := range c.Pods(ns, selector.Everything()) {
			want = append(want, p.Namespace+"/"+p.Name)
		}
	}
	if !slices.Equal(names, want) {
		t.Fatalf("replayed %v, want %v", names, want)
	}
	if slices.Max(rvs) != slices.Min(rvs) || rvs[0] != c.ResourceVersion() {
		t.Fatalf("replayed versions %v, cluster at %d", rvs, c.ResourceVersion())
	}
}

// TestWatchStop: a stopped watch gets nothing more; stopping twice, or
// from inside its own callback, is fine.
func TestWatchStop(t *testing.T) {
	c := mustNew(t, Config{Seed: 1})
	var n, self int
	stop, err := c.Watch(WatchPods, WatchOptions{}, func(WatchEvent) { n++ })
	must(t, err)
	var stopSelf func()
	stopSelf, err = c.Watch(WatchPods, WatchOptions{}, func(WatchEvent) { self++; stopSelf() })
	must(t, err)
	_, err = c.CreatePod(pod.Pod{Name: "a"})
	must(t, err)
	if n != 2 || self != 1 {
		t.Fatalf("before stop: %d events, self-stopping watch %d", n, self)
	}
	stop()
	stop()
	_, err = c.CreatePod(pod.Pod{Name: "b"})
	must(t, err)
	if n != 2 || self != 1 {
		t.Fatalf("after stop: %d events, self-stopping watch %d", n, self)
	}
	if c.watched != 0 {
		t.Fatalf("no watcher left, watched mask %b", c.watched)
	}
}

// TestWatchBadInput: an unknown kind or a nil callback is refused.
func TestWatchBadInput(t *testing.T) {
	c := mustNew(t, Config{Seed: 1})
	if _, err := c.Watch(WatchKind(0), WatchOptions{}, func(WatchEvent) {}); !errors.Is(err, ErrInvalid) {
		t.Fatalf("kind 0: %v", err)
	}
	if _, err := c.Watch(WatchKind(200), WatchOptions{}, func(WatchEvent) {}); !errors.Is(err, ErrInvalid) {
		t.Fatalf("kind 200: %v", err)
	}
	if _, err := c.Watch(WatchPods, WatchOptions{}, nil); !errors.Is(err, ErrInvalid) {
		t.Fatalf("nil callback: %v", err)
	}
}

// TestWatchReentrantRefused: from a callback, reads work and show the
// state the call left; every call that changes the cluster or draws a
// random number is refused with ErrReentrant and changes nothing.
func TestWatchReentrantRefused(t *testing.T) {
	c := mustNew(t, Config{Seed: 1})
	must(t, c.CreateDeployment(webDeployment(1, 0)))
	_, err := c.CreateService(webService())
	must(t, err)
	must(t, c.Settle())
	calls := map[string]func() error{
		"CreatePod":        func() error { _, err := c.CreatePod(pod.Pod{Name: "x"}); return err },
		"DeletePod":        func() error { return c.DeletePod("default", "bare") },
		"CrashPod":         func() error { return c.CrashPod("default", "bare") },
		"SetCrashLoop":     func() error { return c.SetCrashLoop("default", "bare", true) },
		"SetPodReady":      func() error { return c.SetPodReady("default", "bare", false) },
		"SetPodLabels":     func() error { return c.SetPodLabels("default", "bare", selector.Set{"a": "b"}) },
		"CreateDeployment": func() error { return c.CreateDeployment(Deployment{Name: "d", Labels: selector.Set{"a": "b"}}) },
		"Scale":            func() error { return c.Scale("default", "web", 2) },
		"Rollout":          func() error { return c.Rollout("default", "web") },
		"DeleteDeployment": func() error { return c.DeleteDeployment("default", "web") },
		"UpdateDeployment": func() error {
			d, _ := c.Deployment("default", "web")
			d.Replicas++
			return c.UpdateDeployment(d)
		},
		"SetImage":       func() error { return c.SetImage("default", "web", "app", "web:2") },
		"DeletePodGrace": func() error { return c.DeletePodGrace("default", "bare", 0) },
		"CreateService": func() error {
			_, err := c.CreateService(service.Service{Name: "s", Ports: []service.Port{{Port: 1}}})
			return err
		},
		"UpdateService": func() error { _, err := c.UpdateService(webService()); return err },
		"DeleteService": func() error { return c.DeleteService("default", "web") },
		"FailNode":      func() error { return c.FailNode("node-2") },
		"RecoverNode":   func() error { return c.RecoverNode("node-2") },
		"Advance":       func() error { return c.Advance(time.Second) },
		"Settle":        func() error { return c.Settle() },
		"Connect":       func() error { _, err := c.Connect(FromPod("default", "bare"), "web:80"); return err },
		"Watch":         func() error { _, err := c.Watch(WatchPods, WatchOptions{}, func(WatchEvent) {}); return err },
	}
	names := slices.Sorted(func(yield func(string) bool) {
		for k := range calls {
			if !yield(k) {
				return
			}
		}
	})
	var inside []string
	var before snapshot
	_, err = c.Watch(WatchPods, WatchOptions{}, func(ev WatchEvent) {
		p := ev.Object.(pod.Pod)
		if got, ok := c.Pod(p.Namespace, p.Name); !ok || got.UID != p.UID {
			t.Errorf("read from the callback: %+v %v", got, ok)
		}
		before = takeSnapshot(c)
		for _, name := range names {
			if err := calls[name](); !errors.Is(err, ErrReentrant) {
				inside = append(inside, fmt.Sprintf("%s: %v", name, err))
			}
		}
		if !reflect.DeepEqual(before, takeSnapshot(c)) {
			t.Error("a refused call changed the cluster")
		}
	})
	must(t, err)
	trace := len(c.Events())
	_, err = c.CreatePod(pod.Pod{Name: "bare"})
	must(t, err)
	if len(inside) > 0 {
		t.Fatalf("not refused from a callback: %v", inside)
	}
	if got := len(c.Events()); got <= trace {
		t.Fatal("no trace of the pod")
	}
	must(t, c.Check())
}

// TestWatchPanic: a callback's panic reaches the caller of the call that
// made the change, after that change completed and the other watchers got
// every event; the panicking watch is stopped and the cluster stays
// consistent.
func TestWatchPanic(t *testing.T) {
	c := mustNew(t, Config{Seed: 1, EndpointsDelay: -1, ProxyDelay: -1}) // Check needs no sync pending
	must(t, c.CreateDeployment(webDeployment(3, time.Second)))
	mir := newMirror()
	subscribeAll(t, c, mir, true)
	calls := 0
	_, err := c.Watch(WatchPods, WatchOptions{}, func(WatchEvent) {
		calls++
		panic("boom")
	})
	must(t, err)
	func() {
		defer func() {
			if r := recover(); r != "boom" {
				t.Fatalf("recovered %v, want boom", r)
			}
		}()
		_ = c.Settle()
		t.Fatal("Settle returned")
	}()
	if calls != 1 {
		t.Fatalf("the panicking callback ran %d times", calls)
	}
	must(t, c.Check())
	if err := mir.check(c); err != nil {
		t.Fatal(err)
	}
	must(t, c.Settle())
	must(t, c.Check())
	if err := mir.check(c); err != nil {
		t.Fatal(err)
	}
	if len(podsOf(c)) != 3 {
		t.Fatalf("%d pods", len(podsOf(c)))
	}
	func() {
		defer func() {
			if r := recover(); r != "replay" {
				t.Fatalf("recovered %v, want replay", r)
			}
		}()
		_, _ = c.Watch(WatchPods, WatchOptions{Replay: true}, func(WatchEvent) { panic("replay") })
		t.Fatal("Watch returned")
	}()
	if len(c.watch.subs[WatchPods]) != 1 {
		t.Fatalf("%d pod watchers, want the mirror's alone", len(c.watch.subs[WatchPods]))
	}
	must(t, c.DeletePod("default", podsOf(c)[0].Name))
	if err := mir.check(c); err != nil {
		t.Fatal(err)
	}
}

// TestEventKindConstants: every kind in a varied trace is one of the
// exported constants.
func TestEventKindConstants(t *testing.T) {
	known := map[string]bool{}
	for _, k := range []string{KindDeploymentCreated, KindDeploymentScaled, KindDeploymentRestarted, KindDeploymentUpdated,
		KindDeploymentDeleted, KindReplicaSetCreated, KindScalingReplicaSet, KindFailedCreate, KindPodCreated,
		KindPodScheduled, KindPodReady, KindPodNotReady, KindPodTerminating, KindPodDeleted, KindPodRestarted,
		KindBackOff, KindPodLabelsChanged, KindPodOrphaned, KindPodAdopted, KindServiceCreated, KindServiceUpdated,
		KindServiceDeleted, KindEndpointsUpdated, KindEndpointsDeleted, KindProxyProgrammed, KindNodeFailed,
		KindNodeNotReady, KindNodeEvicting, KindNodeReady} {
		known[k] = true
	}
	c := mustNew(t, Config{Seed: 7})
	scenario(t, c)
	for _, e := range c.Events() {
		if !known[e.Kind] {
			t.Errorf("kind %q has no constant", e.Kind)
		}
	}
}
