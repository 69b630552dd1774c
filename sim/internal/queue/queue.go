// Package queue is the sim's event queue: tasks ordered by due time, ties
// by the order they were queued in.
//
// Use it as
//
//	var q queue.Queue
//	q.PushNow(queue.Task{At: now, Kind: k, ID: id})      // due at once
//	q.Push(queue.Task{At: now + d, Kind: k, ID: id}, d)  // due after d > 0
//	for {
//		t, ok := q.Next(now, end) // the next task due by end
//		if !ok {
//			break
//		}
//		now = max(now, t.At)
//		run(t)
//	}
//
// The caller keeps the clock: it pushes tasks due now at its current time,
// never moves the clock backwards, and runs every task due now before it
// moves the clock on (Next returns them first). Then tasks come out in
// (At, Seq) order, Seq being the order of pushes, so the order depends on
// nothing but the order of pushes.
package queue

import (
	"slices"

	"github.com/svcsim/svcsim/sim/internal/heap"
)

// Task is one entry of the queue. Kind, ID and Gen are the caller's.
type Task struct {
	At   int64  // due time
	Seq  uint64 // push order, set by the queue
	Kind uint8
	ID   int32
	Gen  uint32
}

// Queue holds pending tasks. Work due now (zero delay, the bulk of
// controller reactions) goes to a FIFO. Work due later goes to a lane per
// delay: tasks of one delay are queued at a non-decreasing time, so each
// lane is a FIFO already sorted by (At, Seq), and a heap orders the lanes
// by their first task. A lane task due now was queued earlier than any
// FIFO task, so lane tasks due now run first, then the FIFO.
// The zero Queue is empty and ready to use.
type Queue struct {
	now    fifo // due at the current time
	lanes  []lane
	laneOf map[int64]int32 // delay → lane; nil while the lanes are few (laneIndex)
	heads  heap.Heap       // non-empty lanes by first task (headKey)
	spare  [][]Task        // empty FIFO blocks for reuse
	n      int             // tasks in lanes
	seq    uint64
}

// lane holds the tasks of one delay.
type lane struct {
	fifo
	delay int64
}

// keep is the capacity (in tasks, 32 bytes each) the queue keeps in spare
// FIFO blocks across bursts.
const keep = 1 << 14

// lanesKept is the number of lanes kept when empty; beyond it an emptied
// lane is dropped (delays computed at run time, such as a node's remaining
// grace periods, do not pile up).
const lanesKept = 32

// Len returns the number of pending tasks.
func (q *Queue) Len() int { return q.n + q.now.len() }

// PushNow queues a task due at the current time.
func (q *Queue) PushNow(t Task) {
	q.seq++
	t.Seq = q.seq
	q.now.push(t, &q.spare)
}

// Push queues a task due after delay (> 0), at t.At.
func (q *Queue) Push(t Task, delay int64) {
	q.seq++
	t.Seq = q.seq
	li, ok := q.laneIndex(delay)
	if !ok {
		li = q.newLane(delay)
	}
	l := &q.lanes[li]
	l.push(t, &q.spare)
	q.n++
	if !q.heads.Has(li) {
		q.heads.Set(li, headKey(l.front()))
	}
}

func (q *Queue) newLane(delay int64) int32 {
	li := int32(-1)
	for k := range q.lanes {
		if q.lanes[k].delay < 0 { // a dropped lane's place
			li = int32(k)
			break
		}
	}
	if li < 0 {
		if len(q.lanes) == cap(q.lanes) {
			// Room for lanes comes two at first (a cluster soon has a
			// couple of delays), then doubles; the heap gets room for as
			// many, so that neither grows one lane at a time.
			q.lanes = slices.Grow(q.lanes, max(len(q.lanes), 2))
			q.heads.Grow(cap(q.lanes))
		}
		q.lanes = append(q.lanes, lane{})
		li = int32(len(q.lanes) - 1)
	}
	q.lanes[li].delay = delay // an empty FIFO, its block list kept
	switch {
	case q.laneOf != nil:
		q.laneOf[delay] = li
	case len(q.lanes) > smallLanes:
		q.laneOf = make(map[int64]int32, len(q.lanes))
		for k := range q.lanes {
			if d := q.lanes[k].delay; d >= 0 {
				q.laneOf[d] = int32(k)
			}
		}
	}
	return li
}

// smallLanes is the most lanes found by a scan; past it they are indexed
// by delay in laneOf.
const smallLanes = 8

// laneIndex returns the lane of delay, if there is one.
func (q *Queue) laneIndex(delay int64) (int32, bool) {
	if q.laneOf != nil {
		li, ok := q.laneOf[delay]
		return li, ok
	}
	for k := range q.lanes {
		if q.lanes[k].delay == delay {
			return int32(k), true
		}
	}
	return -1, false
}

// headKey files a lane in the heap by its first task t: (At, Seq) order,
// At's sign bit flipped so that unsigned order is signed order.
func headKey(t *Task) heap.Key { return heap.Key{Hi: uint64(t.At) ^ 1<<63, Lo: t.Seq} }

// first returns the first task of the earliest lane.
func (q *Queue) first() *Task {
	li, _ := q.heads.Min()
	return q.lanes[li].front()
}

// Next removes and returns the next task due at or before end, in (At,
// Seq) order; now is the caller's current time.
func (q *Queue) Next(now, end int64) (Task, bool) {
	if q.heads.Len() > 0 && q.first().At <= now {
		return q.pop(), true
	}
	if q.now.len() > 0 {
		return q.now.pop(&q.spare), true
	}
	if q.heads.Len() > 0 && q.first().At <= end {
		return q.pop(), true
	}
	return Task{}, false
}

// Peek returns the task Next would return with no end, without removing
// it; now is the caller's current time.
func (q *Queue) Peek(now int64) (Task, bool) {
	switch {
	case q.heads.Len() > 0 && q.first().At <= now:
		return *q.first(), true
	case q.now.len() > 0:
		return *q.now.front(), true
	case q.heads.Len() > 0:
		return *q.first(), true
	}
	return Task{}, false
}

// pop takes the first task of the earliest lane.
func (q *Queue) pop() Task {
	li, _ := q.heads.Min()
	l := &q.lanes[li]
	t := l.fifo.pop(&q.spare)
	q.n--
	if l.len() > 0 {
		q.heads.Set(li, headKey(l.front()))
		return t
	}
	q.heads.Remove(li)
	if len(q.lanes) > lanesKept {
		// The emptied FIFO keeps its block list for the next lane placed here.
		delete(q.laneOf, l.delay) // nil while few: nothing
		l.delay = -1
	}
	return t
}
