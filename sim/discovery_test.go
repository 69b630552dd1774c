package sim

import (
	"errors"
	"net/netip"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
	"github.com/svcsim/svcsim/service"
)

// dnsCluster has the web Deployment (3 pods) in namespace default, and in
// namespace prod: Service web (ClusterIP, ports http 80 and unnamed 81),
// headless db selecting the web pods' labels there (2 pods), and
// ExternalNames ext → example.com and alias → web.default.svc.cluster.local.
func dnsCluster(t testing.TB) *Cluster {
	t.Helper()
	c := ntCluster(t, Config{Seed: 11}, 3, ntService(""))
	steps := []error{
		c.CreateDeployment(Deployment{Namespace: "prod", Name: "db", Replicas: 2, Labels: selector.Set{"app": "db"},
			Ports: []pod.ContainerPort{{Name: "pg", Port: 5432}}}),
	}
	for _, s := range []service.Service{
		{Namespace: "prod", Name: "web", Selector: ntSel, Ports: []service.Port{{Name: "http", Port: 80}, {Name: "dns", Port: 53, Protocol: pod.UDP}}},
		{Namespace: "prod", Name: "plain", Selector: ntSel, Ports: []service.Port{{Port: 8080}}},
		{Namespace: "prod", Name: "db", Headless: true, Selector: selector.Set{"app": "db"}, Ports: []service.Port{{Name: "pg", Port: 5432}}},
		{Namespace: "prod", Name: "ext", Type: service.ExternalName, ExternalName: "example.com"},
		{Namespace: "prod", Name: "alias", Type: service.ExternalName, ExternalName: "web.default.svc.cluster.local"},
	} {
		_, err := c.CreateService(s)
		steps = append(steps, err)
	}
	steps = append(steps, c.Settle())
	if err := errors.Join(steps...); err != nil {
		t.Fatal(err)
	}
	return c
}

func TestResolve(t *testing.T) {
	c := dnsCluster(t)
	web, _ := c.Service("default", "web")
	prodWeb, _ := c.Service("prod", "web")
	var dbIPs []netip.Addr
	for _, p := range c.Pods("prod", selector.FromSet(selector.Set{"app": "db"})) {
		dbIPs = append(dbIPs, p.IP)
	}
	slices.SortFunc(dbIPs, netip.Addr.Compare)
	kube, _ := c.Service("default", "kubernetes")
	tests := []struct {
		ns, name string
		want     []netip.Addr
	}{
		{"", "web", []netip.Addr{web.ClusterIP}},
		{"default", "web", []netip.Addr{web.ClusterIP}},
		{"prod", "web", []netip.Addr{prodWeb.ClusterIP}},     // the search path picks the pod's namespace first
		{"prod", "web.default", []netip.Addr{web.ClusterIP}}, // another namespace: qualified
		{"prod", "web.default.svc.cluster.local.", []netip.Addr{web.ClusterIP}},
		{"prod", "kubernetes.default", []netip.Addr{kube.ClusterIP}},
		{"prod", "db", dbIPs},                                               // headless: the ready pod IPs
		{"prod", "alias", []netip.Addr{web.ClusterIP}},                      // ExternalName inside the cluster domain
		{"prod", "10.1.2.3", []netip.Addr{netip.MustParseAddr("10.1.2.3")}}, // an IP literal
		{"prod", strings.ReplaceAll(dbIPs[0].String(), ".", "-") + ".db", dbIPs[:1]},
		{"default", strings.ReplaceAll(dbIPs[0].String(), ".", "-") + ".prod.pod", dbIPs[:1]},
	}
	for _, tc := range tests {
		got, err := c.Resolve(tc.ns, tc.name)
		if err != nil || !slices.Equal(got, tc.want) {
			t.Errorf("Resolve(%q, %q) = %v, %v; want %v", tc.ns, tc.name, got, err, tc.want)
		}
	}
	for _, tc := range []struct{ ns, name string }{
		{"prod", "kubernetes"}, // never as a bare short name from another namespace
		{"default", "db"},
		{"prod", "ext"}, // example.com is outside: no outside world
		{"prod", "nosuch"},
		{"prod", "prod"}, // a namespace name: NODATA, reported as NXDOMAIN
	} {
		_, err := c.Resolve(tc.ns, tc.name)
		if !errors.Is(err, ErrNXDomain) || !strings.Contains(err.Error(), tc.name) {
			t.Errorf("Resolve(%q, %q): %v, want ErrNXDomain naming it", tc.ns, tc.name, err)
		}
	}
	if _, err := c.Resolve("", "a..b"); !errors.Is(err, ErrInvalid) {
		t.Errorf("malformed name: %v", err)
	}
	// DNS follows the endpoints controller, not kube-proxy: a deleted
	// headless pod leaves the answer at once.
	pods := c.Pods("prod", selector.FromSet(selector.Set{"app": "db"}))
	if err := c.DeletePod("prod", pods[0].Name); err != nil {
		t.Fatal(err)
	}
	if err := c.Advance(time.Millisecond); err != nil { // the endpoints controller runs; the pod terminates for 30 s
		t.Fatal(err)
	}
	if p, ok := c.Pod("prod", pods[0].Name); !ok || !p.Terminating {
		t.Fatalf("pod %s should be terminating: %+v", pods[0].Name, p)
	}
	if got, _ := c.Resolve("prod", "db"); slices.Contains(got, pods[0].IP) {
		t.Errorf("terminating pod %s still resolves: %v", pods[0].IP, got)
	}
}

