package sim

import (
	"errors"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
	"github.com/svcsim/svcsim/service"
)

func lastHop(c Conn) string {
	if len(c.Path) == 0 {
		return ""
	}
	return c.Path[len(c.Path)-1]
}

// clientOn creates a running client pod pinned to node.
func clientOn(t *testing.T, c *Cluster, name, node string) {
	t.Helper()
	_, err := c.CreatePod(pod.Pod{Name: name, NodeName: node, Labels: selector.Set{"app": "client"}})
	must(t, err)
	must(t, c.Settle())
}

// kube-proxy accepts a Service's externalIPs on every node: from outside
// (routed to some ready node) and from pods (on their own node).
func TestConnectExternalIPs(t *testing.T) {
	eip := netip.MustParseAddr("192.0.2.50")
	ext := External(netip.MustParseAddr("198.51.100.7"))
	c := ntCluster(t, Config{Seed: 3}, 3, ntService(""))
	if _, err := c.Connect(ext, "192.0.2.50:80"); !errors.Is(err, ErrUnreachable) {
		t.Fatalf("before the externalIP is set: %v", err)
	}
	svc, _ := c.Service("", "web")
	svc.ExternalIPs = []netip.Addr{eip}
	svc, err := c.UpdateService(svc)
	must(t, err)
	if svc.ExternalTrafficPolicy != service.TrafficPolicyCluster {
		t.Errorf("externalTrafficPolicy %q, want Cluster", svc.ExternalTrafficPolicy)
	}
	settleCheck(t, c)
	nodes := map[string]bool{}
	for range 40 {
		conn := ntConnect(t, c, ext, "192.0.2.50:80")
		if !strings.Contains(conn.Path[1], "network: external IP 192.0.2.50:80 routed to "+conn.Node) ||
			!strings.Contains(lastHop(conn), "(SNAT)") {
			t.Fatalf("path %q", conn.Path)
		}
		nodes[conn.Node] = true
	}
	if len(nodes) != 3 {
		t.Errorf("external IP traffic entered through %v, want every node", nodes)
	}
	conn := ntConnect(t, c, FromPod("", "client"), "192.0.2.50:80")
	if conn.Node != ntNodeOf(t, c, "client") || conn.Pod == "" {
		t.Errorf("pod to external IP: %+v", conn)
	}
	if _, err := c.Connect(ext, "192.0.2.50:81"); !errors.Is(err, ErrUnreachable) {
		t.Errorf("a port the Service lacks: %v", err)
	}
	// externalTrafficPolicy Local: only nodes with a local endpoint answer.
	svc.ExternalTrafficPolicy = service.TrafficPolicyLocal
	_, err = c.UpdateService(svc)
	must(t, err)
	must(t, c.Scale("", "web", 1))
	settleCheck(t, c)
	web := ntFirstPod(c)
	var dropped int
	for range 40 {
		conn, err := c.Connect(ext, "192.0.2.50:80")
		switch {
		case err == nil && conn.Node == web.NodeName && strings.Contains(lastHop(conn), "client IP preserved"):
		case errors.Is(err, ErrUnreachable) && conn.Node != web.NodeName && strings.Contains(lastHop(conn), "DROP"):
			dropped++
		default:
			t.Fatalf("Local: %v %q", err, conn.Path)
		}
	}
	if dropped == 0 {
		t.Error("no packet entered through a node without a local endpoint")
	}
}

// loadBalancerSourceRanges: sources outside the ranges are dropped on the
// load-balancer address (from outside and from pods), never on node ports.
func TestConnectLoadBalancerSourceRanges(t *testing.T) {
	svc := ntService(service.LoadBalancer)
	svc.LoadBalancerSourceRanges = []netip.Prefix{netip.MustParsePrefix("198.51.100.0/24")}
	c := ntCluster(t, Config{Seed: 4}, 2, svc)
	svc, _ = c.Service("", "web")
	lb := svc.LoadBalancerIP.String() + ":80"
	ntConnect(t, c, External(netip.MustParseAddr("198.51.100.7")), lb)
	out := External(netip.MustParseAddr("192.0.2.9"))
	conn, err := c.Connect(out, lb)
	if !errors.Is(err, ErrUnreachable) || !strings.Contains(lastHop(conn), "source 192.0.2.9 is not in the loadBalancerSourceRanges of default/web") {
		t.Errorf("outside the ranges: %v %q", err, conn.Path)
	}
	if _, err := c.Connect(FromPod("", "client"), lb); !errors.Is(err, ErrUnreachable) {
		t.Errorf("pod outside the ranges: %v", err)
	}
	np := c.Nodes()[0].IP.String() + ":" + ntItoa(int(svc.Ports[0].NodePort))
	ntConnect(t, c, out, np)
	// No endpoints: REJECT comes first.
	must(t, c.Scale("", "web", 0))
	must(t, c.Settle())
	if _, err := c.Connect(out, lb); !errors.Is(err, ErrConnectionRefused) {
		t.Errorf("no endpoints: %v", err)
	}
	must(t, c.Check())
}

