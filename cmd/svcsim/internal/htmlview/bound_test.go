package htmlview

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/svcsim/svcsim/sim"
)

// TestFoldBound: a small budget folds the oldest instants into the
// starting state; the kept history stays within the budget and the last
// instant still shows the cluster's state.
func TestFoldBound(t *testing.T) {
	const budget = 8192
	var last map[string]map[string][]byte
	r := tour(t, Options{MaxBytes: budget}, func(c *sim.Cluster, r *Recorder) {
		require.LessOrEqual(t, r.bytes, budget)
		last = map[string]map[string][]byte{}
		for k, m := range clusterState(t, c) {
			last[k] = map[string][]byte{}
			for key, v := range m {
				last[k][key] = v
			}
		}
	})
	require.True(t, r.folded, "nothing folded")
	d := readData(t, page(t, r))
	require.True(t, d.Folded)
	require.Len(t, d.T, r.instants())
	got := r.stateAt(r.instants() - 1)
	for _, kind := range []string{kindPod, kindService, kindEndpoint, kindProxy, kindNode} {
		want := map[string]string{}
		for k, v := range last[kind] {
			want[k] = string(v)
		}
		require.Equal(t, want, jsonMap(got[kind]), kind)
	}
	full := tour(t, Options{}, nil)
	require.Less(t, r.bytes, full.bytes)
}

// TestLongStoryBounded: a long story's page stays within its budget plus
// the starting state and the code.
func TestLongStoryBounded(t *testing.T) {
	const budget = 256 << 10
	r := longStory(t, Options{MaxBytes: budget}, 100)
	require.True(t, r.folded)
	require.LessOrEqual(t, r.bytes, budget)
	p := page(t, r)
	require.Less(t, len(p), budget+100<<10, "page of %d bytes", len(p))
	require.True(t, readData(t, p).Folded)
}

func TestOptionsRefused(t *testing.T) {
	c, err := sim.New(sim.Config{})
	require.NoError(t, err)
	_, err = New(c, Options{MaxBytes: 100})
	require.ErrorContains(t, err, "MaxBytes 100: must be at least 4096")
	_, err = New(nil, Options{})
	require.Error(t, err)
}
