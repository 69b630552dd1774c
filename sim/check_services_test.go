package sim

import (
	"net/netip"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/svcsim/svcsim/service"
)

// Check sees each way a Service's addresses and node ports can disagree
// with the allocators and the indexes: a value two Services hold, one not
// allocated or out of its range, an index entry missing, naming another
// Service or no Service, and an entry of a value no Service holds.
func TestCheckServiceAddresses(t *testing.T) {
	for _, tc := range []struct {
		name, want string
		corrupt    func(c *Cluster, a, b *service.Service)
	}{
		{"a clusterIP held twice", "indexed as held by default/a", func(c *Cluster, a, b *service.Service) {
			b.ClusterIP, b.ClusterIPs[0] = a.ClusterIP, a.ClusterIP
		}},
		{"a clusterIP freed", "not allocated", func(c *Cluster, a, b *service.Service) {
			require.NoError(t, c.svcIPs.Release(a.ClusterIP))
			require.NoError(t, c.svcIPs.AllocateAddr(c.svcIPs.LowestFree())) // the allocator's count unchanged
		}},
		{"a clusterIP moved out of range", "not allocated", func(c *Cluster, a, b *service.Service) {
			ip := netip.MustParseAddr("10.97.0.1")
			c.byClusterIP.Set(ip, c.byClusterIP.Value(a.ClusterIP))
			c.byClusterIP.Delete(a.ClusterIP)
			a.ClusterIP, a.ClusterIPs[0] = ip, ip
		}},
		{"a clusterIP out of its index", "not in its index", func(c *Cluster, a, b *service.Service) {
			c.byClusterIP.Delete(a.ClusterIP)
		}},
		{"a clusterIP indexed as another's", "indexed as held by default/b", func(c *Cluster, a, b *service.Service) {
			c.byClusterIP.Set(a.ClusterIP, c.byClusterIP.Value(b.ClusterIP))
		}},
		{"a clusterIP indexed as no Service", "not a Service", func(c *Cluster, a, b *service.Service) {
			c.byClusterIP.Set(a.ClusterIP, 99)
		}},
		{"a node port held twice", "indexed as held by default/a", func(c *Cluster, a, b *service.Service) {
			b.Ports[0].NodePort = a.Ports[0].NodePort
		}},
		{"a node port indexed as another's", "indexed as held by default/b", func(c *Cluster, a, b *service.Service) {
			c.rare.byNodePort[a.Ports[0].NodePort] = c.rare.byNodePort[b.Ports[0].NodePort]
		}},
		{"a node port no Service holds", "node ports: allocator holds", func(c *Cluster, a, b *service.Service) {
			c.rare.byNodePort[a.Ports[0].NodePort+1] = c.rare.byNodePort[a.Ports[0].NodePort]
		}},
		{"a load-balancer IP held twice", "indexed as held by default/a", func(c *Cluster, a, b *service.Service) {
			b.LoadBalancerIP = a.LoadBalancerIP
		}},
		{"a load-balancer IP out of its index", "not in its index", func(c *Cluster, a, b *service.Service) {
			delete(c.rare.byLBIP, a.LoadBalancerIP)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := mustNew(t, Config{Seed: 1})
			for _, name := range []string{"a", "b"} {
				s := webService()
				s.Name, s.Type = name, service.LoadBalancer
				_, err := c.CreateService(s)
				require.NoError(t, err)
			}
			settleCheck(t, c)
			_, a := c.lookupSvc("default", "a")
			_, b := c.lookupSvc("default", "b")
			require.True(t, a.svc.LoadBalancerIP.IsValid() && b.svc.LoadBalancerIP.IsValid())
			tc.corrupt(c, a.svc, b.svc)
			require.ErrorContains(t, c.Check(), tc.want)
		})
	}
}

// A Service holding an address of the built-in load-balancer pool whose
// allocator no LoadBalancer Service has made yet is reported, and Check
// makes no allocator.
func TestCheckLoadBalancerIPWithoutPool(t *testing.T) {
	c := mustNew(t, Config{Seed: 1})
	_, err := c.CreateService(webService())
	require.NoError(t, err)
	settleCheck(t, c)
	require.Nil(t, c.rare)
	_, r := c.lookupSvc("default", "web")
	r.svc.LoadBalancerIP = c.lbRange.Addr().Next()
	require.ErrorContains(t, c.Check(), "not allocated")
	require.Nil(t, c.rare, "Check made the pool's allocator")
}
