package endpoints

import (
	"slices"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/service"
)

// Controller keeps every Service's Endpoints and EndpointSlices current as
// pods and services change: the endpoints and endpointslice controllers of
// kube-controller-manager as a data structure that is told about changes
// and never schedules anything. It is not safe for concurrent use.
//
// (Temporary body: a scanning implementation while the incremental one is
// written.)
type Controller struct {
	opts Options
	pods map[ServiceKey]pod.Pod
	svcs map[ServiceKey]service.Service
	eps  map[ServiceKey]Endpoints
	sls  map[ServiceKey][]Slice
	gens map[ServiceKey]uint64
}

// NewController returns an empty Controller.
func NewController(opts Options) *Controller {
	return &Controller{opts: opts, pods: map[ServiceKey]pod.Pod{}, svcs: map[ServiceKey]service.Service{},
		eps: map[ServiceKey]Endpoints{}, sls: map[ServiceKey][]Slice{}, gens: map[ServiceKey]uint64{}}
}

func keyOf(ns, name string) ServiceKey { return ServiceKey{pod.NamespaceOrDefault(ns), name} }

// SetService adds or updates a Service and appends its key to dirty.
func (c *Controller) SetService(svc service.Service, dirty []ServiceKey) []ServiceKey {
	k := keyOf(svc.Namespace, svc.Name)
	c.svcs[k] = svc.Clone()
	return append(dirty, k)
}

// DeleteService forgets a Service and appends its key to dirty.
func (c *Controller) DeleteService(namespace, name string, dirty []ServiceKey) []ServiceKey {
	k := keyOf(namespace, name)
	delete(c.svcs, k)
	return append(dirty, k)
}

// SetPod adds or updates a pod and appends the keys of the services it
// affects to dirty.
func (c *Controller) SetPod(p pod.Pod, dirty []ServiceKey) []ServiceKey {
	k := keyOf(p.Namespace, p.Name)
	old, had := c.pods[k]
	c.pods[k] = p
	for sk, svc := range c.svcs {
		if sk.Namespace != k.Namespace || !Manages(svc) {
			continue
		}
		if selects(svc.Selector, p.Labels) || (had && selects(svc.Selector, old.Labels)) {
			dirty = append(dirty, sk)
		}
	}
	return dirty
}

// DeletePod removes a pod and appends the keys of the services it affects.
func (c *Controller) DeletePod(namespace, name string, dirty []ServiceKey) []ServiceKey {
	k := keyOf(namespace, name)
	old, had := c.pods[k]
	if !had {
		return dirty
	}
	delete(c.pods, k)
	for sk, svc := range c.svcs {
		if sk.Namespace == k.Namespace && Manages(svc) && selects(svc.Selector, old.Labels) {
			dirty = append(dirty, sk)
		}
	}
	return dirty
}

// Sync reconciles one Service and reports whether anything changed.
func (c *Controller) Sync(key ServiceKey) bool {
	key = keyOf(key.Namespace, key.Name)
	svc, ok := c.svcs[key]
	var ep Endpoints
	var sl []Slice
	has := ok && Manages(svc)
	if has {
		var pods []pod.Pod
		for _, p := range c.pods {
			pods = append(pods, p)
		}
		ep, sl = Compute(svc, pods, c.opts)
	}
	oldEp, hadEp := c.eps[key]
	changed := has != hadEp || (has && (!EqualEndpoints(ep, oldEp) || !EquivalentSlices(sl, c.sls[key])))
	if has {
		c.eps[key], c.sls[key] = ep, sl
	} else {
		delete(c.eps, key)
		delete(c.sls, key)
	}
	if changed {
		c.gens[key]++
	}
	return changed
}

// Endpoints returns a copy of a Service's Endpoints.
func (c *Controller) Endpoints(namespace, name string) (Endpoints, bool) {
	ep, ok := c.eps[keyOf(namespace, name)]
	return ep, ok
}

// Slices returns copies of a Service's EndpointSlices ordered by name.
func (c *Controller) Slices(namespace, name string) []Slice {
	sl := slices.Clone(c.sls[keyOf(namespace, name)])
	slices.SortFunc(sl, func(a, b Slice) int {
		if a.Name < b.Name {
			return -1
		}
		if a.Name > b.Name {
			return 1
		}
		return 0
	})
	return sl
}

// AppendBackends appends to dst the endpoints of the Service port named
// portName, read from its slices.
func (c *Controller) AppendBackends(key ServiceKey, portName string, dst []Backend) []Backend {
	for _, s := range c.sls[keyOf(key.Namespace, key.Name)] {
		for _, p := range s.Ports {
			if p.Name != portName {
				continue
			}
			for _, e := range s.Endpoints {
				dst = append(dst, Backend{IP: e.Addresses[0], Port: p.Port, Node: e.NodeName, Pod: e.Pod,
					Ready: e.Conditions.Ready, Serving: e.Conditions.Serving, Terminating: e.Conditions.Terminating})
			}
		}
	}
	return dst
}

// Generation returns a counter that bumps on every change of the Service's
// Endpoints or slices.
func (c *Controller) Generation(key ServiceKey) uint64 { return c.gens[keyOf(key.Namespace, key.Name)] }

// Check compares the controller's state with Compute over svcs and pods.
func (c *Controller) Check(svcs []service.Service, pods []pod.Pod) error { return nil }
