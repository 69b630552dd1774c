package sim

// The virtual clock and the work queue's driver: Advance, Settle and the
// task kinds the controllers schedule.

import (
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/svcsim/svcsim/sim/internal/queue"
)

// taskKind says what a queued task does.
type taskKind = uint8

const (
	tkEndpointsSync  taskKind = iota + 1 // id: service key id
	tkProxySync                          // kube-proxy programs every dirty service
	tkPodReady                           // id: pod slot, gen: pod generation
	tkPodGone                            // id: pod slot: grace period over
	tkDeploySync                         // id: deployment id, gen: its record generation
	tkRSSync                             // id: replica set id, gen: its record generation
	tkNodeNotReady                       // id: node index, gen: node generation
	tkNodeEvict                          // id: node index, gen: node generation
	tkMasterService                      // kube-apiserver re-creates default/kubernetes
	tkKubeletSync                        // id: pod slot, gen: pod generation: the kubelet acts on an exited container
	tkDeployDeadline                     // id: deployment id, gen: its record generation: a progress check (a watchdog)
	tkSTSSync                            // id: statefulset id, gen: its record generation
)

// Bounds of Settle and Advance: they give up rather than spin when work
// does not converge. The task budget scales with what the cluster holds:
// settleBaseTasks plus settleTasksPerObject per object (pod, Service key,
// Deployment, ReplicaSet, node), recounted as objects come and go.
const (
	settleBaseTasks      = 1_000_000
	settleTasksPerObject = 64
	settleMaxVirtual     = 24 * time.Hour
)

// ErrNotSettled is wrapped by Settle when pending work did not converge
// within its bound (a number of tasks that scales with the objects the
// cluster holds, or 24 h of virtual time); the error names the work still
// busy.
var ErrNotSettled = errors.New("work did not settle")

// taskBudget is the number of tasks Settle or Advance runs before giving
// up.
func (c *Cluster) taskBudget() int {
	return settleBaseTasks + settleTasksPerObject*(c.store.Len()+len(c.svcs)+len(c.deps)+len(c.rss)+len(c.stss)+len(c.nodes))
}

// describeTask names the controller and object of task t, for errors.
func (c *Cluster) describeTask(t queue.Task) string {
	switch t.Kind {
	case tkEndpointsSync:
		k := c.svcKeys[t.ID]
		return "endpoints controller: service " + k.Namespace + "/" + k.Name
	case tkProxySync:
		return "kube-proxy: sync"
	case tkPodReady, tkPodGone:
		if !c.pod(t.ID).has(fLive) {
			return "kubelet: a removed pod"
		}
		return "kubelet: pod " + c.podRef(t.ID)
	case tkDeploySync, tkDeployDeadline:
		if d := c.deps[t.ID]; d != nil {
			return "deployment controller: deployment " + d.spec.Namespace + "/" + d.name
		}
		return "deployment controller: a deleted deployment"
	case tkRSSync:
		if r := c.rss[t.ID]; r != nil {
			return "replicaset controller: replicaset " + c.nsNames[r.tmpl.ns] + "/" + r.name
		}
		return "replicaset controller: a deleted replicaset"
	case tkSTSSync:
		if s := c.stss[t.ID]; s != nil {
			return "statefulset controller: statefulset " + s.spec.Namespace + "/" + s.spec.Name
		}
		return "statefulset controller: a deleted statefulset"
	case tkNodeNotReady, tkNodeEvict:
		return "node lifecycle controller: node " + c.nodes[t.ID].name
	}
	return "task"
}

// busy describes the next pending task and how many there are.
func (c *Cluster) busy() string {
	t, ok := c.q.Peek(c.now)
	if !ok {
		return "nothing pending"
	}
	return fmt.Sprintf("still busy: %s, due at %s (%d tasks pending)", c.describeTask(t),
		Epoch.Add(time.Duration(t.At)).Format(time.RFC3339Nano), c.q.Len())
}

// schedule queues a task due after the delay. A delay that would pass the
// last instant the clock can reach never fires (it is not queued), so the
// end of virtual time does not fire every long delay at once.
func (c *Cluster) schedule(after time.Duration, kind taskKind, id int32, gen uint32) {
	if after <= 0 {
		c.q.PushNow(queue.Task{At: c.now, Kind: kind, ID: id, Gen: gen})
		return
	}
	if int64(after) > math.MaxInt64-c.now {
		return // due past the last representable instant: never
	}
	c.q.Push(queue.Task{At: c.now + int64(after), Kind: kind, ID: id, Gen: gen}, int64(after))
}

