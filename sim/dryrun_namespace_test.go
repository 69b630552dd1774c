package sim

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
	"github.com/svcsim/svcsim/service"
)

// TestDryRunTerminatingNamespace: a dry run refuses a create in a
// terminating namespace as the create does (ErrForbidden), so that an
// all-or-nothing apply finds out before it changes anything.
func TestDryRunTerminatingNamespace(t *testing.T) {
	c := mustNew(t, Config{Seed: 1})
	must(t, c.CreateNamespace(Namespace{Name: "shop"}))
	_, err := c.CreatePod(pod.Pod{Namespace: "shop", Name: "bare", Labels: selector.Set{"x": "y"}})
	must(t, err)
	must(t, c.DeleteNamespace("shop"))
	require.ErrorIs(t, c.DryRunCreatePod(pod.Pod{Namespace: "shop", Name: "late", Labels: selector.Set{"x": "y"}}), ErrForbidden)
	require.ErrorIs(t, c.DryRunService(service.Service{Namespace: "shop", Name: "late", Ports: []service.Port{{Port: 80}}}), ErrForbidden)
	require.ErrorIs(t, c.DryRunDeployment(Deployment{Namespace: "shop", Name: "late", Replicas: 1,
		Labels: selector.Set{"a": "b"}}), ErrForbidden)
	require.ErrorIs(t, c.DryRunStatefulSet(StatefulSet{Namespace: "shop", Name: "late", Replicas: 1,
		Labels: selector.Set{"a": "b"}, Containers: []Container{{Name: "c", Image: "i"}}}), ErrForbidden)
}
