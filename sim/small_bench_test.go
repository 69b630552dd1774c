package sim

import (
	"maps"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
	"github.com/svcsim/svcsim/service"
)

// smallCluster is where property tests live: a default Config (trace on),
// 3 nodes, a 3-replica Deployment with a named port, its ClusterIP
// Service and a client pod, settled.
func smallCluster(tb testing.TB) *Cluster {
	c, err := New(Config{Seed: 1})
	if err != nil {
		tb.Fatal(err)
	}
	if err := c.CreateDeployment(Deployment{Name: "web", Replicas: 3, Labels: selector.Set{"app": "web"},
		Ports: []pod.ContainerPort{{Name: "http", Port: 8080}}}); err != nil {
		tb.Fatal(err)
	}
	if _, err := c.CreateService(service.Service{Name: "web", Selector: selector.Set{"app": "web"},
		Ports: []service.Port{{Name: "http", Port: 80, TargetPort: service.TargetPortName("http")}}}); err != nil {
		tb.Fatal(err)
	}
	if _, err := c.CreatePod(pod.Pod{Name: "client"}); err != nil {
		tb.Fatal(err)
	}
	if err := c.Settle(); err != nil {
		tb.Fatal(err)
	}
	return c
}

// churner makes the calls of simtest's churn mix (scale, delete pod,
// crash, relabel, set ready, rollout, fail and recover a node, update the
// Service, advance) on a smallCluster, drawing its choices from its own
// PCG. Refused calls are part of the mix, as in a rapid run.
type churner struct {
	c     *Cluster
	r     *rand.Rand
	names []string // scratch: pod names of the default namespace
}

func newChurner(c *Cluster) *churner { return &churner{c: c, r: rand.New(rand.NewPCG(1, 2))} }

func (ch *churner) pod() string {
	ch.names = ch.names[:0]
	for i := range ch.c.store.Slots() {
		if p := ch.c.pod(i); p.has(fLive) && p.tmpl.ns == ch.c.nsIdx.Value("default") {
			ch.names = append(ch.names, p.name())
		}
	}
	if len(ch.names) == 0 {
		return "none"
	}
	return ch.names[ch.r.IntN(len(ch.names))]
}

func (ch *churner) node() string { return ch.c.nodes[ch.r.IntN(len(ch.c.nodes))].name }

// step makes one call of the mix, the result ignored (refused calls
// change nothing).
func (ch *churner) step() {
	c := ch.c
	switch ch.r.IntN(10) {
	case 0:
		_ = c.Scale("default", "web", ch.r.IntN(6))
	case 1:
		_ = c.DeletePod("default", ch.pod())
	case 2:
		_ = c.CrashPod("default", ch.pod())
	case 3:
		v := "web"
		if ch.r.IntN(2) == 0 {
			v = "other"
		}
		_ = c.SetPodLabels("default", ch.pod(), selector.Set{"app": v})
	case 4:
		_ = c.SetPodReady("default", ch.pod(), ch.r.IntN(2) == 0)
	case 5:
		_ = c.Rollout("default", "web")
	case 6:
		_ = c.FailNode(ch.node())
	case 7:
		_ = c.RecoverNode(ch.node())
	case 8:
		s, _ := c.Service("default", "web")
		switch ch.r.IntN(3) {
		case 0:
			s.PublishNotReadyAddresses = !s.PublishNotReadyAddresses
		case 1:
			s.SessionAffinity = service.SessionAffinityClientIP
			if ch.r.IntN(2) == 0 {
				s.SessionAffinity = service.SessionAffinityNone
			}
		default:
			s.Selector = maps.Clone(s.Selector)
			s.Selector["app"] = "web"
			if ch.r.IntN(2) == 0 {
				s.Selector["app"] = "other"
			}
		}
		_, _ = c.UpdateService(s)
	default:
		_ = c.Advance([]time.Duration{time.Second, 10 * time.Second, time.Minute, 5 * time.Minute}[ch.r.IntN(4)])
	}
}

// BenchmarkSmallCluster measures the small cluster of property tests:
// building it (New, set-up, Settle), one churn step with Settle and
// Check, and a connection from the client pod to web:80 by name, with its
// Path (Connect) and without (Route).
func BenchmarkSmallCluster(b *testing.B) {
	b.Run("new", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			smallCluster(b)
		}
	})
	b.Run("churn", func(b *testing.B) {
		c := smallCluster(b)
		ch := newChurner(c)
		b.ReportAllocs()
		for b.Loop() {
			ch.step()
			if err := c.Settle(); err != nil {
				b.Fatal(err)
			}
			if err := c.Check(); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("connect", func(b *testing.B) {
		c := smallCluster(b)
		from := FromPod("default", "client")
		b.ReportAllocs()
		for b.Loop() {
			if _, err := c.Connect(from, "web:80"); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("route", func(b *testing.B) {
		c := smallCluster(b)
		from := FromPod("default", "client")
		b.ReportAllocs()
		for b.Loop() {
			if _, err := c.Route(from, "web:80"); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkSmallCheck(b *testing.B) {
	c := smallCluster(b)
	b.ReportAllocs()
	for b.Loop() {
		if err := c.Check(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSmallCheckChurned measures Check on the small cluster after
// 1,000 steps of the churn mix, each settled: a Deployment history of
// several ReplicaSets and pods in several states, as a property test's
// Check meets them, where BenchmarkSmallCheck's fresh cluster has one
// ReplicaSet of ready pods.
func BenchmarkSmallCheckChurned(b *testing.B) {
	c := smallCluster(b)
	ch := newChurner(c)
	for range 1000 {
		ch.step()
		if err := c.Settle(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := c.Check(); err != nil {
			b.Fatal(err)
		}
	}
}
