package sim

import (
	"errors"
	"net/netip"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
	"github.com/svcsim/svcsim/service"
)

// dualConfig is an IPv4-primary dual-stack cluster, as kind's dual-stack
// defaults lay it out.
func dualConfig() Config {
	return Config{SecondaryServiceCIDR: netip.MustParsePrefix("fd00:10:96::/112"),
		SecondaryPodCIDR: netip.MustParsePrefix("fd00:10:244::/56")}
}

func TestConfigDualStackInvalid(t *testing.T) {
	p := netip.MustParsePrefix
	for _, tc := range []struct {
		name string
		cfg  Config
		want string
	}{
		{"secondary service CIDR alone", Config{SecondaryServiceCIDR: p("fd00:10:96::/112")},
			"config: secondaryPodCIDR: Invalid value: \"\": required with secondaryServiceCIDR"},
		{"secondary pod CIDR alone", Config{SecondaryPodCIDR: p("fd00:10:244::/56")},
			"config: secondaryServiceCIDR: Invalid value: \"\": required with secondaryPodCIDR"},
		{"two IPv4 service CIDRs", Config{SecondaryServiceCIDR: p("192.168.0.0/16"), SecondaryPodCIDR: p("fd00:10:244::/56")},
			"config: secondaryServiceCIDR: Invalid value: \"192.168.0.0/16\": must be of the other IP family than serviceCIDR (IPv4)"},
		{"secondary pod CIDR of the primary family", Config{SecondaryServiceCIDR: p("fd00:10:96::/112"), SecondaryPodCIDR: p("10.200.0.0/16")},
			"config: secondaryPodCIDR: Invalid value: \"10.200.0.0/16\": must be of the IP family of secondaryServiceCIDR (IPv6)"},
		{"mixed primary families", Config{PodCIDR: p("fd00:10:244::/56")},
			"config: podCIDR: Invalid value: \"fd00:10:244::/56\": must be of the IP family of serviceCIDR (IPv4)"},
		{"secondary service CIDR too big", Config{SecondaryServiceCIDR: p("fd00::/48"), SecondaryPodCIDR: p("fd00:10:244::/56")},
			"config: secondaryServiceCIDR: Invalid value: \"fd00::/48\": shortest allowed prefix length for service CIDR is 64"},
		{"secondary pod CIDR smaller than a node", Config{SecondaryServiceCIDR: p("fd00:10:96::/112"), SecondaryPodCIDR: p("fd00:10:244::/80")},
			"config: secondaryPodCIDR: Invalid value: \"fd00:10:244::/80\": must be /64 or larger"},
		{"secondary overlaps", Config{SecondaryServiceCIDR: p("fd00:10:96::/112"), SecondaryPodCIDR: p("fd00:10::/32")},
			"config: secondaryPodCIDR: Invalid value: \"fd00:10::/32\": overlaps secondaryServiceCIDR"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := New(tc.cfg)
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("err = %v, want ErrInvalid", err)
			}
			if !strings.HasPrefix(err.Error(), tc.want) {
				t.Fatalf("err = %q, want prefix %q", err, tc.want)
			}
		})
	}
}

func TestDualStackNodesAndPods(t *testing.T) {
	c, err := New(dualConfig())
	require.NoError(t, err)
	for i, n := range c.Nodes() {
		want := []netip.Prefix{netip.MustParsePrefix("10.244." + string(rune('0'+i)) + ".0/24"),
			netip.MustParsePrefix("fd00:10:244:" + string(rune('0'+i)) + "::/64")}
		require.Equal(t, want, n.PodCIDRs, n.Name)
		require.Equal(t, n.PodCIDR, n.PodCIDRs[0])
	}
	must(t, c.CreateDeployment(webDeployment(3, 0)))
	settleCheck(t, c)
	for _, p := range podsOf(c) {
		require.Len(t, p.IPs, 2, p.Name)
		require.Equal(t, p.IP, p.IPs[0])
		require.True(t, p.IPs[0].Is4() && p.IPs[1].Is6(), "%v", p.IPs)
		var node Node
		for _, n := range c.Nodes() {
			if n.Name == p.NodeName {
				node = n
			}
		}
		require.True(t, node.PodCIDRs[0].Contains(p.IPs[0]) && node.PodCIDRs[1].Contains(p.IPs[1]), "%v on %v", p.IPs, node.PodCIDRs)
		ref, _, alive, ok := c.podAtIP(p.IPs[1])
		require.True(t, ok && alive && ref == "default/"+p.Name, "podAtIP(%s)", p.IPs[1])
	}
}

