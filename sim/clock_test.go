package sim

import (
	"slices"
	"testing"
	"time"

	"pgregory.net/rapid"
)

// TestQueueOrder compares the lanes+FIFO queue with a slow reference: a
// list sorted by (at, seq) on every pop.
func TestQueueOrder(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		var q queue
		var ref []task
		var seq uint64
		now := int64(0)
		for range rapid.IntRange(1, 200).Draw(t, "ops") {
			if rapid.IntRange(0, 2).Draw(t, "op") > 0 {
				d := int64(rapid.SampledFrom([]int{0, 0, 1, 2, 5}).Draw(t, "delay"))
				if rapid.IntRange(0, 3).Draw(t, "many") == 0 {
					d = int64(rapid.IntRange(1, 100).Draw(t, "anyDelay")) // more lanes than are kept
				}
				tk := task{at: now + d, id: int32(seq)}
				seq++
				if d == 0 {
					q.pushNow(tk)
				} else {
					q.push(tk, d)
				}
				tk.seq = seq
				ref = append(ref, tk)
				continue
			}
			got, ok := q.next(now, now+1<<40)
			slices.SortFunc(ref, func(a, b task) int {
				if a.at != b.at {
					return int(a.at - b.at)
				}
				return int(a.seq) - int(b.seq)
			})
			if !ok {
				if len(ref) != 0 {
					t.Fatalf("queue empty, reference has %d", len(ref))
				}
				continue
			}
			if len(ref) == 0 || ref[0].id != got.id {
				t.Fatalf("popped %+v, reference %+v", got, ref)
			}
			ref = ref[1:]
			now = max(now, got.at)
		}
	})
}

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
