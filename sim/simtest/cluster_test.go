package simtest_test

import (
	"net/netip"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
	"github.com/svcsim/svcsim/sim"
	"github.com/svcsim/svcsim/sim/simtest"
)

// TestNewPrintsTheClusterWhenTheTestFails: a failed test's log gets the
// last events and the tables of the namespaces it touched; a passing
// test's log stays empty.
func TestNewPrintsTheClusterWhenTheTestFails(t *testing.T) {
	var passing fakeT
	c := simtest.New(&passing, sim.Config{Seed: 1})
	require.NotNil(t, c)
	passing.end()
	assert.Empty(t, passing.logs)

	var failing fakeT
	c = simtest.New(&failing, sim.Config{Seed: 1})
	_, err := c.CreatePod(pod.Pod{Namespace: "shop", Name: "cart", Labels: selector.Set{"app": "cart"}})
	require.NoError(t, err)
	require.NoError(t, c.Settle())
	failing.Errorf("the test's own assertion failed")
	failing.end()
	require.Len(t, failing.logs, 1)
	dump := failing.logs[0]
	for _, want := range []string{
		"svcsim cluster at 2025-01-01T00:00:", "seed 1",
		"PodCreated pod/shop/cart",
		"$ kubectl get nodes\nNAME     STATUS   ROLES",
		"$ kubectl get pods -o wide -n shop\nNAME   READY   STATUS    RESTARTS   AGE   IP",
		"\ncart   1/1     Running   0 ",
		"$ kubectl get services -o wide -n default\n",
		"\nkubernetes   ClusterIP   10.96.0.1 ",
		"$ kubectl get endpoints -n default\n",
		"$ kubectl get endpointslices -n default\n",
		"$ kubectl get services -o wide -n shop\nNo resources found in shop namespace.",
	} {
		assert.Contains(t, dump, want)
	}
	assert.NotContains(t, dump, "-n kube-system", "the add-ons are not the test's")
}

// TestDumpShowsTheLastEvents keeps the dump short: the last DumpEvents
// events of a long trace.
func TestDumpShowsTheLastEvents(t *testing.T) {
	c := webCluster(t, sim.Config{Seed: 1})
	for range 5 {
		require.NoError(t, c.Rollout("default", "web"))
		require.NoError(t, c.Advance(3600e9))
	}
	all := c.Events()
	require.Greater(t, len(all), simtest.DumpEvents)
	dump := c.Dump()
	assert.Contains(t, dump, "the last 30 of ")
	assert.Contains(t, dump, all[len(all)-1].String())
	assert.NotContains(t, dump, all[len(all)-simtest.DumpEvents-1].String())
}

// TestNewStopsTheTestOnABadConfig: the test is stopped with New's error,
// nothing panics.
func TestNewStopsTheTestOnABadConfig(t *testing.T) {
	var ft fakeT
	c := simtest.New(&ft, sim.Config{ServiceCIDR: netip.MustParsePrefix("10.96.0.0/31")})
	assert.Nil(t, c)
	require.Len(t, ft.fatals, 1)
	assert.True(t, strings.HasPrefix(ft.fatals[0], "simtest.New: config: serviceCIDR"), ft.fatals[0])
}