func TestSingleStackPodsHaveOneIP(t *testing.T) {
	c := newSettled(t, Config{})
	must(t, c.CreateDeployment(webDeployment(1, 0)))
	settleCheck(t, c)
	p := podsOf(c)[0]
	require.Equal(t, []netip.Addr{p.IP}, p.IPs)
	require.Equal(t, []netip.Prefix{c.Nodes()[0].PodCIDR}, c.Nodes()[0].PodCIDRs)
}

func TestDualStackServiceFamilies(t *testing.T) {
	web := func(policy service.IPFamilyPolicy, fams ...service.IPFamily) service.Service {
		return service.Service{Name: "web", Selector: selector.Set{"app": "web"}, Ports: []service.Port{{Port: 80}},
			IPFamilyPolicy: policy, IPFamilies: fams}
	}
	v4, v6 := service.IPv4Protocol, service.IPv6Protocol
	for _, tc := range []struct {
		name     string
		cfg      Config
		svc      service.Service
		policy   service.IPFamilyPolicy
		families []service.IPFamily
		err      string
	}{
		{"single: default", Config{}, web(""), service.IPFamilyPolicySingleStack, []service.IPFamily{v4}, ""},
		{"single: PreferDualStack", Config{}, web(service.IPFamilyPolicyPreferDualStack), service.IPFamilyPolicyPreferDualStack, []service.IPFamily{v4}, ""},
		{"single: RequireDualStack", Config{}, web(service.IPFamilyPolicyRequireDualStack), "", nil,
			`service default/web: spec.ipFamilyPolicy: Invalid value: "RequireDualStack": this cluster is not configured for dual-stack services`},
		{"dual: default", dualConfig(), web(""), service.IPFamilyPolicySingleStack, []service.IPFamily{v4}, ""},
		{"dual: PreferDualStack", dualConfig(), web(service.IPFamilyPolicyPreferDualStack), service.IPFamilyPolicyPreferDualStack, []service.IPFamily{v4, v6}, ""},
		{"dual: RequireDualStack IPv6 first", dualConfig(), web(service.IPFamilyPolicyRequireDualStack, v6), service.IPFamilyPolicyRequireDualStack, []service.IPFamily{v6, v4}, ""},
		{"dual: IPv6 only", dualConfig(), web("", v6), service.IPFamilyPolicySingleStack, []service.IPFamily{v6}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := newSettled(t, tc.cfg)
			before := c.Events()
			s, err := c.CreateService(tc.svc)
			if tc.err != "" {
				require.ErrorIs(t, err, ErrInvalid)
				require.Equal(t, tc.err, err.Error())
				require.Equal(t, before, c.Events())
				return
			}
			require.NoError(t, err)
			require.Equal(t, tc.policy, s.IPFamilyPolicy)
			require.Equal(t, tc.families, s.IPFamilies)
			require.Len(t, s.ClusterIPs, len(tc.families))
			require.Equal(t, s.ClusterIP, s.ClusterIPs[0])
			for i, ip := range s.ClusterIPs {
				require.Equal(t, tc.families[i], service.FamilyOf(ip))
			}
			settleCheck(t, c)
		})
	}
}

