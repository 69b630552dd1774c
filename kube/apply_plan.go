package kube

// The all-or-nothing plan of an Apply: every object converted and merged
// with its live state first, every change checked by the cluster's dry
// runs and against the manifest's other objects, and only then made.

import (
	"fmt"
	"slices"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	discoveryv1 "k8s.io/api/discovery/v1"
	"k8s.io/apimachinery/pkg/api/meta"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/service"
	"github.com/svcsim/svcsim/sim"
)

// applyKey names an object of a kind, as Apply plans it.
type applyKey struct{ kind, ns, name string }

// change is the planned create or update of one object.
type change struct {
	at     docRef
	key    applyKey
	exists bool           // in the cluster before the Apply: an update
	obj    any            // the merged svcsim value
	fields map[string]any // the manifest's object, remembered as last applied
	// dryRun returns the error the call would return; do makes it.
	dryRun, do func(c *sim.Cluster) error
	unchanged  bool // do makes no call: the cluster holds obj already
}

// endpoints reports whether ch writes an Endpoints or EndpointSlice.
func (ch *change) endpoints() bool {
	return ch.key.kind == "Endpoints" || ch.key.kind == "EndpointSlice"
}

// plan is what an Apply will do.
type plan struct {
	c       *sim.Cluster
	last    *lastApplied
	changes []*change
	byKey   map[applyKey]*change
	report  []Applied // what apply did, change by change
}

func newPlan(c *sim.Cluster) *plan {
	return &plan{c: c, last: lastAppliedOf(c), byKey: map[applyKey]*change{}}
}

// add converts one decoded object, merges it with what it updates (the
// cluster's object, or an earlier one of the manifest) and plans its
// change. The warnings are the conversion's.
func (p *plan) add(d decoded) ([]string, error) {
	m, err := meta.Accessor(d.obj)
	if err != nil {
		return nil, d.at.wrap(err)
	}
	key := applyKey{kind: d.gvk.Kind, ns: pod.NamespaceOrDefault(m.GetNamespace()), name: m.GetName()}
	if d.gvk.Kind == "Namespace" {
		key.ns = ""
	}
	prev := p.byKey[key]
	last := p.last.get(key)
	if prev != nil {
		last = prev.fields
	}
	ch := &change{at: d.at, key: key, fields: d.fields}
	var warnings []string
	switch o := d.obj.(type) {
	case *corev1.Service:
		warnings, err = p.addService(ch, prev, o, last)
	case *appsv1.Deployment:
		warnings, err = p.addDeployment(ch, prev, o, last)
	case *appsv1.StatefulSet:
		warnings, err = p.addStatefulSet(ch, prev, o, last)
	case *corev1.Pod:
		warnings, err = p.addPod(ch, prev, o, last)
	case *corev1.Namespace:
		warnings, err = p.addNamespace(ch, prev, o, last)
	case *corev1.Endpoints:
		warnings, err = p.addEndpoints(ch, prev, o, last)
	case *discoveryv1.EndpointSlice:
		warnings, err = p.addEndpointSlice(ch, prev, o, last)
	default:
		err = fmt.Errorf("%s %s: not supported", d.gvk.GroupVersion(), d.gvk.Kind)
	}
	if err != nil {
		return warnings, d.at.wrap(err)
	}
	if prev != nil {
		// The later document wins, as a second kubectl apply would.
		ch.exists = prev.exists
		*prev = *ch
		return warnings, nil
	}
	p.byKey[key] = ch
	p.changes = append(p.changes, ch)
	return warnings, nil
}

// check runs every change's dry run and the checks between the
// manifest's own objects, in document order.
func (p *plan) check() error {
	claims := claimed{}
	for _, ch := range p.changes {
		if err := ch.dryRun(p.c); err != nil {
			return ch.at.wrap(err)
		}
		if s, ok := ch.obj.(service.Service); ok {
			if err := claims.claim(p.c, s); err != nil {
				return ch.at.wrap(err)
			}
		}
	}
	return nil
}

// apply makes every change, then remembers what was applied. Endpoints
// and EndpointSlices come last: the core keeps them only beside their
// Service, which the manifest may create in a later document. The report
// stays in document order.
func (p *plan) apply() error {
	ordered := slices.Concat(slices.DeleteFunc(slices.Clone(p.changes), (*change).endpoints),
		slices.DeleteFunc(slices.Clone(p.changes), func(ch *change) bool { return !ch.endpoints() }))
	results := make(map[*change]string, len(p.changes))
	for _, ch := range ordered {
		before := specOf(p.c, ch.key)
		if err := ch.do(p.c); err != nil {
			// The dry runs accepted it: a bug, reported as it is.
			return ch.at.wrap(fmt.Errorf("applied partly, a check missed this: %w", err))
		}
		results[ch] = result(ch.exists, before, specOf(p.c, ch.key))
		if ch.endpoints() && ch.exists && !ch.unchanged {
			// The cluster shows endpoints at the controller's next
			// sync: specOf cannot tell, the plan can.
			results[ch] = "configured"
		}
	}
	for _, ch := range p.changes {
		p.report = append(p.report, Applied{Kind: ch.key.kind, Namespace: ch.key.ns, Name: ch.key.name, Result: results[ch]})
	}
	for _, ch := range p.changes {
		p.last.set(ch.key, ch.fields)
	}
	return nil
}
