package sim

import (
	"testing"
	"time"
	"unsafe"

	"github.com/svcsim/svcsim/selector"
)

// The pod record stays at 80 bytes: state that most pods never need (the
// kubelet's crash back-off) lives beside it.
func TestPodRecSize(t *testing.T) {
	if got := unsafe.Sizeof(podRec{}); got != 80 {
		t.Errorf("podRec is %d bytes, want 80", got)
	}
}

// A Deployment's record keeps its spec without what it holds otherwise or
// derives (labels, creation time, revision, status): it fits the 512-byte
// size class, below which the runtime adds no header.
func TestDepRecSize(t *testing.T) {
	if got := unsafe.Sizeof(depRec{}); got > 512 {
		t.Errorf("depRec is %d bytes, want at most 512", got)
	}
}

// The kubelet's side records exist only for pods whose container exited
// or whose deletion's start their deadline does not tell, and go with the
// pod.
func TestKubeletSideRecords(t *testing.T) {
	c := mustNew(t, Config{Seed: 1})
	must(t, c.CreateDeployment(Deployment{Name: "web", Replicas: 3, Labels: selector.Set{"app": "web"}}))
	must(t, c.Settle())
	if n := len(c.kubeletRecs); n != 0 {
		t.Fatalf("%d side records before any exit, want 0", n)
	}
	p := podsOf(c)[0]
	must(t, c.CrashPod("", p.Name))
	must(t, c.Advance(5*time.Second))
	if n := len(c.kubeletRecs); n != 1 {
		t.Fatalf("%d side records after one crash, want 1", n)
	}
	must(t, c.DeleteDeployment("", "web"))
	must(t, c.Settle())
	if n := len(c.kubeletRecs); n != 0 {
		t.Fatalf("%d side records after the pods are gone, want 0", n)
	}
}

// A Deployment's stored condition is small enumerations, two times and
// one shared string; the Condition value, with upstream's message, is
// built when read.
func TestDepCondCompact(t *testing.T) {
	if got := unsafe.Sizeof(depCond{}); got > 40 {
		t.Errorf("depCond is %d bytes, want at most 40", got)
	}
	at := func(s int64) time.Time { return Epoch.Add(time.Duration(s) * time.Second) }
	for _, tc := range []struct {
		in   depCond
		want Condition
	}{
		{depCond{typ: cAvailable, status: true, reason: rMinAvailable, lastUpdate: int64(2 * time.Second), lastTransition: int64(time.Second)},
			Condition{Type: "Available", Status: "True", Reason: "MinimumReplicasAvailable",
				Message: "Deployment has minimum availability.", LastUpdateTime: at(2), LastTransitionTime: at(1)}},
		{depCond{typ: cAvailable, reason: rMinUnavailable},
			Condition{Type: "Available", Status: "False", Reason: "MinimumReplicasUnavailable",
				Message: "Deployment does not have minimum availability.", LastUpdateTime: at(0), LastTransitionTime: at(0)}},
		{depCond{typ: cProgressing, status: true, reason: rNewRSCreated, name: "web-5d4f8"},
			Condition{Type: "Progressing", Status: "True", Reason: "NewReplicaSetCreated",
				Message: `Created new replica set "web-5d4f8"`, LastUpdateTime: at(0), LastTransitionTime: at(0)}},
		{depCond{typ: cProgressing, status: true, reason: rRSUpdated, name: "web-5d4f8", rsName: true},
			Condition{Type: "Progressing", Status: "True", Reason: "ReplicaSetUpdated",
				Message: `ReplicaSet "web-5d4f8" is progressing.`, LastUpdateTime: at(0), LastTransitionTime: at(0)}},
		{depCond{typ: cProgressing, status: true, reason: rRSUpdated, name: "web"},
			Condition{Type: "Progressing", Status: "True", Reason: "ReplicaSetUpdated",
				Message: `Deployment "web" is progressing.`, LastUpdateTime: at(0), LastTransitionTime: at(0)}},
		{depCond{typ: cProgressing, status: true, reason: rNewRSAvailable, name: "web-5d4f8", rsName: true},
			Condition{Type: "Progressing", Status: "True", Reason: "NewReplicaSetAvailable",
				Message: `ReplicaSet "web-5d4f8" has successfully progressed.`, LastUpdateTime: at(0), LastTransitionTime: at(0)}},
		{depCond{typ: cProgressing, reason: rTimedOut, name: "web-5d4f8", rsName: true},
			Condition{Type: "Progressing", Status: "False", Reason: "ProgressDeadlineExceeded",
				Message: `ReplicaSet "web-5d4f8" has timed out progressing.`, LastUpdateTime: at(0), LastTransitionTime: at(0)}},
		{depCond{typ: cReplicaFailure, status: true, reason: rFailedCreate, name: "pods \"x\" is forbidden"},
			Condition{Type: "ReplicaFailure", Status: "True", Reason: "FailedCreate",
				Message: "pods \"x\" is forbidden", LastUpdateTime: at(0), LastTransitionTime: at(0)}},
	} {
		if got := tc.in.condition(); got != tc.want {
			t.Errorf("%+v: got %+v, want %+v", tc.in, got, tc.want)
		}
	}
}

