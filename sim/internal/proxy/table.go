package proxy

import (
	"errors"
	"math/rand/v2"
	"net/netip"
	"slices"
	"strings"
	"time"

	"github.com/svcsim/svcsim/endpoints"
	"github.com/svcsim/svcsim/internal/intern"
	"github.com/svcsim/svcsim/internal/smallmap"
	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/service"
)

// Backend is one EndpointSlice endpoint of a Service port as kube-proxy reads
// it: address, resolved target port, node, pod ("namespace/name") and
// conditions. It is endpoints.Backend, so the endpoints controller's
// AppendBackends output is programmed as is.
type Backend = endpoints.Backend

// DefaultAffinityTimeout is the default ClientIP session-affinity timeout
// (sessionAffinityConfig.clientIP.timeoutSeconds defaults to 10800).
const DefaultAffinityTimeout = 10800 * time.Second

// Errors of Route: it returns one of them itself, unwrapped.
var (
	// ErrNoRule reports a destination no rule matches: not a ClusterIP,
	// NodePort or load-balancer address:port of a programmed Service port.
	// The packet goes wherever plain routing takes it (the caller decides).
	ErrNoRule = errors.New("no kube-proxy rule")
	// ErrRejected reports kube-proxy's REJECT rule: the Service port has no
	// usable endpoint (ICMP port unreachable; "connection refused").
	ErrRejected = errors.New("rejected: no usable endpoints")
	// ErrDropped reports a packet that is silently dropped, so the client
	// times out: an externalTrafficPolicy=Local node without local endpoints,
	// a ClusterIP addressed from outside the cluster, a load balancer with no
	// healthy node, a node that is down.
	ErrDropped = errors.New("dropped")
)

// Table is kube-proxy's programmed copy of every Service's rules, shared by
// all nodes; session-affinity state is per node. The zero value is not
// usable; use New. Not safe for concurrent use.
type Table struct {
	r          *rand.Rand
	nodeByIP   smallmap.Map[netip.Addr, *node]
	readyNodes []*node // sorted by name
	services   smallmap.Map[svcKey, svcEntry]
	vips       smallmap.Map[vipKey, vipEntry] // ClusterIP:port and LB IP:port
	nodePorts  map[npKey]*svcPort             // nil until the first node port
	nextID     uint32

	// Node names seen by SetNode or in an endpoint, interned: endpoint
	// records hold the id. nodeByID[id] is nil while the name numbered id
	// is not a node the table knows (node finds a node by name through them).
	nodes    intern.Table[string] // node names by id; 0 is ""
	nodeByID []*node
	nodeRecs []node            // room New made for the records of the nodes it was told of (newNode)
	nodeRank []int32           // by id: rank in name order (nodeRanks); stale when shorter than nodes
	zoneIDs  map[string]uint32 // IPv6 zones of endpoint addresses, made on first use
	zones    []string          // by id (internZone); [0] is "", made with zoneIDs
	kscr     []skey            // Program's scratch: sort keys of the usable endpoints

	clusterCIDR netip.Prefix // for Save only

	portRoom []svcPort   // the rest of first.ports, for Program's new ports (take)
	recRoom  []rec       // the rest of first.recs, for compilePort's new lists (take)
	first    firstBlocks // where the tables above start (New)
}

type svcKey struct{ ns, name string }

// vipKey is a destination address:port and protocol: the port and
// protocol share the padding a netip.AddrPort leaves, so that an entry of
// vips takes 48 bytes, not 56.
type vipKey struct {
	addr  netip.Addr
	port  uint16
	proto proto
}

type vipEntry struct {
	sp  *svcPort
	via Via // ViaClusterIP, ViaLoadBalancer or ViaExternalIP
}

type npKey struct {
	port  int32
	proto proto
}

// proto is a protocol as the index keys hold it, a number that hashes and
// compares cheaply. A Service port's protocol is TCP, UDP or SCTP (the
// API's validation); any other protocol is protoOther.
type proto uint8

const (
	protoOther proto = iota
	protoTCP
	protoUDP
	protoSCTP
)

// protoKey numbers p; "" is TCP.
func protoKey(p pod.Protocol) proto {
	switch p {
	case "", pod.TCP:
		return protoTCP
	case pod.UDP:
		return protoUDP
	case pod.SCTP:
		return protoSCTP
	}
	return protoOther
}

type node struct {
	id    int32 // the name's number in Table.nodes
	name  string
	ip    netip.Addr
	ready bool
	zone  string              // topology.kubernetes.io/zone (SetNodeZone)
	aff   map[affKey]affEntry // made on first use
}

type affKey struct {
	port   uint32 // svcPort.id
	client netip.Addr
}

type affEntry struct {
	backend netip.AddrPort
	last    time.Time
}