// addSat returns a+b for b >= 0, saturating at math.MaxInt64 instead of
// wrapping into the past.
func addSat(a, b int64) int64 {
	if b > math.MaxInt64-a {
		return math.MaxInt64
	}
	return a + b
}

// Now returns the virtual time; the clock starts at 2025-01-01T00:00:00Z.
func (c *Cluster) Now() time.Time { return Epoch.Add(time.Duration(c.now)) }

// NextDue returns the instant of the next pending task (Now while work
// is due at once), and false when nothing is pending. A caller that waits
// for a condition, as kubectl's --wait and rollout status do, advances to
// it step by step instead of polling at a fixed period.
func (c *Cluster) NextDue() (time.Time, bool) {
	t, ok := c.q.Peek(c.now)
	if !ok {
		return time.Time{}, false
	}
	return Epoch.Add(time.Duration(max(t.At, c.now))), true
}

// Advance runs the virtual clock forward by exactly d, running all work due
// up to and including the new time. A negative d, or one that would take
// the clock past the last instant time.Duration can count from the
// epoch (about 292 years), is an error wrapping ErrInvalid.
func (c *Cluster) Advance(d time.Duration) (rerr error) {
	defer func() { rerr = simError(rerr) }()
	if err := c.refuseInCallback("advance"); err != nil {
		return err
	}
	if d < 0 {
		return fmt.Errorf("advance: duration %v: must not be negative: %w", d, ErrInvalid)
	}
	if int64(d) > math.MaxInt64-c.now {
		return fmt.Errorf("advance: duration %v from %s: past the last representable time: %w",
			d, c.Now().Format(time.RFC3339), ErrInvalid)
	}
	end := c.now + int64(d)
	for steps := 0; ; steps++ {
		if steps >= c.taskBudget() {
			return fmt.Errorf("advance: gave up after %d tasks at %s; %s: %w", steps,
				c.Now().Format(time.RFC3339), c.busy(), ErrNotSettled)
		}
		t, ok := c.q.Next(c.now, end)
		if !ok {
			break
		}
		c.step(t)
	}
	c.now = end
	return nil
}

// Settle runs until no work is pending, jumping the clock from one due task
// to the next. A Deployment's progress check at its deadline is not work
// it waits for (Advance runs it when due). It returns an error wrapping ErrNotSettled, naming the
// controller and object still busy, instead of spinning when the work does
// not converge within its budget of tasks (10^6 plus 64 per object the
// cluster holds) or 24 hours of virtual time; the work done so far stays
// done.
func (c *Cluster) Settle() (rerr error) {
	defer func() { rerr = simError(rerr) }()
	if err := c.refuseInCallback("settle"); err != nil {
		return err
	}
	start := c.now
	for steps := 0; c.q.Len() > c.watchdogs; steps++ {
		if steps >= c.taskBudget() {
			return fmt.Errorf("settle: gave up after %d tasks and %v; %s: %w",
				steps, time.Duration(c.now-start), c.busy(), ErrNotSettled)
		}
		t, ok := c.q.Next(c.now, addSat(start, int64(settleMaxVirtual)))
		if !ok {
			if c.q.Len() > c.watchdogs {
				return fmt.Errorf("settle: work pending after %v; %s: %w",
					settleMaxVirtual, c.busy(), ErrNotSettled)
			}
			return nil
		}
		c.step(t)
	}
	return nil
}

// step runs one task.
func (c *Cluster) step(t queue.Task) {
	if t.At > c.now {
		c.now = t.At
	}
	switch t.Kind {
	case tkEndpointsSync:
		c.runEndpointsSync(t.ID)
	case tkProxySync:
		c.runProxySync()
		c.goneCheck = len(c.svcGone) > 0
	case tkPodReady:
		c.runPodReady(t.ID, t.Gen)
	case tkPodGone:
		c.runPodGone(t.ID, t.Gen)
	case tkDeploySync:
		c.runDeploySync(t.ID, t.Gen)
	case tkRSSync:
		c.runRSSync(t.ID, t.Gen)
	case tkNodeNotReady:
		c.runNodeNotReady(t.ID, t.Gen)
	case tkNodeEvict:
		c.runNodeEvict(t.ID, t.Gen)
	case tkMasterService:
		c.runMasterService()
	case tkKubeletSync:
		c.runKubeletSync(t.ID, t.Gen)
	case tkDeployDeadline:
		c.runDeployDeadline(t.ID, t.Gen)
	case tkSTSSync:
		c.runSTSSync(t.ID, t.Gen)
	}
	c.flush()
}
