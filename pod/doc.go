// Package pod defines the Pod, the back end of a Kubernetes Service: a
// Kubernetes Pod reduced to what Service networking needs (labels, node, IP,
// container ports, phase, readiness, termination), with the apiserver's
// validation rules and messages.
//
//	p := pod.Pod{Name: "web-1", Labels: selector.Set{"app": "web"},
//		Ports: []pod.ContainerPort{{Name: "http", Port: 8080}}}
//	if err := p.Validate(); err != nil {
//		return err // a *pod.FieldError or a pod.ErrorList, wrapping pod.ErrInvalid
//	}
//	port, ok := p.FindPort("http", pod.TCP) // 8080, true: a Service's named targetPort
//
// The package's runnable example shows a pod's life as a Service sees it.
//
// # The object
//
//   - [Pod] with its [Phase] ([Pending], [Running], [Succeeded], [Failed],
//     [Unknown]) and [ContainerPort] list; [Protocol] ([TCP], [UDP],
//     [SCTP]; empty means TCP, see [EffectiveProtocol]).
//   - [Pod.Key] ("namespace/name"), [Pod.Clone], [Pod.Status] (kubectl's
//     STATUS column), [Pod.String] (a kubectl get pods -o wide line),
//     [Pod.IsActive].
//   - [Pod.FindPort] and [FindPort] resolve a named port as a Service's
//     targetPort is resolved (kubernetes pkg/api/v1/pod/util.go, FindPort).
//
// # Validation
//
//   - [Pod.Validate] checks a pod as the apiserver does (kubernetes
//     pkg/apis/core/validation/validation.go, ValidatePodCreate); its
//     errors wrap [ErrInvalid].
//   - [ValidProtocol] accepts the protocols a port may use;
//     [LabelErrors] reports a label set as ValidateLabels does. The name
//     rules (DNS-1123 labels and subdomains, IANA_SVC_NAME, port numbers)
//     are the module's internal/validation package, shared with service,
//     endpoints and sim.
//   - [FieldError] and [ErrorList] print as Kubernetes' field errors
//     (k8s.io/apimachinery pkg/util/validation/field), prefixed by the
//     object; [ErrorType] names the kind, [FormatValue] renders the value.
//     Packages service and sim report their validation errors the same way.
//
// # Identity
//
//   - [NamespaceOrDefault] and [DefaultNamespace]: an empty namespace means
//     "default", as for kubectl.
//   - [NewUID]: version-4 UUIDs drawn from a caller's seeded source, so a
//     seeded simulation gives the same UIDs every run.
//
// Values are plain data: nothing here is safe for concurrent mutation, and
// nothing keeps state between calls.
package pod
