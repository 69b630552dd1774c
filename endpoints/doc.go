// Package endpoints builds Endpoints and EndpointSlices from a Service and
// its pods exactly as Kubernetes' endpoints and endpointslice controllers
// do, and keeps them current incrementally as pods and services change.
//
// Two halves, checked against each other:
//
//   - [Compute] is the from-scratch reference: one Service, all pods, the
//     upstream rules (pkg/controller/endpoint/endpoints_controller.go
//     syncService, pkg/api/v1/endpoints/util.go RepackSubsets,
//     staging/src/k8s.io/endpointslice/reconciler.go; spec/endpoints.md).
//   - [Controller] is told about changes ([Controller.SetPod],
//     [Controller.DeletePod], [Controller.SetService],
//     [Controller.DeleteService]), answers with the keys of the Services to
//     sync, and [Controller.Sync] applies only what is pending, updating
//     slices in place as upstream's reconcileByPortMapping.
//     [Controller.Check] compares it with Compute.
//
// Indexes, not scans: a pod's Services come from a [selector.Index] per
// namespace; a Service's pods from the controller's own label index (k=v →
// pods), so a Service selecting 15 pods is rebuilt in time independent of
// the other pods. Pods are small dense ids; each pod record lists the
// slices holding it, so a pod event touches no per-Service map. Endpoints
// are kept as the slices' endpoints plus two flags each and materialized
// lazily by [Controller.Endpoints].
//
// Stable orders where upstream's are arbitrary (compare with
// [EqualEndpoints] and [EquivalentSlices]): subsets by their first port,
// ports by (name, port, protocol); slice names <service>-<5 chars> from a
// per-controller counter ([SliceName]) rather than random.
//
// Files:
//   - types.go: the API types, ServiceKey, Options, Backend
//   - compute.go: Compute and the inclusion, family and port rules
//   - repack.go: RepackSubsets and truncation
//   - equal.go: EqualEndpoints, EquivalentSlices
//   - naming.go: SliceName
//   - controller.go: Controller, pod and service changes
//   - index.go: the label and selector indexes of a namespace
//   - state.go: per-Service incremental state
//   - reconcile.go: Sync and the per-pod step of the slice reconciler
//   - fill.go: placing new endpoints, slice reuse, placeholders
//   - read.go: Endpoints, Slices, AppendBackends, Generation
//   - check.go: Check
//
// Nothing here is safe for concurrent use; nothing reads a clock or a
// random source.
package endpoints
