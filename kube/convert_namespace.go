package kube

// Namespaces both ways: sim.Namespace and core/v1 Namespace.

import (
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"

	"github.com/svcsim/svcsim/selector"
	"github.com/svcsim/svcsim/sim"
)

// ToNamespace returns n as the core/v1 Namespace `kubectl get -o yaml`
// shows: its labels (kubernetes.io/metadata.name among them), the
// kubernetes finalizer in spec.finalizers and status.phase. The UID is
// derived (DerivedUID); resourceVersion is left to the caller.
func ToNamespace(n sim.Namespace) *corev1.Namespace {
	out := &corev1.Namespace{
		TypeMeta: metav1.TypeMeta{APIVersion: "v1", Kind: "Namespace"},
		ObjectMeta: metav1.ObjectMeta{Name: n.Name, UID: types.UID(DerivedUID("Namespace", "", n.Name, n.CreationTimestamp)),
			CreationTimestamp: metaTime(n.CreationTimestamp), Labels: cloneStrings(n.Labels)},
		Spec:   corev1.NamespaceSpec{Finalizers: []corev1.FinalizerName{corev1.FinalizerKubernetes}},
		Status: corev1.NamespaceStatus{Phase: corev1.NamespacePhase(n.Phase)},
	}
	return out
}

// FromNamespace returns the sim.Namespace k describes, with the warnings
// for what svcsim ignores. spec.finalizers other than kubernetes are an
// error wrapping ErrUnsupported (svcsim's namespace controller is the
// only finalizer); the phase is read back as ToNamespace writes it
// (Active when empty).
func FromNamespace(k *corev1.Namespace) (sim.Namespace, []string, error) {
	obj := "namespace " + k.Name
	warnings, err := readMeta(obj, &k.ObjectMeta, false)
	if err != nil {
		return sim.Namespace{}, nil, err
	}
	for _, f := range k.Spec.Finalizers {
		if f != corev1.FinalizerKubernetes {
			return sim.Namespace{}, nil, unsupported(obj, "spec.finalizers", "svcsim's namespaces have the kubernetes finalizer only")
		}
	}
	n := sim.Namespace{Name: k.Name, Labels: selector.Set(cloneStrings(k.Labels)), Phase: sim.NamespacePhase(k.Status.Phase),
		CreationTimestamp: k.CreationTimestamp.Time}
	if n.Phase == "" {
		n.Phase = sim.NamespaceActive
	}
	return n, warnings, nil
}
