package sim

import "time"

// traceChunk is the block size of the event log: appending never copies
// the log, and a bounded trace reuses its blocks as a ring.
const traceChunk = 4096

// trace keeps the event log: unbounded (limit 0), the last limit events
// (limit > 0), or nothing (limit < 0). Events live in fixed-size blocks.
type trace struct {
	limit  int
	blocks [][]Event
	first  int // index of the oldest kept event in blocks[0]
	n      int // events kept
}

// tracing reports whether events are recorded. Callers test it before
// building messages, so a cluster without a trace never formats strings.
func (c *Cluster) tracing() bool { return c.tr.limit >= 0 }

// emit records an event at the current virtual time.
func (c *Cluster) emit(kind, object, msg string) {
	t := &c.tr
	if t.limit < 0 {
		return
	}
	e := Event{Time: epoch.Add(time.Duration(c.now)), Kind: kind, Object: object, Message: msg}
	last := len(t.blocks) - 1
	if last < 0 || len(t.blocks[last]) == traceChunk {
		t.blocks = append(t.blocks, make([]Event, 0, traceChunk))
		last++
	}
	t.blocks[last] = append(t.blocks[last], e)
	t.n++
	if t.limit > 0 && t.n > t.limit {
		t.blocks[0][t.first] = Event{}
		t.first++
		t.n--
		if t.first == traceChunk {
			t.blocks = t.blocks[1:]
			t.first = 0
		}
	}
}

// Events returns a copy of the trace in the order the changes happened
// (virtual-time order). With Config.TraceLimit > 0 only the last
// TraceLimit events are kept; with a negative TraceLimit the trace is
// empty.
func (c *Cluster) Events() []Event {
	t := &c.tr
	out := make([]Event, 0, t.n)
	for i, b := range t.blocks {
		if i == 0 {
			b = b[t.first:]
		}
		out = append(out, b...)
	}
	return out
}
