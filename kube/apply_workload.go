package kube

// Applying a Deployment or StatefulSet: created, or updated through sim's
// UpdateDeployment / UpdateStatefulSet, which roll out a changed template
// and scale a changed replica count.

import (
	"reflect"
	"slices"

	appsv1 "k8s.io/api/apps/v1"

	"github.com/svcsim/svcsim/sim"
)

func (p *plan) addDeployment(ch *change, prev *change, o *appsv1.Deployment, last map[string]any) ([]string, error) {
	d, warnings, err := FromDeployment(o)
	if err != nil {
		return warnings, err
	}
	d.Namespace = ch.key.ns
	var live *sim.Deployment
	switch {
	case prev != nil:
		l := prev.obj.(sim.Deployment)
		live, ch.exists = &l, prev.exists
	default:
		if l, ok := p.c.Deployment(ch.key.ns, ch.key.name); ok {
			live, ch.exists = &l, true
		} else {
			last = nil
		}
	}
	if live != nil {
		d = mergeDeployment(*live, d, fieldRule{manifest: ch.fields, last: last})
	}
	ch.obj = d
	ch.dryRun = func(c *sim.Cluster) error { return c.DryRunDeployment(d) }
	if ch.exists {
		ch.do = func(c *sim.Cluster) error { return c.UpdateDeployment(d) }
	} else {
		ch.do = func(c *sim.Cluster) error { return c.CreateDeployment(d) }
	}
	return warnings, nil
}

// mergeDeployment merges the manifest's Deployment d into live.
func mergeDeployment(live, d sim.Deployment, r fieldRule) sim.Deployment {
	out := live
	out.Status = sim.DeploymentStatus{}
	if r.set("spec.replicas") {
		out.Replicas = d.Replicas
	}
	if r.set("spec.selector") {
		out.Selector = d.Selector
	}
	out.Labels = r.mergeMap("spec.template.metadata.labels", live.Labels, d.Labels)
	if r.set("spec.template.spec.containers") {
		out.Containers, out.Ports, out.ReadyAfter = d.Containers, d.Ports, d.ReadyAfter
	}
	if r.set("spec.template.spec.terminationGracePeriodSeconds") {
		out.TerminationGracePeriod = d.TerminationGracePeriod
	}
	if r.setKey("spec.template.metadata.annotations", AnnotationCrashLoop) {
		out.CrashLoop = d.CrashLoop
	}
	if r.set("spec.strategy") {
		out.Strategy, out.MaxSurge, out.MaxUnavailable = d.Strategy, d.MaxSurge, d.MaxUnavailable
	}
	return out
}

func (p *plan) addStatefulSet(ch *change, prev *change, o *appsv1.StatefulSet, last map[string]any) ([]string, error) {
	s, warnings, err := FromStatefulSet(o)
	if err != nil {
		return warnings, err
	}
	s.Namespace = ch.key.ns
	var live *sim.StatefulSet
	switch {
	case prev != nil:
		l := prev.obj.(sim.StatefulSet)
		live, ch.exists = &l, prev.exists
	default:
		if l, ok := p.c.StatefulSet(ch.key.ns, ch.key.name); ok {
			live, ch.exists = &l, true
		} else {
			last = nil
		}
	}
	if live != nil {
		s = mergeStatefulSet(*live, s, fieldRule{manifest: ch.fields, last: last})
	}
	ch.obj = s
	ch.dryRun = func(c *sim.Cluster) error { return c.DryRunStatefulSet(s) }
	switch {
	case live != nil && sameStatefulSet(s, *live):
		ch.do = func(*sim.Cluster) error { return nil } // unchanged: kubectl makes no request
	case ch.exists:
		ch.do = func(c *sim.Cluster) error { return c.UpdateStatefulSet(s) }
	default:
		ch.do = func(c *sim.Cluster) error { return c.CreateStatefulSet(s) }
	}
	return warnings, nil
}

// mergeStatefulSet merges the manifest's StatefulSet s into live.
func mergeStatefulSet(live, s sim.StatefulSet, r fieldRule) sim.StatefulSet {
	out := live
	if r.set("spec.replicas") {
		out.Replicas = s.Replicas
	}
	if r.set("spec.serviceName") {
		out.ServiceName = s.ServiceName
	}
	out.Labels = r.mergeMap("spec.template.metadata.labels", live.Labels, s.Labels)
	if r.set("spec.template.spec.containers") {
		out.Containers, out.ReadyAfter = s.Containers, s.ReadyAfter
	}
	if r.set("spec.template.spec.terminationGracePeriodSeconds") {
		out.TerminationGracePeriod = s.TerminationGracePeriod
	}
	if r.set("spec.podManagementPolicy") {
		out.PodManagementPolicy = s.PodManagementPolicy
	}
	if r.set("spec.updateStrategy") {
		out.UpdateStrategy, out.Partition = s.UpdateStrategy, s.Partition
	}
	return out
}

// sameStatefulSet reports whether updating b to a would change nothing.
func sameStatefulSet(a, b sim.StatefulSet) bool {
	if !slices.EqualFunc(a.Containers, b.Containers, equalContainer) {
		return false
	}
	a.Containers, b.Containers = nil, nil
	return reflect.DeepEqual(a, b)
}