// svcEntry is one programmed Service: its ports, allocated at once. The
// index keys a port owns follow from its fields (indexKeys).
type svcEntry struct {
	ports []svcPort
}

// entry returns the entry of Service key, nil when it is not programmed:
// a copy in *dst (the caller's, so that it need not escape), whose ports
// are the table's.
func (t *Table) entry(key svcKey, dst *svcEntry) *svcEntry {
	e, ok := t.services.Get(key)
	if !ok {
		return nil
	}
	*dst = e
	return dst
}

// owns reports whether sp is one of e's ports.
func (e *svcEntry) owns(sp *svcPort) bool {
	for i := range e.ports {
		if &e.ports[i] == sp {
			return true
		}
	}
	return false
}

// hasPortID reports whether one of e's ports has affinity id id.
func (e *svcEntry) hasPortID(id uint32) bool {
	for i := range e.ports {
		if e.ports[i].id == id {
			return true
		}
	}
	return false
}

// portSpec is what the rules use of a service.Port (not the target port:
// the endpoints carry the port it resolved to). Protocol is effective.
type portSpec struct {
	Name     string
	Protocol pod.Protocol
	Port     int32
	NodePort int32
}

func specOf(p service.Port) portSpec {
	return portSpec{Name: p.Name, Protocol: pod.EffectiveProtocol(p.Protocol), Port: p.Port, NodePort: p.NodePort}
}

// svcPort is the compiled rule set of one Service port (KUBE-SVC-*, and the
// KUBE-EXT-* chain for external traffic).
type svcPort struct {
	// recs are the usable endpoints: the ready ones (nReady of them), then
	// the serving terminating ones, each group sorted by "IP:port"
	// (byEndpoint). The Cluster policy set is recs[:nReady], or all of
	// recs when nReady is 0 (clusterSet).
	recs      []rec
	svc       string // "namespace/name"
	port      portSpec
	clusterIP netip.Addr
	outside   *outsideAddrs // nil when the Service has none (as a ClusterIP Service)
	loc       *localIndex   // with local or internalLocal only
	topo      *topoIndex    // with topology hints only
	affTTL    time.Duration // ClientIP affinity timeout
	id        uint32        // affinity key, kept while the port keeps its name and protocol
	nReady    int32
	affinity  bool
	ext       bool // externally accessible: NodePort, LoadBalancer or externalIPs
	local     bool // externalTrafficPolicy=Local
	intLocal  bool // internalTrafficPolicy=Local
	lost      bool // another Service took one of its index entries
}

// outsideAddrs are the addresses by which a Service is reached from
// outside beside node ports, shared by its ports: most Services (ClusterIP
// ones) have none, and their ports carry only a nil pointer.
type outsideAddrs struct {
	lbIP   netip.Addr
	extIPs []netip.Addr   // externalIPs of the ClusterIP's family
	ranges []netip.Prefix // loadBalancerSourceRanges of the load-balancer IP's family
}

// lbIP returns sp's load-balancer address (invalid for none).
func (sp *svcPort) lbIP() netip.Addr {
	if sp.outside == nil {
		return netip.Addr{}
	}
	return sp.outside.lbIP
}

// extIPs returns sp's externalIPs of the ClusterIP's family.
func (sp *svcPort) extIPs() []netip.Addr {
	if sp.outside == nil {
		return nil
	}
	return sp.outside.extIPs
}

// ranges returns sp's loadBalancerSourceRanges of the load-balancer IP's
// family.
func (sp *svcPort) ranges() []netip.Prefix {
	if sp.outside == nil {
		return nil
	}
	return sp.outside.ranges
}

// localIndex serves the Local policy: positions in svcPort.recs grouped by
// node id (localSet), and the nodes whose health check passes (a local
// ready endpoint), sorted by name: where a load balancer sends Local
// traffic.
type localIndex struct {
	byNode  []int32
	lbNodes []int32
}

// indexKeys appends to dst the index keys sp owns: its ClusterIP,
// load-balancer and external address:port (vips); it returns its node
// port too (np, when hasNP).
// An externalIP equal to the ClusterIP or load-balancer address adds
// nothing (their rule comes first in KUBE-SERVICES).
func (sp *svcPort) indexKeys(dst []vipEntryKey) (vips []vipEntryKey, np npKey, hasNP bool) {
	vips = dst
	add := func(ip netip.Addr, via Via) {
		k := vipKey{ip, uint16(sp.port.Port), protoKey(sp.port.Protocol)}
		for _, v := range vips {
			if v.k == k {
				return
			}
		}
		vips = append(vips, vipEntryKey{k, via})
	}
	if sp.clusterIP.IsValid() {
		add(sp.clusterIP, ViaClusterIP)
	}
	if sp.lbIP().IsValid() {
		add(sp.lbIP(), ViaLoadBalancer)
	}
	for _, ip := range sp.extIPs() {
		add(ip, ViaExternalIP)
	}
	if sp.ext && sp.port.NodePort != 0 {
		np, hasNP = npKey{sp.port.NodePort, protoKey(sp.port.Protocol)}, true
	}
	return vips, np, hasNP
}

