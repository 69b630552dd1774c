package sim

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// goneAfter deletes the first pod of a settled 2-replica Deployment with
// del, then advances one second at a time and returns how long the pod
// object lasted.
func goneAfter(t *testing.T, del func(c *Cluster, name string)) time.Duration {
	t.Helper()
	c := mustNew(t, Config{Seed: 1})
	require.NoError(t, c.CreateDeployment(webDeployment(2, 0)))
	settleCheck(t, c)
	start := c.Now()
	victim := podsOf(c)[0].Name
	del(c, victim)
	for range 100 {
		require.NoError(t, c.Advance(0))
		if _, ok := c.Pod("", victim); !ok {
			gone := c.Now().Sub(start)
			settleCheck(t, c)
			require.Len(t, podsOf(c), 2, "replaced")
			return gone
		}
		require.NoError(t, c.Advance(time.Second))
	}
	t.Fatal("never gone")
	return 0
}

func TestDeletePodGrace(t *testing.T) {
	for _, tc := range []struct {
		name string
		del  func(c *Cluster, name string)
		want time.Duration
	}{
		{"default 30s", func(c *Cluster, n string) { require.NoError(t, c.DeletePod("", n)) }, 30 * time.Second},
		{"own 5s", func(c *Cluster, n string) { require.NoError(t, c.DeletePodGrace("", n, 5*time.Second)) }, 5 * time.Second},
		{"negative: 1s", func(c *Cluster, n string) { require.NoError(t, c.DeletePodGrace("", n, -time.Second)) }, time.Second},
		{"force: at once", func(c *Cluster, n string) {
			require.NoError(t, c.DeletePodGrace("", n, 0))
			_, ok := c.Pod("", n)
			assert.False(t, ok, "gone within the call")
		}, 0},
		{"shortened while terminating", func(c *Cluster, n string) {
			require.NoError(t, c.DeletePod("", n))
			require.NoError(t, c.Advance(10*time.Second))
			require.NoError(t, c.DeletePodGrace("", n, 15*time.Second)) // start + 15 s
		}, 15 * time.Second},
		{"shortened past its deadline", func(c *Cluster, n string) {
			require.NoError(t, c.DeletePod("", n))
			require.NoError(t, c.Advance(10*time.Second))
			require.NoError(t, c.DeletePodGrace("", n, 5*time.Second))
		}, 10 * time.Second},
		{"not lengthened", func(c *Cluster, n string) {
			require.NoError(t, c.DeletePod("", n))
			require.NoError(t, c.DeletePodGrace("", n, time.Hour))
		}, 30 * time.Second},
	} {
		t.Run(tc.name, func(t *testing.T) { assert.Equal(t, tc.want, goneAfter(t, tc.del)) })
	}
}

// TestForceDeleteOnFailedNode: a pod stuck Terminating on a failed node
// goes at once with grace 0, as `kubectl delete --force --grace-period=0`.
func TestForceDeleteOnFailedNode(t *testing.T) {
	c := mustNew(t, Config{Seed: 1})
	require.NoError(t, c.CreateDeployment(webDeployment(3, 0)))
	settleCheck(t, c)
	require.NoError(t, c.FailNode("node-3"))
	require.NoError(t, c.Advance(10*time.Minute))
	var stuck string
	for _, p := range podsOf(c) {
		if p.NodeName == "node-3" && p.Terminating {
			stuck = p.Name
		}
	}
	require.NotEmpty(t, stuck)
	require.NoError(t, c.DeletePodGrace("", stuck, 0))
	_, ok := c.Pod("", stuck)
	assert.False(t, ok)
	require.NoError(t, c.Check())
}
