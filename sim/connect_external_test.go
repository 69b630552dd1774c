package sim

import (
	"errors"
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/svcsim/svcsim/service"
)

func TestConnectExternal(t *testing.T) {
	c := ntCluster(t, Config{Seed: 2}, 3, ntService(service.LoadBalancer))
	svc, _ := c.Service("default", "web")
	nodes := c.Nodes()
	ext := External(netip.MustParseAddr("198.51.100.7"))
	np := ntItoa(int(svc.Ports[0].NodePort))
	conn := ntConnect(t, c, ext, nodes[1].IP.String()+":"+np)
	if conn.Node != nodes[1].Name || !slices.ContainsFunc(conn.Path, func(s string) bool { return strings.Contains(s, "SNAT to node IP "+nodes[1].IP.String()) }) ||
		!strings.HasSuffix(conn.Path[len(conn.Path)-1], "sees source "+nodes[1].IP.String()+" (SNAT)") {
		t.Errorf("NodePort, Cluster policy: %+v", conn)
	}
	seen := map[string]bool{}
	for i := 0; i < 60; i++ {
		conn = ntConnect(t, c, ext, svc.LoadBalancerIP.String()+":80")
		if !strings.HasPrefix(conn.Path[1], "load balancer "+svc.LoadBalancerIP.String()+":80 → "+conn.Node) {
			t.Fatalf("LB path %q", conn.Path)
		}
		seen[conn.Node] = true
	}
	if len(seen) != 3 {
		t.Errorf("load balancer used nodes %v", seen)
	}
	// From a pod, the LB address is captured on the pod's own node.
	conn = ntConnect(t, c, FromPod("", "client"), svc.LoadBalancerIP.String()+":80")
	if conn.Node != ntNodeOf(t, c, "client") {
		t.Errorf("pod to LB routed by %s", conn.Node)
	}
}

func ntItoa(i int) string { return strconv.Itoa(i) }

func TestConnectLocalPolicy(t *testing.T) {
	svc := ntService(service.LoadBalancer)
	svc.ExternalTrafficPolicy = service.TrafficPolicyLocal
	c := ntCluster(t, Config{Seed: 4}, 1, svc)
	svc, _ = c.Service("default", "web")
	np := ntItoa(int(svc.Ports[0].NodePort))
	web := ntFirstPod(c)
	ext := External(netip.MustParseAddr("198.51.100.7"))
	for _, n := range c.Nodes() {
		conn, err := c.Connect(ext, n.IP.String()+":"+np)
		if n.Name == web.NodeName {
			if err != nil || conn.Pod != web.Key() || !strings.HasSuffix(conn.Path[len(conn.Path)-1], "sees source 198.51.100.7 (client IP preserved)") {
				t.Errorf("local node %s: %v %q", n.Name, err, conn.Path)
			}
			continue
		}
		if !errors.Is(err, ErrUnreachable) || !strings.Contains(conn.Path[len(conn.Path)-1], "DROP") {
			t.Errorf("node %s without endpoint: %v %q", n.Name, err, conn.Path)
		}
		// From a pod, the same NodePort is short-circuited to any endpoint.
		if conn, err := c.Connect(FromPod("", "client"), n.IP.String()+":"+np); err != nil || conn.Pod != web.Key() {
			t.Errorf("pod to node %s: %v %q", n.Name, err, conn.Path)
		}
	}
	for i := 0; i < 20; i++ {
		if conn := ntConnect(t, c, ext, svc.LoadBalancerIP.String()+":80"); conn.Node != web.NodeName {
			t.Fatalf("LB sent to %s, the endpoint is on %s", conn.Node, web.NodeName)
		}
	}
}

func TestConnectAffinity(t *testing.T) {
	svc := ntService("")
	svc.SessionAffinity = service.SessionAffinityClientIP
	c := ntCluster(t, Config{Seed: 5}, 3, svc)
	first := ntConnect(t, c, FromPod("", "client"), "web:80")
	for i := 0; i < 30; i++ {
		if conn := ntConnect(t, c, FromPod("", "client"), "web:80"); conn.Pod != first.Pod ||
			!strings.Contains(conn.Path[len(conn.Path)-2], "ClientIP affinity") {
			t.Fatalf("connection %d went to %s, first to %s: %q", i, conn.Pod, first.Pod, conn.Path)
		}
	}
	// Three hours of silence later, the entry has expired: choices vary again.
	if err := c.Advance(ntAffinityTimeout + time.Second); err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for i := 0; i < 30; i++ {
		if err := c.Advance(ntAffinityTimeout + time.Second); err != nil {
			t.Fatal(err)
		}
		seen[ntConnect(t, c, FromPod("", "client"), "web:80").Pod] = true
	}
	if len(seen) < 2 {
		t.Errorf("after expiry every connection still went to %v", seen)
	}
}

// ntAffinityTimeout is sessionAffinityConfig's default timeout (proxy.DefaultAffinityTimeout).
const ntAffinityTimeout = 10800 * time.Second
