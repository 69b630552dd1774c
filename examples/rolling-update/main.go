// Command rolling-update walks through a Deployment rollout on the virtual
// clock and measures what clients see while it runs.
//
// Part 1 shows the RollingUpdate strategy (pkg/controller/deployment/
// rolling.go) step by step: with replicas=4, maxSurge=1 and
// maxUnavailable=1 the new ReplicaSet may run one pod above 4 and the
// Deployment may drop one pod below 4 available, and each new pod counts
// as available only once it is Ready (ReadyAfter paces the whole rollout).
//
// Part 2 repeats the rollout while a client opens a connection every 100ms,
// under four settings: the default 30s terminationGracePeriodSeconds or a
// short one, with kube-proxy's 1s programming lag or without it. A pod is
// removed from the Endpoints at once when it is deleted, but kube-proxy
// applies that change a little later; until then it can still send a new
// connection to the old pod. With a grace period longer than that lag the
// old pod is still there (Terminating, draining) and answers. With a
// shorter one it is already gone and the connection times out: graceful
// termination is what hides the lag.
//
// Usage:
//
//	go run ./examples/rolling-update [-seed N]
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/svcsim/svcsim/examples/internal/story"
	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
	"github.com/svcsim/svcsim/service"
	"github.com/svcsim/svcsim/sim"
)

func main() {
	if err := run(os.Stdout, os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "rolling-update:", err)
		os.Exit(1)
	}
}

var web = selector.MustParse("app=web")

const (
	replicas   = 4
	readyAfter = 5 * time.Second
	window     = 60 * time.Second       // how long part 2 watches each rollout
	every      = 100 * time.Millisecond // how often the part-2 client connects
)

func run(w io.Writer, args []string) error {
	fs := flag.NewFlagSet("rolling-update", flag.ContinueOnError)
	fs.SetOutput(w)
	seed := fs.Int64("seed", 1, "seed of the simulated cluster")
	if err := fs.Parse(args); err != nil {
		return err
	}
	s := &story.Writer{W: w}
	s.Title("Rolling update: maxSurge, maxUnavailable and graceful termination")

	s.Heading("1. The rollout, second by second")
	c, err := setup(*seed, 0, 0)
	if err != nil {
		return err
	}
	s.Say("Deployment web: replicas=%d, maxSurge=1, maxUnavailable=1, new pods Ready %s after start.", replicas, readyAfter)
	s.Say("So at most %d pods may exist (%d+1) and at least %d must be available (%d-1).",
		replicas+1, replicas, replicas-1, replicas)
	s.Cmd("kubectl rollout restart deployment web")
	oldHash := hashOf(c.Pods("", web))
	seen, start := len(c.Events()), c.Now()
	before := observe(c, oldHash)
	if err := c.Rollout("", "web"); err != nil {
		return err
	}
	if err := trace(s, c, oldHash, before); err != nil {
		return err
	}
	s.Say("The Deployment controller's events (kubectl describe deployment web):")
	for _, e := range c.Events()[seen:] {
		if e.Kind == "ScalingReplicaSet" {
			s.Say("  +%-4s %s", e.Time.Sub(start), strings.TrimLeft(e.Message, ": "))
		}
	}
	s.Why("the new ReplicaSet grew only while the total stayed <= %d; the old one shrank only while", replicas+1)
	s.Why(">= %d pods stayed available, so each step waited for a new pod to become Ready", replicas-1)
	s.Why("TOTAL counts pods not Terminating, as the controller does: old pods drain for 30s on top")

	s.Heading("2. What a client sees during the rollout")
	s.Say("A client connects to web:80 every %s for %s while the rollout runs:", every, window)
	cases := []struct {
		grace, lag time.Duration
		what       string
	}{
		{0, 0, "defaults"},
		{500 * time.Millisecond, 0, "short grace, proxy lags"},
		{500 * time.Millisecond, -1, "short grace, no lag"},
		{0, -1, "defaults, no lag"},
	}
	var rows []string
	var failed story.Tally
	for _, k := range cases {
		t, err := measure(*seed, k.grace, k.lag)
		if err != nil {
			return err
		}
		rows = append(rows, fmt.Sprintf("%s\t%s\t%d / %d\t%s", graceText(k.grace), lagText(k.lag), t.Failed, t.Total(), k.what))
		if t.Failed > 0 {
			failed.Merge(t)
		}
	}
	s.Table(func(w io.Writer) error {
		tw := tabwriter.NewWriter(w, 6, 4, 3, ' ', 0)
		fmt.Fprintln(tw, "TERMINATION GRACE\tKUBE-PROXY LAG\tFAILED / CONNECTIONS\tCASE")
		fmt.Fprintln(tw, strings.Join(rows, "\n"))
		return tw.Flush()
	})
	if failed.Failed > 0 {
		s.Say("The failures: %s, each one a connection kube-proxy still sent to an old pod that was gone.", failed.Failures())
	}
	s.Why("the endpoints controller drops a deleted pod at once; kube-proxy reprograms 1s later (iptables min-sync-period)")
	s.Why("in that second a new connection may still pick the old pod: alive if it is draining, a timeout if it is gone")
	s.Why("so keep terminationGracePeriodSeconds (and a preStop sleep) longer than the time kube-proxy needs")
	return s.Err
}

