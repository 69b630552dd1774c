package simtest_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
	"github.com/svcsim/svcsim/sim"
	"github.com/svcsim/svcsim/sim/simtest"
)

// threeReady is the condition of these tests: web has three ready
// addresses.
func threeReady(c *simtest.Cluster) func(simtest.T) {
	return func(t simtest.T) {
		if got := simtest.ReadyAddresses(c, "default", "web"); len(got) != 3 {
			t.Errorf("Service default/web: %d ready addresses %v, want 3", len(got), got)
		}
	}
}

// slowWeb is web whose pods are ready 10 s after they start, not yet
// settled.
func slowWeb(t *testing.T) *simtest.Cluster {
	c := simtest.New(t, sim.Config{Seed: 1})
	require.NoError(t, c.CreateDeployment(sim.Deployment{Name: "web", Replicas: 3, Labels: selector.Set{"app": "web"},
		Ports: []pod.ContainerPort{{Name: "http", Port: 8080}}, ReadyAfter: 10 * time.Second}))
	_, err := c.CreateService(webService())
	require.NoError(t, err)
	require.NoError(t, c.Advance(0))
	return c
}

func TestEventuallyAdvancesUntilTrue(t *testing.T) {
	c := slowWeb(t)
	start := c.Now()
	var ft fakeT
	assert.True(t, simtest.Eventually(&ft, c, threeReady(c), time.Minute, time.Second))
	assert.Empty(t, ft.errs)
	assert.Equal(t, 10*time.Second, c.Now().Sub(start), "stops at the first step that passes")

	assert.True(t, simtest.Eventually(&ft, c, threeReady(c), 0, time.Second), "true at once, with no time to wait")
	assert.Equal(t, 10*time.Second, c.Now().Sub(start))
}

func TestEventuallyFailsWithWhatItLastSaw(t *testing.T) {
	c := slowWeb(t)
	start := c.Now()
	var ft fakeT
	assert.False(t, simtest.Eventually(&ft, c, threeReady(c), 4500*time.Millisecond, time.Second))
	ft.failedWith(t, "not true within 4.5s of virtual time (6 checks, every 1s); at the last, 4.5s after the start:",
		"Service default/web: 0 ready addresses [], want 3")
	assert.Equal(t, 4500*time.Millisecond, c.Now().Sub(start), "never past the bound")

	// with an assertion of this package as the condition
	ft = fakeT{}
	assert.False(t, simtest.Eventually(&ft, c, func(t simtest.T) {
		simtest.AssertEndpoints(t, c, "default", "nope")
	}, time.Second, time.Second))
	ft.failedWith(t, "Service default/nope: not found")
}

func TestEventuallyFailsOnBadArguments(t *testing.T) {
	c := slowWeb(t)
	for _, tc := range []struct {
		c            *simtest.Cluster
		within, step time.Duration
		want         string
	}{
		{c, time.Minute, 0, "simtest.Eventually: step 0s and bound 1m0s: the step must be positive"},
		{c, -time.Second, time.Second, "simtest.Eventually: step 1s and bound -1s"},
		{nil, time.Minute, time.Second, "simtest.Eventually: nil Cluster"},
	} {
		var ft fakeT
		assert.False(t, simtest.Eventually(&ft, tc.c, threeReady(c), tc.within, tc.step))
		ft.failedWith(t, tc.want)
	}
}
