package sim

import (
	"strings"
	"testing"
	"time"

	"github.com/svcsim/svcsim/sim/internal/proxy"
)

// TestCheckProxy: Check compares the programmed dataplane with the slices
// once kube-proxy has caught up, and not during its ProxyDelay window.
func TestCheckProxy(t *testing.T) {
	c := mustNew(t, Config{Seed: 1})
	must(t, c.CreateDeployment(webDeployment(3, 0)))
	svc, err := c.CreateService(webService())
	must(t, err)
	settleCheck(t, c)

	must(t, c.DeletePod("", podsOf(c)[0].Name))
	must(t, c.Advance(time.Millisecond)) // endpoints updated, kube-proxy not yet
	must(t, c.Check())
	must(t, c.Settle())
	must(t, c.Check())

	// A table that lost the Service's backends behind the cluster's back.
	c.proxy.Program(svc, make([][]proxy.Backend, len(svc.Ports)))
	err = c.Check()
	if err == nil || !strings.Contains(err.Error(), "kube-proxy on node-1") {
		t.Fatalf("Check with a stale dataplane: %v", err)
	}
}
