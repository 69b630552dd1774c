package sim

import (
	"errors"
	"net/netip"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/svcsim/svcsim/endpoints"
	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
	"github.com/svcsim/svcsim/service"
)

// kubeAt is kube-apiserver's address in a default cluster: node-1's IP.
var kubeAt = netip.MustParseAddrPort("172.18.0.2:6443")

func newSettled(t *testing.T, cfg Config) *Cluster {
	t.Helper()
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Settle(); err != nil {
		t.Fatal(err)
	}
	return c
}

func TestKubernetesEndpoints(t *testing.T) {
	c := newSettled(t, Config{Seed: 1})
	start := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	ep, ok := c.Endpoints("default", "kubernetes")
	want := endpoints.Endpoints{Namespace: "default", Name: "kubernetes", Subsets: []endpoints.Subset{{
		Addresses: []endpoints.Address{{IP: kubeAt.Addr()}},
		Ports:     []endpoints.EndpointPort{{Name: "https", Port: 6443, Protocol: pod.TCP}}}},
		SkipMirror: true} // labelled endpointslice.kubernetes.io/skip-mirror: kube-apiserver writes its own slice
	if !ok || !endpoints.EqualEndpoints(ep, want) {
		t.Fatalf("Endpoints(default, kubernetes) = %+v, %v", ep, ok)
	}
	sl := c.EndpointSlices("", "kubernetes")
	if len(sl) != 1 || sl[0].Name != "kubernetes" || sl[0].AddressType != endpoints.IPv4 ||
		len(sl[0].Endpoints) != 1 || !sl[0].Endpoints[0].Conditions.Ready || sl[0].Endpoints[0].Pod != "" {
		t.Fatalf("EndpointSlices(default, kubernetes) = %+v", sl)
	}
	n := 0
	for _, e := range c.Events() {
		if e.Object == "endpoints/default/kubernetes" {
			n++
			if e.Kind != "EndpointsUpdated" || e.Message != "1 ready (+172.18.0.2)" || !e.Time.Equal(start) {
				t.Errorf("event %v", e)
			}
		}
	}
	if n != 1 {
		t.Errorf("%d events for endpoints/default/kubernetes, want 1", n)
	}
	if err := c.Check(); err != nil {
		t.Fatal(err)
	}
}

func TestConnectKubernetes(t *testing.T) {
	c := newSettled(t, Config{Seed: 2})
	if _, err := c.CreatePod(pod.Pod{Namespace: "prod", Name: "client"}); err != nil {
		t.Fatal(err)
	}
	if err := c.Settle(); err != nil {
		t.Fatal(err)
	}
	cl, _ := c.Pod("prod", "client")
	kube, _ := c.Service("default", "kubernetes")
	for _, target := range []string{"kubernetes.default:443", "kubernetes.default.svc:443",
		"kubernetes.default.svc.cluster.local:443", kube.ClusterIP.String() + ":443", kubeAt.String()} {
		conn, err := c.Connect(FromPod("prod", "client"), target)
		if err != nil {
			t.Fatalf("%s: %v (%v)", target, err, conn.Path)
		}
		last := conn.Path[len(conn.Path)-1]
		if conn.Pod != "" || conn.Backend != kubeAt || last != "kube-apiserver on node-1 (172.18.0.2:6443)" {
			t.Errorf("%s: %+v", target, conn)
		}
		if target != kubeAt.String() && conn.Node != cl.NodeName {
			t.Errorf("%s: routed by %q, the client is on %s", target, conn.Node, cl.NodeName)
		}
	}
	// A short name from another namespace does not resolve.
	if _, err := c.Connect(FromPod("prod", "client"), "kubernetes:443"); !errors.Is(err, ErrNXDomain) {
		t.Errorf("kubernetes:443 from prod: %v", err)
	}
	// Port 443 of the node is not the apiserver's.
	if _, err := c.Connect(FromPod("prod", "client"), "172.18.0.2:443"); !errors.Is(err, ErrConnectionRefused) {
		t.Errorf("node-1:443: %v", err)
	}
	// Outside the cluster: the node IP answers, the ClusterIP does not.
	ext := External(netip.MustParseAddr("198.51.100.7"))
	if conn, err := c.Connect(ext, kubeAt.String()); err != nil || conn.Backend != kubeAt {
		t.Errorf("external to %s: %+v %v", kubeAt, conn, err)
	}
	if _, err := c.Connect(ext, kube.ClusterIP.String()+":443"); !errors.Is(err, ErrUnreachable) {
		t.Errorf("external to the ClusterIP: %v", err)
	}
	// The pod's environment is unaffected: the Service's variables as before.
	env := cl.Env
	if env["KUBERNETES_SERVICE_HOST"] != kube.ClusterIP.String() || env["KUBERNETES_SERVICE_PORT"] != "443" ||
		env["KUBERNETES_PORT_443_TCP"] != "tcp://"+kube.ClusterIP.String()+":443" {
		t.Errorf("env %v", env)
	}
}

