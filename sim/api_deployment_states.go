package sim

// A public read of the Deployments' names, replicas and revisions that
// allocates nothing once the caller's buffer is large enough: for a test
// that picks a Deployment to scale or roll out after every step, where
// Deployments' copies of the templates, labels and status would be most
// of the cost.

import (
	"slices"
	"strings"

	"github.com/svcsim/svcsim/pod"
)

// DeploymentState is a Deployment's name, desired replicas and revision:
// each field is the Deployment field of the same name, as Deployment
// reports it (a Revision of 0: the deployment controller has not synced
// it yet, and it owns no ReplicaSet). It holds no slice or map, so a copy
// shares nothing with the cluster.
type DeploymentState struct {
	Name     string
	Replicas int
	Revision int64
}

// AppendDeploymentStates appends to dst the states of the Deployments of
// namespace ("" means default), sorted by name (as Deployments lists
// them), and returns the extended slice. Pass the slice of the previous
// call, emptied, to read again without allocating:
//
//	deps = c.AppendDeploymentStates(deps[:0], "")
func (c *Cluster) AppendDeploymentStates(dst []DeploymentState, namespace string) []DeploymentState {
	ns := pod.NamespaceOrDefault(namespace)
	start := len(dst)
	for k, id := range c.depByName.All() {
		if k.ns == ns {
			d := c.deps[id]
			dst = append(dst, DeploymentState{Name: d.spec.Name, Replicas: d.spec.Replicas, Revision: d.revision})
		}
	}
	slices.SortFunc(dst[start:], func(a, b DeploymentState) int { return strings.Compare(a.Name, b.Name) })
	return dst
}
