// Package validation checks names and numbers against the rules of
// k8s.io/apimachinery pkg/util/validation/validation.go, with upstream's
// messages, for packages pod, service, endpoints and sim.
//
// Each IsXxx function returns the reasons a value breaks the rule, nil when
// it is valid; the caller turns each reason into a field error on the field
// it checked, as upstream's callers do:
//
//	for _, msg := range validation.IsDNS1123Label(ns) {
//		errs = append(errs, &pod.FieldError{Field: "metadata.namespace",
//			Type: pod.ErrorTypeInvalid, Value: ns, Detail: msg})
//	}
//
// The rules:
//
//   - [IsDNS1123Label]: namespaces, Service and Endpoints port names.
//   - [IsDNS1123Subdomain]: pod, Endpoints and node names, ExternalName
//     targets, the cluster domain.
//   - [IsDNS1035Label]: Service names.
//   - [IsValidPortName]: IANA_SVC_NAME (RFC 6335), container port names and
//     named target ports.
//   - [IsValidPortNum] with [PortRangeMsg]: port numbers 1-65535.
//
// The checks are hand-written byte loops, equal to upstream's regular
// expressions on every input (the tests compare them) and free of
// allocations for valid input.
package validation
