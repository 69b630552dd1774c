// Package sim is a deterministic, in-process simulator of a Kubernetes
// cluster's Service networking: nodes, Deployments and their pods, Services
// with their ClusterIPs, node ports and load-balancer addresses, the
// endpoints controllers, kube-proxy's programmed copy of the dataplane and
// cluster DNS.
//
// # The discrete-event core
//
// A Cluster is a discrete-event machine (the shape of etcd's raft RawNode): every call validates its input, changes the object store and
// queues the reactions of the controllers on one ordered queue; Advance and
// Settle move a virtual clock (starting at 2025-01-01T00:00:00Z) and run
// them. There are no goroutines and no wall-clock reads; all randomness
// comes from named math/rand/v2 streams derived from Config.Seed (pod names,
// UIDs, service IPs, node ports, EndpointSlice names, backend choice), so the same seed and the
// same calls produce a byte-identical event trace. A failed call changes
// nothing.
//
// The cluster is what kubeadm builds: node-1 is the control-plane node
// (labelled node-role.kubernetes.io/control-plane; Config.ControlPlaneTaint
// taints it NoSchedule, and then only the coredns pods, which tolerate it,
// and pods bound by spec.nodeName go there), default/kubernetes fronts
// kube-apiserver on it, and kube-system holds the cluster DNS add-on: the
// Service kube-dns on the 10th address of the Service CIDR (10.96.0.10)
// and the 2-replica coredns Deployment behind it. Every pod's resolv.conf
// (ResolvConf) names kube-dns's address. svcsim does not simulate a DNS
// outage: Resolve answers from the object store even when the coredns pods
// are down or kube-dns is deleted.
//
// The controllers and their lags:
//
//   - deployment and ReplicaSet controllers (pkg/controller/deployment,
//     replicaset; arithmetic in sim/internal/workload): react at the same
//     virtual instant to every pod change;
//   - kubelet: a scheduled pod starts at once (Running, an IP from its node's
//     CIDR, service env vars), is Ready after its ReadyAfter, and on deletion
//     stays Terminating — still serving — for its grace period, then its IP is
//     released and the object removed;
//   - node lifecycle: a failed node goes NotReady after 50 s (its pods turn
//     not ready) and its pods are evicted 300 s later;
//   - endpoints and EndpointSlice controllers (package endpoints): one sync
//     per changed Service, Config.EndpointsDelay after the change (a key
//     already queued is not queued again);
//   - kube-proxy: every Service changed since its last sync is programmed
//     Config.ProxyDelay (default 1 s) after the first change. Connections are
//     routed with this programmed copy, so a deleted pod can still receive
//     traffic until kube-proxy catches up.
//
// # The trace
//
// Every change is an Event ("kind/namespace/name" objects; the namespace
// is empty for nodes: "node//node-1"). Kinds: DeploymentCreated,
// DeploymentScaled, DeploymentRestarted, DeploymentDeleted,
// ReplicaSetCreated, ScalingReplicaSet, PodCreated, PodScheduled, PodReady,
// PodNotReady, PodTerminating, PodDeleted, PodRestarted, PodLabelsChanged,
// PodOrphaned, PodAdopted, ServiceCreated, ServiceUpdated, ServiceDeleted,
// EndpointsUpdated, EndpointsDeleted, ProxyProgrammed, NodeFailed,
// NodeNotReady, NodeEvicting, NodeReady. Config.TraceLimit bounds it (the
// last N events) or turns it off; with the trace off no message is ever
// formatted.
//
// # Scale
//
// Pods are kept compact (about 150 bytes each in the core: an 80-byte
// record with small integers for node and ReplicaSet, label sets and ports
// shared per template, the IP as an offset in the node's CIDR, the UID
// derived from a creation serial; plus its name, shared with the endpoints
// controller, and two map entries: by name and by IP) and
// materialized as pod.Pod values only when asked; env vars are derived on
// demand from a per-namespace log of Service changes. Per-event work uses
// indexes (pods per node and per ReplicaSet, pod by IP, services by key and
// by allocated address), never scans. Check recomputes everything from
// scratch and compares.
//
// # Layout
//
// The public calls by object: Pod, Pods, CreatePod, DeletePod, CrashPod,
// SetPodReady, SetPodLabels; Service, Services, CreateService,
// UpdateService, DeleteService; CreateDeployment, Scale, Rollout,
// DeleteDeployment; Nodes, FailNode, RecoverNode; Endpoints,
// EndpointSlices; Resolve, LookupCNAME, LookupSRV, ResolvConf; Connect;
// Events; Check.
// The controllers behind them: runDeploySync and scaleRS (deployment),
// runRSSync and adopt/orphan (ReplicaSet), addPod, bindPod, terminate and
// removePod (kubelet and scheduler), runNodeNotReady and runNodeEvict
// (node lifecycle), flush and runEndpointsSync (endpoints), runProxySync
// (kube-proxy), reconcileMaster (API server). Generic machinery lives in
// small internal packages: the event queue (sim/internal/queue) on one
// generic heap (sim/internal/heap, also the scheduler's node order), the
// pod records and their name and IP indexes (sim/internal/podstore) and
// the event log (sim/internal/trace).
//
// A Cluster is not safe for concurrent use.
package sim