// internalTrafficPolicy Local: ClusterIP traffic reaches only endpoints on
// the client's node; none there is a silent drop; none anywhere a REJECT.
func TestConnectInternalTrafficPolicyLocal(t *testing.T) {
	svc := ntService("")
	svc.InternalTrafficPolicy = service.TrafficPolicyLocal
	c := ntCluster(t, Config{Seed: 6}, 1, svc)
	web := ntFirstPod(c)
	var other string
	for _, n := range c.Nodes() {
		if n.Name != web.NodeName {
			other = n.Name
		}
	}
	clientOn(t, c, "near", web.NodeName)
	clientOn(t, c, "far", other)
	for range 10 {
		if conn := ntConnect(t, c, FromPod("", "near"), "web:80"); conn.Pod != web.Key() {
			t.Fatalf("near client reached %s", conn.Pod)
		}
	}
	conn, err := c.Connect(FromPod("", "far"), "web:80")
	if !errors.Is(err, ErrUnreachable) || !strings.Contains(lastHop(conn), "internalTrafficPolicy=Local has no local endpoints on "+other) {
		t.Errorf("far client: %v %q", err, conn.Path)
	}
	must(t, c.Check())
	must(t, c.Scale("", "web", 0))
	settleCheck(t, c)
	if _, err := c.Connect(FromPod("", "far"), "web:80"); !errors.Is(err, ErrConnectionRefused) {
		t.Errorf("no endpoints at all: %v", err)
	}
}

// sessionAffinityConfig's timeout: the client keeps its endpoint while it
// connects within the timeout, and gets a fresh choice after.
func TestConnectAffinityTimeout(t *testing.T) {
	svc := ntService("")
	svc.SessionAffinity = service.SessionAffinityClientIP
	timeout := int32(60)
	svc.SessionAffinityConfig = &service.SessionAffinityConfig{ClientIP: &service.ClientIPConfig{TimeoutSeconds: &timeout}}
	c := ntCluster(t, Config{Seed: 5}, 3, svc)
	first := ntConnect(t, c, FromPod("", "client"), "web:80")
	for range 20 {
		must(t, c.Advance(59*time.Second))
		if conn := ntConnect(t, c, FromPod("", "client"), "web:80"); conn.Pod != first.Pod {
			t.Fatalf("within the timeout went to %s, first to %s", conn.Pod, first.Pod)
		}
	}
	seen := map[string]bool{}
	for range 30 {
		must(t, c.Advance(61*time.Second))
		conn := ntConnect(t, c, FromPod("", "client"), "web:80")
		if strings.Contains(strings.Join(conn.Path, "\n"), "ClientIP affinity") {
			t.Fatalf("affinity used after its timeout: %q", conn.Path)
		}
		seen[conn.Pod] = true
	}
	if len(seen) < 2 {
		t.Errorf("after expiry every connection went to %v", seen)
	}
	must(t, c.Check())
}

// The health-check node port answers healthy only on nodes with a local
// ready endpoint.
func TestHealthCheck(t *testing.T) {
	svc := ntService(service.LoadBalancer)
	svc.ExternalTrafficPolicy = service.TrafficPolicyLocal
	c := ntCluster(t, Config{Seed: 7}, 1, svc)
	web := ntFirstPod(c)
	for _, n := range c.Nodes() {
		healthy, count, err := c.HealthCheck("", "web", n.Name)
		must(t, err)
		if want := n.Name == web.NodeName; healthy != want || count != map[bool]int{true: 1}[want] {
			t.Errorf("%s: healthy %v, %d local endpoints", n.Name, healthy, count)
		}
	}
	cases := []struct {
		ns, name, node string
		want           error
	}{
		{"", "nope", "node-1", ErrNotFound},
		{"", "web", "node-9", ErrNotFound},
		{"kube-system", "kube-dns", "node-1", ErrInvalid},
	}
	for _, tc := range cases {
		if _, _, err := c.HealthCheck(tc.ns, tc.name, tc.node); !errors.Is(err, tc.want) {
			t.Errorf("HealthCheck(%q, %q, %q): %v, want %v", tc.ns, tc.name, tc.node, err, tc.want)
		}
	}
	must(t, c.FailNode(web.NodeName))
	if _, _, err := c.HealthCheck("", "web", web.NodeName); !errors.Is(err, ErrUnreachable) {
		t.Errorf("failed node: %v", err)
	}
}
