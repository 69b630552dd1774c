package sim

import (
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/svcsim/svcsim/endpoints"
	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
	"github.com/svcsim/svcsim/service"
)

func TestConfigZones(t *testing.T) {
	c := mustNew(t, Config{Nodes: 5, Zones: []string{"zone-a", "zone-b", ""}})
	want := []string{"zone-a", "zone-b", "", "zone-a", "zone-b"}
	for i, n := range c.Nodes() {
		require.Equal(t, want[i], n.Zone, n.Name)
		z, ok := n.Labels[LabelTopologyZone]
		require.Equal(t, want[i] != "", ok, n.Name)
		require.Equal(t, want[i], z, n.Name)
	}
	for _, n := range mustNew(t, Config{}).Nodes() {
		_, ok := n.Labels[LabelTopologyZone]
		require.False(t, ok, "no zones, no label")
	}
}

func TestConfigZonesInvalid(t *testing.T) {
	for _, zones := range [][]string{{"a", "-b"}, {"a", "b c"}, {string(make([]byte, 64))}} {
		_, err := New(Config{Zones: zones})
		require.True(t, errors.Is(err, ErrInvalid), "%q: %v", zones, err)
		require.Contains(t, err.Error(), "config: zones[")
	}
}

// zoneCluster is 4 nodes (node-1, node-3 in zone-a; node-2, node-4 in
// zone-b) with one web pod pinned to each node, a client pod on node-3
// and the Service web with trafficDistribution dist.
func zoneCluster(t *testing.T, dist string) *Cluster {
	t.Helper()
	c := mustNew(t, Config{Seed: 3, Nodes: 4, Zones: []string{"zone-a", "zone-b"}})
	for i := 1; i <= 4; i++ {
		_, err := c.CreatePod(pod.Pod{Name: "web-" + strconv.Itoa(i), NodeName: "node-" + strconv.Itoa(i),
			Labels: selector.Set{"app": "web"}, Ports: webPorts})
		must(t, err)
	}
	_, err := c.CreatePod(pod.Pod{Name: "client", NodeName: "node-3"})
	must(t, err)
	svc := webService()
	svc.TrafficDistribution = dist
	_, err = c.CreateService(svc)
	must(t, err)
	settleCheck(t, c)
	return c
}

// landings connects n times from the client and returns the pods reached.
func landings(t *testing.T, c *Cluster, n int) map[string]bool {
	t.Helper()
	got := map[string]bool{}
	for range n {
		conn, err := c.Connect(FromPod("default", "client"), "web:80")
		must(t, err)
		got[conn.Pod] = true
	}
	return got
}

// TestTrafficDistributionConnect: with PreferClose (and PreferSameZone) a
// pod reaches only endpoints of its own zone; with PreferSameNode only the
// one on its node, then its zone's once that one is gone; without the
// field, every endpoint; hints appear in the slices as the controller
// writes them, and Check agrees.
func TestTrafficDistributionConnect(t *testing.T) {
	c := zoneCluster(t, "")
	require.Len(t, landings(t, c, 100), 4)

	c = zoneCluster(t, service.TrafficDistributionPreferClose)
	require.Equal(t, map[string]bool{"default/web-1": true, "default/web-3": true}, landings(t, c, 100))
	for _, sl := range c.EndpointSlices("", "web") {
		for _, e := range sl.Endpoints {
			require.Equal(t, e.Zone, c.Nodes()[e.NodeName[len("node-")]-'1'].Zone)
			require.Equal(t, &endpoints.Hints{ForZones: []string{e.Zone}}, e.Hints)
		}
	}
	conn, err := c.Connect(FromPod("default", "client"), "web:80")
	must(t, err)
	require.Contains(t, strings.Join(conn.Path, "\n"), "of 2 ready endpoints hinted for zone zone-a")

	c = zoneCluster(t, service.TrafficDistributionPreferSameNode)
	require.Equal(t, map[string]bool{"default/web-3": true}, landings(t, c, 50))
	must(t, c.DeletePodGrace("default", "web-3", 0))
	settleCheck(t, c)
	require.Equal(t, map[string]bool{"default/web-1": true}, landings(t, c, 50))

	// The field removed: the hints go, and so does the filtering.
	svc, _ := c.Service("", "web")
	svc.TrafficDistribution = ""
	_, err = c.UpdateService(svc)
	must(t, err)
	settleCheck(t, c)
	require.Len(t, landings(t, c, 100), 3)
}

// TestProxyServiceHinted: ProxyService shows the chain before hints and,
// per node, the narrower set the hints leave; without hints, no such set.
func TestProxyServiceHinted(t *testing.T) {
	c := zoneCluster(t, "")
	ps, ok := c.ProxyService("", "web")
	require.True(t, ok)
	require.Nil(t, ps.Ports[0].Hinted)

	c = zoneCluster(t, service.TrafficDistributionPreferClose)
	ps, ok = c.ProxyService("", "web")
	require.True(t, ok)
	p := ps.Ports[0]
	require.Len(t, p.Backends, 4)
	require.NotEmpty(t, p.Hinted)
	for node, set := range p.Hinted {
		require.Less(t, len(set), len(p.Backends), node)
		for _, b := range set {
			require.Equal(t, zoneOf(t, c, node), zoneOf(t, c, b.Node), "node %s reaches %s", node, b.Node)
		}
	}
}

// zoneOf is node name's zone.
func zoneOf(t *testing.T, c *Cluster, name string) string {
	t.Helper()
	for _, n := range c.Nodes() {
		if n.Name == name {
			return n.Zone
		}
	}
	t.Fatalf("no node %s", name)
	return ""
}

// TestTrafficDistributionNoZonesNoUpdate: in a cluster whose nodes have no
// zone, switching a Service to PreferClose gives no endpoint a hint, so the
// endpointslice controller writes no slice (kubernetes
// staging/src/k8s.io/endpointslice/trafficdist, ReconcileHints: "should not
// create hints with PreferClose if there are no zones") and no
// EndpointsUpdated is recorded; PreferSameNode then adds node hints.
func TestTrafficDistributionNoZonesNoUpdate(t *testing.T) {
	c := mustNew(t, Config{Seed: 3, Nodes: 2})
	for i := 1; i <= 2; i++ {
		_, err := c.CreatePod(pod.Pod{Name: "web-" + strconv.Itoa(i), NodeName: "node-" + strconv.Itoa(i),
			Labels: selector.Set{"app": "web"}, Ports: webPorts})
		must(t, err)
	}
	_, err := c.CreateService(webService())
	must(t, err)
	settleCheck(t, c)
	update := func(dist string) int {
		t.Helper()
		n := len(eventsOf(c, KindEndpointsUpdated))
		svc, _ := c.Service("", "web")
		svc.TrafficDistribution = dist
		_, err := c.UpdateService(svc)
		must(t, err)
		settleCheck(t, c)
		return len(eventsOf(c, KindEndpointsUpdated)) - n
	}
	require.Zero(t, update(service.TrafficDistributionPreferClose))
	require.Equal(t, 1, update(service.TrafficDistributionPreferSameNode))
	for _, sl := range c.EndpointSlices("", "web") {
		for _, e := range sl.Endpoints {
			require.Equal(t, &endpoints.Hints{ForNodes: []string{e.NodeName}}, e.Hints)
		}
	}
}
