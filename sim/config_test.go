package sim

import (
	"errors"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/svcsim/svcsim/internal/validation"
	"github.com/svcsim/svcsim/ipam"
	"github.com/svcsim/svcsim/selector"
	"github.com/svcsim/svcsim/service"
)

func TestConfigInvalid(t *testing.T) {
	p := netip.MustParsePrefix
	for _, tc := range []struct {
		name  string
		cfg   Config
		field string
	}{
		{"negative nodes", Config{Nodes: -1}, "config: nodes:"},
		{"service/pod overlap", Config{ServiceCIDR: p("10.244.0.0/16")}, "config: podCIDR:"},
		{"pod/node overlap", Config{NodeCIDR: p("10.244.128.0/24")}, "config: nodeCIDR:"},
		{"lb/service overlap", Config{LoadBalancerPool: p("10.96.0.0/24")}, "config: loadBalancerPool:"},
		{"host bits", Config{ServiceCIDR: p("10.96.0.1/12")}, "config: serviceCIDR:"},
		{"no usable service address", Config{ServiceCIDR: p("10.96.0.0/32")}, "config: serviceCIDR:"},
		{"service /31", Config{ServiceCIDR: p("10.96.0.0/31")}, "config: serviceCIDR:"},
		{"pod CIDR too small", Config{Nodes: 5, PodCIDR: p("10.244.0.0/22")}, "config: podCIDR:"},
		{"pod CIDR smaller than a node", Config{PodCIDR: p("10.244.0.0/25")}, "config: podCIDR:"},
		{"node CIDR too small", Config{Nodes: 3, NodeCIDR: p("172.18.0.0/30")}, "config: nodeCIDR:"},
		{"inverted node ports", Config{NodePortRange: [2]int{32000, 31000}}, "config: nodePortRange:"},
		{"node port above 65535", Config{NodePortRange: [2]int{30000, 70000}}, "config: nodePortRange:"},
		{"node port zero", Config{NodePortRange: [2]int{0, 100}}, "config: nodePortRange:"},
		{"bad domain", Config{ClusterDomain: "Cluster_Local"}, "config: clusterDomain:"},
		{"ipv6 service CIDR too big", Config{ServiceCIDR: p("fd00::/48")}, "config: serviceCIDR:"},
		{"no tenth service address for cluster DNS", Config{ServiceCIDR: p("10.96.0.0/29")}, "config: serviceCIDR:"},
		{"kubelet version without v", Config{KubeletVersion: "1.35.0"}, "config: kubeletVersion:"},
		{"kubelet version without patch", Config{KubeletVersion: "v1.35"}, "config: kubeletVersion:"},
		{"kubelet version leading zero", Config{KubeletVersion: "v1.035.0"}, "config: kubeletVersion:"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := New(tc.cfg)
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("err = %v, want ErrInvalid", err)
			}
			if !strings.HasPrefix(err.Error(), tc.field) {
				t.Fatalf("err = %q, want prefix %q", err, tc.field)
			}
		})
	}
}

// What validate does not check again when a field holds its default
// (named.def, the cluster domain, the kubelet version): the default
// ranges are valid, masked, plain and pairwise disjoint, the default
// load-balancer pool has usable addresses, the default service CIDR a
// cluster DNS address and the default pod CIDR node blocks, the default
// domain is a DNS subdomain and the default kubelet version a version.
func TestDefaultRanges(t *testing.T) {
	defs := []netip.Prefix{defaultServiceCIDR, defaultPodCIDR, defaultNodeCIDR, defaultLoadBalancerPool}
	for i, a := range defs {
		if !a.IsValid() || a.Masked() != a || a.Addr().Is4In6() || a.Addr().Zone() != "" {
			t.Errorf("default range %s: not a plain masked CIDR", a)
		}
		for _, b := range defs[i+1:] {
			if a.Overlaps(b) {
				t.Errorf("default ranges %s and %s overlap", a, b)
			}
		}
	}
	if msgs := validation.IsDNS1123Subdomain(DefaultClusterDomain); len(msgs) > 0 {
		t.Errorf("default cluster domain %q: %v", DefaultClusterDomain, msgs)
	}
	if size, err := ipam.Usable(defaultLoadBalancerPool); err != nil || size == 0 {
		t.Errorf("default load-balancer pool %s: no usable address (%v)", defaultLoadBalancerPool, err)
	}
	if _, ok := dnsIP(defaultServiceCIDR); !ok {
		t.Errorf("default service CIDR %s: no cluster DNS address", defaultServiceCIDR)
	}
	if !validKubeletVersion(DefaultKubeletVersion) {
		t.Errorf("default kubelet version %q: invalid", DefaultKubeletVersion)
	}
	if _, err := ipam.NewSubnets(defaultPodCIDR, nodeMaskBits(defaultPodCIDR)); err != nil {
		t.Errorf("default pod CIDR %s: %v", defaultPodCIDR, err)
	}
}

