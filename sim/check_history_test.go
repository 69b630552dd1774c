package sim

import (
	"fmt"
	"math"
	"slices"
	"testing"
	"time"

	"github.com/svcsim/svcsim/selector"
)

// TestCheckCostIndependentOfHistory: Check recomputes from what the
// cluster holds, so a long trace does not slow it. The same small cluster
// is checked after a short and a 256 times longer history of readiness
// flips; Check used to recount the trace records of every namespace and
// cost about 40 times more on the longer one.
func TestCheckCostIndependentOfHistory(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a long trace")
	}
	checkAfter := func(flips int) time.Duration {
		c := smallCluster(t)
		p := c.Pods("default", selector.Everything())[0]
		for i := range flips {
			must(t, c.SetPodReady(p.Namespace, p.Name, i%2 == 1))
			must(t, c.Settle())
		}
		best := time.Duration(math.MaxInt64)
		for range 5 {
			start := time.Now()
			must(t, c.Check())
			best = min(best, time.Since(start))
		}
		t.Logf("%d flips, %d trace records: Check %v", flips, c.tr.Len(), best)
		return best
	}
	short, long := checkAfter(500), checkAfter(256*500)
	if ratio := float64(long) / float64(short); ratio > 8 {
		t.Errorf("Check after a 256 times longer history took %.1f times as long (%v, %v)", ratio, short, long)
	}
}

// checkTraceRefs recounts, from the trace, the records naming each
// namespace index, which Check trusts (nsTrace): the state machines run it
// after every step.
func checkTraceRefs(c *Cluster) error {
	traced := make([]int32, len(c.nsNames))
	rd := c.tr.Reader()
	for range c.tr.Len() {
		r := rd.Next()
		for range r.Strs {
			rd.Str()
		}
		for range r.Addrs {
			rd.Addr()
		}
		if r.Kind != evRaw {
			traced[r.NS]++
		}
	}
	if !slices.Equal(traced, c.nsTrace) {
		return fmt.Errorf("namespaces: trace records %v, recounted %v", c.nsTrace, traced)
	}
	return nil
}

// TestCheckTraceRefs: a miscounted trace record is found by the recount.
func TestCheckTraceRefs(t *testing.T) {
	c := smallCluster(t)
	must(t, checkTraceRefs(c))
	c.nsTrace[nsDefault]++
	if err := checkTraceRefs(c); err == nil {
		t.Fatal("a miscounted trace record went unnoticed")
	}
}
