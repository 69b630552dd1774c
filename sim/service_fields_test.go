package sim

import (
	"errors"
	"net/netip"
	"strings"
	"testing"

	"github.com/svcsim/svcsim/ipam"
	"github.com/svcsim/svcsim/selector"
	"github.com/svcsim/svcsim/service"
)

func lbService(name string) service.Service {
	return service.Service{Name: name, Type: service.LoadBalancer, Selector: selector.Set{"app": "web"},
		Ports: []service.Port{{Name: "http", Port: 80, TargetPort: service.TargetPortNumber(8080)}}}
}

func boolPtr(b bool) *bool { return &b }

// allocateLoadBalancerNodePorts=false: no node port is drawn, a requested
// one is still honoured, and PORT(S) shows 80/TCP.
func TestAllocateLoadBalancerNodePortsFalse(t *testing.T) {
	c := mustNew(t, Config{Seed: 1})
	s := lbService("lb")
	s.AllocateLoadBalancerNodePorts = boolPtr(false)
	got, err := c.CreateService(s)
	must(t, err)
	if got.Ports[0].NodePort != 0 || got.AllocateLoadBalancerNodePorts == nil || *got.AllocateLoadBalancerNodePorts {
		t.Fatalf("got %+v", got)
	}
	if line := got.String(); !strings.HasSuffix(line, " 80/TCP") {
		t.Errorf("kubectl line %q", line)
	}
	s2 := lbService("lb2")
	s2.AllocateLoadBalancerNodePorts = boolPtr(false)
	s2.Ports[0].NodePort = 31234
	got2, err := c.CreateService(s2)
	must(t, err)
	if got2.Ports[0].NodePort != 31234 {
		t.Errorf("requested node port not kept: %+v", got2.Ports)
	}
	// Flipping true -> false keeps the node ports the spec still holds;
	// one left unset is released, as patchAllocatedValues fills node
	// ports in only while both sides allocate them (kubernetes
	// pkg/registry/core/service/storage/storage.go, needsNodePort).
	d, err := c.CreateService(lbService("lb3"))
	must(t, err)
	d.AllocateLoadBalancerNodePorts = boolPtr(false)
	u, err := c.UpdateService(d)
	must(t, err)
	if u.Ports[0].NodePort != d.Ports[0].NodePort {
		t.Errorf("node port %d changed by the flip to %d", d.Ports[0].NodePort, u.Ports[0].NodePort)
	}
	u.Ports[0].NodePort = 0
	u, err = c.UpdateService(u)
	must(t, err)
	if u.Ports[0].NodePort != 0 {
		t.Errorf("unset node port %d kept with allocateLoadBalancerNodePorts false", u.Ports[0].NodePort)
	}
	settleCheck(t, c)
}

