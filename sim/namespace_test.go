package sim

import (
	"errors"
	"fmt"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
	"github.com/svcsim/svcsim/service"
)

// namespaceTables counts the entries of every per-namespace table.
func namespaceTables(c *Cluster) map[string]int {
	return map[string]int{"nsIdx": c.nsIdx.Len(), "nsNames": len(c.nsNames), "nsCount": len(c.nsCount),
		"envLogs": len(c.env.ns), "storeNamespaces": c.store.Namespaces()}
}

// nsCycle creates a pod and a Service selecting it in namespace ns,
// settles, deletes both and settles again.
func nsCycle(t testing.TB, c *Cluster, ns string) {
	t.Helper()
	labels := selector.Set{"app": "x"}
	_, err := c.CreatePod(pod.Pod{Namespace: ns, Name: "p", Labels: labels, Ports: webPorts})
	must(t, err)
	_, err = c.CreateService(service.Service{Namespace: ns, Name: "s", Selector: labels,
		Ports: []service.Port{{Name: "http", Port: 80, TargetPort: service.TargetPortName("http")}}})
	must(t, err)
	must(t, c.Settle())
	must(t, c.DeletePod(ns, "p"))
	must(t, c.DeleteService(ns, "s"))
	must(t, c.Settle())
}

func heapInUse() uint64 {
	var m runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// TestNamespaceReleased runs 10,000 cycles of a pod and a Service in a
// fresh namespace, created then deleted: every per-namespace table is back
// to its size after a short warm-up, and the heap did not grow with the
// namespaces (an emptied namespace used to keep about 1.1 KB).
func TestNamespaceReleased(t *testing.T) {
	if testing.Short() {
		t.Skip("10,000 namespaces")
	}
	for _, cfg := range []Config{
		{Seed: 1, TraceLimit: -1},
		{Seed: 2, TraceLimit: 300},
		{Seed: 3, TraceLimit: 50, EndpointsDelay: -1, ProxyDelay: -1},
	} {
		c := mustNew(t, cfg)
		// The warm-up lets a bounded trace's rings grow to their full size
		// (they start small and double).
		const warm, cycles = 1000, 10_000
		for i := range warm {
			nsCycle(t, c, "warm-"+strconv.Itoa(i))
		}
		must(t, c.Check())
		base, heap0 := namespaceTables(c), heapInUse()
		for i := range cycles {
			nsCycle(t, c, "case-"+strconv.Itoa(i))
			if i%1000 == 0 {
				must(t, c.Check())
				must(t, checkTraceRefs(c))
			}
		}
		must(t, c.Check())
		must(t, checkTraceRefs(c))
		grown := int64(heapInUse()) - int64(heap0)
		for k, n := range namespaceTables(c) {
			if n > base[k] {
				t.Errorf("seed %d: %s grew from %d to %d entries over %d namespaces", cfg.Seed, k, base[k], n, cycles)
			}
		}
		t.Logf("seed %d: heap grew by %d bytes over %d namespaces", cfg.Seed, grown, cycles)
		if grown > 200<<10 {
			t.Errorf("seed %d: heap grew by %d bytes over %d namespaces (%d per namespace)", cfg.Seed, grown, cycles, grown/cycles)
		}
		if _, err := c.Resolve("default", "s.case-7"); !errors.Is(err, ErrNXDomain) {
			t.Errorf("seed %d: s.case-7 resolves after its namespace emptied: %v", cfg.Seed, err)
		}
	}
}

// TestNamespaceRecreated: a namespace emptied and used again starts
// afresh: its pods are found, its Services give env vars and DNS names,
// and nothing of its former objects shows.
func TestNamespaceRecreated(t *testing.T) {
	c := mustNew(t, Config{Seed: 4, TraceLimit: 5})
	nsCycle(t, c, "team")
	for i := range 20 {
		nsCycle(t, c, "other-"+strconv.Itoa(i)) // the trace forgets "team": its index is reused
	}
	_, err := c.CreateService(service.Service{Namespace: "team", Name: "db", Ports: []service.Port{{Port: 5432}}})
	must(t, err)
	_, err = c.CreatePod(pod.Pod{Namespace: "team", Name: "app"})
	must(t, err)
	settleCheck(t, c)
	p, ok := c.Pod("team", "app")
	if !ok || p.Env["DB_SERVICE_PORT"] != "5432" || p.Env["S_SERVICE_PORT"] != "" {
		t.Fatalf("pod team/app: %v %v", ok, p.Env)
	}
	if _, err := c.Resolve("team", "db"); err != nil {
		t.Fatal(err)
	}
	if _, ok := c.Service("team", "s"); ok {
		t.Fatal("service team/s is back")
	}
	if got := c.Pods("team", selector.Everything()); len(got) != 1 {
		t.Fatalf("team pods %v", got)
	}
}

// nsReuseScript creates and deletes objects of several namespaces, each
// used again after it emptied, with Deployments (ReplicaSet events), lag
// (EndpointsDeleted after the namespace emptied) and bare pods.
func nsReuseScript(t *testing.T, cfg Config) *Cluster {
	c := mustNew(t, cfg)
	for i := range 40 {
		ns := "ns-" + strconv.Itoa(i%7)
		d := webDeployment(1+i%3, time.Second)
		d.Namespace = ns
		must(t, c.CreateDeployment(d))
		s := webService()
		s.Namespace = ns
		_, err := c.CreateService(s)
		must(t, err)
		must(t, c.Advance(2*time.Second))
		nsCycle(t, c, "bare-"+strconv.Itoa(i%3))
		must(t, c.DeleteService(ns, "web"))
		must(t, c.DeleteDeployment(ns, "web"))
		must(t, c.Advance(time.Duration(i%4)*10*time.Second))
	}
	settleCheck(t, c)
	return c
}

// TestNamespaceReuseTrace: with a bounded trace, namespace indexes are
// reused once no kept event names them; the trace stays byte-identical
// for the same seed and calls, and equals the end of the unbounded trace
// (where nothing is reused), so no event is printed with another
// namespace's name.
func TestNamespaceReuseTrace(t *testing.T) {
	full := nsReuseScript(t, Config{Seed: 9}).Events()
	for _, limit := range []int{1, 17, 200} {
		a := nsReuseScript(t, Config{Seed: 9, TraceLimit: limit})
		b := nsReuseScript(t, Config{Seed: 9, TraceLimit: limit})
		if traceText(a) != traceText(b) {
			t.Fatalf("limit %d: same seed, same calls: different traces", limit)
		}
		ring := a.Events()
		if len(ring) != limit {
			t.Fatalf("limit %d: %d events kept", limit, len(ring))
		}
		for i := range ring {
			if want := full[len(full)-limit+i]; ring[i] != want {
				t.Fatalf("limit %d: event %d is %v, want %v", limit, i, ring[i], want)
			}
		}
	}
	off := nsReuseScript(t, Config{Seed: 9, TraceLimit: -1})
	on := nsReuseScript(t, Config{Seed: 9, TraceLimit: 3})
	if a, b := objectsText(off), objectsText(on); a != b {
		t.Fatalf("the trace limit changed the cluster:\n%s\nwith a trace:\n%s", a, b)
	}
}

// objectsText prints the pods and Services of every namespace
// nsReuseScript uses.
func objectsText(c *Cluster) string {
	var b strings.Builder
	for _, ns := range []string{"default", "kube-system", "ns-0", "ns-1", "bare-0"} {
		for _, p := range c.Pods(ns, selector.Everything()) {
			fmt.Fprintf(&b, "%+v\n", p)
		}
		for _, s := range c.Services(ns) {
			fmt.Fprintf(&b, "%+v\n", s)
		}
	}
	return b.String()
}

// TestCheckNamespaceTables: Check reports a namespace kept without
// objects and one whose objects lost their table entry.
func TestCheckNamespaceTables(t *testing.T) {
	c := mustNew(t, Config{Seed: 5})
	settleCheck(t, c)
	c.namespace("empty")
	if err := c.Check(); err == nil || !strings.Contains(err.Error(), "empty") {
		t.Fatalf("a namespace without objects kept: Check said %v", err)
	}
	c = mustNew(t, Config{Seed: 5})
	_, err := c.CreatePod(pod.Pod{Namespace: "team", Name: "p"})
	must(t, err)
	settleCheck(t, c)
	c.nsIdx.Delete("team")
	if err := c.Check(); err == nil || !strings.Contains(err.Error(), "team") {
		t.Fatalf("a namespace with objects forgotten: Check said %v", err)
	}
}
