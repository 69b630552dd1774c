package sim

// The public reads of Endpoints and EndpointSlices, and the user's writes
// of a selector-less Service's Endpoints.

import (
	"fmt"
	"time"

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

// SetEndpoints writes the Endpoints object ep.Namespace/ep.Name as a user
// does for a Service without a selector: validated as kube-apiserver
// validates it (ValidateEndpoints in kubernetes
// pkg/apis/core/validation/validation.go; errors wrap ErrInvalid), it
// appears at the endpoints controller's next sync of the Service (an
// EndpointsUpdated event), is mirrored into EndpointSlices as the
// endpointslicemirroring controller mirrors it (labelled
// endpointslice.kubernetes.io/managed-by:
// endpointslicemirroring-controller.k8s.io, named from generateName
// "<service>-", at most 1000 addresses per subset), and is then routed by
// kube-proxy and answered by DNS like any Service's.
//
// The Service must exist (ErrNotFound): svcsim keeps an Endpoints object
// only beside its Service, and deleting the Service deletes it, as the
// endpoints controller's sync of a deleted Service does. The Endpoints of a
// Service with a selector belong to the endpoints controller, and those of
// default/kubernetes to kube-apiserver's endpoint reconciler: a write to
// them is validated and accepted, and their owner's version stays (each
// writes its own back over the user's at its next sync).
func (c *Cluster) SetEndpoints(ep endpoints.Endpoints) (rerr error) {
	defer func() { rerr = simError(rerr) }()
	if err := c.refuseInCallback("set endpoints"); err != nil {
		return err
	}
	ns := pod.NamespaceOrDefault(ep.Namespace)
	ep.Namespace = ns
	if err := endpoints.ValidateEndpoints(ep); err != nil {
		return err
	}
	_, r := c.lookupSvc(ns, ep.Name)
	if r == nil {
		return fmt.Errorf("endpoints %s/%s: service %q: %w", ns, ep.Name, ep.Name, ErrNotFound)
	}
	if endpoints.Manages(*r.svc) || isMaster(ns, ep.Name) {
		return nil
	}
	ep.CreationTimestamp = time.Time{}
	dirty, err := c.ep.SetManual(ep, "", c.epDirty)
	if err != nil {
		return err
	}
	c.epDirty = dirty
	c.flush()
	return nil
}

// DeleteEndpoints deletes the Endpoints object a user wrote with
// SetEndpoints (ErrNotFound without one); its mirrored EndpointSlices go
// at the next sync. Deleting the Endpoints of a Service with a selector or
// of default/kubernetes changes nothing: their owner writes them again.
func (c *Cluster) DeleteEndpoints(namespace, name string) (rerr error) {
	defer func() { rerr = simError(rerr) }()
	if err := c.refuseInCallback("delete endpoints"); err != nil {
		return err
	}
	ns := pod.NamespaceOrDefault(namespace)
	if _, r := c.lookupSvc(ns, name); r != nil && (endpoints.Manages(*r.svc) || isMaster(ns, name)) {
		if _, ok := c.ep.Endpoints(ns, name); ok {
			return nil
		}
	}
	n := len(c.epDirty)
	c.epDirty = c.ep.DeleteManual(ns, name, c.epDirty)
	if len(c.epDirty) == n {
		return fmt.Errorf("endpoints %s/%s: %w", ns, name, ErrNotFound)
	}
	c.flush()
	return nil
}
