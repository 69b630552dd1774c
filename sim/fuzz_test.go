package sim

import (
	"errors"
	"net/netip"
	"testing"
	"time"

	"github.com/svcsim/svcsim/selector"
)

// FuzzNew: any Config is either refused with ErrInvalid or gives a cluster
// that passes Check and runs a small workload.
func FuzzNew(f *testing.F) {
	f.Add(int64(1), 3, "10.96.0.0/12", "10.244.0.0/16", "172.18.0.0/16", "203.0.113.0/24", "cluster.local", 30000, 32767)
	f.Add(int64(2), 2, "fd00::/112", "fd01::/56", "fd02::/64", "fd03::/120", "example.org", 1, 2)
	f.Add(int64(3), -1, "10.0.0.0/31", "10.0.0.0/8", "10.0.0.0/8", "x", "", 0, 0)
	f.Fuzz(func(t *testing.T, seed int64, nodes int, svc, pods, nodeCIDR, lb, domain string, lo, hi int) {
		if nodes > 64 {
			nodes %= 64
		}
		parse := func(s string) netip.Prefix {
			p, _ := netip.ParsePrefix(s)
			return p
		}
		cfg := Config{Seed: seed, Nodes: nodes, ServiceCIDR: parse(svc), PodCIDR: parse(pods),
			NodeCIDR: parse(nodeCIDR), LoadBalancerPool: parse(lb), ClusterDomain: domain, NodePortRange: [2]int{lo, hi}}
		c, err := New(cfg)
		if err != nil {
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("error %v does not wrap ErrInvalid", err)
			}
			return
		}
		if err := c.CreateDeployment(Deployment{Name: "web", Replicas: 2, Labels: selector.Set{"app": "web"},
			ReadyAfter: time.Second}); err != nil {
			t.Fatal(err)
		}
		if err := c.Settle(); err != nil {
			t.Fatal(err)
		}
		if err := c.Check(); err != nil {
			t.Fatal(err)
		}
	})
}
