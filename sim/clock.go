package sim

import (
	"errors"
	"fmt"
	"time"
)

// taskKind says what a queued task does.
type taskKind uint8

const (
	tkEndpointsSync taskKind = iota + 1 // id: service key id
	tkProxySync                         // kube-proxy programs every dirty service
	tkPodReady                          // id: pod slot, gen: pod generation
	tkPodGone                           // id: pod slot: grace period over
	tkDeploySync                        // id: deployment id, gen: its record generation
	tkRSSync                            // id: replica set id, gen: its record generation
	tkNodeNotReady                      // id: node index, gen: node generation
	tkNodeEvict                         // id: node index, gen: node generation
)

// task is one entry of the event queue, ordered by (at, seq).
type task struct {
	at   int64 // virtual nanoseconds since the epoch
	seq  uint64
	kind taskKind
	id   int32
	gen  uint32
}

// queue holds pending work in (at, seq) order: the sequence number breaks
// ties, so the order never depends on anything but the order of enqueues.
// Work due later sits in a min-heap; work due now (zero delay, the bulk of
// controller reactions) goes to a FIFO, which keeps the order exact: a heap
// task due now was queued earlier than any FIFO task, so heap tasks due
// now run first, then the FIFO.
type queue struct {
	h    []task
	now  []task // due at the current time, in seq order
	head int    // first pending entry of now
	seq  uint64
}

// queueKeep is the capacity (in tasks, 32 bytes each) the queue keeps
// across bursts: reusing it saves a regrowth per burst.
const queueKeep = 1 << 16

func (q *queue) len() int { return len(q.h) + len(q.now) - q.head }

// pushNow queues a task due at the current time.
func (q *queue) pushNow(t task) {
	q.seq++
	t.seq = q.seq
	q.now = append(q.now, t)
}

// next returns the next task at or before end, in (at, seq) order.
func (q *queue) next(now, end int64) (task, bool) {
	if len(q.h) > 0 && q.h[0].at <= now {
		return q.pop(), true
	}
	if q.head < len(q.now) {
		t := q.now[q.head]
		q.head++
		if q.head == len(q.now) {
			q.now, q.head = q.now[:0], 0
			if cap(q.now) > queueKeep {
				q.now = nil // a large burst is over: give its memory back
			}
		}
		return t, true
	}
	if len(q.h) > 0 && q.h[0].at <= end {
		return q.pop(), true
	}
	return task{}, false
}

func (q *queue) less(i, j int) bool {
	a, b := &q.h[i], &q.h[j]
	return a.at < b.at || (a.at == b.at && a.seq < b.seq)
}

func (q *queue) push(t task) {
	q.seq++
	t.seq = q.seq
	q.h = append(q.h, t)
	i := len(q.h) - 1
	for i > 0 {
		p := (i - 1) / 2
		if !q.less(i, p) {
			break
		}
		q.h[i], q.h[p] = q.h[p], q.h[i]
		i = p
	}
}

func (q *queue) pop() task {
	t := q.h[0]
	n := len(q.h) - 1
	q.h[0] = q.h[n]
	q.h = q.h[:n]
	if c := cap(q.h); c > queueKeep && n < c/8 {
		q.h = append(make([]task, 0, c/4), q.h...) // shrink after a burst of timers
	}
	i := 0
	for {
		l := 2*i + 1
		if l >= n {
			break
		}
		m := l
		if r := l + 1; r < n && q.less(r, l) {
			m = r
		}
		if !q.less(m, i) {
			break
		}
		q.h[i], q.h[m] = q.h[m], q.h[i]
		i = m
	}
	return t
}

// Bounds of Settle: it gives up rather than spin when work does not
// converge.
const (
	settleMaxSteps   = 10_000_000
	settleMaxVirtual = 24 * time.Hour
)

// ErrNotSettled is wrapped by Settle when pending work did not converge
// within its bound (10^7 steps or 24 h of virtual time).
var ErrNotSettled = errors.New("work did not settle")

func (c *Cluster) schedule(after time.Duration, kind taskKind, id int32, gen uint32) {
	if after <= 0 {
		c.q.pushNow(task{at: c.now, kind: kind, id: id, gen: gen})
		return
	}
	c.q.push(task{at: c.now + int64(after), kind: kind, id: id, gen: gen})
}

// Now returns the virtual time; the clock starts at 2025-01-01T00:00:00Z.
func (c *Cluster) Now() time.Time { return epoch.Add(time.Duration(c.now)) }

// Advance runs the virtual clock forward by exactly d, running all work due
// up to and including the new time. A negative d is an error.
func (c *Cluster) Advance(d time.Duration) error {
	if d < 0 {
		return fmt.Errorf("advance: duration %v: must not be negative: %w", d, ErrInvalid)
	}
	end := c.now + int64(d)
	for steps := 0; ; steps++ {
		if steps >= settleMaxSteps {
			return fmt.Errorf("advance: %d steps at %s: %w", steps, c.Now().Format(time.RFC3339), ErrNotSettled)
		}
		t, ok := c.q.next(c.now, end)
		if !ok {
			break
		}
		c.step(t)
	}
	c.now = end
	return nil
}

// Settle runs until no work is pending, jumping the clock from one due task
// to the next. It returns an error wrapping ErrNotSettled instead of
// spinning when the work does not converge within 10^7 steps or 24 hours of
// virtual time; the work done so far stays done.
func (c *Cluster) Settle() error {
	start := c.now
	for steps := 0; ; steps++ {
		if steps >= settleMaxSteps || c.now-start > int64(settleMaxVirtual) {
			return fmt.Errorf("settle: %d tasks still pending after %d steps and %v: %w",
				c.q.len(), steps, time.Duration(c.now-start), ErrNotSettled)
		}
		t, ok := c.q.next(c.now, start+int64(settleMaxVirtual))
		if !ok {
			if c.q.len() > 0 {
				return fmt.Errorf("settle: %d tasks still pending after %v: %w",
					c.q.len(), settleMaxVirtual, ErrNotSettled)
			}
			return nil
		}
		c.step(t)
	}
}

// step runs one task.
func (c *Cluster) step(t task) {
	if t.at > c.now {
		c.now = t.at
	}
	switch t.kind {
	case tkEndpointsSync:
		c.runEndpointsSync(t.id)
	case tkProxySync:
		c.runProxySync()
		c.goneCheck = len(c.svcGone) > 0
	case tkPodReady:
		c.runPodReady(t.id, t.gen)
	case tkPodGone:
		c.runPodGone(t.id, t.gen)
	case tkDeploySync:
		c.runDeploySync(t.id, t.gen)
	case tkRSSync:
		c.runRSSync(t.id, t.gen)
	case tkNodeNotReady:
		c.runNodeNotReady(t.id, t.gen)
	case tkNodeEvict:
		c.runNodeEvict(t.id, t.gen)
	}
	c.flush()
}