// Node i's pod CIDR, nodeCIDRAt's block i, is the i-th that
// kube-controller-manager's allocator (ipam's SubnetAllocator) hands out
// to nodes registering in order, in either family.
func TestNodeCIDRsInSubnetOrder(t *testing.T) {
	for _, s := range []string{"10.244.0.0/16", "10.0.0.0/22", "192.168.0.0/24", "10.0.0.0/8", "fd00:10:244::/56", "fd00:10::/48", "fd00:10:244:7::/64"} {
		p := netip.MustParsePrefix(s)
		a, err := ipam.NewSubnets(p, nodeMaskBits(p))
		require.NoError(t, err)
		for i := range int32(min(a.Size(), 300)) {
			want, err := a.Allocate()
			require.NoError(t, err)
			if got := nodeCIDRAt(p, i); got != want {
				t.Fatalf("%s: node %d: nodeCIDRAt %s, allocator %s", p, i, got, want)
			}
		}
	}
}

// A Config with several problems is refused for the first one in
// validate's order: the ranges' shapes, their overlaps, the service and
// load-balancer ranges' usable addresses, the families, the pod CIDRs,
// the node CIDR, then the rest.
func TestConfigFirstProblem(t *testing.T) {
	p := netip.MustParsePrefix
	for _, tc := range []struct {
		name string
		cfg  Config
		want string
	}{
		{"service /32 and pod CIDR too small", Config{ServiceCIDR: p("10.96.0.0/32"), Nodes: 5, PodCIDR: p("10.244.0.0/22")},
			"config: serviceCIDR: Invalid value: \"10.96.0.0/32\": has no usable address"},
		{"service /32 and load-balancer /32", Config{ServiceCIDR: p("10.96.0.0/32"), LoadBalancerPool: p("192.0.2.0/32")},
			"config: serviceCIDR: Invalid value: \"10.96.0.0/32\": has no usable address"},
		{"load-balancer /32 and pod CIDR too small", Config{LoadBalancerPool: p("192.0.2.0/32"), Nodes: 5, PodCIDR: p("10.244.0.0/22")},
			"config: loadBalancerPool: Invalid value: \"192.0.2.0/32\": has no usable address"},
		{"load-balancer /32 and class pool /32", Config{LoadBalancerPool: p("192.0.2.0/32"),
			LoadBalancerClassPools: map[string]netip.Prefix{"a.example/lb": p("198.51.100.0/32")}},
			"config: loadBalancerPool: Invalid value: \"192.0.2.0/32\": has no usable address"},
		{"class pool /32 and pod family", Config{LoadBalancerClassPools: map[string]netip.Prefix{"a.example/lb": p("198.51.100.0/32")},
			PodCIDR: p("fd00:10:244::/56")},
			"config: loadBalancerClassPools[a.example/lb]: Invalid value: \"198.51.100.0/32\": has no usable address"},
		{"secondary service /128 and node CIDR too small", Config{SecondaryServiceCIDR: p("fd00:10:96::/128"),
			SecondaryPodCIDR: p("fd00:10:244::/56"), Nodes: 3, NodeCIDR: p("172.18.0.0/30")},
			"config: secondaryServiceCIDR: Invalid value: \"fd00:10:96::/128\": has no usable address"},
		{"pod CIDR too small and node CIDR too small", Config{Nodes: 5, PodCIDR: p("10.244.0.0/22"), NodeCIDR: p("172.18.0.0/30")},
			"config: podCIDR: Invalid value: \"10.244.0.0/22\": too small for 5 nodes of one /24 each"},
		{"service /29 and kubelet version", Config{ServiceCIDR: p("10.96.0.0/29"), KubeletVersion: "1.35.0"},
			"config: kubeletVersion:"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := New(tc.cfg)
			require.ErrorIs(t, err, ErrInvalid)
			require.True(t, strings.HasPrefix(err.Error(), tc.want), "err = %q, want prefix %q", err, tc.want)
		})
	}
}