// A pod terminating with its template's grace period needs no side record:
// its deletion's start is its deadline minus that period. Every way of
// deleting reports metadata.deletionTimestamp and
// deletionGracePeriodSeconds as the deletion set them.
func TestDeletionGracePeriod(t *testing.T) {
	for _, tc := range []struct {
		name     string
		do       func(c *Cluster, pod string)
		deadline time.Duration // after the deletion's start
		grace    time.Duration
		sideRecs int
	}{
		{"scaled down", func(c *Cluster, _ string) {
			must(t, c.Scale("", "web", 0))
			must(t, c.Advance(0))
		}, 30 * time.Second, 30 * time.Second, 0},
		{"deleted", func(c *Cluster, p string) { must(t, c.DeletePod("", p)) }, 30 * time.Second, 30 * time.Second, 0},
		{"own grace", func(c *Cluster, p string) { must(t, c.DeletePodGrace("", p, 10*time.Second)) }, 10 * time.Second, 10 * time.Second, 1},
		{"shortened", func(c *Cluster, p string) {
			must(t, c.DeletePod("", p))
			must(t, c.Advance(2*time.Second))
			must(t, c.DeletePodGrace("", p, 5*time.Second))
		}, 5 * time.Second, 5 * time.Second, 1},
		{"crashed while terminating", func(c *Cluster, p string) {
			must(t, c.DeletePod("", p))
			must(t, c.Advance(2*time.Second))
			must(t, c.CrashPod("", p))
		}, 2 * time.Second, 2 * time.Second, 1},
		{"crashed before", func(c *Cluster, p string) {
			must(t, c.CrashPod("", p))
			must(t, c.Advance(2*time.Second))
			must(t, c.DeletePod("", p))
		}, 30 * time.Second, 30 * time.Second, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := mustNew(t, Config{Seed: 1})
			must(t, c.CreateDeployment(Deployment{Name: "web", Replicas: 1, Labels: selector.Set{"app": "web"},
				ReadyAfter: time.Second}))
			must(t, c.Settle())
			p := podsOf(c)[0]
			start := c.Now()
			if tc.name == "crashed before" {
				start = start.Add(2 * time.Second)
			}
			tc.do(c, p.Name)
			got, ok := c.Pod("", p.Name)
			if !ok {
				t.Fatalf("pod %s gone", p.Name)
			}
			if !got.Terminating || !got.DeletionTimestamp.Equal(start.Add(tc.deadline)) || got.DeletionGracePeriod != tc.grace {
				t.Errorf("terminating %v, deletionTimestamp %v, grace period %v; want true, %v, %v",
					got.Terminating, got.DeletionTimestamp, got.DeletionGracePeriod, start.Add(tc.deadline), tc.grace)
			}
			if n := len(c.kubeletRecs); n != tc.sideRecs {
				t.Errorf("%d side records, want %d", n, tc.sideRecs)
			}
			must(t, c.Check())
		})
	}
}

// The Cluster value itself, with the 8-byte header the runtime puts
// before an object of more than 512 bytes holding pointers, fits the
// 2048-byte allocation size class: a small cluster's fixed cost (a field
// past it costs 256 bytes more). It holds the first blocks of the tables
// New fills (firstBlocks, svcState's), which would otherwise be as many
// allocations of their own, and keeps only the Config fields read after
// New (settings), the workload syncs' storage behind a pointer, and what
// most clusters seldom need (pods waiting for a node, quota waiters, load
// balancers, node ports) in rareState, made on first use.
func TestClusterSize(t *testing.T) {
	if got := unsafe.Sizeof(Cluster{}); got+8 > 2048 {
		t.Errorf("Cluster is %d bytes, want at most 2040", got)
	}
}

// A small cluster's New and Settle make no rare state; Check makes none.
func TestRareStateOnFirstUse(t *testing.T) {
	c := smallCluster(t)
	must(t, c.Check())
	if c.rare != nil {
		t.Errorf("a small cluster holds rare state %+v", *c.rare)
	}
}
