package sim

import (
	"fmt"
	"math"
	"net/netip"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
	"github.com/svcsim/svcsim/service"
)

// Every operation whose input a caller can scale costs linear time or
// better: each case below builds a cluster of size n (untimed) and times
// one operation on it, at n and at 16n. A linear operation costs about 16
// times more at 16n (up to twice that once the bigger cluster falls out of
// the caches), a quadratic one 256 times; the test fails at a ratio of 64
// or more, a margin wide enough for a loaded machine. The time of a size is
// the least of a few runs.

// scaleCase is one scalable operation: setup builds the cluster of size n
// and returns the operation to time.
type scaleCase struct {
	name  string
	n     int
	setup func(tb testing.TB, n int) func(tb testing.TB)
	// open names a case still superlinear: the test logs its ratio
	// instead of failing.
	open string
}

var scaleCases = []scaleCase{
	{"ScalePendingToZero", 2000, func(tb testing.TB, n int) func(testing.TB) {
		// One node: 110 pods run, the rest stay Pending.
		c := mustNew(tb, Config{Seed: 1, Nodes: 1, TraceLimit: -1})
		must(tb, c.CreateDeployment(webDeployment(n, 0)))
		must(tb, c.Settle())
		return func(tb testing.TB) {
			must(tb, c.Scale("default", "web", 0))
			must(tb, c.Settle())
		}
	}, ""},
	{"DeletePendingDeployment", 2000, func(tb testing.TB, n int) func(testing.TB) {
		c := mustNew(tb, Config{Seed: 1, Nodes: 1, TraceLimit: -1})
		must(tb, c.CreateDeployment(webDeployment(n, 0)))
		must(tb, c.Settle())
		return func(tb testing.TB) {
			must(tb, c.DeleteDeployment("default", "web"))
			must(tb, c.Settle())
		}
	}, ""},
	{"PodsOfSmallNamespace", 1000, func(tb testing.TB, n int) func(testing.TB) {
		c := mustNew(tb, Config{Seed: 1, Nodes: n/100 + 1, TraceLimit: -1})
		d := webDeployment(n, 0)
		d.Namespace = "big"
		must(tb, c.CreateDeployment(d))
		must(tb, c.Settle())
		_, err := c.CreatePod(pod.Pod{Name: "one", Labels: selector.Set{"app": "one"}})
		must(tb, err)
		return func(tb testing.TB) {
			for range 200 {
				if got := c.Pods("default", selector.Everything()); len(got) != 1 {
					tb.Fatalf("%d pods", len(got))
				}
			}
		}
	}, ""},
	{"ReplicaSetsOfSmallNamespace", 250, func(tb testing.TB, n int) func(testing.TB) {
		c := mustNew(tb, Config{Seed: 1, TraceLimit: -1})
		for i := range n {
			must(tb, c.CreateDeployment(Deployment{Namespace: "big", Name: "d" + strconv.Itoa(i), Replicas: 0,
				Labels: selector.Set{"app": strconv.Itoa(i)}}))
		}
		must(tb, c.CreateDeployment(webDeployment(0, 0)))
		must(tb, c.Settle())
		return func(tb testing.TB) {
			for range 200 {
				if got := c.ReplicaSets("default", selector.Everything()); len(got) != 1 {
					tb.Fatalf("%d replicasets", len(got))
				}
			}
		}
	}, ""},
	{"ServicesOfSmallNamespace", 250, func(tb testing.TB, n int) func(testing.TB) {
		c := mustNew(tb, Config{Seed: 1, TraceLimit: -1})
		for i := range n {
			s := webService()
			s.Namespace, s.Name = "big", "s"+strconv.Itoa(i)
			_, err := c.CreateService(s)
			must(tb, err)
		}
		must(tb, c.Settle())
		return func(tb testing.TB) {
			for range 200 {
				if got := c.Services("kube-system"); len(got) != 1 {
					tb.Fatalf("%d services", len(got))
				}
			}
		}
	}, ""},
	{"QuotaWaitersWokenByRemovals", 250, func(tb testing.TB, n int) func(testing.TB) {
		// n bare pods fill the quota; n Deployments wait for room; the
		// bare pods are deleted one by one.
		c := mustNew(tb, Config{Seed: 1, Nodes: n/100 + 1, TraceLimit: -1, MaxPods: n + CoreDNSReplicas})
		for i := range n {
			_, err := c.CreatePod(pod.Pod{Name: "p" + strconv.Itoa(i), Labels: selector.Set{"bare": "x"}})
			must(tb, err)
		}
		for i := range n {
			must(tb, c.CreateDeployment(Deployment{Name: "d" + strconv.Itoa(i), Replicas: 1,
				Labels: selector.Set{"app": strconv.Itoa(i)}}))
		}
		must(tb, c.Settle())
		return func(tb testing.TB) {
			for i := range n {
				must(tb, c.DeletePod("default", "p"+strconv.Itoa(i)))
				must(tb, c.Advance(time.Minute))
			}
		}
	}, ""},
	{"RolloutOneByOne", 100, func(tb testing.TB, n int) func(testing.TB) {
		c := mustNew(tb, Config{Seed: 1, Nodes: n/50 + 1, TraceLimit: -1})
		d := webDeployment(n, 0)
		d.MaxSurge, d.MaxUnavailable = "1", "0"
		must(tb, c.CreateDeployment(d))
		must(tb, c.Settle())
		return func(tb testing.TB) {
			must(tb, c.Rollout("default", "web"))
			must(tb, c.Settle())
		}
	}, "each scale-down step ranks every pod of the Deployment (scaleDownRS), as upstream's ActivePodsWithRanks sort does"},
	{"FailNodes", 1000, func(tb testing.TB, n int) func(testing.TB) {
		nodes := n / 100
		c := mustNew(tb, Config{Seed: 1, Nodes: 2 * nodes, TraceLimit: -1, PodCIDR: netip.MustParsePrefix("10.128.0.0/9")})
		must(tb, c.CreateDeployment(webDeployment(n, 0)))
		must(tb, c.Settle())
		return func(tb testing.TB) {
			for i := range nodes {
				must(tb, c.FailNode("node-"+strconv.Itoa(i+1)))
			}
			must(tb, c.Settle())
		}
	}, ""},
	{"LoadBalancers", 150, func(tb testing.TB, n int) func(testing.TB) {
		c := mustNew(tb, Config{Seed: 1, TraceLimit: -1, LoadBalancerPool: netip.MustParsePrefix("198.18.0.0/15")})
		return func(tb testing.TB) {
			for i := range n {
				_, err := c.CreateService(service.Service{Name: "lb" + strconv.Itoa(i), Type: service.LoadBalancer,
					Ports: []service.Port{{Port: 80}}})
				must(tb, err)
			}
		}
	}, ""},
	{"DeleteServices", 500, func(tb testing.TB, n int) func(testing.TB) {
		c := mustNew(tb, Config{Seed: 1, TraceLimit: -1})
		for i := range n {
			_, err := c.CreateService(service.Service{Name: "s" + strconv.Itoa(i), Ports: []service.Port{{Port: 80}}})
			must(tb, err)
		}
		must(tb, c.Settle())
		return func(tb testing.TB) {
			for i := range n {
				must(tb, c.DeleteService("default", "s"+strconv.Itoa(i)))
			}
			must(tb, c.Settle())
		}
	}, ""},
	{"Check", 1000, func(tb testing.TB, n int) func(testing.TB) {
		c := mustNew(tb, Config{Seed: 1, Nodes: n/100 + 1, TraceLimit: -1, EndpointsDelay: time.Second})
		must(tb, c.CreateDeployment(webDeployment(n, 0)))
		for i := range n {
			_, err := c.CreateService(service.Service{Name: "s" + strconv.Itoa(i), Ports: []service.Port{{Port: 80}}})
			must(tb, err)
		}
		must(tb, c.Settle())
		for i := range n {
			must(tb, c.DeleteService("default", "s"+strconv.Itoa(i)))
		}
		return func(tb testing.TB) { must(tb, c.Check()) }
	}, ""},
}

