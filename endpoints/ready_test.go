package endpoints

import (
	"net/netip"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/service"
)

// readyOfBackends is AppendReady's summary read from AppendBackends: the
// ready addresses, and the number of the other endpoints not terminating.
func readyOfBackends(c *Controller, key ServiceKey, portName string) ([]netip.Addr, int) {
	var ready []netip.Addr
	notReady := 0
	for _, b := range c.AppendBackends(key, portName, nil) {
		switch {
		case b.Ready:
			ready = append(ready, b.IP)
		case !b.Terminating:
			notReady++
		}
	}
	return ready, notReady
}

// TestAppendReady reads the ready addresses and the count of the other
// endpoints not terminating, as AppendBackends lists them, for the
// controller's own slices (with an address changed since the last Sync:
// the slices still show the old one), a headless Service, the mirrored
// slices of manual Endpoints and a user's slice; and that
// AppendPortBackends lists for every port what AppendBackends does.
func TestAppendReady(t *testing.T) {
	c := NewController(Options{})
	ip := netip.MustParseAddr
	headless := testService(func(s *service.Service) { s.Name, s.Headless, s.ClusterIP, s.Ports = "hl", true, netip.Addr{}, nil })
	var dirty []ServiceKey
	dirty = c.SetService(testService(nil), dirty)
	dirty = c.SetService(headless, dirty)
	dirty = c.SetService(selectorless("kubernetes"), dirty)
	dirty = c.SetService(selectorless("ext"), dirty)
	dirty = c.SetPod(testPod("a", "10.0.0.1", nil), dirty)
	dirty = c.SetPod(testPod("b", "10.0.0.2", func(p *pod.Pod) { p.Ready = false }), dirty)
	dirty = c.SetPod(testPod("c", "10.0.0.3", func(p *pod.Pod) { p.Ready, p.Terminating = false, true }), dirty)
	dirty = c.SetPod(testPod("d", "10.0.0.4", func(p *pod.Pod) { p.Terminating = true }), dirty)
	dirty, err := c.SetManual(apiserverEP(), "kubernetes", dirty)
	require.NoError(t, err)
	dirty, err = c.SetSlice(Slice{Namespace: "default", Name: "ext-manual", Service: "ext", AddressType: IPv4,
		Ports: []EndpointPort{{Name: "https", Port: 6443, Protocol: pod.TCP}},
		Endpoints: []Endpoint{
			{Addresses: []netip.Addr{ip("192.0.2.10")}, Conditions: Conditions{Ready: true, Serving: true}},
			{Addresses: []netip.Addr{ip("192.0.2.11")}, Conditions: Conditions{}},
			{Addresses: []netip.Addr{ip("192.0.2.12")}, Conditions: Conditions{Terminating: true}},
		}}, dirty)
	require.NoError(t, err)
	syncAll(c, dirty)
	// Pod a moves before the next Sync: the slices still show 10.0.0.1.
	c.SetPod(testPod("a", "10.0.0.9", nil), nil)

	for _, tt := range []struct {
		key      string
		port     string
		ready    []netip.Addr
		notReady int
	}{
		{"web", "http", []netip.Addr{ip("10.0.0.1")}, 1},
		{"web", "nope", nil, 0},
		{"hl", "", []netip.Addr{ip("10.0.0.1")}, 1},
		{"hl", "http", nil, 0},
		{"kubernetes", "https", []netip.Addr{ip("172.18.0.2")}, 0},
		{"ext", "https", []netip.Addr{ip("192.0.2.10")}, 1},
		{"absent", "", nil, 0},
	} {
		key := ServiceKey{"default", tt.key}
		got, notReady := c.AppendReady(key, tt.port, nil)
		require.ElementsMatch(t, tt.ready, got, "%s %q", tt.key, tt.port)
		require.Equal(t, tt.notReady, notReady, "%s %q", tt.key, tt.port)
		want, wantNotReady := readyOfBackends(c, key, tt.port)
		require.Equal(t, want, got, "%s %q: AppendBackends' order", tt.key, tt.port)
		require.Equal(t, wantNotReady, notReady)
		// AppendPortBackends lists for each port what AppendBackends does.
		ports := []service.Port{{Name: tt.port}, {Name: "http"}, {Name: "https"}}
		bufs := make([][]Backend, len(ports))
		c.AppendPortBackends(key, ports, bufs)
		for i, p := range ports {
			require.Equal(t, c.AppendBackends(key, p.Name, nil), bufs[i], "%s %q: AppendPortBackends", tt.key, p.Name)
		}
	}
}
