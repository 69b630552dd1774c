package kubectl

import (
	"bytes"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/svcsim/svcsim/endpoints"
	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
	"github.com/svcsim/svcsim/service"
	"github.com/svcsim/svcsim/sim"
)

func opts() Options {
	return Options{Now: at(300), Born: Epoch}
}

func check(t *testing.T, got bytes.Buffer, want string) {
	t.Helper()
	want = strings.TrimPrefix(want, "\n")
	if got.String() != want {
		t.Errorf("got:\n%s\nwant:\n%s", got.String(), want)
	}
}

func TestPods(t *testing.T) {
	var b bytes.Buffer
	if err := Pods(&b, fixturePods(), opts()); err != nil {
		t.Fatal(err)
	}
	check(t, b, `
NAME                   READY   STATUS              RESTARTS       AGE
client                 0/1     Pending             0              5m
web-7c5ddbdf54-b8mzq   1/1     Terminating         0              4m40s
web-7c5ddbdf54-x2kqp   1/1     Running             2 (100s ago)   4m50s
web-7c5ddbdf54-zz9lw   0/1     ContainerCreating   0              5s
`)
}

func TestPodsWideAllNamespaces(t *testing.T) {
	var b bytes.Buffer
	if err := Pods(&b, fixturePods()[:2], opts().WithWide().WithAllNamespaces()); err != nil {
		t.Fatal(err)
	}
	check(t, b, `
NAMESPACE   NAME                   READY   STATUS        RESTARTS       AGE     IP           NODE     NOMINATED NODE   READINESS GATES
default     web-7c5ddbdf54-b8mzq   1/1     Terminating   0              4m40s   10.244.1.5   node-1   <none>           <none>
default     web-7c5ddbdf54-x2kqp   1/1     Running       2 (100s ago)   4m50s   10.244.2.4   node-2   <none>           <none>
`)
}

func TestPodsZeroOptions(t *testing.T) {
	var b bytes.Buffer
	p := fixturePods()[3:]
	p[0].CreationTimestamp = time.Time{}
	if err := Pods(&b, p, Options{Wide: true}); err != nil {
		t.Fatal(err)
	}
	check(t, b, `
NAME     READY   STATUS    RESTARTS   AGE         IP       NODE     NOMINATED NODE   READINESS GATES
client   0/1     Pending   0          <unknown>   <none>   <none>   <none>           <none>
`)
}

// An empty list prints kubectl get's line: naming the namespace for
// namespaced kinds, not for -A or cluster-scoped kinds.
// RESTARTS is "N (<age> ago)" with the age of the last container exit
// (printPod), STATUS the waiting or terminated reason of a container that
// is down.
func TestPodsCrashed(t *testing.T) {
	pods := []pod.Pod{
		{Name: "a", Phase: pod.Running, CreationTimestamp: at(0), RestartCount: 3, LastTerminationTime: at(259),
			ContainerReason: pod.ReasonCrashLoopBackOff},
		{Name: "b", Phase: pod.Running, CreationTimestamp: at(0), RestartCount: 5, LastTerminationTime: at(150),
			ContainerReason: pod.ReasonError},
		{Name: "c", Phase: pod.Running, Ready: true, CreationTimestamp: at(0), RestartCount: 12, LastTerminationTime: at(60)},
		{Name: "d", Phase: pod.Running, CreationTimestamp: at(0), LastTerminationTime: at(299), ContainerReason: pod.ReasonError},
		{Name: "e", Phase: pod.Running, Terminating: true, CreationTimestamp: at(0), RestartCount: 1,
			LastTerminationTime: at(290), ContainerReason: pod.ReasonCrashLoopBackOff},
	}
	var b bytes.Buffer
	if err := Pods(&b, pods, opts()); err != nil {
		t.Fatal(err)
	}
	check(t, b, `
NAME   READY   STATUS             RESTARTS        AGE
a      0/1     CrashLoopBackOff   3 (41s ago)     5m
b      0/1     Error              5 (2m30s ago)   5m
c      1/1     Running            12 (4m ago)     5m
d      0/1     Error              0               5m
e      0/1     Terminating        1 (10s ago)     5m
`)
}

