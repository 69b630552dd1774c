package sim

import (
	"net/netip"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/svcsim/svcsim/endpoints"
	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/service"
)

// extEndpoints is a user's Endpoints of the selector-less Service ext.
func extEndpoints(ips ...string) endpoints.Endpoints {
	var addrs []endpoints.Address
	for _, ip := range ips {
		addrs = append(addrs, endpoints.Address{IP: netip.MustParseAddr(ip)})
	}
	return endpoints.Endpoints{Name: "ext", Subsets: []endpoints.Subset{{Addresses: addrs,
		Ports: []endpoints.EndpointPort{{Name: "db", Port: 5432, Protocol: pod.TCP}}}}}
}

// extSlice is a user's EndpointSlice of Service ext.
func extSlice(name string, ips ...string) endpoints.Slice {
	sl := endpoints.Slice{Name: name, AddressType: endpoints.IPv4,
		Labels: map[string]string{endpoints.LabelServiceName: "ext"},
		Ports:  []endpoints.EndpointPort{{Name: "db", Port: 5432, Protocol: pod.TCP}}}
	for _, ip := range ips {
		sl.Endpoints = append(sl.Endpoints, endpoints.Endpoint{Addresses: []netip.Addr{netip.MustParseAddr(ip)},
			Conditions: endpoints.Conditions{Ready: true, Serving: true}})
	}
	return sl
}

// endpointsDryRunCases are the dry runs of SetEndpoints and
// SetEndpointSlice, on dryRunCluster (ext has Endpoints 10.0.9.1 and
// slice ext-a).
func endpointsDryRunCases() []dryRunCase {
	eps := func(ep endpoints.Endpoints) (func(*Cluster) error, func(*Cluster) error) {
		return func(c *Cluster) error { return c.DryRunEndpoints(ep) },
			func(c *Cluster) error { return c.SetEndpoints(ep) }
	}
	slice := func(f func(c *Cluster) endpoints.Slice) (func(*Cluster) error, func(*Cluster) error) {
		return func(c *Cluster) error { return c.DryRunEndpointSlice(f(c)) },
			func(c *Cluster) error { return c.SetEndpointSlice(f(c)) }
	}
	fixed := func(sl endpoints.Slice) func(*Cluster) endpoints.Slice {
		return func(*Cluster) endpoints.Slice { return sl }
	}
	noService := extEndpoints("10.0.9.3")
	noService.Name = "nosuch"
	badBoth := extEndpoints("127.0.0.1")
	badBoth.Name = "nosuch"
	sliceNoService := extSlice("nosuch-a", "10.0.9.3")
	sliceNoService.Labels[endpoints.LabelServiceName] = "nosuch"
	reserved := extSlice("ext-b", "10.0.9.3")
	reserved.Labels[endpoints.LabelManagedBy] = endpoints.ControllerName
	controllers := func(c *Cluster) endpoints.Slice {
		// The name of the endpointslice controller's slice of web.
		return extSlice(c.EndpointSlices("", "web")[0].Name, "10.0.9.3")
	}
	var out []dryRunCase
	add := func(name string, dry, real func(*Cluster) error) {
		out = append(out, dryRunCase{name, dry, real})
	}
	d, r := eps(extEndpoints("10.0.9.1", "10.0.9.3"))
	add("endpoints new addresses", d, r)
	d, r = eps(extEndpoints("10.0.9.1"))
	add("endpoints unchanged", d, r)
	d, r = eps(extEndpoints("127.0.0.1"))
	add("endpoints loopback", d, r)
	d, r = eps(noService)
	add("endpoints without a service", d, r)
	d, r = eps(badBoth)
	add("endpoints invalid without a service", d, r)
	d, r = slice(fixed(extSlice("ext-b", "10.0.9.3")))
	add("endpointslice new", d, r)
	d, r = slice(fixed(extSlice("ext-a", "10.0.9.2")))
	add("endpointslice unchanged", d, r)
	d, r = slice(fixed(extSlice("ext-a", "10.0.9.4")))
	add("endpointslice replaced", d, r)
	d, r = slice(fixed(extSlice("ext-b", "127.0.0.1")))
	add("endpointslice loopback", d, r)
	d, r = slice(fixed(sliceNoService))
	add("endpointslice without a service", d, r)
	d, r = slice(fixed(reserved))
	add("endpointslice managed-by a controller", d, r)
	d, r = slice(controllers)
	add("endpointslice name a controller's slice holds", d, r)
	return out
}

// TestSetEndpointSliceAddressTypeImmutable: an EndpointSlice's
// addressType may not change once written (ValidateEndpointSliceUpdate in
// kubernetes pkg/apis/discovery/validation/validation.go), in a
// single-stack cluster and in a dual-stack one, where each family's slices
// live in their own controller.
func TestSetEndpointSliceAddressTypeImmutable(t *testing.T) {
	for _, tc := range []struct {
		name string
		cfg  Config
	}{{"single-stack", Config{Seed: 7}}, {"dual-stack", dualConfig()}} {
		t.Run(tc.name, func(t *testing.T) {
			c := mustNew(t, tc.cfg)
			_, err := c.CreateService(service.Service{Name: "ext", Ports: []service.Port{{Name: "db", Port: 5432}}})
			require.NoError(t, err)
			require.NoError(t, c.SetEndpointSlice(extSlice("ext-a", "10.0.9.2")))
			require.NoError(t, c.Settle())
			six := extSlice("ext-a")
			six.AddressType = endpoints.IPv6
			six.Endpoints = []endpoints.Endpoint{{Addresses: []netip.Addr{netip.MustParseAddr("2001:db8::2")},
				Conditions: endpoints.Conditions{Ready: true}}}
			rv := c.ResourceVersion()
			const want = `endpointslice default/ext-a: addressType: Invalid value: "IPv6": field is immutable`
			for _, err := range []error{c.DryRunEndpointSlice(six), c.SetEndpointSlice(six)} {
				require.ErrorIs(t, err, ErrInvalid)
				assert.Contains(t, err.Error(), want)
			}
			assert.Equal(t, rv, c.ResourceVersion())
		})
	}
}
