// Command discovery shows the two ways a pod finds a Service: cluster DNS
// and the environment variables the kubelet injects.
//
// DNS (CoreDNS, the Kubernetes DNS spec): every Service gets
// <service>.<namespace>.svc.cluster.local; a pod's resolv.conf searches its
// own namespace first (ndots:5), so a short name only finds Services in the
// same namespace and "web.default" reaches across. A named port gets an SRV
// record; a headless Service answers with its Ready pods' IPs and one SRV
// target per pod.
//
// Environment variables (pkg/kubelet/envvars): the kubelet writes
// WEB_SERVICE_HOST, WEB_SERVICE_PORT, ... for every Service of the pod's
// namespace that exists when the container starts, and never updates them.
// A pod started before its Service has no variables for it until its
// container restarts, which is why DNS is the recommended way.
//
// Usage:
//
//	go run ./examples/discovery [-seed N]
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
	"github.com/svcsim/svcsim/service"
	"github.com/svcsim/svcsim/sim"
	"github.com/svcsim/svcsim/sim/kubectl"
)

func main() {
	if err := run(os.Stdout, os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "discovery:", err)
		os.Exit(1)
	}
}

// earlyLead is how long the early pod runs before web exists.
const earlyLead = 10 * time.Second

func run(w io.Writer, args []string) error {
	fs := flag.NewFlagSet("discovery", flag.ContinueOnError)
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
	s.Title("Service discovery: DNS and environment variables")

	s.Heading("1. A pod that starts before the Service")
	s.Cmd("kubectl run early --image=client")
	if _, err := c.CreatePod(pod.Pod{Name: "early", Labels: selector.Set{"app": "client"}}); err != nil {
		return err
	}
	if err := c.Settle(); err != nil {
		return err
	}
	if err := c.Advance(earlyLead); err != nil {
		return err
	}
	s.Cmd("kubectl create deployment web --image=web --replicas=3 --port=8080")
	s.Cmd("kubectl expose deployment web --port=80 --target-port=http --name=web")
	s.Cmd("kubectl expose deployment web --port=8080 --name=web-headless --cluster-ip=None")
	sel := selector.Set{"app": "web"}
	if err := c.CreateDeployment(sim.Deployment{Name: "web", Replicas: 3, Labels: sel,
		Ports: []pod.ContainerPort{{Name: "http", Port: 8080}}, ReadyAfter: time.Second}); err != nil {
		return err
	}
	if _, err := c.CreateService(service.Service{Name: "web", Selector: sel,
		Ports: []service.Port{{Name: "http", Port: 80, TargetPort: service.TargetPortName("http")}}}); err != nil {
		return err
	}
	if _, err := c.CreateService(service.Service{Name: "web-headless", Headless: true, Selector: sel,
		Ports: []service.Port{{Name: "http", Port: 8080}}}); err != nil {
		return err
	}
	s.Cmd("kubectl run late --image=client && kubectl run shopper --image=client -n shop")
	if _, err := c.CreatePod(pod.Pod{Name: "late", Labels: selector.Set{"app": "client"}}); err != nil {
		return err
	}
	if _, err := c.CreatePod(pod.Pod{Namespace: "shop", Name: "shopper", Labels: selector.Set{"app": "client"}}); err != nil {
		return err
	}
	if err := c.Settle(); err != nil {
		return err
	}
	o := kubectl.For(c)
	s.Table(func(w io.Writer) error { return kubectl.Services(w, c.Services(""), o) })
	clients := selector.MustParse("app=client")
	s.Table(func(w io.Writer) error {
		return kubectl.Pods(w, append(c.Pods("", clients), c.Pods("shop", clients)...), o.WithWide().WithAllNamespaces())
	})

	s.Heading("2. Environment variables are fixed at container start")
	env(s, c, "late")
	env(s, c, "early")
	s.Why("the kubelet builds the variables from the Services that exist when the container starts;")
	s.Why("early started %s before web was created, so it only knows the kubernetes Service", earlyLead)
	s.Cmd("# early's container restarts (a crash, or kubectl rollout restart)")
	if err := c.CrashPod("", "early"); err != nil {
		return err
	}
	if err := c.Settle(); err != nil {
		return err
	}
	env(s, c, "early")
	s.Why("a restart recomputes them; DNS has no such gap")

	s.Heading("3. DNS names, from a pod in default and from a pod in shop")
	resolve(s, c, "default", "web")
	resolve(s, c, "shop", "web")
	resolve(s, c, "shop", "web.default")
	resolve(s, c, "shop", "web.default.svc.cluster.local")
	resolve(s, c, "shop", "kubernetes.default")
	s.Why("resolv.conf in shop: search shop.svc.cluster.local svc.cluster.local cluster.local, ndots:5;")
	s.Why("\"web\" becomes web.shop.svc.cluster.local, which does not exist; \"web.default\" finds")
	s.Why("web.default.svc.cluster.local through the second search domain")

	s.Heading("4. SRV records for named ports")
	srv(s, c, "default", "_http._tcp.web")
	srv(s, c, "shop", "_http._tcp.web.default")

	s.Heading("5. Headless: one record per Ready pod")
	resolve(s, c, "default", "web-headless")
	srv(s, c, "default", "_http._tcp.web-headless")
	s.Why("no ClusterIP: the A records are the pods' IPs, the SRV targets name each pod")
	s.Cmd("kubectl scale deployment web --replicas=0")
	if err := c.Scale("", "web", 0); err != nil {
		return err
	}
	if err := c.Settle(); err != nil {
		return err
	}
	resolve(s, c, "default", "web-headless")
	resolve(s, c, "default", "web")
	conn, err := c.Connect(sim.FromPod("", "late"), "web:80")
	if err != nil {
		s.Say("  connect web:80 from late -> %s", story.ErrText(err))
	} else {
		s.Say("  connect web:80 from late -> %s", story.Short(conn.Pod))
	}
	s.Why("a headless name with no Ready pod is NXDOMAIN; a ClusterIP name still resolves,")
	s.Why("and kube-proxy rejects the connection because the Service has no endpoints")
	return s.Err
}

