package service

import (
	"testing"

	"github.com/svcsim/svcsim/pod"
)

func TestWithDefaults(t *testing.T) {
	in := Service{Name: "web", Ports: []Port{{Port: 80}, {Port: 53, Protocol: pod.UDP, TargetPort: TargetPortName("dns")}}}
	d := in.WithDefaults()
	if d.Namespace != "default" || d.Type != ClusterIP || d.SessionAffinity != SessionAffinityNone || d.ExternalTrafficPolicy != "" {
		t.Errorf("defaults: %+v", d)
	}
	if d.Ports[0].Protocol != pod.TCP || d.Ports[0].TargetPort != TargetPortNumber(80) {
		t.Errorf("port defaults: %+v", d.Ports[0])
	}
	if d.Ports[1].Protocol != pod.UDP || d.Ports[1].TargetPort != TargetPortName("dns") {
		t.Errorf("explicit values changed: %+v", d.Ports[1])
	}
	if in.Ports[0].Protocol != "" || in.Type != "" {
		t.Error("WithDefaults changed its receiver")
	}
	for _, typ := range []Type{NodePort, LoadBalancer} {
		if got := (Service{Type: typ}).WithDefaults().ExternalTrafficPolicy; got != TrafficPolicyCluster {
			t.Errorf("%s: externalTrafficPolicy = %q", typ, got)
		}
	}
	if got := (Service{Type: LoadBalancer, ExternalTrafficPolicy: TrafficPolicyLocal}).WithDefaults().ExternalTrafficPolicy; got != TrafficPolicyLocal {
		t.Errorf("explicit Local overwritten: %q", got)
	}
	if got := (Service{Type: ExternalName}).WithDefaults().ExternalTrafficPolicy; got != "" {
		t.Errorf("ExternalName gets %q", got)
	}
	// Defaulting a valid Service keeps it valid and is idempotent.
	s := webService()
	d1 := s.WithDefaults()
	if err := d1.Validate(); err != nil {
		t.Error(err)
	}
	d2 := d1.WithDefaults()
	if d1.String() != d2.String() || d1.Ports[1] != d2.Ports[1] {
		t.Error("WithDefaults is not idempotent")
	}
}

func TestNeeds(t *testing.T) {
	tests := []struct {
		s                Service
		cip, nodes, lbip bool
	}{
		{Service{}, true, false, false},
		{Service{Headless: true}, false, false, false},
		{Service{Type: NodePort}, true, true, false},
		{Service{Type: LoadBalancer}, true, true, true},
		{Service{Type: ExternalName}, false, false, false},
	}
	for _, tc := range tests {
		if NeedsClusterIP(&tc.s) != tc.cip || NeedsNodePorts(&tc.s) != tc.nodes || NeedsLoadBalancerIP(&tc.s) != tc.lbip {
			t.Errorf("%+v: wrong needs", tc.s)
		}
	}
}

func TestStringKeyClone(t *testing.T) {
	s := webService()
	s.ClusterIP = ip("10.96.0.10")
	if got, want := s.String(), "default/web ClusterIP 10.96.0.10 <none> 80/TCP,9090/TCP"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
	lb := Service{Namespace: "prod", Name: "lb", Type: LoadBalancer, ClusterIP: ip("10.96.0.11"),
		Ports: []Port{{Port: 443, NodePort: 31443}}}
	if got, want := lb.String(), "prod/lb LoadBalancer 10.96.0.11 <pending> 443:31443/TCP"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
	h := Service{Name: "db", Headless: true}
	if got, want := h.String(), "default/db ClusterIP None <none> <none>"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
	c := s.Clone()
	c.Selector["app"] = "x"
	c.Ports[0].Port = 1
	if s.Selector["app"] != "web" || s.Ports[0].Port != 80 {
		t.Error("Clone shares state")
	}
	if s.Key() != "default/web" || (Service{Name: "a"}).Key() != "default/a" {
		t.Error("Key")
	}
	if got := s.FQDN(""); got != "web.default.svc.cluster.local" {
		t.Errorf("FQDN = %q", got)
	}
}
