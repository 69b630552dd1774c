// Package service defines the Service, the stable front end of a changing
// set of pods: one ClusterIP, one DNS name and a list of ports, in front of
// whichever pods its label selector picks. It has Kubernetes' defaults,
// validation and update rules, the DNS records CoreDNS serves for a Service
// and the environment variables the kubelet gives containers.
//
//	s := service.Service{Name: "web", Selector: selector.Set{"app": "web"},
//		Ports: []service.Port{{Port: 80, TargetPort: service.TargetPortName("http")}}}.WithDefaults()
//	if err := s.Validate(); err != nil {
//		return err // a *pod.FieldError or a pod.ErrorList, wrapping service.ErrInvalid
//	}
//	s.FQDN("cluster.local")                     // web.default.svc.cluster.local
//	s.Ports[0].ResolveTargetPort(somePod.Ports) // 8080, true if the pod names a port "http"
//
// The package's runnable example goes through these steps; the others show
// each function.
//
// # The object
//
//   - [Service] with its [Type] ([ClusterIP], [NodePort], [LoadBalancer],
//     [ExternalName]; headless is ClusterIP with [Service].Headless),
//     [Port], [TargetPort] ([TargetPortNumber], [TargetPortName]),
//     [SessionAffinity] with [SessionAffinityConfig], [TrafficPolicy] (both
//     traffic policies), external IPs, load-balancer class, source ranges
//     and the other ServiceSpec fields, labels and annotations.
//   - [Service.Key], [Service.Clone], [Service.String] (a kubectl get svc
//     line), [Service.ExternalIPColumn], [Service.FQDN],
//     [Service.PortByName], [Service.AffinityTimeout].
//   - [Port.ResolveTargetPort] resolves a target port against one pod's
//     container ports (kubernetes pkg/api/v1/pod/util.go, FindPort): a named
//     target port can differ from pod to pod.
//
// # Defaults, validation and updates
//
//   - [Service.WithDefaults] applies the API defaults (kubernetes
//     pkg/apis/core/v1/defaults.go, SetDefaults_Service).
//   - [Service.Validate] checks a new Service as the apiserver does
//     (kubernetes pkg/apis/core/validation/validation.go, ValidateService).
//   - [PrepareUpdate] (or [PrepareUpdateWithDefaults], for an update not
//     yet defaulted), [ValidateUpdate] and [Released] handle an update: the
//     allocated values carried over, the immutable ClusterIP, and what a
//     type change frees (kubernetes pkg/registry/core/service).
//   - [NormalizeClusterIPs] and [DefaultIPFamilies] fill spec.clusterIPs,
//     spec.ipFamilies and spec.ipFamilyPolicy ([IPFamily], [IPFamilyPolicy])
//     as kube-apiserver does before allocating (kubernetes
//     pkg/registry/core/service/storage/storage.go, normalizeClusterIPs;
//     alloc.go, initIPFamilyFields), given the cluster's families: one
//     ClusterIP per family, the primary first; Validate and ValidateUpdate
//     check them as ValidateServiceClusterIPsRelatedFields and the
//     upgrade/downgrade rules do ([FamilyOf], [Service.ClusterIPOf],
//     [Service.HasFamily]). [PrepareCreate] does both, then Validate, to
//     a Service being created, in place.
//   - [NeedsClusterIP], [NeedsNodePorts], [ShouldAllocateNodePorts],
//     [NeedsLoadBalancerIP], [NeedsHealthCheck] and [ExternallyAccessible]
//     say what a Service gets allocated (kubernetes pkg/api/service/util.go,
//     pkg/registry/core/service/storage/alloc.go).
//
// Validation errors are [*pod.FieldError] or [pod.ErrorList] values
// wrapping [ErrInvalid], printed as the apiserver prints them.
//
// # DNS
//
//   - [Service.Records] lists the [Record] values CoreDNS serves for a
//     Service with kubeadm's Corefile: A/AAAA, SRV, PTR, CNAME for
//     ExternalName, and one record per ready [Endpoint] of a headless
//     Service (kubernetes/dns docs/specification.md; coredns
//     plugin/kubernetes). [DefaultTTL] and [DefaultClusterDomain] are
//     kubeadm's; [RRType], [ReverseName], [SRVWeight] and
//     [EndpointHostname] are the pieces.
//
// # Environment variables
//
//   - [EnvVars] returns the {NAME}_SERVICE_HOST, {NAME}_PORT, ... variables
//     the kubelet sets (kubernetes pkg/kubelet/envvars/envvars.go,
//     FromServices; [EnvVarsOf] of Services held by pointer, as
//     FromServices takes them), and [ServicesForPod] which Services a
//     pod's containers see (kubernetes pkg/kubelet/kubelet_pods.go,
//     getServiceEnvVarMap), [MasterServiceName] included.
//
// Values are plain data: nothing here keeps state between calls or is safe
// for concurrent mutation.
package service
