package sim

import (
	"net/netip"
	"os"
	"runtime"
	"runtime/pprof"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
	"github.com/svcsim/svcsim/service"
)

// rolloutCluster builds deps Deployments of replicas pods, one Service each,
// on nodes nodes, and settles it.
func rolloutCluster(tb testing.TB, deps, replicas, nodes, traceLimit int, naive, coreOnly bool) *Cluster {
	return rolloutClusterStack(tb, deps, replicas, nodes, traceLimit, naive, coreOnly, false)
}

// rolloutClusterStack is rolloutCluster, dual-stack when dual: an IPv6
// secondary family, every Service PreferDualStack (two ClusterIPs, slices
// of both families).
func rolloutClusterStack(tb testing.TB, deps, replicas, nodes, traceLimit int, naive, coreOnly, dual bool) *Cluster {
	var ep func() epController
	switch {
	case naive:
		ep = newNaiveEP
	case coreOnly:
		ep = newNullEP
	}
	cfg := Config{testEP: ep, Seed: 1, Nodes: nodes, PodCIDR: netip.MustParsePrefix("10.128.0.0/9"),
		TraceLimit: traceLimit}
	var policy service.IPFamilyPolicy
	if dual {
		cfg.SecondaryServiceCIDR = netip.MustParsePrefix("fd00:10:96::/112")
		cfg.SecondaryPodCIDR = netip.MustParsePrefix("fd00:10:244::/48")
		policy = service.IPFamilyPolicyPreferDualStack
	}
	c, err := New(cfg)
	if err != nil {
		tb.Fatal(err)
	}
	ports := []pod.ContainerPort{{Name: "http", Port: 8080}}
	for i := range deps {
		name := "app-" + strconv.Itoa(i)
		labels := selector.Set{"app": name}
		if err := c.CreateDeployment(Deployment{Name: name, Replicas: replicas, Labels: labels, Ports: ports,
			ReadyAfter: time.Second}); err != nil {
			tb.Fatal(err)
		}
		if _, err := c.CreateService(service.Service{Name: name, Selector: labels, IPFamilyPolicy: policy,
			Ports: []service.Port{{Port: 80, TargetPort: service.TargetPortName("http")}}}); err != nil {
			tb.Fatal(err)
		}
	}
	if err := c.Settle(); err != nil {
		tb.Fatal(err)
	}
	return c
}

// rolloutAll restarts every Deployment and settles: one replacement per pod.
func rolloutAll(tb testing.TB, c *Cluster, deps int) {
	for i := range deps {
		if err := c.Rollout("", "app-"+strconv.Itoa(i)); err != nil {
			tb.Fatal(err)
		}
	}
	if err := c.Settle(); err != nil {
		tb.Fatal(err)
	}
}

func heapPerPod(pods int) float64 {
	runtime.GC()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return float64(ms.HeapInuse) / float64(pods)
}

func benchRollout(b *testing.B, deps, replicas, nodes, traceLimit int, naive, coreOnly, dual bool) {
	pods := deps * replicas
	c := rolloutClusterStack(b, deps, replicas, nodes, traceLimit, naive, coreOnly, dual)
	perPod := heapPerPod(pods)
	if f := os.Getenv("SVCSIM_HEAPPROFILE"); f != "" {
		out, err := os.Create(f)
		if err == nil {
			_ = pprof.WriteHeapProfile(out)
			_ = out.Close()
		}
	}
	if f := os.Getenv("SVCSIM_CPUPROFILE"); f != "" { // the timed rollouts only
		if out, err := os.Create(f); err == nil && pprof.StartCPUProfile(out) == nil {
			defer out.Close()
		}
	}
	b.ResetTimer()
	cpu0 := cpuTime()
	for range b.N {
		if err := c.Advance(time.Minute); err != nil {
			b.Fatal(err)
		}
		rolloutAll(b, c, deps)
	}
	b.StopTimer()
	cpu := cpuTime() - cpu0
	pprof.StopCPUProfile()
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*pods), "ns/replacement")
	b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N*pods), "cpu-ns/replacement")
	b.ReportMetric(perPod, "B/live-pod")
	if err := c.Check(); err != nil {
		b.Fatal(err)
	}
	if got := c.store.Len() - CoreDNSReplicas; got != pods { // the coredns pods besides
		b.Fatalf("%d live pods, want %d", got, pods)
	}
}

// BenchmarkRollout is the scale target: 10,000 Deployments of 15 replicas
// with one Service each on 5,000 nodes; one op is a rolling restart of all
// 150,000 pods, Settle included (Check runs once, untimed). Run with
// -benchtime=1x. The naive baseline (every pod event scans every Service,
// every sync recomputes from all pods) runs at 1/100 of the scale;
// compare ns/replacement. The core-only variants measure the core's own
// share (time and B/live-pod) with an endpoints controller that selects
// nothing.
func BenchmarkRollout(b *testing.B) {
	for _, tc := range []struct {
		name                  string
		deps, replicas, nodes int
		trace                 int
		naive, coreOnly, dual bool
	}{
		{"full/trace=off", 10000, 15, 5000, -1, false, false, false},
		{"full/trace=on", 10000, 15, 5000, 0, false, false, false},
		{"hundredth/trace=off", 100, 15, 50, -1, false, false, false},
		{"hundredth/trace=on", 100, 15, 50, 0, false, false, false},
		{"hundredth/naive/trace=off", 100, 15, 50, -1, true, false, false},
		// The core alone: an endpoints controller that selects nothing
		// and an idle kube-proxy table.
		{"full/core-only/trace=off", 10000, 15, 5000, -1, false, true, false},
		{"full/core-only/trace=on", 10000, 15, 5000, 0, false, true, false},
		// Dual-stack: every Service PreferDualStack on an IPv4/IPv6 cluster
		// (outside Rollout/full, which stays the single-stack figure).
		{"dual-stack/full/trace=off", 10000, 15, 5000, -1, false, false, true},
		{"dual-stack/hundredth/trace=off", 100, 15, 50, -1, false, false, true},
	} {
		b.Run(tc.name, func(b *testing.B) {
			benchRollout(b, tc.deps, tc.replicas, tc.nodes, tc.trace, tc.naive, tc.coreOnly, tc.dual)
		})
	}
}

// cpuTime is the process's user+system CPU time (the machine is shared, so
// wall time overstates the cost).
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
