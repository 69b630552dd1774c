package sim

import (
	"errors"
	"net/netip"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
	"github.com/svcsim/svcsim/service"
	"github.com/svcsim/svcsim/sim/internal/workload"
)

// A new cluster holds kubeadm's DNS add-on: kube-system/kube-dns on the
// 10th address of the Service CIDR, backed by two coredns pods.
func TestClusterDNSAddon(t *testing.T) {
	for _, tc := range []struct {
		cidr string
		want string
	}{
		{"", "10.96.0.10"},
		{"10.100.0.0/16", "10.100.0.10"},
		{"10.96.0.0/28", "10.96.0.10"},
		{"fd00:10:96::/112", "fd00:10:96::a"},
	} {
		t.Run(tc.want, func(t *testing.T) {
			cfg := Config{Seed: 1}
			if tc.cidr != "" {
				cfg.ServiceCIDR = netip.MustParsePrefix(tc.cidr)
				if netip.MustParsePrefix(tc.cidr).Addr().Is6() {
					cfg.PodCIDR = netip.MustParsePrefix("fd00:10:244::/56")
					cfg.NodeCIDR = netip.MustParsePrefix("fd00:172:18::/64")
				}
			}
			c := mustNew(t, cfg)
			settleCheck(t, c)
			s, ok := c.Service("kube-system", "kube-dns")
			require.True(t, ok)
			assert.Equal(t, netip.MustParseAddr(tc.want), s.ClusterIP)
			assert.Equal(t, selector.Set{"k8s-app": "kube-dns"}, s.Selector)
			assert.Equal(t, []service.Port{
				{Name: "dns", Protocol: pod.UDP, Port: 53, TargetPort: service.TargetPortNumber(53)},
				{Name: "dns-tcp", Protocol: pod.TCP, Port: 53, TargetPort: service.TargetPortNumber(53)},
				{Name: "metrics", Protocol: pod.TCP, Port: 9153, TargetPort: service.TargetPortNumber(9153)},
			}, s.Ports)
			pods := c.Pods("kube-system", selector.MustParse("k8s-app=kube-dns"))
			require.Len(t, pods, 2)
			for _, p := range pods {
				assert.Regexp(t, `^coredns-[a-z0-9]+-[bcdfghjklmnpqrstvwxz2456789]{5}$`, p.Name)
				assert.True(t, p.Ready)
				assert.Equal(t, pod.ContainerPort{Name: "dns", Port: 53, Protocol: pod.UDP}, p.Ports[0])
			}
			assert.NotEqual(t, pods[0].NodeName, pods[1].NodeName, "spread over nodes")
			ep, ok := c.Endpoints("kube-system", "kube-dns")
			require.True(t, ok)
			require.Len(t, ep.Subsets, 1)
			assert.Len(t, ep.Subsets[0].Addresses, 2)
			addrs, err := c.Resolve("default", "kube-dns.kube-system")
			require.NoError(t, err)
			assert.Equal(t, []netip.Addr{netip.MustParseAddr(tc.want)}, addrs)
		})
	}
}

// The coredns Deployment keeps its own copy of the container ports, not the
// shared literal.
func TestClusterDNSAddonOwnsItsPorts(t *testing.T) {
	c := mustNew(t, Config{Seed: 1})
	id, ok := c.depByName.Get(nsName{KubeSystem, CoreDNS})
	require.True(t, ok)
	ports := c.deps[id].spec.Ports
	require.Equal(t, coreDNSPorts, ports)
	assert.NotSame(t, &coreDNSPorts[0], &ports[0], "the cluster stores a copy")
}

// New adds the coredns Deployment as built (addDeployment): built
// validated, it is what validateDeployment makes of it, with the bounds
// addClusterDNS gives it.
func TestCoreDNSDeploymentValidated(t *testing.T) {
	labels := selector.Set{"k8s-app": KubeDNS}
	d := coreDNSDeployment(labels)
	surge, unavail, err := validateDeployment(&d)
	require.NoError(t, err)
	assert.Equal(t, coreDNSDeployment(labels), d)
	assert.Equal(t, workload.DefaultMaxSurge, surge)
	assert.Equal(t, coreDNSMaxUnavailable, unavail)
}

// The coredns Deployment's labels as its record keeps them are what
// labelKV and String make of its label set.
func TestCoreDNSLabels(t *testing.T) {
	labels := selector.Set{"k8s-app": KubeDNS}
	assert.Equal(t, labelKV(labels), coreDNSLabelKV())
	assert.Equal(t, labels.String(), coreDNSLabelText)
	c := mustNew(t, Config{})
	d, ok := c.Deployment(KubeSystem, CoreDNS)
	require.True(t, ok)
	assert.Equal(t, labels, d.Labels)
}

