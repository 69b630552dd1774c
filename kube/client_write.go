package kube

// The Clientset's writes: each goes through the cluster's own call, so it
// is validated and refused as the cluster refuses it, and changes the
// cluster only when it succeeds.

import (
	"errors"
	"reflect"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	autoscalingv1 "k8s.io/api/autoscaling/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/util/validation/field"
	k8stesting "k8s.io/client-go/testing"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
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
	switch a.GetVerb() + " " + a.GetSubresource() {
	case "delete ":
		d := a.(k8stesting.DeleteAction)
		return nil, cs.delete(k, ks, a.GetNamespace(), d.GetName(), d.GetDeleteOptions())
	case "create ":
		return cs.create(k, ks, a.GetNamespace(), a.(k8stesting.CreateAction).GetObject())
	case "update ":
		return cs.update(k, ks, a.GetNamespace(), a.(k8stesting.UpdateAction).GetObject())
	case "update scale":
		return cs.updateScale(k, ks, a.GetNamespace(), a.(k8stesting.UpdateAction).GetObject())
	}
	return nil, notSupported(k, a)
}

// target checks the namespace of a written object against the request's
// (apiserver pkg/endpoints/handlers/rest.go, checkName) and returns the
// object's key, its namespace defaulted to the request's.
func target(k *kindInfo, ns string, obj runtime.Object) (objKey, error) {
	m := metaOf(obj)
	if !k.namespaced {
		return objKey{"", m.Name}, nil
	}
	switch {
	case m.Namespace == "":
		m.Namespace = pod.NamespaceOrDefault(ns)
	case ns != "" && m.Namespace != ns:
		return objKey{}, apierrors.NewBadRequest("the namespace of the provided object does not match the namespace sent on the request")
	}
	return objKey{m.Namespace, m.Name}, nil
}

// created returns the object a write made or changed, as stored.
func (ks *kindState) created(key objKey) runtime.Object {
	return ks.objs[key].obj.DeepCopyObject()
}

// create creates a Service, Deployment, StatefulSet, Pod or Namespace.
func (cs *Clientset) create(k *kindInfo, ks *kindState, ns string, obj runtime.Object) (runtime.Object, error) {
	key, err := target(k, ns, obj)
	if err != nil {
		return nil, err
	}
	switch o := obj.(type) {
	case *corev1.Service:
		s, _, err := FromService(o)
		if err == nil {
			_, err = cs.c.CreateService(s)
		}
		if err != nil {
			return nil, apiError(k, key.name, err)
		}
	case *appsv1.Deployment:
		d, _, err := FromDeployment(o)
		if err == nil {
			err = cs.c.CreateDeployment(d)
		}
		if err != nil {
			return nil, apiError(k, key.name, err)
		}
	case *appsv1.StatefulSet:
		s, _, err := FromStatefulSet(o)
		if err == nil {
			err = cs.c.CreateStatefulSet(s)
		}
		if err != nil {
			return nil, apiError(k, key.name, err)
		}
	case *corev1.Pod:
		p, _, err := FromPod(o)
		if err == nil {
			_, err = cs.c.CreatePod(p)
		}
		if err != nil {
			return nil, apiError(k, key.name, err)
		}
	case *corev1.Namespace:
		n, _, err := FromNamespace(o)
		if err == nil {
			err = cs.c.CreateNamespace(n)
		}
		if err != nil {
			return nil, apiError(k, key.name, err)
		}
	default:
		return nil, apierrors.NewMethodNotSupported(k.gvr.GroupResource(), "create")
	}
	return ks.created(key), nil
}

// update updates a Service, Deployment or StatefulSet through the
// cluster's update rules, or a Pod's labels. A resourceVersion on the
// object must be the stored one (optimistic concurrency); none updates
// unconditionally.
func (cs *Clientset) update(k *kindInfo, ks *kindState, ns string, obj runtime.Object) (runtime.Object, error) {
	key, err := target(k, ns, obj)
	if err != nil {
		return nil, err
	}
	st, ok := ks.objs[key]
	if !ok {
		return nil, apierrors.NewNotFound(k.gvr.GroupResource(), key.name)
	}
	m := metaOf(obj)
	if err := precondition(k, st, key.name, m.ResourceVersion, string(m.UID), st.obj); err != nil {
		return nil, err
	}
	switch o := obj.(type) {
	case *corev1.Service:
		s, _, err := FromService(normalizeClusterIPs(o, st.obj.(*corev1.Service)))
		if err == nil {
			_, err = cs.c.UpdateService(s)
		}
		if err != nil {
			return nil, apiError(k, key.name, err)
		}
	case *appsv1.Deployment:
		d, _, err := FromDeployment(o)
		if err == nil {
			err = cs.c.UpdateDeployment(d)
		}
		if err != nil {
			return nil, apiError(k, key.name, err)
		}
	case *appsv1.StatefulSet:
		s, _, err := FromStatefulSet(o)
		if err == nil {
			err = cs.c.UpdateStatefulSet(s)
		}
		if err != nil {
			return nil, apiError(k, key.name, err)
		}
	case *corev1.Pod:
		if err := cs.updatePod(k, key, st.obj.(*corev1.Pod), o); err != nil {
			return nil, err
		}
	default:
		return nil, apierrors.NewMethodNotSupported(k.gvr.GroupResource(), "update")
	}
	return ks.created(key), nil
}

// updatePod changes a pod's labels, the one change of a pod svcsim
// models; any other change of what svcsim models is refused as the API
// server refuses most spec changes (kubernetes pkg/apis/core/validation,
// ValidatePodUpdate).
func (cs *Clientset) updatePod(k *kindInfo, key objKey, cur, next *corev1.Pod) error {
	want, _, err := FromPod(next)
	if err != nil {
		return apiError(k, key.name, err)
	}
	have, _, err := FromPod(cur.DeepCopy())
	if err != nil {
		return apierrors.NewInternalError(err)
	}
	labels := want.Labels
	want.Labels, have.Labels = nil, nil
	if !reflect.DeepEqual(want, have) {
		return apierrors.NewInvalid(schema.GroupKind{Kind: "Pod"}, key.name, field.ErrorList{field.Forbidden(field.NewPath("spec"),
			"pod updates may not change fields other than `metadata.labels` in svcsim")})
	}
	if err := cs.c.SetPodLabels(key.ns, key.name, selector.Set(labels)); err != nil {
		return apiError(k, key.name, err)
	}
	return nil
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
	if k.namespaced {
		ns = pod.NamespaceOrDefault(ns)
	} else {
		ns = ""
	}
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
		if err := precondition(k, st, name, rv, uid, st.obj); err != nil {
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
	case "namespaces":
		err = cs.c.DeleteNamespace(name)
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
	return scaleOf(st.obj), nil
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
	return scaleOf(ks.objs[objKey{ns, name}].obj), nil
}
