package sim

import (
	"runtime"
	"testing"
)

// allocated returns the allocations and bytes f allocates per run,
// averaged over runs (deterministic: the counts do not depend on timing).
func allocated(runs int, f func()) (allocs, bytes float64) {
	f() // warm up
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	for range runs {
		f()
	}
	runtime.ReadMemStats(&after)
	return float64(after.Mallocs-before.Mallocs) / float64(runs), float64(after.TotalAlloc-before.TotalAlloc) / float64(runs)
}

// The small cluster of property tests stays small and cheap: building it
// allocates in proportion to what it holds (no allocator or log sized for
// 150,000 pods), a churn step with Settle and Check allocates what a
// from-scratch recomputation of a few objects needs (no iptables-save
// text), and Check alone renders nothing. The bounds are the figures of
// this build with a little room: a change that exceeds one is a regression
// to explain.
func TestSmallClusterAllocs(t *testing.T) {
	if testing.Short() {
		t.Skip("measures allocations")
	}
	for _, tc := range []struct {
		name           string
		allocs, kbytes float64
		f              func() func()
	}{
		// 480 allocations, 51.6 KB: unused address ranges hold no bitmap,
		// scattered addresses take 512-bit pages, a bitmap keeps one slice
		// of levels and the allocators' options cost nothing; the
		// cluster's own Services are not copied out, Service validation
		// renders nothing for errors it does not report, a Service's trace
		// text is written into one buffer, the trace and pod blocks start
		// small, indexes of what the cluster does not hold (node ports,
		// StatefulSets, user slices) are made on first use, and the
		// client's env is written into one buffer. 426 allocations, 50.3
		// KB (9 allocations and 1.1 KB more under -race): pod validation
		// renders nothing for a valid pod, the random streams take one
		// allocation, the tables by node are made for the configured
		// nodes, a Deployment without its own selector keeps none, a
		// label set's key is encoded into a buffer grown once, and
		// ServiceCreated and DeploymentCreated are compact trace records.
		// 418 allocations, 48.2 KB (427 and 49.4 KB under -race): the
		// Cluster value and a Service's endpoints state fit their size
		// classes with the runtime's header, the cluster's own Services
		// are built defaulted and not copied, an ipam Allocator takes 128
		// bytes. 405 allocations, 46.7 KB (414 and 47.9 KB under -race):
		// a valid Endpoints object is validated without rendering its
		// name, field paths or address, the shown default/kubernetes
		// Endpoints share the written copy's storage, a queue FIFO's first
		// block holds 4 tasks. 392 allocations, 46.4 KB (401 and 47.6 KB
		// under -race): an ipam Allocator holds its bitmap tree inline
		// (144 bytes), the load-balancer class order of no classes costs
		// nothing, a Deployment's template labels are validated once, a
		// namespace's env-log readers are counted in a slice, and the env
		// logs and Deployment and ReplicaSet tables start with room for
		// the cluster's own. 385 allocations, 45.3 KB (392 and 46.4 KB
		// under -race): the trace's endpoint summaries read the ready
		// addresses, not Backends, and the endpoints controller counts
		// its queued Services instead of mapping them. 377 allocations,
		// 44.5 KB (382 and 45.3 KB under -race): the endpoints controller
		// finds a pod's label group by content through its label index,
		// with no encoded key. 364 allocations, 43.7 KB (368 and 44.5 KB
		// under -race): kube-proxy's table finds a node through its
		// interned ids and keeps its Services' entries and ports by
		// value, and the address allocators Config validation builds are
		// the cluster's. 334 allocations, 39.5 KB (338 and 40.3 KB under
		// -race): a namespace's selector index of a few Services is a
		// list, the node-name, port-list and lane tables of a few entries
		// are scanned rather than mapped, the Cluster value, a Service's
		// endpoints state and a Deployment's record fit smaller size
		// classes, duplicate ports are found without maps, nodes by
		// address by a binary search and a Service's added and removed
		// endpoint addresses without scratch slices. 314 allocations,
		// 36.2 KB (318 and 37.0 KB under -race): the cluster's,
		// endpoints controller's and kube-proxy table's tables of a few
		// entries are smallmap.Maps. 312 allocations, 35.1 KB (316 and
		// 35.9 KB under -race): the endpoints controller makes Check's
		// storage on first use, and a ClusterIP Service's proxy ports
		// carry no load-balancer or external addresses. 313 allocations,
		// 34.8 KB (317 and 35.6 KB under -race): a Service's endpoints
		// state fits 576 bytes, the Cluster value 1,792 (the Config
		// fields read after New, the workload syncs' scratch made by the
		// first). 313 allocations, 34.5 KB (317 and 35.3 KB under
		// -race): a Service record takes 64 bytes, a Service value 416,
		// the client's env buffer is sized exactly. 299 allocations, 34.2
		// KB (304 and 35.1 KB under -race): a label group and a label set
		// hold their first slots and group inline, a ReplicaSet grows its
		// pod list once per batch, a pod's key is one string shared with
		// the endpoints controller's record, the port-list table starts
		// with room for a few lists. 272 allocations, 33.4 KB (282 and
		// 34.7 KB under -race): the queue's lanes, spare blocks and
		// heap, kube-proxy's sort keys, port buffers and dirty list, the
		// endpoints adds, pending pods and slices, and the trace's
		// address scratch grow at once rather than per doubling; a
		// ReplicaSet's name, hash and pod name prefix are one string,
		// its template is held in its record; the trace's record ring
		// starts with 32 places.
		{"New+set-up+Settle", 285, 34.9, func() func() { return func() { smallCluster(t) } }},
		// Check recomputes into reused storage (the endpoints
		// controller's Compute, the kube-proxy rules compared Service by
		// Service, a Deployment's sorted revisions), validates
		// default/kubernetes only when it is not shown and reads a
		// Deployment's conditions without rendering them. With a churn
		// step and Settle, 45 allocations and 4.1 KB: a valid Service
		// update renders no error text, the rollout plan and the queue's
		// lanes reuse their storage, the trace's texts are built in one
		// piece each. 16 allocations, 1.9 KB (17 and 2.0 KB under -race):
		// the node events, a Deployment's scale and restart and a pod's
		// restart, relabelling, orphaning and adoption are compact trace
		// records, a scaling event plans into reused storage and a small
		// endpoint list keeps its storage when it shrinks. 12 allocations,
		// 1.7 KB (13 and 1.8 KB under -race): the common refusals are
		// concatenated, not formatted, a Service update is copied once
		// before it is prepared, a single label renders as one string and
		// ServiceUpdated is a compact record.
		{"churn step+Settle+Check", 13, 1.9, func() func() {
			c := smallCluster(t)
			ch := newChurner(c)
			return func() {
				ch.step()
				must(t, c.Settle())
				must(t, c.Check())
			}
		}},
		// Check hands the endpoints controller the pods as SetPod hands
		// them (no podValue), copied into reused storage with the
		// Services; the controller's Check takes the pods' keys from its
		// records and leaves the recomputed slices unnamed: 23
		// allocations, 2.0 KB. 2 allocations, 32 B (the names of the
		// controller's two slices, as it shows them): Mirror and Compute
		// (its Endpoints and groups' keys included) write into storage
		// Check keeps, default/kubernetes is compared where the
		// controller keeps it with an object on the stack, and the
		// namespaces are counted in Check's storage. None: the
		// controller's slices are read unnamed (their names are checked
		// on its state). (The bound leaves room for an allocation of the
		// process in 200 runs, not one more per Check.)
		{"Check", 0.5, 0.05, func() func() {
			c := smallCluster(t)
			return func() { must(t, c.Check()) }
		}},
	} {
		allocs, bytes := allocated(200, tc.f())
		t.Logf("%s: %.0f allocations, %.1f KB", tc.name, allocs, bytes/1024)
		if allocs > tc.allocs || bytes > tc.kbytes*1024 {
			t.Errorf("%s: %.0f allocations and %.1f KB, want at most %.0f and %.0f KB", tc.name, allocs, bytes/1024, tc.allocs, tc.kbytes)
		}
	}
}
