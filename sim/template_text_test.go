package sim

import (
	"testing"
	"time"

	"github.com/svcsim/svcsim/pod"
)

// templateText is the input of the pod-template-hash: its text must not
// change (a new hash renames every ReplicaSet and pod), and building it
// costs the text and the two durations it renders.
func TestTemplateText(t *testing.T) {
	d := &depRec{labelText: "app=web,tier=front", restartedAt: "2025-01-01T00:00:00Z"}
	d.spec.Ports = []pod.ContainerPort{{Name: "http", Port: 8080, Protocol: pod.TCP}, {Port: 53, Protocol: pod.UDP}}
	d.spec.Containers = []Container{{Name: "app", Image: "nginx:1.27", Ports: []pod.ContainerPort{{Name: "m", Port: 9090, Protocol: pod.TCP}}}}
	d.spec.ReadyAfter, d.spec.TerminationGracePeriod, d.spec.CrashLoop = 1500*time.Millisecond, 30*time.Second, true
	const want = "labels:app=web,tier=front;ports:http/8080/TCP,/53/UDP,;containers:app=nginx:1.27[m/9090/TCP,],;readyAfter:1.5s;grace:30s;crashLoop;kubectl.kubernetes.io/restartedAt:2025-01-01T00:00:00Z"
	if got := templateText(d); got != want {
		t.Errorf("templateText =\n%s\nwant\n%s", got, want)
	}
	if n := testing.AllocsPerRun(100, func() { templateText(d) }); n > 3 {
		t.Errorf("templateText: %v allocations, want at most 3", n)
	}
}
