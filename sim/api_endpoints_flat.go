package sim

// Public reads of a Service's Endpoints object and EndpointSlices that
// allocate nothing once the caller's buffer is large enough: for a test
// that compares them with the endpoints it works out from scratch after
// every step, where the copies Endpoints and EndpointSlices make would be
// most of the cost.

import (
	"github.com/svcsim/svcsim/endpoints"
	"github.com/svcsim/svcsim/pod"
)

// AppendFlatEndpoints appends to dst the addresses of the Endpoints object
// of Service namespace/name ("" namespace: default), the object Endpoints
// returns, one entry per address and port of its subset (one with NoPorts
// for a subset without ports), subset by subset, ready addresses first;
// it returns the extended slice, the object's Truncated, and false when
// there is no object (dst unchanged). Pass the slice of the previous call,
// emptied, to read again without allocating:
//
//	flat, truncated, ok = c.AppendFlatEndpoints(flat[:0], "", "web")
func (c *Cluster) AppendFlatEndpoints(dst []endpoints.FlatEndpoint, namespace, name string) (_ []endpoints.FlatEndpoint, truncated, ok bool) {
	return c.ep.AppendFlatEndpoints(pod.NamespaceOrDefault(namespace), name, dst)
}

// AppendFlatEndpointSlices appends to dst the endpoints of the
// EndpointSlices of Service namespace/svc ("" namespace: default), the
// slices EndpointSlices returns, one entry per address and port of its
// slice (one with NoPorts for a slice without ports), slice by slice in
// no particular order, and returns the extended slice. Pass the slice of
// the previous call, emptied, to read again without allocating:
//
//	flat = c.AppendFlatEndpointSlices(flat[:0], "", "web")
func (c *Cluster) AppendFlatEndpointSlices(dst []endpoints.FlatEndpoint, namespace, svc string) []endpoints.FlatEndpoint {
	return c.ep.AppendFlatSlices(pod.NamespaceOrDefault(namespace), svc, dst)
}
