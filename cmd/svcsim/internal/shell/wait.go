package shell

import (
	"time"

	"github.com/svcsim/svcsim/sim"
)

// waitLimit bounds how long (virtual time) a command waits for a
// condition, as the issue pins for rollout status: 10 minutes.
const waitLimit = 10 * time.Minute

// waitFor advances the clock from one pending task to the next until done
// reports true or limit has passed; it reports whether done came true.
// The clock stops at the instant done came true, as a watch would.
func waitFor(c *sim.Cluster, limit time.Duration, done func() bool) (bool, error) {
	end := c.Now().Add(limit)
	for !done() {
		at, ok := c.NextDue()
		if !ok || at.After(end) {
			if err := c.Advance(end.Sub(c.Now())); err != nil {
				return false, err
			}
			return done(), nil
		}
		if err := c.Advance(at.Sub(c.Now())); err != nil {
			return false, err
		}
	}
	return true, nil
}
