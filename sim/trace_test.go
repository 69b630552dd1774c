package sim

import (
	"net/netip"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/svcsim/svcsim/selector"
	"github.com/svcsim/svcsim/service"
)

// traceBlock is sim/internal/trace's block size.
const traceBlock = 4096

// TestTraceLimitLong checks the bounded trace against the tail of the full
// one over more events than a trace block holds, so the compact records'
// side rings (strings, endpoint addresses) drop blocks while the records
// ring does.
func TestTraceLimitLong(t *testing.T) {
	run := func(limit int) []Event {
		c := rolloutCluster(t, 30, 6, 4, limit, false, false)
		for range 7 {
			must(t, c.Advance(time.Minute))
			rolloutAll(t, c, 30)
		}
		must(t, c.DeleteService("", "app-3"))
		must(t, c.Settle())
		return c.Events()
	}
	full := run(0)
	if len(full) < 2*traceBlock {
		t.Fatalf("only %d events", len(full))
	}
	for _, limit := range []int{1, 3, 10, 999, traceBlock + 17, len(full) - 1} {
		ring := run(limit)
		if len(ring) != limit {
			t.Fatalf("limit %d: %d events kept", limit, len(ring))
		}
		tail := full[len(full)-limit:]
		for i := range ring {
			if ring[i] != tail[i] {
				t.Fatalf("limit %d: ring[%d] = %v, want %v", limit, i, ring[i], tail[i])
			}
		}
	}
}

// TestCreatedRecords: ServiceCreated, ServiceUpdated and DeploymentCreated
// are compact records; they read as the events they stand for, name their
// namespace after it is gone, and a bounded trace frees the namespace's
// index once it drops them.
func TestCreatedRecords(t *testing.T) {
	for _, limit := range []int{0, 3} {
		c := mustNew(t, Config{Seed: 1, Nodes: 1, TraceLimit: limit})
		must(t, c.CreateDeployment(Deployment{Namespace: "shop", Name: "cart", Labels: selector.Set{"app": "cart"},
			Strategy: Recreate}))
		s, err := c.CreateService(service.Service{Namespace: "shop", Name: "cart", Selector: selector.Set{"app": "cart"},
			Ports: []service.Port{{Port: 80}}})
		must(t, err)
		s.SessionAffinity = service.SessionAffinityClientIP
		_, err = c.UpdateService(s)
		must(t, err)
		ns := c.nsIdx.Value("shop")
		must(t, c.DeleteNamespace("shop"))
		must(t, c.Settle())
		must(t, c.Check())
		if limit > 0 {
			if c.nsNames[ns] != "" {
				t.Errorf("trace limit %d: namespace index %d still held by dropped records", limit, ns)
			}
			continue
		}
		var got []string
		for _, e := range c.Events() {
			if e.Kind == KindDeploymentCreated || e.Kind == KindServiceCreated || e.Kind == KindServiceUpdated {
				got = append(got, e.Kind+" "+e.Object+": "+e.Message)
			}
		}
		want := []string{
			"ServiceCreated service/default/kubernetes: ClusterIP clusterIP 10.96.0.1 ports 443/TCP",
			"DeploymentCreated deployment/kube-system/coredns: replicas 2 strategy RollingUpdate",
			"ServiceCreated service/kube-system/kube-dns: ClusterIP clusterIP 10.96.0.10 ports 53/UDP,53/TCP,9153/TCP",
			"DeploymentCreated deployment/shop/cart: replicas 0 strategy Recreate",
			"ServiceCreated service/shop/cart: ClusterIP clusterIP " + s.ClusterIP.String() + " ports 80/TCP",
			"ServiceUpdated service/shop/cart: ClusterIP clusterIP " + s.ClusterIP.String() + " ports 80/TCP -> ClusterIP clusterIP " +
				s.ClusterIP.String() + " ports 80/TCP",
		}
		if !slices.Equal(got, want) {
			t.Errorf("events:\n%q\nwant\n%q", got, want)
		}
	}
}

