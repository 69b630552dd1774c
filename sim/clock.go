package sim

// The virtual clock and the work queue's driver: Advance, Settle and the
// task kinds the controllers schedule.

import (
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/svcsim/svcsim/sim/internal/queue"
)

// taskKind says what a queued task does.
type taskKind = uint8

const (
	tkEndpointsSync taskKind = iota + 1 // id: service key id
	tkProxySync                         // kube-proxy programs every dirty service
	tkPodReady                          // id: pod slot, gen: pod generation
	tkPodGone                           // id: pod slot: grace period over
	tkDeploySync                        // id: deployment id, gen: its record generation
	tkRSSync                            // id: replica set id, gen: its record generation
	tkNodeNotReady                      // id: node index, gen: node generation
	tkNodeEvict                         // id: node index, gen: node generation
	tkMasterService                     // kube-apiserver re-creates default/kubernetes
	tkKubeletSync                       // id: pod slot, gen: pod generation: the kubelet acts on an exited container
)

// Bounds of Settle: it gives up rather than spin when work does not
// converge.
const (
	settleMaxSteps   = 10_000_000
	settleMaxVirtual = 24 * time.Hour
)

// ErrNotSettled is wrapped by Settle when pending work did not converge
// within its bound (10^7 steps or 24 h of virtual time).
var ErrNotSettled = errors.New("work did not settle")

func (c *Cluster) schedule(after time.Duration, kind taskKind, id int32, gen uint32) {
	if after <= 0 {
		c.q.PushNow(queue.Task{At: c.now, Kind: kind, ID: id, Gen: gen})
		return
	}
	c.q.Push(queue.Task{At: addSat(c.now, int64(after)), Kind: kind, ID: id, Gen: gen}, int64(after))
}

// addSat returns a+b for b >= 0, saturating at math.MaxInt64: a delay that
// ends past the last representable instant is never due, instead of
// wrapping into the past and running at once.
func addSat(a, b int64) int64 {
	if b > math.MaxInt64-a {
		return math.MaxInt64
	}
	return a + b
}

// Now returns the virtual time; the clock starts at 2025-01-01T00:00:00Z.
func (c *Cluster) Now() time.Time { return epoch.Add(time.Duration(c.now)) }

// Advance runs the virtual clock forward by exactly d, running all work due
// up to and including the new time. A negative d, or one that would take
// the clock past the last instant time.Duration can count from the
// epoch (about 292 years), is an error wrapping ErrInvalid.
func (c *Cluster) Advance(d time.Duration) error {
	if d < 0 {
		return fmt.Errorf("advance: duration %v: must not be negative: %w", d, ErrInvalid)
	}
	if int64(d) > math.MaxInt64-c.now {
		return fmt.Errorf("advance: duration %v from %s: past the last representable time: %w",
			d, c.Now().Format(time.RFC3339), ErrInvalid)
	}
	end := c.now + int64(d)
	for steps := 0; ; steps++ {
		if steps >= settleMaxSteps {
			return fmt.Errorf("advance: %d steps at %s: %w", steps, c.Now().Format(time.RFC3339), ErrNotSettled)
		}
		t, ok := c.q.Next(c.now, end)
		if !ok {
			break
		}
		c.step(t)
	}
	c.now = end
	return nil
}

// Settle runs until no work is pending, jumping the clock from one due task
// to the next. It returns an error wrapping ErrNotSettled instead of
// spinning when the work does not converge within 10^7 steps or 24 hours of
// virtual time; the work done so far stays done.
func (c *Cluster) Settle() error {
	start := c.now
	for steps := 0; ; steps++ {
		if steps >= settleMaxSteps || c.now-start > int64(settleMaxVirtual) {
			return fmt.Errorf("settle: %d tasks still pending after %d steps and %v: %w",
				c.q.Len(), steps, time.Duration(c.now-start), ErrNotSettled)
		}
		t, ok := c.q.Next(c.now, addSat(start, int64(settleMaxVirtual)))
		if !ok {
			if c.q.Len() > 0 {
				return fmt.Errorf("settle: %d tasks still pending after %v: %w",
					c.q.Len(), settleMaxVirtual, ErrNotSettled)
			}
			return nil
		}
		c.step(t)
	}
}

// step runs one task.
func (c *Cluster) step(t queue.Task) {
	if t.At > c.now {
		c.now = t.At
	}
	switch t.Kind {
	case tkEndpointsSync:
		c.runEndpointsSync(t.ID)
	case tkProxySync:
		c.runProxySync()
		c.goneCheck = len(c.svcGone) > 0
	case tkPodReady:
		c.runPodReady(t.ID, t.Gen)
	case tkPodGone:
		c.runPodGone(t.ID, t.Gen)
	case tkDeploySync:
		c.runDeploySync(t.ID, t.Gen)
	case tkRSSync:
		c.runRSSync(t.ID, t.Gen)
	case tkNodeNotReady:
		c.runNodeNotReady(t.ID, t.Gen)
	case tkNodeEvict:
		c.runNodeEvict(t.ID, t.Gen)
	case tkMasterService:
		c.runMasterService()
	case tkKubeletSync:
		c.runKubeletSync(t.ID, t.Gen)
	}
	c.flush()
}
