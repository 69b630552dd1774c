package sim

import (
	"errors"
	"net/netip"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/svcsim/svcsim/endpoints"
	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
	"github.com/svcsim/svcsim/service"
)

// TestSetEndpoints: a selector-less Service's Endpoints written by the
// user appear at the endpoints controller's next sync, are mirrored into
// an EndpointSlice (endpointslicemirroring-controller.k8s.io, generateName
// "<service>-"), are routed by kube-proxy, answer in DNS, and go with
// DeleteEndpoints; a refused write changes nothing.
func TestSetEndpoints(t *testing.T) {
	c := mustNew(t, Config{Seed: 5})
	_, err := c.CreatePod(pod.Pod{Name: "backend", Labels: selector.Set{"role": "db"},
		Ports: []pod.ContainerPort{{Name: "pg", Port: 5432}}})
	must(t, err)
	_, err = c.CreatePod(pod.Pod{Name: "client"})
	must(t, err)
	_, err = c.CreateService(service.Service{Name: "db",
		Ports: []service.Port{{Name: "pg", Port: 5432, TargetPort: service.TargetPortNumber(5432)}}})
	must(t, err)
	settleCheck(t, c)
	_, err = c.Connect(FromPod("default", "client"), "db:5432")
	require.Error(t, err, "no endpoints yet")

	backend, _ := c.Pod("default", "backend")
	ep := endpoints.Endpoints{Name: "db", Subsets: []endpoints.Subset{{
		Addresses: []endpoints.Address{{IP: backend.IP, NodeName: backend.NodeName}},
		Ports:     []endpoints.EndpointPort{{Name: "pg", Port: 5432, Protocol: pod.TCP}}}}}
	must(t, c.SetEndpoints(ep))
	settleCheck(t, c)
	got, ok := c.Endpoints("", "db")
	require.True(t, ok)
	require.Equal(t, backend.IP, got.Subsets[0].Addresses[0].IP)
	sl := c.EndpointSlices("", "db")
	require.Len(t, sl, 1)
	require.True(t, strings.HasPrefix(sl[0].Name, "db-") && len(sl[0].Name) == len("db-")+5, sl[0].Name)
	require.Equal(t, endpoints.MirroringControllerName, sl[0].Labels[endpoints.LabelManagedBy])
	conn, err := c.Connect(FromPod("default", "client"), "db:5432")
	must(t, err)
	require.Equal(t, "default/backend", conn.Pod)
	require.NotEmpty(t, eventsOf(c, KindEndpointsUpdated))

	// Refused: nothing changes.
	before := takeSnapshot(c)
	bad := ep
	bad.Subsets = []endpoints.Subset{{Addresses: []endpoints.Address{{IP: netip.MustParseAddr("127.0.0.1")}}}}
	err = c.SetEndpoints(bad)
	require.True(t, errors.Is(err, ErrInvalid), "%v", err)
	require.Contains(t, err.Error(), `subsets[0].addresses[0].ip: Invalid value: "127.0.0.1": may not be in the loopback range`)
	err = c.SetEndpoints(endpoints.Endpoints{Name: "nosuch"})
	require.True(t, errors.Is(err, ErrNotFound), "%v", err)
	require.Equal(t, before, takeSnapshot(c))

	must(t, c.DeleteEndpoints("", "db"))
	settleCheck(t, c)
	_, ok = c.Endpoints("", "db")
	require.False(t, ok)
	require.Empty(t, c.EndpointSlices("", "db"))
	_, err = c.Connect(FromPod("default", "client"), "db:5432")
	require.True(t, errors.Is(err, ErrConnectionRefused), "%v", err)
	require.True(t, errors.Is(c.DeleteEndpoints("", "db"), ErrNotFound))
}

