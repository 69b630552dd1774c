package service

import (
	"errors"
	"net/netip"
	"slices"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
)

func TestValidateUpdate(t *testing.T) {
	uid := uuid.MustParse("6c3a8d2e-1f4b-4c5d-9e6f-7a8b9c0d1e2f")
	base := webService()
	base.UID = uid
	base.ClusterIP = ip("10.96.0.10")
	tests := []struct {
		name   string
		mutate func(*Service)
		want   string // substring of the error, "" for none
	}{
		{"no change", func(*Service) {}, ""},
		{"ports change", func(s *Service) { s.Ports[0].Port = 8080 }, ""},
		{"unset cluster IP keeps it", func(s *Service) { s.ClusterIP = netip.Addr{} }, ""},
		{"cluster IP change", func(s *Service) { s.ClusterIP = ip("10.96.0.11") },
			`service default/web: spec.clusterIPs[0]: Invalid value: ["10.96.0.11"]: may not change once set`},
		{"to headless", func(s *Service) { s.ClusterIP = netip.Addr{}; s.Headless = true },
			`spec.clusterIPs[0]: Invalid value: ["None"]: may not change once set`},
		{"to headless with an address", func(s *Service) {
			s.ClusterIP, s.Headless, s.ClusterIPs = netip.Addr{}, true, []netip.Addr{ip("10.96.0.99")}
		}, `spec.clusterIPs[0]: Invalid value: ["None","10.96.0.99"]: may not change once set`},
		{"rename", func(s *Service) { s.Name = "web2" }, `metadata.name: Invalid value: "web2": field is immutable`},
		{"namespace", func(s *Service) { s.Namespace = "prod" }, `metadata.namespace: Invalid value: "prod": field is immutable`},
		{"to ExternalName releases", func(s *Service) { s.Type = ExternalName; s.ExternalName = "example.com" }, ""},
		{"to NodePort", func(s *Service) { s.Type = NodePort }, ""},
		{"invalid new spec", func(s *Service) { s.Ports[1].Name = "" }, "spec.ports[1].name: Required value"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			n := base.Clone()
			n.UID = uuid.Nil
			tc.mutate(&n)
			p := PrepareUpdate(base, n)
			if p.UID != uid {
				t.Errorf("UID not carried over")
			}
			err := ValidateUpdate(base, p)
			if tc.want == "" {
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) || !errors.Is(err, ErrInvalid) {
				t.Fatalf("got %v, want an ErrInvalid containing %q", err, tc.want)
			}
		})
	}
}

