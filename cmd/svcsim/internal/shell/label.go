package shell

import (
	"fmt"
	"maps"
	"strings"

	"github.com/svcsim/svcsim/selector"
	"github.com/svcsim/svcsim/sim"
)

// label is `kubectl label pod NAME KEY=VALUE... KEY-... [--overwrite]`
// (pkg/cmd/label/label.go).
func (s *Session) label(c *sim.Cluster, args []string) error {
	f := newFlags("kubectl label")
	ns := namespaceFlag(f)
	overwrite := f.Bool("overwrite", 0)
	if err := s.flags(f, args); err != nil {
		return err
	}
	var objs []string
	add := selector.Set{}
	var remove []string
	for _, a := range f.args {
		switch {
		case strings.Contains(a, "="):
			k, v, _ := strings.Cut(a, "=")
			if selector.ValidateKey(k) != nil || selector.ValidateValue(v) != nil {
				return s.fail("error: invalid label spec: %s", a)
			}
			add[k] = v
		case strings.HasSuffix(a, "-") && len(objs) > 0:
			remove = append(remove, strings.TrimSuffix(a, "-"))
		default:
			objs = append(objs, a)
		}
	}
	if len(add) == 0 && len(remove) == 0 {
		return s.fail("error: at least one label update is required")
	}
	_, named, err := targets(objs)
	if err != nil {
		return s.fail("error: %v", err)
	}
	if len(named) == 0 {
		return s.fail("error: one or more resources must be specified as <resource> <name> or <resource>/<name>")
	}
	for _, t := range named {
		if t.kind != kPod {
			return s.fail("error: svcsim labels pods only (a %s's labels are its pod template's)", t.kind.singular)
		}
		p, ok := c.Pod(*ns, t.name)
		if !ok {
			return s.fail("%s", t.kind.notFound(t.name))
		}
		if !*overwrite {
			for k := range add {
				if v, ok := p.Labels[k]; ok && v != add[k] {
					return s.fail("error: '%s' already has a value (%s), and --overwrite is false", k, v)
				}
			}
		}
		labels := maps.Clone(p.Labels)
		if labels == nil {
			labels = selector.Set{}
		}
		maps.Copy(labels, add)
		for _, k := range remove {
			if _, ok := labels[k]; !ok {
				fmt.Fprintf(s.Out, "label %q not found.\n", k)
			}
			delete(labels, k)
		}
		msg := "not labeled"
		if !maps.Equal(labels, p.Labels) {
			msg = "labeled"
			if !*overwrite && len(labels) < len(p.Labels) {
				msg = "unlabeled"
			}
			if err := c.SetPodLabels(*ns, t.name, labels); err != nil {
				return s.apiError(t.kind, t.name, err)
			}
		}
		fmt.Fprintf(s.Out, "%s %s\n", t.kind.ref(t.name), msg)
	}
	return nil
}
