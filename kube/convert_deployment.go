package kube

// Deployments both ways: sim.Deployment and apps/v1 Deployment.

import (
	"strconv"

	appsv1 "k8s.io/api/apps/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/util/intstr"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/sim"
)

// The apps/v1 defaults svcsim's controllers follow (kubernetes
// pkg/apis/apps/v1/defaults.go).
const (
	defaultRevisionHistoryLimit    = 10
	defaultProgressDeadlineSeconds = 600
)

// ToDeployment returns d as the apps/v1 Deployment `kubectl get -o yaml`
// shows: its deployment.kubernetes.io/revision annotation, replicas, selector, the pod template (a readiness probe for
// ReadyAfter, the grace period, the crash-loop annotation), the strategy,
// apps/v1's revisionHistoryLimit and progressDeadlineSeconds, and the
// status with its conditions. metadata.generation is the status's
// observedGeneration. The UID is derived (DerivedUID); resourceVersion is
// left to the caller.
func ToDeployment(d sim.Deployment) *appsv1.Deployment {
	ns := pod.NamespaceOrDefault(d.Namespace)
	sel := d.Selector
	if len(sel) == 0 {
		sel = d.Labels
	}
	out := &appsv1.Deployment{
		TypeMeta: metav1.TypeMeta{APIVersion: "apps/v1", Kind: "Deployment"},
		ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: d.Name,
			UID:               types.UID(DerivedUID("Deployment", ns, d.Name, d.CreationTimestamp)),
			CreationTimestamp: metaTime(d.CreationTimestamp), Generation: d.Status.ObservedGeneration},
		Spec: appsv1.DeploymentSpec{
			Replicas: ptr(int32(d.Replicas)),
			Selector: toSelector(sel),
			Template: toTemplate(template{labels: d.Labels, containers: d.Containers, ports: d.Ports,
				readyAfter: d.ReadyAfter, grace: d.TerminationGracePeriod, crashLoop: d.CrashLoop}),
			Strategy:                appsv1.DeploymentStrategy{Type: appsv1.DeploymentStrategyType(d.Strategy)},
			RevisionHistoryLimit:    ptr(int32(defaultRevisionHistoryLimit)),
			ProgressDeadlineSeconds: ptr(int32(defaultProgressDeadlineSeconds)),
		},
		Status: appsv1.DeploymentStatus{ObservedGeneration: d.Status.ObservedGeneration, Replicas: d.Status.Replicas,
			UpdatedReplicas: d.Status.UpdatedReplicas, ReadyReplicas: d.Status.ReadyReplicas,
			AvailableReplicas: d.Status.AvailableReplicas, UnavailableReplicas: d.Status.UnavailableReplicas},
	}
	if d.Revision > 0 {
		out.Annotations = map[string]string{sim.AnnotationRevision: strconv.FormatInt(d.Revision, 10)}
	}
	if d.Strategy == sim.RollingUpdate || d.Strategy == "" {
		out.Spec.Strategy.Type = appsv1.RollingUpdateDeploymentStrategyType
		out.Spec.Strategy.RollingUpdate = &appsv1.RollingUpdateDeployment{
			MaxSurge:       ptr(intstr.Parse(orDefault(d.MaxSurge, "25%"))),
			MaxUnavailable: ptr(intstr.Parse(orDefault(d.MaxUnavailable, "25%")))}
	}
	for _, c := range d.Status.Conditions {
		out.Status.Conditions = append(out.Status.Conditions, appsv1.DeploymentCondition{
			Type: appsv1.DeploymentConditionType(c.Type), Status: conditionStatus(c.Status), Reason: c.Reason,
			Message: c.Message, LastUpdateTime: metaTime(c.LastUpdateTime), LastTransitionTime: metaTime(c.LastTransitionTime)})
	}
	return out
}

// orDefault returns s, or def for "".
func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// FromDeployment returns the sim.Deployment k describes, with the
// warnings for what svcsim ignores. A nil spec.replicas is apps/v1's
// default, 1. A selector equal to the template labels is kept as
// Selector. Errors name the field (wrapping ErrUnsupported): a
// matchExpressions selector, minReadySeconds, a progressDeadlineSeconds
// other than 600, paused, and every pod template field readPodSpec
// refuses; a revisionHistoryLimit other than 10 is a warning (svcsim
// keeps 10 old ReplicaSets). The status and the revision annotation are
// read back as ToDeployment writes them.
func FromDeployment(k *appsv1.Deployment) (sim.Deployment, []string, error) {
	obj := objectName("deployment", k.Namespace, k.Name)
	warnings, err := readMeta(obj, &k.ObjectMeta, false)
	if err != nil {
		return sim.Deployment{}, nil, err
	}
	sp := &k.Spec
	switch {
	case sp.MinReadySeconds != 0:
		return sim.Deployment{}, nil, unsupported(obj, "spec.minReadySeconds", "svcsim's pods are available once Ready")
	case sp.ProgressDeadlineSeconds != nil && *sp.ProgressDeadlineSeconds != defaultProgressDeadlineSeconds:
		return sim.Deployment{}, nil, unsupported(obj, "spec.progressDeadlineSeconds", "svcsim's progress deadline is 600 s")
	case sp.Paused:
		return sim.Deployment{}, nil, unsupported(obj, "spec.paused", "svcsim's Deployments are never paused")
	}
	if sp.RevisionHistoryLimit != nil && *sp.RevisionHistoryLimit != defaultRevisionHistoryLimit {
		warnings = append(warnings, ignoredWarning(obj, "spec.revisionHistoryLimit"))
	}
	sel, err := readSelector(obj, sp.Selector)
	if err != nil {
		return sim.Deployment{}, nil, err
	}
	t, ws, err := readTemplate(obj, &sp.Template)
	if err != nil {
		return sim.Deployment{}, nil, err
	}
	warnings = append(warnings, ws...)
	d := sim.Deployment{Namespace: k.Namespace, Name: k.Name, Replicas: 1, Labels: t.labels, Selector: sel,
		Containers: t.containers, Ports: t.ports, ReadyAfter: t.readyAfter, TerminationGracePeriod: t.grace,
		CrashLoop: t.crashLoop, Strategy: sim.Strategy(sp.Strategy.Type), CreationTimestamp: k.CreationTimestamp.Time}
	if sp.Replicas != nil {
		d.Replicas = int(*sp.Replicas)
	}
	if ru := sp.Strategy.RollingUpdate; ru != nil {
		if ru.MaxSurge != nil {
			d.MaxSurge = ru.MaxSurge.String()
		}
		if ru.MaxUnavailable != nil {
			d.MaxUnavailable = ru.MaxUnavailable.String()
		}
	}
	d.Revision, _ = strconv.ParseInt(k.Annotations[sim.AnnotationRevision], 10, 64) // the cluster's: absent is 0
	st := &k.Status
	d.Status = sim.DeploymentStatus{ObservedGeneration: st.ObservedGeneration, Replicas: st.Replicas,
		UpdatedReplicas: st.UpdatedReplicas, ReadyReplicas: st.ReadyReplicas, AvailableReplicas: st.AvailableReplicas,
		UnavailableReplicas: st.UnavailableReplicas}
	for _, c := range st.Conditions {
		d.Status.Conditions = append(d.Status.Conditions, fromCondition(string(c.Type), c.Status, c.Reason, c.Message,
			c.LastUpdateTime, c.LastTransitionTime))
	}
	return d, warnings, nil
}
