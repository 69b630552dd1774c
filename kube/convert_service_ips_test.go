package kube

import (
	"errors"
	"net/netip"
	"testing"

	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"

	"github.com/svcsim/svcsim/service"
	"github.com/svcsim/svcsim/sim"
)

// TestFromServiceAddressText ports the cases of kubernetes
// pkg/apis/core/validation/validation_test.go, TestValidateServiceCreate,
// that only the text of an address can hold: a value that is no address,
// leading zeros (accepted by v1.35's default legacy parsers,
// IsValidIPForLegacyField and IsValidCIDRForLegacyField, as the address
// they denote) and space around a source range. The field paths and
// messages are upstream's. Its "invalid, garbage second ip" and "invalid,
// IP + NONE" are TestFromErrorsAndWarnings's "bad cluster IPs entry" and
// "None after the addresses".
func TestFromServiceAddressText(t *testing.T) {
	const obj = "service default/web: "
	const badIP = ": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"
	const badCIDR = ": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)"
	dual := ptr(corev1.IPFamilyPolicyRequireDualStack)
	lb := func(s *corev1.Service, ranges ...string) {
		s.Spec.Type = corev1.ServiceTypeLoadBalancer
		s.Spec.LoadBalancerSourceRanges = ranges
	}
	tests := []struct {
		name  string
		tweak func(*corev1.Service)
		err   string                  // the whole error; "" for none
		check func(s service.Service) // on success
	}{
		{"invalid cluster ip", func(s *corev1.Service) { s.Spec.ClusterIP, s.Spec.ClusterIPs = "invalid", []string{"invalid"} },
			obj + `spec.clusterIPs[0]: Invalid value: "invalid"` + badIP, nil},
		{"cluster ip alone, invalid", func(s *corev1.Service) { s.Spec.ClusterIP = "10.96.0.999" },
			obj + `spec.clusterIPs[0]: Invalid value: "10.96.0.999"` + badIP, nil},
		{"invalid cluster ip against valid clusterIPs", func(s *corev1.Service) {
			s.Spec.ClusterIP, s.Spec.ClusterIPs = "invalid", []string{"10.96.0.10"}
		}, obj + "spec.clusterIPs: Invalid value: [\"10.96.0.10\"]: first value must match `clusterIP`", nil},
		{"valid legacy cluster ip with legacy validation", func(s *corev1.Service) {
			s.Spec.ClusterIP, s.Spec.ClusterIPs = "001.002.003.004", []string{"001.002.003.004"}
		}, "", func(s service.Service) {
			require.Equal(t, netip.MustParseAddr("1.2.3.4"), s.ClusterIP)
			require.Equal(t, []netip.Addr{netip.MustParseAddr("1.2.3.4")}, s.ClusterIPs)
		}},
		{"invalid, garbage single ip", func(s *corev1.Service) {
			s.Spec.ClusterIP, s.Spec.ClusterIPs = "garbage-ip", []string{"garbage-ip"}
		}, obj + `spec.clusterIPs[0]: Invalid value: "garbage-ip"` + badIP, nil},
		{"invalid, garbage ips", func(s *corev1.Service) {
			s.Spec.IPFamilyPolicy = dual
			s.Spec.ClusterIP, s.Spec.ClusterIPs = "garbage-ip", []string{"garbage-ip", "garbage-second-ip"}
		}, obj + `[spec.clusterIPs[0]: Invalid value: "garbage-ip"` + badIP +
			`, spec.clusterIPs[1]: Invalid value: "garbage-second-ip"` + badIP + "]", nil},
		{"invalid, garbage first ip", func(s *corev1.Service) {
			s.Spec.IPFamilyPolicy = dual
			s.Spec.ClusterIP, s.Spec.ClusterIPs = "garbage-ip", []string{"garbage-ip", "2001::1"}
		}, obj + `spec.clusterIPs[0]: Invalid value: "garbage-ip"` + badIP, nil},
		{"invalid externalIPs host", func(s *corev1.Service) { s.Spec.ExternalIPs = []string{"myhost.mydomain"} },
			obj + `spec.externalIPs[0]: Invalid value: "myhost.mydomain"` + badIP, nil},
		{"valid legacy externalIPs with legacy validation", func(s *corev1.Service) { s.Spec.ExternalIPs = []string{"001.002.003.004"} },
			"", func(s service.Service) { require.Equal(t, []netip.Addr{netip.MustParseAddr("1.2.3.4")}, s.ExternalIPs) }},
		{"valid legacy LoadBalancer source range with legacy validation", func(s *corev1.Service) { lb(s, "001.002.003.000/24") },
			"", func(s service.Service) {
				require.Equal(t, []netip.Prefix{netip.MustParsePrefix("1.2.3.0/24")}, s.LoadBalancerSourceRanges)
			}},
		{"valid LoadBalancer source range with whitespace", func(s *corev1.Service) { lb(s, "1.2.3.0/24  ", " 5.6.0.0/16") },
			"", func(s service.Service) {
				require.Equal(t, []netip.Prefix{netip.MustParsePrefix("1.2.3.0/24"), netip.MustParsePrefix("5.6.0.0/16")},
					s.LoadBalancerSourceRanges)
			}},
		{"invalid empty LoadBalancer source range", func(s *corev1.Service) { lb(s, "   ") },
			obj + `spec.LoadBalancerSourceRanges[0]: Invalid value: ""` + badCIDR, nil},
		{"invalid LoadBalancer source range (hostname)", func(s *corev1.Service) { lb(s, "foo.bar") },
			obj + `spec.LoadBalancerSourceRanges[0]: Invalid value: "foo.bar"` + badCIDR, nil},
		{"invalid LoadBalancer source range (invalid CIDR)", func(s *corev1.Service) { lb(s, "1.2.3.4/33") },
			obj + `spec.LoadBalancerSourceRanges[0]: Invalid value: "1.2.3.4/33"` + badCIDR, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			k := &corev1.Service{}
			k.Name, k.Namespace = "web", "default"
			k.Spec.Ports = []corev1.ServicePort{{Port: 80}}
			tc.tweak(k)
			s, _, err := FromService(k)
			if tc.err == "" {
				require.NoError(t, err)
				if tc.check != nil {
					tc.check(s)
				}
				return
			}
			require.EqualError(t, err, tc.err)
			require.True(t, errors.Is(err, sim.ErrInvalid), "%v does not wrap sim.ErrInvalid", err)
		})
	}
}

