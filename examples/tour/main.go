// Command tour is svcsim's guided tour: the whole story of a Kubernetes
// Service in one run.
//
// A Deployment's pods are cattle: scaling, crashes, deletions, node failures
// and rolling updates replace them, and every replacement comes back with a
// new name and a new IP. A Service is the one thing that stays put: a
// ClusterIP and a DNS name in front of whatever pods are Ready right now.
// The tour runs two clients side by side through all of that churn, one
// that connects to web:80 and one that remembered a pod's IP at the start,
// and counts what each of them sees. It explains each step with the
// Kubernetes mechanism behind it (ReplicaSet controller, kubelet readiness,
// endpoints controller, node lifecycle controller, kube-proxy), all on a
// deterministic virtual clock.
//
// With -svg it also draws the story: every pod's IP as a line over time,
// coloured by ReplicaSet, under the Service's ClusterIP, one unbroken line.
//
// Usage:
//
//	go run ./examples/tour [-seed N] [-svg tour.svg]
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net/netip"
	"os"
	"path/filepath"
	"time"

	"github.com/svcsim/svcsim/endpoints"
	"github.com/svcsim/svcsim/examples/internal/story"
	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
	"github.com/svcsim/svcsim/service"
	"github.com/svcsim/svcsim/sim"
	"github.com/svcsim/svcsim/sim/kubectl"
	"github.com/svcsim/svcsim/sim/timeline"
)

func main() {
	if err := run(os.Stdout, os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "tour:", err)
		os.Exit(1)
	}
}

var web = selector.MustParse("app=web")

const readyAfter = 3 * time.Second

// tour is the running story: the cluster, the picture and the two clients'
// scores.
type tour struct {
	*story.Writer
	c        *sim.Cluster
	rec      *timeline.Recorder
	viaSvc   story.Tally // the client that uses web:80
	viaIP    story.Tally // the client that remembered a pod IP
	legacyIP netip.AddrPort
	legacy   string // the pod legacyIP belonged to
	step     story.Tally
	stepIP   story.Tally
	clients  bool // whether the clients have started
}

func run(w io.Writer, args []string) error {
	fs := flag.NewFlagSet("tour", flag.ContinueOnError)
	fs.SetOutput(w)
	seed := fs.Int64("seed", 1, "seed of the simulated cluster")
	svgPath := fs.String("svg", "", "also write the timeline picture to this file")
	if err := fs.Parse(args); err != nil {
		return err
	}
	c, err := sim.New(sim.Config{Seed: *seed})
	if err != nil {
		return err
	}
	t := &tour{Writer: &story.Writer{W: w}, c: c,
		rec: timeline.New("svcsim tour: pods come and go, the Service stays")}
	t.rec.SetSubtitle("each row is a pod's IP over virtual time; the dark bar on top is the Service's ClusterIP")
	t.rec.SqueezeQuiet(15 * time.Second)
	if err := t.story(); err != nil {
		return err
	}
	if *svgPath != "" {
		f, err := os.Create(*svgPath)
		if err != nil {
			return err
		}
		err = t.rec.WriteSVG(f)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return err
		}
		t.Say("The timeline picture is in %s.", filepath.Base(*svgPath))
	} else {
		t.Say("Run with -svg tour.svg to draw this story as a timeline.")
	}
	return t.Err
}

