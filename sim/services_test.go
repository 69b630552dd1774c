package sim

import (
	"errors"
	"net/netip"
	"strings"
	"testing"

	"github.com/svcsim/svcsim/ipam"
	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
	"github.com/svcsim/svcsim/service"
)

func TestServiceAllocation(t *testing.T) {
	c := mustNew(t, Config{Seed: 1, LoadBalancerPool: netip.MustParsePrefix("203.0.113.0/30")})
	s, err := c.CreateService(service.Service{Name: "dns", Type: service.NodePort,
		Ports: []service.Port{{Name: "udp", Port: 53, Protocol: pod.UDP}, {Name: "tcp", Port: 53}, {Name: "x", Port: 80}}})
	must(t, err)
	if !netip.MustParsePrefix("10.96.0.0/12").Contains(s.ClusterIP) {
		t.Fatalf("clusterIP %s", s.ClusterIP)
	}
	if s.Ports[0].NodePort == 0 || s.Ports[0].NodePort != s.Ports[1].NodePort || s.Ports[2].NodePort == s.Ports[0].NodePort {
		t.Fatalf("node ports %+v", s.Ports)
	}
	if s.ExternalTrafficPolicy != service.TrafficPolicyCluster {
		t.Errorf("externalTrafficPolicy %q", s.ExternalTrafficPolicy)
	}
	// Requested values: honoured, or refused with a field error.
	_, err = c.CreateService(service.Service{Name: "taken", ClusterIP: s.ClusterIP, Ports: []service.Port{{Port: 80}}})
	if !errors.Is(err, ipam.ErrAllocated) || !strings.Contains(err.Error(), "spec.clusterIPs") {
		t.Fatalf("taken clusterIP: %v", err)
	}
	_, err = c.CreateService(service.Service{Name: "out", ClusterIP: netip.MustParseAddr("192.168.0.1"), Ports: []service.Port{{Port: 80}}})
	if !errors.Is(err, ipam.ErrNotInRange) {
		t.Fatalf("out of range clusterIP: %v", err)
	}
	_, err = c.CreateService(service.Service{Name: "zero", ClusterIP: netip.MustParseAddr("0.0.0.0"), Ports: []service.Port{{Port: 80}}})
	if !errors.Is(err, ipam.ErrNotInRange) {
		t.Fatalf("unspecified clusterIP: %v", err)
	}
	_, err = c.CreateService(service.Service{Name: "np", Type: service.NodePort,
		Ports: []service.Port{{Port: 80, NodePort: s.Ports[2].NodePort}}})
	if !errors.Is(err, ipam.ErrAllocated) || !strings.Contains(err.Error(), "spec.ports[0].nodePort") {
		t.Fatalf("taken node port: %v", err)
	}
	_, err = c.CreateService(service.Service{Name: "dns-taken", ClusterIP: netip.MustParseAddr("10.96.0.10"), Ports: []service.Port{{Port: 53}}})
	if !errors.Is(err, ipam.ErrAllocated) {
		t.Fatalf("kube-system/kube-dns's clusterIP: %v", err)
	}
	want := netip.MustParseAddr("10.96.0.20")
	dns, err := c.CreateService(service.Service{Name: "dns-wanted", ClusterIP: want, Ports: []service.Port{{Port: 53}}})
	must(t, err)
	if dns.ClusterIP != want {
		t.Fatalf("requested clusterIP %s got %s", want, dns.ClusterIP)
	}
	// LB pool /30: .1 and .2 usable, lowest free first, then pending.
	var lbs []netip.Addr
	for _, n := range []string{"lb1", "lb2", "lb3"} {
		s, err := c.CreateService(service.Service{Name: n, Type: service.LoadBalancer, Ports: []service.Port{{Port: 80}}})
		must(t, err)
		lbs = append(lbs, s.LoadBalancerIP)
	}
	if lbs[0] != netip.MustParseAddr("203.0.113.1") || lbs[1] != netip.MustParseAddr("203.0.113.2") || lbs[2].IsValid() {
		t.Fatalf("lb ips %v", lbs)
	}
	must(t, c.DeleteService("", "lb1"))
	s4, err := c.CreateService(service.Service{Name: "lb4", Type: service.LoadBalancer, Ports: []service.Port{{Port: 80}}})
	must(t, err)
	// lb1's address went to the pending lb3 (MetalLB reconciles it), so
	// lb4 is pending until lb2 goes.
	if s3, _ := c.Service("", "lb3"); s3.LoadBalancerIP != lbs[0] || s4.LoadBalancerIP.IsValid() {
		t.Fatalf("after release: lb3 %s, lb4 %s", s3.LoadBalancerIP, s4.LoadBalancerIP)
	}
	must(t, c.DeleteService("", "lb2"))
	if s4, _ = c.Service("", "lb4"); s4.LoadBalancerIP != lbs[1] {
		t.Fatalf("lb4 %s", s4.LoadBalancerIP)
	}
	settleCheck(t, c)
}

