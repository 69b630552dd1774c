package sim

// Where the cluster tells the watch about changes: each hook looks at one
// object again and reports it if it changed. Callers test c.watched first,
// so a cluster nobody watches pays one comparison per change.

import "github.com/svcsim/svcsim/endpoints"

// watchPod looks at pod i again, and at the workloads whose status its
// change may have changed.
func (c *Cluster) watchPod(i int32) {
	if c.watching(WatchPods) {
		p := c.pod(i)
		c.observe(WatchPods, nsName{c.nsNames[p.tmpl.ns], p.name()}, c.apiPod(i), true)
	}
	c.watchWorkloads()
}

// watchPodGone reports the removal of pod ns/name.
func (c *Cluster) watchPodGone(ns int32, name string) {
	if c.watching(WatchPods) {
		c.observe(WatchPods, nsName{c.nsNames[ns], name}, nil, false)
	}
	c.watchWorkloads()
}

func (c *Cluster) watchNode(n int32) {
	if c.watching(WatchNodes) {
		c.observe(WatchNodes, nsName{"", c.nodes[n].name}, c.nodeValue(int(n)), true)
	}
}

func (c *Cluster) watchService(ns, name string) {
	if c.watching(WatchServices) {
		s, ok := c.Service(ns, name)
		c.observe(WatchServices, nsName{ns, name}, s, ok)
	}
}

// watchEndpoints looks at the Endpoints and EndpointSlices of Service k
// after a sync changed them: slices by name, then the ones gone.
func (c *Cluster) watchEndpoints(k endpoints.ServiceKey) {
	key := nsName{k.Namespace, k.Name}
	if c.watching(WatchEndpoints) {
		ep, ok := c.ep.Endpoints(k.Namespace, k.Name)
		c.observe(WatchEndpoints, key, ep, ok)
	}
	if !c.watching(WatchEndpointSlices) {
		return
	}
	w := c.watch
	old := w.sliceNames[key]
	var names []string
	for _, s := range c.ep.Slices(k.Namespace, k.Name) {
		names = append(names, s.Name)
		c.observe(WatchEndpointSlices, nsName{s.Namespace, s.Name}, s, true)
	}
	for _, n := range old {
		if !contains(names, n) {
			c.observe(WatchEndpointSlices, nsName{k.Namespace, n}, nil, false)
		}
	}
	if len(names) == 0 {
		delete(w.sliceNames, key)
	} else {
		w.sliceNames[key] = names
	}
}

// watchProxy looks at kube-proxy's rules for Service k after a sync
// programmed or removed them.
func (c *Cluster) watchProxy(k endpoints.ServiceKey) {
	if c.watching(WatchProxy) {
		ps, ok := c.ProxyService(k.Namespace, k.Name)
		c.observe(WatchProxy, nsName{k.Namespace, k.Name}, ps, ok)
	}
}

func contains(l []string, s string) bool {
	for _, x := range l {
		if x == s {
			return true
		}
	}
	return false
}

// markRS notes that ReplicaSet id, and so its Deployment, may have a new
// state; watchWorkloads looks at them.
func (c *Cluster) markRS(id int32) {
	r := c.rss[id]
	if c.watching(WatchReplicaSets) {
		c.markRef(watchRef{WatchReplicaSets, nsName{c.nsNames[r.tmpl.ns], r.name}})
	}
	if d := c.deps[r.dep]; d != nil {
		c.markDep(d)
	}
}

func (c *Cluster) markDep(d *depRec) {
	if c.watching(WatchDeployments) {
		c.markRef(watchRef{WatchDeployments, nsName{d.spec.Namespace, d.name}})
	}
}

// markSTS notes that StatefulSet id may have a new state.
func (c *Cluster) markSTS(id int32) {
	if s := c.stss[id]; c.watching(WatchStatefulSets) {
		c.markRef(watchRef{WatchStatefulSets, nsName{s.spec.Namespace, s.spec.Name}})
	}
}

func (c *Cluster) markRef(r watchRef) {
	w := c.watch
	if w.dirtySet == nil {
		w.dirtySet = map[watchRef]bool{}
	}
	if !w.dirtySet[r] {
		w.dirtySet[r] = true
		w.dirty = append(w.dirty, r)
	}
}

// watchWorkloads looks again at the marked workloads,
// in the order they were marked.
func (c *Cluster) watchWorkloads() {
	w := c.watch
	for _, r := range w.dirty {
		if !c.watching(r.kind) {
			continue
		}
		switch r.kind {
		case WatchReplicaSets:
			v, ok := c.ReplicaSet(r.key.ns, r.key.name)
			c.observe(r.kind, r.key, v, ok)
		case WatchStatefulSets:
			v, ok := c.StatefulSet(r.key.ns, r.key.name)
			c.observe(r.kind, r.key, v, ok)
		default:
			v, ok := c.Deployment(r.key.ns, r.key.name)
			c.observe(r.kind, r.key, v, ok)
		}
	}
	clear(w.dirtySet)
	w.dirty = w.dirty[:0]
}

// markTemplateChanged marks every ReplicaSet of Deployment d for the
// watch: a new template makes none of them current (ReplicaSet.Current).
func (c *Cluster) markTemplateChanged(d *depRec) {
	if c.watched == 0 {
		return
	}
	for _, id := range d.rss {
		c.markRS(id)
	}
}
