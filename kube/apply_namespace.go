package kube

// Applying a Namespace: declared if it is not (a namespace that exists
// only by the objects it holds becomes declared and persists); a declared
// one is left as it is.

import (
	"errors"
	"maps"

	corev1 "k8s.io/api/core/v1"

	"github.com/svcsim/svcsim/sim"
)

func (p *plan) addNamespace(ch *change, prev *change, o *corev1.Namespace, last map[string]any) ([]string, error) {
	n, warnings, err := FromNamespace(o)
	if err != nil {
		return warnings, err
	}
	if prev != nil && !prev.exists {
		// Declared by an earlier document: this one declares it instead.
		ch.obj = n
		ch.dryRun = func(c *sim.Cluster) error { return c.DryRunCreateNamespace(n) }
		ch.do = func(c *sim.Cluster) error { return c.CreateNamespace(n) }
		return warnings, nil
	}
	if err := p.c.DryRunCreateNamespace(n); !errors.Is(err, sim.ErrAlreadyExists) {
		ch.obj = n
		ch.dryRun = func(c *sim.Cluster) error { return c.DryRunCreateNamespace(n) }
		ch.do = func(c *sim.Cluster) error { return c.CreateNamespace(n) }
		return warnings, nil
	}
	live, _ := p.c.Namespace(n.Name)
	ch.exists, ch.obj = true, live
	labels := fieldRule{manifest: ch.fields, last: last}.mergeMap("metadata.labels", live.Labels, n.Labels)
	labels[sim.LabelMetadataName] = n.Name
	if !maps.Equal(labels, live.Labels) {
		warnings = append(warnings, "Warning: namespace "+n.Name+": metadata.labels: not changed (svcsim cannot change "+
			"the labels of an existing namespace; they do not change Service networking)")
	}
	ch.dryRun = func(*sim.Cluster) error { return nil }
	ch.do = func(*sim.Cluster) error { return nil }
	return warnings, nil
}
