package sim

import (
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/svcsim/svcsim/endpoints"
	"github.com/svcsim/svcsim/service"
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
	c.proxy.Program(&svc, make([][]proxy.Backend, len(svc.Ports)))
	err = c.Check()
	if err == nil || !strings.Contains(err.Error(), "kube-proxy on node-1") {
		t.Fatalf("Check with a stale dataplane: %v", err)
	}
}

// TestCheckProxyCorrupt: Check sees a table that holds a Service the
// cluster does not have, lacks one it has, holds other rules for one (an
// affinity timeout no rule of a port without endpoints shows), and the
// secondary family's table of a dual-stack cluster, each corrupted behind
// the cluster's back.
func TestCheckProxyCorrupt(t *testing.T) {
	cluster := func(cfg Config, policy service.IPFamilyPolicy) (*Cluster, service.Service) {
		cfg.Seed = 1
		c := mustNew(t, cfg)
		must(t, c.CreateDeployment(webDeployment(2, 0)))
		s := webService()
		s.IPFamilyPolicy = policy
		svc, err := c.CreateService(s)
		must(t, err)
		settleCheck(t, c)
		return c, svc
	}
	for _, tc := range []struct {
		name    string
		cfg     Config
		policy  service.IPFamilyPolicy
		corrupt func(c *Cluster, svc service.Service)
		want    string
	}{
		{"a Service the cluster lacks", Config{}, "", func(c *Cluster, svc service.Service) {
			svc.Name, svc.ClusterIP, svc.ClusterIPs = "ghost", netip.MustParseAddr("10.96.100.100"), nil
			c.proxy.Program(&svc, nil)
		}, "kube-proxy on node-1"},
		{"a Service removed", Config{}, "", func(c *Cluster, svc service.Service) {
			c.proxy.Remove(svc.Namespace, svc.Name)
		}, "kube-proxy on node-1"},
		{"an affinity timeout no rule shows", Config{}, "", func(c *Cluster, svc service.Service) {
			bufs := c.portBackends(endpoints.ServiceKey{Namespace: svc.Namespace, Name: svc.Name}, &svc, nil)
			sec := int32(60) // without ClientIP affinity: no rule has a timeout
			svc.SessionAffinityConfig = &service.SessionAffinityConfig{ClientIP: &service.ClientIPConfig{TimeoutSeconds: &sec}}
			c.proxy.Program(&svc, bufs)
		}, "where no rule shows it"},
		{"the secondary family's table", dualConfig(), service.IPFamilyPolicyRequireDualStack, func(c *Cluster, svc service.Service) {
			c.proxy2.Remove(svc.Namespace, svc.Name)
		}, "kube-proxy (secondary family)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, svc := cluster(tc.cfg, tc.policy)
			tc.corrupt(c, svc)
			if err := c.Check(); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Check: %v, want %q", err, tc.want)
			}
		})
	}
}