func TestPrepareUpdateTypeChanges(t *testing.T) {
	np := webService()
	np.Type = NodePort
	np.ClusterIP = ip("10.96.0.10")
	np.Ports[0].NodePort, np.Ports[1].NodePort = 30080, 30090

	// Unset cluster IP and node ports are carried over on a same-type update.
	upd := np.Clone()
	upd.ClusterIP = netip.Addr{} // unset
	upd.Ports[0].NodePort, upd.Ports[1].NodePort = 0, 0
	p := PrepareUpdate(np, upd)
	if p.ClusterIP != np.ClusterIP || p.Ports[0].NodePort != 30080 || p.Ports[1].NodePort != 30090 {
		t.Errorf("allocated values not carried over: %v", p)
	}
	if f := Released(np, p); len(f.ClusterIPs) != 0 || len(f.NodePorts) != 0 {
		t.Errorf("nothing must be released: %+v", f)
	}

	// NodePort → ClusterIP drops the node ports the user left unchanged.
	toCIP := np.Clone()
	toCIP.Type = ClusterIP
	p = PrepareUpdate(np, toCIP)
	if p.Ports[0].NodePort != 0 || p.Ports[1].NodePort != 0 {
		t.Errorf("node ports not dropped: %v", p)
	}
	if err := ValidateUpdate(np, p); err != nil {
		t.Errorf("ValidateUpdate: %v", err)
	}
	if f := Released(np, p); !slices.Equal(f.NodePorts, []int32{30080, 30090}) {
		t.Errorf("Released node ports = %v", f.NodePorts)
	}

	// A changed node port on a change to ClusterIP is the user's: refused.
	bad := toCIP.Clone()
	bad.Ports[0].NodePort = 31000
	if err := ValidateUpdate(np, PrepareUpdate(np, bad)); err == nil {
		t.Error("node port on ClusterIP accepted")
	}

	// To ExternalName: the ClusterIP is released.
	toExt := np.Clone()
	toExt.Type, toExt.ExternalName = ExternalName, "example.com"
	for i := range toExt.Ports {
		toExt.Ports[i].NodePort = 0
	}
	p = PrepareUpdate(np, toExt)
	if p.ClusterIP.IsValid() {
		t.Errorf("ClusterIP kept on change to ExternalName")
	}
	if err := ValidateUpdate(np, p); err != nil {
		t.Errorf("ValidateUpdate: %v", err)
	}
	if f := Released(np, p); len(f.ClusterIPs) != 1 || f.ClusterIPs[0] != np.ClusterIP || len(f.NodePorts) != 2 {
		t.Errorf("Released = %+v", f)
	}

	// From ExternalName: no ClusterIP yet, sim allocates one.
	back := webService()
	p = PrepareUpdate(p, back)
	if p.ClusterIP.IsValid() || !NeedsClusterIP(&p) {
		t.Errorf("from ExternalName: %v", p)
	}

	// LoadBalancer → NodePort clears the load-balancer address.
	lb := np.Clone()
	lb.Type, lb.LoadBalancerIP = LoadBalancer, ip("203.0.113.1")
	toNP := lb.Clone()
	toNP.Type = NodePort
	p = PrepareUpdate(lb, toNP)
	if p.LoadBalancerIP.IsValid() || Released(lb, p).LoadBalancerIP != lb.LoadBalancerIP {
		t.Errorf("LB IP not released: %v", p)
	}
	if p.Ports[0].NodePort != 30080 {
		t.Errorf("node ports must stay on LoadBalancer → NodePort")
	}
}

func TestPrepareUpdateKeepsHeadless(t *testing.T) {
	old := Service{Name: "db", Headless: true}
	p := PrepareUpdate(old, Service{Name: "db"})
	if !p.Headless {
		t.Fatal("unset clusterIP on a headless Service must keep it headless")
	}
	if err := ValidateUpdate(old, p); err != nil {
		t.Error(err)
	}
	withIP := Service{Name: "db", ClusterIP: ip("10.96.0.5"), Ports: []Port{{Port: 80}}}
	if err := ValidateUpdate(old, PrepareUpdate(old, withIP)); err == nil || !strings.Contains(err.Error(), `spec.clusterIPs[0]: Invalid value: ["10.96.0.5"]: may not change once set`) {
		t.Errorf("headless → IP: got %v", err)
	}
	uidOld := Service{Name: "db", Headless: true, UID: uuid.MustParse("6c3a8d2e-1f4b-4c5d-9e6f-7a8b9c0d1e2f")}
	other := uidOld
	other.UID = uuid.MustParse("00000000-0000-4000-8000-000000000001")
	if err := ValidateUpdate(uidOld, other); err == nil || !strings.Contains(err.Error(), "metadata.uid") {
		t.Errorf("UID change: got %v", err)
	}
}