func TestKubernetesNodeFailure(t *testing.T) {
	c := newSettled(t, Config{Seed: 3, Nodes: 2})
	if _, err := c.CreatePod(pod.Pod{Namespace: "default", Name: "client", NodeName: "node-2"}); err != nil {
		t.Fatal(err)
	}
	if err := c.Settle(); err != nil {
		t.Fatal(err)
	}
	if err := c.FailNode("node-1"); err != nil {
		t.Fatal(err)
	}
	if err := c.Settle(); err != nil {
		t.Fatal(err)
	}
	if err := c.Check(); err != nil {
		t.Fatal(err)
	}
	for _, target := range []string{"kubernetes:443", kubeAt.String()} {
		conn, err := c.Connect(FromPod("default", "client"), target)
		if !errors.Is(err, ErrUnreachable) || !strings.Contains(conn.Path[len(conn.Path)-1], "node-1") ||
			!strings.Contains(conn.Path[0], "on node-2") {
			t.Errorf("%s with node-1 failed: %+v %v", target, conn, err)
		}
	}
	if err := c.RecoverNode("node-1"); err != nil {
		t.Fatal(err)
	}
	if err := c.Settle(); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Connect(FromPod("default", "client"), "kubernetes:443"); err != nil {
		t.Errorf("after recovery: %v", err)
	}
	if err := c.Check(); err != nil {
		t.Fatal(err)
	}
}

// Deleting default/kubernetes succeeds; kube-apiserver's kubernetesservice
// controller creates it again at its next 10 s tick: same ClusterIP, new
// UID, its Endpoints back.
func TestKubernetesServiceDeletedAndRecreated(t *testing.T) {
	c := newSettled(t, Config{Seed: 4})
	must(t, c.Advance(Epoch.Add(3*time.Second).Sub(c.Now()))) // 00:00:03
	kube, _ := c.Service("default", "kubernetes")
	must(t, c.DeleteService("default", "kubernetes"))
	must(t, c.Advance(6*time.Second)) // 00:00:09
	if _, ok := c.Service("default", "kubernetes"); ok {
		t.Fatal("re-created before the controller's tick")
	}
	if _, ok := c.Endpoints("default", "kubernetes"); ok {
		t.Error("Endpoints outlived the Service")
	}
	must(t, c.Check())
	must(t, c.Settle())
	got, ok := c.Service("default", "kubernetes")
	if !ok || got.ClusterIP != kube.ClusterIP || got.UID == kube.UID || len(got.Ports) != 1 || got.Ports[0].Name != "https" {
		t.Fatalf("re-created: %+v %v (was %+v)", got, ok, kube)
	}
	if e := eventsOf(c, "ServiceCreated"); e[len(e)-1].Time != Epoch.Add(10*time.Second) {
		t.Errorf("re-created at %v, want the 10 s tick", e[len(e)-1].Time)
	}
	if ep, ok := c.Endpoints("default", "kubernetes"); !ok || len(ep.Subsets) != 1 {
		t.Errorf("endpoints: %+v %v", ep, ok)
	}
	must(t, c.Check())

	// Deleted on a tick: the next one is 10 s later. A user re-creating it
	// first keeps theirs.
	must(t, c.Advance(Epoch.Add(20*time.Second).Sub(c.Now()))) // 00:00:20
	must(t, c.DeleteService("default", "kubernetes"))
	must(t, c.Advance(9*time.Second))
	if _, ok := c.Service("default", "kubernetes"); ok {
		t.Fatal("re-created before the next tick")
	}
	mine := c.masterService()
	mine.Ports[0].Name = "mine"
	_, err := c.CreateService(mine)
	must(t, err)
	must(t, c.Settle())
	if got, _ := c.Service("default", "kubernetes"); got.Ports[0].Name != "mine" {
		t.Errorf("the user's Service was replaced: %+v", got)
	}
	must(t, c.Check())
}

func TestKubernetesIPv6ServiceCIDR(t *testing.T) {
	c := newSettled(t, Config{Seed: 5, ServiceCIDR: netip.MustParsePrefix("fd00:10:96::/112"),
		PodCIDR: netip.MustParsePrefix("fd00:10:244::/56")})
	if _, ok := c.Endpoints("default", "kubernetes"); ok {
		t.Error("an IPv4 apiserver advertised for an IPv6 Service")
	}
	if err := c.Check(); err != nil {
		t.Fatal(err)
	}
}

// Nodes on addresses the Endpoints validation refuses (loopback): the
// reconciler writes no Endpoints for default/kubernetes, and Check agrees.
func TestKubernetesRefusedNodeAddress(t *testing.T) {
	c := newSettled(t, Config{Seed: 5, NodeCIDR: netip.MustParsePrefix("127.18.0.0/24")})
	if ep, ok := c.Endpoints("default", "kubernetes"); ok {
		t.Errorf("Endpoints(default, kubernetes) = %+v on a loopback node address", ep)
	}
	if err := c.Check(); err != nil {
		t.Fatal(err)
	}
}

// The cluster's own Services are built defaulted, since createService
// keeps them as they are: WithDefaults changes nothing of them.
func TestOwnServicesDefaulted(t *testing.T) {
	c := mustNew(t, Config{Seed: 1})
	for _, s := range []service.Service{c.masterService(), c.kubeDNSService(selector.Set{"k8s-app": KubeDNS})} {
		if d := s.WithDefaults(); !reflect.DeepEqual(d, s) {
			t.Errorf("%s: defaulted %+v, built %+v", s.Key(), d, s)
		}
	}
}
