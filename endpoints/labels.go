package endpoints

import (
	"net/netip"

	"github.com/svcsim/svcsim/service"
)

// The labels the EndpointSlice controllers write (k8s.io/api
// discovery/v1 well_known_labels.go, core/v1 IsHeadlessService).
const (
	// LabelServiceName names the Service a slice belongs to.
	LabelServiceName = "kubernetes.io/service-name"
	// LabelManagedBy names the controller that owns a slice.
	LabelManagedBy = "endpointslice.kubernetes.io/managed-by"
	// LabelHeadless marks the slices of a headless Service.
	LabelHeadless = "service.kubernetes.io/headless"
	// ControllerName is the EndpointSlice controller's LabelManagedBy value.
	ControllerName = "endpointslice-controller.k8s.io"
	// MirroringControllerName is the endpointslicemirroring controller's.
	MirroringControllerName = "endpointslicemirroring-controller.k8s.io"
)

// SliceLabels returns the labels the EndpointSlice controller puts on the
// slices of svc (setEndpointSliceLabels in
// staging/src/k8s.io/endpointslice/utils.go): the Service's own labels
// except the reserved keys (service-name, managed-by, headless), then
// kubernetes.io/service-name, endpointslice.kubernetes.io/managed-by
// endpointslice-controller.k8s.io, and service.kubernetes.io/headless ""
// for a Service whose ClusterIP is not set: headless, or none allocated
// (isServiceIPSet).
func SliceLabels(svc service.Service) map[string]string {
	return sliceLabels(svc.Name, svc.Labels, clusterIPUnset(svc.Headless, svc.ClusterIP))
}

// clusterIPUnset reports whether a Service has no ClusterIP: headless
// (clusterIP None) or none allocated (the negation of isServiceIPSet).
func clusterIPUnset(headless bool, clusterIP netip.Addr) bool {
	return headless || !clusterIP.IsValid()
}

// sliceLabels is SliceLabels of a Service named name with these labels,
// labelled headless when ipUnset.
func sliceLabels(name string, labels map[string]string, ipUnset bool) map[string]string {
	return fillLabels(make(map[string]string, len(labels)+3), name, labels, ipUnset)
}

// refillLabels returns sliceLabels(name, labels, ipUnset) in out, emptied
// first (made when nil): storage for a read that keeps nothing.
func refillLabels(out map[string]string, name string, labels map[string]string, ipUnset bool) map[string]string {
	if out == nil {
		out = make(map[string]string, len(labels)+3)
	}
	clear(out)
	return fillLabels(out, name, labels, ipUnset)
}

// fillLabels adds sliceLabels' entries to out and returns it.
func fillLabels(out map[string]string, name string, labels map[string]string, ipUnset bool) map[string]string {
	for k, v := range labels {
		if k != LabelServiceName && k != LabelManagedBy && k != LabelHeadless {
			out[k] = v
		}
	}
	if ipUnset {
		out[LabelHeadless] = ""
	}
	out[LabelServiceName] = name
	out[LabelManagedBy] = ControllerName
	return out
}

// mirroredLabels are the labels of a slice the endpointslicemirroring
// controller writes for Endpoints name (its Endpoints carry no labels of
// their own here).
func mirroredLabels(name string) map[string]string {
	return map[string]string{LabelServiceName: name, LabelManagedBy: MirroringControllerName}
}
