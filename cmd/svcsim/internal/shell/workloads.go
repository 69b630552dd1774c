package shell

import (
	"errors"
	"fmt"
	"strings"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/sim"
)

// scale is `kubectl scale deployment|sts NAME... --replicas=N`.
func (s *Session) scale(c *sim.Cluster, args []string) error {
	f := newFlags("kubectl scale")
	ns := namespaceFlag(f)
	f.String("replicas", 0, "")
	if err := s.flags(f, args); err != nil {
		return err
	}
	_, named, err := targets(f.args)
	if err != nil {
		return s.fail("error: %v", err)
	}
	if !f.Set("replicas") {
		return s.fail("error: required flag(s) \"replicas\" not set")
	}
	n, err := f.Int("replicas")
	if err != nil {
		return s.fail("error: %v\n%s", err, f.usage())
	}
	if n < 0 {
		return s.fail("error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0")
	}
	if len(named) == 0 {
		return s.fail("error: resource(s) were provided, but no name was specified")
	}
	for _, t := range named {
		switch t.kind {
		case kDeploy:
			err = c.Scale(*ns, t.name, n)
		case kSTS:
			err = c.ScaleStatefulSet(*ns, t.name, n)
		default:
			return s.fail("error: no objects passed to scale %s", t.kind.resource())
		}
		if err != nil {
			return s.apiError(t.kind, t.name, err)
		}
		fmt.Fprintf(s.Out, "%s scaled\n", t.kind.ref(t.name))
	}
	return nil
}

// rollout is `kubectl rollout restart|status deployment|sts NAME` and
// `kubectl rollout undo|history deployment NAME`.
func (s *Session) rollout(c *sim.Cluster, args []string) error {
	if len(args) == 0 {
		return s.fail("error: kubectl rollout needs a command: history, restart, status, undo")
	}
	sub := args[0]
	f := newFlags("kubectl rollout " + sub)
	ns := namespaceFlag(f)
	if sub == "status" {
		f.String("timeout", 0, "0s")
		f.Bool("watch", 'w')
	}
	if sub == "undo" {
		f.String("to-revision", 0, "0")
	}
	if err := s.flags(f, args[1:]); err != nil {
		return err
	}
	_, named, err := targets(f.args)
	if err != nil {
		return s.fail("error: %v", err)
	}
	if len(named) != 1 {
		return s.fail("error: required resource not specified")
	}
	t := named[0]
	if t.kind != kDeploy && t.kind != kSTS {
		return s.fail("error: no rollout for %s", t.kind.resource())
	}
	switch sub {
	case "restart":
		if t.kind == kDeploy {
			err = c.Rollout(*ns, t.name)
		} else {
			err = c.RolloutStatefulSet(*ns, t.name)
		}
		if err != nil {
			return s.apiError(t.kind, t.name, err)
		}
		fmt.Fprintf(s.Out, "%s restarted\n", t.kind.ref(t.name))
		return nil
	case "status":
		return s.rolloutStatus(c, t, *ns)
	case "undo", "history":
		if t.kind != kDeploy {
			return s.fail("error: kubectl rollout %s is not supported by svcsim for %s (it keeps a Deployment's revisions)",
				sub, t.kind.resource())
		}
		if sub == "history" {
			return s.rolloutHistory(c, t, *ns)
		}
		to, err := f.Int("to-revision")
		if err != nil {
			return s.fail("error: %v\n%s", err, f.usage())
		}
		return s.rolloutUndo(c, t, *ns, int64(to))
	case "pause", "resume":
		return s.fail("error: kubectl rollout %s is not supported by svcsim: it has no paused Deployments", sub)
	}
	return s.fail("error: unknown command %q for \"kubectl rollout\"", sub)
}

// rolloutStatus waits, as `kubectl rollout status` does, printing each
// new status line, until the rollout completes or 10 virtual minutes pass.
func (s *Session) rolloutStatus(c *sim.Cluster, t target, ns string) error {
	status := func() (string, bool, error) { return c.RolloutStatus(ns, t.name) }
	if t.kind == kSTS {
		status = func() (string, bool, error) { return stsStatus(c, ns, t.name) }
	}
	last := ""
	var failure error
	done, err := waitFor(c, waitLimit, func() bool {
		line, ok, err := status()
		if err != nil {
			failure = err
			return true
		}
		if line != last {
			fmt.Fprintln(s.Out, line)
			last = line
		}
		return ok
	})
	switch {
	case failure != nil && errors.Is(failure, sim.ErrNotFound):
		return s.fail("%s", t.kind.notFound(t.name))
	case failure != nil:
		return s.fail("error: %v", failure)
	case err != nil:
		return s.fail("error: %v", err)
	case !done:
		return s.fail("error: timed out waiting for the condition")
	}
	return nil
}