func TestNewDefaults(t *testing.T) {
	c, err := New(Config{})
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Now(); !got.Equal(time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("Now = %v", got)
	}
	nodes := c.Nodes()
	epoch := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	labels := func(name string, role bool) selector.Set {
		l := selector.Set{"kubernetes.io/hostname": name, "kubernetes.io/os": "linux", "kubernetes.io/arch": "amd64"}
		if role {
			l["node-role.kubernetes.io/control-plane"] = ""
		}
		return l
	}
	want := []Node{
		{"node-1", netip.MustParseAddr("172.18.0.2"), netip.MustParsePrefix("10.244.0.0/24"), true, labels("node-1", true), nil, "v1.35.0", epoch, "",
			[]netip.Prefix{netip.MustParsePrefix("10.244.0.0/24")}},
		{"node-2", netip.MustParseAddr("172.18.0.3"), netip.MustParsePrefix("10.244.1.0/24"), true, labels("node-2", false), nil, "v1.35.0", epoch, "",
			[]netip.Prefix{netip.MustParsePrefix("10.244.1.0/24")}},
		{"node-3", netip.MustParseAddr("172.18.0.4"), netip.MustParsePrefix("10.244.2.0/24"), true, labels("node-3", false), nil, "v1.35.0", epoch, "",
			[]netip.Prefix{netip.MustParsePrefix("10.244.2.0/24")}},
	}
	require.Equal(t, want, nodes)
	k, ok := c.Service("", "kubernetes")
	if !ok {
		t.Fatal("no default/kubernetes")
	}
	if k.ClusterIP != netip.MustParseAddr("10.96.0.1") || len(k.Ports) != 1 || k.Ports[0].Name != "https" ||
		k.Ports[0].Port != 443 || k.Ports[0].TargetPort != service.TargetPortNumber(6443) || k.Selector != nil {
		t.Errorf("kubernetes = %+v", k)
	}
	if err := c.Settle(); err != nil {
		t.Fatal(err)
	}
	if err := c.Check(); err != nil {
		t.Fatal(err)
	}
}

func TestIPv6Cluster(t *testing.T) {
	c, err := New(Config{Nodes: 2, ServiceCIDR: netip.MustParsePrefix("fd00:10:96::/112"),
		PodCIDR: netip.MustParsePrefix("fd00:10:244::/56"), NodeCIDR: netip.MustParsePrefix("fd00:172:18::/64"),
		LoadBalancerPool: netip.MustParsePrefix("fd00:203::/120")})
	if err != nil {
		t.Fatal(err)
	}
	n := c.Nodes()
	if n[1].PodCIDR != netip.MustParsePrefix("fd00:10:244:1::/64") || n[1].IP != netip.MustParseAddr("fd00:172:18::3") {
		t.Errorf("node-2 = %+v", n[1])
	}
	if k, _ := c.Service("", "kubernetes"); k.ClusterIP != netip.MustParseAddr("fd00:10:96::1") {
		t.Errorf("kubernetes clusterIP = %s", k.ClusterIP)
	}
	must(t, c.CreateDeployment(webDeployment(3, 0)))
	settleCheck(t, c)
	for _, p := range podsOf(c) {
		ref, node, alive, ok := c.podAtIP(p.IP)
		if !ok || !alive || ref != "default/"+p.Name || node != p.NodeName {
			t.Errorf("podAtIP(%s) = %s %s %v %v", p.IP, ref, node, alive, ok)
		}
	}
	if _, _, _, ok := c.podAtIP(netip.MustParseAddr("fd00:10:244:1::99")); ok {
		t.Error("a free address has a pod")
	}
	for _, p := range podsOf(c) {
		if s := p.IP.String(); s != "fd00:10:244::3" && s != "fd00:10:244::4" && s != "fd00:10:244:1::3" {
			t.Errorf("pod ip %s", p.IP)
		}
	}
}

// A kubelet version is "v" and three dot-separated decimal numbers
// without leading zeros.
func TestValidKubeletVersion(t *testing.T) {
	for v, want := range map[string]bool{
		"v1.35.0": true, "v0.0.0": true, "v10.200.3": true,
		"": false, "v": false, "1.35.0": false, "V1.35.0": false, "v1.35": false, "v1.35.0.1": false,
		"v01.1.1": false, "v1.00.0": false, "v1..0": false, "v1.35.": false, "v.1.35": false,
		"v1.35.0-rc.1": false, "v1.35.x": false, "v1.35.0 ": false, "v+1.2.3": false, "v-1.2.3": false,
		"v1.3５.0": false,
	} {
		if got := validKubeletVersion(v); got != want {
			t.Errorf("validKubeletVersion(%q) = %v, want %v", v, got, want)
		}
	}
}