// An empty clusterIPs entry is read as the zero address, for the
// apiserver's validation (ValidateServiceClusterIPsRelatedFields, which
// CreateService runs) to report it with the rest: upstream's
// TestValidateServiceCreate cases, through a dual-stack cluster.
func TestEmptyClusterIPsEntry(t *testing.T) {
	c, err := sim.New(sim.Config{Seed: 1, SecondaryServiceCIDR: netip.MustParsePrefix("fd00:10:96::/108"),
		SecondaryPodCIDR: netip.MustParsePrefix("fd00:10:244::/56")})
	require.NoError(t, err)
	const badIP = ": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"
	for _, tc := range []struct {
		name, clusterIP string
		clusterIPs      []string
		err             string
	}{
		{"invalid, EMPTY STRING + IP", "", []string{"", "2001::1"}, "service default/web: [spec.clusterIPs: Invalid value: " +
			"[\"\",\"2001::1\"]: must be empty when `clusterIP` is not specified, spec.clusterIPs[0]: Invalid value: \"\"" + badIP + "]"},
		{"invalid, IP + EMPTY STRING", "2001::1", []string{"2001::1", ""}, `service default/web: spec.clusterIPs[1]: Invalid value: ""` + badIP},
	} {
		t.Run(tc.name, func(t *testing.T) {
			k := &corev1.Service{}
			k.Name, k.Namespace = "web", "default"
			k.Spec.Ports = []corev1.ServicePort{{Port: 80}}
			k.Spec.IPFamilyPolicy = ptr(corev1.IPFamilyPolicyRequireDualStack)
			k.Spec.ClusterIP, k.Spec.ClusterIPs = tc.clusterIP, tc.clusterIPs
			s, _, err := FromService(k)
			require.NoError(t, err)
			_, err = c.CreateService(s)
			require.EqualError(t, err, tc.err)
			require.True(t, errors.Is(err, sim.ErrInvalid), "%v does not wrap sim.ErrInvalid", err)
		})
	}
}