// stsStatus is kubectl's StatefulSetStatusViewer.Status
// (pkg/polymorphichelpers/rollout_status.go).
func stsStatus(c *sim.Cluster, ns, name string) (string, bool, error) {
	st, ok := c.StatefulSet(ns, name)
	if !ok {
		return "", false, fmt.Errorf("statefulset %q %w", name, sim.ErrNotFound)
	}
	if st.UpdateStrategy == sim.OnDelete {
		return "", false, errors.New("rollout status is only available for RollingUpdate strategy type")
	}
	if st.Status.ReadyReplicas < st.Replicas {
		return fmt.Sprintf("Waiting for %d pods to be ready...", st.Replicas-st.Status.ReadyReplicas), false, nil
	}
	if st.Partition > 0 {
		if st.Status.UpdatedReplicas < st.Replicas-st.Partition {
			return fmt.Sprintf("Waiting for partitioned roll out to finish: %d out of %d new pods have been updated...",
				st.Status.UpdatedReplicas, st.Replicas-st.Partition), false, nil
		}
		return fmt.Sprintf("partitioned roll out complete: %d new pods have been updated...", st.Status.UpdatedReplicas), true, nil
	}
	if st.Status.UpdateRevision != st.Status.CurrentRevision {
		return fmt.Sprintf("waiting for statefulset rolling update to complete %d pods at revision %s...",
			st.Status.UpdatedReplicas, st.Status.UpdateRevision), false, nil
	}
	return fmt.Sprintf("statefulset rolling update complete %d pods at revision %s...",
		st.Status.CurrentReplicas, st.Status.CurrentRevision), true, nil
}

// set is `kubectl set image deployment|sts NAME CONTAINER=IMAGE...`
// ("*" for every container).
func (s *Session) set(c *sim.Cluster, args []string) error {
	if len(args) == 0 || args[0] != "image" {
		return s.fail("error: svcsim supports kubectl set image only")
	}
	f := newFlags("kubectl set image")
	ns := namespaceFlag(f)
	if err := s.flags(f, args[1:]); err != nil {
		return err
	}
	var objs, pairs []string
	for _, a := range f.args {
		if strings.Contains(a, "=") {
			pairs = append(pairs, a)
		} else {
			objs = append(objs, a)
		}
	}
	if len(pairs) == 0 {
		return s.fail("error: at least one image update is required")
	}
	_, named, err := targets(objs)
	if err != nil {
		return s.fail("error: %v", err)
	}
	for _, t := range named {
		var ctrs []pod.Container
		switch t.kind {
		case kDeploy:
			d, ok := c.Deployment(*ns, t.name)
			if !ok {
				return s.fail("%s", t.kind.notFound(t.name))
			}
			ctrs = d.Containers
		case kSTS:
			st, ok := c.StatefulSet(*ns, t.name)
			if !ok {
				return s.fail("%s", t.kind.notFound(t.name))
			}
			ctrs = st.Containers
		default:
			return s.fail("error: %s is not a pod template owner svcsim can set images on", t.kind.resource())
		}
		ctrs = pod.CloneContainers(ctrs)
		for _, p := range pairs {
			name, image, _ := strings.Cut(p, "=")
			found := false
			for i := range ctrs {
				if name == "*" || ctrs[i].Name == name {
					ctrs[i].Image = image
					found = true
				}
			}
			if !found {
				return s.fail("error: unable to find container named %q", name)
			}
		}
		if t.kind == kDeploy {
			d, _ := c.Deployment(*ns, t.name)
			d.Containers = ctrs
			err = c.UpdateDeployment(d)
		} else {
			st, _ := c.StatefulSet(*ns, t.name)
			st.Containers = ctrs
			err = c.UpdateStatefulSet(st)
		}
		if err != nil {
			return s.apiError(t.kind, t.name, err)
		}
		fmt.Fprintf(s.Out, "%s image updated\n", t.kind.ref(t.name))
	}
	return nil
}
