package simtest_test

import (
	"fmt"
	"net/netip"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/svcsim/svcsim/service"
	"github.com/svcsim/svcsim/sim"
	"github.com/svcsim/svcsim/sim/simtest"
)

func TestFrontEndHoldsThroughChurn(t *testing.T) {
	c := webCluster(t, sim.Config{Seed: 1})
	snap := simtest.FrontEnd(c, "default", "web")
	s, _ := c.Service("default", "web")
	assert.Equal(t, "["+s.ClusterIP.String()+"]", snap.DNS)
	assert.Equal(t, "80/TCP", snap.Ports)

	require.NoError(t, c.Rollout("default", "web"))
	require.NoError(t, c.Scale("default", "web", 7))
	require.NoError(t, c.FailNode("node-2"))
	require.NoError(t, c.Settle())
	var ft fakeT
	assert.True(t, simtest.AssertFrontEnd(&ft, c, snap), lines(ft.errs))
}

func TestAssertFrontEndFailsOnAChange(t *testing.T) {
	c := webCluster(t, sim.Config{Seed: 1})
	snap := simtest.FrontEnd(c, "default", "web")

	s, _ := c.Service("default", "web")
	s.Type = service.NodePort // allocates a node port
	_, err := c.UpdateService(s)
	require.NoError(t, err)
	var ft fakeT
	assert.False(t, simtest.AssertFrontEnd(&ft, c, snap))
	ft.failedWith(t, "Service default/web: front end changed", "recorded: default/web ClusterIP", "now: default/web NodePort", "80:3")

	require.NoError(t, c.DeleteService("default", "web"))
	ft = fakeT{}
	assert.False(t, simtest.AssertFrontEnd(&ft, c, snap))
	ft.failedWith(t, "Service default/web: front end changed", "now: default/web (no such Service)")

	ft = fakeT{}
	assert.False(t, simtest.AssertFrontEnd(&ft, c, simtest.FrontEnd(c, "", "web")))
	ft.failedWith(t, "Service default/web: did not exist when its front end was recorded")

	ft = fakeT{}
	assert.False(t, simtest.AssertFrontEnd(&ft, nil, snap))
	ft.failedWith(t, "simtest.AssertFrontEnd: nil Cluster")
}

func TestFrontEndOfEveryType(t *testing.T) {
	c := webCluster(t, sim.Config{Seed: 1})
	for _, s := range []service.Service{
		{Name: "lb", Type: service.LoadBalancer, Selector: map[string]string{"app": "web"}, Ports: []service.Port{{Port: 443}}},
		{Name: "headless", Headless: true, Selector: map[string]string{"app": "web"}, Ports: []service.Port{{Port: 80}}},
		{Name: "db", Type: service.ExternalName, ExternalName: "db.example.com"},
	} {
		_, err := c.CreateService(s)
		require.NoError(t, err)
	}
	require.NoError(t, c.Settle())
	lb := simtest.FrontEnd(c, "default", "lb")
	assert.Equal(t, "203.0.113.1", lb.LoadBalancerIP.String())
	assert.Regexp(t, `^443:3\d{4}/TCP$`, lb.Ports)
	headless := simtest.FrontEnd(c, "default", "headless")
	assert.Empty(t, headless.DNS, "a headless Service's answer is its pods")
	assert.Contains(t, headless.String(), "default/headless ClusterIP None 80/TCP")

	db := simtest.FrontEnd(c, "default", "db")
	assert.Equal(t, "CNAME db.example.com", db.DNS)

	require.NoError(t, c.Rollout("default", "web"))
	require.NoError(t, c.Settle())
	var ft fakeT
	for _, snap := range []simtest.Front{lb, headless, db} {
		assert.True(t, simtest.AssertFrontEnd(&ft, c, snap), lines(ft.errs))
	}
}

// TestFrontEndDNSIsTheResolversAnswer: the DNS field is Resolve's answer
// as fmt.Sprint renders it, for one address and for a dual-stack
// Service's two.
func TestFrontEndDNSIsTheResolversAnswer(t *testing.T) {
	c := webCluster(t, sim.Config{Seed: 1, SecondaryServiceCIDR: netip.MustParsePrefix("fd00:10:96::/112"),
		SecondaryPodCIDR: netip.MustParsePrefix("fd00:10:244::/56")})
	_, err := c.CreateService(service.Service{Name: "dual", Selector: map[string]string{"app": "web"},
		IPFamilyPolicy: service.IPFamilyPolicyRequireDualStack, Ports: []service.Port{{Port: 80}}})
	require.NoError(t, err)
	for name, n := range map[string]int{"web": 1, "dual": 2} {
		addrs, err := c.Resolve("default", name)
		require.NoError(t, err)
		require.Len(t, addrs, n)
		assert.Equal(t, fmt.Sprint(addrs), simtest.FrontEnd(c, "default", name).DNS)
	}
}
