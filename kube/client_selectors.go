package kube

// client-go's fake typed clients parse a list's or watch's selectors
// before the Clientset sees the call, and panic on one that does not
// parse; the served resources' clients check them first and return the
// API server's error (400 BadRequest) instead.

import (
	"context"
	"fmt"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	discoveryv1 "k8s.io/api/discovery/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/watch"
	appsclient "k8s.io/client-go/kubernetes/typed/apps/v1"
	coreclient "k8s.io/client-go/kubernetes/typed/core/v1"
	discoveryclient "k8s.io/client-go/kubernetes/typed/discovery/v1"
)

// checkSelectors returns the API server's error for a selector that does
// not parse.
func checkSelectors(opts metav1.ListOptions) error {
	if _, err := labels.Parse(opts.LabelSelector); err != nil {
		return apierrors.NewBadRequest(fmt.Sprintf("unable to parse requested label selector: %v", err))
	}
	if _, err := fields.ParseSelector(opts.FieldSelector); err != nil {
		return apierrors.NewBadRequest(fmt.Sprintf("unable to parse requested field selector: %v", err))
	}
	return nil
}

// listed runs a list after checking its selectors.
func listed[L any](opts metav1.ListOptions, list func() (L, error)) (L, error) {
	if err := checkSelectors(opts); err != nil {
		var none L
		return none, err
	}
	return list()
}

// CoreV1 implements kubernetes.Interface.
func (cs *Clientset) CoreV1() coreclient.CoreV1Interface { return coreV1{cs.k8sInterface.CoreV1()} }

// AppsV1 implements kubernetes.Interface.
func (cs *Clientset) AppsV1() appsclient.AppsV1Interface { return appsV1{cs.k8sInterface.AppsV1()} }

// DiscoveryV1 implements kubernetes.Interface.
func (cs *Clientset) DiscoveryV1() discoveryclient.DiscoveryV1Interface {
	return discoveryV1{cs.k8sInterface.DiscoveryV1()}
}

type coreV1 struct{ coreclient.CoreV1Interface }

func (c coreV1) Pods(ns string) coreclient.PodInterface { return pods{c.CoreV1Interface.Pods(ns)} }
func (c coreV1) Services(ns string) coreclient.ServiceInterface {
	return services{c.CoreV1Interface.Services(ns)}
}
func (c coreV1) Endpoints(ns string) coreclient.EndpointsInterface {
	return endpointsClient{c.CoreV1Interface.Endpoints(ns)}
}
func (c coreV1) Nodes() coreclient.NodeInterface { return nodes{c.CoreV1Interface.Nodes()} }
func (c coreV1) Namespaces() coreclient.NamespaceInterface {
	return namespaces{c.CoreV1Interface.Namespaces()}
}

type appsV1 struct{ appsclient.AppsV1Interface }

func (c appsV1) Deployments(ns string) appsclient.DeploymentInterface {
	return deployments{c.AppsV1Interface.Deployments(ns)}
}
func (c appsV1) ReplicaSets(ns string) appsclient.ReplicaSetInterface {
	return replicaSets{c.AppsV1Interface.ReplicaSets(ns)}
}
func (c appsV1) StatefulSets(ns string) appsclient.StatefulSetInterface {
	return statefulSets{c.AppsV1Interface.StatefulSets(ns)}
}

type discoveryV1 struct {
	discoveryclient.DiscoveryV1Interface
}

func (c discoveryV1) EndpointSlices(ns string) discoveryclient.EndpointSliceInterface {
	return endpointSlices{c.DiscoveryV1Interface.EndpointSlices(ns)}
}

type pods struct{ coreclient.PodInterface }

func (c pods) List(ctx context.Context, o metav1.ListOptions) (*corev1.PodList, error) {
	return listed(o, func() (*corev1.PodList, error) { return c.PodInterface.List(ctx, o) })
}
func (c pods) Watch(ctx context.Context, o metav1.ListOptions) (watch.Interface, error) {
	return listed(o, func() (watch.Interface, error) { return c.PodInterface.Watch(ctx, o) })
}

type services struct{ coreclient.ServiceInterface }

