package sim

// The Cluster value, its construction and its named random streams.

import (
	"math/rand/v2"
	"net/netip"

	"github.com/svcsim/svcsim/endpoints"
	"github.com/svcsim/svcsim/internal/smallmap"
	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/sim/internal/dns"
	"github.com/svcsim/svcsim/sim/internal/heap"
	"github.com/svcsim/svcsim/sim/internal/podstore"
	"github.com/svcsim/svcsim/sim/internal/proxy"
	"github.com/svcsim/svcsim/sim/internal/queue"
	"github.com/svcsim/svcsim/sim/internal/trace"
	"github.com/svcsim/svcsim/sim/internal/workload"
)

// Cluster is a simulated Kubernetes cluster: the object store, the
// controllers, a virtual clock and its event queue. Build one with New. A
// Cluster is not safe for concurrent use, reads included: a read may
// materialise state lazily and draw random numbers (Connect chooses a
// backend), so even two goroutines that only read need a lock around
// every call.
type Cluster struct {
	// How the core is laid out. The public calls by object live in api_*.go;
	// behind them, one file per controller: deployment.go (runDeploySync,
	// scaleRS), replicaset.go (runRSSync) and owner.go (the podOwner kinds,
	// adopt/orphan), kubelet.go and kubelet_crash.go (addPod, terminate,
	// removePod, containerExited, runKubeletSync), scheduler.go (bindPod,
	// pickNode), nodelifecycle.go (runNodeNotReady, runNodeEvict),
	// endpoints.go (flush, runEndpointsSync), kubeproxy.go (runProxySync),
	// apiserver.go (reconcileMaster); namespaces in namespaces.go; the
	// dataplane and DNS in dataplane.go and dns.go; Check in check*.go. Generic machinery lives in small
	// internal packages: the event queue (sim/internal/queue) on one generic
	// heap (sim/internal/heap, also the scheduler's node order), the pod
	// records and their name and IP indexes (sim/internal/podstore) and the
	// event log (sim/internal/trace).
	//
	// Scale: pods are kept compact (about 150 bytes each in the core: an
	// 80-byte record with small integers for node and owner (kind and id),
	// label sets and ports shared per template, the IP as an offset in the
	// node's CIDR, the UID derived from a creation serial; plus its name,
	// shared with the endpoints controller, and two slot-table entries: by
	// name and by IP) and materialised as pod.Pod values only when asked; env vars
	// are derived on demand from a per-namespace log of Service changes.
	// Per-event work uses indexes (pods per node and per owner, pod by IP,
	// services by key and by allocated address), never scans.

	cfg settings
	now int64 // virtual nanoseconds since the epoch
	q   queue.Queue
	tr  trace.Log

	// Named random streams derived from Config.Seed: one extra draw in one
	// never shifts another.
	rs      *streams
	uidSeed uint64 // pod UIDs: see podUID

	// Namespaces by index (namespaces.go): a namespace is interned while
	// it has objects, released with its last one.
	nsIdx   smallmap.Map[string, int32]  // the namespaces with objects, and default
	nsNames []string                     // by index; "" when free
	nsCount []int                        // live objects per index (DNS: does it exist)
	nsTrace []int32                      // trace records naming each index
	nsFree  []int32                      // free indexes, the last freed reused first
	nsMade  []int64                      // by index: virtual time the namespace came to be
	nsDecl  smallmap.Map[string, nsDecl] // the declared namespaces (api_namespaces.go)
	first   firstBlocks                  // where the tables above and below start (New)

	nodes []nodeRec // in name order, which is address order (makeNodes); by name: nodeIndex
	sched heap.Heap // schedulable nodes by loadKey

	store podstore.Store[podRec]
	// kubeletRecs holds the kubelet's state of the pods whose container
	// exited or whose deletion's start their deadline does not tell, by
	// pod slot (kubeletRec).
	kubeletRecs map[int32]kubeletRec
	// Creation serials: of the last pod, and the generation of the last
	// Deployment, ReplicaSet or StatefulSet record.
	podSerial, objGen uint32

	deps      []*depRec // by id; nil: free (depFree)
	depByName smallmap.Map[nsName, int32]
	depFree   []int32
	rss       []*rsRec // by id; nil: free (rsFree)
	rsByName  smallmap.Map[nsName, int32]
	rsFree    []int32
	rsByHash  smallmap.Map[rsHashKey, []int32] // live and deleted ReplicaSets by pod-template-hash, for adoption
	stss      []*stsRec                        // by id; nil: free (stsFree)
	stsByName map[nsName]int32                 // nil until the first StatefulSet
	stsFree   []int32

	svcState

	ep           epController
	epDirty      []endpoints.ServiceKey
	proxy        *proxy.Table
	proxy2       *proxy.Table // the secondary family's kube-proxy; nil on a single-stack cluster
	resolver     *dns.Resolver
	proxyDirty   []int32      // service key ids changed since the last kube-proxy sync
	proxySched   bool         // a kube-proxy sync is queued
	masterQueued bool         // the re-creation of default/kubernetes is queued
	watched      uint16       // bit k set while kind k has a watcher (watch.go)
	traceReady   []netip.Addr // scratch of traceEndpoints
	proxyBufs    [][]proxy.Backend
	watchdogs    int           // queued tasks Settle does not wait for (tkDeployDeadline)
	work         *syncScratch  // the workload syncs' storage, made by the first (syncStorage)
	chk          *checkScratch // Check's storage, made by its first call
	rare         *rareState    // pods waiting for a node, quota waiters, load balancers, node ports (rareState)

	// The watch (watch.go; watched is with the flags above): rv is the
	// last resourceVersion handed out.
	watch *watchState
	rv    uint64
}

