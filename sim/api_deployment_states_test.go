package sim

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// AppendDeploymentStates reports what Deployments does of each
// Deployment, in the same order, appended after what dst held: before
// and after the controller's first sync, in several namespaces; read
// again into the slice of the previous call, it allocates nothing.
func TestAppendDeploymentStates(t *testing.T) {
	c := mustNew(t, Config{Seed: 3})
	for _, name := range []string{"web", "api", "zeta"} {
		must(t, c.CreateDeployment(webDeploymentNamed(name, len(name))))
	}
	other := webDeploymentNamed("other", 1)
	other.Namespace = "kube-system"
	must(t, c.CreateDeployment(other))
	same := func(synced bool) {
		t.Helper()
		before := DeploymentState{Name: "kept"}
		for _, ns := range []string{"", "default", "kube-system", "nope"} {
			want := []DeploymentState{before}
			for _, d := range c.Deployments(ns) {
				require.Equal(t, synced, d.Revision > 0, d.Name)
				want = append(want, DeploymentState{Name: d.Name, Replicas: d.Replicas, Revision: d.Revision})
			}
			require.Equal(t, want, c.AppendDeploymentStates([]DeploymentState{before}, ns), "namespace %q", ns)
		}
	}
	same(false)
	must(t, c.Settle())
	must(t, c.Scale("", "api", 5))
	must(t, c.Rollout("", "web"))
	must(t, c.Settle())
	same(true)
	require.Equal(t, int64(2), c.AppendDeploymentStates(nil, "")[1].Revision, "web after a rollout")

	deps := c.AppendDeploymentStates(nil, "")
	require.Len(t, deps, 3)
	if n := testing.AllocsPerRun(100, func() { deps = c.AppendDeploymentStates(deps[:0], "") }); n != 0 {
		t.Errorf("AppendDeploymentStates into a large enough slice: %v allocations, want 0", n)
	}
	require.Len(t, deps, 3)
}
