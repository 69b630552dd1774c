package shell

// kubectl rollout history and undo for Deployments: the revisions are the
// deployment.kubernetes.io/revision annotations of the Deployment's
// ReplicaSets (kubectl pkg/polymorphichelpers/history.go,
// DeploymentHistoryViewer; rollback.go, DeploymentRollbacker).

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"text/tabwriter"

	"github.com/svcsim/svcsim/selector"
	"github.com/svcsim/svcsim/sim"
)

// revisions returns the Deployment's ReplicaSets by revision, and the
// revisions in increasing order.
func revisions(c *sim.Cluster, ns, name string) (map[int64]sim.ReplicaSet, []int64) {
	byRev := map[int64]sim.ReplicaSet{}
	var revs []int64
	for _, rs := range c.ReplicaSets(ns, selector.Everything()) {
		rev, err := strconv.ParseInt(rs.Annotations[sim.AnnotationRevision], 10, 64)
		if rs.Owner == name && err == nil {
			byRev[rev] = rs
			revs = append(revs, rev)
		}
	}
	slices.Sort(revs)
	return byRev, revs
}

// rolloutHistory prints the revisions as kubectl does: the object's name,
// then a REVISION / CHANGE-CAUSE table (svcsim records no change cause).
func (s *Session) rolloutHistory(c *sim.Cluster, t target, ns string) error {
	if _, ok := c.Deployment(ns, t.name); !ok {
		return s.fail("%s", t.kind.notFound(t.name))
	}
	_, revs := revisions(c, ns, t.name)
	fmt.Fprintf(s.Out, "%s \n", t.kind.ref(t.name))
	if len(revs) == 0 {
		fmt.Fprintln(s.Out, "No rollout history found.")
		return nil
	}
	w := tabwriter.NewWriter(s.Out, 0, 8, 2, ' ', 0)
	fmt.Fprintln(w, "REVISION\tCHANGE-CAUSE")
	for _, rev := range revs {
		fmt.Fprintf(w, "%d\t<none>\n", rev)
	}
	w.Flush()
	fmt.Fprintln(s.Out)
	return nil
}

// rolloutUndo rolls the Deployment back to revision to (0: the previous
// one), or reports that its template already matches it.
func (s *Session) rolloutUndo(c *sim.Cluster, t target, ns string, to int64) error {
	if _, ok := c.Deployment(ns, t.name); !ok {
		return s.fail("%s", t.kind.notFound(t.name))
	}
	byRev, revs := revisions(c, ns, t.name)
	rs, ok := byRev[to]
	switch {
	case to > 0 && !ok:
		return s.fail("error: unable to find specified revision %d in history", to)
	case to == 0 && len(revs) < 2:
		return s.fail("error: no rollout history found for deployment %q", t.name)
	case to == 0:
		rs = byRev[revs[len(revs)-2]]
	}
	if rs.Current { // kubectl names the revision as given: 0 for the previous
		fmt.Fprintf(s.Out, "%s skipped rollback (current template already matches revision %d)\n", t.kind.ref(t.name), to)
		return nil
	}
	if err := c.RolloutUndo(ns, t.name, to); err != nil {
		if errors.Is(err, sim.ErrNotFound) {
			return s.fail("%s", t.kind.notFound(t.name))
		}
		return s.fail("error: %v", err)
	}
	fmt.Fprintf(s.Out, "%s rolled back\n", t.kind.ref(t.name))
	return nil
}
