package sim

import (
	"strings"
	"testing"
	"time"
)

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
	if len(full) < 2*traceChunk {
		t.Fatalf("only %d events", len(full))
	}
	for _, limit := range []int{1, 3, 10, 999, traceChunk + 17, len(full) - 1} {
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

// TestTraceLongName checks the record of a name too long for the packed
// length: it travels in the side strings, also when the ring drops it.
func TestTraceLongName(t *testing.T) {
	long := strings.Repeat("x", longNameLen+5)
	for _, limit := range []int{0, 2} {
		c := mustNew(t, Config{Seed: 1, TraceLimit: limit})
		ns := c.namespace("default")
		c.tr.strs.push("rs-1")
		c.record(evRec{name: long, ns: ns, kind: evScalingReplicaSet, side: 1, a: 3<<32 | 5})
		c.record(evRec{name: long, ns: ns, kind: evProxyProgrammed, a: 7})
		c.record(evRec{name: "short", ns: ns, kind: evProxyProgrammed, a: 1})
		ev := c.Events()
		want := []Event{
			{Kind: "ScalingReplicaSet", Object: "deployment/default/" + long, Message: "Scaled up replica set rs-1 from 3 to 5"},
			{Kind: "ProxyProgrammed", Object: "service/default/" + long, Message: "7 ready backends"},
			{Kind: "ProxyProgrammed", Object: "service/default/short", Message: "1 ready backends"},
		}
		if limit > 0 {
			want = want[len(want)-limit:]
		}
		if len(ev) < len(want) {
			t.Fatalf("limit %d: %d events", limit, len(ev))
		}
		ev = ev[len(ev)-len(want):]
		for i := range want {
			want[i].Time = epoch
			if ev[i] != want[i] {
				t.Errorf("limit %d: event %d = %.80v, want %.80v", limit, i, ev[i], want[i])
			}
		}
	}
}
