package sim

import (
	"testing"
	"time"
)

// TestNextDue: NextDue names the instant of the next pending task: none
// on a settled cluster whose rollouts completed (a Deployment's progress
// check is queued once its syncs at an instant are done, and only for an
// incomplete rollout); now, while work due now is queued; later, for a
// readiness delay or, once settled, the progress check of a rollout that
// cannot complete (a watchdog Settle does not wait for).
func TestNextDue(t *testing.T) {
	c := mustNew(t, Config{Seed: 1, ProxyDelay: -1, MaxPods: 4})
	must(t, c.Settle())
	if at, ok := c.NextDue(); ok {
		t.Fatalf("settled cluster: NextDue = %v, %v; want nothing pending", at, ok)
	}
	must(t, c.CreateDeployment(webDeployment(1, 3*time.Second)))
	if at, ok := c.NextDue(); !ok || !at.Equal(c.Now()) {
		t.Fatalf("after a create: NextDue = %v, %v; want now (%v)", at, ok, c.Now())
	}
	must(t, c.Advance(0))
	at, ok := c.NextDue()
	if !ok || !at.After(c.Now()) {
		t.Fatalf("pod starting: NextDue = %v, %v; want a later instant than %v", at, ok, c.Now())
	}
	must(t, c.Advance(at.Sub(c.Now())))
	if !c.Now().Equal(at) {
		t.Fatalf("Advance to NextDue: now %v, want %v", c.Now(), at)
	}
	// MaxPods leaves room for one of three pods: the rollout stays
	// incomplete, a progress check pending.
	must(t, c.CreateDeployment(webDeploymentNamed("stuck", 3)))
	must(t, c.Settle())
	if at, ok := c.NextDue(); !ok || !at.After(c.Now()) {
		t.Fatalf("stuck rollout: NextDue = %v, %v; want a progress check later than %v", at, ok, c.Now())
	}
}
