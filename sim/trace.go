package sim

import "time"

// trace keeps the event log: unbounded (limit 0), the last limit events
// (limit > 0, a ring), or nothing (limit < 0).
type trace struct {
	limit int
	ev    []Event
	head  int // index of the oldest event once the ring is full
}

// on reports whether events are recorded. Callers test it before building
// messages, so a cluster without a trace never formats strings.
func (c *Cluster) tracing() bool { return c.tr.limit >= 0 }

// emit records an event at the current virtual time.
func (c *Cluster) emit(kind, object, msg string) {
	t := &c.tr
	if t.limit < 0 {
		return
	}
	e := Event{Time: epoch.Add(time.Duration(c.now)), Kind: kind, Object: object, Message: msg}
	if t.limit == 0 || len(t.ev) < t.limit {
		t.ev = append(t.ev, e)
		return
	}
	t.ev[t.head] = e
	t.head = (t.head + 1) % t.limit
}

// Events returns a copy of the trace in virtual-time order (the order the
// changes happened). With Config.TraceLimit > 0 only the last TraceLimit
// events are kept; with a negative TraceLimit the trace is empty.
func (c *Cluster) Events() []Event {
	t := &c.tr
	out := make([]Event, 0, len(t.ev))
	out = append(out, t.ev[t.head:]...)
	return append(out, t.ev[:t.head]...)
}
