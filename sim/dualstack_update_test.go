package sim

import (
	"net/netip"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/svcsim/svcsim/selector"
	"github.com/svcsim/svcsim/service"
)

// famsSpec is the IP-family part of a Service in the cases of kubernetes
// pkg/registry/core/service/storage/storage_test.go
// (TestUpdateIPsFromSingleStack, TestUpdateIPsFromDualStack): the policy,
// the families and the clusterIPs ("None": headless), each unset when
// zero.
type famsSpec struct {
	policy   service.IPFamilyPolicy
	families []service.IPFamily
	ips      []string
}

func fs(policy service.IPFamilyPolicy, families []service.IPFamily, ips ...string) famsSpec {
	return famsSpec{policy, families, ips}
}

func fams(f ...service.IPFamily) []service.IPFamily { return f }

const (
	pSingle  = service.IPFamilyPolicySingleStack
	pPrefer  = service.IPFamilyPolicyPreferDualStack
	pRequire = service.IPFamilyPolicyRequireDualStack
	v4       = service.IPv4Protocol
	v6       = service.IPv6Protocol
)

// service is upstream's svctest.MakeService("foo") with spec f: one port
// 93 -> 76, type ClusterIP.
func (f famsSpec) service(sel selector.Set) service.Service {
	s := service.Service{Name: "foo", Selector: sel, IPFamilyPolicy: f.policy, IPFamilies: f.families,
		Ports: []service.Port{{Port: 93, TargetPort: service.TargetPortNumber(76)}}}
	switch {
	case len(f.ips) == 1 && f.ips[0] == "None":
		s.Headless = true
	case len(f.ips) > 0:
		s.ClusterIPs = addrs(f.ips...)
		s.ClusterIP = s.ClusterIPs[0]
	}
	return s
}

func addrs(ss ...string) []netip.Addr {
	out := make([]netip.Addr, len(ss))
	for i, s := range ss {
		out[i] = netip.MustParseAddr(s)
	}
	return out
}

// famsCase: a Service created as create, then replaced by update (which
// also changes the selector); err: the update is refused and changes
// nothing; else the Service has families IP families, and its
// clusterIPs start with the created primary and with those update asked
// for (only the first when downgrade).
type famsCase struct {
	name           string
	create, update famsSpec
	err            bool
	families       int
	downgrade      bool
}

// famsConfig is a cluster with upstream's service ranges (newStorage):
// 10.0.0.0/16 for IPv4, 2000::/108 for IPv6, the primary first. The
// cases ask for 10.0.0.99 and 2000::99 where upstream asks for 10.0.0.1
// and 2000::1: here the first address of the primary range is the
// kubernetes Service's, the tenth kube-dns's.
func famsConfig(families ...service.IPFamily) Config {
	ranges := map[service.IPFamily][2]netip.Prefix{
		v4: {netip.MustParsePrefix("10.0.0.0/16"), netip.MustParsePrefix("10.244.0.0/16")},
		v6: {netip.MustParsePrefix("2000::/108"), netip.MustParsePrefix("fd00:10:244::/56")},
	}
	cfg := Config{ServiceCIDR: ranges[families[0]][0], PodCIDR: ranges[families[0]][1]}
	if len(families) == 2 {
		cfg.SecondaryServiceCIDR, cfg.SecondaryPodCIDR = ranges[families[1]][0], ranges[families[1]][1]
	}
	return cfg
}

func runFamsCases(t *testing.T, cfg Config, cases []famsCase) {
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := newSettled(t, cfg)
			created, err := c.CreateService(tc.create.service(selector.Set{"k": "v"}))
			require.NoError(t, err)
			if strings.HasSuffix(tc.name, "_ip_in_use") {
				// Upstream allocates the update's secondary first.
				ip := addrs(tc.update.ips[1])[0]
				_, err := c.CreateService(service.Service{Name: "other", Selector: selector.Set{"k": "v"},
					Ports: []service.Port{{Port: 93}}, IPFamilies: fams(service.FamilyOf(ip)), ClusterIP: ip})
				require.NoError(t, err)
			}
			updated, err := c.UpdateService(tc.update.service(selector.Set{"k2": "v2"}))
			if tc.err {
				require.Error(t, err)
				got, ok := c.Service("", "foo")
				require.True(t, ok)
				require.Equal(t, created, got)
				settleCheck(t, c)
				return
			}
			require.NoError(t, err)
			require.Len(t, updated.IPFamilies, tc.families, "families %v", updated.IPFamilies)
			if created.Headless {
				require.True(t, updated.Headless)
				require.Empty(t, updated.ClusterIPs)
			} else {
				require.Len(t, updated.ClusterIPs, tc.families)
				require.Equal(t, created.ClusterIPs[0], updated.ClusterIPs[0])
				if want := tc.update.ips; len(want) > 0 {
					if tc.downgrade {
						want = want[:1]
					}
					require.Equal(t, addrs(want...), updated.ClusterIPs[:len(want)])
				}
			}
			settleCheck(t, c)
			require.NoError(t, c.DeleteService("", "foo"))
			settleCheck(t, c)
		})
	}
}

