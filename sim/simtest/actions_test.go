package simtest_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
	"github.com/svcsim/svcsim/sim"
	"github.com/svcsim/svcsim/sim/simtest"
)

// TestActionsScaleOnlySyncedDeployments: a Deployment the deployment
// controller has not synced yet (no ReplicaSet) is not a target; once
// synced, it is.
func TestActionsScaleOnlySyncedDeployments(t *testing.T) {
	t.Chdir(t.TempDir()) // rapid writes a failing case under testdata/
	for _, settle := range []bool{false, true} {
		rec := &recordingTB{name: "TestScale"}
		rapid.Check(rec, func(rt *rapid.T) {
			c := simtest.New(rt, sim.Config{Seed: 7})
			require.NoError(t, c.CreateDeployment(sim.Deployment{Name: "web", Replicas: 1, Labels: selector.Set{"app": "web"},
				Ports: []pod.ContainerPort{{Name: "http", Port: 8080}}}))
			if settle {
				require.NoError(t, c.Settle())
			}
			acts := simtest.Actions(c, simtest.ActionOptions{})
			rt.Repeat(map[string]func(*rapid.T){simtest.ActionScale: acts[simtest.ActionScale]})
		})
		if settle {
			assert.Empty(t, rec.errs)
		} else {
			require.NotEmpty(t, rec.errs)
			assert.Contains(t, rec.errs[0], "can't find a valid (non-skipped) action")
		}
	}
}
