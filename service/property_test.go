package service

import (
	"net/netip"
	"reflect"
	"testing"

	"pgregory.net/rapid"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
)

// genAnyService draws Services that are often valid and often not.
func genAnyService(t *rapid.T) Service {
	s := Service{
		Namespace: rapid.SampledFrom([]string{"", "default", "prod", "Bad"}).Draw(t, "ns"),
		Name:      rapid.SampledFrom([]string{"web", "db", "redis-primary", "1web", ""}).Draw(t, "name"),
		Type:      rapid.SampledFrom([]Type{"", ClusterIP, NodePort, LoadBalancer, ExternalName}).Draw(t, "type"),
		Headless:  rapid.Bool().Draw(t, "headless"),
		Selector:  selector.Set{"app": rapid.SampledFrom([]string{"web", "bad value"}).Draw(t, "sel")},
	}
	if rapid.Bool().Draw(t, "hasIP") {
		s.ClusterIP = netip.AddrFrom4([4]byte{10, 96, 0, rapid.Byte().Draw(t, "ip")})
	}
	if s.Type == ExternalName {
		s.ExternalName = rapid.SampledFrom([]string{"", "example.com", "example.com.", "Example.com"}).Draw(t, "ext")
	}
	if rapid.Bool().Draw(t, "hasLB") {
		s.LoadBalancerIP = netip.MustParseAddr("203.0.113.9")
	}
	s.ExternalTrafficPolicy = rapid.SampledFrom([]TrafficPolicy{"", TrafficPolicyCluster, TrafficPolicyLocal}).Draw(t, "etp")
	for i := range rapid.IntRange(0, 3).Draw(t, "nports") {
		p := Port{
			Name:     rapid.SampledFrom([]string{"", "http", "dns", "Bad"}).Draw(t, "pname"),
			Port:     rapid.SampledFrom([]int32{0, 53, 80, 443, 70000}).Draw(t, "port"),
			Protocol: rapid.SampledFrom([]pod.Protocol{"", pod.TCP, pod.UDP}).Draw(t, "proto"),
			NodePort: rapid.SampledFrom([]int32{0, 0, 30000 + int32(i)}).Draw(t, "nodePort"),
		}
		switch rapid.IntRange(0, 2).Draw(t, "tp") {
		case 1:
			p.TargetPort = TargetPortNumber(rapid.SampledFrom([]int32{8080, 0, 99999}).Draw(t, "tpn"))
		case 2:
			p.TargetPort = TargetPortName(rapid.SampledFrom([]string{"http", "8080", "a--b"}).Draw(t, "tps"))
		}
		s.Ports = append(s.Ports, p)
	}
	return s
}

// TestDefaultsPreserveValidity: defaulting neither makes a valid Service
// invalid nor an invalid one valid, and is idempotent.
func TestDefaultsPreserveValidity(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := genAnyService(t)
		d := s.WithDefaults()
		if (s.Validate() == nil) != (d.Validate() == nil) {
			t.Fatalf("validity changed by defaulting:\n%v: %v\n%v: %v", s, s.Validate(), d, d.Validate())
		}
		dd := d.WithDefaults()
		if d.String() != dd.String() || d.SessionAffinity != dd.SessionAffinity || d.ExternalTrafficPolicy != dd.ExternalTrafficPolicy {
			t.Fatalf("not idempotent: %v vs %v", d, dd)
		}
	})
}

