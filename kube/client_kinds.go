package kube

// The kinds the Clientset serves: their resources, their svcsim watch
// kinds, how their objects convert, list and are selected.

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	discoveryv1 "k8s.io/api/discovery/v1"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"

	"github.com/svcsim/svcsim/endpoints"
	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/service"
	"github.com/svcsim/svcsim/sim"
)

// kindInfo is one kind the Clientset serves.
type kindInfo struct {
	gvr        schema.GroupVersionResource
	kind       string // "Pod"
	sim        sim.WatchKind
	namespaced bool
	convert    func(c *sim.Cluster, v any) runtime.Object // a svcsim object of c as k8s.io/api's
	empty      func() runtime.Object
	list       func(objs []runtime.Object, rv string) runtime.Object
	// fields returns the object's selectable fields beyond metadata.name
	// and metadata.namespace (the kind's registry strategy's
	// SelectableFields); fieldNames are their names.
	fields     func(o runtime.Object) fields.Set
	fieldNames []string
}

// objKey names an object: namespace ("" for a cluster-scoped kind) and name.
type objKey struct{ ns, name string }

// compareKeys orders keys as the API server lists objects: by namespace,
// then name.
func compareKeys(a, b objKey) int {
	return cmp.Or(strings.Compare(a.ns, b.ns), strings.Compare(a.name, b.name))
}

// keyOf returns the key of a svcsim object of a served kind.
func keyOf(v any) objKey {
	ns := pod.NamespaceOrDefault
	switch o := v.(type) {
	case pod.Pod:
		return objKey{ns(o.Namespace), o.Name}
	case service.Service:
		return objKey{ns(o.Namespace), o.Name}
	case endpoints.Endpoints:
		return objKey{ns(o.Namespace), o.Name}
	case endpoints.Slice:
		return objKey{ns(o.Namespace), o.Name}
	case sim.Node:
		return objKey{"", o.Name}
	case sim.Deployment:
		return objKey{ns(o.Namespace), o.Name}
	case sim.ReplicaSet:
		return objKey{ns(o.Namespace), o.Name}
	case sim.StatefulSet:
		return objKey{ns(o.Namespace), o.Name}
	case sim.Namespace:
		return objKey{"", o.Name}
	}
	panic(fmt.Sprintf("kube: no key for %T", v))
}

// object converts v, an object of c, at resourceVersion rv: like every
// object a typed client decodes, it carries no apiVersion and kind.
func (k *kindInfo) object(c *sim.Cluster, v any, rv uint64) runtime.Object {
	o := k.convert(c, v)
	o.GetObjectKind().SetGroupVersionKind(schema.GroupVersionKind{})
	metaOf(o).ResourceVersion = formatRV(rv)
	return o
}

// matches reports whether o passes the selectors.
func (k *kindInfo) matches(o runtime.Object, ls labels.Selector, fs fields.Selector) bool {
	m := metaOf(o)
	if !ls.Empty() && !ls.Matches(labels.Set(m.Labels)) {
		return false
	}
	if fs.Empty() {
		return true
	}
	set := fields.Set{"metadata.name": m.Name}
	if k.namespaced {
		set["metadata.namespace"] = m.Namespace
	}
	if k.fields != nil {
		for f, v := range k.fields(o) {
			set[f] = v
		}
	}
	return fs.Matches(set)
}

// checkFields returns the field a selector names that the kind cannot
// be selected by, if any.
func (k *kindInfo) checkFields(fs fields.Selector) (string, bool) {
	for _, r := range fs.Requirements() {
		switch {
		case r.Field == "metadata.name", r.Field == "metadata.namespace" && k.namespaced,
			slices.Contains(k.fieldNames, r.Field):
			continue
		}
		return r.Field, false
	}
	return "", true
}

// formatRV is a resourceVersion as the API shows it: the cluster's change
// counter plus one, so that no object or list ever carries "0", which
// the API reads as "any version" (a cluster whose counter is still 0 has
// objects all the same).
func formatRV(rv uint64) string { return strconv.FormatUint(rv+1, 10) }

