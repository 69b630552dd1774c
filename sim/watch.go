package sim

// The watch: informer-like subscriptions to the cluster's objects, told
// of every change synchronously, in the order the cluster made them
// (client-go's watch.Interface and apimachinery pkg/watch's event types,
// without a goroutine or a channel).

import (
	"cmp"
	"errors"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"

	"github.com/svcsim/svcsim/endpoints"
	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/service"
)

// WatchKind is a kind of object Watch reports.
type WatchKind uint8

// The kinds a watch can follow, and the value type of their events'
// Object.
const (
	WatchPods           WatchKind = iota + 1 // pod.Pod, as Pod returns it
	WatchServices                            // service.Service
	WatchEndpoints                           // endpoints.Endpoints
	WatchEndpointSlices                      // endpoints.Slice
	WatchNodes                               // Node
	WatchDeployments                         // Deployment, with its status
	WatchReplicaSets                         // ReplicaSet, with its status
	WatchStatefulSets                        // StatefulSet, with its status
	// WatchProxy follows kube-proxy's programmed rules, one ProxyService
	// per Service with rules, changed at each sync that changes them
	// (Config.ProxyDelay after the EndpointSlices). It is no API resource.
	WatchProxy
	WatchNamespaces // Namespace
	numWatchKinds
)

var watchKindNames = [numWatchKinds]string{WatchPods: "pods", WatchServices: "services",
	WatchEndpoints: "endpoints", WatchEndpointSlices: "endpointslices", WatchNodes: "nodes",
	WatchDeployments: "deployments", WatchReplicaSets: "replicasets", WatchStatefulSets: "statefulsets", WatchProxy: "kube-proxy",
	WatchNamespaces: "namespaces"}

// String returns the kind's resource name, as the API server names it
// ("pods", "endpointslices", …); "kube-proxy" for WatchProxy.
func (k WatchKind) String() string {
	if k == 0 || k >= numWatchKinds {
		return fmt.Sprintf("WatchKind(%d)", uint8(k))
	}
	return watchKindNames[k]
}

// WatchEventType is what happened to the object (apimachinery pkg/watch
// EventType).
type WatchEventType string

// The watch event types.
const (
	WatchAdded    WatchEventType = "ADDED"
	WatchModified WatchEventType = "MODIFIED"
	WatchDeleted  WatchEventType = "DELETED"
)

// WatchEvent is one change of one object.
type WatchEvent struct {
	Type WatchEventType
	Kind WatchKind
	// ResourceVersion is the cluster's change counter at this change:
	// one counter for every kind, strictly increasing from one event to
	// the next (replayed objects carry the counter's current value).
	ResourceVersion uint64
	// Object is the object's new state, or for WatchDeleted its last
	// state: a value of the type its Kind names, the callback's own copy.
	Object any
}

// WatchOptions tunes a watch.
type WatchOptions struct {
	// Replay delivers every current object of the kind as WatchAdded,
	// sorted by namespace and name, before Watch returns. Without it the
	// watch starts with the next change: list first to know the state.
	Replay bool
}

// ErrReentrant is wrapped by the error of a call made from inside a watch
// callback that would change the cluster or draw a random number: every
// call that changes an object, Advance, Settle, Connect and Watch. Reads
// are allowed there and see the cluster as the call left it.
var ErrReentrant = errors.New("called from a watch callback")

