package sim

import (
	"errors"
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"pgregory.net/rapid"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
	"github.com/svcsim/svcsim/service"
)

var ntSel = selector.Set{"app": "web"}

// ntService is Service default/web, port 80 → container port "http".
func ntService(typ service.Type) service.Service {
	return service.Service{Name: "web", Type: typ, Selector: ntSel,
		Ports: []service.Port{{Name: "http", Port: 80, TargetPort: service.TargetPortName("http")}}}
}

// ntCluster builds a 3-node cluster with Deployment default/web (replicas
// pods listening on 8080 "http"), Service svc, and a bare client pod
// default/client, settled.
func ntCluster(t testing.TB, cfg Config, replicas int, svc service.Service) *Cluster {
	t.Helper()
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.CreateDeployment(Deployment{Name: "web", Replicas: replicas, Labels: ntSel,
		Ports: []pod.ContainerPort{{Name: "http", Port: 8080}}, TerminationGracePeriod: time.Second}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.CreateService(svc); err != nil {
		t.Fatal(err)
	}
	if _, err := c.CreatePod(pod.Pod{Name: "client", Labels: selector.Set{"app": "client"}}); err != nil {
		t.Fatal(err)
	}
	if err := c.Settle(); err != nil {
		t.Fatal(err)
	}
	return c
}

func ntConnect(t testing.TB, c *Cluster, from Client, target string) Conn {
	t.Helper()
	conn, err := c.Connect(from, target)
	if err != nil {
		t.Fatalf("Connect(%v, %q): %v\n%s", from, target, err, strings.Join(conn.Path, "\n"))
	}
	return conn
}

// ntPods returns the names and IPs of the web pods.
func ntPods(c *Cluster) map[string]pod.Pod {
	out := map[string]pod.Pod{}
	for _, p := range c.Pods("default", selector.FromSet(ntSel)) {
		out[p.Key()] = p
	}
	return out
}

func TestConnectTargets(t *testing.T) {
	c := ntCluster(t, Config{Seed: 1}, 3, ntService(""))
	svc, _ := c.Service("default", "web")
	pods := ntPods(c)
	client := FromPod("", "client")
	targets := []string{"web:80", "WEB:80", "web.default:80", "web.default.svc.cluster.local:80",
		"web.default.svc.cluster.local.:80", svc.ClusterIP.String() + ":80"}
	for _, target := range targets {
		conn := ntConnect(t, c, client, target)
		p, ok := pods[conn.Pod]
		if !ok || conn.Backend != netip.AddrPortFrom(p.IP, 8080) || conn.Node != ntNodeOf(t, c, "client") {
			t.Errorf("%s: %+v (pods %v)", target, conn, pods)
		}
		if !strings.HasPrefix(conn.Path[0], "pod default/client (") ||
			!strings.HasPrefix(conn.Path[len(conn.Path)-1], "pod "+conn.Pod+" ("+conn.Backend.String()+") on ") {
			t.Errorf("%s: path %q", target, conn.Path)
		}
	}
	// A Service in another namespace: by namespace-qualified name only.
	if _, err := c.CreateService(service.Service{Namespace: "other", Name: "api", Selector: ntSel,
		Ports: []service.Port{{Port: 80}}}); err != nil {
		t.Fatal(err)
	}
	if err := c.Settle(); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Connect(client, "api:80"); !errors.Is(err, ErrNXDomain) {
		t.Errorf("api:80 from default: %v, want NXDOMAIN", err)
	}
	// other/api selects nothing (the web pods live in default): REJECT.
	conn, err := c.Connect(client, "api.other:80")
	if !errors.Is(err, ErrConnectionRefused) || !strings.Contains(conn.Path[len(conn.Path)-1], "REJECT") {
		t.Errorf("api.other:80: %v %q", err, conn.Path)
	}
}

func ntNodeOf(t testing.TB, c *Cluster, name string) string {
	t.Helper()
	p, ok := c.Pod("default", name)
	if !ok {
		t.Fatalf("no pod %s", name)
	}
	return p.NodeName
}

func TestConnectUniform(t *testing.T) {
	c := ntCluster(t, Config{Seed: 3}, 3, ntService(""))
	counts := map[string]int{}
	const n = 3000
	for i := 0; i < n; i++ {
		counts[ntConnect(t, c, FromPod("", "client"), "web:80").Pod]++
	}
	if len(counts) != 3 {
		t.Fatalf("backends used: %v", counts)
	}
	for p, k := range counts {
		if k < n/3-150 || k > n/3+150 {
			t.Errorf("%s got %d of %d connections", p, k, n)
		}
	}
}

func TestConnectErrors(t *testing.T) {
	c := ntCluster(t, Config{Seed: 1}, 2, ntService(service.NodePort))
	client := FromPod("", "client")
	for _, target := range []string{"", "web", "web:", ":80", "web:0", "web:http", "web:65536", "[::1:80", "a b:80", "10.0.0.1:-1"} {
		_, err := c.Connect(client, target)
		if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "\""+target+"\"") {
			t.Errorf("Connect(%q): %v, want ErrInvalid naming the target", target, err)
		}
	}
	if _, err := c.Connect(FromPod("", "nobody"), "web:80"); !errors.Is(err, ErrNotFound) || !strings.Contains(err.Error(), "default/nobody") {
		t.Errorf("unknown client pod: %v", err)
	}
	if _, err := c.Connect(Client{}, "web:80"); !errors.Is(err, ErrInvalid) {
		t.Errorf("zero Client: %v", err)
	}
	if _, err := c.Connect(External(netip.Addr{}), "web:80"); !errors.Is(err, ErrInvalid) {
		t.Errorf("External(zero): %v", err)
	}
	if _, err := c.Connect(client, "a..b:80"); !errors.Is(err, ErrInvalid) {
		t.Errorf("malformed name: %v", err)
	}
	if _, err := c.Connect(client, "nosuch:80"); !errors.Is(err, ErrNXDomain) {
		t.Errorf("nosuch: %v", err)
	}

	svc, _ := c.Service("default", "web")
	nodes := c.Nodes()
	ext := External(netip.MustParseAddr("198.51.100.7"))
	tests := []struct {
		name   string
		from   Client
		target string
		want   error
		last   string // substring of the last path hop
	}{
		{"ClusterIP, unknown port", client, svc.ClusterIP.String() + ":81", ErrUnreachable, "no pod or node holds"},
		{"nobody holds the address", client, "10.1.2.3:80", ErrUnreachable, "no pod or node holds"},
		{"node IP, no listener", client, nodes[0].IP.String() + ":22", ErrConnectionRefused, "nothing listens on port 22"},
		{"external, ClusterIP", ext, svc.ClusterIP.String() + ":80", ErrUnreachable, "not routable from outside"},
		{"external, a name", ext, "web:80", ErrNXDomain, "no cluster DNS"},
		{"external, pod IP", ext, ntFirstPod(c).IP.String() + ":8080", ErrUnreachable, "not routable from outside"},
		{"pod IP, undeclared port", client, ntFirstPod(c).IP.String() + ":9999", ErrConnectionRefused, "does not listen on 9999/TCP"},
	}
	for _, tc := range tests {
		conn, err := c.Connect(tc.from, tc.target)
		if !errors.Is(err, tc.want) || len(conn.Path) == 0 || !strings.Contains(conn.Path[len(conn.Path)-1], tc.last) {
			t.Errorf("%s: %v\n%s", tc.name, err, strings.Join(conn.Path, "\n"))
		}
	}
	// A Service whose numeric targetPort the pods do not listen on: the
	// endpoints exist, the pods answer RST.
	if _, err := c.CreateService(service.Service{Name: "wrong", Selector: ntSel, Ports: []service.Port{{Port: 80, TargetPort: service.TargetPortNumber(9090)}}}); err != nil {
		t.Fatal(err)
	}
	if err := c.Settle(); err != nil {
		t.Fatal(err)
	}
	if conn, err := c.Connect(client, "wrong:80"); !errors.Is(err, ErrConnectionRefused) || !strings.Contains(conn.Path[len(conn.Path)-1], "does not listen on 9090/TCP") {
		t.Errorf("wrong targetPort: %v %q", err, conn.Path)
	}
	// A headless Service has no VIP: a connection by name goes straight to a
	// pod (DNS picks the address); with no ready endpoint, NXDOMAIN.
	if _, err := c.CreateService(service.Service{Name: "db", Headless: true, Selector: ntSel, Ports: []service.Port{{Name: "http", Port: 8080}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.CreateService(service.Service{Name: "none", Headless: true, Selector: selector.Set{"app": "none"}, Ports: []service.Port{{Port: 80}}}); err != nil {
		t.Fatal(err)
	}
	if err := c.Settle(); err != nil {
		t.Fatal(err)
	}
	if conn := ntConnect(t, c, client, "db:8080"); conn.Node != "" || ntPods(c)[conn.Pod].IP != conn.Backend.Addr() {
		t.Errorf("headless: %+v", conn)
	}
	if _, err := c.Connect(client, "none:80"); !errors.Is(err, ErrNXDomain) {
		t.Errorf("headless without endpoints: %v", err)
	}
	// A pod that declares no ports accepts any port.
	cl, _ := c.Pod("", "client")
	if conn := ntConnect(t, c, FromPod("", ntFirstPod(c).Name), cl.IP.String()+":1234"); conn.Pod != "default/client" {
		t.Errorf("to client pod: %+v", conn)
	}
}

func ntFirstPod(c *Cluster) pod.Pod {
	return c.Pods("default", selector.FromSet(ntSel))[0]
}

// TestConnectProxyDelay shows the window between a pod's removal and
// kube-proxy's next sync: a new connection can still pick the gone pod.
func TestConnectProxyDelay(t *testing.T) {
	c := ntCluster(t, Config{Seed: 6, ProxyDelay: 5 * time.Second}, 3, ntService(""))
	victim := ntFirstPod(c)
	if err := c.DeletePod("default", victim.Name); err != nil {
		t.Fatal(err)
	}
	// Terminating but not gone (grace period 1 s): it still accepts.
	stillThere := 0
	for i := 0; i < 60; i++ {
		if conn := ntConnect(t, c, FromPod("", "client"), "web:80"); conn.Pod == victim.Key() {
			stillThere++
		}
	}
	if stillThere == 0 {
		t.Error("the terminating pod was never picked before kube-proxy resynced")
	}
	if err := c.Advance(2 * time.Second); err != nil { // gone; kube-proxy syncs at 5 s
		t.Fatal(err)
	}
	if _, ok := c.Pod("default", victim.Name); ok {
		t.Fatal("victim still exists after its grace period")
	}
	stale := 0
	for i := 0; i < 60; i++ {
		conn, err := c.Connect(FromPod("", "client"), "web:80")
		if err != nil {
			if !errors.Is(err, ErrUnreachable) || !strings.Contains(conn.Path[len(conn.Path)-1], "stale") {
				t.Fatalf("stale backend: %v %q", err, conn.Path)
			}
			stale++
		}
	}
	if stale == 0 {
		t.Error("no connection hit the gone pod during the proxy delay")
	}
	if err := c.Settle(); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 60; i++ {
		ntConnect(t, c, FromPod("", "client"), "web:80")
	}
}

func TestConnectFailedNode(t *testing.T) {
	c := ntCluster(t, Config{Seed: 7}, 3, ntService(""))
	var victim pod.Pod
	client := ntNodeOf(t, c, "client")
	for _, p := range ntPods(c) {
		if p.NodeName != client {
			victim = p
		}
	}
	if victim.Name == "" {
		t.Skip("every web pod shares the client's node")
	}
	if err := c.FailNode(victim.NodeName); err != nil {
		t.Fatal(err)
	}
	down := 0
	for i := 0; i < 60; i++ {
		conn, err := c.Connect(FromPod("", "client"), "web:80")
		if err != nil {
			if !errors.Is(err, ErrUnreachable) || !strings.Contains(conn.Path[len(conn.Path)-1], "node is down") {
				t.Fatalf("failed node: %v %q", err, conn.Path)
			}
			down++
		}
	}
	if down == 0 {
		t.Error("no connection picked the pod on the failed node before the node lifecycle controller reacted")
	}
	// Node-port traffic to the failed node itself: nobody answers.
	ext := External(netip.MustParseAddr("198.51.100.7"))
	for _, n := range c.Nodes() {
		if n.Name == victim.NodeName {
			if _, err := c.Connect(ext, n.IP.String()+":22"); !errors.Is(err, ErrUnreachable) {
				t.Errorf("failed node IP: %v", err)
			}
		}
	}
	if err := c.Advance(time.Minute); err != nil { // NotReady after 50 s: its pods leave the endpoints
		t.Fatal(err)
	}
	for i := 0; i < 60; i++ {
		if conn := ntConnect(t, c, FromPod("", "client"), "web:80"); conn.Pod == victim.Key() {
			t.Fatalf("picked %s on the NotReady node", conn.Pod)
		}
	}
}

func TestConnectHairpin(t *testing.T) {
	c := ntCluster(t, Config{Seed: 8}, 2, ntService(""))
	me := ntFirstPod(c)
	for i := 0; i < 40; i++ {
		if conn := ntConnect(t, c, FromPod("", me.Name), "web:80"); conn.Pod == me.Key() {
			if !strings.Contains(conn.Path[len(conn.Path)-1], "hairpin") {
				t.Errorf("hairpin path %q", conn.Path)
			}
			return
		}
	}
	t.Error("a pod never reached itself through its own Service")
}

func TestConnectDeterministic(t *testing.T) {
	run := func() []string {
		c := ntCluster(t, Config{Seed: 9}, 3, ntService(service.LoadBalancer))
		svc, _ := c.Service("default", "web")
		var out []string
		for i := 0; i < 30; i++ {
			conn, err := c.Connect(External(netip.MustParseAddr("198.51.100.7")), svc.LoadBalancerIP.String()+":80")
			out = append(out, strings.Join(conn.Path, "|"), ntErrString(err))
			conn, err = c.Connect(FromPod("", "client"), "web:80")
			out = append(out, strings.Join(conn.Path, "|"), ntErrString(err))
		}
		return out
	}
	if a, b := run(), run(); !slices.Equal(a, b) {
		t.Error("same seed, same calls, different connections")
	}
}

func ntErrString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// FuzzConnect feeds arbitrary targets to Connect from a pod and from
// outside: it never panics, every error wraps one of the sentinels, a
// success names a live backend pod (or is kube-apiserver, without a pod),
// and parseTarget's accepted host:port
// reassembles into an equivalent target.
func FuzzConnect(f *testing.F) {
	for _, s := range []string{"web:80", "web.default.svc.cluster.local.:80", "10.96.0.1:443", "[fd00::1]:80", "web:", ":80",
		"web:0", "a..b:80", "172.18.0.2:30080", "203.0.113.1:80", "10.244.0.2:8080", "web:http", "::1", "[::1]:99999"} {
		f.Add(s)
	}
	c := ntCluster(f, Config{Seed: 1}, 2, ntService(service.LoadBalancer))
	sentinels := []error{ErrInvalid, ErrNotFound, ErrNXDomain, ErrConnectionRefused, ErrUnreachable}
	f.Fuzz(func(t *testing.T, target string) {
		for _, from := range []Client{FromPod("", "client"), External(netip.MustParseAddr("198.51.100.7"))} {
			conn, err := c.Connect(from, target)
			if err != nil {
				if !slices.ContainsFunc(sentinels, func(s error) bool { return errors.Is(err, s) }) {
					t.Fatalf("Connect(%v, %q): %v wraps no sentinel", from, target, err)
				}
				continue
			}
			if conn.Pod == "" && conn.Backend == c.apiserverAddr() {
				continue // kube-apiserver (default/kubernetes, or node-1:6443)
			}
			if p, ok := c.Pod("default", strings.TrimPrefix(conn.Pod, "default/")); !ok || p.IP != conn.Backend.Addr() {
				t.Fatalf("Connect(%v, %q) = %+v: no such live pod", from, target, conn)
			}
		}
		host, ip, port, err := parseTarget(target)
		if err != nil {
			return
		}
		if host == "" && !ip.IsValid() || port == 0 {
			t.Fatalf("parseTarget(%q) = %q, %v, %d", target, host, ip, port)
		}
		re := host + ":" + strconv.Itoa(int(port))
		if ip.IsValid() {
			re = netip.AddrPortFrom(ip, port).String()
		}
		if h2, ip2, p2, err := parseTarget(re); err != nil || h2 != host && !ip.IsValid() || ip2 != ip || p2 != port {
			t.Fatalf("parseTarget(%q) = %q, %v, %d; reassembled %q → %q, %v, %d, %v", target, host, ip, port, re, h2, ip2, p2, err)
		}
	})
}

// parseTarget's pieces agree with the standard library: portNumber with
// strconv.ParseUint(s, 10, 16) and a non-zero result, validHost with a
// non-empty host holding none of ":[] /".
func TestParseTargetPieces(t *testing.T) {
	for _, s := range []string{"", "0", "1", "80", "080", "00000000000080", "65535", "65536", "99999", "4294967376",
		"+80", "-1", "8_0", "0x50", " 80", "80 ", "８０", "http"} {
		want, err := strconv.ParseUint(s, 10, 16)
		got, ok := portNumber(s)
		if ok != (err == nil && want != 0) || ok && uint64(got) != want {
			t.Errorf("portNumber(%q) = %d, %v; ParseUint: %d, %v", s, got, ok, want, err)
		}
	}
	rapid.Check(t, func(rt *rapid.T) {
		s := rapid.StringOf(rapid.SampledFrom([]rune("0123456789+-_x :[]/aé"))).Draw(rt, "s")
		want, err := strconv.ParseUint(s, 10, 16)
		if got, ok := portNumber(s); ok != (err == nil && want != 0) || ok && uint64(got) != want {
			rt.Fatalf("portNumber(%q) = %d, %v; ParseUint: %d, %v", s, got, ok, want, err)
		}
		if got, want := validHost(s), s != "" && !strings.ContainsAny(s, ":[] /"); got != want {
			rt.Fatalf("validHost(%q) = %v, want %v", s, got, want)
		}
	})
}
