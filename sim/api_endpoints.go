package sim

// The public reads of Endpoints and EndpointSlices.

import (
	"github.com/svcsim/svcsim/endpoints"
	"github.com/svcsim/svcsim/pod"
)

// Endpoints returns a copy of the Endpoints object of Service
// namespace/name, as the endpoints controller last wrote it.
func (c *Cluster) Endpoints(namespace, name string) (endpoints.Endpoints, bool) {
	return c.ep.Endpoints(pod.NamespaceOrDefault(namespace), name)
}

// EndpointSlices returns copies of the EndpointSlices of Service
// namespace/svc, ordered by slice name.
func (c *Cluster) EndpointSlices(namespace, svc string) []endpoints.Slice {
	return c.ep.Slices(pod.NamespaceOrDefault(namespace), svc)
}