// Watch subscribes fn to the changes of objects of kind: every object
// created (WatchAdded), changed (WatchModified: any field its getter
// returns, status included) or removed (WatchDeleted). fn is called
// synchronously, inside the call that made the change (a create, a
// delete, Advance, Settle …) once that call's change is complete, in the
// exact order the cluster changed the objects, each change with the
// object's state at that moment. Watching is deterministic and
// independent of Config.TraceLimit; it draws no random number and
// records nothing in the trace. stop ends the subscription (at once, even
// from inside a callback; calling it again does nothing).
//
// From inside fn, reads (Pod, Pods, Services, Endpoints, Check, …) work
// and see the cluster as the call (or Advance's task) left it, which may
// be past the state the event carries;
// the calls that change the cluster or draw a random number return an
// error wrapping ErrReentrant and change nothing. If fn panics, its watch
// is stopped, the other watches still get every event of the change, and
// the panic then propagates to the caller of the call that made it; that
// change is complete and the cluster consistent (Check passes), but the
// call returns no value (for Advance and Settle: the clock stays at the
// task that made the change, the later tasks stay queued).
//
// The resourceVersion counts the changes reported to any watch: a change
// of a kind nobody watches is not materialised, so it takes no number.
// Errors wrap ErrInvalid (an unknown kind, a nil fn) or ErrReentrant.
func (c *Cluster) Watch(kind WatchKind, opts WatchOptions, fn func(WatchEvent)) (stop func(), err error) {
	if err := c.refuseInCallback("watch"); err != nil {
		return nil, err
	}
	if kind == 0 || kind >= numWatchKinds {
		return nil, fmt.Errorf("watch: kind %d: unknown: %w", uint8(kind), ErrInvalid)
	}
	if fn == nil {
		return nil, fmt.Errorf("watch %s: nil callback: %w", kind, ErrInvalid)
	}
	if c.watch == nil {
		c.watch = &watchState{}
	}
	w := c.watch
	if len(w.subs[kind]) == 0 {
		c.startWatching(kind)
	}
	s := &watcher{kind: kind, fn: fn}
	w.subs[kind] = append(slices.Clip(w.subs[kind]), s)
	stop = func() { c.stopWatcher(s) }
	if opts.Replay {
		c.replay(s)
	}
	return stop, nil
}

// ResourceVersion returns the resourceVersion of the last change reported
// to a watch (0 before any).
func (c *Cluster) ResourceVersion() uint64 { return c.rv }

// ObjectResourceVersion returns the resourceVersion of the object of kind
// named namespace/name (namespace "" for nodes and namespaces, and for
// default): while a watch follows the kind, that of the object's last
// change reported (the cluster's counter when the first watch of the
// kind started, for an object unchanged since), 0 if no such object
// exists; while none does, the kind's changes take no number
// (ResourceVersion) and every name gets the cluster's ResourceVersion.
func (c *Cluster) ObjectResourceVersion(kind WatchKind, namespace, name string) uint64 {
	if kind == 0 || kind >= numWatchKinds {
		return 0
	}
	if !c.watching(kind) {
		return c.rv
	}
	if kind != WatchNodes && kind != WatchNamespaces {
		namespace = pod.NamespaceOrDefault(namespace)
	}
	return c.watch.rvs[kind][nsName{namespace, name}]
}

// watcher is one subscription.
type watcher struct {
	kind    WatchKind
	fn      func(WatchEvent)
	stopped bool
}

// watchState is the watch machinery, made on the first Watch. For each
// kind watched it keeps the state last reported of every object (what an
// informer's store holds), so a change is reported once, as Added,
// Modified or Deleted, whatever the code path that made it.
type watchState struct {
	subs       [numWatchKinds][]*watcher
	last       [numWatchKinds]map[nsName]any
	rvs        [numWatchKinds]map[nsName]uint64 // the resourceVersion of each object in last
	sliceNames map[nsName][]string              // a Service's slices last reported
	dirty      []watchRef                       // Deployments, ReplicaSets and StatefulSets whose status may have changed
	dirtySet   map[watchRef]bool
	pending    []WatchEvent // reported, not yet delivered
	delivering bool
}

// watchRef names a Deployment, ReplicaSet or StatefulSet to look at again.
type watchRef struct {
	kind WatchKind
	key  nsName
}

func (c *Cluster) watching(k WatchKind) bool { return c.watched&(1<<k) != 0 }

// refuseInCallback refuses a call made from a watch callback.
func (c *Cluster) refuseInCallback(call string) error {
	if c.watch != nil && c.watch.delivering {
		return fmt.Errorf("%s: %w", call, ErrReentrant)
	}
	return nil
}

// startWatching fills the store of a kind nobody watched with its
// current objects, so later changes are reported against them.
func (c *Cluster) startWatching(k WatchKind) {
	w := c.watch
	m := map[nsName]any{}
	rvs := map[nsName]uint64{}
	for key, v := range c.listWatched(k) {
		m[key] = v
		rvs[key] = c.rv
	}
	w.last[k], w.rvs[k] = m, rvs
	if k == WatchEndpointSlices {
		w.sliceNames = map[nsName][]string{}
		for _, sk := range c.svcKeys {
			if sk.Name == "" {
				continue
			}
			for _, s := range c.ep.Slices(sk.Namespace, sk.Name) {
				key := nsName{sk.Namespace, sk.Name}
				w.sliceNames[key] = append(w.sliceNames[key], s.Name)
			}
		}
	}
	c.watched |= 1 << k
}

