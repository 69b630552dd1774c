package sim

import (
	"net/netip"
	"strings"
	"testing"

	"github.com/svcsim/svcsim/service"
)

// Check reports a default/kubernetes whose Endpoints do not show
// kube-apiserver's address, and none while they do, whichever endpoints
// controller the cluster drives: one, one per family, or a test's.
func TestCheckMasterControllers(t *testing.T) {
	for _, tc := range []struct {
		name string
		cfg  Config
	}{
		{"single-stack", Config{Seed: 1}},
		{"dual-stack", func() Config { c := dualConfig(); c.Seed = 1; return c }()},
		{"naive controller", Config{Seed: 1, testEP: newNaiveEP}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := newSettled(t, tc.cfg)
			must(t, c.Check())
			other := c.masterEndpoints()
			other.Subsets[0].Addresses[0].IP = netip.MustParseAddr("10.0.0.99")
			dirty, err := c.ep.SetManual(other, service.MasterServiceName, c.epDirty)
			must(t, err)
			c.epDirty = dirty
			c.flush()
			must(t, c.Settle())
			err = c.Check()
			if err == nil || !strings.Contains(err.Error(), "endpoints default/kubernetes: {") {
				t.Fatalf("Check = %v, want the Endpoints of default/kubernetes reported", err)
			}
		})
	}
}