// healthCheckNodePort: drawn from the node-port range for LoadBalancer +
// Local only, honoured when requested, immutable, released when no longer
// needed; a refused request changes nothing.
func TestHealthCheckNodePortAllocation(t *testing.T) {
	c := mustNew(t, Config{Seed: 1})
	np := nodePortService("np")
	np.ExternalTrafficPolicy = service.TrafficPolicyLocal
	got, err := c.CreateService(np)
	must(t, err)
	if got.HealthCheckNodePort != 0 {
		t.Errorf("NodePort + Local got healthCheckNodePort %d", got.HealthCheckNodePort)
	}
	s := lbService("lb")
	s.ExternalTrafficPolicy = service.TrafficPolicyLocal
	lb, err := c.CreateService(s)
	must(t, err)
	if hc := lb.HealthCheckNodePort; hc < 30000 || hc > 32767 || hc == lb.Ports[0].NodePort {
		t.Fatalf("healthCheckNodePort %d (node port %d)", hc, lb.Ports[0].NodePort)
	}
	settleCheck(t, c)

	// Requested: honoured; taken: refused, nothing changes.
	r := lbService("req")
	r.ExternalTrafficPolicy = service.TrafficPolicyLocal
	r.HealthCheckNodePort = lb.HealthCheckNodePort
	before := takeSnapshot(c)
	if _, err := c.CreateService(r); !errors.Is(err, ErrInvalid) || !errors.Is(err, ipam.ErrAllocated) {
		t.Fatalf("taken healthCheckNodePort: %v", err)
	} else if want := "failed to allocate requested HealthCheck NodePort"; !strings.Contains(err.Error(), want) {
		t.Errorf("error %q lacks %q", err, want)
	}
	if after := takeSnapshot(c); !snapshotsEqual(before, after) {
		t.Error("refused create changed the cluster")
	}
	r.HealthCheckNodePort = 32000
	rr, err := c.CreateService(r)
	must(t, err)
	if rr.HealthCheckNodePort != 32000 {
		t.Errorf("requested 32000, got %d", rr.HealthCheckNodePort)
	}

	// Immutable while needed; unset keeps it.
	u := lb
	u.HealthCheckNodePort = 0
	u2, err := c.UpdateService(u)
	must(t, err)
	if u2.HealthCheckNodePort != lb.HealthCheckNodePort {
		t.Errorf("update with 0 changed it to %d", u2.HealthCheckNodePort)
	}
	u.HealthCheckNodePort = 32001
	if _, err := c.UpdateService(u); !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "spec.healthCheckNodePort: Forbidden: field is immutable") {
		t.Errorf("changed healthCheckNodePort: %v", err)
	}
	// Local -> Cluster releases it: another Service can take it.
	u = u2
	u.ExternalTrafficPolicy = service.TrafficPolicyCluster
	u3, err := c.UpdateService(u)
	must(t, err)
	if u3.HealthCheckNodePort != 0 {
		t.Errorf("Cluster policy kept healthCheckNodePort %d", u3.HealthCheckNodePort)
	}
	again := lbService("again")
	again.Ports[0].NodePort = lb.HealthCheckNodePort
	if _, err := c.CreateService(again); err != nil {
		t.Errorf("released health-check port not reusable: %v", err)
	}
	settleCheck(t, c)
}

// loadBalancerClass: the built-in pool serves Services without a class; a
// class gets its Config pool, or stays pending without one.
func TestLoadBalancerClassPools(t *testing.T) {
	c := mustNew(t, Config{Seed: 1, LoadBalancerClassPools: map[string]netip.Prefix{
		"example.com/internal": netip.MustParsePrefix("192.0.2.0/30"),
	}})
	plain, err := c.CreateService(lbService("plain"))
	must(t, err)
	if plain.LoadBalancerIP != netip.MustParseAddr("203.0.113.1") {
		t.Errorf("no class: %s", plain.LoadBalancerIP)
	}
	in := lbService("in")
	in.LoadBalancerClass = "example.com/internal"
	got, err := c.CreateService(in)
	must(t, err)
	if got.LoadBalancerIP != netip.MustParseAddr("192.0.2.1") {
		t.Errorf("class pool: %s", got.LoadBalancerIP)
	}
	other := lbService("other")
	other.LoadBalancerClass = "example.com/unknown"
	got, err = c.CreateService(other)
	must(t, err)
	if got.LoadBalancerIP.IsValid() || got.ExternalIPColumn() != "<pending>" {
		t.Errorf("unclaimed class got %s", got.LoadBalancerIP)
	}
	other.LoadBalancerIP = netip.MustParseAddr("203.0.113.9")
	other.Name = "other2"
	if _, err := c.CreateService(other); !errors.Is(err, ErrInvalid) || !errors.Is(err, ipam.ErrNotInRange) {
		t.Errorf("requested address of an unclaimed class: %v", err)
	}
	// The class pool (two addresses) fills; the third waits and gets the
	// address freed by a deletion.
	in2, in3 := in, in
	in2.Name, in3.Name = "in2", "in3"
	_, err = c.CreateService(in2)
	must(t, err)
	s3, err := c.CreateService(in3)
	must(t, err)
	if s3.LoadBalancerIP.IsValid() {
		t.Fatalf("exhausted class pool gave %s", s3.LoadBalancerIP)
	}
	settleCheck(t, c)
	must(t, c.DeleteService("", "in"))
	s3, _ = c.Service("", "in3")
	if s3.LoadBalancerIP != netip.MustParseAddr("192.0.2.1") {
		t.Errorf("waiting classed Service got %s", s3.LoadBalancerIP)
	}
	// Changing the class of a LoadBalancer is refused.
	s3.LoadBalancerClass = "example.com/other"
	if _, err := c.UpdateService(s3); !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "spec.loadBalancerClass: Invalid value") {
		t.Errorf("class change: %v", err)
	}
	// Away from LoadBalancer: the class and the address are released.
	s3.LoadBalancerClass = "example.com/internal"
	s3.Type = service.ClusterIP
	u, err := c.UpdateService(s3)
	must(t, err)
	if u.LoadBalancerClass != "" || u.LoadBalancerIP.IsValid() || u.AllocateLoadBalancerNodePorts != nil {
		t.Errorf("ClusterIP keeps LoadBalancer fields: %+v", u)
	}
	settleCheck(t, c)
}

