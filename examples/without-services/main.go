// Command without-services shows the problem Services solve: a client that
// remembers pod IPs breaks as soon as the pods are replaced.
//
// It deploys three replicas of "web" and lets a client write down their IPs,
// as if copied from `kubectl get pods -o wide` into a config file. Then the
// pods churn three ways a real cluster churns them: a scale down and up, a
// node failure and a rolling update. After each step the client sends its
// requests to the IPs it remembers. A replaced pod never comes back: the
// ReplicaSet creates a new pod with a new name, and the node's CNI plugin
// gives it a new IP from that node's pod CIDR, so the client's list goes
// stale and ever more requests time out. Compare with
// `go run ./examples/with-services`, where the same churn is invisible.
//
// Usage:
//
//	go run ./examples/without-services [-seed N]
package main

import (
	"flag"
	"fmt"
	"io"
	"net/netip"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/svcsim/svcsim/examples/internal/story"
	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
	"github.com/svcsim/svcsim/sim"
	"github.com/svcsim/svcsim/sim/kubectl"
)

func main() {
	if err := run(os.Stdout, os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "without-services:", err)
		os.Exit(1)
	}
}

// requestsPerIP is how many requests the client sends to each remembered IP
// per step.
const requestsPerIP = 4

// remembered is one line of the client's hard-coded list.
type remembered struct {
	pod  string // the pod that had the address when the client wrote it down
	addr netip.AddrPort
}

// stepResult is one row of the final summary.
type stepResult struct {
	step       string
	alive, ok  int
	total, ips int
}

var web = selector.MustParse("app=web")

func run(w io.Writer, args []string) error {
	fs := flag.NewFlagSet("without-services", flag.ContinueOnError)
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
	s.Title("Without Services: a client that remembers pod IPs")

	s.Heading("1. Deploy web (3 replicas) and a client pod")
	s.Cmd("kubectl create deployment web --image=web --replicas=3 --port=8080")
	if err := c.CreateDeployment(sim.Deployment{Name: "web", Replicas: 3, Labels: selector.Set{"app": "web"},
		Ports: []pod.ContainerPort{{Name: "http", Port: 8080}}, ReadyAfter: 2 * time.Second}); err != nil {
		return err
	}
	if _, err := c.CreatePod(pod.Pod{Name: "client", Labels: selector.Set{"app": "client"}}); err != nil {
		return err
	}
	if err := c.Settle(); err != nil {
		return err
	}
	pods := c.Pods("", web)
	s.Table(func(w io.Writer) error { return kubectl.Pods(w, pods, kubectl.For(c).WithWide()) })
	var list []remembered
	for _, p := range pods {
		list = append(list, remembered{pod: p.Name, addr: netip.AddrPortFrom(p.IP, 8080)})
	}
	slices.SortFunc(list, func(a, b remembered) int { return strings.Compare(a.pod, b.pod) })
	addrs := make([]string, len(list))
	for i, r := range list {
		addrs[i] = r.addr.String()
	}
	s.Say("The client writes the three addresses into its config: %s", strings.Join(addrs, ", "))
	var results []stepResult
	results = append(results, try(s, c, list, "deployed"))

	s.Heading("2. Scale down to 2, then back up to 3")
	s.Cmd("kubectl scale deployment web --replicas=2 && kubectl scale deployment web --replicas=3")
	if err := c.Scale("", "web", 2); err != nil {
		return err
	}
	if err := c.Settle(); err != nil {
		return err
	}
	if err := c.Scale("", "web", 3); err != nil {
		return err
	}
	if err := c.Settle(); err != nil {
		return err
	}
	s.Why("the ReplicaSet deleted one pod to reach 2, then created a new one to reach 3:")
	s.Why("the new pod has a new random name and the next free IP of its node's pod CIDR")
	showPods(s, c)
	results = append(results, try(s, c, list, "scale 3 -> 2 -> 3"))

	s.Heading("3. A node fails")
	victim := nodeOfFirstAlive(c, list)
	if victim == "" {
		return fmt.Errorf("no node to fail: every remembered pod shares the client's node")
	}
	s.Say("The node %s, which runs one of the remembered pods, loses power.", victim)
	if err := c.FailNode(victim); err != nil {
		return err
	}
	if err := c.Advance(6 * time.Minute); err != nil {
		return err
	}
	s.Why("the node controller marked %s NotReady, then evicted its pods (NoExecute taint, 300s toleration);", victim)
	s.Why("the ReplicaSet replaced them on the other nodes, with new IPs; the old pod stays Terminating")
	showPods(s, c)
	results = append(results, try(s, c, list, victim+" fails"))
	s.Cmd("# %s comes back; the kubelet finishes deleting the evicted pod", victim)
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
	if err := c.Settle(); err != nil {
		return err
	}
	s.Why("a new ReplicaSet (new pod-template-hash) scaled up while the old one scaled down to 0")
	showPods(s, c)
	results = append(results, try(s, c, list, "rolling update"))

	s.Heading("Summary")
	s.Table(func(w io.Writer) error { return summary(w, results) })
	ok, total := 0, 0
	for _, r := range results {
		ok, total = ok+r.ok, total+r.total
	}
	s.Say("%d of %d requests failed, yet after every step the Deployment had 3 Ready replicas again:", total-ok, total)
	s.Say("only the client's list of addresses went stale.")
	s.Say("A Service gives the client one address that follows the pods: go run ./examples/with-services")
	return s.Err
}

