package kube

// What the workload kinds share: pod templates, label selectors and
// status conditions.

import (
	"maps"
	"slices"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
	"github.com/svcsim/svcsim/sim"
)

// shorthandContainer is the container svcsim gives a workload or pod
// described by its ports alone: named "app", without an image.
const shorthandContainer = "app"

// template is a workload's pod template as svcsim keeps it.
type template struct {
	labels     selector.Set
	containers []pod.Container // empty: the shorthand, ports alone
	ports      []pod.ContainerPort
	readyAfter time.Duration
	grace      time.Duration
	crashLoop  bool
}

// toTemplate returns t as a PodTemplateSpec.
func toTemplate(t template) corev1.PodTemplateSpec {
	cs := t.containers
	if len(cs) == 0 {
		cs = []pod.Container{{Name: shorthandContainer, Ports: t.ports}}
	}
	out := corev1.PodTemplateSpec{
		ObjectMeta: metav1.ObjectMeta{Labels: cloneStrings(t.labels)},
		Spec: corev1.PodSpec{Containers: toContainers(cs, t.readyAfter), RestartPolicy: corev1.RestartPolicyAlways,
			TerminationGracePeriodSeconds: graceSeconds(t.grace), DNSPolicy: corev1.DNSClusterFirst,
			SchedulerName: corev1.DefaultSchedulerName, SecurityContext: &corev1.PodSecurityContext{}},
	}
	if t.crashLoop {
		out.Annotations = map[string]string{AnnotationCrashLoop: "true"}
	}
	return out
}

// readTemplate reads a PodTemplateSpec at spec.template: labels, the
// crash-loop annotation, the pod spec. Other template annotations are
// warned about and ignored.
func readTemplate(obj string, k *corev1.PodTemplateSpec) (template, []string, error) {
	spec, warnings, err := readPodSpec(obj, "spec.template.spec", &k.Spec)
	if err != nil {
		return template{}, nil, err
	}
	t := template{labels: selector.Set(cloneStrings(k.Labels)), readyAfter: spec.readyAfter, grace: spec.grace}
	for _, key := range slices.Sorted(maps.Keys(k.Annotations)) {
		if key == AnnotationCrashLoop {
			t.crashLoop = k.Annotations[key] == "true"
			continue
		}
		warnings = append(warnings, ignoredWarning(obj, "spec.template.metadata.annotations["+key+"]"))
	}
	if len(spec.containers) == 1 && spec.containers[0].Name == shorthandContainer && spec.containers[0].Image == "" {
		t.ports = spec.containers[0].Ports
	} else {
		t.containers = spec.containers
	}
	return t, warnings, nil
}

// toSelector returns a matchLabels selector.
func toSelector(s selector.Set) *metav1.LabelSelector {
	return &metav1.LabelSelector{MatchLabels: cloneStrings(s)}
}

// readSelector reads spec.selector: svcsim's workloads select by labels.
func readSelector(obj string, s *metav1.LabelSelector) (selector.Set, error) {
	if s == nil {
		return nil, nil
	}
	if len(s.MatchExpressions) > 0 {
		return nil, unsupported(obj, "spec.selector.matchExpressions", "svcsim's workloads select by matchLabels")
	}
	return selector.Set(maps.Clone(s.MatchLabels)), nil
}

// conditionStatus returns a condition's status.
func conditionStatus(s string) corev1.ConditionStatus { return corev1.ConditionStatus(s) }

// fromCondition builds a sim.Condition.
func fromCondition(typ string, status corev1.ConditionStatus, reason, msg string, update, transition metav1.Time) sim.Condition {
	return sim.Condition{Type: typ, Status: string(status), Reason: reason, Message: msg,
		LastUpdateTime: update.Time, LastTransitionTime: transition.Time}
}