func TestLoadBalancerClassPoolsConfig(t *testing.T) {
	for _, tc := range []struct {
		name  string
		pools map[string]netip.Prefix
		want  string
	}{
		{"bad class", map[string]netip.Prefix{"Bad Class": netip.MustParsePrefix("192.0.2.0/24")}, "loadBalancerClassPools[Bad Class]"},
		{"overlap", map[string]netip.Prefix{"a.io/x": netip.MustParsePrefix("203.0.113.128/25")}, "overlaps loadBalancerPool"},
		{"invalid", map[string]netip.Prefix{"a.io/x": {}}, "must be a valid CIDR"},
	} {
		_, err := New(Config{LoadBalancerClassPools: tc.pools})
		if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want %q", tc.name, err, tc.want)
		}
	}
}

// Labels and appProtocol reach the EndpointSlices (and the Endpoints
// ports) through the endpoints controller; a label-only update relabels
// the slices.
func TestServiceLabelsOnSlices(t *testing.T) {
	c := mustNew(t, Config{Seed: 2})
	must(t, c.CreateDeployment(webDeployment(2, 0)))
	svc := webService()
	svc.Labels = map[string]string{"team": "a"}
	svc.Ports[0].AppProtocol = "http"
	svc, err := c.CreateService(svc)
	must(t, err)
	h := webService()
	h.Name, h.Headless = "web-headless", true
	_, err = c.CreateService(h)
	must(t, err)
	settleCheck(t, c)
	sl := c.EndpointSlices("", "web")
	if len(sl) == 0 || sl[0].Labels["team"] != "a" || sl[0].Labels["kubernetes.io/service-name"] != "web" ||
		sl[0].Labels["endpointslice.kubernetes.io/managed-by"] != "endpointslice-controller.k8s.io" ||
		sl[0].Ports[0].AppProtocol != "http" {
		t.Fatalf("slices %+v", sl)
	}
	if _, ok := sl[0].Labels["service.kubernetes.io/headless"]; ok {
		t.Error("ClusterIP Service's slice labelled headless")
	}
	if hs := c.EndpointSlices("", "web-headless"); len(hs) == 0 || hs[0].Labels["service.kubernetes.io/headless"] != "" {
		t.Errorf("headless slices %+v", hs)
	} else if _, ok := hs[0].Labels["service.kubernetes.io/headless"]; !ok {
		t.Error("headless label missing")
	}
	ep, _ := c.Endpoints("", "web")
	if ep.Subsets[0].Ports[0].AppProtocol != "http" {
		t.Errorf("Endpoints ports %v", ep.Subsets[0].Ports)
	}
	svc.Labels = map[string]string{"team": "b"}
	_, err = c.UpdateService(svc)
	must(t, err)
	settleCheck(t, c)
	if got := c.EndpointSlices("", "web")[0].Labels["team"]; got != "b" {
		t.Errorf("after a label update: %q", got)
	}
}

// The built-in load-balancer pool's allocator is made by the first
// LoadBalancer Service that needs it: a cluster without one holds none.
func TestLoadBalancerPoolMadeOnFirstUse(t *testing.T) {
	c := mustNew(t, Config{Seed: 1})
	if c.rare != nil || c.lbUsed() != 0 {
		t.Fatalf("a new cluster holds the pool's allocator (%d used)", c.lbUsed())
	}
	settleCheck(t, c)
	s, err := c.CreateService(service.Service{Name: "lb", Type: service.LoadBalancer, Selector: selector.Set{"app": "lb"},
		Ports: []service.Port{{Port: 80}}})
	if err != nil {
		t.Fatal(err)
	}
	if c.rare.lbIPs == nil || c.lbUsed() != 1 || s.LoadBalancerIP != c.lbRange.Addr().Next() {
		t.Fatalf("load-balancer IP %v (pool made %v, %d used), want the pool's lowest", s.LoadBalancerIP, c.rare.lbIPs != nil, c.lbUsed())
	}
	settleCheck(t, c)
}
