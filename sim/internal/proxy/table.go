package proxy

import (
	"errors"
	"math/rand/v2"
	"net/netip"
	"slices"
	"time"

	"github.com/svcsim/svcsim/endpoints"
	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/service"
)

// Backend is one EndpointSlice endpoint of a Service port as kube-proxy reads
// it: address, resolved target port, node, pod ("namespace/name") and
// conditions. It is endpoints.Backend, so the endpoints controller's
// AppendBackends output is programmed as is.
type Backend = endpoints.Backend

// DefaultAffinityTimeout is the ClientIP session-affinity timeout
// (sessionAffinityConfig.clientIP.timeoutSeconds defaults to 10800, and
// svcsim's Service has no field to change it).
const DefaultAffinityTimeout = 10800 * time.Second

// Errors of Route. Each Route error wraps exactly one of them.
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
	nodes      map[string]*node
	nodeByIP   map[netip.Addr]*node
	readyNodes []*node // sorted by name
	services   map[svcKey]*svcEntry
	vips       map[vipKey]vipEntry // ClusterIP:port and LB IP:port
	nodePorts  map[npKey]*svcPort
	nextID     uint32

	clusterCIDR netip.Prefix // for Save only
}

type svcKey struct{ ns, name string }

// vipKey is a destination address:port and protocol.
type vipKey struct {
	ap    netip.AddrPort
	proto pod.Protocol
}

type vipEntry struct {
	sp *svcPort
	lb bool // the load-balancer address, not the ClusterIP
}

type npKey struct {
	port  int32
	proto pod.Protocol
}