func TestEmpty(t *testing.T) {
	shop := opts()
	shop.Namespace = "shop"
	for _, tc := range []struct {
		name  string
		print func(*bytes.Buffer) error
		want  string
	}{
		{"pods", func(b *bytes.Buffer) error { return Pods(b, nil, opts()) }, "No resources found in default namespace.\n"},
		{"pods -n shop", func(b *bytes.Buffer) error { return Pods(b, nil, shop) }, "No resources found in shop namespace.\n"},
		{"pods -A", func(b *bytes.Buffer) error { return Pods(b, nil, opts().WithAllNamespaces()) }, "No resources found\n"},
		{"services", func(b *bytes.Buffer) error { return Services(b, nil, shop) }, "No resources found in shop namespace.\n"},
		{"endpoints", func(b *bytes.Buffer) error { return Endpoints(b, nil, opts()) }, "No resources found in default namespace.\n"},
		{"endpointslices", func(b *bytes.Buffer) error { return EndpointSlices(b, nil, opts()) }, "No resources found in default namespace.\n"},
		{"nodes", func(b *bytes.Buffer) error { return Nodes(b, nil, shop) }, "No resources found\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := tc.print(&b); err != nil {
				t.Fatal(err)
			}
			if b.String() != tc.want {
				t.Fatalf("got %q, want %q", b.String(), tc.want)
			}
		})
	}
}

// ROLES as printNode's findNodeRoles reads them.
func TestNodeRoles(t *testing.T) {
	for _, tc := range []struct {
		labels selector.Set
		want   string
	}{
		{nil, "<none>"},
		{selector.Set{"kubernetes.io/hostname": "n"}, "<none>"},
		{selector.Set{"node-role.kubernetes.io/control-plane": ""}, "control-plane"},
		{selector.Set{"node-role.kubernetes.io/worker": "", "node-role.kubernetes.io/control-plane": "x"}, "control-plane,worker"},
		{selector.Set{"kubernetes.io/role": "master"}, "master"},
		{selector.Set{"kubernetes.io/role": "", "node-role.kubernetes.io/": ""}, "<none>"},
		{selector.Set{"kubernetes.io/role": "infra", "node-role.kubernetes.io/infra": ""}, "infra"},
	} {
		if got := NodeRoles(sim.Node{Labels: tc.labels}); got != tc.want {
			t.Errorf("NodeRoles(%v) = %q, want %q", tc.labels, got, tc.want)
		}
	}
}

func TestServices(t *testing.T) {
	var b bytes.Buffer
	if err := Services(&b, fixtureServices(), opts().WithWide()); err != nil {
		t.Fatal(err)
	}
	check(t, b, `
NAME             TYPE           CLUSTER-IP   EXTERNAL-IP      PORT(S)                      AGE     SELECTOR
kubernetes       ClusterIP      10.96.0.1    <none>           443/TCP                      5m      <none>
web              ClusterIP      10.96.0.10   <none>           80/TCP                       4m50s   app=web
web-headless     ClusterIP      None         <none>           <none>                       5m      app=web
web-lb           LoadBalancer   10.96.9.9    203.0.113.1      80:31000/TCP                 5m      <none>
web-lb-pending   LoadBalancer   10.96.9.10   <pending>        80:31001/UDP                 5m      <none>
web-np           NodePort       10.96.4.7    <none>           80:30080/TCP,443:30443/TCP   5m      app=web,tier=fe
db               ExternalName   <none>       db.example.com   <none>                       5m      <none>
`)
}