// firstBlocks holds the first blocks of the tables by index that New
// fills with the cluster's own objects: the namespace tables (room for the
// built-in namespaces), the env logs of default and kube-system (which
// hold the cluster's own Services), and the Deployment and ReplicaSet
// tables (kube-dns's and a few more). Kept inside the Cluster, they cost
// no allocation of their own; a table that outgrows its block moves to a
// larger one on the heap, as append does. A Cluster is never copied, so
// no other value shares them.
type firstBlocks struct {
	nsNames [len(builtinNamespaces)]string
	nsCount [len(builtinNamespaces)]int
	nsTrace [len(builtinNamespaces)]int32
	nsMade  [len(builtinNamespaces)]int64
	env     [2]envLog
	deps    [len(builtinNamespaces)]*depRec
	rss     [len(builtinNamespaces)]*rsRec
}

// rsHashKey is a pod-template-hash in a namespace index.
type rsHashKey struct {
	ns   int32
	hash string
}

// nsName names a namespaced object.
type nsName struct{ ns, name string }

// streams holds the Cluster's named random streams, each a PCG seeded
// with Config.Seed and the stream's name: generators and sources in one
// allocation.
type streams struct {
	names, uids, backend, slices rand.Rand
	src                          [4]rand.PCG
}

func newStreams(seed int64) *streams {
	s := new(streams)
	for i, st := range [...]struct {
		r    *rand.Rand
		name uint64
	}{{&s.names, streamNames}, {&s.uids, streamUIDs}, {&s.backend, streamBackend}, {&s.slices, streamSlices}} {
		s.src[i].Seed(uint64(seed), st.name)
		*st.r = *rand.New(&s.src[i])
	}
	return s
}

// streamSeed is the first draw of the stream of seed and name, for a
// stream used only to seed another generator.
func streamSeed(seed int64, name uint64) uint64 {
	return rand.NewPCG(uint64(seed), name).Uint64()
}

// sliceNameSuffix returns the EndpointSlice name generator of the
// endpoints controllers: the apiserver's generateName suffix
// (utilrand.String(5)) drawn from r alone.
func sliceNameSuffix(r *rand.Rand) func() [workload.RandomSuffixLength]byte {
	return func() (s [workload.RandomSuffixLength]byte) {
		workload.AppendRandomString(s[:0], r, len(s))
		return s
	}
}

// Stream identifiers (arbitrary constants, one per concern).
const (
	streamIPAM    = 0x1f_a1_b0_01
	streamNames   = 0x1f_a1_b0_02
	streamUIDs    = 0x1f_a1_b0_03
	streamBackend = 0x1f_a1_b0_04
	streamPorts   = 0x1f_a1_b0_05
	streamPodUIDs = 0x1f_a1_b0_06
	streamSlices  = 0x1f_a1_b0_07
	streamIPAM2   = 0x1f_a1_b0_20 // the secondary family's ClusterIPs
)