// TestUpdateIPsFromSingleStack ports kubernetes
// pkg/registry/core/service/storage/storage_test.go,
// TestUpdateIPsFromSingleStack: a single-stack Service updated with every
// combination of policy, families and clusterIPs.
func TestUpdateIPsFromSingleStack(t *testing.T) {
	casesV4 := []famsCase{
		{"single-single", fs(pSingle, nil), fs(pSingle, nil), false, 1, false},
		{"single-dual", fs(pSingle, nil), fs(pRequire, fams(v4, v6)), true, 0, false},
		{"single-dual_policy", fs(pSingle, nil), fs(pRequire, nil), true, 0, false},
		{"single-dual_families", fs(pSingle, nil), fs("", fams(v4, v6)), true, 0, false},
	}
	casesV4V6 := []famsCase{
		{"policy:nil_families:nil_ips:nil", fs(pSingle, nil, "10.0.0.99"), fs("", nil), false, 1, false},
		{"policy:nil_families:nil_ips:single", fs(pSingle, nil, "10.0.0.99"), fs("", nil, "10.0.0.99"), false, 1, false},
		{"policy:nil_families:nil_ips:dual", fs(pSingle, nil, "10.0.0.99"), fs("", nil, "10.0.0.99", "2000::99"), true, 0, false},
		{"policy:nil_families:single_ips:nil", fs(pSingle, nil, "10.0.0.99"), fs("", fams(v4)), false, 1, false},
		{"policy:nil_families:single_ips:single", fs(pSingle, nil, "10.0.0.99"), fs("", fams(v4), "10.0.0.99"), false, 1, false},
		{"policy:nil_families:single_ips:dual", fs(pSingle, nil, "10.0.0.99"), fs("", fams(v4), "10.0.0.99", "2000::99"), true, 0, false},
		{"policy:nil_families:dual_ips:nil", fs(pSingle, nil, "10.0.0.99"), fs("", fams(v4, v6)), true, 0, false},
		{"policy:nil_families:dual_ips:single", fs(pSingle, nil, "10.0.0.99"), fs("", fams(v4, v6), "10.0.0.99"), true, 0, false},
		{"policy:nil_families:dual_ips:dual", fs(pSingle, nil, "10.0.0.99"), fs("", fams(v4, v6), "10.0.0.99", "2000::99"), true, 0, false},
		{"policy:single_families:nil_ips:nil", fs(pSingle, nil, "10.0.0.99"), fs(pSingle, nil), false, 1, false},
		{"policy:single_families:nil_ips:single", fs(pSingle, nil, "10.0.0.99"), fs(pSingle, nil, "10.0.0.99"), false, 1, false},
		{"policy:single_families:nil_ips:dual", fs(pSingle, nil, "10.0.0.99"), fs(pSingle, nil, "10.0.0.99", "2000::99"), true, 0, false},
		{"policy:single_families:single_ips:nil", fs(pSingle, nil, "10.0.0.99"), fs(pSingle, fams(v4)), false, 1, false},
		{"policy:single_families:single_ips:single", fs(pSingle, nil, "10.0.0.99"), fs(pSingle, fams(v4), "10.0.0.99"), false, 1, false},
		{"policy:single_families:single_ips:dual", fs(pSingle, nil, "10.0.0.99"), fs(pSingle, fams(v4), "10.0.0.99", "2000::99"), true, 0, false},
		{"policy:single_families:dual_ips:nil", fs(pSingle, nil, "10.0.0.99"), fs(pSingle, fams(v4, v6)), true, 0, false},
		{"policy:single_families:dual_ips:single", fs(pSingle, nil, "10.0.0.99"), fs(pSingle, fams(v4, v6), "10.0.0.99"), true, 0, false},
		{"policy:single_families:dual_ips:dual", fs(pSingle, nil, "10.0.0.99"), fs(pSingle, fams(v4, v6), "10.0.0.99", "2000::99"), true, 0, false},
		{"policy:prefer_families:nil_ips:nil", fs(pSingle, nil, "10.0.0.99"), fs(pPrefer, nil), false, 2, false},
		{"policy:prefer_families:nil_ips:single", fs(pSingle, nil, "10.0.0.99"), fs(pPrefer, nil, "10.0.0.99"), false, 2, false},
		{"policy:prefer_families:nil_ips:dual", fs(pSingle, nil, "10.0.0.99"), fs(pPrefer, nil, "10.0.0.99", "2000::99"), false, 2, false},
		{"policy:prefer_families:single_ips:nil", fs(pSingle, nil, "10.0.0.99"), fs(pPrefer, fams(v4)), false, 2, false},
		{"policy:prefer_families:single_ips:single", fs(pSingle, nil, "10.0.0.99"), fs(pPrefer, fams(v4), "10.0.0.99"), false, 2, false},
		{"policy:prefer_families:single_ips:dual", fs(pSingle, nil, "10.0.0.99"), fs(pPrefer, fams(v4), "10.0.0.99", "2000::99"), false, 2, false},
		{"policy:prefer_families:dual_ips:nil", fs(pSingle, nil, "10.0.0.99"), fs(pPrefer, fams(v4, v6)), false, 2, false},
		{"policy:prefer_families:dual_ips:single", fs(pSingle, nil, "10.0.0.99"), fs(pPrefer, fams(v4, v6), "10.0.0.99"), false, 2, false},
		{"policy:prefer_families:dual_ips:dual", fs(pSingle, nil, "10.0.0.99"), fs(pPrefer, fams(v4, v6), "10.0.0.99", "2000::99"), false, 2, false},
		{"policy:require_families:nil_ips:nil", fs(pSingle, nil, "10.0.0.99"), fs(pRequire, nil), false, 2, false},
		{"policy:require_families:nil_ips:single", fs(pSingle, nil, "10.0.0.99"), fs(pRequire, nil, "10.0.0.99"), false, 2, false},
		{"policy:require_families:nil_ips:dual", fs(pSingle, nil, "10.0.0.99"), fs(pRequire, nil, "10.0.0.99", "2000::99"), false, 2, false},
		{"policy:require_families:single_ips:nil", fs(pSingle, nil, "10.0.0.99"), fs(pRequire, fams(v4)), false, 2, false},
		{"policy:require_families:single_ips:single", fs(pSingle, nil, "10.0.0.99"), fs(pRequire, fams(v4), "10.0.0.99"), false, 2, false},
		{"policy:require_families:single_ips:dual", fs(pSingle, nil, "10.0.0.99"), fs(pRequire, fams(v4), "10.0.0.99", "2000::99"), false, 2, false},
		{"policy:require_families:dual_ips:nil", fs(pSingle, nil, "10.0.0.99"), fs(pRequire, fams(v4, v6)), false, 2, false},
		{"policy:require_families:dual_ips:single", fs(pSingle, nil, "10.0.0.99"), fs(pRequire, fams(v4, v6), "10.0.0.99"), false, 2, false},
		{"policy:require_families:dual_ips:dual", fs(pSingle, nil, "10.0.0.99"), fs(pRequire, fams(v4, v6), "10.0.0.99", "2000::99"), false, 2, false},
		{"single-dual_wrong_order_families", fs(pSingle, nil, "10.0.0.99"), fs(pRequire, fams(v6, v4)), true, 0, false},
		{"single-dual_wrong_order_ips", fs(pSingle, nil, "10.0.0.99"), fs(pRequire, nil, "2000::99", "10.0.0.99"), true, 0, false},
		{"single-dual_ip_in_use", fs(pSingle, nil, "10.0.0.99"), fs(pRequire, fams(v4, v6), "10.0.0.99", "2000::99"), true, 0, false}, // the update's secondary is taken first
	}
	casesV6V4 := []famsCase{
		{"policy:nil_families:nil_ips:nil", fs(pSingle, nil, "2000::99"), fs("", nil), false, 1, false},
		{"policy:nil_families:nil_ips:single", fs(pSingle, nil, "2000::99"), fs("", nil, "2000::99"), false, 1, false},
		{"policy:nil_families:nil_ips:dual", fs(pSingle, nil, "2000::99"), fs("", nil, "2000::99", "10.0.0.99"), true, 0, false},
		{"policy:nil_families:single_ips:nil", fs(pSingle, nil, "2000::99"), fs("", fams(v6)), false, 1, false},
		{"policy:nil_families:single_ips:single", fs(pSingle, nil, "2000::99"), fs("", fams(v6), "2000::99"), false, 1, false},
		{"policy:nil_families:single_ips:dual", fs(pSingle, nil, "2000::99"), fs("", fams(v6), "2000::99", "10.0.0.99"), true, 0, false},
		{"policy:nil_families:dual_ips:nil", fs(pSingle, nil, "2000::99"), fs("", fams(v6, v4)), true, 0, false},
		{"policy:nil_families:dual_ips:single", fs(pSingle, nil, "2000::99"), fs("", fams(v6, v4), "2000::99"), true, 0, false},
		{"policy:nil_families:dual_ips:dual", fs(pSingle, nil, "2000::99"), fs("", fams(v6, v4), "2000::99", "10.0.0.99"), true, 0, false},
		{"policy:single_families:nil_ips:nil", fs(pSingle, nil, "2000::99"), fs(pSingle, nil), false, 1, false},
		{"policy:single_families:nil_ips:single", fs(pSingle, nil, "2000::99"), fs(pSingle, nil, "2000::99"), false, 1, false},
		{"policy:single_families:nil_ips:dual", fs(pSingle, nil, "2000::99"), fs(pSingle, nil, "2000::99", "10.0.0.99"), true, 0, false},
		{"policy:single_families:single_ips:nil", fs(pSingle, nil, "2000::99"), fs(pSingle, fams(v6)), false, 1, false},
		{"policy:single_families:single_ips:single", fs(pSingle, nil, "2000::99"), fs(pSingle, fams(v6), "2000::99"), false, 1, false},
		{"policy:single_families:single_ips:dual", fs(pSingle, nil, "2000::99"), fs(pSingle, fams(v6), "2000::99", "10.0.0.99"), true, 0, false},
		{"policy:single_families:dual_ips:nil", fs(pSingle, nil, "2000::99"), fs(pSingle, fams(v6, v4)), true, 0, false},
		{"policy:single_families:dual_ips:single", fs(pSingle, nil, "2000::99"), fs(pSingle, fams(v6, v4), "2000::99"), true, 0, false},
		{"policy:single_families:dual_ips:dual", fs(pSingle, nil, "2000::99"), fs(pSingle, fams(v6, v4), "2000::99", "10.0.0.99"), true, 0, false},
		{"policy:prefer_families:nil_ips:nil", fs(pSingle, nil, "2000::99"), fs(pPrefer, nil), false, 2, false},
		{"policy:prefer_families:nil_ips:single", fs(pSingle, nil, "2000::99"), fs(pPrefer, nil, "2000::99"), false, 2, false},
		{"policy:prefer_families:nil_ips:dual", fs(pSingle, nil, "2000::99"), fs(pPrefer, nil, "2000::99", "10.0.0.99"), false, 2, false},
		{"policy:prefer_families:single_ips:nil", fs(pSingle, nil, "2000::99"), fs(pPrefer, fams(v6)), false, 2, false},
		{"policy:prefer_families:single_ips:single", fs(pSingle, nil, "2000::99"), fs(pPrefer, fams(v6), "2000::99"), false, 2, false},
		{"policy:prefer_families:single_ips:dual", fs(pSingle, nil, "2000::99"), fs(pPrefer, fams(v6), "2000::99", "10.0.0.99"), false, 2, false},
		{"policy:prefer_families:dual_ips:nil", fs(pSingle, nil, "2000::99"), fs(pPrefer, fams(v6, v4)), false, 2, false},
		{"policy:prefer_families:dual_ips:single", fs(pSingle, nil, "2000::99"), fs(pPrefer, fams(v6, v4), "2000::99"), false, 2, false},
		{"policy:prefer_families:dual_ips:dual", fs(pSingle, nil, "2000::99"), fs(pPrefer, fams(v6, v4), "2000::99", "10.0.0.99"), false, 2, false},
		{"policy:require_families:nil_ips:nil", fs(pSingle, nil, "2000::99"), fs(pRequire, nil), false, 2, false},
		{"policy:require_families:nil_ips:single", fs(pSingle, nil, "2000::99"), fs(pRequire, nil, "2000::99"), false, 2, false},
		{"policy:require_families:nil_ips:dual", fs(pSingle, nil, "2000::99"), fs(pRequire, nil, "2000::99", "10.0.0.99"), false, 2, false},
		{"policy:require_families:single_ips:nil", fs(pSingle, nil, "2000::99"), fs(pRequire, fams(v6)), false, 2, false},
		{"policy:require_families:single_ips:single", fs(pSingle, nil, "2000::99"), fs(pRequire, fams(v6), "2000::99"), false, 2, false},
		{"policy:require_families:single_ips:dual", fs(pSingle, nil, "2000::99"), fs(pRequire, fams(v6), "2000::99", "10.0.0.99"), false, 2, false},
		{"policy:require_families:dual_ips:nil", fs(pSingle, nil, "2000::99"), fs(pRequire, fams(v6, v4)), false, 2, false},
		{"policy:require_families:dual_ips:single", fs(pSingle, nil, "2000::99"), fs(pRequire, fams(v6, v4), "2000::99"), false, 2, false},
		{"policy:require_families:dual_ips:dual", fs(pSingle, nil, "2000::99"), fs(pRequire, fams(v6, v4), "2000::99", "10.0.0.99"), false, 2, false},
		{"single-dual_wrong_order_families", fs(pSingle, nil, "2000::99"), fs(pRequire, fams(v4, v6)), true, 0, false},
		{"single-dual_wrong_order_ips", fs(pSingle, nil, "2000::99"), fs(pRequire, nil, "10.0.0.99", "2000::99"), true, 0, false},
		{"single-dual_ip_in_use", fs(pSingle, nil, "2000::99"), fs(pRequire, fams(v4, v6), "2000::99", "10.0.0.99"), true, 0, false}, // the update's secondary is taken first
	}
	casesHeadless := []famsCase{
		{"policy:nil_families:nil", fs(pSingle, nil, "None"), fs("", nil), false, 1, false},
		{"policy:nil_families:single", fs(pSingle, nil, "None"), fs("", fams(v4)), false, 1, false},
		{"policy:nil_families:dual", fs(pSingle, nil, "None"), fs("", fams(v4, v6)), true, 0, false},
		{"policy:single_families:nil", fs(pSingle, nil, "None"), fs(pSingle, nil), false, 1, false},
		{"policy:single_families:single", fs(pSingle, nil, "None"), fs(pSingle, fams(v4)), false, 1, false},
		{"policy:single_families:dual", fs(pSingle, nil, "None"), fs(pSingle, fams(v4, v6)), true, 0, false},
		{"policy:prefer_families:nil", fs(pSingle, nil, "None"), fs(pPrefer, nil), false, 2, false},
		{"policy:prefer_families:single", fs(pSingle, nil, "None"), fs(pPrefer, fams(v4)), false, 2, false},
		{"policy:prefer_families:dual", fs(pSingle, nil, "None"), fs(pPrefer, fams(v4, v6)), false, 2, false},
		{"policy:require_families:nil", fs(pSingle, nil, "None"), fs(pRequire, nil), false, 2, false},
		{"policy:require_families:single", fs(pSingle, nil, "None"), fs(pRequire, fams(v4)), false, 2, false},
		{"policy:require_families:dual", fs(pSingle, nil, "None"), fs(pRequire, fams(v4, v6)), false, 2, false},
	}
	t.Run("singlestack:v4", func(t *testing.T) { runFamsCases(t, famsConfig(v4), casesV4) })
	t.Run("dualstack:v4v6", func(t *testing.T) { runFamsCases(t, famsConfig(v4, v6), casesV4V6) })
	t.Run("dualstack:v6v4", func(t *testing.T) { runFamsCases(t, famsConfig(v6, v4), casesV6V4) })
	t.Run("headless", func(t *testing.T) { runFamsCases(t, famsConfig(v4, v6), casesHeadless) })
}

