package sim

import (
	"strings"
	"testing"
	"time"
)

// churn runs a fixed script of calls.
func churn(t *testing.T, cfg Config) *Cluster {
	c := mustNew(t, cfg)
	must(t, c.CreateDeployment(webDeployment(5, time.Second)))
	_, err := c.CreateService(webService())
	must(t, err)
	must(t, c.Advance(3*time.Second))
	must(t, c.Rollout("", "web"))
	must(t, c.Advance(2*time.Second))
	p := podsOf(c)
	must(t, c.DeletePod("", p[0].Name))
	must(t, c.CrashPod("", p[1].Name))
	must(t, c.FailNode("node-2"))
	must(t, c.Advance(400*time.Second))
	must(t, c.RecoverNode("node-2"))
	must(t, c.Scale("", "web", 2))
	settleCheck(t, c)
	return c
}

func TestDeterminism(t *testing.T) {
	a := traceText(churn(t, Config{Seed: 42}))
	b := traceText(churn(t, Config{Seed: 42}))
	if a != b {
		t.Fatal("same seed, same calls: different traces")
	}
	c := traceText(churn(t, Config{Seed: 43}))
	if a == c {
		t.Fatal("different seeds: identical traces")
	}
	created := func(s string) string {
		var out []string
		for _, l := range strings.Split(s, "\n") {
			if strings.Contains(l, "PodCreated") {
				out = append(out, strings.Fields(l)[2])
			}
		}
		return strings.Join(out, ",")
	}
	if created(a) == created(c) {
		t.Fatal("different seeds: same pod names")
	}
}

func TestTraceLimit(t *testing.T) {
	full := churn(t, Config{Seed: 7}).Events()
	ring := churn(t, Config{Seed: 7, TraceLimit: 10}).Events()
	if len(ring) != 10 {
		t.Fatalf("%d events kept", len(ring))
	}
	for i := range ring {
		if ring[i] != full[len(full)-10+i] {
			t.Fatalf("ring[%d] = %v, want %v", i, ring[i], full[len(full)-10+i])
		}
	}
	if off := churn(t, Config{Seed: 7, TraceLimit: -1}).Events(); len(off) != 0 {
		t.Fatalf("trace off kept %d events", len(off))
	}
	// The trace off does not change what happens.
	on, off := churn(t, Config{Seed: 7}), churn(t, Config{Seed: 7, TraceLimit: -1})
	if strings.Join(podNames(podsOf(on)), ",") != strings.Join(podNames(podsOf(off)), ",") {
		t.Fatal("tracing changed the outcome")
	}
}

func TestEventString(t *testing.T) {
	e := Event{Time: Epoch.Add(65 * time.Second), Kind: "PodReady", Object: "pod/default/web-x", Message: "10.244.1.5"}
	if got := e.String(); got != "00:01:05.000 PodReady pod/default/web-x: 10.244.1.5" {
		t.Fatalf("%q", got)
	}
	e = Event{Time: Epoch.Add(26*time.Hour + 1500*time.Millisecond), Kind: "K", Object: "o"}
	if got := e.String(); got != "26:00:01.500 K o" {
		t.Fatalf("%q", got)
	}
}

func TestEndpointsAndProxyDelay(t *testing.T) {
	c := mustNew(t, Config{Seed: 1, EndpointsDelay: 2 * time.Second, ProxyDelay: 3 * time.Second})
	must(t, c.CreateDeployment(webDeployment(1, 0)))
	_, err := c.CreateService(webService())
	must(t, err)
	must(t, c.Advance(time.Second))
	if len(readyIPs(c, "", "web")) != 0 {
		t.Fatal("endpoints without lag")
	}
	must(t, c.Advance(time.Second))
	if len(readyIPs(c, "", "web")) != 1 {
		t.Fatal("endpoints not updated after the lag")
	}
	var programmed time.Duration = -1
	must(t, c.Settle())
	for _, e := range eventsOf(c, "ProxyProgrammed") {
		if strings.Contains(e.Object, "/web") && strings.HasPrefix(e.Message, "1 ") {
			programmed = e.Time.Sub(Epoch)
			break
		}
	}
	// The service's creation at 0s queued a kube-proxy sync at 3s; the
	// endpoint that turned ready at 2s rides along with it.
	if programmed != 3*time.Second {
		t.Fatalf("kube-proxy programmed the ready pod at %v, want 3s", programmed)
	}
	// From idle, a change shows up after both lags: 2 s + 3 s.
	must(t, c.Advance(10*time.Second)) // t = 13 s
	start := len(c.Events())
	must(t, c.DeletePod("", podsOf(c)[0].Name))
	must(t, c.Settle())
	for _, e := range c.Events()[start:] {
		if e.Kind == "ProxyProgrammed" && strings.Contains(e.Object, "/web") {
			if got := e.Time.Sub(Epoch); got != 18*time.Second {
				t.Fatalf("reprogrammed at %v, want 18s", got)
			}
			return
		}
	}
	t.Fatal("never reprogrammed")
}
