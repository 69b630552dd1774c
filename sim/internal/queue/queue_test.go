package queue

import (
	"testing"

	"pgregory.net/rapid"
)

// slowQueue is the obviously correct version: a slice scanned for the
// least (At, Seq) task due by end.
type slowQueue struct {
	tasks []Task
	seq   uint64
}

func (s *slowQueue) push(t Task) {
	s.seq++
	t.Seq = s.seq
	s.tasks = append(s.tasks, t)
}

func (s *slowQueue) next(end int64) (Task, bool) {
	best := -1
	for k, t := range s.tasks {
		if t.At > end {
			continue
		}
		if best < 0 || t.At < s.tasks[best].At || t.At == s.tasks[best].At && t.Seq < s.tasks[best].Seq {
			best = k
		}
	}
	if best < 0 {
		return Task{}, false
	}
	t := s.tasks[best]
	s.tasks = append(s.tasks[:best], s.tasks[best+1:]...)
	return t, true
}

// TestQueueReference drives the queue as the sim does (tasks due now at
// the current time, the clock moved to each task run and to the end of an
// advance) against slowQueue, with few delays (lanes) or many (lanes
// dropped and reused), and bursts that cross FIFO blocks.
func TestQueueReference(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		var q Queue
		var ref slowQueue
		var now int64
		id := int32(0)
		maxDelay := rapid.SampledFrom([]int64{3, 100}).Draw(t, "maxDelay")
		t.Repeat(map[string]func(*rapid.T){
			"pushNow": func(t *rapid.T) {
				n := rapid.SampledFrom([]int{1, 2, fifoBlock + 3}).Draw(t, "n")
				for range n {
					id++
					q.PushNow(Task{At: now, ID: id})
					ref.push(Task{At: now, ID: id})
				}
			},
			"push": func(t *rapid.T) {
				d := rapid.Int64Range(1, maxDelay).Draw(t, "delay")
				id++
				q.Push(Task{At: now + d, ID: id}, d)
				ref.push(Task{At: now + d, ID: id})
			},
			"advance": func(t *rapid.T) {
				end := now + rapid.Int64Range(0, maxDelay).Draw(t, "d")
				steps := rapid.IntRange(0, 2*fifoBlock).Draw(t, "steps")
				for range steps {
					got, ok := q.Next(now, end)
					want, wantOK := ref.next(end)
					if ok != wantOK || got != want {
						t.Fatalf("Next(%d, %d) = %+v %v, want %+v %v", now, end, got, ok, want, wantOK)
					}
					if !ok {
						now = end
						return
					}
					now = max(now, got.At)
				}
			},
			"": func(t *rapid.T) {
				if q.Len() != len(ref.tasks) {
					t.Fatalf("Len %d, want %d", q.Len(), len(ref.tasks))
				}
			},
		})
	})
}

// TestQueueLaneReuseAllocs: with more delays than lanesKept, a dropped
// lane's place keeps its block list, so the lane placed there next
// allocates nothing once the queue has warmed up.
func TestQueueLaneReuseAllocs(t *testing.T) {
	var q Queue
	now := int64(0)
	cycle := func() { // one task at a time, each of another delay
		for d := range int64(2 * lanesKept) {
			q.Push(Task{At: now + d + 1}, d+1)
			tk, _ := q.Next(now, now+d+1)
			now = tk.At
		}
	}
	cycle() // warm up: lanes, their blocks and the spares
	if n := testing.AllocsPerRun(100, cycle); n != 0 {
		t.Errorf("a cycle through %d delays allocates %v times, want 0", 2*lanesKept, n)
	}
}

// TestQueueFewLanes: a few delays are found by a scan of the lanes, with
// no map; past smallLanes the map indexes every lane by its delay.
func TestQueueFewLanes(t *testing.T) {
	var q Queue
	for d := int64(1); d <= 3*smallLanes; d++ {
		q.Push(Task{At: d, ID: int32(d)}, d)
		if few := d <= smallLanes; few != (q.laneOf == nil) {
			t.Fatalf("%d lanes: map %v", d, q.laneOf != nil)
		}
		for e := int64(1); e <= d; e++ {
			if li, ok := q.laneIndex(e); !ok || q.lanes[li].delay != e {
				t.Fatalf("%d lanes: delay %d in lane %d (%v)", d, e, li, ok)
			}
		}
	}
	for d := int64(1); d <= 3*smallLanes; d++ {
		if task, ok := q.Next(0, d); !ok || task.ID != int32(d) {
			t.Fatalf("Next = %+v, %v; want the task due at %d", task, ok, d)
		}
	}
}