// env prints the WEB_* variables of a pod and counts the others.
func env(s *story.Writer, c *sim.Cluster, name string) {
	p, ok := c.Pod("", name)
	if !ok {
		s.Say("  pod %s not found", name)
		return
	}
	var web []string
	others := 0
	for k, v := range p.Env {
		if strings.HasPrefix(k, "WEB_") {
			web = append(web, k+"="+v)
		} else {
			others++
		}
	}
	slices.Sort(web)
	s.Cmd("kubectl exec %s -- env | grep WEB_", name)
	for _, kv := range web {
		s.Say("  %s", kv)
	}
	if len(web) == 0 {
		s.Say("  (nothing: %s has %d service variables, none for web)", name, others)
	}
}

func resolve(s *story.Writer, c *sim.Cluster, ns, name string) {
	addrs, err := c.Resolve(ns, name)
	from := "pod in " + ns
	if err != nil {
		s.Say("  %-16s resolve %-32s -> %s", from, name, story.ErrText(err))
		return
	}
	s.Say("  %-16s resolve %-32s -> %s", from, name, join(addrs))
}

func srv(s *story.Writer, c *sim.Cluster, ns, name string) {
	recs, err := c.LookupSRV(ns, name)
	from := "pod in " + ns
	if err != nil {
		s.Say("  %-16s SRV %s -> %s", from, name, story.ErrText(err))
		return
	}
	s.Say("  %-16s SRV %s -> priority weight port target:", from, name)
	for _, r := range recs {
		s.Say("  %-16s     %d %d %d %s", "", r.Priority, r.Weight, r.Port, r.Target)
	}
}

func join(addrs []netip.Addr) string {
	parts := make([]string, len(addrs))
	for i, a := range addrs {
		parts[i] = a.String()
	}
	return strings.Join(parts, ", ")
}
