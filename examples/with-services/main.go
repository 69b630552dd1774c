// Command with-services replays the churn of examples/without-services, but
// the client connects through a Service: every connection lands on a live
// pod.
//
// A Service is a stable front end (a ClusterIP, a DNS name and a port)
// in front of a changing back end (the Ready pods its selector matches).
// The endpoints controller keeps the Service's Endpoints/EndpointSlices in
// step with the pods, and kube-proxy on every node rewrites connections to
// the ClusterIP into connections to one of those pods. At each step this
// program prints the front end above the back end, so you can watch the
// one stay put while the other changes, and it counts where the client's
// connections landed.
//
// Usage:
//
//	go run ./examples/with-services [-seed N]
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
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
		fmt.Fprintln(os.Stderr, "with-services:", err)
		os.Exit(1)
	}
}

// connsPerCheck is how many connections the client opens at each check.
const connsPerCheck = 12

var web = selector.MustParse("app=web")

func run(w io.Writer, args []string) error {
	fs := flag.NewFlagSet("with-services", flag.ContinueOnError)
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
	s.Title("With a Service: a stable front end over churning pods")

	s.Heading("1. Deploy web (3 replicas), expose it, start a client")
	s.Cmd("kubectl create deployment web --image=web --replicas=3 --port=8080")
	s.Cmd("kubectl expose deployment web --port=80 --target-port=http")
	if err := c.CreateDeployment(sim.Deployment{Name: "web", Replicas: 3, Labels: selector.Set{"app": "web"},
		Ports: []pod.ContainerPort{{Name: "http", Port: 8080}}, ReadyAfter: 2 * time.Second}); err != nil {
		return err
	}
	svc, err := c.CreateService(service.Service{Name: "web", Selector: selector.Set{"app": "web"},
		Ports: []service.Port{{Name: "http", Port: 80, TargetPort: service.TargetPortName("http")}}})
	if err != nil {
		return err
	}
	if _, err := c.CreatePod(pod.Pod{Name: "client", Labels: selector.Set{"app": "client"}}); err != nil {
		return err
	}
	if err := c.Settle(); err != nil {
		return err
	}
	s.Why("the Service got ClusterIP %s from the service CIDR and the DNS name %s", svc.ClusterIP, svc.FQDN("cluster.local"))
	s.Why("targetPort \"http\" is looked up in each pod's container ports: 8080")
	var total story.Tally
	show(s, c, &total)

	s.Heading("2. Scale down to 2, then back up to 3")
	s.Cmd("kubectl scale deployment web --replicas=2 && kubectl scale deployment web --replicas=3")
	if err := c.Scale("", "web", 2); err != nil {
		return err
	}
	if err := c.Advance(time.Second); err != nil {
		return err
	}
	s.Say("One second later, a pod is Terminating:")
	s.Why("the endpoints controller removed it from Endpoints at once (deletionTimestamp set)")
	s.Why("it keeps serving connections already routed to it until its 30s grace period ends")
	show(s, c, &total)
	if err := c.Scale("", "web", 3); err != nil {
		return err
	}
	if err := c.Settle(); err != nil {
		return err
	}
	s.Say("After scaling back to 3 and settling:")
	s.Why("the new pod joined Endpoints when its readiness probe passed (2s after start)")
	show(s, c, &total)

	s.Heading("3. A node fails")
	victim := story.NodeToFail(c, c.Pods("", web), "", "client")
	s.Cmd("# %s loses power", victim)
	if err := c.FailNode(victim); err != nil {
		return err
	}
	if err := c.Advance(6 * time.Minute); err != nil {
		return err
	}
	s.Why("the node controller marked %s NotReady and its pods not Ready: they left Endpoints;", victim)
	s.Why("300s later it evicted them and the ReplicaSet started replacements on the healthy nodes")
	show(s, c, &total)
	if err := c.RecoverNode(victim); err != nil {
		return err
	}
	if err := c.Settle(); err != nil {
		return err
	}

	s.Heading("4. A rolling update replaces every pod")
	s.Cmd("kubectl rollout restart deployment web")
	if err := c.Rollout("", "web"); err != nil {
		return err
	}
	if err := c.Advance(3 * time.Second); err != nil {
		return err
	}
	s.Say("Three seconds in, old and new pods serve side by side:")
	show(s, c, &total)
	if err := c.Settle(); err != nil {
		return err
	}
	s.Say("Rollout complete:")
	show(s, c, &total)

	s.Heading("Summary")
	s.Say("%s, spread over %d different pods.", total.Summary(), total.Pods())
	s.Say("The client only ever used %s:80. The pods changed; the front end did not.", svc.Name)
	return s.Err
}

// live reports whether the pod ("namespace/name") exists and its node is up.
func live(c *sim.Cluster, ref string) bool {
	ns, name, _ := strings.Cut(ref, "/")
	p, ok := c.Pod(ns, name)
	if !ok {
		return false
	}
	for _, n := range c.Nodes() {
		if n.Name == p.NodeName {
			return n.Ready
		}
	}
	return false
}

// show prints the front end (the Service) above the back end (Endpoints and
// pods) and lets the client connect through the Service.
func show(s *story.Writer, c *sim.Cluster, total *story.Tally) {
	svc, _ := c.Service("", "web")
	o := kubectl.For(c)
	s.Say("front end  %s -> %s:%d  (unchanged)", svc.FQDN("cluster.local"), svc.ClusterIP, svc.Ports[0].Port)
	s.Table(func(w io.Writer) error { return kubectl.Services(w, []service.Service{svc}, o) })
	eps, _ := c.Endpoints("", "web")
	s.Say("back end")
	s.Table(func(w io.Writer) error { return kubectl.Pods(w, c.Pods("", web), o.WithWide()) })
	s.Table(func(w io.Writer) error { return kubectl.Endpoints(w, []endpoints.Endpoints{eps}, o) })
	var t story.Tally
	dead := 0
	for range connsPerCheck {
		conn, err := c.Connect(sim.FromPod("", "client"), "web:80")
		t.Add(conn, err)
		if err == nil && !live(c, conn.Pod) {
			dead++
		}
	}
	total.Merge(t)
	switch {
	case t.OK == 0:
		s.Say("client -> web:80  %s", t.Summary())
	case dead > 0:
		s.Say("client -> web:80  %s, %d on pods that are not live:", t.Summary(), dead)
		s.Say("  %s", t.Spread())
	default:
		s.Say("client -> web:80  %s, all on live pods:", t.Summary())
		s.Say("  %s", t.Spread())
	}
}
