package sim

import (
	"errors"
	"fmt"
	"math"
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
// Work due now (zero delay, the bulk of controller reactions) goes to a
// FIFO. Work due later goes to a lane per delay: tasks of one delay are
// queued at a non-decreasing time, so each lane is a FIFO already sorted
// by (at, seq), and a small heap orders the lanes by their first task.
// A lane task due now was queued earlier than any FIFO task, so lane
// tasks due now run first, then the FIFO.
type queue struct {
	now    fifo // due at the current time
	lanes  []lane
	laneOf map[int64]int32 // delay → lane
	heads  []int32         // heap of non-empty lanes by first task
	spare  [][]task        // empty FIFO blocks for reuse
	n      int             // tasks in lanes
	seq    uint64
}

// fifo is a queue of tasks in push order, in blocks of fifoBlock tasks:
// pushing never copies, and emptied blocks go back to the queue's spares
// for the next burst.
type fifo struct {
	blocks [][]task // blocks[0][head:], then whole blocks; only the last is partial
	head   int
	n      int
}

// fifoBlock is the number of tasks (32 bytes each) in a FIFO block.
const fifoBlock = 512

func (f *fifo) len() int { return f.n }

// front returns the oldest task; the FIFO must not be empty.
func (f *fifo) front() *task { return &f.blocks[0][f.head] }

func (f *fifo) push(t task, sp *[][]task) {
	last := len(f.blocks) - 1
	if last < 0 || len(f.blocks[last]) == fifoBlock {
		var b []task
		if k := len(*sp); k > 0 {
			b = (*sp)[k-1]
			(*sp)[k-1] = nil
			*sp = (*sp)[:k-1]
		} else {
			b = make([]task, 0, fifoBlock)
		}
		f.blocks = append(f.blocks, b)
		last++
	}
	f.blocks[last] = append(f.blocks[last], t)
	f.n++
}

func (f *fifo) pop(sp *[][]task) task {
	b := f.blocks[0]
	t := b[f.head]
	f.head++
	f.n--
	if f.head == len(b) { // block used up (or the FIFO is empty)
		if len(*sp) < queueKeep/fifoBlock {
			*sp = append(*sp, b[:0])
		}
		// Shift the block list down (a few pointers per fifoBlock pops) so
		// that its backing array is reused rather than regrown.
		n := copy(f.blocks, f.blocks[1:])
		f.blocks[n] = nil
		f.blocks = f.blocks[:n]
		f.head = 0
	}
	return t
}

// lane holds the tasks of one delay.
type lane struct {
	fifo
	delay   int64
	heapPos int32 // in queue.heads, -1 when empty
}

// queueKeep is the capacity (in tasks, 32 bytes each) the queue keeps in
// spare FIFO blocks across bursts.
const queueKeep = 1 << 14

// queueLanesKept is the number of lanes kept when empty; beyond it an
// emptied lane is dropped (delays computed at run time, such as a node's
// remaining grace periods, do not pile up).
const queueLanesKept = 32

func (q *queue) len() int { return q.n + q.now.len() }

// pushNow queues a task due at the current time.
func (q *queue) pushNow(t task) {
	q.seq++
	t.seq = q.seq
	q.now.push(t, &q.spare)
}

// push queues a task due after delay (> 0), at t.at.
func (q *queue) push(t task, delay int64) {
	q.seq++
	t.seq = q.seq
	if q.laneOf == nil {
		q.laneOf = map[int64]int32{}
	}
	li, ok := q.laneOf[delay]
	if !ok {
		li = q.newLane(delay)
	}
	l := &q.lanes[li]
	l.push(t, &q.spare)
	q.n++
	if l.heapPos < 0 {
		l.heapPos = int32(len(q.heads))
		q.heads = append(q.heads, li)
		q.up(len(q.heads) - 1)
	}
}

func (q *queue) newLane(delay int64) int32 {
	li := int32(-1)
	for k := range q.lanes {
		if q.lanes[k].delay < 0 { // a dropped lane's place
			li = int32(k)
			break
		}
	}
	if li < 0 {
		q.lanes = append(q.lanes, lane{})
		li = int32(len(q.lanes) - 1)
	}
	q.lanes[li] = lane{delay: delay, heapPos: -1}
	q.laneOf[delay] = li
	return li
}

// first returns the first task of the earliest lane.
func (q *queue) first() *task {
	return q.lanes[q.heads[0]].front()
}

// next returns the next task at or before end, in (at, seq) order.
func (q *queue) next(now, end int64) (task, bool) {
	if len(q.heads) > 0 && q.first().at <= now {
		return q.pop(), true
	}
	if q.now.len() > 0 {
		return q.now.pop(&q.spare), true
	}
	if len(q.heads) > 0 && q.first().at <= end {
		return q.pop(), true
	}
	return task{}, false
}

func (q *queue) less(i, j int) bool {
	a, b := q.lanes[q.heads[i]].front(), q.lanes[q.heads[j]].front()
	return a.at < b.at || (a.at == b.at && a.seq < b.seq)
}

func (q *queue) swap(i, j int) {
	q.heads[i], q.heads[j] = q.heads[j], q.heads[i]
	q.lanes[q.heads[i]].heapPos = int32(i)
	q.lanes[q.heads[j]].heapPos = int32(j)
}

func (q *queue) up(i int) {
	for i > 0 {
		p := (i - 1) / 2
		if !q.less(i, p) {
			break
		}
		q.swap(i, p)
		i = p
	}
}

func (q *queue) down(i int) {
	n := len(q.heads)
	for {
		l := 2*i + 1
		if l >= n {
			return
		}
		m := l
		if r := l + 1; r < n && q.less(r, l) {
			m = r
		}
		if !q.less(m, i) {
			return
		}
		q.swap(i, m)
		i = m
	}
}

// pop takes the first task of the earliest lane.
func (q *queue) pop() task {
	li := q.heads[0]
	l := &q.lanes[li]
	t := l.fifo.pop(&q.spare)
	q.n--
	if l.len() > 0 {
		q.down(0)
		return t
	}
	last := len(q.heads) - 1
	q.swap(0, last)
	q.heads = q.heads[:last]
	l.heapPos = -1
	q.down(0)
	if len(q.lanes) > queueLanesKept {
		delete(q.laneOf, l.delay)
		*l = lane{delay: -1, heapPos: -1}
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
	c.q.push(task{at: addSat(c.now, int64(after)), kind: kind, id: id, gen: gen}, int64(after))
}

// addSat returns a+b for b >= 0, saturating at math.MaxInt64: a delay that
// ends past the last representable instant is never due, instead of
// wrapping into the past and running at once.
func addSat(a, b int64) int64 {
	if b > math.MaxInt64-a {
		return math.MaxInt64
	}
	return a + b
}

// Now returns the virtual time; the clock starts at 2025-01-01T00:00:00Z.
func (c *Cluster) Now() time.Time { return epoch.Add(time.Duration(c.now)) }

// Advance runs the virtual clock forward by exactly d, running all work due
// up to and including the new time. A negative d, or one that would take
// the clock past the last instant time.Duration can count from the
// epoch (about 292 years), is an error wrapping ErrInvalid.
func (c *Cluster) Advance(d time.Duration) error {
	if d < 0 {
		return fmt.Errorf("advance: duration %v: must not be negative: %w", d, ErrInvalid)
	}
	if int64(d) > math.MaxInt64-c.now {
		return fmt.Errorf("advance: duration %v from %s: past the last representable time: %w",
			d, c.Now().Format(time.RFC3339), ErrInvalid)
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
		t, ok := c.q.next(c.now, addSat(start, int64(settleMaxVirtual)))
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
