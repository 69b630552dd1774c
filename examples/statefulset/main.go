// Command statefulset tells the StatefulSet story beside the Deployment's:
// stable names, stable DNS names, and still no stable IPs.
//
// A StatefulSet "web" with a governing headless Service "nginx" creates
// web-0, web-1, web-2 in order, each once the previous is Ready; each pod
// has its own name as hostname and the Service's name as subdomain, so DNS
// answers web-1.nginx.default.svc.cluster.local with that pod's IP. When a
// pod is deleted, or replaced by a rolling update (from the highest
// ordinal down), it comes back under the same name and DNS name but with a
// new IP: a client that copied the IP breaks, a client that resolves the
// name each time follows it. When a node fails, a Deployment's pod is
// replaced elsewhere at once, but a StatefulSet's pod is not: two pods of
// one identity must never run together, so the set waits until the old pod
// object is gone (force-deleted here). Only a Service's ClusterIP stays the
// same address through all of it.
//
// Usage:
//
//	go run ./examples/statefulset [-seed N]
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net/netip"
	"os"
	"strings"
	"time"

	"github.com/svcsim/svcsim/examples/internal/story"
	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
	"github.com/svcsim/svcsim/service"
	"github.com/svcsim/svcsim/sim"
	"github.com/svcsim/svcsim/sim/kubectl"
)

func main() {
	if err := run(os.Stdout, os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "statefulset:", err)
		os.Exit(1)
	}
}

var nginx = selector.MustParse("app=nginx")

