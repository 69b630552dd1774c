package endpoints

import (
	"maps"
	"net/netip"
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
