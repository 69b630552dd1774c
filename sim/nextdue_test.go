package sim

import (
	"testing"
	"time"
)

// TestNextDue: NextDue names the instant of the next pending task: now,
// while work due now is queued; later, for a readiness delay or, once
// settled, coredns's progress check (a watchdog Settle does not wait for).
func TestNextDue(t *testing.T) {
	c := mustNew(t, Config{Seed: 1, ProxyDelay: -1})
	must(t, c.Settle())
	if at, ok := c.NextDue(); !ok || !at.After(c.Now()) {
		t.Fatalf("settled cluster: NextDue = %v, %v; want the later progress check", at, ok)
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
}
