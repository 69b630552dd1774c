package kube

import (
	"testing"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/svcsim/svcsim/sim"
)

// roundTrip checks that from(to(x)) is x with no warning, for x drawn by
// gen.
func roundTrip[T, K any](t *testing.T, gen func(*rapid.T) T, to func(T) K, from func(K) (T, []string, error)) {
	rapid.Check(t, func(rt *rapid.T) {
		x := gen(rt)
		got, warnings, err := from(to(x))
		require.NoError(rt, err)
		require.Empty(rt, warnings)
		require.Equal(rt, x, got)
	})
}

// svcsim → k8s → svcsim is the identity, for objects drawn over every
// field each conversion maps. The pods and ReplicaSets are converted
// against an empty cluster: bare, their controller is not there
// (TestRoundTripLiveCluster covers owned ones).
func TestRoundTripProperty(t *testing.T) {
	c, err := sim.New(sim.Config{Seed: 1})
	require.NoError(t, err)
	t.Run("Service", func(t *testing.T) { roundTrip(t, genService, ToService, FromService) })
	t.Run("Pod", func(t *testing.T) { roundTrip(t, genPod, partial(c, ToPod), FromPod) })
	t.Run("Endpoints", func(t *testing.T) { roundTrip(t, genEndpoints, partial(c, ToEndpoints), FromEndpoints) })
	t.Run("EndpointSlice", func(t *testing.T) { roundTrip(t, genSlice, partial(c, ToEndpointSlice), FromEndpointSlice) })
	t.Run("Node", func(t *testing.T) { roundTrip(t, genNode, ToNode, FromNode) })
	t.Run("Deployment", func(t *testing.T) { roundTrip(t, genDeployment, ToDeployment, FromDeployment) })
	t.Run("ReplicaSet", func(t *testing.T) { roundTrip(t, genReplicaSet, partial(c, ToReplicaSet), FromReplicaSet) })
	t.Run("StatefulSet", func(t *testing.T) { roundTrip(t, genStatefulSet, ToStatefulSet, FromStatefulSet) })
	t.Run("Namespace", func(t *testing.T) { roundTrip(t, genNamespace, ToNamespace, FromNamespace) })
}

// partial binds a conversion's cluster.
func partial[T, K any](c *sim.Cluster, f func(*sim.Cluster, T) K) func(T) K {
	return func(x T) K { return f(c, x) }
}
