package endpoints

import (
	"slices"
	"testing"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/service"
)

// TestHostnames: an endpoint carries the pod's hostname only when the pod
// has one and its subdomain is the Service's name (kubernetes
// staging/src/k8s.io/endpointslice/util/controller_utils.go,
// ShouldSetHostname, and its TestShouldSetHostname cases), in Endpoints
// and slices alike, from Compute and from the Controller.
func TestHostnames(t *testing.T) {
	tests := []struct {
		name                string
		hostname, subdomain string
		svcName             string
		want                string
	}{
		{"pod has no hostname", "", "web", "web", ""},
		{"pod has hostname, no subdomain", "web-0", "", "web", ""},
		{"subdomain is another Service's name", "web-0", "other", "web", ""},
		{"hostname and subdomain equal to the Service's name", "web-0", "web", "web", "web-0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			svc := testService(func(s *service.Service) { s.Name = tt.svcName })
			p := testPod("web-0", "10.0.0.1", func(p *pod.Pod) { p.Hostname, p.Subdomain = tt.hostname, tt.subdomain })
			ep, sl := Compute(svc, []pod.Pod{p}, Options{})
			check := func(from string, ep Endpoints, sl []Slice) {
				t.Helper()
				if len(ep.Subsets) != 1 || len(ep.Subsets[0].Addresses) != 1 {
					t.Fatalf("%s: Endpoints %+v", from, ep)
				}
				if got := ep.Subsets[0].Addresses[0].Hostname; got != tt.want {
					t.Errorf("%s: Endpoints address hostname %q, want %q", from, got, tt.want)
				}
				if len(sl) != 1 || len(sl[0].Endpoints) != 1 {
					t.Fatalf("%s: slices %+v", from, sl)
				}
				if got := sl[0].Endpoints[0].Hostname; got != tt.want {
					t.Errorf("%s: slice endpoint hostname %q, want %q", from, got, tt.want)
				}
			}
			check("Compute", ep, sl)
			c := NewController(Options{})
			c.SetService(svc, nil)
			c.SetPod(p, nil)
			c.Sync(ServiceKey{"default", svc.Name})
			got, _ := c.Endpoints("default", svc.Name)
			check("Controller", got, c.Slices("default", svc.Name))
			var hosts []string
			for _, b := range c.AppendBackends(ServiceKey{"default", svc.Name}, "http", nil) {
				hosts = append(hosts, b.Hostname)
			}
			if len(hosts) != 1 || hosts[0] != tt.want {
				t.Errorf("backends' hostnames %q, want [%q]", hosts, tt.want)
			}
		})
	}
}

// TestHostnameChange: a pod whose hostname or subdomain changes (the
// apiserver forbids it; the controller still follows it, as upstream's
// podEndpointsChanged counts it a label change) re-syncs its Services and
// its endpoint shows the new hostname.
func TestHostnameChange(t *testing.T) {
	svc := testService(func(s *service.Service) { s.Name = "web" })
	c := NewController(Options{})
	c.SetService(svc, nil)
	p := testPod("web-0", "10.0.0.1", func(p *pod.Pod) { p.Hostname, p.Subdomain = "web-0", "web" })
	c.SetPod(p, nil)
	c.Sync(ServiceKey{"default", "web"})
	p.Subdomain = "other"
	if dirty := c.SetPod(p, nil); len(dirty) == 0 || slices.ContainsFunc(dirty, func(k ServiceKey) bool { return k.Name != "web" }) {
		t.Fatalf("subdomain change: dirty %v, want the Service", dirty)
	}
	c.Sync(ServiceKey{"default", "web"})
	if sl := c.Slices("default", "web"); sl[0].Endpoints[0].Hostname != "" {
		t.Errorf("after the subdomain change: hostname %q, want none", sl[0].Endpoints[0].Hostname)
	}
}

// TestHostnameOfReplacement: a pod deleted and re-created under its name
// between two Syncs with another hostname is a changed endpoint, not the
// same one put back.
func TestHostnameOfReplacement(t *testing.T) {
	svc := testService(func(s *service.Service) { s.Name = "web" })
	c := NewController(Options{})
	c.SetService(svc, nil)
	p := testPod("web-0", "10.0.0.1", func(p *pod.Pod) { p.Hostname, p.Subdomain = "web-0", "web" })
	c.SetPod(p, nil)
	c.Sync(ServiceKey{"default", "web"})
	_, _ = c.Endpoints("default", "web") // cached
	c.DeletePod("default", "web-0", nil)
	p.Hostname = "other"
	c.SetPod(p, nil)
	if !c.Sync(ServiceKey{"default", "web"}) {
		t.Error("Sync reports no change")
	}
	ep, _ := c.Endpoints("default", "web")
	if got := ep.Subsets[0].Addresses[0].Hostname; got != "other" {
		t.Errorf("Endpoints hostname %q, want %q", got, "other")
	}
}
