package kube

import (
	"net/netip"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/svcsim/svcsim/endpoints"
	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
	"github.com/svcsim/svcsim/service"
	"github.com/svcsim/svcsim/sim"
)

// liveCluster builds a single-stack cluster holding every kind in several
// states (liveClusterOf).
func liveCluster(t *testing.T) *sim.Cluster {
	t.Helper()
	return liveClusterOf(t, sim.Config{Seed: 7, Nodes: 3})
}

// dualStackConfig is an IPv4-primary dual-stack cluster, as kind's
// dual-stack defaults lay it out.
func dualStackConfig() sim.Config {
	return sim.Config{Seed: 7, Nodes: 3, SecondaryServiceCIDR: netip.MustParsePrefix("fd00:10:96::/112"),
		SecondaryPodCIDR: netip.MustParsePrefix("fd00:10:244::/56")}
}

// liveClusterOf builds a cluster of cfg holding every kind in several
// states: a rolled-out Deployment with containers, a readiness delay and
// a grace period, a crash-looping one, a StatefulSet behind a headless
// Service, a bare pod with a hostname and subdomain, Services of every
// type and IP family policy (a dual-stack policy gets one family on a
// single-stack cluster, RequireDualStack only asked of a dual-stack one),
// a failed node.
func liveClusterOf(t *testing.T, cfg sim.Config) *sim.Cluster {
	t.Helper()
	c, err := sim.New(cfg)
	require.NoError(t, err)
	dual := cfg.SecondaryServiceCIDR.IsValid()
	web := sim.Deployment{Name: "web", Replicas: 3, Labels: selector.Set{"app": "web"},
		Containers: []sim.Container{{Name: "nginx", Image: "nginx:1.27", Ports: []pod.ContainerPort{{Name: "http", Port: 8080}}},
			{Name: "sidecar", Image: "envoy", Ports: []pod.ContainerPort{{Name: "admin", Port: 9901, Protocol: pod.UDP}}}},
		ReadyAfter: 5 * time.Second, TerminationGracePeriod: 12 * time.Second, MaxSurge: "1", MaxUnavailable: "0"}
	require.NoError(t, c.CreateDeployment(web))
	require.NoError(t, c.CreateDeployment(sim.Deployment{Namespace: "shop", Name: "crash", Replicas: 2,
		Labels: selector.Set{"app": "crash"}, Ports: []pod.ContainerPort{{Port: 80}}, CrashLoop: true, Strategy: sim.Recreate}))
	require.NoError(t, c.CreateStatefulSet(sim.StatefulSet{Name: "db", Replicas: 2, ServiceName: "db",
		Labels: selector.Set{"app": "db"}, Containers: []sim.Container{{Name: "pg", Image: "postgres:17",
			Ports: []pod.ContainerPort{{Name: "pg", Port: 5432}}}}, Partition: 1, ReadyAfter: 2 * time.Second}))
	_, err = c.CreatePod(pod.Pod{Name: "bare", Labels: selector.Set{"app": "db"}, Hostname: "h", Subdomain: "db",
		Containers: []pod.Container{{Name: "c", Image: "busybox"}}})
	require.NoError(t, err)
	local := service.TrafficPolicyLocal
	timeout := int32(600)
	for _, s := range []service.Service{
		{Name: "web", Selector: selector.Set{"app": "web"}, Labels: map[string]string{"tier": "front"},
			Annotations: map[string]string{"a": "b"}, Type: service.LoadBalancer, ExternalTrafficPolicy: local,
			Ports: []service.Port{{Name: "http", Port: 80, TargetPort: service.TargetPortName("http"), AppProtocol: "http"},
				{Name: "dns", Port: 53, Protocol: pod.UDP, TargetPort: service.TargetPortNumber(5353)}},
			ExternalIPs:              []netip.Addr{netip.MustParseAddr("192.0.2.9")},
			LoadBalancerSourceRanges: []netip.Prefix{netip.MustParsePrefix("198.51.100.0/24")},
			SessionAffinity:          service.SessionAffinityClientIP,
			SessionAffinityConfig:    &service.SessionAffinityConfig{ClientIP: &service.ClientIPConfig{TimeoutSeconds: &timeout}},
			TrafficDistribution:      service.TrafficDistributionPreferClose},
		{Name: "db", Headless: true, Selector: selector.Set{"app": "db"}, PublishNotReadyAddresses: true,
			Ports: []service.Port{{Name: "pg", Port: 5432}}},
		{Name: "np", Type: service.NodePort, Selector: selector.Set{"app": "web"}, InternalTrafficPolicy: local,
			Ports: []service.Port{{Port: 8080, NodePort: 30080}}},
		{Name: "ext", Type: service.ExternalName, ExternalName: "example.com"},
		{Namespace: "shop", Name: "crash", Selector: selector.Set{"app": "crash"}, Ports: []service.Port{{Port: 80}}},
		{Name: "prefer", Selector: selector.Set{"app": "web"}, IPFamilyPolicy: service.IPFamilyPolicyPreferDualStack,
			Ports: []service.Port{{Port: 80, TargetPort: service.TargetPortName("http")}}},
		{Name: "peers", Headless: true, Ports: []service.Port{{Port: 7000}}},
	} {
		_, err := c.CreateService(s)
		require.NoError(t, err)
	}
	if dual {
		for _, s := range []service.Service{
			{Name: "v6", Selector: selector.Set{"app": "web"}, IPFamilies: []service.IPFamily{service.IPv6Protocol},
				Ports: []service.Port{{Port: 80, TargetPort: service.TargetPortName("http")}}},
			{Name: "require", Type: service.NodePort, Selector: selector.Set{"app": "web"},
				IPFamilyPolicy: service.IPFamilyPolicyRequireDualStack, IPFamilies: []service.IPFamily{service.IPv6Protocol},
				Ports: []service.Port{{Port: 80, TargetPort: service.TargetPortName("http")}}},
		} {
			_, err := c.CreateService(s)
			require.NoError(t, err)
		}
	}
	require.NoError(t, c.Advance(time.Minute))
	require.NoError(t, c.SetImage("", "web", "nginx", "nginx:1.28"))
	require.NoError(t, c.Advance(3*time.Second))
	require.NoError(t, c.FailNode("node-3"))
	require.NoError(t, c.Advance(2*time.Second))
	return c
}