// TestUpdateIPsFromDualStack ports kubernetes
// pkg/registry/core/service/storage/storage_test.go,
// TestUpdateIPsFromDualStack: the same from a dual-stack Service.
func TestUpdateIPsFromDualStack(t *testing.T) {
	casesV4V6 := []famsCase{
		{"policy:nil_families:nil_ips:nil", fs(pRequire, nil, "10.0.0.99", "2000::99"), fs("", nil), false, 2, false},
		{"policy:nil_families:nil_ips:single", fs(pRequire, nil, "10.0.0.99", "2000::99"), fs("", nil, "10.0.0.99"), true, 0, false},
		{"policy:nil_families:nil_ips:dual", fs(pRequire, nil, "10.0.0.99", "2000::99"), fs("", nil, "10.0.0.99", "2000::99"), false, 2, false},
		{"policy:nil_families:single_ips:nil", fs(pRequire, nil, "10.0.0.99", "2000::99"), fs("", fams(v4)), true, 0, false},
		{"policy:nil_families:single_ips:single", fs(pRequire, nil, "10.0.0.99", "2000::99"), fs("", fams(v4), "10.0.0.99"), true, 0, false},
		{"policy:nil_families:single_ips:dual", fs(pRequire, nil, "10.0.0.99", "2000::99"), fs("", fams(v4), "10.0.0.99", "2000::99"), true, 0, false},
		{"policy:nil_families:dual_ips:nil", fs(pRequire, nil, "10.0.0.99", "2000::99"), fs("", fams(v4, v6)), false, 2, false},
		{"policy:nil_families:dual_ips:single", fs(pRequire, nil, "10.0.0.99", "2000::99"), fs("", fams(v4, v6), "10.0.0.99"), true, 0, false},
		{"policy:nil_families:dual_ips:dual", fs(pRequire, nil, "10.0.0.99", "2000::99"), fs("", fams(v4, v6), "10.0.0.99", "2000::99"), false, 2, false},
		{"policy:single_families:nil_ips:nil", fs(pRequire, nil, "10.0.0.99", "2000::99"), fs(pSingle, nil), false, 1, false},
		{"policy:single_families:nil_ips:single", fs(pRequire, nil, "10.0.0.99", "2000::99"), fs(pSingle, nil, "10.0.0.99"), false, 1, false},
		{"policy:single_families:nil_ips:dual", fs(pRequire, nil, "10.0.0.99", "2000::99"), fs(pSingle, nil, "10.0.0.99", "2000::99"), false, 1, true},
		{"policy:single_families:single_ips:nil", fs(pRequire, nil, "10.0.0.99", "2000::99"), fs(pSingle, fams(v4)), false, 1, false},
		{"policy:single_families:single_ips:single", fs(pRequire, nil, "10.0.0.99", "2000::99"), fs(pSingle, fams(v4), "10.0.0.99"), false, 1, false},
		{"policy:single_families:single_ips:dual", fs(pRequire, nil, "10.0.0.99", "2000::99"), fs(pSingle, fams(v4), "10.0.0.99", "2000::99"), false, 1, true},
		{"policy:single_families:dual_ips:nil", fs(pRequire, nil, "10.0.0.99", "2000::99"), fs(pSingle, fams(v4, v6)), false, 1, true},
		{"policy:single_families:dual_ips:single", fs(pRequire, nil, "10.0.0.99", "2000::99"), fs(pSingle, fams(v4, v6), "10.0.0.99"), false, 1, true},
		{"policy:single_families:dual_ips:dual", fs(pRequire, nil, "10.0.0.99", "2000::99"), fs(pSingle, fams(v4, v6), "10.0.0.99", "2000::99"), false, 1, true},
		{"policy:prefer_families:nil_ips:nil", fs(pRequire, nil, "10.0.0.99", "2000::99"), fs(pPrefer, nil), false, 2, false},
		{"policy:prefer_families:nil_ips:single", fs(pRequire, nil, "10.0.0.99", "2000::99"), fs(pPrefer, nil, "10.0.0.99"), true, 0, false},
		{"policy:prefer_families:nil_ips:dual", fs(pRequire, nil, "10.0.0.99", "2000::99"), fs(pPrefer, nil, "10.0.0.99", "2000::99"), false, 2, false},
		{"policy:prefer_families:single_ips:nil", fs(pRequire, nil, "10.0.0.99", "2000::99"), fs(pPrefer, fams(v4)), true, 0, false},
		{"policy:prefer_families:single_ips:single", fs(pRequire, nil, "10.0.0.99", "2000::99"), fs(pPrefer, fams(v4), "10.0.0.99"), true, 0, false},
		{"policy:prefer_families:single_ips:dual", fs(pRequire, nil, "10.0.0.99", "2000::99"), fs(pPrefer, fams(v4), "10.0.0.99", "2000::99"), true, 0, false},
		{"policy:prefer_families:dual_ips:nil", fs(pRequire, nil, "10.0.0.99", "2000::99"), fs(pPrefer, fams(v4, v6)), false, 2, false},
		{"policy:prefer_families:dual_ips:single", fs(pRequire, nil, "10.0.0.99", "2000::99"), fs(pPrefer, fams(v4, v6), "10.0.0.99"), true, 0, false},
		{"policy:prefer_families:dual_ips:dual", fs(pRequire, nil, "10.0.0.99", "2000::99"), fs(pPrefer, fams(v4, v6), "10.0.0.99", "2000::99"), false, 2, false},
		{"policy:require_families:nil_ips:nil", fs(pRequire, nil, "10.0.0.99", "2000::99"), fs(pRequire, nil), false, 2, false},
		{"policy:require_families:nil_ips:single", fs(pRequire, nil, "10.0.0.99", "2000::99"), fs(pRequire, nil, "10.0.0.99"), true, 0, false},
		{"policy:require_families:nil_ips:dual", fs(pRequire, nil, "10.0.0.99", "2000::99"), fs(pRequire, nil, "10.0.0.99", "2000::99"), false, 2, false},
		{"policy:require_families:single_ips:nil", fs(pRequire, nil, "10.0.0.99", "2000::99"), fs(pRequire, fams(v4)), true, 0, false},
		{"policy:require_families:single_ips:single", fs(pRequire, nil, "10.0.0.99", "2000::99"), fs(pRequire, fams(v4), "10.0.0.99"), true, 0, false},
		{"policy:require_families:single_ips:dual", fs(pRequire, nil, "10.0.0.99", "2000::99"), fs(pRequire, fams(v4), "10.0.0.99", "2000::99"), true, 0, false},
		{"policy:require_families:dual_ips:nil", fs(pRequire, nil, "10.0.0.99", "2000::99"), fs(pRequire, fams(v4, v6)), false, 2, false},
		{"policy:require_families:dual_ips:single", fs(pRequire, nil, "10.0.0.99", "2000::99"), fs(pRequire, fams(v4, v6), "10.0.0.99"), true, 0, false},
		{"policy:require_families:dual_ips:dual", fs(pRequire, nil, "10.0.0.99", "2000::99"), fs(pRequire, fams(v4, v6), "10.0.0.99", "2000::99"), false, 2, false},
		{"dual-single_wrong_order_families", fs(pRequire, nil, "10.0.0.99", "2000::99"), fs(pSingle, fams(v6)), true, 0, false},
		{"dual-single_wrong_order_ips", fs(pRequire, nil, "10.0.0.99", "2000::99"), fs(pSingle, nil, "2000::99"), true, 0, false},
	}
	casesV6V4 := []famsCase{
		{"policy:nil_families:nil_ips:nil", fs(pRequire, nil, "2000::99", "10.0.0.99"), fs("", nil), false, 2, false},
		{"policy:nil_families:nil_ips:single", fs(pRequire, nil, "2000::99", "10.0.0.99"), fs("", nil, "2000::99"), true, 0, false},
		{"policy:nil_families:nil_ips:dual", fs(pRequire, nil, "2000::99", "10.0.0.99"), fs("", nil, "2000::99", "10.0.0.99"), false, 2, false},
		{"policy:nil_families:single_ips:nil", fs(pRequire, nil, "2000::99", "10.0.0.99"), fs("", fams(v6)), true, 0, false},
		{"policy:nil_families:single_ips:single", fs(pRequire, nil, "2000::99", "10.0.0.99"), fs("", fams(v6), "2000::99"), true, 0, false},
		{"policy:nil_families:single_ips:dual", fs(pRequire, nil, "2000::99", "10.0.0.99"), fs("", fams(v6), "2000::99", "10.0.0.99"), true, 0, false},
		{"policy:nil_families:dual_ips:nil", fs(pRequire, nil, "2000::99", "10.0.0.99"), fs("", fams(v6, v4)), false, 2, false},
		{"policy:nil_families:dual_ips:single", fs(pRequire, nil, "2000::99", "10.0.0.99"), fs("", fams(v6, v4), "2000::99"), true, 0, false},
		{"policy:nil_families:dual_ips:dual", fs(pRequire, nil, "2000::99", "10.0.0.99"), fs("", fams(v6, v4), "2000::99", "10.0.0.99"), false, 2, false},
		{"policy:single_families:nil_ips:nil", fs(pRequire, nil, "2000::99", "10.0.0.99"), fs(pSingle, nil), false, 1, false},
		{"policy:single_families:nil_ips:single", fs(pRequire, nil, "2000::99", "10.0.0.99"), fs(pSingle, nil, "2000::99"), false, 1, false},
		{"policy:single_families:nil_ips:dual", fs(pRequire, nil, "2000::99", "10.0.0.99"), fs(pSingle, nil, "2000::99", "10.0.0.99"), false, 1, true},
		{"policy:single_families:single_ips:nil", fs(pRequire, nil, "2000::99", "10.0.0.99"), fs(pSingle, fams(v6)), false, 1, false},
		{"policy:single_families:single_ips:single", fs(pRequire, nil, "2000::99", "10.0.0.99"), fs(pSingle, fams(v6), "2000::99"), false, 1, false},
		{"policy:single_families:single_ips:dual", fs(pRequire, nil, "2000::99", "10.0.0.99"), fs(pSingle, fams(v6), "2000::99", "10.0.0.99"), false, 1, true},
		{"policy:single_families:dual_ips:nil", fs(pRequire, nil, "2000::99", "10.0.0.99"), fs(pSingle, fams(v6, v4)), false, 1, true},
		{"policy:single_families:dual_ips:single", fs(pRequire, nil, "2000::99", "10.0.0.99"), fs(pSingle, fams(v6, v4), "2000::99"), false, 1, true},
		{"policy:single_families:dual_ips:dual", fs(pRequire, nil, "2000::99", "10.0.0.99"), fs(pSingle, fams(v6, v4), "2000::99", "10.0.0.99"), false, 1, true},
		{"policy:prefer_families:nil_ips:nil", fs(pRequire, nil, "2000::99", "10.0.0.99"), fs(pPrefer, nil), false, 2, false},
		{"policy:prefer_families:nil_ips:single", fs(pRequire, nil, "2000::99", "10.0.0.99"), fs(pPrefer, nil, "2000::99"), true, 0, false},
		{"policy:prefer_families:nil_ips:dual", fs(pRequire, nil, "2000::99", "10.0.0.99"), fs(pPrefer, nil, "2000::99", "10.0.0.99"), false, 2, false},
		{"policy:prefer_families:single_ips:nil", fs(pRequire, nil, "2000::99", "10.0.0.99"), fs(pPrefer, fams(v6)), true, 0, false},
		{"policy:prefer_families:single_ips:single", fs(pRequire, nil, "2000::99", "10.0.0.99"), fs(pPrefer, fams(v6), "2000::99"), true, 0, false},
		{"policy:prefer_families:single_ips:dual", fs(pRequire, nil, "2000::99", "10.0.0.99"), fs(pPrefer, fams(v6), "2000::99", "10.0.0.99"), true, 0, false},
		{"policy:prefer_families:dual_ips:nil", fs(pRequire, nil, "2000::99", "10.0.0.99"), fs(pPrefer, fams(v6, v4)), false, 2, false},
		{"policy:prefer_families:dual_ips:single", fs(pRequire, nil, "2000::99", "10.0.0.99"), fs(pPrefer, fams(v6, v4), "2000::99"), true, 0, false},
		{"policy:prefer_families:dual_ips:dual", fs(pRequire, nil, "2000::99", "10.0.0.99"), fs(pPrefer, fams(v6, v4), "2000::99", "10.0.0.99"), false, 2, false},
		{"policy:require_families:nil_ips:nil", fs(pRequire, nil, "2000::99", "10.0.0.99"), fs(pRequire, nil), false, 2, false},
		{"policy:require_families:nil_ips:single", fs(pRequire, nil, "2000::99", "10.0.0.99"), fs(pRequire, nil, "2000::99"), true, 0, false},
		{"policy:require_families:nil_ips:dual", fs(pRequire, nil, "2000::99", "10.0.0.99"), fs(pRequire, nil, "2000::99", "10.0.0.99"), false, 2, false},
		{"policy:require_families:single_ips:nil", fs(pRequire, nil, "2000::99", "10.0.0.99"), fs(pRequire, fams(v6)), true, 0, false},
		{"policy:require_families:single_ips:single", fs(pRequire, nil, "2000::99", "10.0.0.99"), fs(pRequire, fams(v6), "2000::99"), true, 0, false},
		{"policy:require_families:single_ips:dual", fs(pRequire, nil, "2000::99", "10.0.0.99"), fs(pRequire, fams(v6), "2000::99", "10.0.0.99"), true, 0, false},
		{"policy:require_families:dual_ips:nil", fs(pRequire, nil, "2000::99", "10.0.0.99"), fs(pRequire, fams(v6, v4)), false, 2, false},
		{"policy:require_families:dual_ips:single", fs(pRequire, nil, "2000::99", "10.0.0.99"), fs(pRequire, fams(v6, v4), "2000::99"), true, 0, false},
		{"policy:require_families:dual_ips:dual", fs(pRequire, nil, "2000::99", "10.0.0.99"), fs(pRequire, fams(v6, v4), "2000::99", "10.0.0.99"), false, 2, false},
		{"dual-single_wrong_order_families", fs(pRequire, nil, "2000::99", "10.0.0.99"), fs(pSingle, fams(v4)), true, 0, false},
		{"dual-single_wrong_order_ips", fs(pRequire, nil, "2000::99", "10.0.0.99"), fs(pSingle, nil, "10.0.0.99"), true, 0, false},
	}
	casesHeadless := []famsCase{
		{"policy:nil_families:nil", fs(pRequire, nil, "None"), fs("", nil), false, 2, false},
		{"policy:nil_families:single", fs(pRequire, nil, "None"), fs("", fams(v4)), true, 0, false},
		{"policy:nil_families:dual", fs(pRequire, nil, "None"), fs("", fams(v4, v6)), false, 2, false},
		{"policy:single_families:nil", fs(pRequire, nil, "None"), fs(pSingle, nil), false, 1, false},
		{"policy:single_families:single", fs(pRequire, nil, "None"), fs(pSingle, fams(v4)), false, 1, false},
		{"policy:single_families:dual", fs(pRequire, nil, "None"), fs(pSingle, fams(v4, v6)), false, 1, true},
		{"policy:prefer_families:nil", fs(pRequire, nil, "None"), fs(pPrefer, nil), false, 2, false},
		{"policy:prefer_families:single", fs(pRequire, nil, "None"), fs(pPrefer, fams(v4)), true, 0, false},
		{"policy:prefer_families:dual", fs(pRequire, nil, "None"), fs(pPrefer, fams(v4, v6)), false, 2, false},
		{"policy:require_families:nil", fs(pRequire, nil, "None"), fs(pRequire, nil), false, 2, false},
		{"policy:require_families:single", fs(pRequire, nil, "None"), fs(pRequire, fams(v4)), true, 0, false},
		{"policy:require_families:dual", fs(pRequire, nil, "None"), fs(pRequire, fams(v4, v6)), false, 2, false},
	}
	t.Run("dualstack:v4v6", func(t *testing.T) { runFamsCases(t, famsConfig(v4, v6), casesV4V6) })
	t.Run("dualstack:v6v4", func(t *testing.T) { runFamsCases(t, famsConfig(v6, v4), casesV6V4) })
	t.Run("headless", func(t *testing.T) { runFamsCases(t, famsConfig(v4, v6), casesHeadless) })
}
