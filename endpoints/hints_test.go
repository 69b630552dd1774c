package endpoints

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/service"
)

// hintZones is the topology.kubernetes.io/zone label of the test nodes:
// node-3 has none.
func hintZones(node string) string {
	return map[string]string{"node-1": "zone-a", "node-2": "zone-b"}[node]
}

// hintPods are three ready pods, one per node, and a fourth, not ready,
// on node-1.
func hintPods() []pod.Pod {
	return []pod.Pod{
		testPod("p1", "10.0.0.1", nil),
		testPod("p2", "10.0.0.2", func(p *pod.Pod) { p.NodeName = "node-2" }),
		testPod("p3", "10.0.0.3", func(p *pod.Pod) { p.NodeName = "node-3" }),
		testPod("p4", "10.0.0.4", func(p *pod.Pod) { p.Ready = false }),
	}
}

// TestTrafficDistributionHints: the hints the endpointslice controller
// writes (kubernetes staging/src/k8s.io/endpointslice/trafficdist,
// ReconcileHints and its TestReconcileHints cases): PreferClose and
// PreferSameZone hint each ready endpoint for its own zone, PreferSameNode
// for its zone and its node; an endpoint without a zone gets no zone hint,
// a not-ready one no hint; an unknown value and no value mean no hints; the
// topology-mode annotation Auto takes precedence over the field. Every
// endpoint carries its node's zone. Compute, the Controller's slices and
// the backends kube-proxy reads agree.
func TestTrafficDistributionHints(t *testing.T) {
	zone := func(z string) *Hints { return &Hints{ForZones: []string{z}} }
	both := func(z, n string) *Hints { return &Hints{ForZones: []string{z}, ForNodes: []string{n}} }
	tests := []struct {
		name        string
		dist        string
		annotations map[string]string
		want        map[string]*Hints // by pod name; absent: nil
	}{
		{name: "no trafficDistribution: no hints"},
		{name: "PreferClose: own zone", dist: service.TrafficDistributionPreferClose,
			want: map[string]*Hints{"p1": zone("zone-a"), "p2": zone("zone-b")}},
		{name: "PreferSameZone: own zone", dist: service.TrafficDistributionPreferSameZone,
			want: map[string]*Hints{"p1": zone("zone-a"), "p2": zone("zone-b")}},
		{name: "PreferSameNode: own zone and node", dist: service.TrafficDistributionPreferSameNode,
			want: map[string]*Hints{"p1": both("zone-a", "node-1"), "p2": both("zone-b", "node-2"),
				"p3": {ForNodes: []string{"node-3"}}}},
		{name: "unknown value: no hints", dist: "Unknown"},
		{name: "topology-mode Auto wins over the field", dist: service.TrafficDistributionPreferClose,
			annotations: map[string]string{service.AnnotationTopologyMode: "Auto"}},
		{name: "deprecated annotation not Auto: the field applies", dist: service.TrafficDistributionPreferClose,
			annotations: map[string]string{service.DeprecatedAnnotationTopologyAwareHints: "Disabled",
				service.AnnotationTopologyMode: "Auto"},
			want: map[string]*Hints{"p1": zone("zone-a"), "p2": zone("zone-b")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			svc := testService(func(s *service.Service) { s.TrafficDistribution, s.Annotations = tt.dist, tt.annotations })
			opts := Options{NodeZone: hintZones}
			check := func(from string, sl []Slice) {
				t.Helper()
				n := 0
				for _, s := range sl {
					for _, e := range s.Endpoints {
						n++
						require.Equal(t, hintZones(e.NodeName), e.Zone, "%s: zone of %s", from, e.Pod)
						require.Equal(t, tt.want[e.Pod[len("default/"):]], e.Hints, "%s: hints of %s", from, e.Pod)
					}
				}
				require.Equal(t, 4, n, from)
			}
			_, sl := Compute(svc, hintPods(), opts)
			check("Compute", sl)
			c := NewController(opts)
			c.SetService(svc, nil)
			for _, p := range hintPods() {
				c.SetPod(p, nil)
			}
			c.Sync(ServiceKey{"default", "web"})
			check("Controller", c.Slices("default", "web"))
			for _, b := range c.AppendBackends(ServiceKey{"default", "web"}, "http", nil) {
				require.Equal(t, tt.want[b.Pod[len("default/"):]], b.Hints, "backend %s", b.Pod)
			}
		})
	}
}

// TestTrafficDistributionUpdate: changing spec.trafficDistribution
// rewrites the slices (a new generation) and their hints; readiness
// changes take an endpoint's hint away and give it back.
func TestTrafficDistributionUpdate(t *testing.T) {
	c := NewController(Options{NodeZone: hintZones})
	svc := testService(nil)
	key := ServiceKey{"default", "web"}
	c.SetService(svc, nil)
	for _, p := range hintPods() {
		c.SetPod(p, nil)
	}
	c.Sync(key)
	g := c.Generation(key)
	hints := func() map[string]*Hints {
		out := map[string]*Hints{}
		for _, s := range c.Slices("default", "web") {
			for _, e := range s.Endpoints {
				if e.Hints != nil {
					out[e.Pod] = e.Hints
				}
			}
		}
		return out
	}
	require.Empty(t, hints())
	svc.TrafficDistribution = service.TrafficDistributionPreferSameZone
	require.Equal(t, []ServiceKey{key}, c.SetService(svc, nil))
	require.True(t, c.Sync(key))
	require.Greater(t, c.Generation(key), g)
	require.Len(t, hints(), 2)
	p1 := hintPods()[0]
	p1.Ready = false
	c.SetPod(p1, nil)
	c.Sync(key)
	require.Len(t, hints(), 1, "a not-ready endpoint has no hint")
	svc.TrafficDistribution = ""
	c.SetService(svc, nil)
	require.True(t, c.Sync(key))
	require.Empty(t, hints())
	pods := hintPods()
	pods[0] = p1
	require.NoError(t, c.Check([]service.Service{svc}, pods))
}