func TestServiceUpdateRules(t *testing.T) {
	c := mustNew(t, Config{Seed: 1})
	s, err := c.CreateService(service.Service{Name: "web", Type: service.NodePort, Selector: selector.Set{"app": "web"},
		Ports: []service.Port{{Port: 80}}})
	must(t, err)
	ip, np := s.ClusterIP, s.Ports[0].NodePort
	before := takeSnapshot(c)
	bad := s
	bad.ClusterIP = ip.Next()
	if _, err := c.UpdateService(bad); !errors.Is(err, service.ErrInvalid) || !strings.Contains(err.Error(), "spec.clusterIPs[0]: Invalid value: [\""+ip.Next().String()+"\"]: may not change once set") {
		t.Fatalf("clusterIP change: %v", err)
	}
	bad = s
	bad.Headless, bad.ClusterIP = true, netip.Addr{}
	if _, err := c.UpdateService(bad); err == nil {
		t.Fatal("switch to headless accepted")
	}
	if _, err := c.UpdateService(service.Service{Name: "nope", Ports: []service.Port{{Port: 80}}}); !errors.Is(err, ErrNotFound) {
		t.Fatalf("missing: %v", err)
	}
	if !snapshotsEqual(before, takeSnapshot(c)) {
		t.Fatal("refused updates changed the cluster")
	}
	// NodePort → ClusterIP drops and releases the node port; clusterIP kept.
	s2, err := c.UpdateService(service.Service{Name: "web", Selector: selector.Set{"app": "web"}, Ports: []service.Port{{Port: 80}}})
	must(t, err)
	if s2.ClusterIP != ip || s2.Ports[0].NodePort != 0 || c.nodePorts.Allocated(int(np)) {
		t.Fatalf("to ClusterIP: %+v", s2)
	}
	// → ExternalName releases the IP; back allocates a fresh one.
	_, err = c.UpdateService(service.Service{Name: "web", Type: service.ExternalName, ExternalName: "example.com"})
	must(t, err)
	if c.svcIPs.Allocated(ip) {
		t.Fatal("clusterIP not released on ExternalName")
	}
	s3, err := c.UpdateService(service.Service{Name: "web", Type: service.LoadBalancer, Selector: selector.Set{"app": "web"},
		Ports: []service.Port{{Port: 80}}})
	must(t, err)
	if !s3.ClusterIP.IsValid() || s3.Ports[0].NodePort == 0 || !s3.LoadBalancerIP.IsValid() || s3.UID != s.UID {
		t.Fatalf("from ExternalName: %+v", s3)
	}
	settleCheck(t, c)
}

func TestSelectorChangeReselects(t *testing.T) {
	c := mustNew(t, Config{Seed: 1})
	must(t, c.CreateDeployment(webDeployment(2, 0)))
	d := webDeployment(1, 0)
	d.Name, d.Labels = "api", selector.Set{"app": "api"}
	must(t, c.CreateDeployment(d))
	s, err := c.CreateService(webService())
	must(t, err)
	settleCheck(t, c)
	if n := len(readyIPs(c, "", "web")); n != 2 {
		t.Fatalf("%d", n)
	}
	s.Selector = selector.Set{"app": "api"}
	_, err = c.UpdateService(s)
	must(t, err)
	settleCheck(t, c)
	if n := len(readyIPs(c, "", "web")); n != 1 {
		t.Fatalf("after selector change: %d", n)
	}
}

func TestEnvVarsAtStart(t *testing.T) {
	c := mustNew(t, Config{Seed: 1})
	_, err := c.CreateService(service.Service{Name: "redis-primary", ClusterIP: netip.MustParseAddr("10.96.0.11"),
		Ports: []service.Port{{Name: "redis", Port: 6379}}})
	must(t, err)
	_, err = c.CreateService(service.Service{Namespace: "other", Name: "elsewhere", Ports: []service.Port{{Port: 1}}})
	must(t, err)
	p, err := c.CreatePod(pod.Pod{Name: "client"})
	must(t, err)
	if p.Env["REDIS_PRIMARY_PORT_6379_TCP"] != "tcp://10.96.0.11:6379" || p.Env["KUBERNETES_SERVICE_HOST"] != "10.96.0.1" {
		t.Fatalf("env %v", p.Env)
	}
	if _, ok := p.Env["ELSEWHERE_SERVICE_HOST"]; ok {
		t.Fatal("service of another namespace visible")
	}
	q, err := c.CreatePod(pod.Pod{Namespace: "other", Name: "c2"})
	must(t, err)
	if q.Env["KUBERNETES_SERVICE_PORT_HTTPS"] != "443" || q.Env["ELSEWHERE_SERVICE_PORT"] != "1" {
		t.Fatalf("env %v", q.Env)
	}
	if _, ok := q.Env["REDIS_PRIMARY_SERVICE_HOST"]; ok {
		t.Fatal("default service visible in other namespace")
	}
	must(t, c.DeleteService("", "redis-primary"))
	if p, _ = c.Pod("", "client"); p.Env["REDIS_PRIMARY_SERVICE_HOST"] != "10.96.0.11" {
		t.Fatal("a running container lost a variable")
	}
}

// A refused request draws nothing from the random allocators: the next
// create gets the address it would have got without the failed call.
func TestRefusedCreateDrawsNothing(t *testing.T) {
	run := func(fail bool) netip.Addr {
		c := mustNew(t, Config{Seed: 5})
		taken, err := c.CreateService(service.Service{Name: "a", Type: service.NodePort, Ports: []service.Port{{Port: 80}}})
		must(t, err)
		if fail {
			if _, err := c.CreateService(service.Service{Name: "b", Type: service.NodePort,
				Ports: []service.Port{{Port: 80, NodePort: taken.Ports[0].NodePort}}}); err == nil {
				t.Fatal("taken node port accepted")
			}
		}
		s, err := c.CreateService(service.Service{Name: "c", Ports: []service.Port{{Port: 80}}})
		must(t, err)
		return s.ClusterIP
	}
	if a, b := run(false), run(true); a != b {
		t.Fatalf("clusterIP %s without the failed call, %s with it", a, b)
	}
}

func TestNodePortOnClusterIPRefused(t *testing.T) {
	c := mustNew(t, Config{Seed: 1})
	if _, err := c.CreateService(service.Service{Name: "x", Ports: []service.Port{{Port: 80, NodePort: 30080}}}); err == nil {
		t.Fatal("nodePort on a ClusterIP service accepted")
	}
}