// timeOf returns the least time of runs runs of sc's operation at size n.
func timeOf(tb testing.TB, sc scaleCase, n, runs int) time.Duration {
	best := time.Duration(math.MaxInt64)
	for range runs {
		op := sc.setup(tb, n)
		start := time.Now()
		op(tb)
		best = min(best, time.Since(start))
	}
	return best
}

func TestScalableOperationsAreLinear(t *testing.T) {
	if os.Getenv("SVCSIM_SCALING") == "" {
		t.Skip("wall-time ratios want an otherwise idle machine: SVCSIM_SCALING=1 go test -run ScalableOperations ./sim")
	}
	for _, sc := range scaleCases {
		t.Run(sc.name, func(t *testing.T) {
			small, big := timeOf(t, sc, sc.n, 5), timeOf(t, sc, 16*sc.n, 3)
			ratio := float64(big) / float64(max(small, time.Microsecond))
			t.Logf("n=%d: %v, 16n: %v, ratio %.1f", sc.n, small, big, ratio)
			if ratio >= 64 && sc.open != "" {
				t.Logf("still superlinear: %s", sc.open)
			} else if ratio >= 64 {
				t.Errorf("16 times the input costs %.1f times the time (%v → %v): superlinear", ratio, small, big)
			}
		})
	}
}

// BenchmarkScalableOperations runs every case at two sizes a decade apart.
func BenchmarkScalableOperations(b *testing.B) {
	for _, sc := range scaleCases {
		for _, n := range []int{sc.n, 10 * sc.n} {
			b.Run(fmt.Sprintf("%s/n=%d", sc.name, n), func(b *testing.B) {
				for range b.N {
					b.StopTimer()
					op := sc.setup(b, n)
					b.StartTimer()
					op(b)
				}
			})
		}
	}
}