// TestSetEndpointsHeadless: a headless selector-less Service answers DNS
// with the written addresses, and an address's hostname gets its own
// name, as CoreDNS reads the mirrored slices (the mirroring controller
// copies the hostname: pkg/controller/endpointslicemirroring/utils.go,
// addressToEndpoint).
func TestSetEndpointsHeadless(t *testing.T) {
	c := mustNew(t, Config{Seed: 5})
	_, err := c.CreateService(service.Service{Name: "ext", Headless: true,
		Ports: []service.Port{{Name: "pg", Port: 5432}}})
	must(t, err)
	a, b := netip.MustParseAddr("192.0.2.10"), netip.MustParseAddr("192.0.2.11")
	must(t, c.SetEndpoints(endpoints.Endpoints{Name: "ext", Subsets: []endpoints.Subset{{
		Addresses: []endpoints.Address{{IP: a, Hostname: "primary"}, {IP: b}},
		Ports:     []endpoints.EndpointPort{{Name: "pg", Port: 5432, Protocol: pod.TCP}}}}}))
	settleCheck(t, c)
	got, err := c.Resolve("default", "ext.default.svc.cluster.local")
	must(t, err)
	require.ElementsMatch(t, []netip.Addr{a, b}, got)
	require.Equal(t, "primary", c.EndpointSlices("", "ext")[0].Endpoints[0].Hostname)
	got, err = c.Resolve("default", "primary.ext.default.svc.cluster.local")
	must(t, err)
	require.Equal(t, []netip.Addr{a}, got)
	srv, err := c.LookupSRV("default", "_pg._tcp.ext.default.svc.cluster.local")
	must(t, err)
	var targets []string
	for _, r := range srv {
		targets = append(targets, r.Target)
	}
	require.Contains(t, targets, "primary.ext.default.svc.cluster.local")
}

// TestSetEndpointsSelector: the Endpoints of a Service with a selector
// belong to the endpoints controller, which writes its own version over
// the user's (syncService); the write is accepted and changes nothing
// visible.
func TestSetEndpointsSelector(t *testing.T) {
	c := mustNew(t, Config{Seed: 5})
	must(t, c.CreateDeployment(webDeployment(2, 0)))
	_, err := c.CreateService(webService())
	must(t, err)
	settleCheck(t, c)
	want, _ := c.Endpoints("", "web")
	must(t, c.SetEndpoints(endpoints.Endpoints{Name: "web", Subsets: []endpoints.Subset{{
		Addresses: []endpoints.Address{{IP: netip.MustParseAddr("192.0.2.10")}}}}}))
	settleCheck(t, c)
	got, _ := c.Endpoints("", "web")
	require.True(t, endpoints.EqualEndpoints(want, got))
}