// setup builds a cluster with the web Deployment, its Service and a client
// pod, settled. grace 0 keeps the default 30s; lag 0 keeps the default 1s,
// a negative lag programs kube-proxy at once.
func setup(seed int64, grace, lag time.Duration) (*sim.Cluster, error) {
	c, err := sim.New(sim.Config{Seed: seed, ProxyDelay: lag})
	if err != nil {
		return nil, err
	}
	if err := c.CreateDeployment(sim.Deployment{Name: "web", Replicas: replicas, Labels: selector.Set{"app": "web"},
		Ports: []pod.ContainerPort{{Name: "http", Port: 8080}}, MaxSurge: "1", MaxUnavailable: "1",
		ReadyAfter: readyAfter, TerminationGracePeriod: grace}); err != nil {
		return nil, err
	}
	if _, err := c.CreateService(service.Service{Name: "web", Selector: selector.Set{"app": "web"},
		Ports: []service.Port{{Port: 80, TargetPort: service.TargetPortNumber(8080)}}}); err != nil {
		return nil, err
	}
	if _, err := c.CreatePod(pod.Pod{Name: "client", Labels: selector.Set{"app": "client"}}); err != nil {
		return nil, err
	}
	return c, c.Settle()
}

// counts is the state of the two ReplicaSets at one instant.
type counts struct {
	oldReady, oldStarting, oldTerm int
	newReady, newStarting, newTerm int
	endpoints                      int
}

func (k counts) cells() string {
	return fmt.Sprintf("%d\t%d\t%d\t%d\t%d\t%d\t%d", k.oldReady, k.oldTerm, k.newStarting, k.newReady,
		k.oldReady+k.oldStarting+k.newReady+k.newStarting, k.oldReady+k.newReady, k.endpoints)
}

func observe(c *sim.Cluster, oldHash string) counts {
	var k counts
	for _, p := range c.Pods("", web) {
		ready, starting, term := &k.newReady, &k.newStarting, &k.newTerm
		if rsOf(p) == oldHash {
			ready, starting, term = &k.oldReady, &k.oldStarting, &k.oldTerm
		}
		switch {
		case p.Terminating:
			*term++
		case p.Ready:
			*ready++
		default:
			*starting++
		}
	}
	if eps, ok := c.Endpoints("", "web"); ok {
		for _, ss := range eps.Subsets {
			k.endpoints += len(ss.Addresses)
		}
	}
	return k
}

// trace advances second by second and prints a row whenever the pod
// counts change, until the rollout is done and the old pods are gone.
func trace(s *story.Writer, c *sim.Cluster, oldHash string, before counts) error {
	start := c.Now()
	rows := []string{"before\t" + before.cells()}
	prev := before
	if err := c.Advance(0); err != nil { // the controllers react at the same instant
		return err
	}
	for i := 0; i <= 90; i++ {
		k := observe(c, oldHash)
		if k != prev {
			rows = append(rows, fmt.Sprintf("+%s\t%s", c.Now().Sub(start), k.cells()))
			prev = k
		}
		if k.oldReady+k.oldStarting+k.oldTerm == 0 && k.newStarting == 0 {
			break
		}
		if err := c.Advance(time.Second); err != nil {
			return err
		}
	}
	s.Table(func(w io.Writer) error {
		tw := tabwriter.NewWriter(w, 6, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "TIME\tOLD READY\tOLD TERMINATING\tNEW STARTING\tNEW READY\tTOTAL\tAVAILABLE\tENDPOINTS")
		fmt.Fprintln(tw, strings.Join(rows, "\n"))
		return tw.Flush()
	})
	return nil
}

// measure runs one rollout while a client connects every 100ms.
func measure(seed int64, grace, lag time.Duration) (story.Tally, error) {
	var t story.Tally
	c, err := setup(seed, grace, lag)
	if err != nil {
		return t, err
	}
	if err := c.Rollout("", "web"); err != nil {
		return t, err
	}
	for range int(window / every) {
		conn, err := c.Connect(sim.FromPod("", "client"), "web:80")
		t.Add(conn, err)
		if err := c.Advance(every); err != nil {
			return t, err
		}
	}
	return t, nil
}

// hashOf returns the ReplicaSet of the first pod: its pod-template-hash
// label, or its name without the random suffix.
func hashOf(pods []pod.Pod) string {
	if len(pods) == 0 {
		return ""
	}
	return rsOf(pods[0])
}

func rsOf(p pod.Pod) string {
	if h := p.Labels["pod-template-hash"]; h != "" {
		return h
	}
	if i := strings.LastIndexByte(p.Name, '-'); i > 0 {
		return p.Name[:i]
	}
	return p.Name
}

func graceText(d time.Duration) string {
	if d == 0 {
		return "30s (default)"
	}
	return d.String()
}

func lagText(d time.Duration) string {
	switch {
	case d == 0:
		return "1s (default)"
	case d < 0:
		return "none"
	}
	return d.String()
}
