package endpoints

import (
	"fmt"
	"net/netip"
	"runtime"
	"testing"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
	"github.com/svcsim/svcsim/service"
)

// The scale fixture of the benchmarks: one namespace, benchServices
// Services, Service i selecting app=svc-i over benchPodsPerSvc pods. Built
// once, lazily, and shared by every benchmark of the run.
const (
	benchServices   = 10_000
	benchPodsPerSvc = 15
)

type benchFixture struct {
	c    *Controller
	scan *scanController
	pods []pod.Pod // pods[i*benchPodsPerSvc+j]: pod j of Service i
	svcs []service.Service
}

var bigFixture *benchFixture

// fixtureHeapMB is the heap the controller's state for the scale fixture
// takes (the pods' shared Labels maps and Ports slices excluded).
var fixtureHeapMB float64

// fixtureBytesPerPod is the growth of HeapInuse (after runtime.GC) while
// the controller takes in the scale fixture, divided by its pods: the
// controller's memory per live pod (target ≤ 350 B).
var fixtureBytesPerPod float64

func heapInuseNow() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapInuse
}

func heapInUse() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// BenchmarkFixtureMemory reports the controller's heap for 150,000 pods and
// 10,000 Services (target < 300 MB) as the metric MB, and its HeapInuse
// growth per pod as B/pod (target ≤ 350).
func BenchmarkFixtureMemory(b *testing.B) {
	getBigFixture(b)
	for b.Loop() {
	}
	b.ReportMetric(fixtureHeapMB, "MB")
	b.ReportMetric(fixtureBytesPerPod, "B/pod")
}

var benchPorts = []pod.ContainerPort{{Name: "http", Port: 8080, Protocol: pod.TCP}}

func benchIP(n int) netip.Addr {
	return netip.AddrFrom4([4]byte{10, byte(n >> 16), byte(n >> 8), byte(n)})
}

func benchService(name string, sel selector.Set) service.Service {
	return service.Service{Namespace: "default", Name: name, Type: service.ClusterIP, Selector: sel,
		ClusterIP: netip.MustParseAddr("10.96.0.10"),
		Ports:     []service.Port{{Name: "http", Port: 80, Protocol: pod.TCP, TargetPort: service.TargetPortName("http")}}}
}

func getBigFixture(b *testing.B) *benchFixture {
	if bigFixture != nil {
		return bigFixture
	}
	b.StopTimer()
	defer b.StartTimer()
	f := &benchFixture{c: NewController(Options{}), scan: newScanController()}
	var dirty []ServiceKey
	for i := range benchServices {
		labels := selector.Set{"app": fmt.Sprintf("svc-%d", i)}
		svc := benchService(fmt.Sprintf("svc-%d", i), labels)
		f.svcs = append(f.svcs, svc)
		for j := range benchPodsPerSvc {
			n := i*benchPodsPerSvc + j
			f.pods = append(f.pods, pod.Pod{Namespace: "default", Name: fmt.Sprintf("svc-%d-%d", i, j),
				Labels: labels, NodeName: fmt.Sprintf("node-%d", n%100), IP: benchIP(n), Ports: benchPorts,
				Phase: pod.Running, Ready: true})
		}
	}
	before, beforeInuse := heapInUse(), heapInuseNow()
	for _, p := range f.pods {
		dirty = f.c.SetPod(p, dirty[:0])
	}
	for _, svc := range f.svcs {
		dirty = f.c.SetService(svc, dirty[:0])
		for _, k := range dirty {
			f.c.Sync(k)
		}
	}
	fixtureHeapMB = float64(heapInUse()-before) / (1 << 20)
	fixtureBytesPerPod = float64(heapInuseNow()-beforeInuse) / float64(len(f.pods))
	for _, p := range f.pods {
		f.scan.SetPod(p)
	}
	for _, svc := range f.svcs {
		f.scan.SetService(svc)
	}
	bigFixture = f
	return f
}

