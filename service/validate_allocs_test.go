package service

import (
	"net/netip"
	"testing"
)

// TestValidateUpdateAllocs: validating a valid update renders nothing
// (no object name, field path or address text is built for an error that
// is not there).
func TestValidateUpdateAllocs(t *testing.T) {
	old := webService().WithDefaults()
	old.ClusterIP = netip.MustParseAddr("10.96.0.10")
	old.ClusterIPs = []netip.Addr{old.ClusterIP}
	old.IPFamilies, old.IPFamilyPolicy = []IPFamily{IPv4Protocol}, IPFamilyPolicySingleStack
	n := PrepareUpdate(old, old)
	if n := testing.AllocsPerRun(100, func() {
		if err := ValidateUpdate(old, n); err != nil {
			t.Fatal(err)
		}
	}); n != 0 {
		t.Errorf("ValidateUpdate of a valid update allocates %v times, want 0", n)
	}
}
