package kubectl_test

import (
	"bytes"
	"testing"
	"time"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
	"github.com/svcsim/svcsim/sim"
	"github.com/svcsim/svcsim/sim/kubectl"
)

// With the trace off, kubectl get pods still shows an 11-second-old pod's
// AGE and its restart: both come from the objects (creationTimestamp,
// restartCount, lastState.terminated.finishedAt), not from the trace.
func TestPodAgeAndRestartsWithTraceOff(t *testing.T) {
	c, err := sim.New(sim.Config{Seed: 1, TraceLimit: -1})
	if err != nil {
		t.Fatal(err)
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(c.Advance(time.Hour))
	_, err = c.CreatePod(pod.Pod{Name: "web", Labels: selector.Set{"app": "web"}})
	must(err)
	must(c.Advance(10 * time.Second))
	must(c.CrashPod("default", "web"))
	must(c.Advance(time.Second)) // the kubelet's relist restarts it at once
	var b bytes.Buffer
	must(kubectl.Pods(&b, c.Pods("default", selector.Everything()), kubectl.For(c)))
	want := "" +
		"NAME   READY   STATUS    RESTARTS     AGE\n" +
		"web    1/1     Running   1 (1s ago)   11s\n"
	if b.String() != want {
		t.Errorf("got:\n%s\nwant:\n%s", b.String(), want)
	}
}