type vipEntryKey struct {
	k   vipKey
	via Via
}

// New returns an empty table drawing backend choices from r (the cluster's
// backend-choice stream), with room for nodes nodes in its tables by node:
// adding them (SetNode) then grows none of them step by step. They start
// in the table's first blocks when they fit (firstBlocks), as do its first
// ports, endpoint lists and sort keys. Its virtual addresses get room for
// firstVIPs in one allocation.
func New(r *rand.Rand, nodes int) *Table {
	t := &Table{r: r}
	f := &t.first
	if nodes <= firstNodes {
		t.nodeByID, t.nodeRecs, t.readyNodes = f.nodeByID[:1], f.nodeRecs[:0], f.readyNodes[:0]
	} else {
		t.nodeByID = make([]*node, 1, 1+nodes)
		t.nodeRecs = make([]node, 0, nodes)
		t.readyNodes = make([]*node, 0, nodes)
	}
	t.portRoom, t.recRoom, t.kscr = f.ports[:], f.recs[:], f.keys[:0]
	t.nodes.Grow(nodes)
	t.vips.Grow(firstVIPs)
	return t
}

// firstVIPs is the room New makes in a table's virtual addresses: a
// cluster's own Services' 4 ClusterIP ports (kubernetes' https, kube-dns's
// dns, dns-tcp and metrics) and a few of its users' Services, which would
// otherwise outgrow a small map's first 4 entries at once.
const firstVIPs = 8

// node returns the node SetNode added under name, nil if none.
func (t *Table) node(name string) *node {
	id, ok := t.nodeID(name)
	if !ok {
		return nil
	}
	return t.nodeByID[id]
}

// SetNode adds or updates a node: its kube-proxy owns ip (NodePorts are
// open on it). A node that is not ready answers nothing and gets no
// load-balancer traffic; its affinity state survives until RemoveNode.
// It returns the node's id, which a Request from a pod on the node may
// carry (SrcNodeID): the table numbers a name once and keeps its number.
// name is not empty (the empty name is an endpoint's lack of a node).
func (t *Table) SetNode(name string, ip netip.Addr, ready bool) int32 {
	id := t.internNode(name) // one look-up by name, whether the node is new or not
	n := t.nodeByID[id]
	if n == nil {
		n = t.newNode()
		*n = node{name: name, id: id}
		t.nodeByID[id] = n
	}
	if n.ip != ip {
		// A new node has no address yet, and the zero address is never
		// in nodeByIP: no look-up that is bound to miss.
		if n.ip.IsValid() && t.nodeByIP.Value(n.ip) == n {
			t.nodeByIP.Delete(n.ip)
		}
		n.ip = ip
	}
	if ip.IsValid() {
		t.nodeByIP.Set(ip, n)
	}
	n.ready = ready
	t.setReady(n, ready)
	return n.id
}

// newNode returns room for a new node's record: the next of the records
// New made room for, in one allocation for a cluster's nodes, or a record
// of its own past them.
func (t *Table) newNode() *node {
	if k := len(t.nodeRecs); k < cap(t.nodeRecs) {
		t.nodeRecs = t.nodeRecs[:k+1]
		return &t.nodeRecs[k]
	}
	return new(node)
}

// RemoveNode forgets a node and its affinity state (no-op if absent).
func (t *Table) RemoveNode(name string) {
	n := t.node(name)
	if n == nil {
		return
	}
	t.nodeByID[n.id] = nil
	if t.nodeByIP.Value(n.ip) == n {
		t.nodeByIP.Delete(n.ip)
	}
	t.setReady(n, false)
	n.aff = nil // its record may stay in nodeRecs
}

// setReady keeps n in (or out of) the name-sorted readyNodes.
func (t *Table) setReady(n *node, ready bool) {
	i, found := slices.BinarySearchFunc(t.readyNodes, n.name, func(x *node, name string) int {
		return strings.Compare(x.name, name)
	})
	switch {
	case ready && !found:
		t.readyNodes = slices.Insert(t.readyNodes, i, n)
	case ready:
		t.readyNodes[i] = n
	case found:
		t.readyNodes = slices.Delete(t.readyNodes, i, i+1)
	}
}

func nsOrDefault(ns string) string {
	if ns == "" {
		return pod.DefaultNamespace
	}
	return ns
}
