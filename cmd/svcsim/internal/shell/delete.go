package shell

import (
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/svcsim/svcsim/selector"
	"github.com/svcsim/svcsim/sim"
)

// forceWarning is what kubectl prints before an immediate deletion
// (pkg/cmd/delete/delete.go).
const forceWarning = "Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely."

// delete is `kubectl delete pod|svc|deployment|sts|ns NAME...|-l SEL|--all
// [--grace-period=N] [--force] [--wait=false]`: it deletes every object
// named, then waits (virtual time, at most 10 minutes) until they are all
// gone.
func (s *Session) delete(c *sim.Cluster, args []string) error {
	f := newFlags("kubectl delete")
	ns := namespaceFlag(f)
	sel := f.String("selector", 'l', "")
	all := f.Bool("all", 0)
	force := f.Bool("force", 0)
	now := f.Bool("now", 0)
	f.String("grace-period", 0, "-1")
	wait := f.Bool("wait", 0)
	*wait = true
	if err := s.flags(f, args); err != nil {
		return err
	}
	k, named, err := targets(f.args)
	if err != nil {
		return s.fail("error: %v", err)
	}
	grace, err := f.Int("grace-period")
	if err != nil {
		return s.fail("error: %v\n%s", err, f.usage())
	}
	// DeleteOptions.Complete: --now is a grace period of 1s, --force
	// without one is 0, and 0 without --force is 1s.
	switch {
	case *now:
		grace = 1
	case *force && grace < 0:
		grace = 0
	case grace == 0 && !*force:
		grace = 1
	}
	if len(named) > 0 && (f.Set("selector") || *all) {
		return s.fail("error: name cannot be provided when a selector is specified")
	}
	if len(named) == 0 {
		if !f.Set("selector") && !*all {
			return s.fail("error: resource(s) were provided, but no name was specified")
		}
		lsel, err := selector.Parse(*sel)
		if err != nil {
			return s.fail("error: %v", err)
		}
		var objs objects
		objs.list(c, k, *ns, lsel)
		named = objs.targets()
		if len(named) == 0 {
			fmt.Fprintln(s.Err, "No resources found")
			return nil
		}
	}
	for _, t := range named {
		if t.kind != kPod && t.kind != kService && t.kind != kDeploy && t.kind != kSTS && t.kind != kNS {
			return s.fail("error: svcsim deletes pods, services, deployments, statefulsets and namespaces, not %s", t.kind.plural)
		}
		if !exists(c, t, *ns) {
			return s.fail("%s", t.kind.notFound(t.name))
		}
	}
	if grace == 0 {
		fmt.Fprintln(s.Err, forceWarning)
	}
	// kubectl waits for the objects it deleted, by UID: a StatefulSet's
	// pod re-created under the same name is another object.
	uids := map[string]uuid.UUID{}
	for _, t := range named {
		if p, ok := c.Pod(*ns, t.name); ok && t.kind == kPod {
			uids[t.name] = p.UID
		}
	}
	for _, t := range named {
		if err := deleteOne(c, t, *ns, grace); err != nil {
			return s.apiError(t.kind, t.name, err)
		}
		verb := "deleted"
		if grace == 0 {
			verb = "force deleted"
		}
		if t.kind.namespaced {
			fmt.Fprintf(s.Out, "%s %q %s from %s namespace\n", t.kind.qualified(), t.name, verb, *ns)
		} else {
			fmt.Fprintf(s.Out, "%s %q %s\n", t.kind.qualified(), t.name, verb)
		}
	}
	if !*wait {
		return nil
	}
	done, err := waitFor(c, waitLimit, func() bool {
		for _, t := range named {
			if t.kind == kPod {
				if p, ok := c.Pod(*ns, t.name); ok && p.UID == uids[t.name] {
					return false
				}
			} else if exists(c, t, *ns) {
				return false
			}
		}
		return true
	})
	if err != nil {
		return s.fail("error: %v", err)
	}
	if !done {
		return s.fail("error: timed out waiting for the condition on %s", named[0].kind.plural+"/"+named[0].name)
	}
	return nil
}

// exists reports whether the object t names is there.
func exists(c *sim.Cluster, t target, ns string) bool {
	var o objects
	return o.add(c, t, ns)
}

// deleteOne deletes one object of a kind delete checked; grace is a pod's grace period in seconds
// (negative: its own).
func deleteOne(c *sim.Cluster, t target, ns string, grace int) error {
	switch t.kind {
	case kPod:
		switch {
		case grace < 0:
			return c.DeletePod(ns, t.name)
		case grace == 0:
			return c.ForceDeletePod(ns, t.name)
		}
		return c.DeletePodGrace(ns, t.name, time.Duration(grace)*time.Second)
	case kService:
		return c.DeleteService(ns, t.name)
	case kDeploy:
		return c.DeleteDeployment(ns, t.name)
	case kSTS:
		return c.DeleteStatefulSet(ns, t.name)
	case kNS:
		return c.DeleteNamespace(t.name)
	}
	return nil
}

// targets names the objects listed, in the order delete acts on them.
func (o *objects) targets() []target {
	return o.listed(kPod, kService, kDeploy, kSTS, kEndpoint, kRS, kSlice, kNode, kNS)
}
