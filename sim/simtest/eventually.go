package simtest

import (
	"fmt"
	"strings"
	"time"
)

// Eventually checks cond now and after every step of virtual time
// (Cluster.Advance) until it reports no error, for at most within: the
// clock never passes the instant within after the call. cond reports
// problems on the T it is given (any assertion of this package, testify's
// assert, or Errorf); they are kept, not reported, until the bound is
// reached. It returns true as soon as cond passes, the clock left where
// it passed; otherwise it fails t with what cond reported at its last
// check, and the virtual time of that check, and returns false.
//
//	simtest.Eventually(t, c, func(t simtest.T) {
//		simtest.AssertEndpoints(t, c, "default", "web")
//	}, time.Minute, time.Second)
func Eventually(t T, c *Cluster, cond func(t T), within, step time.Duration) bool {
	t.Helper()
	if c == nil || c.Cluster == nil {
		return nilCluster(t, "Eventually")
	}
	if step <= 0 || within < 0 {
		t.Errorf("simtest.Eventually: step %v and bound %v: the step must be positive and the bound not negative", step, within)
		return false
	}
	start := c.Now()
	for checks := 1; ; checks++ {
		var rec recorder
		cond(&rec)
		if len(rec.errs) == 0 {
			return true
		}
		elapsed := c.Now().Sub(start)
		if elapsed >= within {
			t.Errorf("not true within %v of virtual time (%d checks, every %v); at the last, %s after the start:\n%s",
				within, checks, step, elapsed, strings.Join(rec.errs, "\n"))
			return false
		}
		if err := c.Advance(min(step, within-elapsed)); err != nil {
			t.Errorf("simtest.Eventually: %v", err)
			return false
		}
	}
}

// recorder is the T cond gets: it keeps what cond reports.
type recorder struct{ errs []string }

func (*recorder) Helper() {}

func (r *recorder) Errorf(format string, args ...any) {
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}