func (c *Cluster) stopWatcher(s *watcher) {
	if s.stopped {
		return
	}
	s.stopped = true
	w := c.watch
	// A new slice: a delivery in progress ranges over the old one.
	w.subs[s.kind] = slices.DeleteFunc(slices.Clone(w.subs[s.kind]), func(x *watcher) bool { return x == s })
	if len(w.subs[s.kind]) == 0 {
		c.watched &^= 1 << s.kind
		w.last[s.kind], w.rvs[s.kind] = nil, nil
		if s.kind == WatchEndpointSlices {
			w.sliceNames = nil
		}
	}
}

// listWatched returns the current objects of kind k, sorted by
// namespace and name.
func (c *Cluster) listWatched(k WatchKind) func(yield func(nsName, any) bool) {
	return func(yield func(nsName, any) bool) {
		var objs []struct {
			key nsName
			v   any
		}
		add := func(ns, name string, v any) {
			objs = append(objs, struct {
				key nsName
				v   any
			}{nsName{ns, name}, v})
		}
		switch k {
		case WatchPods:
			envs := envsBuilt{}
			for i := range c.store.Slots() {
				if p := c.pod(i); p.has(fLive) {
					add(c.nsNames[p.tmpl.ns], p.name(), c.listPod(i, envs))
				}
			}
		case WatchServices:
			for _, r := range c.svcs {
				if r != nil {
					add(r.svc.Namespace, r.svc.Name, r.svc.Clone())
				}
			}
		case WatchEndpoints, WatchEndpointSlices:
			for _, sk := range c.svcKeys {
				if sk.Name == "" {
					continue
				}
				if k == WatchEndpoints {
					if ep, ok := c.ep.Endpoints(sk.Namespace, sk.Name); ok {
						add(ep.Namespace, ep.Name, ep)
					}
					continue
				}
				for _, s := range c.ep.Slices(sk.Namespace, sk.Name) {
					add(s.Namespace, s.Name, s)
				}
			}
		case WatchNodes:
			for n := range c.nodes {
				add("", c.nodes[n].name, c.nodeValue(n))
			}
		case WatchDeployments:
			for key := range c.depByName.All() {
				d, _ := c.Deployment(key.ns, key.name)
				add(key.ns, key.name, d)
			}
		case WatchReplicaSets:
			for key := range c.rsByName.All() {
				r, _ := c.ReplicaSet(key.ns, key.name)
				add(key.ns, key.name, r)
			}
		case WatchStatefulSets:
			for key, id := range c.stsByName {
				add(key.ns, key.name, c.apiSTS(id))
			}
		case WatchProxy:
			for _, sk := range c.svcKeys {
				if ps, ok := c.ProxyService(sk.Namespace, sk.Name); ok && sk.Name != "" {
					add(ps.Namespace, ps.Name, ps)
				}
			}
		case WatchNamespaces:
			for _, i := range c.nsIdx.All() {
				add("", c.nsNames[i], c.nsValue(i))
			}
		}
		slices.SortFunc(objs, func(a, b struct {
			key nsName
			v   any
		}) int {
			return cmp.Or(strings.Compare(a.key.ns, b.key.ns), strings.Compare(a.key.name, b.key.name))
		})
		for _, o := range objs {
			if !yield(o.key, o.v) {
				return
			}
		}
	}
}

// replay delivers every current object of s's kind to s as Added. A
// panic stops s and propagates from Watch.
func (c *Cluster) replay(s *watcher) {
	w := c.watch
	w.delivering = true
	defer func() { w.delivering = false }()
	for _, v := range c.listWatched(s.kind) {
		if s.stopped {
			return
		}
		if p, ok := callWatcher(s, WatchEvent{Type: WatchAdded, Kind: s.kind, ResourceVersion: c.rv, Object: v}); ok {
			c.stopWatcher(s)
			w.delivering = false
			panic(p)
		}
	}
}

