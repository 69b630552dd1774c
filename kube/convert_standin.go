package kube

// Stand-ins for the svcsim→k8s conversions (metadata, labels and the
// fields the Clientset's tests read), replaced by the full conversions.

import (
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	discoveryv1 "k8s.io/api/discovery/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"

	"github.com/svcsim/svcsim/endpoints"
	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/service"
	"github.com/svcsim/svcsim/sim"
)

func ToPod(p pod.Pod) *corev1.Pod {
	o := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Namespace: pod.NamespaceOrDefault(p.Namespace), Name: p.Name,
		UID: types.UID(p.UID.String()), Labels: cloneMap(p.Labels)}}
	o.Spec.NodeName = p.NodeName
	o.Status.Phase = corev1.PodPhase(p.Phase)
	if p.IP.IsValid() {
		o.Status.PodIP = p.IP.String()
	}
	st := corev1.ConditionFalse
	if p.Ready {
		st = corev1.ConditionTrue
	}
	o.Status.Conditions = []corev1.PodCondition{{Type: corev1.PodReady, Status: st}}
	return o
}

func ToService(s service.Service) *corev1.Service {
	o := &corev1.Service{ObjectMeta: metav1.ObjectMeta{Namespace: pod.NamespaceOrDefault(s.Namespace), Name: s.Name,
		UID: types.UID(s.UID.String())}}
	o.Spec.Type = corev1.ServiceType(s.Type)
	o.Spec.Selector = cloneMap(s.Selector)
	if s.ClusterIP.IsValid() {
		o.Spec.ClusterIP = s.ClusterIP.String()
	}
	return o
}

func ToEndpoints(e endpoints.Endpoints) *corev1.Endpoints {
	o := &corev1.Endpoints{ObjectMeta: metav1.ObjectMeta{Namespace: pod.NamespaceOrDefault(e.Namespace), Name: e.Name}}
	for _, s := range e.Subsets {
		var ss corev1.EndpointSubset
		for _, a := range s.Addresses {
			ss.Addresses = append(ss.Addresses, corev1.EndpointAddress{IP: a.IP.String()})
		}
		for _, a := range s.NotReadyAddresses {
			ss.NotReadyAddresses = append(ss.NotReadyAddresses, corev1.EndpointAddress{IP: a.IP.String()})
		}
		o.Subsets = append(o.Subsets, ss)
	}
	return o
}

func ToEndpointSlice(s endpoints.Slice) *discoveryv1.EndpointSlice {
	o := &discoveryv1.EndpointSlice{ObjectMeta: metav1.ObjectMeta{Namespace: pod.NamespaceOrDefault(s.Namespace), Name: s.Name,
		Labels: cloneMap(s.Labels)}, AddressType: discoveryv1.AddressType(s.AddressType)}
	if o.Labels == nil {
		o.Labels = map[string]string{}
	}
	o.Labels[discoveryv1.LabelServiceName] = s.Service
	for _, e := range s.Endpoints {
		ready := e.Conditions.Ready
		ep := discoveryv1.Endpoint{Conditions: discoveryv1.EndpointConditions{Ready: &ready}}
		for _, a := range e.Addresses {
			ep.Addresses = append(ep.Addresses, a.String())
		}
		o.Endpoints = append(o.Endpoints, ep)
	}
	return o
}

func ToNode(n sim.Node) *corev1.Node {
	return &corev1.Node{ObjectMeta: metav1.ObjectMeta{Name: n.Name, Labels: cloneMap(n.Labels)}}
}

func ToDeployment(d sim.Deployment) *appsv1.Deployment {
	r := int32(d.Replicas)
	o := &appsv1.Deployment{ObjectMeta: metav1.ObjectMeta{Namespace: pod.NamespaceOrDefault(d.Namespace), Name: d.Name}}
	o.Spec.Replicas = &r
	sel := d.Selector
	if len(sel) == 0 {
		sel = d.Labels
	}
	o.Spec.Selector = &metav1.LabelSelector{MatchLabels: cloneMap(sel)}
	o.Status.Replicas = int32(d.Status.Replicas)
	return o
}

func ToReplicaSet(r sim.ReplicaSet) *appsv1.ReplicaSet {
	n := int32(r.Replicas)
	o := &appsv1.ReplicaSet{ObjectMeta: metav1.ObjectMeta{Namespace: pod.NamespaceOrDefault(r.Namespace), Name: r.Name,
		Labels: cloneMap(r.Labels)}}
	o.Spec.Replicas = &n
	return o
}

func ToStatefulSet(s sim.StatefulSet) *appsv1.StatefulSet {
	n := int32(s.Replicas)
	o := &appsv1.StatefulSet{ObjectMeta: metav1.ObjectMeta{Namespace: pod.NamespaceOrDefault(s.Namespace), Name: s.Name}}
	o.Spec.Replicas = &n
	o.Spec.Selector = &metav1.LabelSelector{MatchLabels: cloneMap(s.Labels)}
	return o
}

func cloneMap[M ~map[string]string](m M) map[string]string {
	if m == nil {
		return nil
	}
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

var ErrUnsupported error