func TestDualStackServiceUpgradeDowngrade(t *testing.T) {
	c := newSettled(t, dualConfig())
	s, err := c.CreateService(service.Service{Name: "web", Selector: selector.Set{"app": "web"}, Ports: []service.Port{{Port: 80}}})
	require.NoError(t, err)
	primary := s.ClusterIP
	up := s.Clone()
	up.IPFamilyPolicy = service.IPFamilyPolicyPreferDualStack
	s, err = c.UpdateService(up)
	require.NoError(t, err)
	require.Len(t, s.ClusterIPs, 2)
	require.Equal(t, primary, s.ClusterIPs[0])
	secondary := s.ClusterIPs[1]
	require.True(t, secondary.Is6())
	settleCheck(t, c)

	// Removing the secondary without SingleStack is refused, and changes nothing.
	bad := s.Clone()
	bad.ClusterIPs = bad.ClusterIPs[:1]
	_, err = c.UpdateService(bad)
	require.ErrorIs(t, err, ErrInvalid)
	require.Contains(t, err.Error(), "must be 'SingleStack' to release the secondary cluster IP")
	got, _ := c.Service("", "web")
	require.Equal(t, s.ClusterIPs, got.ClusterIPs)

	down := s.Clone()
	down.IPFamilyPolicy = service.IPFamilyPolicySingleStack
	s, err = c.UpdateService(down)
	require.NoError(t, err)
	require.Equal(t, []netip.Addr{primary}, s.ClusterIPs)
	settleCheck(t, c)

	// The released secondary can be requested again.
	again := s.Clone()
	again.IPFamilyPolicy = service.IPFamilyPolicyRequireDualStack
	again.ClusterIPs = []netip.Addr{primary, secondary}
	s, err = c.UpdateService(again)
	require.NoError(t, err)
	require.Equal(t, []netip.Addr{primary, secondary}, s.ClusterIPs)

	// The primary may not change.
	moved := s.Clone()
	moved.ClusterIP = netip.MustParseAddr("10.96.0.50")
	moved.ClusterIPs[0] = moved.ClusterIP
	_, err = c.UpdateService(moved)
	require.ErrorIs(t, err, ErrInvalid)
	require.Contains(t, err.Error(), `spec.clusterIPs[0]: Invalid value: ["10.96.0.50","`+secondary.String()+`"]: may not change once set`)
	settleCheck(t, c)

	require.NoError(t, c.DeleteService("", "web"))
	settleCheck(t, c)
	// Both addresses are free again.
	s, err = c.CreateService(service.Service{Name: "again", Selector: selector.Set{"app": "web"}, Ports: []service.Port{{Port: 80}},
		IPFamilyPolicy: service.IPFamilyPolicyRequireDualStack, ClusterIP: primary, ClusterIPs: []netip.Addr{primary, secondary}})
	require.NoError(t, err)
	require.True(t, slices.Equal([]netip.Addr{primary, secondary}, s.ClusterIPs))
}

func TestDualStackRequestedClusterIPOutOfRange(t *testing.T) {
	c := newSettled(t, dualConfig())
	_, err := c.CreateService(service.Service{Name: "web", Selector: selector.Set{"app": "web"}, Ports: []service.Port{{Port: 80}},
		IPFamilyPolicy: service.IPFamilyPolicyRequireDualStack, ClusterIP: netip.MustParseAddr("10.96.0.20"),
		ClusterIPs: []netip.Addr{netip.MustParseAddr("10.96.0.20"), netip.MustParseAddr("fd00:99::1")}})
	require.ErrorIs(t, err, ErrInvalid)
	require.Contains(t, err.Error(), `spec.clusterIPs: Invalid value: ["10.96.0.20","fd00:99::1"]: failed to allocate IP fd00:99::1`)
	// Nothing was kept: 10.96.0.20 is free.
	_, err = c.CreateService(service.Service{Name: "web", Selector: selector.Set{"app": "web"}, Ports: []service.Port{{Port: 80}},
		ClusterIP: netip.MustParseAddr("10.96.0.20")})
	require.NoError(t, err)
}