// New stores the cluster's own Services as built (addService): built
// defaulted and prepared, they are what WithDefaults and
// prepareCreateService make of them, on every family layout, so that New
// stores what CreateService would.
func TestOwnServicesPrepared(t *testing.T) {
	p := netip.MustParsePrefix
	for _, tc := range []struct {
		name string
		cfg  Config
	}{
		{"default", Config{}},
		{"small service CIDR", Config{ServiceCIDR: p("10.96.0.0/28")}},
		{"IPv6", Config{ServiceCIDR: p("fd00:10:96::/112"), PodCIDR: p("fd00:10:244::/56"), NodeCIDR: p("fd00:172:18::/64")}},
		{"dual-stack", dualConfig()},
		{"dual-stack IPv6 primary", Config{ServiceCIDR: p("fd00:10:96::/112"), PodCIDR: p("fd00:10:244::/56"),
			SecondaryServiceCIDR: p("10.96.0.0/12"), SecondaryPodCIDR: p("10.244.0.0/16")}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := mustNew(t, tc.cfg)
			for _, built := range []service.Service{c.masterService(), c.kubeDNSService(selector.Set{"k8s-app": KubeDNS})} {
				stored, ok := c.Service(built.Namespace, built.Name)
				require.True(t, ok)
				stored.UID, stored.CreationTimestamp = built.UID, built.CreationTimestamp
				assert.Equal(t, built, stored, "stored as built (but UID and creation time)")
				assert.Equal(t, built, built.WithDefaults())
				require.NoError(t, c.DeleteService(built.Namespace, built.Name))
				prepared := built
				require.NoError(t, c.prepareCreateService(&prepared))
				assert.Equal(t, built, prepared)
			}
		})
	}
}

// Every pod's resolv.conf names kube-dns's address, its namespace's search
// path and ndots:5 (kubelet pkg/kubelet/network/dns/dns.go).
func TestResolvConf(t *testing.T) {
	c := mustNew(t, Config{Seed: 1})
	_, err := c.CreatePod(pod.Pod{Namespace: "shop", Name: "client"})
	require.NoError(t, err)
	settleCheck(t, c)
	rc, err := c.ResolvConf("shop", "client")
	require.NoError(t, err)
	assert.Equal(t, ResolvConf{Nameservers: []netip.Addr{netip.MustParseAddr("10.96.0.10")},
		Searches: []string{"shop.svc.cluster.local", "svc.cluster.local", "cluster.local"},
		Options:  []string{"ndots:5"}}, rc)
	assert.Equal(t, "search shop.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n", rc.String())
	_, err = c.ResolvConf("shop", "nope")
	assert.True(t, errors.Is(err, ErrNotFound), "%v", err)
}

// svcsim does not simulate a DNS outage: names resolve with the coredns
// pods gone, and the resolver still points at kube-dns.
func TestResolveWithoutCoreDNS(t *testing.T) {
	c := mustNew(t, Config{Seed: 1})
	settleCheck(t, c)
	require.NoError(t, c.Scale("kube-system", "coredns", 0))
	settleCheck(t, c)
	require.Empty(t, c.Pods("kube-system", selector.Everything()))
	addrs, err := c.Resolve("default", "kubernetes")
	require.NoError(t, err)
	assert.Equal(t, []netip.Addr{netip.MustParseAddr("10.96.0.1")}, addrs)
}

// The control-plane node carries its role label; with ControlPlaneTaint it
// is tainted NoSchedule and takes only the coredns pods, which tolerate it
// (kubeadm's manifest), and bare pods bound to it by spec.nodeName.
func TestControlPlaneTaint(t *testing.T) {
	c := mustNew(t, Config{Seed: 1, ControlPlaneTaint: true})
	must(t, c.CreateDeployment(webDeployment(6, 0)))
	settleCheck(t, c)
	n := c.Nodes()
	assert.Equal(t, []Taint{{Key: "node-role.kubernetes.io/control-plane", Effect: NoSchedule}}, n[0].Taints)
	assert.Equal(t, "node-role.kubernetes.io/control-plane:NoSchedule", n[0].Taints[0].String())
	assert.Empty(t, n[1].Taints)
	for _, p := range podsOf(c) {
		assert.NotEqual(t, "node-1", p.NodeName, "pod %s", p.Name)
	}
	onCP := 0
	for _, p := range c.Pods("kube-system", selector.Everything()) {
		if p.NodeName == "node-1" {
			onCP++
		}
	}
	assert.Equal(t, 1, onCP, "a coredns pod on the control plane (least loaded)")
	p, err := c.CreatePod(pod.Pod{Name: "pinned", NodeName: "node-1"})
	require.NoError(t, err)
	assert.Equal(t, "node-1", p.NodeName)
	// Workers full or gone: ordinary pods wait, coredns still schedules.
	must(t, c.FailNode("node-2"))
	must(t, c.FailNode("node-3"))
	settleCheck(t, c)
	for _, p := range c.Pods("kube-system", selector.Everything()) {
		if !p.Terminating {
			assert.Equal(t, "node-1", p.NodeName, "coredns pod %s", p.Name)
		}
	}
	for _, p := range podsOf(c) {
		if !p.Terminating && p.Name != "pinned" {
			assert.Equal(t, pod.Pending, p.Phase, "pod %s on %s", p.Name, p.NodeName)
		}
	}
}

// Without the taint node-1 takes pods like any worker, as in kind.
func TestControlPlaneUntainted(t *testing.T) {
	c := mustNew(t, Config{Seed: 1})
	must(t, c.CreateDeployment(webDeployment(6, 0)))
	settleCheck(t, c)
	assert.Empty(t, c.Nodes()[0].Taints)
	on := 0
	for _, p := range podsOf(c) {
		if p.NodeName == "node-1" {
			on++
		}
	}
	assert.Equal(t, 2, on)
}
