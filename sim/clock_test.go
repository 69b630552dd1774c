package sim

import (
	"errors"
	"math"
	"testing"
	"time"

	"github.com/svcsim/svcsim/selector"
)

func TestSettleBound(t *testing.T) {
	c := mustNew(t, Config{})
	// A task that always re-queues itself never settles.
	c.deps = append(c.deps, &depRec{})
	for range 3 {
		c.schedule(time.Hour*25, tkDeploySync, 0, 0)
	}
	if err := c.Settle(); err == nil {
		t.Fatal("Settle did not give up")
	}
}

// TestClockOverflow: the virtual clock never wraps. Advance past the last
// representable instant is refused (nothing runs, the clock stays), and a
// delay too long to represent (a ReadyAfter of ~292 years) is never due
// rather than due at once.
func TestClockOverflow(t *testing.T) {
	c := mustNew(t, Config{Seed: 1, ProxyDelay: -1})
	d := webDeployment(1, time.Duration(math.MaxInt64))
	must(t, c.Advance(time.Hour))
	must(t, c.CreateDeployment(d))
	must(t, c.Advance(time.Minute))
	if ps := podsOf(c); len(ps) != 1 || ps[0].Ready {
		t.Fatalf("a pod with ReadyAfter %v is Ready after a minute: %+v", d.ReadyAfter, ps)
	}
	before := c.Now()
	if err := c.Advance(time.Duration(math.MaxInt64)); !errors.Is(err, ErrInvalid) {
		t.Fatalf("Advance(MaxInt64) at %v: got %v, want ErrInvalid", before, err)
	}
	if !c.Now().Equal(before) {
		t.Fatalf("refused Advance moved the clock from %v to %v", before, c.Now())
	}
	if ps := podsOf(c); len(ps) != 1 || ps[0].Ready {
		t.Fatalf("pod Ready after a refused Advance: %+v", ps)
	}
	must(t, c.Check())

	// A grace period too long to represent: the pod stays Terminating.
	g := webDeployment(1, 0)
	g.Name, g.Labels, g.TerminationGracePeriod = "slow", selector.Set{"app": "slow"}, time.Duration(math.MaxInt64)
	must(t, c.CreateDeployment(g))
	must(t, c.Advance(time.Second))
	ps := c.Pods("", selector.MustParse("app=slow"))
	if len(ps) != 1 {
		t.Fatalf("slow pods: %+v", ps)
	}
	must(t, c.DeletePod("", ps[0].Name))
	must(t, c.Advance(time.Hour))
	if p, ok := c.Pod("", ps[0].Name); !ok || !p.Terminating {
		t.Fatalf("pod with grace %v gone or not terminating after an hour: %v %+v", g.TerminationGracePeriod, ok, p)
	}
	must(t, c.FailNode(ps[0].NodeName))
	must(t, c.RecoverNode(ps[0].NodeName))
	must(t, c.Advance(time.Hour))
	if _, ok := c.Pod("", ps[0].Name); !ok {
		t.Fatal("pod gone after its node recovered, long before its grace period ended")
	}
}
