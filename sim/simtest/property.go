package simtest

import (
	"pgregory.net/rapid"

	"github.com/svcsim/svcsim/sim"
)

// Invariant is a property of the cluster, checked after every step of a
// rapid run; it reports a violation on t (t.Errorf, t.Fatalf, or any
// assertion of this package).
type Invariant func(t *rapid.T, c *Cluster)

// Invariants returns the check to run before the first and after every
// action of rapid's T.Repeat (its "" key): Settle, then Cluster.Check
// (every internal invariant of the cluster against a from-scratch
// recomputation), then each invariant in order. A Settle or Check error
// stops the run.
func Invariants(c *Cluster, invariants ...Invariant) func(*rapid.T) {
	return func(rt *rapid.T) {
		// rt.Helper() walks the stack: each report calls it, not every step.
		if c == nil || c.Cluster == nil {
			rt.Helper()
			rt.Fatalf("simtest.Invariants: nil Cluster (build one with simtest.New)")
		}
		if err := c.Settle(); err != nil {
			rt.Helper()
			rt.Fatalf("Settle: %v", err)
		}
		if err := c.Check(); err != nil {
			rt.Helper()
			rt.Fatalf("Check: %v", err)
		}
		for _, inv := range invariants {
			inv(rt, c)
		}
	}
}

// Check drives c with rapid: a random sequence of the churn actions of
// Actions(c, ActionOptions{}) (the default namespace), with Invariants
// checked after every step. For other options, build the map yourself:
//
//	acts := simtest.Actions(c, simtest.ActionOptions{Namespace: "shop"})
//	acts[""] = simtest.Invariants(c, invariants...)
//	rt.Repeat(acts)
func Check(rt *rapid.T, c *Cluster, invariants ...Invariant) {
	rt.Helper()
	acts := Actions(c, ActionOptions{})
	acts[""] = Invariants(c, invariants...)
	rt.Repeat(acts)
}

// Property is a whole rapid property test: each run builds a cluster
// from cfg (New, with rt as its test, so a failing run prints the
// cluster), lets setup create the objects (it may draw from rt), and
// runs Check with the invariants. Pass a *testing.T.
func Property(t rapid.TB, cfg sim.Config, setup func(rt *rapid.T, c *Cluster), invariants ...Invariant) {
	t.Helper()
	rapid.Check(t, func(rt *rapid.T) {
		c := New(rt, cfg)
		if setup != nil {
			setup(rt, c)
		}
		Check(rt, c, invariants...)
	})
}