func TestDualStackEndpointSlices(t *testing.T) {
	c := newSettled(t, dualConfig())
	must(t, c.CreateDeployment(webDeployment(3, 0)))
	mk := func(name string, headless bool, policy service.IPFamilyPolicy, fams ...service.IPFamily) {
		_, err := c.CreateService(service.Service{Name: name, Selector: selector.Set{"app": "web"}, Headless: headless,
			Ports: []service.Port{{Port: 80}}, IPFamilyPolicy: policy, IPFamilies: fams})
		must(t, err)
	}
	mk("single", false, "")
	mk("dual", false, service.IPFamilyPolicyRequireDualStack)
	mk("six", false, "", service.IPv6Protocol)
	mk("hdual", true, service.IPFamilyPolicyPreferDualStack)
	settleCheck(t, c)
	types := func(name string) (v4, v6 int) {
		for _, sl := range c.EndpointSlices("", name) {
			for _, e := range sl.Endpoints {
				for _, a := range e.Addresses {
					require.Equal(t, string(sl.AddressType) == "IPv4", a.Is4(), "slice %s holds %s", sl.Name, a)
				}
			}
			if sl.AddressType == "IPv4" {
				v4 += len(sl.Endpoints)
			} else {
				v6 += len(sl.Endpoints)
			}
		}
		return v4, v6
	}
	for _, tc := range []struct {
		name   string
		v4, v6 int
		epIPv6 bool
	}{{"single", 3, 0, false}, {"dual", 3, 3, false}, {"six", 0, 3, true}, {"hdual", 3, 3, false}} {
		v4, v6 := types(tc.name)
		require.Equal(t, [2]int{tc.v4, tc.v6}, [2]int{v4, v6}, tc.name)
		ep, ok := c.Endpoints("", tc.name)
		require.True(t, ok, tc.name)
		n := 0
		for _, s := range ep.Subsets {
			for _, a := range s.Addresses {
				require.Equal(t, tc.epIPv6, a.IP.Is6(), "%s: Endpoints hold %s", tc.name, a.IP)
				n++
			}
		}
		require.Equal(t, 3, n, tc.name)
	}
	// Slice names are unique in the namespace across both families.
	seen := map[string]bool{}
	for _, name := range []string{"single", "dual", "six", "hdual"} {
		for _, sl := range c.EndpointSlices("", name) {
			require.False(t, seen[sl.Name], sl.Name)
			seen[sl.Name] = true
		}
	}
	// A downgrade drops the secondary family's slices.
	s, _ := c.Service("", "dual")
	s.IPFamilyPolicy = service.IPFamilyPolicySingleStack
	_, err := c.UpdateService(s)
	must(t, err)
	settleCheck(t, c)
	v4, v6 := types("dual")
	require.Equal(t, [2]int{3, 0}, [2]int{v4, v6})
}