// showPods prints the web pods as `kubectl get pods -o wide`.
func showPods(s *story.Writer, c *sim.Cluster) {
	pods := c.Pods("", web)
	s.Table(func(w io.Writer) error { return kubectl.Pods(w, pods, kubectl.For(c).WithWide()) })
}

// try sends requestsPerIP requests to each remembered address and prints
// what happened to each.
func try(s *story.Writer, c *sim.Cluster, list []remembered, step string) stepResult {
	res := stepResult{step: step, ips: len(list)}
	s.Say("The client sends %d requests to each remembered address:", requestsPerIP)
	for _, r := range list {
		var t story.Tally
		wrong, lastErr := 0, ""
		for range requestsPerIP {
			conn, err := c.Connect(sim.FromPod("", "client"), r.addr.String())
			if err == nil && story.Short(conn.Pod) != r.pod {
				wrong++ // the address now belongs to another pod
			}
			if err != nil {
				lastErr = story.ErrText(err)
			}
			t.Add(conn, err)
		}
		ok := t.OK - wrong
		res.ok += ok
		res.total += t.Total()
		if p, ok := c.Pod("", r.pod); ok && !p.Terminating && nodeUp(c, p.NodeName) {
			res.alive++
		}
		why := "pod " + r.pod + " is serving"
		switch {
		case wrong > 0:
			why = "the IP was reused: a different pod answered"
		case t.Failed > 0:
			why = lastErr + ": pod " + r.pod + " is gone, nobody holds the IP"
			if p, ok := c.Pod("", r.pod); ok {
				why = fmt.Sprintf("%s: pod %s is %s on %s", lastErr, r.pod, p.Status(), nodeState(c, p.NodeName))
			}
		}
		s.Say("  %-16s %d/%d ok   %s", r.addr, ok, t.Total(), why)
	}
	return res
}

func summary(w io.Writer, rs []stepResult) error {
	if _, err := fmt.Fprintf(w, "%-20s %-20s %s\n", "STEP", "REMEMBERED PODS UP", "REQUESTS OK"); err != nil {
		return err
	}
	for _, r := range rs {
		if _, err := fmt.Fprintf(w, "%-20s %-20s %d/%d\n", r.step, fmt.Sprintf("%d/%d", r.alive, r.ips), r.ok, r.total); err != nil {
			return err
		}
	}
	return nil
}

// nodeUp reports whether the named node is Ready.
func nodeUp(c *sim.Cluster, name string) bool {
	for _, n := range c.Nodes() {
		if n.Name == name {
			return n.Ready
		}
	}
	return false
}

// nodeState names a node and says whether it is down.
func nodeState(c *sim.Cluster, name string) string {
	for _, n := range c.Nodes() {
		if n.Name == name && !n.Ready {
			return name + ", which is down"
		}
	}
	return name
}

// nodeOfFirstAlive returns the node of the first remembered pod still
// alive that does not also run the client.
func nodeOfFirstAlive(c *sim.Cluster, list []remembered) string {
	var pods []pod.Pod
	for _, r := range list {
		if p, ok := c.Pod("", r.pod); ok {
			pods = append(pods, p)
		}
	}
	return story.NodeToFail(c, pods, "", "client")
}