func (c services) List(ctx context.Context, o metav1.ListOptions) (*corev1.ServiceList, error) {
	return listed(o, func() (*corev1.ServiceList, error) { return c.ServiceInterface.List(ctx, o) })
}
func (c services) Watch(ctx context.Context, o metav1.ListOptions) (watch.Interface, error) {
	return listed(o, func() (watch.Interface, error) { return c.ServiceInterface.Watch(ctx, o) })
}

type endpointsClient struct{ coreclient.EndpointsInterface }

func (c endpointsClient) List(ctx context.Context, o metav1.ListOptions) (*corev1.EndpointsList, error) {
	return listed(o, func() (*corev1.EndpointsList, error) { return c.EndpointsInterface.List(ctx, o) })
}
func (c endpointsClient) Watch(ctx context.Context, o metav1.ListOptions) (watch.Interface, error) {
	return listed(o, func() (watch.Interface, error) { return c.EndpointsInterface.Watch(ctx, o) })
}

type nodes struct{ coreclient.NodeInterface }

func (c nodes) List(ctx context.Context, o metav1.ListOptions) (*corev1.NodeList, error) {
	return listed(o, func() (*corev1.NodeList, error) { return c.NodeInterface.List(ctx, o) })
}
func (c nodes) Watch(ctx context.Context, o metav1.ListOptions) (watch.Interface, error) {
	return listed(o, func() (watch.Interface, error) { return c.NodeInterface.Watch(ctx, o) })
}

type namespaces struct{ coreclient.NamespaceInterface }

func (c namespaces) List(ctx context.Context, o metav1.ListOptions) (*corev1.NamespaceList, error) {
	return listed(o, func() (*corev1.NamespaceList, error) { return c.NamespaceInterface.List(ctx, o) })
}
func (c namespaces) Watch(ctx context.Context, o metav1.ListOptions) (watch.Interface, error) {
	return listed(o, func() (watch.Interface, error) { return c.NamespaceInterface.Watch(ctx, o) })
}

type deployments struct{ appsclient.DeploymentInterface }

func (c deployments) List(ctx context.Context, o metav1.ListOptions) (*appsv1.DeploymentList, error) {
	return listed(o, func() (*appsv1.DeploymentList, error) { return c.DeploymentInterface.List(ctx, o) })
}
func (c deployments) Watch(ctx context.Context, o metav1.ListOptions) (watch.Interface, error) {
	return listed(o, func() (watch.Interface, error) { return c.DeploymentInterface.Watch(ctx, o) })
}

type replicaSets struct{ appsclient.ReplicaSetInterface }

func (c replicaSets) List(ctx context.Context, o metav1.ListOptions) (*appsv1.ReplicaSetList, error) {
	return listed(o, func() (*appsv1.ReplicaSetList, error) { return c.ReplicaSetInterface.List(ctx, o) })
}
func (c replicaSets) Watch(ctx context.Context, o metav1.ListOptions) (watch.Interface, error) {
	return listed(o, func() (watch.Interface, error) { return c.ReplicaSetInterface.Watch(ctx, o) })
}

type statefulSets struct {
	appsclient.StatefulSetInterface
}

func (c statefulSets) List(ctx context.Context, o metav1.ListOptions) (*appsv1.StatefulSetList, error) {
	return listed(o, func() (*appsv1.StatefulSetList, error) { return c.StatefulSetInterface.List(ctx, o) })
}
func (c statefulSets) Watch(ctx context.Context, o metav1.ListOptions) (watch.Interface, error) {
	return listed(o, func() (watch.Interface, error) { return c.StatefulSetInterface.Watch(ctx, o) })
}

type endpointSlices struct {
	discoveryclient.EndpointSliceInterface
}

func (c endpointSlices) List(ctx context.Context, o metav1.ListOptions) (*discoveryv1.EndpointSliceList, error) {
	return listed(o, func() (*discoveryv1.EndpointSliceList, error) { return c.EndpointSliceInterface.List(ctx, o) })
}
func (c endpointSlices) Watch(ctx context.Context, o metav1.ListOptions) (watch.Interface, error) {
	return listed(o, func() (watch.Interface, error) { return c.EndpointSliceInterface.Watch(ctx, o) })
}
