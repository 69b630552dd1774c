package kube

// ReplicaSets both ways: sim.ReplicaSet and apps/v1 ReplicaSet.

import (
	appsv1 "k8s.io/api/apps/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/sim"
)

// LabelPodTemplateHash is the label the Deployment controller puts on its
// ReplicaSets, their selectors and their pods (apps/v1
// DefaultDeploymentUniqueLabelKey).
const LabelPodTemplateHash = appsv1.DefaultDeploymentUniqueLabelKey

// ToReplicaSet returns r, a ReplicaSet of cluster c, as apps/v1
// ReplicaSet: its labels (the template's, pod-template-hash included),
// the deployment controller's desired-replicas and max-replicas
// annotations,
// the ownerReference to its Deployment, replicas, selector, template and
// status. The UIDs are derived (DerivedUID); resourceVersion is left to
// the caller.
func ToReplicaSet(c *sim.Cluster, r sim.ReplicaSet) *appsv1.ReplicaSet {
	ns := pod.NamespaceOrDefault(r.Namespace)
	out := &appsv1.ReplicaSet{
		TypeMeta: metav1.TypeMeta{APIVersion: "apps/v1", Kind: "ReplicaSet"},
		ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: r.Name,
			UID:               types.UID(DerivedUID("ReplicaSet", ns, r.Name, r.CreationTimestamp)),
			CreationTimestamp: metaTime(r.CreationTimestamp), Labels: cloneStrings(r.Labels),
			Annotations: cloneStrings(r.Annotations)},
		Spec: appsv1.ReplicaSetSpec{
			Replicas: ptr(int32(r.Replicas)),
			Selector: toSelector(r.Selector),
			Template: toTemplate(template{labels: r.Labels, containers: r.Containers, readyAfter: r.ReadyAfter,
				grace: r.TerminationGracePeriod, crashLoop: r.CrashLoop}),
		},
		Status: appsv1.ReplicaSetStatus{Replicas: r.Status.Replicas, FullyLabeledReplicas: r.Status.Replicas,
			ReadyReplicas: r.Status.ReadyReplicas, AvailableReplicas: r.Status.AvailableReplicas},
	}
	if d, ok := c.Deployment(ns, r.Owner); ok {
		out.OwnerReferences = []metav1.OwnerReference{controllerRef("apps/v1", "Deployment", d.Name,
			DerivedUID("Deployment", ns, d.Name, d.CreationTimestamp))}
	}
	for _, cd := range r.Status.Conditions {
		out.Status.Conditions = append(out.Status.Conditions, appsv1.ReplicaSetCondition{
			Type: appsv1.ReplicaSetConditionType(cd.Type), Status: conditionStatus(cd.Status), Reason: cd.Reason,
			Message: cd.Message, LastTransitionTime: metaTime(cd.LastTransitionTime)})
	}
	return out
}

// FromReplicaSet returns the sim.ReplicaSet k describes: Owner is the
// name of its controller Deployment, PodTemplateHash its
// pod-template-hash label; the template is read as a Deployment's
// (readPodSpec's errors and warnings). svcsim's ReplicaSets are made by
// Deployments: this reads them back, it does not make one. Current, a
// fact about the Deployment, is not in the object and stays false.
func FromReplicaSet(k *appsv1.ReplicaSet) (sim.ReplicaSet, []string, error) {
	obj := objectName("replicaset", k.Namespace, k.Name)
	warnings, err := readMeta(obj, &k.ObjectMeta, true)
	if err != nil {
		return sim.ReplicaSet{}, nil, err
	}
	if k.Spec.MinReadySeconds != 0 {
		return sim.ReplicaSet{}, nil, unsupported(obj, "spec.minReadySeconds", "svcsim's pods are available once Ready")
	}
	sel, err := readSelector(obj, k.Spec.Selector)
	if err != nil {
		return sim.ReplicaSet{}, nil, err
	}
	t, ws, err := readTemplate(obj, &k.Spec.Template)
	if err != nil {
		return sim.ReplicaSet{}, nil, err
	}
	warnings = append(warnings, ws...)
	r := sim.ReplicaSet{Namespace: k.Namespace, Name: k.Name, Labels: t.labels, Selector: sel,
		Containers: t.containers, ReadyAfter: t.readyAfter, TerminationGracePeriod: t.grace, CrashLoop: t.crashLoop,
		PodTemplateHash: k.Labels[LabelPodTemplateHash], Annotations: cloneStrings(k.Annotations),
		CreationTimestamp: k.CreationTimestamp.Time}
	if len(t.containers) == 0 {
		r.Containers = []pod.Container{{Name: shorthandContainer, Ports: t.ports}}
	}
	if k.Spec.Replicas != nil {
		r.Replicas = int(*k.Spec.Replicas)
	} else {
		r.Replicas = 1
	}
	if ref := metav1.GetControllerOf(k); ref != nil && ref.Kind == "Deployment" {
		r.Owner = ref.Name
	}
	st := &k.Status
	r.Status = sim.ReplicaSetStatus{Replicas: st.Replicas, ReadyReplicas: st.ReadyReplicas, AvailableReplicas: st.AvailableReplicas}
	for _, c := range st.Conditions {
		r.Status.Conditions = append(r.Status.Conditions, fromCondition(string(c.Type), c.Status, c.Reason, c.Message,
			metav1.Time{}, c.LastTransitionTime))
	}
	return r, warnings, nil
}
