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
// label groups → pods), so a Service selecting 15 pods is rebuilt in time
// independent of the other pods. Pods are small dense ids; each pod record
// lists the slices holding it, so a pod event touches no per-Service map.
//
// Compact state (≈ 305 bytes per live pod in the 150,000-pod benchmark,
// BenchmarkFixtureMemory): a pod record is 112 bytes — a 4-byte IPv4
// address (other addresses in a side table), node and phase as small ids
// into name tables, its name as the tail of its "namespace/name" key, its
// label set as a shared label group (pods of one template share one, which
// also memoizes their Services), its container ports as an interned list,
// its first Service membership inline. Live pods are found by name through
// an open-addressing table of record ids. A slice endpoint is a pod id and
// condition bits (8 bytes); address, node and pod name are read from the
// record when materialized (a membership whose pod's address or node
// changed since its Service's last Sync keeps the old data aside, so reads
// stay as of that Sync). The Endpoints object is derived from the slices'
// endpoints (two more bits each) and materialized lazily by
// [Controller.Endpoints].
//
// Selector-less Services (spec/services.md §3): whoever owns their
// Endpoints writes them with [Controller.SetManual]; a Sync mirrors them
// into slices ([Mirror]), read like any other.
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
//   - podrec.go: the compact pod record, its name tables, memberships
//   - podtable.go: the pods-by-name table, interned container-port lists
//   - index.go: the label groups, label and selector indexes of a namespace
//   - state.go: per-Service incremental state
//   - reconcile.go: Sync and the per-pod step of the slice reconciler
//   - fill.go: placing new endpoints, slice reuse, placeholders
//   - read.go: Endpoints, Slices, AppendBackends, Generation
//   - check.go: Check, CheckManual
//   - manual.go: SetManual, DeleteManual: Endpoints written by a user or by
//     kube-apiserver for a selector-less Service, and their slices
//   - mirror.go: Mirror (the endpointslicemirroring controller's and
//     kube-apiserver's conversions), ValidateEndpoints
//
// Nothing here is safe for concurrent use; nothing reads a clock or a
// random source.
package endpoints
