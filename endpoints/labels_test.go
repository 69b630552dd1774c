package endpoints

import (
	"maps"
	"net/netip"
	"slices"
	"testing"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/service"
)

// TestSliceLabels follows setEndpointSliceLabels
// (staging/src/k8s.io/endpointslice/utils.go) and its test cases: the
// Service's labels copied except the reserved keys, the headless label
// only for headless Services, service-name and managed-by always.
func TestSliceLabels(t *testing.T) {
	tests := []struct {
		name string
		svc  service.Service
		want map[string]string
	}{
		{"no labels", testService(nil), map[string]string{LabelServiceName: "web", LabelManagedBy: ControllerName}},
		{"service labels copied", testService(func(s *service.Service) {
			s.Labels = map[string]string{"app": "web", "service.kubernetes.io/service-proxy-name": "other"}
		}), map[string]string{"app": "web", "service.kubernetes.io/service-proxy-name": "other",
			LabelServiceName: "web", LabelManagedBy: ControllerName}},
		{"reserved labels not copied", testService(func(s *service.Service) {
			s.Labels = map[string]string{LabelServiceName: "bad", LabelManagedBy: "me", LabelHeadless: "x"}
		}), map[string]string{LabelServiceName: "web", LabelManagedBy: ControllerName}},
		{"headless", testService(func(s *service.Service) { s.Headless, s.ClusterIP = true, netip.Addr{} }),
			map[string]string{LabelServiceName: "web", LabelManagedBy: ControllerName, LabelHeadless: ""}},
		// kubernetes staging/src/k8s.io/endpointslice/utils_test.go,
		// TestSetEndpointSliceLabels (the cases' existing slice labels and
		// "expectedUpdate" are the reconciler's write decision: svcsim
		// computes the labels from the Service alone).
		{"Service without labels and empty endpoint slice", testService(nil),
			map[string]string{LabelServiceName: "web", LabelManagedBy: ControllerName}},
		{"Headless service with labels and empty endpoint slice", testService(func(s *service.Service) {
			s.Headless, s.ClusterIP, s.Labels = true, netip.Addr{}, map[string]string{"foo": "bar"}
		}), map[string]string{LabelServiceName: "web", LabelManagedBy: ControllerName, LabelHeadless: "", "foo": "bar"}},
		{"Non Headless service with Headless label and empty endpoint slice", testService(func(s *service.Service) {
			s.Labels = map[string]string{LabelHeadless: ""}
		}), map[string]string{LabelServiceName: "web", LabelManagedBy: ControllerName}},
		{"Service with labels and empty endpoint slice", testService(func(s *service.Service) {
			s.Labels = map[string]string{"foo": "bar"}
		}), map[string]string{LabelServiceName: "web", LabelManagedBy: ControllerName, "foo": "bar"}},
		{"Evil service trying to hijack slice labels with updates", testService(func(s *service.Service) {
			s.Labels = map[string]string{LabelServiceName: "bad", LabelManagedBy: "actor", "foo": "bar"}
		}), map[string]string{LabelServiceName: "web", LabelManagedBy: ControllerName, "foo": "bar"}},
		// kubernetes staging/src/k8s.io/endpointslice/reconciler_test.go,
		// TestReconcile1Pod: a Service whose ClusterIP is not set is
		// labelled headless as one with clusterIP None (isServiceIPSet),
		// whatever its labels say.
		{"ipv4", testService(func(s *service.Service) { s.ClusterIP = netip.Addr{} }),
			map[string]string{LabelServiceName: "web", LabelManagedBy: ControllerName, LabelHeadless: ""}},
		{"ipv4-labels", testService(func(s *service.Service) {
			s.ClusterIP, s.Labels = netip.Addr{}, map[string]string{"foo": "bar"}
		}), map[string]string{LabelServiceName: "web", LabelManagedBy: ControllerName, LabelHeadless: "", "foo": "bar"}},
		{"ipv4-bad-labels", testService(func(s *service.Service) {
			s.ClusterIP = netip.Addr{}
			s.Labels = map[string]string{LabelServiceName: "bad", LabelManagedBy: "actor", LabelHeadless: "invalid"}
		}), map[string]string{LabelServiceName: "web", LabelManagedBy: ControllerName, LabelHeadless: ""}},
		{"ipv4-clusterip", testService(nil), map[string]string{LabelServiceName: "web", LabelManagedBy: ControllerName}},
	}
	for _, tc := range tests {
		if got := SliceLabels(tc.svc); !maps.Equal(got, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
}

// The controller's slices carry the labels; a label-only change of the
// Service relabels them at the next Sync (and reports a change), and a
// port's appProtocol is carried into the Endpoints and slice ports.
func TestControllerLabelsAndAppProtocol(t *testing.T) {
	c := NewController(Options{})
	svc := testService(func(s *service.Service) {
		s.Labels = map[string]string{"tier": "front"}
		s.Ports[0].AppProtocol = "kubernetes.io/h2c"
	})
	dirty := c.SetService(svc, nil)
	dirty = c.SetPod(testPod("web-1", "10.0.0.1", nil), dirty)
	for _, k := range dirty {
		c.Sync(k)
	}
	sl := c.Slices("default", "web")
	if len(sl) != 1 || sl[0].Labels["tier"] != "front" || sl[0].Labels[LabelServiceName] != "web" ||
		sl[0].Ports[0].AppProtocol != "kubernetes.io/h2c" {
		t.Fatalf("slices %+v", sl)
	}
	ep, _ := c.Endpoints("default", "web")
	if ep.Subsets[0].Ports[0].AppProtocol != "kubernetes.io/h2c" {
		t.Errorf("Endpoints ports %v", ep.Subsets[0].Ports)
	}
	// The copy is the caller's.
	sl[0].Labels["tier"] = "changed"
	if c.Slices("default", "web")[0].Labels["tier"] != "front" {
		t.Error("Slices shares its labels")
	}
	svc.Labels = map[string]string{"tier": "back"}
	dirty = c.SetService(svc, nil)
	if len(dirty) != 1 {
		t.Fatalf("label change reported %v", dirty)
	}
	if before := c.Slices("default", "web")[0].Labels["tier"]; before != "front" {
		t.Errorf("relabeled before the Sync: %q", before)
	}
	if !c.Sync(dirty[0]) {
		t.Error("label-only Sync reported no change")
	}
	if got := c.Slices("default", "web")[0].Labels["tier"]; got != "back" {
		t.Errorf("after Sync: %q", got)
	}
	svc.Ports = slices.Clone(svc.Ports) // the controller keeps the old list
	svc.Ports[0].AppProtocol = "http"
	for _, k := range c.SetService(svc, nil) {
		c.Sync(k)
	}
	if got := c.Slices("default", "web")[0].Ports[0].String(); got != "{http 8080 TCP http}" {
		t.Errorf("appProtocol change: %s", got)
	}
	if err := c.Check([]service.Service{svc}, []pod.Pod{testPod("web-1", "10.0.0.1", nil)}); err != nil {
		t.Error(err)
	}
}