type node struct {
	name  string
	ip    netip.Addr
	ready bool
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

// svcEntry is one programmed Service: its ports and the index keys they own.
type svcEntry struct {
	ports []*svcPort
	vips  []vipKey
	nps   []npKey
}

// svcPort is the compiled rule set of one Service port (KUBE-SVC-*, and the
// KUBE-EXT-* chain for external traffic).
type svcPort struct {
	id        uint32 // affinity key, fresh each Program
	svc       string // "namespace/name"
	port      service.Port
	clusterIP netip.Addr
	lbIP      netip.Addr
	affinity  bool
	local     bool // externalTrafficPolicy=Local
	// cluster is the Cluster policy set (ready, else serving+terminating),
	// sorted by "IP:port" (byEndpoint); clusterFallback says which.
	cluster         []Backend
	clusterFallback bool
	// local maps a node to its Local policy set.
	localSets map[string]localSet
	// lbNodes are the nodes whose health check passes (a local ready
	// endpoint), sorted: where a load balancer sends Local traffic.
	lbNodes []string
}

type localSet struct {
	eps      []Backend
	fallback bool
}

// New returns an empty table drawing backend choices from r (the cluster's
// backend-choice stream).
func New(r *rand.Rand) *Table {
	return &Table{
		r:         r,
		nodes:     make(map[string]*node),
		nodeByIP:  make(map[netip.Addr]*node),
		services:  make(map[svcKey]*svcEntry),
		vips:      make(map[vipKey]vipEntry),
		nodePorts: make(map[npKey]*svcPort),
	}
}

// SetNode adds or updates a node: its kube-proxy owns ip (NodePorts are
// open on it). A node that is not ready answers nothing and gets no
// load-balancer traffic; its affinity state survives until RemoveNode.
func (t *Table) SetNode(name string, ip netip.Addr, ready bool) {
	n := t.nodes[name]
	if n == nil {
		n = &node{name: name}
		t.nodes[name] = n
	}
	if n.ip != ip {
		if t.nodeByIP[n.ip] == n {
			delete(t.nodeByIP, n.ip)
		}
		n.ip = ip
	}
	if ip.IsValid() {
		t.nodeByIP[ip] = n
	}
	n.ready = ready
	t.rebuildReady()
}

// RemoveNode forgets a node and its affinity state (no-op if absent).
func (t *Table) RemoveNode(name string) {
	n := t.nodes[name]
	if n == nil {
		return
	}
	delete(t.nodes, name)
	if t.nodeByIP[n.ip] == n {
		delete(t.nodeByIP, n.ip)
	}
	t.rebuildReady()
}

func (t *Table) rebuildReady() {
	t.readyNodes = t.readyNodes[:0]
	for _, n := range t.nodes {
		if n.ready {
			t.readyNodes = append(t.readyNodes, n)
		}
	}
	slices.SortFunc(t.readyNodes, func(a, b *node) int { return compareStrings(a.name, b.name) })
}

func compareStrings(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// Program installs or replaces the rules of svc, as one kube-proxy sync does
// for a changed Service or EndpointSlice. backends[i] are the EndpointSlice
// endpoints of svc.Ports[i], whatever their conditions (missing entries mean
// none); the table sorts and categorizes its own copy, so the caller may
// reuse the slices. Headless and ExternalName Services get no rules.
// Session-affinity entries survive reprogramming while their endpoint stays.
func (t *Table) Program(svc service.Service, backends [][]Backend) {
	key := svcKey{nsOrDefault(svc.Namespace), svc.Name}
	old := t.services[key]
	t.unindex(key, old)
	e := &svcEntry{}
	t.services[key] = e
	if svc.Type == service.ExternalName || svc.Headless {
		if old != nil {
			t.forgetAffinity(old)
		}
		return
	}
	name := key.ns + "/" + key.name
	for i, p := range svc.Ports {
		var bs []Backend
		if i < len(backends) {
			bs = backends[i]
		}
		p.Protocol = pod.EffectiveProtocol(p.Protocol)
		sp := compile(bs)
		sp.svc, sp.port = name, p
		sp.clusterIP = svc.ClusterIP
		sp.affinity = svc.SessionAffinity == service.SessionAffinityClientIP
		ext := service.ExternallyAccessible(svc)
		sp.local = ext && svc.ExternalTrafficPolicy == service.TrafficPolicyLocal
		sp.id = t.portID(old, p)
		e.ports = append(e.ports, sp)
		if svc.ClusterIP.IsValid() {
			k := vipKey{netip.AddrPortFrom(svc.ClusterIP, uint16(p.Port)), p.Protocol}
			t.vips[k] = vipEntry{sp: sp}
			e.vips = append(e.vips, k)
		}
		if ext && p.NodePort != 0 {
			k := npKey{p.NodePort, p.Protocol}
			t.nodePorts[k] = sp
			e.nps = append(e.nps, k)
		}
		if svc.Type == service.LoadBalancer && svc.LoadBalancerIP.IsValid() {
			sp.lbIP = svc.LoadBalancerIP
			k := vipKey{netip.AddrPortFrom(svc.LoadBalancerIP, uint16(p.Port)), p.Protocol}
			t.vips[k] = vipEntry{sp: sp, lb: true}
			e.vips = append(e.vips, k)
		}
	}
	if old != nil {
		t.forgetAffinityExcept(old, e)
	}
}

// portID keeps a Service port's affinity identity across reprogramming
// (same name and protocol), and draws a fresh one for a new port.
func (t *Table) portID(old *svcEntry, p service.Port) uint32 {
	if old != nil {
		for _, o := range old.ports {
			if o.port.Name == p.Name && o.port.Protocol == p.Protocol {
				return o.id
			}
		}
	}
	t.nextID++
	return t.nextID
}

// Remove deletes the rules of namespace/name and their affinity state
// (no-op if absent).
func (t *Table) Remove(namespace, name string) {
	key := svcKey{nsOrDefault(namespace), name}
	old := t.services[key]
	if old == nil {
		return
	}
	t.unindex(key, old)
	delete(t.services, key)
	t.forgetAffinity(old)
}

// unindex deletes the index entries old owns (and only those: another
// Service may have taken an address since).
func (t *Table) unindex(key svcKey, old *svcEntry) {
	if old == nil {
		return
	}
	for _, k := range old.vips {
		if v, ok := t.vips[k]; ok && slices.Contains(old.ports, v.sp) {
			delete(t.vips, k)
		}
	}
	for _, k := range old.nps {
		if sp, ok := t.nodePorts[k]; ok && slices.Contains(old.ports, sp) {
			delete(t.nodePorts, k)
		}
	}
}

func (t *Table) forgetAffinity(old *svcEntry) { t.forgetAffinityExcept(old, nil) }

// forgetAffinityExcept drops the affinity entries of old's ports that cur
// no longer has (cur nil: all of them). Reprogramming with the same ports,
// the common case, costs no allocation and no scan.
func (t *Table) forgetAffinityExcept(old, cur *svcEntry) {
	var gone []uint32
	for _, o := range old.ports {
		if cur == nil || !slices.ContainsFunc(cur.ports, func(p *svcPort) bool { return p.id == o.id }) {
			gone = append(gone, o.id)
		}
	}
	if len(gone) == 0 {
		return
	}
	for _, n := range t.nodes {
		for k := range n.aff {
			if slices.Contains(gone, k.port) {
				delete(n.aff, k)
			}
		}
	}
}

func nsOrDefault(ns string) string {
	if ns == "" {
		return pod.DefaultNamespace
	}
	return ns
}