// BenchmarkPodServices finds the Services of one pod among 10,000: through
// the selector index, and by testing every selector of the namespace as
// upstream's GetPodServiceMemberships does (upstream: 1.9 ms).
func BenchmarkPodServices(b *testing.B) {
	f := getBigFixture(b)
	ns := f.c.ns.Value("default")
	b.Run("index", func(b *testing.B) {
		var dst []*svcState
		for i := 0; b.Loop(); i++ {
			dst = ns.matchingServices(f.pods[(i*7919)%len(f.pods)].Labels, dst[:0])
			if len(dst) != 1 {
				b.Fatal(len(dst))
			}
		}
	})
	b.Run("scan", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			if n := len(f.scan.podServices(f.pods[(i*7919)%len(f.pods)])); n != 1 {
				b.Fatal(n)
			}
		}
	})
}

// BenchmarkPodEvent is one pod event with every affected Endpoints and
// slice brought up to date: SetPod (a readiness flip) and the Sync of the
// Services it reports. Target ≤ 2 µs. The baseline finds the Services by
// scanning and recomputes each from the namespace's pods, as upstream does.
func BenchmarkPodEvent(b *testing.B) {
	f := getBigFixture(b)
	b.Run("controller", func(b *testing.B) {
		var dirty []ServiceKey
		for i := 0; b.Loop(); i++ {
			p := &f.pods[(i*7919)%len(f.pods)]
			p.Ready = !p.Ready
			dirty = f.c.SetPod(*p, dirty[:0])
			for _, k := range dirty {
				f.c.Sync(k)
			}
			if len(dirty) != 1 {
				b.Fatal(dirty)
			}
		}
	})
	b.Run("scan", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			p := f.pods[(i*7919)%len(f.pods)] // a copy: f.pods is the controller's truth
			p.Ready = !p.Ready
			f.scan.SetPod(p)
			for _, svc := range f.scan.podServices(p) {
				f.scan.Sync(svc)
			}
		}
	})
}

// BenchmarkRebuild builds one 15-pod Service's Endpoints and slices from
// scratch among 150,000 pods. The controller is timed on SetService + Sync
// of the Service as new (its member pods found through the label index; the
// DeleteService + Sync before it is not timed); the baseline lists the
// namespace's pods and recomputes, as upstream's syncService. Target ≤ 5 µs.
// Endpoints() materialization, lazy, is BenchmarkEndpointsRead.
func BenchmarkRebuild(b *testing.B) {
	f := getBigFixture(b)
	b.Run("controller", func(b *testing.B) {
		// Services are deleted (untimed) in batches of 1,000 so that the
		// timer stops rarely.
		const batch = 1000
		var dirty []ServiceKey
		for i := 0; b.Loop(); i++ {
			if i%batch == 0 {
				b.StopTimer()
				for j := i; j < i+batch; j++ {
					svc := f.svcs[(j*7919)%len(f.svcs)]
					dirty = f.c.DeleteService(svc.Namespace, svc.Name, dirty[:0])
					f.c.Sync(dirty[0])
				}
				b.StartTimer()
			}
			svc := f.svcs[(i*7919)%len(f.svcs)]
			dirty = f.c.SetService(svc, dirty[:0])
			if !f.c.Sync(dirty[0]) {
				b.Fatal("no change")
			}
		}
		for _, svc := range f.svcs { // restore every Service for the other benchmarks
			for _, k := range f.c.SetService(svc, dirty[:0]) {
				f.c.Sync(k)
			}
		}
		svc := f.svcs[0]
		if sl := f.c.Slices(svc.Namespace, svc.Name); len(sl) != 1 || len(sl[0].Endpoints) != benchPodsPerSvc {
			b.Fatal(sl)
		}
	})
	b.Run("scan", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			svc := f.svcs[(i*7919)%len(f.svcs)]
			f.scan.Sync(svc)
		}
	})
}

