// Package kube speaks Kubernetes to a simulated cluster: it converts between
// svcsim's objects and k8s.io/api's, applies manifests, and serves a
// client-go view of the cluster.
//
// It is a module of its own so that a program importing only svcsim's core
// packages never downloads k8s.io/api, k8s.io/client-go or a YAML library.
//
// # Objects both ways
//
// For each kind svcsim models there is a pair of conversions: ToPod,
// ToService, ToEndpoints, ToEndpointSlice (discovery/v1), ToNode,
// ToNamespace, ToDeployment, ToReplicaSet and ToStatefulSet return the
// k8s.io/api object `kubectl get -o yaml` would show, and FromPod,
// FromService, … read one back, returning the svcsim value, the warnings
// and an error. The conversions that need other objects of the cluster
// take it: a pod's controller, readiness delay, grace period and node
// address, an Endpoints' or EndpointSlice's pods and Service, a
// ReplicaSet's Deployment.
//
// What the objects carry:
//
//   - metadata: name, namespace, creationTimestamp, labels and annotations;
//     the uid svcsim drew for pods and Services, and for the kinds it
//     keeps without one a uid derived from the kind, namespace, name and
//     creation time (DerivedUID: stable, never drawn from the
//     simulation's random streams); ownerReferences with controller and
//     blockOwnerDeletion (pod → ReplicaSet or StatefulSet, ReplicaSet →
//     Deployment, EndpointSlice → Service, or → Endpoints for the
//     mirroring controller's slices); the labels the controllers add
//     (pod-template-hash, controller-revision-hash,
//     statefulset.kubernetes.io/pod-name, apps.kubernetes.io/pod-index,
//     kubernetes.io/service-name, endpointslice.kubernetes.io/managed-by,
//     endpoints.kubernetes.io/managed-by, service.kubernetes.io/headless,
//     kubernetes.io/metadata.name). The To functions leave
//     resourceVersion empty: a watch event carries it, and Get and List
//     fill it from sim's ObjectResourceVersion.
//   - status: a pod's phase, PodScheduled, PodReadyToStartContainers,
//     Initialized, ContainersReady and Ready conditions, podIP(s),
//     hostIP(s), startTime and containerStatuses (restartCount; running,
//     waiting in CrashLoopBackOff, or terminated with Error; the last
//     exit); a Service's status.loadBalancer.ingress; the workloads'
//     replica counts, revisions and conditions; a node's Ready and
//     pressure conditions, addresses and podCIDR(s); a namespace's phase.
//   - spec: every field svcsim models. A readiness delay is a
//     readinessProbe whose first success comes after it
//     (initialDelaySeconds the delay in whole seconds, successThreshold
//     1); read back, a probe stands for initialDelaySeconds +
//     periodSeconds × (successThreshold − 1), and no probe for Ready when
//     running. svcsim's crash model (sim.Deployment.CrashLoop) is the pod
//     template annotation AnnotationCrashLoop. The kubelet's Service
//     environment variables (pod.Pod.Env) are not part of the API object.
//
// svcsim → k8s → svcsim is the identity (a rapid property checks it for
// every kind).
//
// # What the From functions refuse or ignore
//
// Going into svcsim, a field svcsim does not model is never dropped
// silently when it holds a value other than its default. Where it would
// change what Service networking sees — where pods run, when they are
// ready, how they resolve names, what an address is — it is an error
// wrapping ErrUnsupported, a *pod.FieldError naming the field path
// (`deployment default/web: spec.template.spec.initContainers:
// Forbidden: …`). Where it cannot, it is a warning worded as kubectl
// prints the API server's warnings (`Warning: pod default/p:
// spec.volumes: ignored …`). A value svcsim cannot read (an address or
// CIDR that does not parse) is an invalid-value error wrapping
// sim.ErrInvalid.
//
// Errors (ErrUnsupported):
//
//   - metadata: generateName without a name, finalizers;
//   - pod spec: initContainers, ephemeralContainers, a restartPolicy other
//     than Always, activeDeadlineSeconds, a dnsPolicy other than
//     ClusterFirst, nodeSelector, hostNetwork, node or pod (anti-)affinity,
//     another schedulerName, tolerations beyond the two
//     DefaultTolerationSeconds adds, dnsConfig, readinessGates,
//     enableServiceLinks false, topologySpreadConstraints,
//     setHostnameAsFQDN, schedulingGates, hostnameOverride,
//     schedulingGroup, evictionResponders, a terminationGracePeriodSeconds
//     below one second;
//   - containers: restartPolicy and restartPolicyRules (sidecars),
//     startupProbe, a port's hostPort or hostIP;
//   - a bare pod's readinessProbe delay or grace period other than 30 s
//     (a workload's template carries both);
//   - Service: an ipFamilyPolicy other than SingleStack, more than one IP
//     family or cluster IP, more than one load-balancer ingress, an
//     ingress hostname or an ipMode other than VIP;
//   - Deployment: minReadySeconds, a progressDeadlineSeconds other than
//     600, paused; ReplicaSet: minReadySeconds; StatefulSet:
//     volumeClaimTemplates, minReadySeconds, ordinals, a rolling update's
//     maxUnavailable, a selector other than the template labels; every
//     workload: a matchExpressions selector;
//   - Endpoints and EndpointSlice: a targetRef to something other than a
//     Pod; Node: more than one pod CIDR; Namespace: a finalizer other than
//     kubernetes.
//
// Warnings (ignored): user-set ownerReferences (svcsim's controllers own
// what they create; the garbage collector is not modelled); a pod's
// volumes, service account, automountServiceAccountToken, hostPID,
// hostIPC, shareProcessNamespace, securityContext, imagePullSecrets,
// hostAliases, priority and priorityClassName, runtimeClassName,
// preemptionPolicy, overhead, os, hostUsers, resourceClaims and
// resources; a container's command, args, workingDir, env, envFrom,
// resources, resizePolicy, volumeMounts, volumeDevices, livenessProbe,
// lifecycle, termination message settings, securityContext, stdin and
// tty; pod template annotations; a workload's revisionHistoryLimit other
// than 10 and a StatefulSet's persistentVolumeClaimRetentionPolicy; an
// EndpointSlice endpoint's zone, hints and deprecatedTopology; a
// Service's status conditions. The defaults the API server writes
// (securityContext {}, the default service account, priority 0, …) are
// neither.
//
// # The reverse
//
// Get and List return the cluster's objects as k8s.io/api values with
// their resourceVersions, ToObject converts the object of a sim watch
// event, and YAML and ListYAML print what `kubectl get -o yaml` prints
// (keys sorted, a List for several objects).
//
// # Manifests
//
// Apply applies a manifest as `kubectl apply -f` does: YAML documents or
// a JSON stream, each an object or a v1 List, decoded strictly; Namespace,
// Service, Pod, Deployment and StatefulSet created or updated through the
// cluster's own calls, fields the manifest leaves out keeping their live
// values (the replicas of a scaled Deployment, a Service's allocated
// ClusterIP and node ports). The Endpoints and EndpointSlices a user
// writes for a Service without a selector are written whole
// (sim.Cluster.SetEndpoints and SetEndpointSlice), after the manifest's
// other objects, since the core keeps them only beside their Service; an
// unchanged object is not written again. It is all or nothing: every
// object is converted, merged and checked with the cluster's dry runs
// (sim.Cluster.DryRunService, DryRunEndpoints, DryRunEndpointSlice and
// the others) before any is applied, and an error is a *DocumentError
// naming the document and its line.
package kube
