package endpoints

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/service"
)

// tdPod is pod-i with address 10.0.0.i on node-i.
func tdPod(i int, ready bool) pod.Pod {
	return testPod(fmt.Sprint("pod-", i), fmt.Sprintf("10.0.0.%d", i), func(p *pod.Pod) {
		p.NodeName, p.Ready = fmt.Sprint("node-", i), ready
	})
}

// tdPods are tdPod(i, true) for each i.
func tdPods(is ...int) []pod.Pod {
	var out []pod.Pod
	for _, i := range is {
		out = append(out, tdPod(i, true))
	}
	return out
}

// TestUpstreamReconcileHints ports kubernetes
// staging/src/k8s.io/endpointslice/trafficdist/trafficdist_test.go,
// TestReconcileHints, through the Controller. Slices hold two endpoints.
// The pods of before are synced with trafficDistribution from; the Service
// then switches to to and is synced alone (switched: whether any slice had
// to be written for it: upstream's heuristics update an unchanged slice
// only when one of its endpoints has a missing or stale hint); then the
// pods of after are added (new slices, while the existing ones stand for
// upstream's slicesToUpdate) and every endpoint's hints are checked.
func TestUpstreamReconcileHints(t *testing.T) {
	zoned := map[string]string{"node-1": "zone-a", "node-2": "zone-b", "node-3": "zone-a", "node-4": "zone-b",
		"node-5": "zone-a", "node-6": "zone-a", "node-7": "zone-b", "node-8": "zone-c"}
	zone := func(i int) *Hints { return &Hints{ForZones: []string{zoned[fmt.Sprint("node-", i)]}} }
	both := func(i int) *Hints {
		return &Hints{ForZones: []string{zoned[fmt.Sprint("node-", i)]}, ForNodes: []string{fmt.Sprint("node-", i)}}
	}
	node := func(i int) *Hints { return &Hints{ForNodes: []string{fmt.Sprint("node-", i)}} }
	all := func(h func(int) *Hints) map[string]*Hints {
		out := map[string]*Hints{}
		for i := 1; i <= 8; i++ {
			out[fmt.Sprint("pod-", i)] = h(i)
		}
		return out
	}
	tests := []struct {
		name          string
		zones         map[string]string // node → zone; nil: no node has one
		from, to      string
		before, after []pod.Pod
		switched      bool
		want          map[string]*Hints // by pod name; absent: nil
	}{
		{name: "should set zone hints with PreferClose", zones: zoned, to: service.TrafficDistributionPreferClose,
			before: tdPods(5, 6, 7, 8), after: tdPods(1, 2, 3, 4), switched: true, want: all(zone)},
		{name: "should set zone hints with PreferSameZone", zones: zoned, to: service.TrafficDistributionPreferSameZone,
			before: tdPods(5, 6, 7, 8), after: tdPods(1, 2, 3, 4), switched: true, want: all(zone)},
		{name: "should set zone and node hints with PreferSameNode", zones: zoned, to: service.TrafficDistributionPreferSameNode,
			before: tdPods(5, 6, 7, 8), after: tdPods(1, 2, 3, 4), switched: true, want: all(both)},
		{name: "should correct incorrect hints with PreferClose", zones: map[string]string{"node-1": "zone-a", "node-2": "zone-b", "node-3": "zone-c"},
			from: service.TrafficDistributionPreferSameNode, to: service.TrafficDistributionPreferClose,
			before: tdPods(1, 2, 3), switched: true,
			want: map[string]*Hints{"pod-1": {ForZones: []string{"zone-a"}}, "pod-2": {ForZones: []string{"zone-b"}},
				"pod-3": {ForZones: []string{"zone-c"}}}},
		{name: "should not create hints with PreferClose if there are no zones", to: service.TrafficDistributionPreferClose,
			before: tdPods(5, 6, 7, 8), after: tdPods(1, 2, 3, 4)},
		{name: "should create only node hints with PreferSameNode if there are no zones", to: service.TrafficDistributionPreferSameNode,
			before: tdPods(5, 6, 7, 8), after: tdPods(1, 2, 3, 4), switched: true, want: all(node)},
		{name: "unready endpoints should not trigger updates", zones: zoned, to: service.TrafficDistributionPreferClose,
			before: []pod.Pod{tdPod(2, false)}},
		{name: "should remove hints when trafficDistribution is unrecognized", zones: zoned,
			from: service.TrafficDistributionPreferClose, to: "Unknown",
			before: tdPods(5), after: tdPods(1, 2, 3), switched: true},
		{name: "should remove hints when trafficDistribution is unset", zones: zoned,
			from: service.TrafficDistributionPreferClose, before: tdPods(5, 6), switched: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := Options{MaxEndpointsPerSlice: 2}
			if tt.zones != nil {
				opts.NodeZone = func(n string) string { return tt.zones[n] }
			}
			c := NewController(opts)
			key := ServiceKey{"default", "web"}
			svc := testService(func(s *service.Service) { s.TrafficDistribution = tt.from })
			c.SetService(svc, nil)
			for _, p := range tt.before {
				c.SetPod(p, nil)
			}
			require.True(t, c.Sync(key))
			g := c.Generation(key)
			svc.TrafficDistribution = tt.to
			c.SetService(svc, nil)
			require.Equal(t, tt.switched, c.Sync(key), "Sync after the switch to %q", tt.to)
			require.Equal(t, tt.switched, c.Generation(key) != g, "Generation after the switch")
			for _, p := range tt.after {
				c.SetPod(p, nil)
			}
			c.Sync(key)
			n := 0
			for _, s := range c.Slices("default", "web") {
				require.LessOrEqual(t, len(s.Endpoints), 2, s.Name)
				for _, e := range s.Endpoints {
					n++
					require.Equal(t, tt.zones[e.NodeName], e.Zone, "zone of %s", e.Pod)
					require.Equal(t, tt.want[e.Pod[len("default/"):]], e.Hints, "hints of %s", e.Pod)
				}
			}
			require.Equal(t, len(tt.before)+len(tt.after), n)
			for _, b := range c.AppendBackends(key, "http", nil) {
				require.Equal(t, tt.want[b.Pod[len("default/"):]], b.Hints, "backend %s", b.Pod)
			}
			require.NoError(t, c.Check([]service.Service{svc}, append(tt.before, tt.after...)))
		})
	}
}

