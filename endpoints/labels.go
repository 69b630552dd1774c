package endpoints

import (
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
// for a headless Service.
func SliceLabels(svc service.Service) map[string]string {
	out := make(map[string]string, len(svc.Labels)+3)
	for k, v := range svc.Labels {
		if k != LabelServiceName && k != LabelManagedBy && k != LabelHeadless {
			out[k] = v
		}
	}
	if svc.Headless {
		out[LabelHeadless] = ""
	}
	out[LabelServiceName] = svc.Name
	out[LabelManagedBy] = ControllerName
	return out
}

// mirroredLabels are the labels of a slice the endpointslicemirroring
// controller writes for Endpoints name (its Endpoints carry no labels of
// their own here).
func mirroredLabels(name string) map[string]string {
	return map[string]string{LabelServiceName: name, LabelManagedBy: MirroringControllerName}
}
