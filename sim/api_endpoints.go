package sim

// The public reads of Endpoints and EndpointSlices, and the user's writes
// of Endpoints (a selector-less Service's) and EndpointSlices.

import (
	"errors"
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
// kube-proxy and answered by DNS like any Service's. An object with
// SkipMirror (the endpointslice.kubernetes.io/skip-mirror label) is not
// mirrored, which leaves kube-proxy and DNS no slices to read.
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
	ep.Namespace = pod.NamespaceOrDefault(ep.Namespace)
	r, err := c.checkSetEndpoints(ep)
	if err != nil {
		return err
	}
	ns := ep.Namespace
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

// checkSetEndpoints returns the Service of ep (namespace set), or the
// error SetEndpoints returns for it: invalid, then no Service.
func (c *Cluster) checkSetEndpoints(ep endpoints.Endpoints) (*svcRec, error) {
	if err := endpoints.ValidateEndpoints(ep); err != nil {
		return nil, err
	}
	_, r := c.lookupSvc(ep.Namespace, ep.Name)
	if r == nil {
		return nil, fmt.Errorf("endpoints %s/%s: service %q: %w", ep.Namespace, ep.Name, ep.Name, ErrNotFound)
	}
	return r, nil
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

// SetEndpointSlice writes an EndpointSlice as a user does, beside the
// controllers' slices of the Service its kubernetes.io/service-name label
// (Slice.Service) names: validated as kube-apiserver validates it
// (ValidateEndpointSlice in kubernetes
// pkg/apis/discovery/validation/validation.go; errors wrap ErrInvalid), it
// is shown with the Service's slices at the endpoints controller's next
// sync, and kube-proxy and DNS read it as they read any slice (they read
// slices whoever wrote them), for a Service with a selector too. Writing a
// slice of the same name again replaces it.
//
// The Service must exist (ErrNotFound), and deleting it deletes its user
// slices (svcsim keeps them only beside their Service). A name one of the
// controllers' slices holds is refused (ErrAlreadyExists), and so is a
// managed-by label naming the endpointslice or mirroring controller
// (ErrInvalid): that controller would take the slice over.
func (c *Cluster) SetEndpointSlice(sl endpoints.Slice) (rerr error) {
	defer func() { rerr = simError(rerr) }()
	if err := c.refuseInCallback("set endpointslice"); err != nil {
		return err
	}
	ns := pod.NamespaceOrDefault(sl.Namespace)
	sl.Namespace = ns
	if sl.Service == "" {
		sl.Service = sl.Labels[endpoints.LabelServiceName]
	}
	if err := c.checkSetEndpointSlice(sl); err != nil {
		return err
	}
	sl.CreationTimestamp = time.Time{}
	dirty, err := c.ep.SetSlice(sl, c.epDirty)
	if err != nil {
		return err
	}
	c.epDirty = dirty
	c.flush()
	return nil
}

// checkSetEndpointSlice returns the error SetEndpointSlice returns for sl
// (namespace and Service set): invalid, a name or label the controllers
// hold, then no Service.
func (c *Cluster) checkSetEndpointSlice(sl endpoints.Slice) error {
	err := c.ep.CheckSlice(sl)
	if errors.Is(err, endpoints.ErrNameTaken) {
		return fmt.Errorf("endpointslice %s/%s: %w", sl.Namespace, sl.Name, ErrAlreadyExists)
	}
	if err != nil {
		return err
	}
	if sl.Service != "" {
		if _, r := c.lookupSvc(sl.Namespace, sl.Service); r == nil {
			return fmt.Errorf("endpointslice %s/%s: service %q: %w", sl.Namespace, sl.Name, sl.Service, ErrNotFound)
		}
	}
	return nil
}

// DeleteEndpointSlice deletes an EndpointSlice written with
// SetEndpointSlice (ErrNotFound for any other); it goes at the next sync.
func (c *Cluster) DeleteEndpointSlice(namespace, name string) (rerr error) {
	defer func() { rerr = simError(rerr) }()
	if err := c.refuseInCallback("delete endpointslice"); err != nil {
		return err
	}
	ns := pod.NamespaceOrDefault(namespace)
	dirty, ok := c.ep.DeleteSlice(ns, name, c.epDirty)
	if !ok {
		return fmt.Errorf("endpointslice %s/%s: %w", ns, name, ErrNotFound)
	}
	c.epDirty = dirty
	c.flush()
	return nil
}
