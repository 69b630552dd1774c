package sim

import (
	"math"
	"testing"
	"time"

	"github.com/svcsim/svcsim/selector"
)

// A delay that would pass the last representable instant never fires,
// even once the clock reaches that instant.
func TestDelayPastTheEndNeverFires(t *testing.T) {
	c := mustNew(t, Config{Seed: 1})
	must(t, c.Advance(time.Duration(math.MaxInt64-int64(30*time.Minute))))
	must(t, c.CreateDeployment(webDeployment(1, time.Hour)))
	must(t, c.Advance(0))
	must(t, c.Advance(time.Duration(math.MaxInt64-int64(c.Now().Sub(Epoch)))))
	for _, p := range c.Pods("default", selector.Everything()) {
		if p.Ready {
			t.Errorf("pod %s Ready: its 1 h delay passes the end of time", p.Name)
		}
	}
}
