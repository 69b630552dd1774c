// Command service-types shows the five kinds of Service and the path a
// connection takes through each one.
//
//   - ClusterIP: a virtual IP that only exists in kube-proxy's rules on the
//     cluster's nodes, so it is reachable from pods and not from outside.
//   - NodePort: the same, plus a port opened on every node; a client outside
//     reaches any node's IP on that port, even a node that runs none of
//     the pods (kube-proxy forwards, masquerading the client's address).
//     With externalTrafficPolicy: Local a node only uses its own pods and
//     drops the packet when it has none, keeping the client's source IP.
//   - LoadBalancer: a NodePort Service plus an external address (here from
//     a MetalLB-like pool) that outside clients use.
//   - Headless (clusterIP: None): no virtual IP and no kube-proxy rules;
//     DNS answers with the pods' own IPs and the client connects directly.
//   - ExternalName: no proxying at all, only a DNS CNAME to a name outside.
//
// Usage:
//
//	go run ./examples/service-types [-seed N]
package main

import (
	"flag"
	"fmt"
	"io"
	"net/netip"
	"os"
	"strconv"
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
		fmt.Fprintln(os.Stderr, "service-types:", err)
		os.Exit(1)
	}
}

// outside is a client on the internet (TEST-NET-2).
var outside = netip.MustParseAddr("198.51.100.7")

func run(w io.Writer, args []string) error {
	fs := flag.NewFlagSet("service-types", flag.ContinueOnError)
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
	s.Title("Service types and their access paths")

	s.Heading("1. Two web pods on three nodes, a Service of each type")
	if err := c.CreateDeployment(sim.Deployment{Name: "web", Replicas: 2, Labels: selector.Set{"app": "web"},
		Ports: []pod.ContainerPort{{Name: "http", Port: 8080}}, ReadyAfter: time.Second}); err != nil {
		return err
	}
	if _, err := c.CreatePod(pod.Pod{Name: "client", Labels: selector.Set{"app": "client"}}); err != nil {
		return err
	}
	sel := selector.Set{"app": "web"}
	port := func(nodePort int32) []service.Port {
		return []service.Port{{Name: "http", Port: 80, TargetPort: service.TargetPortName("http"), NodePort: nodePort}}
	}
	for _, svc := range []service.Service{
		{Name: "web", Selector: sel, Ports: port(0)},
		{Name: "web-np", Type: service.NodePort, Selector: sel, Ports: port(30080)},
		{Name: "web-local", Type: service.NodePort, Selector: sel, Ports: port(30081),
			ExternalTrafficPolicy: service.TrafficPolicyLocal},
		{Name: "web-lb", Type: service.LoadBalancer, Selector: sel, Ports: port(0)},
		{Name: "web-headless", Headless: true, Selector: sel,
			Ports: []service.Port{{Name: "http", Port: 8080}}},
		{Name: "search", Type: service.ExternalName, ExternalName: "search.example.com"},
	} {
		if _, err := c.CreateService(svc); err != nil {
			return err
		}
	}
	if err := c.Settle(); err != nil {
		return err
	}
	o := kubectl.For(c)
	s.Cmd("kubectl get nodes -o wide")
	s.Table(func(w io.Writer) error { return kubectl.Nodes(w, c.Nodes(), o.WithWide()) })
	s.Cmd("kubectl get pods -o wide")
	s.Table(func(w io.Writer) error { return kubectl.Pods(w, c.Pods("", selector.Everything()), o.WithWide()) })
	s.Cmd("kubectl get svc -o wide")
	s.Table(func(w io.Writer) error { return kubectl.Services(w, c.Services(""), o.WithWide()) })

	svc := func(name string) service.Service { v, _ := c.Service("", name); return v }
	inside := sim.FromPod("", "client")
	try := func(label string, from sim.Client, target string) {
		conn, err := c.Connect(from, target)
		res := "-> " + story.Short(conn.Pod)
		if err != nil {
			res = "FAILS: " + story.ErrText(err)
		}
		s.Say("  %-28s %-22s %s", label, target, res)
		for _, hop := range conn.Path {
			s.Say("      | %s", hop)
		}
	}

	s.Heading("2. ClusterIP: inside only")
	ip := svc("web").ClusterIP
	try("pod client, by name", inside, "web:80")
	try("pod client, by ClusterIP", inside, ip.String()+":80")
	try("outside client", sim.External(outside), ip.String()+":80")
	s.Why("no machine owns %s: kube-proxy's rules on each node DNAT it, so only traffic", ip)
	s.Why("that passes through a cluster node (from a pod) is translated; from outside it goes nowhere")

	s.Heading("3. NodePort: every node, port 30080")
	for _, n := range c.Nodes() {
		try("outside -> "+n.Name, sim.External(outside), n.IP.String()+":30080")
	}
	s.Why("every node's kube-proxy opens 30080, also on nodes without a web pod: it forwards the")
	s.Why("packet to a pod on another node and masquerades the source (externalTrafficPolicy: Cluster)")
	s.Say("Same with externalTrafficPolicy: Local (Service web-local, port 30081):")
	for _, n := range c.Nodes() {
		try("outside -> "+n.Name, sim.External(outside), n.IP.String()+":30081")
	}
	s.Why("Local keeps the client's IP but only uses pods on the receiving node; a node with none")
	s.Why("drops the packet, so a load balancer must health-check the nodes (healthCheckNodePort)")

	s.Heading("4. LoadBalancer: an external address")
	lb := svc("web-lb")
	s.Say("web-lb got %s from the load-balancer pool and node port %d.", kubectl.ExternalIP(lb), lb.Ports[0].NodePort)
	try("outside client", sim.External(outside), kubectl.ExternalIP(lb)+":80")
	try("pod client, by name", inside, "web-lb:80")

	s.Heading("5. Headless: DNS returns the pods")
	addrs, err := c.Resolve("", "web-headless")
	s.Say("  resolve web-headless -> %s", addrList(addrs, err))
	if err == nil && len(addrs) > 0 {
		try("pod client, pod IP from DNS", inside, netip.AddrPortFrom(addrs[0], 8080).String())
	}
	s.Why("clusterIP: None means no virtual IP and no kube-proxy rules: the client picks a pod itself")

	s.Heading("6. ExternalName: only a CNAME")
	cname, err := c.LookupCNAME("", "search")
	if err != nil {
		s.Say("  CNAME search -> %s", story.ErrText(err))
	} else {
		s.Say("  CNAME search.default.svc.cluster.local -> %s", cname)
	}
	s.Why("no ClusterIP, no endpoints, no proxying: the client's resolver follows the CNAME out of the cluster")
	return s.Err
}

func addrList(addrs []netip.Addr, err error) string {
	if err != nil {
		return story.ErrText(err)
	}
	parts := make([]string, len(addrs))
	for i, a := range addrs {
		parts[i] = a.String()
	}
	return strings.Join(parts, ", ") + " (" + strconv.Itoa(len(addrs)) + " A records)"
}
