package kube

import (
	"net/netip"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/sim"
)

// connect connects from the pod client to target and returns the backend
// kube-proxy chose: a user's endpoint outside the cluster, where svcsim
// simulates no host (the connection is unreachable past kube-proxy).
func connect(t *testing.T, c *sim.Cluster, target string) netip.AddrPort {
	t.Helper()
	_, err := c.Connect(sim.FromPod("default", "client"), target)
	require.ErrorIs(t, err, sim.ErrUnreachable)
	m := regexp.MustCompile(`backend (\S+) is outside the cluster`).FindStringSubmatch(err.Error())
	require.NotNil(t, m, "%v", err)
	return netip.MustParseAddrPort(m[1])
}

// withClient adds a pod to connect from, and runs the cluster.
func withClient(t *testing.T, c *sim.Cluster) {
	t.Helper()
	_, err := c.CreatePod(pod.Pod{Name: "client"})
	require.NoError(t, err)
	require.NoError(t, c.Settle())
}

func TestApplyExternalEndpoints(t *testing.T) {
	c := newCluster(t)
	assert.Empty(t, mustApply(t, c, string(manifest(t, "external-db.yaml"))))
	withClient(t, c)
	require.NoError(t, c.Check())

	ep, ok := c.Endpoints("default", "external-db")
	require.True(t, ok)
	require.Len(t, ep.Subsets, 1)
	assert.Len(t, ep.Subsets[0].Addresses, 2)
	assert.Equal(t, "postgres", ep.Subsets[0].Ports[0].Name)

	db := map[netip.AddrPort]bool{}
	for range 20 {
		db[connect(t, c, "external-db:5432")] = true
	}
	assert.Equal(t, map[netip.AddrPort]bool{netip.MustParseAddrPort("192.0.2.10:5432"): true,
		netip.MustParseAddrPort("192.0.2.11:5432"): true}, db)
	assert.Equal(t, netip.MustParseAddrPort("192.0.2.20:6379"), connect(t, c, "external-cache.default.svc.cluster.local:6379"))
	svc, _ := c.Service("default", "external-cache")
	addrs, err := c.Resolve("default", "external-cache")
	require.NoError(t, err)
	assert.Equal(t, []netip.Addr{svc.ClusterIP}, addrs)
}

// TestApplyEndpointsReplace: a changed address list replaces the
// Endpoints and the slice; one the manifest no longer sets is left as it
// is only if no Apply set it (here the last one did).
func TestApplyEndpointsReplace(t *testing.T) {
	c := newCluster(t)
	m := string(manifest(t, "external-db.yaml"))
	mustApply(t, c, m)
	withClient(t, c)
	mustApply(t, c, strings.NewReplacer("192.0.2.11", "192.0.2.12", "[192.0.2.20]", "[192.0.2.21]").Replace(m))
	require.NoError(t, c.Settle())
	ep, _ := c.Endpoints("default", "external-db")
	assert.Equal(t, netip.MustParseAddr("192.0.2.12"), ep.Subsets[0].Addresses[1].IP)
	assert.Equal(t, netip.MustParseAddrPort("192.0.2.21:6379"), connect(t, c, "external-cache:6379"))
}

// TestApplyEndpointsTwice: re-applied, before or after the controllers
// ran, the manifest makes no call (no event).
func TestApplyEndpointsTwice(t *testing.T) {
	c := newCluster(t)
	m := string(manifest(t, "external-db.yaml"))
	mustApply(t, c, m)
	before := snapshot(c)
	mustApply(t, c, m)
	assert.Equal(t, before, snapshot(c), "re-applied before the endpoints controller synced")
	require.NoError(t, c.Settle())
	before = snapshot(c)
	mustApply(t, c, m)
	assert.Equal(t, before, snapshot(c), "re-applied after")
}

func TestApplyEndpointsAllOrNothing(t *testing.T) {
	m := string(manifest(t, "external-db.yaml"))
	existing := func(c *sim.Cluster) {
		mustApply(t, c, m)
		require.NoError(t, c.Settle())
	}
	none := func(*sim.Cluster) {}
	tests := []struct {
		name     string
		setup    func(*sim.Cluster)
		manifest string
		want     []string
	}{{
		name: "endpoints address that does not parse", setup: none,
		manifest: strings.Replace(m, "192.0.2.11", "192.0.2.300", 1),
		want:     []string{"document 1 (line 1)", `endpoints default/external-db: subsets[0].addresses[1].ip: Invalid value: "192.0.2.300"`},
	}, {
		name: "endpoints loopback address, on update", setup: existing,
		manifest: strings.Replace(m, "192.0.2.11", "127.0.0.1", 1),
		want:     []string{"document 1 (line 1)", `endpoints default/external-db: subsets[0].addresses[1].ip: Invalid value: "127.0.0.1"`},
	}, {
		name: "slice address that does not parse", setup: existing,
		manifest: strings.Replace(m, "[192.0.2.20]", "[192.0.2.x]", 1),
		want:     []string{"document 4 (line 39)", `endpointslice default/external-cache-1: endpoints[0].addresses[0]: Invalid value: "192.0.2.x"`},
	}, {
		name: "slice of the wrong address family", setup: none,
		manifest: strings.Replace(m, "[192.0.2.20]", "['2001:db8::1']", 1),
		want:     []string{"document 4 (line 39)", "endpointslice default/external-cache-1: endpoints[0].addresses[0]"},
	}, {
		name: "slice addressType changed", setup: existing,
		manifest: strings.NewReplacer("addressType: IPv4", "addressType: IPv6", "[192.0.2.20]", "['2001:db8::20']").Replace(m),
		want:     []string{"document 4 (line 39)", `endpointslice default/external-cache-1: addressType: Invalid value: "IPv6": field is immutable`},
	}, {
		name: "endpoints of a Service that exists nowhere", setup: none,
		manifest: m[:strings.Index(m, "---")],
		want:     []string{"document 1 (line 1)", `endpoints default/external-db: service "external-db": not found`},
	}, {
		name: "slice of a Service that exists nowhere", setup: existing,
		manifest: strings.Replace(m, "service-name: external-cache", "service-name: nosuch", 1),
		want:     []string{"document 4 (line 39)", `endpointslice default/external-cache-1: service "nosuch": not found`},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			requireUntouched(t, tt.setup, []byte(tt.manifest), tt.want...)
		})
	}
}

// TestApplyReportEndpoints: the report is in document order, Endpoints
// first as the manifest writes them though they are applied last.
func TestApplyReportEndpoints(t *testing.T) {
	c := newCluster(t)
	m := string(manifest(t, "external-db.yaml"))
	lines := func(m string) []string {
		t.Helper()
		applied, _, err := ApplyReport(c, []byte(m))
		require.NoError(t, err)
		var out []string
		for _, a := range applied {
			out = append(out, a.String())
		}
		return out
	}
	assert.Equal(t, []string{"endpoints/external-db created", "service/external-db created", "service/external-cache created",
		"endpointslice.discovery.k8s.io/external-cache-1 created"}, lines(m))
	require.NoError(t, c.Settle())
	assert.Equal(t, []string{"endpoints/external-db unchanged", "service/external-db unchanged", "service/external-cache unchanged",
		"endpointslice.discovery.k8s.io/external-cache-1 unchanged"}, lines(m))
	assert.Equal(t, []string{"endpoints/external-db configured", "service/external-db unchanged", "service/external-cache unchanged",
		"endpointslice.discovery.k8s.io/external-cache-1 configured"},
		lines(strings.NewReplacer("192.0.2.11", "192.0.2.12", "[192.0.2.20]", "[192.0.2.21]").Replace(m)))
}