// TestUpstreamReconcileHintsDoesNotMutate ports kubernetes
// staging/src/k8s.io/endpointslice/trafficdist/trafficdist_test.go,
// TestReconcileHints_doesNotMutateUnchangedSlices: slices read before a
// Sync that adds hints keep what they held, and a reader's edits to the
// hints it got reach neither the controller nor other readers.
func TestUpstreamReconcileHintsDoesNotMutate(t *testing.T) {
	c := NewController(Options{NodeZone: func(string) string { return "zone-a" }})
	key := ServiceKey{"default", "web"}
	svc := testService(nil)
	c.SetService(svc, nil)
	c.SetPod(tdPod(1, true), nil)
	c.Sync(key)
	before, want := c.Slices("default", "web"), c.Slices("default", "web")
	svc.TrafficDistribution = service.TrafficDistributionPreferClose
	c.SetService(svc, nil)
	require.True(t, c.Sync(key))
	require.Equal(t, want, before)
	got := c.Slices("default", "web")
	require.Equal(t, &Hints{ForZones: []string{"zone-a"}}, got[0].Endpoints[0].Hints)
	got[0].Endpoints[0].Hints.ForZones[0] = "zone-x"
	require.Equal(t, &Hints{ForZones: []string{"zone-a"}}, c.Slices("default", "web")[0].Endpoints[0].Hints)
	require.Equal(t, []string{"zone-a"}, c.AppendBackends(key, "http", nil)[0].Hints.ForZones)
}