// Every object of a live cluster, single-stack or dual-stack, comes back
// from a round trip through k8s.io/api unchanged (a pod's Env, which the
// kubelet computes and the API object does not hold, and a ReplicaSet's
// Current, a fact about its Deployment, aside).
func TestRoundTripLiveCluster(t *testing.T) {
	t.Run("single-stack", func(t *testing.T) { roundTripCluster(t, liveCluster(t)) })
	t.Run("dual-stack", func(t *testing.T) {
		c := liveClusterOf(t, dualStackConfig())
		requireDualStack(t, c)
		roundTripCluster(t, c)
	})
}

// requireDualStack checks that c holds what the dual-stack round trip is
// about: pods and nodes of both families, Services of each policy, IPv6
// EndpointSlices.
func requireDualStack(t *testing.T, c *sim.Cluster) {
	t.Helper()
	for _, n := range c.Nodes() {
		require.Len(t, n.PodCIDRs, 2, n.Name)
	}
	web := c.Pods("default", selector.MustParse("app=web"))
	require.NotEmpty(t, web)
	for _, p := range web {
		if p.IP.IsValid() {
			require.Len(t, p.IPs, 2, p.Name)
		}
	}
	families := map[string]int{"web": 1, "prefer": 2, "peers": 2, "v6": 1, "require": 2}
	for name, n := range families {
		s, ok := c.Service("default", name)
		require.True(t, ok, name)
		require.Len(t, s.IPFamilies, n, name)
	}
	var v6 bool
	for _, sl := range c.EndpointSlices("default", "require") {
		v6 = v6 || sl.AddressType == endpoints.IPv6
	}
	require.True(t, v6, "an IPv6 EndpointSlice")
}

func roundTripCluster(t *testing.T, c *sim.Cluster) {
	for _, ns := range []string{"default", "shop"} {
		for _, p := range c.Pods(ns, selector.Everything()) {
			got, _, err := FromPod(ToPod(c, p))
			require.NoError(t, err, p.Name)
			p.Env = nil
			require.Equal(t, p, got, p.Name)
		}
		for _, s := range c.Services(ns) {
			got, ws, err := FromService(ToService(s))
			require.NoError(t, err, s.Name)
			require.Empty(t, ws)
			require.Equal(t, s, got, s.Name)
			if e, ok := c.Endpoints(ns, s.Name); ok {
				got, _, err := FromEndpoints(ToEndpoints(c, e))
				require.NoError(t, err)
				require.Equal(t, e, got)
			}
			for _, sl := range c.EndpointSlices(ns, s.Name) {
				got, _, err := FromEndpointSlice(ToEndpointSlice(c, sl))
				require.NoError(t, err)
				require.Equal(t, sl, got)
			}
		}
		for _, d := range c.Deployments(ns) {
			got, ws, err := FromDeployment(ToDeployment(d))
			require.NoError(t, err, d.Name)
			require.Empty(t, ws)
			require.Equal(t, d, got)
		}
		for _, r := range c.ReplicaSets(ns, selector.Everything()) {
			got, _, err := FromReplicaSet(ToReplicaSet(c, r))
			require.NoError(t, err, r.Name)
			r.Current = false
			require.Equal(t, r, got)
		}
		for _, s := range c.StatefulSets(ns) {
			got, ws, err := FromStatefulSet(ToStatefulSet(s))
			require.NoError(t, err, s.Name)
			require.Empty(t, ws)
			require.Equal(t, s, got)
		}
	}
	for _, n := range c.Nodes() {
		got, _, err := FromNode(ToNode(n))
		require.NoError(t, err)
		require.Equal(t, n, got)
	}
}