// TestPrepareUpdateNodePortsByName: the apiserver carries unset node ports
// over by port name (patchAllocatedValues: "Map NodePorts by name"), unless
// the new Service already uses that node port, and drops them on a change to
// ClusterIP when the new node ports are a subset of the old ones
// (sameNodePorts in pkg/registry/core/service/strategy.go).
func TestPrepareUpdateNodePortsByName(t *testing.T) {
	old := webService()
	old.Type = NodePort
	old.ClusterIP = ip("10.96.0.10")
	old.Ports[0].NodePort, old.Ports[1].NodePort = 30080, 30090

	// Renumbered port, same name: the node port stays.
	upd := old.Clone()
	upd.Ports[0].Port, upd.Ports[0].NodePort = 8080, 0
	if p := PrepareUpdate(old, upd); p.Ports[0].NodePort != 30080 {
		t.Errorf("renumbered port %q lost its node port: %v", upd.Ports[0].Name, p)
	}
	// Renamed port, same number: a new one is allocated (0 here).
	upd = old.Clone()
	upd.Ports[0].Name, upd.Ports[0].NodePort = "web", 0
	p := PrepareUpdate(old, upd)
	if p.Ports[0].NodePort != 0 {
		t.Errorf("renamed port kept node port %d", p.Ports[0].NodePort)
	}
	if f := Released(old, p); !slices.Equal(f.NodePorts, []int32{30080}) {
		t.Errorf("Released = %v, want [30080]", f.NodePorts)
	}
	// The old value is already taken by another port of the new Service.
	upd = old.Clone()
	upd.Ports[0].NodePort, upd.Ports[1].NodePort = 0, 30080
	if p := PrepareUpdate(old, upd); p.Ports[0].NodePort != 0 {
		t.Errorf("node port 30080 patched in twice: %v", p)
	}
	// To ClusterIP with the old node ports shuffled and a port renumbered:
	// still a subset of the old ones, so they are dropped.
	toCIP := old.Clone()
	toCIP.Type = ClusterIP
	toCIP.Ports[0].NodePort, toCIP.Ports[1].NodePort = 30090, 30080
	toCIP.Ports[1].Port = 9443
	p = PrepareUpdate(old, toCIP)
	if p.Ports[0].NodePort != 0 || p.Ports[1].NodePort != 0 {
		t.Errorf("node ports not dropped: %v", p)
	}
	if err := ValidateUpdate(old, p); err != nil {
		t.Errorf("ValidateUpdate: %v", err)
	}
	// Two ports sharing a node port (53/UDP and 53/TCP) both get it back:
	// "used" is what the request itself holds, before patching.
	dns := Service{Name: "dns", Type: NodePort, ClusterIP: ip("10.96.0.10"), Ports: []Port{
		{Name: "dns", Port: 53, Protocol: pod.UDP, NodePort: 30053}, {Name: "dns-tcp", Port: 53, NodePort: 30053}}}
	upd = dns.Clone()
	upd.Ports[0].NodePort, upd.Ports[1].NodePort = 0, 0
	if p := PrepareUpdate(dns, upd); p.Ports[0].NodePort != 30053 || p.Ports[1].NodePort != 30053 {
		t.Errorf("shared node port not carried over to both ports: %v", p)
	}
	// PrepareUpdateWithDefaults patches its own copy in place: what is
	// "used" is still the request's, not the ports patched so far.
	if p := PrepareUpdateWithDefaults(dns, upd); p.Ports[0].NodePort != 30053 || p.Ports[1].NodePort != 30053 {
		t.Errorf("PrepareUpdateWithDefaults: shared node port not carried over to both ports: %v", p)
	}
	if upd.Ports[0].NodePort != 0 || upd.Ports[1].NodePort != 0 {
		t.Errorf("PrepareUpdateWithDefaults changed the update it was given: %v", upd)
	}
}

