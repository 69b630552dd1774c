package sim

import "testing"

// Check recomputes everything from scratch, but into storage it reuses:
// on the small cluster of property tests it allocates little.
func TestSmallCheckAllocs(t *testing.T) {
	c := smallCluster(t)
	n := testing.AllocsPerRun(20, func() {
		if err := c.Check(); err != nil {
			t.Fatal(err)
		}
	})
	if n > smallCheckAllocs {
		t.Errorf("Check: %v allocations, want at most %d", n, smallCheckAllocs)
	}
}

const smallCheckAllocs = 112