func TestDualStackConnectAndDNS(t *testing.T) {
	c := newSettled(t, dualConfig())
	must(t, c.CreateDeployment(webDeployment(3, 0)))
	_, err := c.CreatePod(pod.Pod{Name: "client"})
	must(t, err)
	svc := webService()
	svc.IPFamilyPolicy = service.IPFamilyPolicyRequireDualStack
	s, err := c.CreateService(svc)
	must(t, err)
	six := webService()
	six.Name, six.IPFamilies, six.Type = "six", []service.IPFamily{service.IPv6Protocol}, service.NodePort
	s6, err := c.CreateService(six)
	must(t, err)
	hl := webService()
	hl.Name, hl.Headless, hl.IPFamilyPolicy = "hl", true, service.IPFamilyPolicyPreferDualStack
	_, err = c.CreateService(hl)
	must(t, err)
	settleCheck(t, c)

	// Connect to either family's ClusterIP lands on a pod address of that family.
	for _, ip := range s.ClusterIPs {
		conn, err := c.Connect(FromPod("", "client"), netip.AddrPortFrom(ip, 80).String())
		require.NoError(t, err, ip)
		require.Equal(t, ip.Is4(), conn.Backend.Addr().Is4(), "%s → %s", ip, conn.Backend)
		require.Contains(t, conn.Path[0], "pod default/client (")
	}
	conn, err := c.Connect(FromPod("", "client"), netip.AddrPortFrom(s6.ClusterIP, 80).String())
	require.NoError(t, err)
	require.True(t, conn.Backend.Addr().Is6())
	// A pod's IPv6 address is reachable directly.
	p := podsOf(c)[0]
	conn, err = c.Connect(FromPod("", "client"), netip.AddrPortFrom(p.IPs[1], 8080).String())
	require.NoError(t, err)
	require.Equal(t, "default/"+p.Name, conn.Pod)
	// The IPv6-only Service's node port is not on the IPv4 node addresses.
	_, err = c.Connect(External(netip.MustParseAddr("198.51.100.7")),
		netip.AddrPortFrom(c.Nodes()[1].IP, uint16(s6.Ports[0].NodePort)).String())
	require.ErrorIs(t, err, ErrConnectionRefused)

	// DNS: A and AAAA for the dual-stack Service, AAAA only for the IPv6 one.
	addrs, err := c.Resolve("", "web")
	require.NoError(t, err)
	require.ElementsMatch(t, s.ClusterIPs, addrs)
	addrs, err = c.Resolve("", "six")
	require.NoError(t, err)
	require.Equal(t, []netip.Addr{s6.ClusterIP}, addrs)
	// Headless: each ready endpoint's addresses of both families.
	addrs, err = c.Resolve("", "hl")
	require.NoError(t, err)
	var want []netip.Addr
	for _, p := range podsOf(c) {
		if p.Name != "client" {
			want = append(want, p.IPs...)
		}
	}
	require.ElementsMatch(t, want, addrs)
	// By name, a dual-stack Service is reached on one of its addresses.
	conn, err = c.Connect(FromPod("", "client"), "web:80")
	require.NoError(t, err)
	require.NotEmpty(t, conn.Pod)
	// Env vars carry the primary ClusterIP.
	_, err = c.CreatePod(pod.Pod{Name: "late"})
	must(t, err)
	settleCheck(t, c)
	cl, _ := c.Pod("", "late")
	require.Equal(t, s.ClusterIP.String(), cl.Env["WEB_SERVICE_HOST"])
}

func TestDualStackPodHostnameRecords(t *testing.T) {
	c := newSettled(t, dualConfig())
	_, err := c.CreateService(service.Service{Name: "sub", Headless: true, Selector: selector.Set{"app": "db"},
		IPFamilyPolicy: service.IPFamilyPolicyRequireDualStack})
	must(t, err)
	_, err = c.CreatePod(pod.Pod{Name: "db", Labels: selector.Set{"app": "db"}, Hostname: "db-0", Subdomain: "sub"})
	must(t, err)
	settleCheck(t, c)
	got, _ := c.Pod("", "db")
	addrs, err := c.Resolve("", "db-0.sub")
	require.NoError(t, err)
	require.ElementsMatch(t, got.IPs, addrs)
}

// TestDualStackIPv6PrimaryWraps: with an IPv6 primary family, a node's
// pod addresses wrap with its IPv4 /24, so the paired IPv4 address stays a
// host address of the node after hundreds of pods.
func TestDualStackIPv6PrimaryWraps(t *testing.T) {
	c := newSettled(t, Config{Nodes: 1, ServiceCIDR: netip.MustParsePrefix("fd00:10:96::/112"),
		PodCIDR: netip.MustParsePrefix("fd00:10:244::/56"), SecondaryServiceCIDR: netip.MustParsePrefix("10.96.0.0/12"),
		SecondaryPodCIDR: netip.MustParsePrefix("10.244.0.0/16")})
	node := c.Nodes()[0]
	for i := range 300 {
		_, err := c.CreatePod(pod.Pod{Name: "p"})
		must(t, err)
		must(t, c.Settle())
		p, _ := c.Pod("", "p")
		require.Len(t, p.IPs, 2)
		require.True(t, p.IPs[0].Is6() && node.PodCIDRs[0].Contains(p.IPs[0]), "%d: %v", i, p.IPs)
		require.True(t, node.PodCIDRs[1].Contains(p.IPs[1]) && p.IPs[1] != node.PodCIDRs[1].Masked().Addr(), "%d: %v", i, p.IPs)
		require.NotEqual(t, "10.244.0.255", p.IPs[1].String())
		must(t, c.DeletePodGrace("", "p", 0))
		must(t, c.Settle())
	}
	settleCheck(t, c)
}