// New builds a cluster from cfg (zero fields take their defaults, see
// Config), or returns an error wrapping ErrInvalid that names the bad field
// ("config: serviceCIDR: ..."). The cluster starts with its nodes Ready and
// the Service default/kubernetes on the first usable address of the service
// CIDR (port 443 named https, targetPort 6443, no selector), as kube-apiserver
// creates it, and its Endpoints and EndpointSlice "kubernetes" hold
// kube-apiserver's address, node-1's IP port 6443 (node-1 is the control
// plane; see apiserver.go), from the first endpoints sync on. The virtual
// clock starts at 2025-01-01T00:00:00Z.
func New(cfg Config) (*Cluster, error) {
	cfg.setDefaults()
	rg, err := cfg.validate()
	if err != nil {
		return nil, err
	}
	rs := newStreams(cfg.Seed)
	c := &Cluster{
		cfg:     settingsOf(&cfg),
		rs:      rs,
		uidSeed: streamSeed(cfg.Seed, streamPodUIDs),
	}
	c.store = podstore.New(func(p *podRec) string { return p.name() },
		func(p *podRec) uint64 { return ipKey(p.node, p.ipOff) })
	c.tr = trace.New(cfg.TraceLimit)
	if err := c.svcState.init(&cfg, rg, streamSeed(cfg.Seed, streamPorts)); err != nil {
		return nil, err
	}
	c.initLBClasses(rg.lbClasses)
	if cfg.testEP != nil {
		c.ep = cfg.testEP()
	} else {
		opts := endpoints.Options{Now: c.Now, NameSuffix: sliceNameSuffix(&rs.slices), NodeZone: c.zoneFunc()}
		if cfg.dualStack() {
			c.ep = newDualEP(c.families, opts, c.secondaryOf)
		} else {
			c.ep = endpoints.NewController(opts)
		}
	}
	c.proxy = proxy.New(&rs.backend, cfg.Nodes)
	if cfg.dualStack() {
		c.proxy2 = proxy.New(&rs.backend, cfg.Nodes)
	}
	c.resolver = dns.NewResolver(cfg.ClusterDomain, dnsView{c})
	if err := c.makeNodes(&cfg); err != nil {
		return nil, err
	}
	// The built-in namespaces are interned at once, default first
	// (nsDefault), into the tables' first blocks (firstBlocks).
	f := &c.first
	c.nsNames, c.nsCount, c.nsTrace, c.nsMade = f.nsNames[:0], f.nsCount[:0], f.nsTrace[:0], f.nsMade[:0]
	c.env.ns = f.env[:0]
	c.deps, c.rss = f.deps[:0], f.rss[:0]
	c.namespace(pod.DefaultNamespace)
	for _, ns := range builtinNamespaces {
		c.declareNS(ns, nil)
	}
	master := c.masterService()
	if _, err := c.addService(&master); err != nil {
		return nil, simError(err)
	}
	if err := c.addClusterDNS(); err != nil {
		return nil, err
	}
	c.flush()
	return c, nil
}

// firstNodePods is the room for pods each node New makes starts with: a
// small cluster's pods spread over its nodes, a few each, and its nodes'
// lists then grow without an allocation each.
const firstNodePods = 4

// makeNodes makes the configured nodes, node i with block i of the pod
// CIDR (nodeCIDRAt), as kube-controller-manager's CIDR allocator hands
// them out to nodes registering in order.
func (c *Cluster) makeNodes(cfg *Config) error {
	c.nodes = make([]nodeRec, cfg.Nodes)
	c.sched.Grow(cfg.Nodes)
	firstPods := make([]int32, cfg.Nodes*firstNodePods) // the nodes' first room for pods, in one allocation
	base := cfg.NodeCIDR.Addr().Next()
	for i := range c.nodes {
		cidr := nodeCIDRAt(cfg.PodCIDR, int32(i))
		base = base.Next()
		n := &c.nodes[i] // zero: its fields are set one by one, the record not built apart and copied in
		n.name, n.ip, n.cidr, n.ready = makeNodeName(i), base, cidr, true
		n.pods = firstPods[i*firstNodePods : i*firstNodePods : (i+1)*firstNodePods]
		n.noSchedule = i == apiserverNode && cfg.ControlPlaneTaint
		if err := c.initNodeAllocator(&n.alloc, cidr); err != nil {
			return configError("podCIDR", cfg.PodCIDR.String(), err.Error())
		}
		n.proxyID = c.setNodeProxies(n.name, n.ip, true)
		c.setNodeZones(n.name, c.nodeZone(int32(i)))
		c.nodeChanged(int32(i))
	}
	return nil
}