func (t *tour) story() error {
	c := t.c
	t.Title("svcsim tour: a Service is a stable front end for pods that come and go")
	t.Say("A simulated 3-node cluster as kubeadm builds it: node-1 is the control plane, and only the")
	t.Say("cluster's own Services run yet (default/kubernetes, and kube-dns with its coredns pods).")
	t.Table(func(w io.Writer) error { return kubectl.Nodes(w, c.Nodes(), kubectl.For(c).WithWide()) })

	t.Heading("1. Deploy web and put a Service in front of it")
	t.Cmd("kubectl create deployment web --image=web --replicas=3 --port=8080")
	t.Cmd("kubectl expose deployment web --port=80 --target-port=8080")
	if err := c.CreateDeployment(sim.Deployment{Name: "web", Replicas: 3, Labels: selector.Set{"app": "web"},
		Ports: []pod.ContainerPort{{Name: "http", Port: 8080}}, ReadyAfter: readyAfter}); err != nil {
		return err
	}
	svc, err := c.CreateService(service.Service{Name: "web", Selector: selector.Set{"app": "web"},
		Ports: []service.Port{{Name: "http", Port: 80, TargetPort: service.TargetPortNumber(8080)}}})
	if err != nil {
		return err
	}
	if _, err := c.CreatePod(pod.Pod{Name: "client", Labels: selector.Set{"app": "client"}}); err != nil {
		return err
	}
	t.rec.Mark(c.Now(), "deploy web (3 replicas) + Service web")
	if err := t.run(8 * time.Second); err != nil {
		return err
	}
	pods := c.Pods("", web)
	t.legacy, t.legacyIP = pods[0].Name, netip.AddrPortFrom(pods[0].IP, 8080)
	t.Why("the ReplicaSet created 3 pods; the scheduler spread them over the nodes, and each node's")
	t.Why("CNI plugin gave its pod the next IP of the node's pod CIDR; Ready after %s (readiness probe)", readyAfter)
	t.Why("the Service got ClusterIP %s and the DNS name %s", svc.ClusterIP, svc.FQDN("cluster.local"))
	t.Why("the endpoints controller lists the Ready pods matching app=web as the Service's endpoints:")
	t.showAll()
	t.Say("Two clients start in pod client: one connects to web:80 every second, the other to the")
	t.Say("hard-coded address %s of pod %s.", t.legacyIP, t.legacy)
	t.clients = true

	t.Heading("2. Scale up to 5")
	t.Cmd("kubectl scale deployment web --replicas=5")
	if err := t.act("scale 3 -> 5", func() error { return c.Scale("", "web", 5) }, 8*time.Second); err != nil {
		return err
	}
	t.Why("2 new pods, new IPs; each became an endpoint once Ready, and kube-proxy (1s later) sends it traffic")
	t.showEndpoints()
	t.score()

	t.Heading("3. A container crashes")
	victim := c.Pods("", web)[1].Name
	t.Cmd("# %s's process exits", victim)
	if err := t.act("crash "+victim, func() error { return c.CrashPod("", victim) }, time.Second); err != nil {
		return err
	}
	t.Why("the kubelet restarts the container in place: same pod, same IP, RESTARTS 1; until its")
	t.Why("readiness probe passes again it is not Ready, so the endpoints controller took it out:")
	t.showEndpoints()
	if err := t.run(6 * time.Second); err != nil {
		return err
	}
	t.Why("%s later it is Ready and back in the endpoints", readyAfter)
	t.score()

	t.Heading("4. A pod is deleted")
	victim = c.Pods("", web)[0].Name
	t.Cmd("kubectl delete pod %s", victim)
	if err := t.act("delete "+victim, func() error { return c.DeletePod("", victim) }, 4*time.Second); err != nil {
		return err
	}
	t.Why("it is Terminating (30s grace): out of the endpoints at once, but still serving what it has;")
	t.Why("the ReplicaSet counts only active pods, so it created a replacement with a new name and IP")
	t.showPods()
	if err := t.run(30 * time.Second); err != nil {
		return err
	}
	t.score()

	t.Heading("5. A node fails")
	node := story.NodeToFail(c, c.Pods("", web), "", "client")
	if node == "" {
		return errors.New("no node to fail without the client's")
	}
	t.Cmd("# %s loses power", node)
	if err := t.act(node+" fails", func() error { return c.FailNode(node) }, sim.NodeMonitorGracePeriod); err != nil {
		return err
	}
	if t.step.Failed > 0 {
		t.Why("for %s nobody knows the node is gone: kube-proxy still sends some connections to its", sim.NodeMonitorGracePeriod)
		t.Why("pods and they time out (%d of %d). Then the node controller marks %s NotReady and its", t.step.Failed, t.step.Total(), node)
		t.Why("pods not Ready; the endpoints controller drops them and kube-proxy stops using them")
	} else {
		t.Why("after %s without heartbeats the node controller marked %s NotReady and its pods not Ready", sim.NodeMonitorGracePeriod, node)
	}
	if err := t.run(6*time.Minute - sim.NodeMonitorGracePeriod); err != nil {
		return err
	}
	t.Why("300s later it evicted them (NoExecute taint) and the ReplicaSet replaced them elsewhere")
	t.showPods()
	if err := t.act(node+" recovers", func() error { return c.RecoverNode(node) }, 5*time.Second); err != nil {
		return err
	}
	t.Why("%s is back: its kubelet finished deleting the evicted pods", node)
	t.score()

	t.Heading("6. A rolling update replaces every pod")
	t.Cmd("kubectl rollout restart deployment web")
	if err := t.act("rollout restart", func() error { return c.Rollout("", "web") }, 50*time.Second); err != nil {
		return err
	}
	t.Why("a new ReplicaSet (new pod-template-hash) grew while the old one shrank, 25%% at a time")
	t.Why("(maxSurge 2, maxUnavailable 1 for 5 replicas); each old pod drained for its grace period")
	t.showAll()
	t.score()

	t.Heading("The end")
	after, _ := c.Service("", "web")
	t.Say("The Service never changed: %s -> %s:80, created at the start, still the same.", after.FQDN("cluster.local"), after.ClusterIP)
	t.Say("Behind it, %d different pods came and went.", t.rec.Pods())
	t.Say("What the clients saw over the whole tour:")
	t.scoreLines(t.viaSvc, t.viaIP)
	if t.viaSvc.Failed > 0 {
		t.Say("Through the Service, only the %s before a dead node is noticed cost connections;", sim.NodeMonitorGracePeriod)
		t.Say("scaling, a crash, a deletion and a rollout were invisible to the client.")
	}
	return t.Err
}

