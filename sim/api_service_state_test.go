package sim

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/svcsim/svcsim/endpoints"
	"github.com/svcsim/svcsim/selector"
	"github.com/svcsim/svcsim/service"
)

// ServiceState and AppendServicePorts, and ServiceStatePorts, both in
// one, report what Service does of every kind of Service (with and
// without a selector or ports, headless, ExternalName, LoadBalancer,
// ClientIP affinity, publishing not-ready addresses), appending after
// what dst held, and report a missing one.
func TestServiceStateIsWhatServiceReports(t *testing.T) {
	c := mustNew(t, Config{Seed: 3})
	must(t, c.CreateDeployment(webDeployment(2, 0)))
	web := webService()
	web.PublishNotReadyAddresses = true
	two := selector.Set{"app": "web", "tier": "front"}
	for _, s := range []service.Service{
		web,
		{Name: "lb", Type: service.LoadBalancer, Selector: two, SessionAffinity: service.SessionAffinityClientIP,
			Ports: []service.Port{{Name: "http", Port: 80}, {Name: "dns", Port: 53, Protocol: "UDP"}}},
		{Name: "headless", Headless: true, Selector: selector.Set{"app": "web"}},
		{Name: "manual", Ports: []service.Port{{Port: 80}}},
		{Name: "ext", Type: service.ExternalName, ExternalName: "db.example.com"},
		{Name: "other", Namespace: "kube-system", Selector: selector.Set{"k8s-app": "other"}, Ports: []service.Port{{Port: 9}}},
	} {
		_, err := c.CreateService(s)
		must(t, err)
	}
	must(t, c.Settle())
	kept := service.Port{Name: "kept", Port: 1}
	n := 0
	for _, ns := range []string{"", "default", "kube-system"} {
		for _, s := range c.Services(ns) {
			n++
			got, ok := c.ServiceState(ns, s.Name)
			require.True(t, ok, s.Name)
			require.Equal(t, ServiceState{Name: s.Name, Type: s.Type, ClusterIP: s.ClusterIP, Headless: s.Headless,
				LoadBalancerIP: s.LoadBalancerIP, PublishNotReadyAddresses: s.PublishNotReadyAddresses,
				SessionAffinity: s.SessionAffinity, Managed: endpoints.Manages(s)}, got, s.Name)
			sel, ok := c.ServiceSelector(ns, s.Name)
			require.True(t, ok, s.Name)
			require.True(t, selector.FromSet(s.Selector).Equal(sel), s.Name)
			ports, ok := c.AppendServicePorts([]service.Port{kept}, ns, s.Name)
			require.True(t, ok, s.Name)
			require.Equal(t, append([]service.Port{kept}, s.Ports...), ports, s.Name)
			both, ports2, ok := c.ServiceStatePorts([]service.Port{kept}, ns, s.Name)
			require.True(t, ok, s.Name)
			require.Equal(t, got, both, s.Name)
			require.Equal(t, ports, ports2, s.Name)
		}
	}
	// default's six with kubernetes, each read as "" and "default"; kube-system's two with kube-dns.
	require.Equal(t, 2*6+2, n)
	lb, _ := c.ServiceState("", "lb")
	require.True(t, lb.Managed && lb.LoadBalancerIP.IsValid() && lb.ClusterIP.IsValid())
	sel, _ := c.ServiceSelector("", "lb")
	require.Equal(t, "app=web,tier=front", sel.String())
	for _, name := range []string{"manual", "ext"} {
		s, _ := c.ServiceState("", name)
		require.False(t, s.Managed, name)
		sel, _ := c.ServiceSelector("", name)
		require.True(t, sel.Empty(), name)
	}
	for _, miss := range [][2]string{{"", "nope"}, {"nope", "web"}, {"kube-system", "web"}} {
		s, ok := c.ServiceState(miss[0], miss[1])
		require.False(t, ok, miss)
		require.Equal(t, ServiceState{}, s, miss)
		sel, ok := c.ServiceSelector(miss[0], miss[1])
		require.False(t, ok, miss)
		require.True(t, sel.Empty(), miss)
		ports, ok := c.AppendServicePorts([]service.Port{kept}, miss[0], miss[1])
		require.False(t, ok, miss)
		require.Equal(t, []service.Port{kept}, ports, miss)
		s, ports, ok = c.ServiceStatePorts([]service.Port{kept}, miss[0], miss[1])
		require.False(t, ok, miss)
		require.Equal(t, ServiceState{}, s, miss)
		require.Equal(t, []service.Port{kept}, ports, miss)
	}
}

// A selector read shares nothing with the cluster, and an update shows
// at the next read; read again into the slice of the previous call,
// AppendServicePorts allocates nothing.
func TestServiceStateAfterUpdate(t *testing.T) {
	c := mustNew(t, Config{Seed: 3})
	_, err := c.CreateService(webService())
	must(t, err)
	before, _ := c.ServiceSelector("", "web")
	s, _ := c.Service("", "web")
	s.Selector = selector.Set{"app": "other"}
	s.Ports = append(s.Ports, service.Port{Name: "metrics", Port: 9090})
	_, err = c.UpdateService(s)
	must(t, err)
	require.Equal(t, "app=web", before.String())
	after, _ := c.ServiceSelector("", "web")
	require.Equal(t, "app=other", after.String())
	ports, _ := c.AppendServicePorts(nil, "", "web")
	require.Len(t, ports, 2)
	if n := testing.AllocsPerRun(100, func() { ports, _ = c.AppendServicePorts(ports[:0], "", "web") }); n != 0 {
		t.Errorf("AppendServicePorts into a large enough slice: %v allocations, want 0", n)
	}
	if n := testing.AllocsPerRun(100, func() { _, ports, _ = c.ServiceStatePorts(ports[:0], "", "web") }); n != 0 {
		t.Errorf("ServiceStatePorts into a large enough slice: %v allocations, want 0", n)
	}
	require.Len(t, ports, 2)
}