func run(w io.Writer, args []string) error {
	fs := flag.NewFlagSet("statefulset", flag.ContinueOnError)
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
	s.Title("StatefulSets: stable names, stable DNS names, new IPs")

	s.Heading("1. A headless Service, a ClusterIP Service and a StatefulSet of 3")
	s.Cmd("kubectl apply -f web.yaml  # Service nginx (clusterIP: None), Service web, StatefulSet web")
	labels := selector.Set{"app": "nginx"}
	ports := []service.Port{{Name: "web", Port: 80}}
	if _, err := c.CreateService(service.Service{Name: "nginx", Headless: true, Selector: labels, Ports: ports}); err != nil {
		return err
	}
	front, err := c.CreateService(service.Service{Name: "web", Selector: labels, Ports: ports})
	if err != nil {
		return err
	}
	if err := c.CreateStatefulSet(sim.StatefulSet{Name: "web", Replicas: 3, ServiceName: "nginx", Labels: labels,
		Containers: []sim.Container{{Name: "nginx", Image: "registry.k8s.io/nginx-slim:0.24",
			Ports: []pod.ContainerPort{{Name: "web", Port: 80}}}},
		ReadyAfter: 5 * time.Second}); err != nil {
		return err
	}
	if _, err := c.CreatePod(pod.Pod{Name: "client"}); err != nil {
		return err
	}
	t0 := c.Now()
	for range 2 {
		if err := c.Advance(5 * time.Second); err != nil {
			return err
		}
		s.Say("after %s:", c.Now().Sub(t0))
		showPods(s, c)
	}
	if err := c.Settle(); err != nil {
		return err
	}
	s.Why("OrderedReady: web-1 was created only once web-0 was Running and Ready, web-2 after web-1")
	s.Cmd("kubectl get statefulset web -o wide")
	s.Table(func(w io.Writer) error { return kubectl.StatefulSets(w, c.StatefulSets(""), kubectl.For(c).WithWide()) })

	s.Heading("2. Every pod has a DNS name of its own")
	s.Why("hostname = the pod's name, subdomain = serviceName: the endpoints carry the hostname")
	resolveAll(s, c)
	srv, err := c.LookupSRV("default", "_web._tcp.nginx")
	if err != nil {
		return err
	}
	var targets []string
	for _, r := range srv {
		targets = append(targets, strings.TrimSuffix(r.Target, ".default.svc.cluster.local"))
	}
	s.Say("SRV _web._tcp.nginx: %s", strings.Join(targets, ", "))
	old1 := podIP(c, "web-1")
	ips1 := []string{old1.String()} // web-1's addresses over the story
	s.Say("A client copies web-1's address into its config: %s", old1)

	s.Heading("3. web-1 is deleted and comes back")
	s.Cmd("kubectl delete pod web-1")
	if err := c.DeletePod("", "web-1"); err != nil {
		return err
	}
	if err := c.Advance(0); err != nil {
		return err
	}
	_, err = c.Resolve("default", "web-1.nginx")
	s.Say("while it terminates: web-1.nginx -> %s", story.ErrText(err))
	if err := c.Settle(); err != nil {
		return err
	}
	showPods(s, c)
	s.Why("same name, same hostname, same DNS name; a new UID and a new IP from its node's CIDR")
	s.Why("(a Deployment's replacement would have a new random name as well)")
	resolveAll(s, c)
	ips1 = append(ips1, podIP(c, "web-1").String())
	try(s, c, "the copied address "+old1.String(), netip.AddrPortFrom(old1, 80).String())
	try(s, c, "the name web-1.nginx", "web-1.nginx:80")

	s.Heading("4. A rolling restart replaces every pod, highest ordinal first")
	s.Cmd("kubectl rollout restart statefulset web")
	mark := len(c.Events())
	if err := c.RolloutStatefulSet("", "web"); err != nil {
		return err
	}
	if err := c.Settle(); err != nil {
		return err
	}
	for _, e := range c.Events()[mark:] {
		if e.Kind == sim.KindSuccessfulDelete || e.Kind == sim.KindSuccessfulCreate {
			s.Say("  %s", e.Message)
		}
	}
	s.Why("one pod at a time: the next is deleted only once the replaced one is Ready again")
	resolveAll(s, c)
	ips1 = append(ips1, podIP(c, "web-1").String())
	set, _ := c.StatefulSet("", "web")
	s.Say("status: %d/%d updated, currentRevision %s = updateRevision", set.Status.UpdatedReplicas, set.Replicas,
		set.Status.CurrentRevision)

	s.Heading("5. A node fails: at most one pod per identity")
	victim := "web-0"
	p, _ := c.Pod("", victim)
	s.Say("%s's node %s loses power.", victim, p.NodeName)
	if err := c.FailNode(p.NodeName); err != nil {
		return err
	}
	if err := c.Advance(sim.NodeMonitorGracePeriod + sim.DefaultTolerationSeconds + time.Minute); err != nil {
		return err
	}
	showPods(s, c)
	s.Why("evicted, but its kubelet cannot confirm: the pod stays Terminating and the set does not")
	s.Why("replace it (a Deployment's ReplicaSet would), so two %ss never run at once", victim)
	s.Cmd("kubectl delete pod %s --grace-period=0 --force", victim)
	if err := c.ForceDeletePod("", victim); err != nil {
		return err
	}
	if err := c.Settle(); err != nil {
		return err
	}
	showPods(s, c)
	var stuck []string
	for _, q := range c.Pods("", nginx) {
		if q.Terminating {
			stuck = append(stuck, q.Name)
		}
	}
	if len(stuck) > 0 {
		s.Why("%s, on the same node, still waits; under OrderedReady it holds back the later ordinals too",
			strings.Join(stuck, ", "))
	}
	s.Cmd("# %s comes back; its kubelet finishes deleting what it still ran, the set re-creates it", p.NodeName)
	if err := c.RecoverNode(p.NodeName); err != nil {
		return err
	}
	if err := c.Settle(); err != nil {
		return err
	}
	showPods(s, c)
	ips1 = append(ips1, podIP(c, "web-1").String())

	s.Heading("6. What stayed put")
	now, _ := c.Service("", "web")
	s.Say("pod names and DNS names: web-0, web-1, web-2 (.nginx.default.svc.cluster.local)")
	s.Say("pod IPs: none of them; web-1 alone had %s", strings.Join(ips1, ", then "))
	s.Say("the Service web's ClusterIP: %s then, %s now", front.ClusterIP, now.ClusterIP)
	try(s, c, "web:80 through the Service", "web:80")
	if err := c.Check(); err != nil {
		return errors.Join(errors.New("check"), err)
	}
	return nil
}

func showPods(s *story.Writer, c *sim.Cluster) {
	s.Table(func(w io.Writer) error { return kubectl.Pods(w, c.Pods("", nginx), kubectl.For(c).WithWide()) })
}

func podIP(c *sim.Cluster, name string) netip.Addr {
	p, _ := c.Pod("", name)
	return p.IP
}

// resolveAll prints what each pod's DNS name answers.
func resolveAll(s *story.Writer, c *sim.Cluster) {
	var parts []string
	for _, name := range []string{"web-0", "web-1", "web-2"} {
		addrs, err := c.Resolve("default", name+".nginx")
		if err != nil {
			parts = append(parts, name+".nginx -> "+story.ErrText(err))
			continue
		}
		parts = append(parts, fmt.Sprintf("%s.nginx -> %s", name, addrs[0]))
	}
	s.Say("%s", strings.Join(parts, "   "))
}

// try connects from the client pod to target and says where it landed.
func try(s *story.Writer, c *sim.Cluster, what, target string) {
	conn, err := c.Connect(sim.FromPod("default", "client"), target)
	if err != nil {
		s.Say("client -> %s: %s", what, story.ErrText(err))
		return
	}
	s.Say("client -> %s: pod %s (%s)", what, story.Short(conn.Pod), conn.Backend)
}
