package kube

// The cluster's objects as k8s.io/api values: one, every one of a kind,
// or the value a watch event carries.

import (
	"fmt"
	"strconv"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"

	"github.com/svcsim/svcsim/endpoints"
	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
	"github.com/svcsim/svcsim/service"
	"github.com/svcsim/svcsim/sim"
)

// ToObject returns v, an object of cluster c as sim's reads and watch
// events carry it (pod.Pod, service.Service, endpoints.Endpoints,
// endpoints.Slice, sim.Node, sim.Deployment, sim.ReplicaSet,
// sim.StatefulSet, sim.Namespace), as its k8s.io/api value, through the
// kind's To function. resourceVersion is left empty. Another type is an
// error.
func ToObject(c *sim.Cluster, v any) (runtime.Object, error) {
	switch o := v.(type) {
	case pod.Pod:
		return ToPod(c, o), nil
	case service.Service:
		return ToService(o), nil
	case endpoints.Endpoints:
		return ToEndpoints(c, o), nil
	case endpoints.Slice:
		return ToEndpointSlice(c, o), nil
	case sim.Node:
		return ToNode(o), nil
	case sim.Deployment:
		return ToDeployment(o), nil
	case sim.ReplicaSet:
		return ToReplicaSet(c, o), nil
	case sim.StatefulSet:
		return ToStatefulSet(o), nil
	case sim.Namespace:
		return ToNamespace(o), nil
	}
	return nil, fmt.Errorf("kube: %T is not an object of svcsim's cluster", v)
}

// Get returns the object of kind named namespace/name in cluster c
// ("" namespace: default; ignored for nodes and namespaces) as its
// k8s.io/api value with its resourceVersion (sim's
// ObjectResourceVersion), as `kubectl get <kind> <name> -o yaml` reads
// it, and whether it exists.
func Get(c *sim.Cluster, kind sim.WatchKind, namespace, name string) (runtime.Object, bool) {
	ns := pod.NamespaceOrDefault(namespace)
	var v any
	ok := false
	switch kind {
	case sim.WatchPods:
		v, ok = c.Pod(ns, name)
	case sim.WatchServices:
		v, ok = c.Service(ns, name)
	case sim.WatchEndpoints:
		v, ok = c.Endpoints(ns, name)
	case sim.WatchEndpointSlices:
		for _, s := range listSlices(c, ns) {
			if s.Name == name {
				v, ok = s, true
			}
		}
	case sim.WatchNodes:
		v, ok = c.Node(name)
	case sim.WatchDeployments:
		v, ok = c.Deployment(ns, name)
	case sim.WatchReplicaSets:
		v, ok = c.ReplicaSet(ns, name)
	case sim.WatchStatefulSets:
		v, ok = c.StatefulSet(ns, name)
	case sim.WatchNamespaces:
		v, ok = c.Namespace(name)
	}
	if !ok {
		return nil, false
	}
	obj, err := ToObject(c, v)
	if err != nil {
		return nil, false
	}
	setResourceVersion(c, kind, obj)
	return obj, true
}

// List returns every object of kind in cluster c as k8s.io/api values
// with their resourceVersions, sorted by namespace and name as the API
// server lists them: those of namespace, or of every namespace for ""
// (nodes and namespaces are cluster-scoped: namespace is ignored).
func List(c *sim.Cluster, kind sim.WatchKind, namespace string) []runtime.Object {
	var nss []string
	if namespace != "" {
		nss = []string{namespace}
	} else {
		for _, n := range c.Namespaces() {
			nss = append(nss, n.Name)
		}
	}
	var vs []any
	switch kind {
	case sim.WatchNodes:
		for _, n := range c.Nodes() {
			vs = append(vs, n)
		}
	case sim.WatchNamespaces:
		for _, n := range c.Namespaces() {
			vs = append(vs, n)
		}
	default:
		for _, ns := range nss {
			vs = appendNamespaced(vs, c, kind, ns)
		}
	}
	out := make([]runtime.Object, 0, len(vs))
	for _, v := range vs {
		obj, err := ToObject(c, v)
		if err != nil {
			continue
		}
		setResourceVersion(c, kind, obj)
		out = append(out, obj)
	}
	return out
}

// appendNamespaced appends the objects of kind in namespace ns, sorted by
// name.
func appendNamespaced(vs []any, c *sim.Cluster, kind sim.WatchKind, ns string) []any {
	switch kind {
	case sim.WatchPods:
		for _, p := range c.Pods(ns, selector.Everything()) {
			vs = append(vs, p)
		}
	case sim.WatchServices:
		for _, s := range c.Services(ns) {
			vs = append(vs, s)
		}
	case sim.WatchEndpoints:
		for _, s := range c.Services(ns) {
			if e, ok := c.Endpoints(ns, s.Name); ok {
				vs = append(vs, e)
			}
		}
	case sim.WatchEndpointSlices:
		for _, s := range listSlices(c, ns) {
			vs = append(vs, s)
		}
	case sim.WatchDeployments:
		for _, d := range c.Deployments(ns) {
			vs = append(vs, d)
		}
	case sim.WatchReplicaSets:
		for _, r := range c.ReplicaSets(ns, selector.Everything()) {
			vs = append(vs, r)
		}
	case sim.WatchStatefulSets:
		for _, s := range c.StatefulSets(ns) {
			vs = append(vs, s)
		}
	}
	return vs
}

// listSlices returns the EndpointSlices of namespace ns, sorted by name.
func listSlices(c *sim.Cluster, ns string) []endpoints.Slice {
	var out []endpoints.Slice
	for _, s := range c.Services(ns) {
		out = append(out, c.EndpointSlices(ns, s.Name)...)
	}
	sortByName(out, func(s endpoints.Slice) string { return s.Name })
	return out
}

// setResourceVersion sets obj's resourceVersion from the cluster.
func setResourceVersion(c *sim.Cluster, kind sim.WatchKind, obj runtime.Object) {
	m, ok := obj.(metav1.Object)
	if !ok {
		return
	}
	ns := m.GetNamespace()
	m.SetResourceVersion(strconv.FormatUint(c.ObjectResourceVersion(kind, ns, m.GetName()), 10))
}