// act marks a step on the timeline, does it and lets d of virtual time pass.
func (t *tour) act(label string, do func() error, d time.Duration) error {
	t.rec.Mark(t.c.Now(), label)
	if err := do(); err != nil {
		return err
	}
	return t.run(d)
}

// run lets d pass second by second: each second both clients connect and
// the timeline takes a sample.
func (t *tour) run(d time.Duration) error {
	t.rec.Observe(t.c, "", web, "web")
	for range int(d / time.Second) {
		if err := t.c.Advance(time.Second); err != nil {
			return err
		}
		if !t.clients {
			t.rec.Observe(t.c, "", web, "web")
			continue
		}
		conn, err := t.c.Connect(sim.FromPod("", "client"), "web:80")
		t.step.Add(conn, err)
		t.rec.Conn(t.c.Now(), conn.Pod, err == nil)
		{
			conn, err := t.c.Connect(sim.FromPod("", "client"), t.legacyIP.String())
			if err == nil && story.Short(conn.Pod) != t.legacy {
				err = errors.New("a different pod answered")
			}
			t.stepIP.Add(conn, err)
		}
		t.rec.Observe(t.c, "", web, "web")
	}
	return nil
}

// score prints and resets the clients' results since the last score.
func (t *tour) score() {
	t.Say("Clients during this step:")
	t.scoreLines(t.step, t.stepIP)
	t.viaSvc.Merge(t.step)
	t.viaIP.Merge(t.stepIP)
	t.step, t.stepIP = story.Tally{}, story.Tally{}
}

func (t *tour) scoreLines(svc, ip story.Tally) {
	t.Say("  %-17s %s", "web:80", svc.Summary())
	t.Say("  %-17s %s", t.legacyIP, ip.Summary())
}

func (t *tour) showPods() {
	pods := t.c.Pods("", web)
	t.Table(func(w io.Writer) error { return kubectl.Pods(w, pods, kubectl.For(t.c).WithWide()) })
}

func (t *tour) showEndpoints() {
	eps, _ := t.c.Endpoints("", "web")
	t.Table(func(w io.Writer) error { return kubectl.Endpoints(w, []endpoints.Endpoints{eps}, kubectl.For(t.c)) })
}

func (t *tour) showAll() {
	svc, _ := t.c.Service("", "web")
	t.Table(func(w io.Writer) error { return kubectl.Services(w, []service.Service{svc}, kubectl.For(t.c)) })
	t.showPods()
	t.showEndpoints()
}