// parseRV reads a resourceVersion formatRV wrote.
func parseRV(s string) (uint64, bool) {
	n, err := strconv.ParseUint(s, 10, 64)
	if err != nil || n == 0 {
		return 0, false
	}
	return n - 1, true
}

// items copies the listed objects into a list's Items.
func items[T any](objs []runtime.Object) []T {
	out := make([]T, len(objs))
	for i, o := range objs {
		out[i] = *any(o).(*T)
	}
	return out
}

var kinds = []*kindInfo{
	{
		gvr: corev1.SchemeGroupVersion.WithResource("pods"), kind: "Pod", sim: sim.WatchPods, namespaced: true,
		convert: func(c *sim.Cluster, v any) runtime.Object { return ToPod(c, v.(pod.Pod)) },
		empty:   func() runtime.Object { return &corev1.Pod{} },
		list: func(objs []runtime.Object, rv string) runtime.Object {
			l := &corev1.PodList{Items: items[corev1.Pod](objs)}
			l.ResourceVersion = rv
			return l
		},
		// kubernetes pkg/registry/core/pod/strategy.go, ToSelectableFields.
		fields: func(o runtime.Object) fields.Set {
			p := o.(*corev1.Pod)
			return fields.Set{"spec.nodeName": p.Spec.NodeName, "spec.restartPolicy": string(p.Spec.RestartPolicy),
				"spec.schedulerName": p.Spec.SchedulerName, "spec.serviceAccountName": p.Spec.ServiceAccountName,
				"spec.hostNetwork": strconv.FormatBool(p.Spec.HostNetwork), "status.phase": string(p.Status.Phase),
				"status.podIP": p.Status.PodIP, "status.nominatedNodeName": p.Status.NominatedNodeName}
		},
		fieldNames: []string{"spec.nodeName", "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName",
			"spec.hostNetwork", "status.phase", "status.podIP", "status.nominatedNodeName"},
	},
	{
		gvr: corev1.SchemeGroupVersion.WithResource("services"), kind: "Service", sim: sim.WatchServices, namespaced: true,
		convert: func(_ *sim.Cluster, v any) runtime.Object { return ToService(v.(service.Service)) },
		empty:   func() runtime.Object { return &corev1.Service{} },
		list: func(objs []runtime.Object, rv string) runtime.Object {
			l := &corev1.ServiceList{Items: items[corev1.Service](objs)}
			l.ResourceVersion = rv
			return l
		},
		// kubernetes pkg/registry/core/service/strategy.go, SelectableFields.
		fields: func(o runtime.Object) fields.Set {
			s := o.(*corev1.Service)
			return fields.Set{"spec.clusterIP": s.Spec.ClusterIP, "spec.type": string(s.Spec.Type)}
		},
		fieldNames: []string{"spec.clusterIP", "spec.type"},
	},
	{
		gvr: corev1.SchemeGroupVersion.WithResource("endpoints"), kind: "Endpoints", sim: sim.WatchEndpoints, namespaced: true,
		convert: func(c *sim.Cluster, v any) runtime.Object { return ToEndpoints(c, v.(endpoints.Endpoints)) },
		empty:   func() runtime.Object { return &corev1.Endpoints{} },
		list: func(objs []runtime.Object, rv string) runtime.Object {
			l := &corev1.EndpointsList{Items: items[corev1.Endpoints](objs)}
			l.ResourceVersion = rv
			return l
		},
	},
	{
		gvr: discoveryv1.SchemeGroupVersion.WithResource("endpointslices"), kind: "EndpointSlice", sim: sim.WatchEndpointSlices, namespaced: true,
		convert: func(c *sim.Cluster, v any) runtime.Object { return ToEndpointSlice(c, v.(endpoints.Slice)) },
		empty:   func() runtime.Object { return &discoveryv1.EndpointSlice{} },
		list: func(objs []runtime.Object, rv string) runtime.Object {
			l := &discoveryv1.EndpointSliceList{Items: items[discoveryv1.EndpointSlice](objs)}
			l.ResourceVersion = rv
			return l
		},
	},
	{
		gvr: corev1.SchemeGroupVersion.WithResource("nodes"), kind: "Node", sim: sim.WatchNodes,
		convert: func(_ *sim.Cluster, v any) runtime.Object { return ToNode(v.(sim.Node)) },
		empty:   func() runtime.Object { return &corev1.Node{} },
		list: func(objs []runtime.Object, rv string) runtime.Object {
			l := &corev1.NodeList{Items: items[corev1.Node](objs)}
			l.ResourceVersion = rv
			return l
		},
		// kubernetes pkg/registry/core/node/strategy.go, NodeToSelectableFields.
		fields: func(o runtime.Object) fields.Set {
			return fields.Set{"spec.unschedulable": strconv.FormatBool(o.(*corev1.Node).Spec.Unschedulable)}
		},
		fieldNames: []string{"spec.unschedulable"},
	},
	{
		gvr: appsv1.SchemeGroupVersion.WithResource("deployments"), kind: "Deployment", sim: sim.WatchDeployments, namespaced: true,
		convert: func(_ *sim.Cluster, v any) runtime.Object { return ToDeployment(v.(sim.Deployment)) },
		empty:   func() runtime.Object { return &appsv1.Deployment{} },
		list: func(objs []runtime.Object, rv string) runtime.Object {
			l := &appsv1.DeploymentList{Items: items[appsv1.Deployment](objs)}
			l.ResourceVersion = rv
			return l
		},
	},
	{
		gvr: appsv1.SchemeGroupVersion.WithResource("replicasets"), kind: "ReplicaSet", sim: sim.WatchReplicaSets, namespaced: true,
		convert: func(c *sim.Cluster, v any) runtime.Object { return ToReplicaSet(c, v.(sim.ReplicaSet)) },
		empty:   func() runtime.Object { return &appsv1.ReplicaSet{} },
		list: func(objs []runtime.Object, rv string) runtime.Object {
			l := &appsv1.ReplicaSetList{Items: items[appsv1.ReplicaSet](objs)}
			l.ResourceVersion = rv
			return l
		},
		// kubernetes pkg/registry/apps/replicaset/strategy.go, ReplicaSetToSelectableFields.
		fields: func(o runtime.Object) fields.Set {
			return fields.Set{"status.replicas": strconv.Itoa(int(o.(*appsv1.ReplicaSet).Status.Replicas))}
		},
		fieldNames: []string{"status.replicas"},
	},
	{
		gvr: appsv1.SchemeGroupVersion.WithResource("statefulsets"), kind: "StatefulSet", sim: sim.WatchStatefulSets, namespaced: true,
		convert: func(_ *sim.Cluster, v any) runtime.Object { return ToStatefulSet(v.(sim.StatefulSet)) },
		empty:   func() runtime.Object { return &appsv1.StatefulSet{} },
		list: func(objs []runtime.Object, rv string) runtime.Object {
			l := &appsv1.StatefulSetList{Items: items[appsv1.StatefulSet](objs)}
			l.ResourceVersion = rv
			return l
		},
	},
	{
		gvr: corev1.SchemeGroupVersion.WithResource("namespaces"), kind: "Namespace", sim: sim.WatchNamespaces,
		convert: func(_ *sim.Cluster, v any) runtime.Object { return ToNamespace(v.(sim.Namespace)) },
		empty:   func() runtime.Object { return &corev1.Namespace{} },
		list: func(objs []runtime.Object, rv string) runtime.Object {
			l := &corev1.NamespaceList{Items: items[corev1.Namespace](objs)}
			l.ResourceVersion = rv
			return l
		},
		// kubernetes pkg/registry/core/namespace/strategy.go, NamespaceToSelectableFields.
		fields: func(o runtime.Object) fields.Set {
			return fields.Set{"status.phase": string(o.(*corev1.Namespace).Status.Phase)}
		},
		fieldNames: []string{"status.phase"},
	},
}

// kindFor returns the served kind of a resource, if it is one.
func kindFor(gvr schema.GroupVersionResource) (*kindInfo, bool) {
	for _, k := range kinds {
		if k.gvr == gvr {
			return k, true
		}
	}
	return nil, false
}
