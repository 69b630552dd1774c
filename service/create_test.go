package service

import (
	"net/netip"
	"reflect"
	"testing"

	"pgregory.net/rapid"
)

// TestPrepareCreate: PrepareCreate is NormalizeClusterIPs, DefaultIPFamilies
// and Validate in turn: the same Service, the same error.
func TestPrepareCreate(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := genAnyService(t)
		if rapid.Bool().Draw(t, "secondIP") {
			s.ClusterIPs = []netip.Addr{s.ClusterIP, netip.MustParseAddr("fd00:10:96::9")}
		}
		s.IPFamilies = rapid.SampledFrom([][]IPFamily{nil, {IPv4Protocol}, {IPv6Protocol}, {IPv4Protocol, IPv6Protocol}}).Draw(t, "families")
		s.IPFamilyPolicy = rapid.SampledFrom([]IPFamilyPolicy{"", IPFamilyPolicySingleStack,
			IPFamilyPolicyPreferDualStack, IPFamilyPolicyRequireDualStack}).Draw(t, "policy")
		cluster := rapid.SampledFrom([][]IPFamily{{IPv4Protocol}, {IPv6Protocol}, {IPv4Protocol, IPv6Protocol}}).Draw(t, "cluster")
		s = s.WithDefaults()

		want, err := DefaultIPFamilies(NormalizeClusterIPs(s, nil), nil, cluster)
		if err == nil {
			err = want.Validate()
		}
		got := s.Clone()
		gotErr := PrepareCreate(&got, cluster)
		if (err == nil) != (gotErr == nil) || err != nil && err.Error() != gotErr.Error() {
			t.Fatalf("error %v, want %v", gotErr, err)
		}
		if err == nil && !reflect.DeepEqual(got, want) {
			t.Fatalf("PrepareCreate:\n got %#v\nwant %#v", got, want)
		}
	})
}
