// Command scaling scales a Deployment 3 -> 10 -> 2 and shows the Service's
// Endpoints and EndpointSlices following the pods.
//
// It teaches three rules of the endpoints controller
// (pkg/controller/endpoint, pkg/controller/endpointslice): a new pod is an
// endpoint only once it is Ready; a deleted pod leaves the Endpoints object
// at once, while its EndpointSlice entry stays with ready=false,
// terminating=true until the pod is gone (so kube-proxy can still fall back
// to it); and kubectl shows at most three addresses, then "+ N more...".
//
// Usage:
//
//	go run ./examples/scaling [-seed N]
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/svcsim/svcsim/endpoints"
	"github.com/svcsim/svcsim/examples/internal/story"
	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
	"github.com/svcsim/svcsim/service"
	"github.com/svcsim/svcsim/sim"
	"github.com/svcsim/svcsim/sim/kubectl"
)

func main() {
	if err := run(os.Stdout, os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "scaling:", err)
		os.Exit(1)
	}
}

var web = selector.MustParse("app=web")

const readyAfter = 5 * time.Second

func run(w io.Writer, args []string) error {
	fs := flag.NewFlagSet("scaling", flag.ContinueOnError)
	fs.SetOutput(w)
	seed := fs.Int64("seed", 1, "seed of the simulated cluster")
	if err := fs.Parse(args); err != nil {
		return err
	}
	c, err := sim.New(sim.Config{Seed: *seed})
	if err != nil {
		return err
	}
	s := &story.Writer{W: w}
	s.Title("Scaling: Endpoints follow the pods")

	s.Heading("1. Three replicas behind a Service")
	s.Cmd("kubectl create deployment web --image=web --replicas=3 --port=8080")
	s.Cmd("kubectl expose deployment web --port=80 --target-port=8080")
	if err := c.CreateDeployment(sim.Deployment{Name: "web", Replicas: 3, Labels: selector.Set{"app": "web"},
		Ports: []pod.ContainerPort{{Name: "http", Port: 8080}}, ReadyAfter: readyAfter}); err != nil {
		return err
	}
	if _, err := c.CreateService(service.Service{Name: "web", Selector: selector.Set{"app": "web"},
		Ports: []service.Port{{Name: "http", Port: 80, TargetPort: service.TargetPortNumber(8080)}}}); err != nil {
		return err
	}
	if _, err := c.CreatePod(pod.Pod{Name: "client", Labels: selector.Set{"app": "client"}}); err != nil {
		return err
	}
	if err := c.Settle(); err != nil {
		return err
	}
	showEndpoints(s, c)
	connect(s, c, 30)

	s.Heading("2. Scale up to 10")
	s.Cmd("kubectl scale deployment web --replicas=10")
	before, _, _ := count(c)
	if err := c.Scale("", "web", 10); err != nil {
		return err
	}
	if err := c.Advance(time.Second); err != nil {
		return err
	}
	now, notReady, _ := count(c)
	readiness := "none is Ready yet"
	if notReady != now-before {
		readiness = fmt.Sprintf("%d of them Ready already", now-before-notReady)
	}
	s.Say("After 1s the ReplicaSet has created %d pods; %s (readiness after %s):", now-before, readiness, readyAfter)
	showPods(s, c)
	s.Why("Endpoints still lists %d addresses: a pod that is not Ready goes to notReadyAddresses", readyAddresses(c))
	showEndpoints(s, c)
	if err := c.Advance(readyAfter); err != nil {
		return err
	}
	s.Say("%s later every new pod is Ready and an endpoint; kubectl shows three and counts the rest:", readyAfter)
	showEndpoints(s, c)
	connect(s, c, 100)

	s.Heading("3. Scale down to 2")
	s.Cmd("kubectl scale deployment web --replicas=2")
	if err := c.Scale("", "web", 2); err != nil {
		return err
	}
	if err := c.Advance(time.Second); err != nil {
		return err
	}
	_, _, terminating := count(c)
	s.Why("the ReplicaSet picked %d pods to delete (doubled-up nodes first, then the most recently Ready)", terminating)
	s.Why("the Endpoints object dropped them at once; the EndpointSlice keeps them as terminating:")
	showEndpoints(s, c)
	s.Table(func(w io.Writer) error { return story.SliceConditions(w, c.EndpointSlices("", "web")) })
	s.Why("serving=true, terminating=true: kube-proxy uses such endpoints only if no ready one is left")
	connect(s, c, 30)
	if err := c.Settle(); err != nil {
		return err
	}
	s.Say("After the 30s grace period the pods are gone, and so are their slice entries:")
	showEndpoints(s, c)
	return s.Err
}

// count returns how many web pods exist, how many are not Ready and how
// many are Terminating, so the story's sentences say what the cluster did.
func count(c *sim.Cluster) (pods, notReady, terminating int) {
	for _, p := range c.Pods("", web) {
		pods++
		if !p.Ready {
			notReady++
		}
		if p.Terminating {
			terminating++
		}
	}
	return pods, notReady, terminating
}

// readyAddresses counts the ready addresses of web's Endpoints.
func readyAddresses(c *sim.Cluster) int {
	eps, _ := c.Endpoints("", "web")
	n := 0
	for _, ss := range eps.Subsets {
		n += len(ss.Addresses)
	}
	return n
}

func showPods(s *story.Writer, c *sim.Cluster) {
	pods := c.Pods("", web)
	s.Table(func(w io.Writer) error { return kubectl.Pods(w, pods, kubectl.For(c).WithWide()) })
}

func showEndpoints(s *story.Writer, c *sim.Cluster) {
	o := kubectl.For(c)
	eps, _ := c.Endpoints("", "web")
	s.Cmd("kubectl get endpoints web")
	s.Table(func(w io.Writer) error { return kubectl.Endpoints(w, []endpoints.Endpoints{eps}, o) })
	s.Cmd("kubectl get endpointslices -l kubernetes.io/service-name=web")
	s.Table(func(w io.Writer) error { return kubectl.EndpointSlices(w, c.EndpointSlices("", "web"), o) })
}

// connect opens n connections to web:80 from the client pod and says where
// they landed.
func connect(s *story.Writer, c *sim.Cluster, n int) {
	var t story.Tally
	for range n {
		conn, err := c.Connect(sim.FromPod("", "client"), "web:80")
		t.Add(conn, err)
	}
	s.Say("client -> web:80  %s, spread over %d pods", t.Summary(), t.Pods())
}