// TestPrepareUpdatePatchAllocatedValues ports kubernetes
// pkg/registry/core/service/storage/storage_test.go,
// TestPatchAllocatedValues: which allocated values an update that leaves
// them unset gets back. Node ports come back only while both sides would
// allocate them (needsNodePort there: NodePort, or LoadBalancer unless
// allocateLoadBalancerNodePorts is false). Some before states are not
// valid Services; they prove the rule.
func TestPrepareUpdatePatchAllocatedValues(t *testing.T) {
	mk := func(typ Type, tweaks ...func(*Service)) Service {
		s := Service{Name: "foo", Type: typ, Selector: selector.Set{"k": "v"}, Ports: []Port{{Port: 93, TargetPort: TargetPortNumber(76)}}}
		for _, f := range tweaks {
			f(&s)
		}
		return s
	}
	local := func(s *Service) { s.ExternalTrafficPolicy = TrafficPolicyLocal }
	dualIPs := func(s *Service) { s.ClusterIP, s.ClusterIPs = ip("10.0.0.93"), ips("10.0.0.93", "2000::76") }
	uniqueNodePorts := func(s *Service) {
		for i := range s.Ports {
			s.Ports[i].NodePort = 30000 + int32(i)
		}
	}
	hcnp := func(s *Service) { s.HealthCheckNodePort = 31234 }
	alloc := func(b bool) func(*Service) { return func(s *Service) { s.AllocateLoadBalancerNodePorts = ptr(b) } }
	twoPorts := func(s *Service) {
		s.Ports = []Port{{Port: 93, TargetPort: TargetPortNumber(76)}, {Port: 94, TargetPort: TargetPortNumber(76)}}
	}
	tests := []struct {
		name                           string
		before, update                 Service
		sameIPs, sameNodePorts, sameHC bool
	}{
		{"all_patched", mk(LoadBalancer, local, dualIPs, uniqueNodePorts, hcnp), mk(LoadBalancer, local), true, true, true},
		{"IPs_patched", mk(ClusterIP, dualIPs, uniqueNodePorts, hcnp), mk(ClusterIP), true, false, false},
		{"NPs_patched", mk(NodePort, dualIPs, uniqueNodePorts, hcnp), mk(NodePort, dualIPs), true, true, false},
		{"HCNP_patched", mk(LoadBalancer, local, dualIPs, uniqueNodePorts, hcnp), mk(LoadBalancer, local, dualIPs, uniqueNodePorts), true, true, true},
		{"nothing_patched", mk(ExternalName, local, dualIPs, uniqueNodePorts, hcnp), mk(ExternalName, local), false, false, false},
		{"reset_NodePort", mk(LoadBalancer, alloc(false), dualIPs, uniqueNodePorts, hcnp), mk(LoadBalancer, alloc(false), dualIPs), true, false, false},
		{"reset_partial_NodePorts", mk(LoadBalancer, alloc(false), dualIPs, twoPorts, uniqueNodePorts, hcnp),
			mk(LoadBalancer, alloc(false), dualIPs, twoPorts, uniqueNodePorts, func(s *Service) { s.Ports[1].NodePort = 0 }), true, false, false},
		{"keep_NodePort", mk(LoadBalancer, alloc(true), dualIPs, uniqueNodePorts, hcnp), mk(LoadBalancer, alloc(true), dualIPs), true, true, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := PrepareUpdate(tc.before, tc.update)
			if got := p.ClusterIP == tc.before.ClusterIP && slices.Equal(p.ClusterIPs, tc.before.ClusterIPs); got != tc.sameIPs {
				t.Errorf("clusterIPs %s %v patched = %v, want %v", p.ClusterIP, p.ClusterIPs, got, tc.sameIPs)
			}
			nodePorts := func(s Service) []int32 {
				var out []int32
				for _, q := range s.Ports {
					out = append(out, q.NodePort)
				}
				return out
			}
			if got := slices.Equal(nodePorts(p), nodePorts(tc.before)); got != tc.sameNodePorts {
				t.Errorf("node ports %v patched = %v, want %v", nodePorts(p), got, tc.sameNodePorts)
			}
			if got := p.HealthCheckNodePort == tc.before.HealthCheckNodePort; got != tc.sameHC {
				t.Errorf("healthCheckNodePort %d patched = %v, want %v", p.HealthCheckNodePort, got, tc.sameHC)
			}
		})
	}
}
