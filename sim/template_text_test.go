package sim

import (
	"math"
	"testing"
	"time"

	"github.com/svcsim/svcsim/pod"
)

// templateText is the input of the pod-template-hash: its text must not
// change (a new hash renames every ReplicaSet and pod), and building it
// allocates the text only.
func TestTemplateText(t *testing.T) {
	d := &depRec{labelText: "app=web,tier=front", restartedAt: "2025-01-01T00:00:00Z"}
	d.spec.Ports = []pod.ContainerPort{{Name: "http", Port: 8080, Protocol: pod.TCP}, {Port: 53, Protocol: pod.UDP}}
	d.spec.Containers = []Container{{Name: "app", Image: "nginx:1.27", Ports: []pod.ContainerPort{{Name: "m", Port: 9090, Protocol: pod.TCP}}}}
	d.spec.ReadyAfter, d.spec.TerminationGracePeriod, d.spec.CrashLoop = 1500*time.Millisecond, 30*time.Second, true
	const want = "labels:app=web,tier=front;ports:http/8080/TCP,/53/UDP,;containers:app=nginx:1.27[m/9090/TCP,],;readyAfter:1.5s;grace:30s;crashLoop;kubectl.kubernetes.io/restartedAt:2025-01-01T00:00:00Z"
	if got := templateText(d); got != want {
		t.Errorf("templateText =\n%s\nwant\n%s", got, want)
	}
	if n := testing.AllocsPerRun(100, func() { templateText(d) }); n > 1 {
		t.Errorf("templateText: %v allocations, want 1", n)
	}
}

// appendDuration renders a duration as time.Duration.String does, the
// whole seconds under a minute it writes itself included.
func TestAppendDuration(t *testing.T) {
	for _, d := range []time.Duration{0, 1, time.Millisecond, time.Second - 1, time.Second, 1500 * time.Millisecond,
		30 * time.Second, 59 * time.Second, time.Minute - 1, time.Minute, 90 * time.Second, time.Hour,
		-time.Second, -1, math.MaxInt64, math.MinInt64} {
		if got := string(appendDuration([]byte("x"), d)); got != "x"+d.String() {
			t.Errorf("appendDuration(%d) = %q, want %q", int64(d), got, "x"+d.String())
		}
	}
}