// TestSetEndpointSlice: a user's EndpointSlice is shown with its
// Service's slices at the next sync, routed by kube-proxy (its hints
// too) and answered in DNS; it cannot take a controller slice's name or
// a controller's managed-by label; DeleteEndpointSlice and deleting the
// Service remove it; a refused call changes nothing.
func TestSetEndpointSlice(t *testing.T) {
	c := mustNew(t, Config{Seed: 5, Nodes: 2, Zones: []string{"zone-a", "zone-b"}})
	var ips []netip.Addr
	for _, n := range []string{"node-1", "node-2"} {
		p, err := c.CreatePod(pod.Pod{Name: "backend-" + n, NodeName: n, Ports: []pod.ContainerPort{{Name: "pg", Port: 5432}}})
		must(t, err)
		ips = append(ips, p.IP)
	}
	_, err := c.CreatePod(pod.Pod{Name: "client", NodeName: "node-2"})
	must(t, err)
	_, err = c.CreateService(service.Service{Name: "db",
		Ports: []service.Port{{Name: "pg", Port: 5432, TargetPort: service.TargetPortNumber(5432)}}})
	must(t, err)
	settleCheck(t, c)
	sl := endpoints.Slice{Name: "db-manual", Labels: map[string]string{endpoints.LabelServiceName: "db"},
		AddressType: endpoints.IPv4, Ports: []endpoints.EndpointPort{{Name: "pg", Port: 5432, Protocol: pod.TCP}}}
	for i, ip := range ips {
		zone := []string{"zone-a", "zone-b"}[i]
		sl.Endpoints = append(sl.Endpoints, endpoints.Endpoint{Addresses: []netip.Addr{ip},
			Conditions: endpoints.Conditions{Ready: true, Serving: true}, NodeName: []string{"node-1", "node-2"}[i],
			Zone: zone, Hints: &endpoints.Hints{ForZones: []string{zone}}})
	}
	must(t, c.SetEndpointSlice(sl))
	settleCheck(t, c)
	got := c.EndpointSlices("", "db")
	require.Len(t, got, 1)
	require.Equal(t, "db-manual", got[0].Name)
	for range 20 {
		conn, err := c.Connect(FromPod("default", "client"), "db:5432")
		must(t, err)
		require.Equal(t, "default/backend-node-2", conn.Pod, "hinted for the client's zone")
	}

	before := takeSnapshot(c)
	bad := sl
	bad.AddressType = "IP"
	require.True(t, errors.Is(c.SetEndpointSlice(bad), ErrInvalid))
	must(t, c.CreateDeployment(webDeployment(1, 0)))
	settleCheck(t, c)
	_, err = c.CreateService(webService())
	must(t, err)
	settleCheck(t, c)
	before = takeSnapshot(c)
	taken := sl
	taken.Name = c.EndpointSlices("", "web")[0].Name
	taken.Labels = map[string]string{endpoints.LabelServiceName: "web"}
	require.True(t, errors.Is(c.SetEndpointSlice(taken), ErrAlreadyExists))
	reserved := sl
	reserved.Labels = map[string]string{endpoints.LabelServiceName: "db", endpoints.LabelManagedBy: endpoints.ControllerName}
	require.True(t, errors.Is(c.SetEndpointSlice(reserved), ErrInvalid))
	missing := sl
	missing.Labels = map[string]string{endpoints.LabelServiceName: "nosuch"}
	require.True(t, errors.Is(c.SetEndpointSlice(missing), ErrNotFound))
	require.True(t, errors.Is(c.DeleteEndpointSlice("", "nosuch"), ErrNotFound))
	require.Equal(t, before, takeSnapshot(c))

	must(t, c.DeleteEndpointSlice("", "db-manual"))
	settleCheck(t, c)
	require.Empty(t, c.EndpointSlices("", "db"))
	_, err = c.Connect(FromPod("default", "client"), "db:5432")
	require.True(t, errors.Is(err, ErrConnectionRefused), "%v", err)

	must(t, c.SetEndpointSlice(sl))
	must(t, c.DeleteService("", "db"))
	settleCheck(t, c)
	require.True(t, errors.Is(c.DeleteEndpointSlice("", "db-manual"), ErrNotFound), "went with its Service")
}

// TestSetEndpointsOutside: an endpoint outside the pod network (an
// external database behind a selector-less Service) is routed to; svcsim
// simulates no host there, so the connection is not answered, and the
// path says so rather than blaming stale rules.
func TestSetEndpointsOutside(t *testing.T) {
	c := mustNew(t, Config{Seed: 5})
	_, err := c.CreatePod(pod.Pod{Name: "client"})
	must(t, err)
	_, err = c.CreateService(service.Service{Name: "db",
		Ports: []service.Port{{Name: "pg", Port: 5432, TargetPort: service.TargetPortNumber(5432)}}})
	must(t, err)
	must(t, c.SetEndpoints(endpoints.Endpoints{Name: "db", Subsets: []endpoints.Subset{{
		Addresses: []endpoints.Address{{IP: netip.MustParseAddr("192.0.2.10")}},
		Ports:     []endpoints.EndpointPort{{Name: "pg", Port: 5432, Protocol: pod.TCP}}}}}))
	settleCheck(t, c)
	conn, err := c.Connect(FromPod("default", "client"), "db:5432")
	require.True(t, errors.Is(err, ErrUnreachable), "%v", err)
	require.Contains(t, strings.Join(conn.Path, "\n"), "192.0.2.10:5432: outside the cluster's pod network")
	require.NotContains(t, err.Error(), "kube-proxy has not caught up")
}