// BenchmarkResync recomputes every endpoint of a 15-pod Service after a
// spec change (publishNotReadyAddresses flipped): SetService + Sync.
func BenchmarkResync(b *testing.B) {
	f := getBigFixture(b)
	var dirty []ServiceKey
	for i := 0; b.Loop(); i++ {
		svc := &f.svcs[(i*7919)%len(f.svcs)]
		svc.PublishNotReadyAddresses = !svc.PublishNotReadyAddresses
		dirty = f.c.SetService(*svc, dirty[:0])
		f.c.Sync(dirty[0])
	}
}

// BenchmarkEndpointsRead materializes a 15-pod Service's Endpoints object
// from the incremental state (a read right after a change).
func BenchmarkEndpointsRead(b *testing.B) {
	f := getBigFixture(b)
	var dirty []ServiceKey
	for i := 0; b.Loop(); i++ {
		p := &f.pods[(i*7919)%len(f.pods)]
		p.Ready = !p.Ready
		dirty = f.c.SetPod(*p, dirty[:0])
		f.c.Sync(dirty[0])
		if ep, _ := f.c.Endpoints(p.Namespace, dirty[0].Name); len(ep.Subsets) != 1 {
			b.Fatal(ep)
		}
	}
}

// BenchmarkSyncNoChange is a Sync with nothing pending (target ≤ 100 ns);
// upstream recomputes anyway (6.5 ms for a 1,000-pod Service).
func BenchmarkSyncNoChange(b *testing.B) {
	f := getBigFixture(b)
	b.Run("controller", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			svc := &f.svcs[(i*7919)%len(f.svcs)]
			if f.c.Sync(ServiceKey{svc.Namespace, svc.Name}) {
				b.Fatal("changed")
			}
		}
	})
	b.Run("controller-others-pending", func(b *testing.B) {
		// Another Service has work queued, so Sync looks the key up.
		p := &f.pods[0]
		p.Ready = !p.Ready
		pending := f.c.SetPod(*p, nil)
		for i := 0; b.Loop(); i++ {
			svc := &f.svcs[1+(i*7919)%(len(f.svcs)-1)]
			if f.c.Sync(ServiceKey{svc.Namespace, svc.Name}) {
				b.Fatal("changed")
			}
		}
		f.c.Sync(pending[0])
	})
	b.Run("scan", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			f.scan.Sync(f.svcs[(i*7919)%len(f.svcs)])
		}
	})
}

// BenchmarkReplace10Percent replaces 100 of a 1,000-pod Service's pods
// (100 DeletePod, 100 SetPod of new pods, not timed) and times applying the
// batch to the Service's Endpoints and slices: the Sync alone (target
// ≤ 10 µs). The baseline recomputes from scratch (upstream: 8.3 ms).
func BenchmarkReplace10Percent(b *testing.B) {
	const size, batch = 1000, 100
	labels := selector.Set{"app": "big"}
	svc := benchService("big", labels)
	key := ServiceKey{"default", "big"}
	c := NewController(Options{})
	var live []pod.Pod
	next := 0
	newPod := func() pod.Pod {
		next++
		return pod.Pod{Namespace: "default", Name: fmt.Sprintf("big-%d", next), Labels: labels,
			NodeName: fmt.Sprintf("node-%d", next%100), IP: benchIP(next), Ports: benchPorts, Phase: pod.Running, Ready: true}
	}
	var dirty []ServiceKey
	for range size {
		p := newPod()
		live = append(live, p)
		c.SetPod(p, nil)
	}
	c.SetService(svc, nil)
	c.Sync(key)
	b.Run("controller", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			b.StopTimer()
			for j := range batch {
				k := (i*batch*7 + j*13) % size
				dirty = c.DeletePod("default", live[k].Name, dirty[:0])
				live[k] = newPod()
				dirty = c.SetPod(live[k], dirty[:0])
			}
			b.StartTimer()
			if !c.Sync(key) {
				b.Fatal("no change")
			}
		}
	})
	b.Run("scan", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			b.StopTimer()
			for j := range batch {
				k := (i*batch*7 + j*13) % size
				live[k] = newPod()
			}
			b.StartTimer()
			Compute(svc, live, Options{})
		}
	})
}
