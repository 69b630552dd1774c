// Package sim simulates a Kubernetes cluster's Service networking in
// process, deterministically, on a virtual clock: nodes, Deployments and
// their pods, Services with their ClusterIPs, node ports and load-balancer
// addresses, the endpoints controllers, kube-proxy's dataplane and cluster
// DNS. Pods churn underneath; the Service in front of them stays put.
//
//	c, _ := sim.New(sim.Config{Seed: 1}) // 3 nodes, 10.96.0.0/12, cluster.local
//	c.CreateDeployment(sim.Deployment{Name: "web", Replicas: 3,
//		Labels: selector.Set{"app": "web"},
//		Ports:  []pod.ContainerPort{{Name: "http", Port: 8080}}})
//	c.CreateService(service.Service{Name: "web",
//		Selector: selector.Set{"app": "web"},
//		Ports:    []service.Port{{Port: 80, TargetPort: service.TargetPortName("http")}}})
//	c.CreatePod(pod.Pod{Name: "client"})
//	c.Settle()                   // run the controllers until nothing is pending
//	c.Rollout("default", "web") // every pod replaced: new names, new IPs
//	c.Settle()
//	conn, err := c.Connect(sim.FromPod("default", "client"), "web:80")
//
// Every call validates its input and either changes the cluster or returns
// an error wrapping one of the sentinels (ErrNotFound, ErrAlreadyExists,
// ErrInvalid, ErrFull, ErrForbidden, …) and changes nothing, random
// streams included. Calls only queue the controllers' reactions; Advance and
// Settle move the clock and run them.
//
// # The calls, by object
//
//   - Cluster: New, Now, Advance, Settle, Events, Check, Watch.
//   - Pods: CreatePod, Pod, Pods, DeletePod, DeletePodGrace, CrashPod,
//     SetCrashLoop, SetPodReady, SetPodLabels; PodSummaries, and
//     AppendPodStates and AppendPodPorts (no allocation into a reused
//     slice), read less of many pods for tests that read after every step.
//   - Deployments and ReplicaSets: CreateDeployment, Deployment,
//     Deployments, UpdateDeployment, SetImage, Scale, Rollout,
//     RolloutStatus, RolloutUndo, DeleteDeployment, ReplicaSet,
//     ReplicaSets; AppendDeploymentStates reads only their names,
//     replicas and revisions.
//   - StatefulSets: CreateStatefulSet, StatefulSet, StatefulSets,
//     ScaleStatefulSet, RolloutStatefulSet, UpdateStatefulSet,
//     DeleteStatefulSet; ForceDeletePod frees a pod stuck on a failed node.
//   - Services: CreateService, Service, Services, UpdateService,
//     DeleteService; Endpoints, EndpointSlices; SetEndpoints and
//     DeleteEndpoints write a selector-less Service's Endpoints,
//     SetEndpointSlice and DeleteEndpointSlice a user's EndpointSlices.
//     For tests that read after every step, without copies: ServiceState,
//     ServiceSelector and AppendServicePorts (ServiceStatePorts: state
//     and ports in one) read a Service,
//     AppendServicePodStates the states of the pods it selects,
//     AppendFlatEndpoints and AppendFlatEndpointSlices its endpoints, one
//     row per address and port.
//   - Nodes: Nodes, FailNode, RecoverNode; AppendNodeStates reads only
//     their names and readiness.
//   - Discovery: Resolve, LookupCNAME, LookupSRV, ResolvConf;
//     AppendResolve resolves without a new slice.
//   - Dataplane: Connect from a Client (FromPod, External) to a name or
//     address, with the Path of hops; Route for where it lands without the
//     Path (hot loops: no allocation); HealthCheck probes a Service's
//     health-check node port on a node.
//
// Package sim/kubectl prints these as kubectl's tables; package
// sim/timeline draws a story as an SVG timeline.
//
// # What is simulated
//
// The cluster is what kubeadm builds, following Kubernetes v1.35: node-1 is
// the control-plane node (labelled node-role.kubernetes.io/control-plane;
// Config.ControlPlaneTaint taints it NoSchedule, and then only the coredns
// pods, which tolerate it, and pods bound by spec.nodeName go there),
// default/kubernetes fronts kube-apiserver on it (deleted, it comes back at
// the API server's next 10 s reconcile), and kube-system holds the DNS
// add-on: the Service kube-dns on the 10th address of the Service CIDR
// (10.96.0.10) and the 2-replica coredns Deployment behind it. Every pod's
// resolv.conf (ResolvConf) names kube-dns's address. svcsim does not
// simulate a DNS outage: Resolve answers from the object store even when
// the coredns pods are down or kube-dns is deleted.
//
// A Config with SecondaryServiceCIDR and SecondaryPodCIDR (the other IP
// family) is a dual-stack cluster: every node has a pod CIDR per family
// (Node.PodCIDRs) and every pod an IP per family (pod.Pod.IPs, the
// primary's first); a Service gets ipFamilyPolicy and ipFamilies defaulted
// as kube-apiserver does (SingleStack of the primary family unless asked;
// PreferDualStack and RequireDualStack get both) and a ClusterIP per
// family; EndpointSlices come per address family, the Endpoints object in
// the Service's primary family; kube-proxy runs one proxier per family, so
// each ClusterIP reaches its family's endpoints; DNS answers A and AAAA.
//
// Namespaces are implicit: one exists while it holds a pod, Service or
// Deployment, and is released with its last object, so a test may use a
// fresh namespace per case without the cluster growing (only a trace kept
// whole, Config.TraceLimit 0, grows with its events). A declared
// namespace (CreateNamespace; a cluster starts with default, kube-system,
// kube-public and kube-node-lease) persists until DeleteNamespace, which
// deletes what it holds, as the namespace controller does: it is
// Terminating, refuses new content, and is gone with its last object.
//
// The controllers and their lags:
//
//   - deployment and ReplicaSet controllers (kubernetes
//     pkg/controller/deployment and pkg/controller/replicaset): react at the
//     same virtual instant to every pod change, and keep the status
//     Deployment and ReplicaSets return: replica counts, the observed
//     generation, Available, Progressing (NewReplicaSetCreated,
//     ReplicaSetUpdated, NewReplicaSetAvailable; ProgressDeadlineExceeded
//     600 s after the last progress, checked at that deadline plus 1 s by
//     a task Settle does not wait for). A Deployment's selector is its
//     own (default: its template labels) and immutable; its containers and
//     images are part of the pod template, so UpdateDeployment or SetImage
//     of a changed template rolls out a new ReplicaSet. Config.MaxPods bounds the pod
//     objects: a pod beyond it is refused as an exhausted ResourceQuota
//     refuses it (ErrForbidden); the ReplicaSet records FailedCreate, gets
//     the ReplicaFailure condition (its Deployment copies it) and tries again
//     when a pod object goes away;
//   - StatefulSet controller (kubernetes pkg/controller/statefulset):
//     pods <set>-0 … with their name as hostname and the set's serviceName
//     as subdomain, created one at a time once the previous is Running and
//     Ready (OrderedReady) or all at once (Parallel), deleted highest
//     ordinal first, replaced by RollingUpdate from the highest ordinal
//     down to the partition one at a time (the MaxUnavailableStatefulSet
//     gate is off, as from v1.35.4) or only when deleted (OnDelete). A
//     replacement keeps the name, hostname and DNS name and gets a new IP;
//     a pod Terminating on a failed node is replaced only once it is gone
//     (ForceDeletePod, or the node recovers);
//   - kubelet: a scheduled pod starts at once (Running, an IP from its node's
//     CIDR, service env vars), is Ready after its ReadyAfter, and on deletion
//     stays Terminating — still serving — for its grace period (its
//     template's, or one of its own with DeletePodGrace: 0 removes it at
//     once), then its IP is released and the object removed. A container that exits (CrashPod, or
//     at every start with SetCrashLoop / Deployment.CrashLoop) makes the pod
//     not Ready at once and refuses connections; the exit is seen at the
//     next PLEG relist (the next whole second) and the container restarted
//     in place, at once the first time, then after CrashLoopBackOff delays of
//     10 s doubling to 300 s from the exit (reset after 600 s of running);
//   - node lifecycle: a failed node goes NotReady after 50 s (its pods turn
//     not ready) and its pods are evicted 300 s later;
//   - endpoints and EndpointSlice controllers (package endpoints): one sync
//     per changed Service, Config.EndpointsDelay after the change (a key
//     already queued is not queued again). A slice endpoint carries its
//     node's zone (Config.Zones: the topology.kubernetes.io/zone label,
//     round-robin in node order) and, for spec.trafficDistribution, the
//     hints the controller writes (PreferClose, PreferSameZone: the
//     endpoint's zone; PreferSameNode: its zone and node; ready endpoints
//     only);
//   - kube-proxy: every Service changed since its last sync is programmed
//     Config.ProxyDelay (default 1 s) after the first change. Connections are
//     routed with this programmed copy, so a deleted pod can still receive
//     traffic until kube-proxy catches up. It follows both traffic policies
//     (Local: only the handling node's endpoints, else a silent drop),
//     accepts externalIPs on every node, drops sources outside
//     loadBalancerSourceRanges on the load-balancer address, keeps ClientIP
//     affinity for the Service's timeout, narrows the Cluster set by the
//     slices' hints (to the endpoints hinted for the handling node, else
//     for its zone, else none: kubernetes pkg/proxy/topology.go), and
//     answers health-check probes (HealthCheck) with its count of local
//     ready endpoints. ProxyService reads what its rules do now
//     (WatchProxy follows each sync);
//   - load balancers: LoadBalancer Services without a class get the lowest
//     free address of Config.LoadBalancerPool (MetalLB's order); a class
//     named in Config.LoadBalancerClassPools gets its own pool; any other
//     class stays pending, as no controller claims it.
//
// # Determinism and the trace
//
// There are no goroutines and no wall-clock reads. The virtual clock starts
// at 2025-01-01T00:00:00Z; all randomness comes from named streams derived
// from Config.Seed (pod names, UIDs, service IPs, node ports,
// EndpointSlice names, backend choice), so the same seed and the same
// calls produce a byte-identical event trace. Every change is an Event
// ("kind/namespace/name" objects; the namespace is empty for nodes:
// "node//node-1"). Kinds (each an exported constant: KindPodCreated =
// "PodCreated", …): DeploymentCreated,
// DeploymentScaled, DeploymentRestarted, DeploymentDeleted,
// ReplicaSetCreated, ScalingReplicaSet, FailedCreate, StatefulSetCreated,
// StatefulSetScaled, StatefulSetRestarted, StatefulSetUpdated,
// StatefulSetDeleted, SuccessfulCreate, SuccessfulDelete, PodCreated,
// PodScheduled, PodReady, PodNotReady, PodTerminating, PodDeleted,
// PodRestarted, BackOff, PodLabelsChanged, PodOrphaned, PodAdopted,
// ServiceCreated, ServiceUpdated, ServiceDeleted, EndpointsUpdated,
// EndpointsDeleted, ProxyProgrammed, NodeFailed, NodeNotReady,
// NodeEvicting, NodeReady, NamespaceCreated, NamespaceTerminating,
// NamespaceDeleted. Config.TraceLimit bounds it (the last N events)
// or turns it off.
//
// # Watching
//
// Watch subscribes a callback to one kind (WatchPods, WatchServices,
// WatchEndpoints, WatchEndpointSlices, WatchNodes, WatchDeployments,
// WatchReplicaSets, WatchStatefulSets, WatchNamespaces, and WatchProxy
// for kube-proxy's programmed rules), as an informer does: ADDED,
// MODIFIED and DELETED with the object's state at the change and one cluster-wide
// resourceVersion, delivered synchronously at the end of the call or the
// Advance/Settle task that made the change, in the order of the changes.
// There is no initial list unless WatchOptions.Replay asks for the current
// objects as ADDED. Watching draws no random number and leaves the trace
// alone; callbacks may read the cluster, and calls that would change it
// from a callback fail with ErrReentrant.
//
// Check recomputes everything from scratch (endpoints, slices,
// kube-proxy's table, allocators, indexes) and compares it with the
// incremental state; property tests call it after every step.
//
// # Concurrency
//
// A Cluster is not safe for concurrent use, not even by readers only:
// reads materialise state lazily (caches, pod values) and some draw random
// numbers (Connect's backend choice). Guard every call with one lock.
package sim