// genValidService draws Services that are mostly valid.
func genValidService(t *rapid.T) Service {
	s := Service{
		Namespace: rapid.SampledFrom([]string{"", "default", "prod"}).Draw(t, "ns"),
		Name:      rapid.SampledFrom([]string{"web", "db", "redis-primary"}).Draw(t, "name"),
		Type:      rapid.SampledFrom([]Type{"", ClusterIP, NodePort, LoadBalancer, ExternalName}).Draw(t, "type"),
		Selector:  selector.Set{"app": "web"},
	}
	ext := ExternallyAccessible(&s)
	switch {
	case s.Type == ExternalName:
		s.ExternalName = "example.com"
	case !ext:
		s.Headless = rapid.Bool().Draw(t, "headless")
	}
	if NeedsClusterIP(&s) && rapid.Bool().Draw(t, "hasIP") {
		s.ClusterIP = netip.AddrFrom4([4]byte{10, 96, 0, rapid.Byte().Draw(t, "ip")})
	}
	if NeedsLoadBalancerIP(&s) && rapid.Bool().Draw(t, "hasLB") {
		s.LoadBalancerIP = netip.MustParseAddr("203.0.113.9")
	}
	if ext {
		s.ExternalTrafficPolicy = rapid.SampledFrom([]TrafficPolicy{"", TrafficPolicyCluster, TrafficPolicyLocal}).Draw(t, "etp")
	}
	n := rapid.IntRange(1, 3).Draw(t, "nports")
	for i := range n {
		p := Port{Name: []string{"http", "dns", "metrics"}[i], Port: 80 + int32(i),
			Protocol: rapid.SampledFrom([]pod.Protocol{"", pod.TCP, pod.UDP}).Draw(t, "proto")}
		if ext {
			p.NodePort = rapid.SampledFrom([]int32{0, 30000 + int32(i)}).Draw(t, "nodePort")
		}
		if rapid.Bool().Draw(t, "named") {
			p.TargetPort = TargetPortName(p.Name)
		}
		s.Ports = append(s.Ports, p)
	}
	return s
}

// TestUpdateRoundTrip: re-submitting a stored Service with its allocated
// values cleared is always accepted and restores them; a valid Service is
// a valid update of itself and releases nothing.
func TestUpdateRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := genValidService(t)
		if err := s.Validate(); err != nil {
			t.Fatalf("generator made an invalid Service: %v", err)
		}
		if NeedsClusterIP(&s) && !s.ClusterIP.IsValid() {
			s.ClusterIP = netip.MustParseAddr("10.96.0.77") // as sim would have allocated
		}
		if err := ValidateUpdate(s, PrepareUpdate(s, s)); err != nil {
			t.Fatalf("identity update refused: %v", err)
		}
		if f := Released(s, PrepareUpdate(s, s)); len(f.ClusterIPs) > 0 || len(f.NodePorts) > 0 || f.LoadBalancerIP.IsValid() {
			t.Fatalf("identity update releases %+v", f)
		}
		cleared := s.Clone()
		cleared.ClusterIP, cleared.LoadBalancerIP, cleared.Headless = netip.Addr{}, netip.Addr{}, false
		for i := range cleared.Ports {
			cleared.Ports[i].NodePort = 0
		}
		p := PrepareUpdate(s, cleared)
		if err := ValidateUpdate(s, p); err != nil {
			t.Fatalf("cleared update refused: %v", err)
		}
		if p.String() != s.String() {
			t.Fatalf("allocations not restored:\n got %v\nwant %v", p, s)
		}
	})
}

// TestPrepareUpdateWithDefaults: PrepareUpdateWithDefaults is
// PrepareUpdate of the defaulted update, and leaves the update it is given
// as it was.
func TestPrepareUpdateWithDefaults(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		old, upd := genValidService(t), genValidService(t)
		if NeedsClusterIP(&old) && !old.ClusterIP.IsValid() {
			old.ClusterIP = netip.MustParseAddr("10.96.0.77")
		}
		given := upd.Clone()
		want := PrepareUpdate(old, upd.WithDefaults())
		if got := PrepareUpdateWithDefaults(old, upd); !reflect.DeepEqual(got, want) {
			t.Fatalf("PrepareUpdateWithDefaults:\n got %#v\nwant %#v", got, want)
		}
		if !reflect.DeepEqual(upd, given) {
			t.Fatalf("the update changed:\n got %#v\nwant %#v", upd, given)
		}
	})
}

func TestEnvVarsAllocations(t *testing.T) {
	var svcs []Service
	for i := range 20 {
		svcs = append(svcs, Service{Name: "svc", ClusterIP: netip.AddrFrom4([4]byte{10, 96, 0, byte(i)}),
			Ports: []Port{{Name: "http", Port: 80}, {Name: "metrics", Port: 9090}}})
	}
	if n := testing.AllocsPerRun(20, func() { EnvVars(svcs) }); n > 12 {
		t.Errorf("EnvVars allocates %v times for 20 services, want ≤ 12", n)
	}
}
