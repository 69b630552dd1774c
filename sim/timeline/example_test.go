package timeline_test

import (
	"bytes"
	"fmt"
	"net/netip"
	"strings"
	"time"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
	"github.com/svcsim/svcsim/service"
	"github.com/svcsim/svcsim/sim/timeline"
)

// A pod is replaced by another with a new IP while the Service's ClusterIP
// stays: the picture has one line per pod and one for the Service.
func Example() {
	start := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	svc := service.Service{Name: "web", ClusterIP: netip.MustParseAddr("10.96.0.10"), Ports: []service.Port{{Port: 80}}}
	old := pod.Pod{Namespace: "default", Name: "web-7c5ddbdf54-x2kqp", IP: netip.MustParseAddr("10.244.1.5"),
		Labels: selector.Set{"pod-template-hash": "7c5ddbdf54"}, Ready: true}
	repl := pod.Pod{Namespace: "default", Name: "web-7c5ddbdf54-b8mzq", IP: netip.MustParseAddr("10.244.2.3"),
		Labels: selector.Set{"pod-template-hash": "7c5ddbdf54"}}

	r := timeline.New("one pod replaced")
	r.Sample(start, []pod.Pod{old}, svc)
	r.Mark(start.Add(10*time.Second), "kubectl delete pod web-7c5ddbdf54-x2kqp")
	old.Terminating = true
	r.Sample(start.Add(10*time.Second), []pod.Pod{old, repl}, svc)
	repl.Ready = true
	r.Sample(start.Add(15*time.Second), []pod.Pod{old, repl}, svc)
	r.Sample(start.Add(40*time.Second), []pod.Pod{repl}, svc)

	var b bytes.Buffer
	if err := r.WriteSVG(&b); err != nil {
		fmt.Println(err)
		return
	}
	doc := b.String()
	fmt.Println("pod lines:", strings.Count(doc, `<path id="pod-`))
	fmt.Println("service lines:", strings.Count(doc, `<path id="service-`))
	fmt.Println(strings.Contains(doc, "web-7c5ddbdf54  (revision 1)"))
	// Output:
	// pod lines: 2
	// service lines: 1
	// true
}