// observe compares an object's state now (ok: it exists) with the state
// last reported and reports the difference.
func (c *Cluster) observe(k WatchKind, key nsName, v any, ok bool) {
	w := c.watch
	m := w.last[k]
	old, had := m[key]
	switch {
	case ok && !had:
		m[key] = v
		c.report(WatchAdded, k, cloneWatched(v))
		w.rvs[k][key] = c.rv
	case ok && !reflect.DeepEqual(old, v):
		m[key] = v
		c.report(WatchModified, k, cloneWatched(v))
		w.rvs[k][key] = c.rv
	case !ok && had:
		delete(m, key)
		delete(w.rvs[k], key)
		c.report(WatchDeleted, k, old)
	}
}

func (c *Cluster) report(t WatchEventType, k WatchKind, v any) {
	c.rv++
	c.watch.pending = append(c.watch.pending, WatchEvent{Type: t, Kind: k, ResourceVersion: c.rv, Object: v})
}

// deliverWatch hands the reported events to the watchers, in order. It runs
// where the cluster is consistent: at the end of flush, which ends every
// call and every task.
func (c *Cluster) deliverWatch() {
	w := c.watch
	if w.delivering || len(w.pending) == 0 {
		return
	}
	w.delivering = true
	var panicked any
	failed := false
	for k := 0; k < len(w.pending); k++ {
		ev := w.pending[k]
		first := true
		for _, s := range w.subs[ev.Kind] {
			if s.stopped {
				continue
			}
			if !first {
				ev.Object = cloneWatched(ev.Object)
			}
			first = false
			if p, ok := callWatcher(s, ev); ok {
				c.stopWatcher(s)
				if !failed {
					panicked, failed = p, true
				}
			}
		}
	}
	clear(w.pending)
	w.pending = w.pending[:0]
	w.delivering = false
	if failed {
		panic(panicked)
	}
}

// callWatcher calls s.fn and returns what it panicked with, if it did.
func callWatcher(s *watcher, ev WatchEvent) (p any, panicked bool) {
	defer func() {
		if r := recover(); r != nil {
			p, panicked = r, true
		}
	}()
	s.fn(ev)
	return nil, false
}

// cloneWatched deep-copies an object of a watched kind.
func cloneWatched(v any) any {
	switch o := v.(type) {
	case pod.Pod:
		o.Labels, o.Ports, o.Env = maps.Clone(o.Labels), slices.Clone(o.Ports), maps.Clone(o.Env)
		return o
	case service.Service:
		return o.Clone()
	case endpoints.Endpoints:
		o.Subsets = slices.Clone(o.Subsets)
		for i := range o.Subsets {
			s := &o.Subsets[i]
			s.Addresses, s.NotReadyAddresses = slices.Clone(s.Addresses), slices.Clone(s.NotReadyAddresses)
			s.Ports = slices.Clone(s.Ports)
		}
		return o
	case endpoints.Slice:
		o.Ports, o.Endpoints = slices.Clone(o.Ports), slices.Clone(o.Endpoints)
		for i := range o.Endpoints {
			o.Endpoints[i].Addresses = slices.Clone(o.Endpoints[i].Addresses)
		}
		return o
	case Node:
		o.Labels, o.Taints = maps.Clone(o.Labels), slices.Clone(o.Taints)
		return o
	case Deployment:
		o.Labels, o.Ports = maps.Clone(o.Labels), slices.Clone(o.Ports)
		o.Status.Conditions = slices.Clone(o.Status.Conditions)
		return o
	case ReplicaSet:
		o.Labels, o.Annotations = maps.Clone(o.Labels), maps.Clone(o.Annotations)
		o.Status.Conditions = slices.Clone(o.Status.Conditions)
		return o
	case StatefulSet:
		o.Labels, o.Containers = maps.Clone(o.Labels), cloneContainers(o.Containers)
		return o
	case ProxyService:
		return cloneProxyService(o)
	case Namespace:
		o.Labels = maps.Clone(o.Labels)
		return o
	}
	panic(fmt.Sprintf("sim: watch: unexpected %T", v)) // unreachable: observe takes only the kinds above
}
