package kube

// StatefulSets both ways: sim.StatefulSet and apps/v1 StatefulSet.

import (
	"maps"

	appsv1 "k8s.io/api/apps/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/sim"
)

// ToStatefulSet returns s as the apps/v1 StatefulSet `kubectl get -o
// yaml` shows: replicas, serviceName, a matchLabels selector equal to the
// template labels, the template, podManagementPolicy, updateStrategy
// (with its partition), apps/v1's revisionHistoryLimit and
// persistentVolumeClaimRetentionPolicy defaults, and the status with its
// revisions. The UID is derived (DerivedUID); resourceVersion is left to
// the caller.
func ToStatefulSet(s sim.StatefulSet) *appsv1.StatefulSet {
	ns := pod.NamespaceOrDefault(s.Namespace)
	out := &appsv1.StatefulSet{
		TypeMeta: metav1.TypeMeta{APIVersion: "apps/v1", Kind: "StatefulSet"},
		ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: s.Name,
			UID:               types.UID(DerivedUID("StatefulSet", ns, s.Name, s.CreationTimestamp)),
			CreationTimestamp: metaTime(s.CreationTimestamp)},
		Spec: appsv1.StatefulSetSpec{
			Replicas:    ptr(int32(s.Replicas)),
			ServiceName: s.ServiceName,
			Selector:    toSelector(s.Labels),
			Template: toTemplate(template{labels: s.Labels, containers: s.Containers, readyAfter: s.ReadyAfter,
				grace: s.TerminationGracePeriod}),
			PodManagementPolicy:  appsv1.PodManagementPolicyType(s.PodManagementPolicy),
			UpdateStrategy:       appsv1.StatefulSetUpdateStrategy{Type: appsv1.StatefulSetUpdateStrategyType(s.UpdateStrategy)},
			RevisionHistoryLimit: ptr(int32(defaultRevisionHistoryLimit)),
			PersistentVolumeClaimRetentionPolicy: &appsv1.StatefulSetPersistentVolumeClaimRetentionPolicy{
				WhenDeleted: appsv1.RetainPersistentVolumeClaimRetentionPolicyType,
				WhenScaled:  appsv1.RetainPersistentVolumeClaimRetentionPolicyType},
		},
		Status: appsv1.StatefulSetStatus{Replicas: int32(s.Status.Replicas), ReadyReplicas: int32(s.Status.ReadyReplicas),
			AvailableReplicas: int32(s.Status.AvailableReplicas), CurrentReplicas: int32(s.Status.CurrentReplicas),
			UpdatedReplicas: int32(s.Status.UpdatedReplicas), CurrentRevision: s.Status.CurrentRevision,
			UpdateRevision: s.Status.UpdateRevision},
	}
	if s.UpdateStrategy == sim.RollingUpdate {
		out.Spec.UpdateStrategy.RollingUpdate = &appsv1.RollingUpdateStatefulSetStrategy{Partition: ptr(int32(s.Partition))}
	}
	return out
}

// FromStatefulSet returns the sim.StatefulSet k describes, with the
// warnings for what svcsim ignores. A nil spec.replicas is apps/v1's
// default, 1. Errors name the field (wrapping ErrUnsupported): a selector
// other than the template labels, volumeClaimTemplates (svcsim models no
// storage), minReadySeconds, ordinals, rollingUpdate.maxUnavailable, and
// every pod template field readPodSpec refuses. The status is read back
// as ToStatefulSet writes it.
func FromStatefulSet(k *appsv1.StatefulSet) (sim.StatefulSet, []string, error) {
	obj := objectName("statefulset", k.Namespace, k.Name)
	warnings, err := readMeta(obj, &k.ObjectMeta, false)
	if err != nil {
		return sim.StatefulSet{}, nil, err
	}
	sp := &k.Spec
	switch {
	case len(sp.VolumeClaimTemplates) > 0:
		return sim.StatefulSet{}, nil, unsupported(obj, "spec.volumeClaimTemplates", "svcsim models no storage")
	case sp.MinReadySeconds != 0:
		return sim.StatefulSet{}, nil, unsupported(obj, "spec.minReadySeconds", "svcsim's pods are available once Ready")
	case sp.Ordinals != nil && sp.Ordinals.Start != 0:
		return sim.StatefulSet{}, nil, unsupported(obj, "spec.ordinals", "svcsim's StatefulSet pods count from 0")
	case sp.UpdateStrategy.RollingUpdate != nil && sp.UpdateStrategy.RollingUpdate.MaxUnavailable != nil:
		return sim.StatefulSet{}, nil, unsupported(obj, "spec.updateStrategy.rollingUpdate.maxUnavailable",
			"svcsim updates one pod at a time")
	}
	if sp.RevisionHistoryLimit != nil && *sp.RevisionHistoryLimit != defaultRevisionHistoryLimit {
		warnings = append(warnings, ignoredWarning(obj, "spec.revisionHistoryLimit"))
	}
	if p := sp.PersistentVolumeClaimRetentionPolicy; p != nil &&
		(p.WhenDeleted != appsv1.RetainPersistentVolumeClaimRetentionPolicyType || p.WhenScaled != appsv1.RetainPersistentVolumeClaimRetentionPolicyType) {
		warnings = append(warnings, ignoredWarning(obj, "spec.persistentVolumeClaimRetentionPolicy"))
	}
	sel, err := readSelector(obj, sp.Selector)
	if err != nil {
		return sim.StatefulSet{}, nil, err
	}
	t, ws, err := readTemplate(obj, &sp.Template)
	if err != nil {
		return sim.StatefulSet{}, nil, err
	}
	warnings = append(warnings, ws...)
	if sel != nil && !maps.Equal(sel, t.labels) {
		return sim.StatefulSet{}, nil, unsupported(obj, "spec.selector", "svcsim's StatefulSets select their template labels")
	}
	if t.crashLoop {
		return sim.StatefulSet{}, nil, unsupported(obj, "spec.template.metadata.annotations["+AnnotationCrashLoop+"]",
			"svcsim's StatefulSets have no crash loop")
	}
	s := sim.StatefulSet{Namespace: k.Namespace, Name: k.Name, Replicas: 1, ServiceName: sp.ServiceName, Labels: t.labels,
		Containers: t.containers, PodManagementPolicy: sim.PodManagementPolicy(sp.PodManagementPolicy),
		UpdateStrategy: sim.Strategy(sp.UpdateStrategy.Type), ReadyAfter: t.readyAfter, TerminationGracePeriod: t.grace,
		CreationTimestamp: k.CreationTimestamp.Time}
	if len(t.containers) == 0 {
		s.Containers = []pod.Container{{Name: shorthandContainer, Ports: t.ports}}
	}
	if sp.Replicas != nil {
		s.Replicas = int(*sp.Replicas)
	}
	if ru := sp.UpdateStrategy.RollingUpdate; ru != nil && ru.Partition != nil {
		s.Partition = int(*ru.Partition)
	}
	st := &k.Status
	s.Status = sim.StatefulSetStatus{Replicas: int(st.Replicas), ReadyReplicas: int(st.ReadyReplicas),
		AvailableReplicas: int(st.AvailableReplicas), CurrentReplicas: int(st.CurrentReplicas),
		UpdatedReplicas: int(st.UpdatedReplicas), CurrentRevision: st.CurrentRevision, UpdateRevision: st.UpdateRevision}
	return s, warnings, nil
}
