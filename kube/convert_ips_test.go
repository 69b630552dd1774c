package kube

import (
	"net/netip"
	"testing"

	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/service"
	"github.com/svcsim/svcsim/sim"
)

// status.podIP and status.podIPs, spec.podCIDR and spec.podCIDRs read as
// the API server converts them (kubernetes pkg/apis/core/v1/conversion.go):
// the singular alone is a list of one, the plural alone gives the
// singular its first entry, and a singular other than the plural's first
// entry wins over the plural.
func TestSingularPluralFields(t *testing.T) {
	a := netip.MustParseAddr
	for _, tc := range []struct {
		name   string
		podIP  string
		podIPs []string
		want   []netip.Addr
	}{
		{"neither", "", nil, nil},
		{"podIP alone", "10.244.1.5", nil, []netip.Addr{a("10.244.1.5")}},
		{"podIPs alone", "", []string{"fd00:10:244:1::5", "10.244.1.5"}, []netip.Addr{a("fd00:10:244:1::5"), a("10.244.1.5")}},
		{"both, agreeing", "10.244.1.5", []string{"10.244.1.5", "fd00:10:244:1::5"}, []netip.Addr{a("10.244.1.5"), a("fd00:10:244:1::5")}},
		{"both, podIP wins", "10.244.1.6", []string{"10.244.1.5", "fd00:10:244:1::5"}, []netip.Addr{a("10.244.1.6")}},
	} {
		t.Run("pod "+tc.name, func(t *testing.T) {
			k := basePod()
			k.Status.PodIP = tc.podIP
			for _, ip := range tc.podIPs {
				k.Status.PodIPs = append(k.Status.PodIPs, corev1.PodIP{IP: ip})
			}
			p, _, err := FromPod(k)
			require.NoError(t, err)
			require.Equal(t, tc.want, p.IPs)
			if len(tc.want) > 0 {
				require.Equal(t, tc.want[0], p.IP)
			} else {
				require.False(t, p.IP.IsValid())
			}
		})
	}
	p := netip.MustParsePrefix
	for _, tc := range []struct {
		name     string
		podCIDR  string
		podCIDRs []string
		want     []netip.Prefix
	}{
		{"neither", "", nil, nil},
		{"podCIDR alone", "10.244.1.0/24", nil, []netip.Prefix{p("10.244.1.0/24")}},
		{"podCIDRs alone", "", []string{"10.244.1.0/24", "fd00:10:244:1::/64"}, []netip.Prefix{p("10.244.1.0/24"), p("fd00:10:244:1::/64")}},
		{"both, podCIDR wins", "10.244.2.0/24", []string{"10.244.1.0/24", "fd00:10:244:1::/64"}, []netip.Prefix{p("10.244.2.0/24")}},
	} {
		t.Run("node "+tc.name, func(t *testing.T) {
			n, _, err := FromNode(&corev1.Node{ObjectMeta: metav1.ObjectMeta{Name: "n"},
				Spec: corev1.NodeSpec{PodCIDR: tc.podCIDR, PodCIDRs: tc.podCIDRs}})
			require.NoError(t, err)
			require.Equal(t, tc.want, n.PodCIDRs)
			if len(tc.want) > 0 {
				require.Equal(t, tc.want[0], n.PodCIDR)
			}
		})
	}
}

// The API server serves podIP as podIPs[0] and podCIDR as podCIDRs[0]:
// so does a pod or node holding only the singular.
func TestSingularOnlyServesPlural(t *testing.T) {
	c, err := sim.New(sim.Config{Seed: 1})
	require.NoError(t, err)
	k := ToPod(c, pod.Pod{Name: "p", NodeName: "node-1", Phase: pod.Running, IP: netip.MustParseAddr("10.244.0.9")})
	require.Equal(t, "10.244.0.9", k.Status.PodIP)
	require.Equal(t, []corev1.PodIP{{IP: "10.244.0.9"}}, k.Status.PodIPs)
	n := ToNode(sim.Node{Name: "n", PodCIDR: netip.MustParsePrefix("10.244.0.0/24")})
	require.Equal(t, "10.244.0.0/24", n.Spec.PodCIDR)
	require.Equal(t, []string{"10.244.0.0/24"}, n.Spec.PodCIDRs)
}

// A dual-stack Service manifest, read and created on a dual-stack
// cluster, is served with a cluster IP of each family, in the order of
// its ipFamilies; the same manifest asking RequireDualStack of a
// single-stack cluster is refused with upstream's words.
func TestDualStackServiceManifest(t *testing.T) {
	k := &corev1.Service{ObjectMeta: metav1.ObjectMeta{Name: "web", Namespace: "default"},
		Spec: corev1.ServiceSpec{Selector: map[string]string{"app": "web"}, Ports: []corev1.ServicePort{{Port: 80}},
			IPFamilyPolicy: ptr(corev1.IPFamilyPolicyRequireDualStack), IPFamilies: []corev1.IPFamily{corev1.IPv6Protocol}}}
	s, ws, err := FromService(k)
	require.NoError(t, err)
	require.Empty(t, ws)
	require.Equal(t, service.IPFamilyPolicyRequireDualStack, s.IPFamilyPolicy)
	require.Equal(t, []service.IPFamily{service.IPv6Protocol}, s.IPFamilies)

	c, err := sim.New(dualStackConfig())
	require.NoError(t, err)
	created, err := c.CreateService(s)
	require.NoError(t, err)
	got := ToService(created)
	require.Len(t, got.Spec.ClusterIPs, 2)
	require.Equal(t, got.Spec.ClusterIP, got.Spec.ClusterIPs[0])
	require.True(t, netip.MustParseAddr(got.Spec.ClusterIPs[0]).Is6(), got.Spec.ClusterIPs[0])
	require.True(t, netip.MustParseAddr(got.Spec.ClusterIPs[1]).Is4(), got.Spec.ClusterIPs[1])
	require.Equal(t, []corev1.IPFamily{corev1.IPv6Protocol, corev1.IPv4Protocol}, got.Spec.IPFamilies)
	require.Equal(t, ptr(corev1.IPFamilyPolicyRequireDualStack), got.Spec.IPFamilyPolicy)

	single, err := sim.New(sim.Config{Seed: 1})
	require.NoError(t, err)
	_, err = single.CreateService(s)
	require.ErrorIs(t, err, sim.ErrInvalid)
	require.ErrorContains(t, err, `spec.ipFamilyPolicy: Invalid value: "RequireDualStack": this cluster is not configured for dual-stack services`)
}

// clusterIP and clusterIPs are read as written, a disagreement left to
// the cluster, which refuses it as kube-apiserver does.
func TestClusterIPsDisagree(t *testing.T) {
	s, _, err := FromService(&corev1.Service{ObjectMeta: metav1.ObjectMeta{Name: "web", Namespace: "default"},
		Spec: corev1.ServiceSpec{Ports: []corev1.ServicePort{{Port: 80}}, ClusterIP: "10.96.0.10", ClusterIPs: []string{"10.96.0.11"}}})
	require.NoError(t, err)
	require.Equal(t, netip.MustParseAddr("10.96.0.10"), s.ClusterIP)
	require.Equal(t, []netip.Addr{netip.MustParseAddr("10.96.0.11")}, s.ClusterIPs)
	c, err := sim.New(sim.Config{Seed: 1})
	require.NoError(t, err)
	_, err = c.CreateService(s)
	require.ErrorIs(t, err, sim.ErrInvalid)
	require.ErrorContains(t, err, "spec.clusterIPs: Invalid value: [\"10.96.0.11\"]: first value must match `clusterIP`")
}
