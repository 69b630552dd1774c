package sim

// `kubectl rollout status` for Deployments (kubectl
// pkg/polymorphichelpers/rollout_status.go, DeploymentStatusViewer.Status).

import (
	"errors"
	"fmt"
	"slices"
	"strconv"

	"github.com/svcsim/svcsim/pod"
)

// ErrProgressDeadlineExceeded is wrapped by RolloutStatus when the
// Deployment's Progressing condition is False with reason
// ProgressDeadlineExceeded: the rollout made no progress for
// progressDeadlineSeconds (600 s).
var ErrProgressDeadlineExceeded = errors.New("exceeded its progress deadline")

// RolloutStatus answers as `kubectl rollout status deployment/<name>`
// does, one line without its newline: while rolling,
// `Waiting for deployment "web" rollout to finish: 1 out of 3 new replicas
// have been updated...`, `... 1 old replicas are pending termination...`
// or `... 2 of 3 updated replicas are available...`; once done (done
// true), `deployment "web" successfully rolled out`. A rollout past its
// progress deadline is an error wrapping ErrProgressDeadlineExceeded
// (`deployment "web" exceeded its progress deadline`); an unknown
// Deployment one wrapping ErrNotFound.
func (c *Cluster) RolloutStatus(namespace, name string) (status string, done bool, err error) {
	ns := pod.NamespaceOrDefault(namespace)
	id, ok := c.depByName.Get(nsName{ns, name})
	if !ok {
		return "", false, fmt.Errorf("deployments.apps %s %w", strconv.Quote(name), ErrNotFound)
	}
	d := c.deps[id]
	return rolloutStatus(name, d.spec.Replicas, d.generation, c.deploymentStatus(d))
}

// rolloutStatus is DeploymentStatusViewer.Status over a Deployment's
// name, spec.replicas, metadata.generation and status.
func rolloutStatus(name string, replicas int, generation int64, st DeploymentStatus) (string, bool, error) {
	q := strconv.Quote(name)
	if generation > st.ObservedGeneration {
		return "Waiting for deployment spec update to be observed...", false, nil
	}
	if k := slices.IndexFunc(st.Conditions, func(x Condition) bool { return x.Type == condProgressing }); k >= 0 &&
		st.Conditions[k].Reason == reasonTimedOut {
		return "", false, fmt.Errorf("deployment %s %w", q, ErrProgressDeadlineExceeded)
	}
	wait := "Waiting for deployment " + q + " rollout to finish: "
	switch {
	case int(st.UpdatedReplicas) < replicas:
		return wait + fmt.Sprintf("%d out of %d new replicas have been updated...", st.UpdatedReplicas, replicas), false, nil
	case st.Replicas > st.UpdatedReplicas:
		return wait + fmt.Sprintf("%d old replicas are pending termination...", st.Replicas-st.UpdatedReplicas), false, nil
	case st.AvailableReplicas < st.UpdatedReplicas:
		return wait + fmt.Sprintf("%d of %d updated replicas are available...", st.AvailableReplicas, st.UpdatedReplicas), false, nil
	}
	return "deployment " + q + " successfully rolled out", true, nil
}
