package sim

import (
	"errors"
	"net/netip"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
	"github.com/svcsim/svcsim/service"
)

// A pod with a hostname and a subdomain gets the DNS name
// <hostname>.<subdomain>.<ns>.svc.<zone> once a headless Service named like
// the subdomain selects it (kubernetes/dns specification §2.4; CoreDNS
// plugin/kubernetes parseRequest): the endpoints carry the hostname, the
// headless SRV records target it, and a pod whose subdomain names another
// Service has no such name.
func TestPodHostnameDNS(t *testing.T) {
	c := mustNew(t, Config{Seed: 1})
	_, err := c.CreateService(service.Service{Name: "db", Headless: true, Selector: selector.Set{"app": "db"},
		Ports: []service.Port{{Name: "pg", Port: 5432}}})
	require.NoError(t, err)
	labels := selector.Set{"app": "db"}
	ports := []pod.ContainerPort{{Name: "pg", Port: 5432}}
	p0, err := c.CreatePod(pod.Pod{Name: "db-0", Labels: labels, Ports: ports, Hostname: "db-0", Subdomain: "db"})
	require.NoError(t, err)
	assert.Equal(t, "db-0", p0.Hostname)
	assert.Equal(t, "db", p0.Subdomain)
	p1, err := c.CreatePod(pod.Pod{Name: "db-1", Labels: labels, Ports: ports, Hostname: "db-1", Subdomain: "elsewhere"})
	require.NoError(t, err)
	_, err = c.CreatePod(pod.Pod{Name: "client"})
	require.NoError(t, err)
	settleCheck(t, c)

	got, err := c.Resolve("default", "db-0.db")
	require.NoError(t, err)
	assert.Equal(t, []netip.Addr{p0.IP}, got)
	_, err = c.Resolve("default", "db-1.db")
	assert.True(t, errors.Is(err, ErrNXDomain), "db-1's subdomain is not db: %v", err)
	got, err = c.Resolve("default", "db")
	require.NoError(t, err)
	assert.ElementsMatch(t, []netip.Addr{p0.IP, p1.IP}, got)

	ep, _ := c.Endpoints("default", "db")
	hosts := map[string]string{}
	for _, a := range ep.Subsets[0].Addresses {
		hosts[a.Pod] = a.Hostname
	}
	assert.Equal(t, map[string]string{"default/db-0": "db-0", "default/db-1": ""}, hosts)
	for _, sl := range c.EndpointSlices("default", "db") {
		for _, e := range sl.Endpoints {
			assert.Equal(t, hosts[e.Pod], e.Hostname, e.Pod)
		}
	}
	srv, err := c.LookupSRV("default", "_pg._tcp.db")
	require.NoError(t, err)
	var targets []string
	for _, r := range srv {
		targets = append(targets, r.Target)
	}
	assert.ElementsMatch(t, []string{"db-0.db.default.svc.cluster.local",
		dashed(p1.IP) + ".db.default.svc.cluster.local"}, targets)
}

func dashed(ip netip.Addr) string {
	b := []byte(ip.String())
	for i := range b {
		if b[i] == '.' {
			b[i] = '-'
		}
	}
	return string(b)
}

// Hostname and subdomain are validated as DNS-1123 labels
// (ValidatePodSpec), and a refused pod changes nothing.
func TestPodHostnameValidation(t *testing.T) {
	c := mustNew(t, Config{Seed: 1})
	_, err := c.CreatePod(pod.Pod{Name: "a", Hostname: "A_1"})
	require.Error(t, err)
	assert.True(t, errors.Is(err, ErrInvalid))
	assert.Contains(t, err.Error(), `pod default/a: spec.hostname: Invalid value: "A_1"`)
	_, err = c.CreatePod(pod.Pod{Name: "a", Subdomain: "x.y"})
	assert.Contains(t, err.Error(), `spec.subdomain: Invalid value: "x.y": must not contain dots`)
	_, ok := c.Pod("default", "a")
	assert.False(t, ok)
}
