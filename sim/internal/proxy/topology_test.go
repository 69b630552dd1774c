package proxy

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/svcsim/svcsim/endpoints"
	"github.com/svcsim/svcsim/service"
)

// zoneTable has node-1 and node-2 in zone-a, node-3 in zone-b, node-4
// without a zone and node-5 in zone-c.
func zoneTable() *Table {
	tb := newTable(5, 5)
	for n, z := range map[int]string{1: "zone-a", 2: "zone-a", 3: "zone-b", 5: "zone-c"} {
		tb.SetNodeZone(nodeName(n), z)
	}
	return tb
}

func hinted(b Backend, zones, nodes []string) Backend {
	b.Hints = &endpoints.Hints{ForZones: zones, ForNodes: nodes}
	return b
}

// TestTopologyFiltering: kube-proxy's topology filtering of the Cluster
// set (kubernetes pkg/proxy/topology.go, CategorizeEndpoints,
// topologyModeFromHints, availableForTopology, and its
// TestCategorizeEndpoints cases): node mode when every ready endpoint has
// node hints and one names this node; else zone mode when every ready
// endpoint has zone hints and one names this node's zone; else every ready
// endpoint. Not-ready endpoints are ignored; the serving-terminating
// fallback and the Local policy sets ignore hints.
func TestTopologyFiltering(t *testing.T) {
	a1 := hinted(readyBE(1, 1), []string{"zone-a"}, nil)
	a2 := hinted(readyBE(2, 1), []string{"zone-a"}, nil)
	b3 := hinted(readyBE(3, 1), []string{"zone-b"}, nil)
	n1 := hinted(readyBE(1, 1), []string{"zone-a"}, []string{"node-1"})
	n3 := hinted(readyBE(3, 1), []string{"zone-b"}, []string{"node-3"})
	nozone := readyBE(4, 1)
	tests := []struct {
		name     string
		bs       []Backend
		from     int
		want     []Backend
		topology Topology
	}{
		{"zone hints: same zone", []Backend{a1, a2, b3}, 1, []Backend{a1, a2}, TopologyZone},
		{"zone hints: other zone", []Backend{a1, a2, b3}, 3, []Backend{b3}, TopologyZone},
		{"zone hints: node without zone", []Backend{a1, a2, b3}, 4, []Backend{a1, a2, b3}, TopologyNone},
		{"zone hints: zone named in no hint", []Backend{a1, a2, b3}, 5, []Backend{a1, a2, b3}, TopologyNone},
		{"one ready endpoint without hints", []Backend{a1, b3, nozone}, 1, []Backend{a1, b3, nozone}, TopologyNone},
		{"not-ready endpoint without hints is ignored", []Backend{a1, b3, be(4, 1, false, false, false)}, 3,
			[]Backend{b3}, TopologyZone},
		{"node hints: own node", []Backend{n1, n3}, 1, []Backend{n1}, TopologyNode},
		{"node hints: no local endpoint, same zone", []Backend{n1, n3}, 2, []Backend{n1}, TopologyZone},
		{"node hints: neither node nor zone", []Backend{n1, n3}, 5, []Backend{n1, n3}, TopologyNone},
		{"node hints on some endpoints only: zone mode", []Backend{n1, a2, b3}, 1, []Backend{n1, a2}, TopologyZone},
		{"no ready endpoint: fallback ignores hints", []Backend{
			hinted(be(1, 1, false, true, true), []string{"zone-a"}, nil), be(3, 1, false, true, true)}, 1,
			[]Backend{be(1, 1, false, true, true), be(3, 1, false, true, true)}, TopologyNone},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tb := zoneTable()
			tb.Program(new(webSvc()), [][]Backend{tt.bs})
			got := map[string]bool{}
			var d Decision
			for range 200 {
				var err error
				d, err = tb.Route(podReq(tt.from, ap(vip, 80)))
				require.NoError(t, err)
				got[d.Backend.Pod] = true
			}
			want := map[string]bool{}
			for _, b := range tt.want {
				want[b.Pod] = true
			}
			require.Equal(t, want, got)
			require.Equal(t, len(tt.want), d.Candidates)
			require.Equal(t, tt.topology, d.Topology)
		})
	}
}

// TestTopologyPolicies: external traffic under externalTrafficPolicy
// Cluster is filtered on the node that handles it; the Local policy sets
// (external Local, internalTrafficPolicy Local) never use hints.
func TestTopologyPolicies(t *testing.T) {
	a1 := hinted(readyBE(1, 1), []string{"zone-a"}, nil)
	b3 := hinted(readyBE(3, 1), []string{"zone-b"}, nil)
	b3b := hinted(readyBE(3, 2), []string{"zone-a"}, nil) // on node-3, hinted for zone-a
	tb := zoneTable()
	tb.Program(new(webSvc()), [][]Backend{{a1, b3, b3b}})
	for range 50 {
		d, err := tb.Route(extReq(ap(nodeIP(1), 30080)))
		require.NoError(t, err)
		require.Contains(t, []string{a1.Pod, b3b.Pod}, d.Backend.Pod)
		require.Equal(t, TopologyZone, d.Topology)
	}
	local := webSvc()
	local.ExternalTrafficPolicy = service.TrafficPolicyLocal
	local.InternalTrafficPolicy = service.TrafficPolicyLocal
	tb.Program(&local, [][]Backend{{a1, b3, b3b}})
	seen := map[string]bool{}
	for range 100 {
		d, err := tb.Route(extReq(ap(nodeIP(3), 30080)))
		require.NoError(t, err)
		seen[d.Backend.Pod] = true
		require.Equal(t, TopologyNone, d.Topology)
		d, err = tb.Route(podReq(3, ap(vip, 80)))
		require.NoError(t, err)
		seen[d.Backend.Pod] = true
	}
	require.Equal(t, map[string]bool{b3.Pod: true, b3b.Pod: true}, seen)
	_, err := tb.Route(podReq(2, ap(vip, 80)))
	require.True(t, errors.Is(err, ErrDropped), "internal Local on a node without endpoints: %v", err)
}

// TestTopologyReprogram: a change of hints alone reprograms the port, and
// Same sees it.
func TestTopologyReprogram(t *testing.T) {
	a1 := hinted(readyBE(1, 1), []string{"zone-a"}, nil)
	b3 := hinted(readyBE(3, 1), []string{"zone-b"}, nil)
	tb, fresh := zoneTable(), zoneTable()
	tb.Program(new(webSvc()), [][]Backend{{readyBE(1, 1), readyBE(3, 1)}})
	fresh.Program(new(webSvc()), [][]Backend{{a1, b3}})
	require.False(t, tb.Same(fresh))
	tb.Program(new(webSvc()), [][]Backend{{a1, b3}})
	require.True(t, tb.Same(fresh))
	d, err := tb.Route(podReq(3, ap(vip, 80)))
	require.NoError(t, err)
	require.Equal(t, b3.Pod, d.Backend.Pod)
	require.Contains(t, d.AppendPath(nil, nil)[0], "1 of 1 ready endpoints hinted for zone zone-b")
	tb.Program(new(webSvc()), [][]Backend{{readyBE(1, 1), readyBE(3, 1)}})
	d, _ = tb.Route(podReq(3, ap(vip, 80)))
	require.Equal(t, 2, d.Candidates)
}
