// Package endpoints builds a Service's Endpoints and EndpointSlices from its
// pods exactly as Kubernetes' endpoints and EndpointSlice controllers do,
// and keeps them current incrementally as pods and Services change: the
// link between a Service's stable front end and the pods behind it.
//
//	c := endpoints.NewController(endpoints.Options{})
//	var dirty []endpoints.ServiceKey
//	dirty = c.SetService(svc, dirty) // tell it what changed ...
//	dirty = c.SetPod(p, dirty)       // ... and collect the Services to sync
//	for _, k := range dirty {
//		c.Sync(k)
//	}
//	ep, _ := c.Endpoints("default", "web") // the core/v1 Endpoints object
//	key := endpoints.ServiceKey{Namespace: "default", Name: "web"}
//	backends := c.AppendBackends(key, "http", nil) // what kube-proxy sends port "http" to
//
// The runnable examples of [Compute], [Controller] and
// [Controller.SetManual] show the three ways in.
//
// # The objects
//
// [Endpoints] ([Subset], [Address], [EndpointPort]) and [Slice] ([Endpoint],
// [Conditions], [AddressType]) are the core/v1 and discovery.k8s.io/v1
// objects, reduced to what Service networking reads; [Backend] is one
// endpoint of one Service port as kube-proxy and DNS see it; [ServiceKey]
// names a Service.
//
// # Zones and hints
//
// A slice endpoint carries the zone of its node ([Options].NodeZone: the
// node's topology.kubernetes.io/zone label) and, for a Service with
// spec.trafficDistribution, the [Hints] the controller writes
// (staging/src/k8s.io/endpointslice/trafficdist): PreferClose and
// PreferSameZone hint each ready endpoint for its zone, PreferSameNode for
// its zone and its node. The topology annotation Auto overrides the field;
// its CPU-proportional allocation (topologycache) is not modelled, so such
// a Service gets no hints.
//
// # From scratch
//
// [Compute] returns what the controllers produce for one Service given
// every pod (kubernetes pkg/controller/endpoint/endpoints_controller.go,
// syncService; pkg/api/v1/endpoints/util.go, RepackSubsets;
// staging/src/k8s.io/endpointslice/reconciler.go). [Manages] says whether
// the controllers manage a Service at all; [MaxEndpointsCapacity] and
// [DefaultMaxEndpointsPerSlice] ([Options]) are upstream's limits.
//
// # Incrementally
//
// A [Controller] ([NewController]) is told about changes
// ([Controller.SetPod], [Controller.DeletePod], [Controller.SetService],
// [Controller.DeleteService]) and answers with the keys of the Services to
// sync; the caller owns the queue, as kube-controller-manager's work queue
// does. [Controller.Sync] applies only what is pending, updating slices in
// place as upstream's reconcileByPortMapping does. Read the result with
// [Controller.Endpoints], [Controller.Slices], [Controller.AppendBackends],
// [Controller.AppendAddresses] and [Controller.Generation].
// [Controller.Check] compares the controller with [Compute] and returns
// [ErrInconsistent] on a difference.
//
// Work per change never grows with unrelated objects: a pod's Services are
// found through a [selector.Index] per namespace, a Service's pods through a
// label index, so a Service selecting 15 pods is rebuilt in time independent
// of the other pods of the cluster.
//
// # Services without a selector
//
// The controllers leave the Endpoints of a Service without a selector to
// whoever owns them (a user, or kube-apiserver for default/kubernetes):
// [Controller.SetManual] and [Controller.DeleteManual] write them, validated
// and stored repacked as the apiserver does ([ValidateEndpoints], errors
// wrapping [ErrInvalid]), and a Sync mirrors them into slices as the
// endpointslicemirroring controller does ([Mirror],
// [MaxMirroredEndpointsPerSubset]; not an object with SkipMirror).
// [Controller.SetSlice] and [Controller.DeleteSlice] write a user's
// EndpointSlices ([ValidateSlice]: discovery validation) beside a
// Service's own, which AppendBackends and AppendAddresses read as any.
// [Controller.CheckManual] checks them.
//
// # Orders and names
//
// Where upstream's order is arbitrary, svcsim's is stable: subsets by their
// first port, ports by (name, port, protocol). Compare objects with
// [EqualEndpoints] and [EquivalentSlices]. Slices are named as
// generateName "<service>-" names them: the prefix cut to 58 bytes and five
// characters from [Options].NameSuffix, the caller's random source (drawn
// again while the name is taken in the namespace); without one, from a
// per-controller counter ([SliceName]). kube-apiserver's own slice for
// default/kubernetes is named by its writer ([Controller.SetManual]).
//
// Nothing here is safe for concurrent use; nothing reads a clock or a
// random source of its own, so the same calls give the same objects and
// names.
package endpoints
