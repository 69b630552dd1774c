package kube

// Applying a bare Pod: created; an existing pod only takes new labels, as
// the API server refuses any other change of a pod's spec that svcsim
// models (kubernetes pkg/apis/core/validation/validation.go,
// ValidatePodUpdate).

import (
	"cmp"
	"maps"
	"slices"
	"strconv"

	corev1 "k8s.io/api/core/v1"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/sim"
)

func (p *plan) addPod(ch *change, prev *change, o *corev1.Pod, last map[string]any) ([]string, error) {
	np, warnings, err := FromPod(o)
	if err != nil {
		return warnings, err
	}
	np.Namespace = ch.key.ns
	var live *pod.Pod
	switch {
	case prev != nil:
		l := prev.obj.(pod.Pod)
		live, ch.exists = &l, prev.exists
	default:
		if l, ok := p.c.Pod(ch.key.ns, ch.key.name); ok {
			live, ch.exists = &l, true
		} else {
			last = nil
		}
	}
	if live == nil {
		ch.obj = np
		ch.dryRun = func(c *sim.Cluster) error { return c.DryRunCreatePod(np) }
		ch.do = func(c *sim.Cluster) error { _, err := c.CreatePod(np); return err }
		return warnings, nil
	}
	r := fieldRule{manifest: ch.fields, last: last}
	obj := "pod " + ch.key.ns + "/" + ch.key.name
	if r.set("spec.containers") && len(np.Containers) == len(live.Containers) {
		// An image may change upstream (the kubelet restarts the
		// container); svcsim has no call for it.
		for i, c := range np.Containers {
			if l := live.Containers[i]; c.Image != l.Image && equalContainer(withImage(c, l.Image), l) {
				return warnings, unsupported(obj, "spec.containers["+strconv.Itoa(i)+"].image",
					"svcsim cannot change the image of a bare pod's container")
			}
		}
	}
	if r.set("spec.nodeName") && np.NodeName != live.NodeName ||
		r.set("spec.containers") && !slices.EqualFunc(np.Containers, live.Containers, equalContainer) ||
		r.set("spec.hostname") && np.Hostname != live.Hostname ||
		r.set("spec.subdomain") && np.Subdomain != live.Subdomain {
		return warnings, &pod.FieldError{Object: obj, Field: "spec", Type: pod.ErrorTypeForbidden,
			Detail: "pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`," +
				"`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations)," +
				"`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)"}
	}
	out := *live
	out.Labels = r.mergeMap("metadata.labels", live.Labels, np.Labels)
	ch.obj = out
	ch.dryRun = func(*sim.Cluster) error {
		if err := out.Labels.Validate(); err != nil {
			return &pod.FieldError{Object: "pod " + ch.key.ns + "/" + ch.key.name, Field: "metadata.labels",
				Type: pod.ErrorTypeInvalid, Value: out.Labels.String(), Detail: err.Error()}
		}
		return nil
	}
	ch.do = func(c *sim.Cluster) error {
		if maps.Equal(out.Labels, live.Labels) {
			return nil
		}
		return c.SetPodLabels(out.Namespace, out.Name, out.Labels)
	}
	return warnings, nil
}

func withImage(c pod.Container, image string) pod.Container {
	c.Image = image
	return c
}

// equalContainer compares containers as the API server stores them (a
// port's protocol defaults to TCP).
func equalContainer(a, b pod.Container) bool {
	return a.Name == b.Name && a.Image == b.Image && slices.EqualFunc(a.Ports, b.Ports, func(x, y pod.ContainerPort) bool {
		x.Protocol, y.Protocol = cmp.Or(x.Protocol, pod.TCP), cmp.Or(y.Protocol, pod.TCP)
		return x == y
	})
}
