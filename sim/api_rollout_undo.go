package sim

// Rolling a Deployment back, as `kubectl rollout undo` does: kubectl finds
// the ReplicaSet of the revision asked for and writes its pod template
// into the Deployment (kubernetes
// staging/src/k8s.io/kubectl/pkg/polymorphichelpers/rollback.go,
// DeploymentRollbacker and deploymentRevision); the deployment controller
// then rolls out to that ReplicaSet, which takes the next revision.

import (
	"fmt"
	"maps"
	"slices"
	"strconv"

	"github.com/svcsim/svcsim/pod"
)

// RolloutUndo sets the pod template of the Deployment namespace/name to
// the template of its ReplicaSet of revision toRevision (0: the previous
// revision, the second highest), as `kubectl rollout undo
// [--to-revision=N]` does: an update that starts a rollout back to that
// ReplicaSet. A template that already matches changes nothing (kubectl's
// "skipped rollback"). An unknown Deployment or revision, or a Deployment
// without an earlier revision, is an error wrapping ErrNotFound; a
// negative toRevision one wrapping ErrInvalid.
func (c *Cluster) RolloutUndo(namespace, name string, toRevision int64) (rerr error) {
	defer func() { rerr = simError(rerr) }()
	if err := c.refuseInCallback("rollout undo"); err != nil {
		return err
	}
	id, d, err := c.lookupDep(namespace, name)
	if err != nil {
		return err
	}
	if toRevision < 0 {
		return depError(d.spec.Namespace, name, "rollbackTo.revision", toRevision, "must be greater than or equal to 0")
	}
	rid, err := c.revisionRS(d, toRevision)
	if err != nil {
		return err
	}
	if cur, _, _, _ := c.currentRS(d); cur == rid {
		return nil
	}
	r := c.rss[rid]
	next, _ := c.Deployment(namespace, name)
	next.Labels = maps.Clone(r.tmpl.labels)
	delete(next.Labels, "pod-template-hash")
	next.Containers, next.Ports = nil, nil
	if r.tmpl.containers == nil {
		next.Ports = slices.Clone(r.tmpl.ports)
	} else {
		next.Containers = pod.CloneContainers(r.tmpl.containers)
	}
	next.ReadyAfter, next.TerminationGracePeriod, next.CrashLoop = r.tmpl.readyAfter, r.tmpl.grace, r.tmpl.crashLoop
	return c.updateDeployment(id, next, r.restartedAt)
}

// revisionRS returns d's ReplicaSet of revision toRevision, or with 0 the
// one of the second highest revision (rollback.go, deploymentRevision).
func (c *Cluster) revisionRS(d *depRec, toRevision int64) (int32, error) {
	latest, previous := int32(-1), int32(-1)
	var latestRev, previousRev int64 = -1, -1
	for _, id := range d.rss {
		r := c.rss[id]
		switch {
		case r.deleted:
		case toRevision > 0:
			if r.revision == toRevision {
				return id, nil
			}
		case r.revision > latestRev:
			previous, previousRev = latest, latestRev
			latest, latestRev = id, r.revision
		case r.revision > previousRev:
			previous, previousRev = id, r.revision
		}
	}
	if toRevision > 0 {
		return -1, fmt.Errorf("%s: unable to find specified revision %d in history: %w",
			depObject(d.spec.Namespace, d.name), toRevision, ErrNotFound)
	}
	if previous < 0 {
		return -1, fmt.Errorf("%s: no rollout history found for deployment %s: %w",
			depObject(d.spec.Namespace, d.name), strconv.Quote(d.name), ErrNotFound)
	}
	return previous, nil
}
