package sim

import (
	"testing"
	"time"
)

// traceBlock is sim/internal/trace's block size.
const traceBlock = 4096

// TestTraceLimitLong checks the bounded trace against the tail of the full
// one over more events than a trace block holds, so the compact records'
// side rings (strings, endpoint addresses) drop blocks while the records
// ring does.
func TestTraceLimitLong(t *testing.T) {
	run := func(limit int) []Event {
		c := rolloutCluster(t, 30, 6, 4, limit, false, false)
		for range 7 {
			must(t, c.Advance(time.Minute))
			rolloutAll(t, c, 30)
		}
		must(t, c.DeleteService("", "app-3"))
		must(t, c.Settle())
		return c.Events()
	}
	full := run(0)
	if len(full) < 2*traceBlock {
		t.Fatalf("only %d events", len(full))
	}
	for _, limit := range []int{1, 3, 10, 999, traceBlock + 17, len(full) - 1} {
		ring := run(limit)
		if len(ring) != limit {
			t.Fatalf("limit %d: %d events kept", limit, len(ring))
		}
		tail := full[len(full)-limit:]
		for i := range ring {
			if ring[i] != tail[i] {
				t.Fatalf("limit %d: ring[%d] = %v, want %v", limit, i, ring[i], tail[i])
			}
		}
	}
}
