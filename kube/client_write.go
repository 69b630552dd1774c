package kube

// The Clientset's writes: each goes through the cluster's own call, so it
// is validated and refused as the cluster refuses it, and changes the
// cluster only when it succeeds.

import (
	"errors"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	autoscalingv1 "k8s.io/api/autoscaling/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	k8stesting "k8s.io/client-go/testing"

	"github.com/svcsim/svcsim/pod"
)

// errModified is the Conflict's message when a write names a
// resourceVersion that is not the object's (apiserver
// pkg/registry/generic/registry/store.go, OptimisticLockErrorMsg).
var errModified = errors.New("the object has been modified; please apply your changes to the latest version and try again")

// write serves create, update and delete.
func (cs *Clientset) write(k *kindInfo, a k8stesting.Action) (runtime.Object, error) {
	ks, err := cs.state(k)
	if err != nil {
		return nil, apiError(k, "", err)
	}
	switch a := a.(type) {
	case k8stesting.DeleteAction:
		if a.GetSubresource() != "" {
			break
		}
		return nil, cs.delete(k, ks, a.GetNamespace(), a.GetName(), a.GetDeleteOptions())
	case k8stesting.UpdateAction:
		if a.GetSubresource() == "scale" {
			return cs.updateScale(k, ks, a.GetNamespace(), a.GetObject())
		}
	}
	return nil, notSupported(k, a)
}

// precondition refuses a write that names a resourceVersion (or UID) the
// object no longer has: 409 Conflict.
func precondition(k *kindInfo, st stored, name, rv, uid string, current runtime.Object) error {
	if rv != "" && rv != formatRV(st.rv) {
		return apierrors.NewConflict(k.gvr.GroupResource(), name, errModified)
	}
	if uid != "" && current != nil && string(metaOf(current).UID) != uid {
		return apierrors.NewConflict(k.gvr.GroupResource(), name, errors.New("Precondition failed: UID in precondition: "+uid+", UID in object meta: "+string(metaOf(current).UID)))
	}
	return nil
}

// delete deletes one object: a pod gracefully (DeleteOptions'
// gracePeriodSeconds, else its own), a Service, Deployment or
// StatefulSet at once. The cluster's controllers own the other kinds.
func (cs *Clientset) delete(k *kindInfo, ks *kindState, ns, name string, opts metav1.DeleteOptions) error {
	ns = pod.NamespaceOrDefault(ns)
	st, ok := ks.objs[objKey{ns, name}]
	if !ok {
		return apierrors.NewNotFound(k.gvr.GroupResource(), name)
	}
	if p := opts.Preconditions; p != nil {
		var rv, uid string
		if p.ResourceVersion != nil {
			rv = *p.ResourceVersion
		}
		if p.UID != nil {
			uid = string(*p.UID)
		}
		if err := precondition(k, st, name, rv, uid, k.convert(st.v)); err != nil {
			return err
		}
	}
	var err error
	switch k.gvr.Resource {
	case "pods":
		if g := opts.GracePeriodSeconds; g != nil {
			err = cs.c.DeletePodGrace(ns, name, time.Duration(*g)*time.Second)
		} else {
			err = cs.c.DeletePod(ns, name)
		}
	case "services":
		err = cs.c.DeleteService(ns, name)
	case "deployments":
		err = cs.c.DeleteDeployment(ns, name)
	case "statefulsets":
		err = cs.c.DeleteStatefulSet(ns, name)
	default:
		return apierrors.NewMethodNotSupported(k.gvr.GroupResource(), "delete")
	}
	if err != nil {
		return apiError(k, name, err)
	}
	return nil
}

// getScale returns the scale subresource of a Deployment or StatefulSet.
func (cs *Clientset) getScale(k *kindInfo, ns, name string) (runtime.Object, error) {
	if k.gvr.Resource != "deployments" && k.gvr.Resource != "statefulsets" {
		return nil, apierrors.NewMethodNotSupported(k.gvr.GroupResource(), "get scale")
	}
	ks, err := cs.state(k)
	if err != nil {
		return nil, apiError(k, name, err)
	}
	st, ok := ks.objs[objKey{pod.NamespaceOrDefault(ns), name}]
	if !ok {
		return nil, apierrors.NewNotFound(k.gvr.GroupResource(), name)
	}
	return scaleOf(k.object(st.v, st.rv)), nil
}

// scaleOf is the autoscaling/v1 Scale of a Deployment or StatefulSet
// (kubernetes pkg/registry/apps/deployment/storage/storage.go,
// scaleFromDeployment).
func scaleOf(o runtime.Object) *autoscalingv1.Scale {
	var (
		replicas, current int32
		sel               *metav1.LabelSelector
	)
	switch o := o.(type) {
	case *appsv1.Deployment:
		replicas, current, sel = *o.Spec.Replicas, o.Status.Replicas, o.Spec.Selector
	case *appsv1.StatefulSet:
		replicas, current, sel = *o.Spec.Replicas, o.Status.Replicas, o.Spec.Selector
	}
	m := metaOf(o)
	s := &autoscalingv1.Scale{ObjectMeta: metav1.ObjectMeta{Name: m.Name, Namespace: m.Namespace, UID: m.UID,
		ResourceVersion: m.ResourceVersion, CreationTimestamp: m.CreationTimestamp}}
	s.Spec.Replicas = replicas
	s.Status.Replicas = current
	if ls, err := metav1.LabelSelectorAsSelector(sel); err == nil {
		s.Status.Selector = ls.String()
	}
	return s
}

// updateScale scales a Deployment or StatefulSet.
func (cs *Clientset) updateScale(k *kindInfo, ks *kindState, ns string, obj runtime.Object) (runtime.Object, error) {
	s, ok := obj.(*autoscalingv1.Scale)
	if !ok || (k.gvr.Resource != "deployments" && k.gvr.Resource != "statefulsets") {
		return nil, apierrors.NewMethodNotSupported(k.gvr.GroupResource(), "update scale")
	}
	ns = pod.NamespaceOrDefault(ns)
	name := s.Name
	st, ok := ks.objs[objKey{ns, name}]
	if !ok {
		return nil, apierrors.NewNotFound(k.gvr.GroupResource(), name)
	}
	if err := precondition(k, st, name, s.ResourceVersion, "", nil); err != nil {
		return nil, err
	}
	var err error
	if k.gvr.Resource == "deployments" {
		err = cs.c.Scale(ns, name, int(s.Spec.Replicas))
	} else {
		err = cs.c.ScaleStatefulSet(ns, name, int(s.Spec.Replicas))
	}
	if err != nil {
		return nil, apiError(k, name, err)
	}
	st = ks.objs[objKey{ns, name}]
	return scaleOf(k.object(st.v, st.rv)), nil
}