func TestFormatEndpoints(t *testing.T) {
	two := addrs(2, 8080)
	two.Subsets = append(two.Subsets, endpoints.Subset{
		Addresses: []endpoints.Address{{IP: ip("10.244.3.9")}},
		Ports:     []endpoints.EndpointPort{{Name: "a", Port: 9090}, {Name: "b", Port: 9191}},
	})
	headless := endpoints.Endpoints{Subsets: []endpoints.Subset{{Addresses: []endpoints.Address{
		{IP: ip("10.244.1.2")}, {IP: ip("10.244.1.3")}, {IP: ip("10.244.1.4")}, {IP: ip("10.244.1.5")}}}}}
	notReady := endpoints.Endpoints{Subsets: []endpoints.Subset{{
		NotReadyAddresses: []endpoints.Address{{IP: ip("10.244.1.2")}},
		Ports:             []endpoints.EndpointPort{{Port: 80}}}}}
	v6 := endpoints.Endpoints{Subsets: []endpoints.Subset{{
		Addresses: []endpoints.Address{{IP: ip("fd00::5")}}, Ports: []endpoints.EndpointPort{{Port: 80}}}}}
	tests := []struct {
		name string
		e    endpoints.Endpoints
		want string
	}{
		{"no subsets", endpoints.Endpoints{}, "<none>"},
		{"one", addrs(1, 8080), "10.244.1.2:8080"},
		{"three", addrs(3, 8080), "10.244.1.2:8080,10.244.1.3:8080,10.244.1.4:8080"},
		{"four", addrs(4, 8080), "10.244.1.2:8080,10.244.1.3:8080,10.244.1.4:8080 + 1 more..."},
		{"ten", addrs(10, 80), "10.244.1.2:80,10.244.1.3:80,10.244.1.4:80 + 7 more..."},
		{"ports multiply", two, "10.244.1.2:8080,10.244.1.3:8080,10.244.3.9:9090 + 1 more..."},
		{"headless no ports", headless, "10.244.1.2,10.244.1.3,10.244.1.4 + 1 more..."},
		{"only not ready", notReady, ""},
		{"ipv6 bracketed", v6, "[fd00::5]:80"},
	}
	for _, tt := range tests {
		if got := FormatEndpoints(tt.e); got != tt.want {
			t.Errorf("%s: FormatEndpoints = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestEndpointsTable(t *testing.T) {
	var b bytes.Buffer
	ten := addrs(10, 8080)
	empty := endpoints.Endpoints{Namespace: "default", Name: "kubernetes", CreationTimestamp: at(0)}
	if err := Endpoints(&b, []endpoints.Endpoints{ten, empty}, opts()); err != nil {
		t.Fatal(err)
	}
	check(t, b, `
NAME         ENDPOINTS                                                     AGE
kubernetes   <none>                                                        5m
web          10.244.1.2:8080,10.244.1.3:8080,10.244.1.4:8080 + 7 more...   4m50s
`)
}

func TestEndpointSlices(t *testing.T) {
	mk := func(n int) []endpoints.Endpoint {
		var eps []endpoints.Endpoint
		for i := range n {
			eps = append(eps, endpoints.Endpoint{Addresses: []netip.Addr{netip.AddrFrom4([4]byte{10, 244, 2, byte(i + 2)})},
				Conditions: endpoints.Conditions{Ready: i%2 == 0}})
		}
		return eps
	}
	slices := []endpoints.Slice{
		{Namespace: "default", Name: "web-bcdfg", Service: "web", AddressType: endpoints.IPv4,
			Ports: []endpoints.EndpointPort{{Name: "http", Port: 8080}}, Endpoints: mk(5), CreationTimestamp: at(10)},
		{Namespace: "default", Name: "empty-bcdfg", Service: "empty", AddressType: endpoints.IPv4, CreationTimestamp: at(0)},
		{Namespace: "default", Name: "many-bcdfg", Service: "many", AddressType: endpoints.IPv4,
			Ports: []endpoints.EndpointPort{{Port: 1}, {Port: 2}, {Name: "x"}, {Port: 4}, {}}, Endpoints: mk(2),
			CreationTimestamp: at(0)},
	}
	var b bytes.Buffer
	if err := EndpointSlices(&b, slices, opts()); err != nil {
		t.Fatal(err)
	}
	check(t, b, `
NAME          ADDRESSTYPE   PORTS               ENDPOINTS                                      AGE
empty-bcdfg   IPv4          <unset>             <unset>                                        5m
many-bcdfg    IPv4          1,2,x + 2 more...   10.244.2.2,10.244.2.3                          5m
web-bcdfg     IPv4          8080                10.244.2.2,10.244.2.3,10.244.2.4 + 2 more...   4m50s
`)
}

func TestNodes(t *testing.T) {
	var b bytes.Buffer
	if err := Nodes(&b, fixtureNodes(), opts().WithWide().WithAllNamespaces()); err != nil {
		t.Fatal(err)
	}
	check(t, b, `
NAME     STATUS     ROLES           AGE   VERSION   INTERNAL-IP   EXTERNAL-IP   OS-IMAGE                         KERNEL-VERSION     CONTAINER-RUNTIME
node-1   Ready      control-plane   5m    v1.35.0   172.18.0.2    <none>        Debian GNU/Linux 12 (bookworm)   6.8.0-60-generic   containerd://2.1.1
node-2   NotReady   <none>          5m    v1.35.0   172.18.0.3    <none>        Debian GNU/Linux 12 (bookworm)   6.8.0-60-generic   containerd://2.1.1
node-3   NotReady   <none>          5m              <none>        <none>        Debian GNU/Linux 12 (bookworm)   6.8.0-60-generic   containerd://2.1.1
`)
}

func TestPortString(t *testing.T) {
	tests := []struct {
		ports []service.Port
		want  string
	}{
		{nil, "<none>"},
		{[]service.Port{{Port: 53, Protocol: pod.UDP}, {Port: 53}}, "53/UDP,53/TCP"},
		{[]service.Port{{Port: 80, NodePort: 30080, Protocol: pod.SCTP}}, "80:30080/SCTP"},
	}
	for _, tt := range tests {
		if got := PortString(tt.ports); got != tt.want {
			t.Errorf("PortString(%v) = %q, want %q", tt.ports, got, tt.want)
		}
	}
}

// TestInputsNotChanged checks the printers sort a copy, never the caller's slice.
func TestInputsNotChanged(t *testing.T) {
	p := fixturePods()
	first := p[0].Name
	var b bytes.Buffer
	_ = Pods(&b, p, opts())
	if p[0].Name != first {
		t.Errorf("Pods reordered its input: p[0] = %s, want %s", p[0].Name, first)
	}
}

// TestPodsShowLabels: --show-labels adds a LABELS column after the
// others, the labels sorted as k=v pairs, "<none>" for a pod without
// (printers.go's human-readable printer, FormatLabels).
func TestPodsShowLabels(t *testing.T) {
	var b bytes.Buffer
	pods := fixturePods()[:2]
	for i := range pods {
		pods[i].Labels = nil
		if pods[i].Name == "web-7c5ddbdf54-x2kqp" {
			pods[i].Labels = selector.Set{"pod-template-hash": "7c5ddbdf54", "app": "web"}
		}
	}
	if err := Pods(&b, pods, opts().WithWide().WithShowLabels()); err != nil {
		t.Fatal(err)
	}
	check(t, b, `
NAME                   READY   STATUS        RESTARTS       AGE     IP           NODE     NOMINATED NODE   READINESS GATES   LABELS
web-7c5ddbdf54-b8mzq   1/1     Terminating   0              4m40s   10.244.1.5   node-1   <none>           <none>            <none>
web-7c5ddbdf54-x2kqp   1/1     Running       2 (100s ago)   4m50s   10.244.2.4   node-2   <none>           <none>            app=web,pod-template-hash=7c5ddbdf54
`)
}

// TestWithKind: with a kind, as when kubectl get lists several types
// (`kubectl get deploy,svc`, `kubectl get all`), each NAME is
// kind[.group]/name (the printer's WithKind option).
func TestWithKind(t *testing.T) {
	var b bytes.Buffer
	if err := Pods(&b, fixturePods()[:2], opts().WithKind("pod").WithAllNamespaces()); err != nil {
		t.Fatal(err)
	}
	check(t, b, `
NAMESPACE   NAME                       READY   STATUS        RESTARTS       AGE
default     pod/web-7c5ddbdf54-b8mzq   1/1     Terminating   0              4m40s
default     pod/web-7c5ddbdf54-x2kqp   1/1     Running       2 (100s ago)   4m50s
`)
}