// TestCompactRecords: the events of scaling and restarting a Deployment,
// relabelling (orphaning and adopting) and restarting a pod, and failing
// and recovering a node read as they are worded, in a namespace of their
// own that is then deleted (its index stays held by the records).
func TestCompactRecords(t *testing.T) {
	c := mustNew(t, Config{Seed: 1, Nodes: 2})
	must(t, c.CreateDeployment(Deployment{Namespace: "shop", Name: "cart", Replicas: 1, Labels: selector.Set{"app": "cart"}}))
	must(t, c.Settle())
	must(t, c.Scale("shop", "cart", 2))
	must(t, c.Settle())
	at := c.Now().Format(time.RFC3339)
	must(t, c.Rollout("shop", "cart"))
	must(t, c.Settle())
	p := c.Pods("shop", selector.Everything())[0]
	must(t, c.CrashPod("shop", p.Name))
	must(t, c.Settle())
	must(t, c.SetPodLabels("shop", p.Name, selector.Set{"app": "other"}))
	must(t, c.Settle())
	must(t, c.SetPodLabels("shop", p.Name, p.Labels))
	must(t, c.Settle())
	must(t, c.FailNode(p.NodeName))
	must(t, c.Settle())
	must(t, c.RecoverNode(p.NodeName))
	must(t, c.Settle())
	must(t, c.DeleteNamespace("shop"))
	must(t, c.Settle())
	must(t, c.Check())
	rs := "cart-" + p.Labels["pod-template-hash"]
	want := []string{
		"DeploymentScaled deployment/shop/cart: replicas 1 -> 2",
		"DeploymentRestarted deployment/shop/cart: restartedAt " + at,
		"PodRestarted pod/shop/" + p.Name + ": container restarted (restarts 1)",
		"PodLabelsChanged pod/shop/" + p.Name + ": " + selector.Set(p.Labels).String() + " -> app=other",
		"PodOrphaned pod/shop/" + p.Name + ": released by replicaset " + rs,
		"PodLabelsChanged pod/shop/" + p.Name + ": app=other -> " + selector.Set(p.Labels).String(),
		"PodAdopted pod/shop/" + p.Name + ": by replicaset " + rs,
		"NodeFailed node//" + p.NodeName + ": stopped answering",
		"NodeNotReady node//" + p.NodeName + ": no status for 50s; pods marked not ready",
		"NodeEvicting node//" + p.NodeName + ": taint node.kubernetes.io/unreachable tolerated for 5m0s",
		"NodeReady node//" + p.NodeName + ": recovered",
	}
	var got []string
	for _, e := range c.Events() {
		switch e.Kind {
		case KindDeploymentScaled, KindDeploymentRestarted, KindPodRestarted, KindPodLabelsChanged,
			KindPodOrphaned, KindPodAdopted, KindNodeFailed, KindNodeNotReady, KindNodeEvicting, KindNodeReady:
			got = append(got, e.Kind+" "+e.Object+": "+e.Message)
		}
	}
	if !slices.Equal(got, want) {
		t.Errorf("events:\n%q\nwant\n%q", got, want)
	}
}

// An endpoints change of more than 255 addresses is written as text: the
// added addresses, then the removed ones, each list in address order.
func TestLongEndpointsUpdated(t *testing.T) {
	c := mustNew(t, Config{Seed: 1, Nodes: 5})
	for _, app := range []string{"a", "b"} {
		must(t, c.CreateDeployment(Deployment{Name: app, Replicas: 150, Labels: selector.Set{"app": app}}))
	}
	s, err := c.CreateService(service.Service{Name: "web", Selector: selector.Set{"app": "a"}, Ports: []service.Port{{Port: 80}}})
	must(t, err)
	must(t, c.Settle())
	s.Selector = selector.Set{"app": "b"}
	_, err = c.UpdateService(s)
	must(t, err)
	must(t, c.Settle())
	var last Event
	for _, e := range c.Events() {
		if e.Kind == KindEndpointsUpdated && e.Object == "endpoints/default/web" {
			last = e
		}
	}
	msg, ok := strings.CutPrefix(last.Message, "150 ready (")
	if !ok || !strings.HasSuffix(msg, ")") {
		t.Fatalf("message %q", last.Message)
	}
	var plus, minus []netip.Addr
	for _, f := range strings.Fields(strings.TrimSuffix(msg, ")")) {
		ip := netip.MustParseAddr(f[1:])
		switch {
		case f[0] == '+' && len(minus) == 0:
			plus = append(plus, ip)
		case f[0] == '-':
			minus = append(minus, ip)
		default:
			t.Fatalf("%q out of place in %q", f, last.Message)
		}
	}
	if len(plus) != 150 || len(minus) != 150 || !slices.IsSortedFunc(plus, netip.Addr.Compare) || !slices.IsSortedFunc(minus, netip.Addr.Compare) {
		t.Errorf("%d added, %d removed, sorted %v %v: %q", len(plus), len(minus),
			slices.IsSortedFunc(plus, netip.Addr.Compare), slices.IsSortedFunc(minus, netip.Addr.Compare), last.Message)
	}
}
