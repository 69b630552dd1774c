package sim

import (
	"net/netip"
	"slices"
	"testing"
	"time"

	"github.com/svcsim/svcsim/endpoints"
	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/service"
)

// proxyAddrs lists the backends of a programmed port as "IP:port".
func proxyAddrs(bs []endpoints.Backend) []string {
	var out []string
	for _, b := range bs {
		out = append(out, netip.AddrPortFrom(b.IP, uint16(b.Port)).String())
	}
	return out
}

func endpointAddrs(c *Cluster) []string {
	var out []string
	for _, ip := range readyIPs(c, "default", "web") {
		out = append(out, ip+":8080")
	}
	return out
}

// TestProxyServiceLagsEndpoints: ProxyService shows the rules kube-proxy
// programmed, which follow the Endpoints ProxyDelay later, not at once
// (kubernetes pkg/proxy/iptables/proxier.go: syncs no more often than the
// min sync period).
func TestProxyServiceLagsEndpoints(t *testing.T) {
	c := mustNew(t, Config{Seed: 7})
	must(t, c.CreateDeployment(webDeployment(3, 0)))
	_, err := c.CreateService(webService())
	must(t, err)
	settleCheck(t, c)

	ps, ok := c.ProxyService("", "web")
	if !ok || ps.Namespace != "default" || ps.Name != "web" || len(ps.Ports) != 1 {
		t.Fatalf("ProxyService(web) = %+v, %v", ps, ok)
	}
	p := ps.Ports[0]
	if p.Name != "http" || p.Port != 80 || p.Protocol != pod.TCP || p.Local != nil {
		t.Fatalf("port = %+v", p)
	}
	before := proxyAddrs(p.Backends)
	if got, want := before, endpointAddrs(c); len(got) != 3 || !sameSet(got, want) {
		t.Fatalf("programmed %v, endpoints %v", got, want)
	}

	victim := podsOf(c)[0]
	must(t, c.ForceDeletePod("default", victim.Name))
	must(t, c.Advance(0))
	if got := proxyAddrs(mustProxy(t, c, "web").Ports[0].Backends); !sameSet(got, before) {
		t.Fatalf("at the deletion: programmed %v, want the old rules %v", got, before)
	}
	if sameSet(endpointAddrs(c), before) {
		t.Fatal("endpoints did not change")
	}
	must(t, c.Advance(DefaultProxyDelay))
	if got, want := proxyAddrs(mustProxy(t, c, "web").Ports[0].Backends), endpointAddrs(c); !sameSet(got, want) {
		t.Fatalf("after ProxyDelay: programmed %v, endpoints %v", got, want)
	}

	must(t, c.DeleteService("default", "web"))
	must(t, c.Advance(DefaultProxyDelay))
	if _, ok := c.ProxyService("default", "web"); ok {
		t.Fatal("a deleted Service is still programmed")
	}
	if _, ok := c.ProxyService("default", "kubernetes"); !ok {
		t.Fatal("default/kubernetes is not programmed")
	}
}

// TestProxyServiceKinds: headless and ExternalName Services get no rules;
// a Local policy has each node's own set (KUBE-SVL-*).
func TestProxyServiceKinds(t *testing.T) {
	c := mustNew(t, Config{Seed: 3})
	must(t, c.CreateDeployment(webDeployment(3, 0)))
	h := webService()
	h.Name, h.Headless = "web-headless", true
	_, err := c.CreateService(h)
	must(t, err)
	_, err = c.CreateService(service.Service{Name: "ext", Type: service.ExternalName, ExternalName: "example.com"})
	must(t, err)
	l := webService()
	l.Name, l.Type, l.ExternalTrafficPolicy = "web-local", service.NodePort, service.TrafficPolicyLocal
	_, err = c.CreateService(l)
	must(t, err)
	settleCheck(t, c)

	for _, name := range []string{"web-headless", "ext", "missing"} {
		if ps, ok := c.ProxyService("default", name); ok {
			t.Errorf("ProxyService(%s) = %+v, want no rules", name, ps)
		}
	}
	p := mustProxy(t, c, "web-local").Ports[0]
	if len(p.Backends) != 3 {
		t.Fatalf("cluster set %v", proxyAddrs(p.Backends))
	}
	n := 0
	for node, bs := range p.Local {
		for _, b := range bs {
			if b.Node != node {
				t.Errorf("node %s's local set holds %s on %s", node, b.Pod, b.Node)
			}
			n++
		}
	}
	if n != 3 {
		t.Errorf("local sets %+v: want the 3 endpoints, each under its node", p.Local)
	}
}

// TestWatchProxyAtSync: a WatchProxy event comes at the instant
// kube-proxy syncs, ProxyDelay after the endpoints changed.
func TestWatchProxyAtSync(t *testing.T) {
	c := mustNew(t, Config{Seed: 1})
	must(t, c.CreateDeployment(webDeployment(2, 0)))
	_, err := c.CreateService(webService())
	must(t, err)
	settleCheck(t, c)
	var at []time.Time
	var got []ProxyService
	stop, err := c.Watch(WatchProxy, WatchOptions{}, func(ev WatchEvent) {
		ps := ev.Object.(ProxyService)
		if ps.Name == "web" {
			at = append(at, c.Now())
			got = append(got, ps)
		}
	})
	must(t, err)
	defer stop()
	t0 := c.Now()
	victim := podsOf(c)[0]
	must(t, c.ForceDeletePod("default", victim.Name))
	must(t, c.Advance(10*time.Second))
	if len(at) == 0 || !at[0].Equal(t0.Add(DefaultProxyDelay)) {
		t.Fatalf("events at %v, want the first at %v", at, t0.Add(DefaultProxyDelay))
	}
	for _, b := range got[0].Ports[0].Backends {
		if b.Pod == "default/"+victim.Name {
			t.Fatalf("first sync programmed %v, still the deleted %s", proxyAddrs(got[0].Ports[0].Backends), victim.Name)
		}
	}
	last := got[len(got)-1]
	if want, ok := c.ProxyService("default", "web"); !ok || !sameSet(proxyAddrs(last.Ports[0].Backends), proxyAddrs(want.Ports[0].Backends)) {
		t.Fatalf("last event %v, ProxyService %v", proxyAddrs(last.Ports[0].Backends), proxyAddrs(want.Ports[0].Backends))
	}
	if WatchProxy.String() != "kube-proxy" {
		t.Errorf("WatchProxy.String() = %q", WatchProxy.String())
	}
}

func mustProxy(t *testing.T, c *Cluster, name string) ProxyService {
	t.Helper()
	ps, ok := c.ProxyService("default", name)
	if !ok || len(ps.Ports) == 0 {
		t.Fatalf("ProxyService(%s): not programmed", name)
	}
	return ps
}

// sameSet reports whether a and b hold the same strings, in any order.
func sameSet(a, b []string) bool {
	return slices.Equal(slices.Sorted(slices.Values(a)), slices.Sorted(slices.Values(b)))
}