func TestLookupCNAMEAndSRV(t *testing.T) {
	c := dnsCluster(t)
	for _, tc := range []struct{ ns, name, want string }{
		{"prod", "ext", "example.com"},
		{"prod", "alias", "web.default.svc.cluster.local"},
		{"prod", "web", "web.prod.svc.cluster.local"},
		{"", "web", "web.default.svc.cluster.local"},
	} {
		if got, err := c.LookupCNAME(tc.ns, tc.name); err != nil || got != tc.want {
			t.Errorf("LookupCNAME(%q, %q) = %q, %v; want %q", tc.ns, tc.name, got, err, tc.want)
		}
	}
	if _, err := c.LookupCNAME("prod", "nosuch"); !errors.Is(err, ErrNXDomain) {
		t.Errorf("LookupCNAME nosuch: %v", err)
	}

	srv, err := c.LookupSRV("prod", "_http._tcp.web")
	if want := []SRV{{Target: "web.prod.svc.cluster.local", Port: 80, Weight: 100}}; err != nil || !slices.Equal(srv, want) {
		t.Errorf("_http._tcp.web = %v, %v", srv, err)
	}
	srv, err = c.LookupSRV("prod", "_dns._udp.web")
	if want := []SRV{{Target: "web.prod.svc.cluster.local", Port: 53, Weight: 100}}; err != nil || !slices.Equal(srv, want) {
		t.Errorf("_dns._udp.web = %v, %v", srv, err)
	}
	srv, err = c.LookupSRV("prod", "web") // the bare name answers every port
	if want := []SRV{{Target: "web.prod.svc.cluster.local", Port: 53, Weight: 50}, {Target: "web.prod.svc.cluster.local", Port: 80, Weight: 50}}; err != nil || !slices.Equal(srv, want) {
		t.Errorf("web SRV = %v, %v", srv, err)
	}
	srv, err = c.LookupSRV("prod", "plain") // an unnamed port: only under the bare name
	if want := []SRV{{Target: "plain.prod.svc.cluster.local", Port: 8080, Weight: 100}}; err != nil || !slices.Equal(srv, want) {
		t.Errorf("plain SRV = %v, %v", srv, err)
	}
	srv, err = c.LookupSRV("prod", "_pg._tcp.db")
	if err != nil || len(srv) != 2 {
		t.Fatalf("_pg._tcp.db = %v, %v", srv, err)
	}
	for _, r := range srv {
		if !strings.HasSuffix(r.Target, ".db.prod.svc.cluster.local") || r.Port != 5432 || r.Weight != 50 || r.Priority != 0 {
			t.Errorf("headless SRV record %+v", r)
		}
		// Each target resolves to its pod.
		if got, err := c.Resolve("prod", r.Target+"."); err != nil || len(got) != 1 {
			t.Errorf("target %s: %v %v", r.Target, got, err)
		}
	}
	for _, name := range []string{"_http._udp.web", "_nope._tcp.web", "_http._tcp.ext", "_http._tcp.plain"} {
		if _, err := c.LookupSRV("prod", name); !errors.Is(err, ErrNXDomain) {
			t.Errorf("LookupSRV(%q): %v", name, err)
		}
	}
}
