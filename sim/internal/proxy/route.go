package proxy

import (
	"net/netip"
	"time"

	"github.com/svcsim/svcsim/pod"
)

// Request is the first packet of a new connection.
type Request struct {
	Src       netip.Addr     // client address
	SrcNode   string         // node a pod client runs on; "" for a client outside the cluster
	SrcNodeID int32          // SrcNode's id as SetNode returned it (no lookup by name); 0, or not SrcNode's: found by name
	Dst       netip.AddrPort // destination
	Protocol  pod.Protocol   // "" means TCP
	Now       time.Time      // virtual time, for session affinity
}

// Via says which kind of Service address a connection was sent to.
type Via uint8

// The Service address kinds.
const (
	ViaNone         Via = iota // no rule matched
	ViaClusterIP               // <ClusterIP>:<port>
	ViaNodePort                // <node IP>:<nodePort>
	ViaLoadBalancer            // <load-balancer IP>:<port>
	ViaExternalIP              // <externalIP>:<port>
)

// Drop says why a packet was dropped (Route returned ErrDropped).
type Drop uint8

// The drop reasons.
const (
	DropNone              Drop = iota
	DropClusterIPExternal      // a ClusterIP is not routable from outside the cluster
	DropNodeDown               // the node addressed (or chosen) is not ready
	DropNoLocalEndpoints       // externalTrafficPolicy=Local and no endpoint on this node
	DropNoHealthyNode          // the load balancer has no node to send to
	DropInternalNoLocal        // internalTrafficPolicy=Local and no endpoint on the client's node
	DropSourceRange            // the client is outside loadBalancerSourceRanges
)

// Decision is where a new connection went, or how far it got. Its fields
// are plain values (Route allocates nothing on its success path);
// AppendPath renders them as text.
type Decision struct {
	Req        Request
	Service    string // "namespace/name"; "" when no rule matched
	PortName   string
	Via        Via
	Node       string     // the node whose kube-proxy handled the packet
	NodeIP     netip.Addr // that node's IP
	LBChoice   int        // the load balancer's pick: 1-based index into LBNodes
	LBNodes    int        // how many nodes the load balancer chose from
	Local      bool       // the Local policy set was used
	Fallback   bool       // no ready endpoint: serving terminating endpoints were used
	Candidates int        // size of the endpoint set chosen from
	Choice     int        // 1-based index of the backend in that set
	Affinity   bool       // chosen by ClientIP session affinity
	SNAT       bool       // masqueraded to the node IP (Cluster policy, external)
	Topology   Topology   // how the endpoints' topology hints narrowed the set
	Zone       string     // the node's zone, with TopologyZone
	Backend    Backend    // the chosen endpoint (DNAT target)
	Drop       Drop       // why it was dropped (ErrDropped)
}

// BackendAddr is the DNAT destination: the chosen endpoint's IP and port.
func (d *Decision) BackendAddr() netip.AddrPort {
	return netip.AddrPortFrom(d.Backend.IP, uint16(d.Backend.Port))
}

// Route decides where a new connection goes, as the iptables rules would:
//
//   - <ClusterIP>:<port> from a pod is handled by the pod's node with the
//     Cluster policy set; from outside the cluster it is dropped.
//   - <node IP>:<nodePort> is handled by that node: from outside, with
//     externalTrafficPolicy=Local only that node's endpoints (none: DROP)
//     and the client address kept, with Cluster any endpoint and SNAT to
//     the node IP; from a pod, any endpoint (kube-proxy short-circuits
//     cluster-sourced traffic).
//   - <LB IP>:<port> from a pod is captured on the pod's node (VIP mode);
//     from outside, the load balancer picks a ready node uniformly (with
//     Local, only nodes whose health check passes) and that node handles it
//     as NodePort traffic. With loadBalancerSourceRanges, a source outside
//     them is dropped (KUBE-FW), from a pod as from outside.
//   - <externalIP>:<port> is accepted by every node's kube-proxy: from a
//     pod on the pod's node; from outside on the node the network routes
//     it to, modelled as a uniform pick among the ready nodes (routing an
//     externalIP to nodes is the cluster administrator's business), then as
//     NodePort traffic (externalTrafficPolicy applies, source ranges do
//     not).
//   - The Cluster policy set is narrowed by the endpoints' topology hints
//     on the node that handles the packet (CategorizeEndpoints in
//     kubernetes pkg/proxy/topology.go): when every ready endpoint has node
//     hints and one names the node, to those; else when every ready
//     endpoint has zone hints and one names the node's zone, to those;
//     else not at all. The serving-terminating fallback and the Local
//     policy sets ignore hints.
//   - With internalTrafficPolicy=Local, <ClusterIP>:<port> reaches only
//     endpoints on the client's node; none there while others exist:
//     dropped (KUBE-SVL and the "has no local endpoints" DROP).
//   - A Service port with no usable endpoint anywhere REJECTs (ErrRejected).
//
// Among the usable endpoints, ClientIP affinity first reuses the client's
// endpoint if it is still in the set and was used within the Service's
// sessionAffinityConfig timeout (per node, per Service port; the entry is
// refreshed); otherwise the choice is uniform random. iptables' cascade of
// rules with probability 1/(n−i) selects endpoint i with probability
// Π_{j<i}(1−1/(n−j)) · 1/(n−i) = 1/n, so a single uniform draw
// rand.IntN(n) over the same order picks from the same distribution (one
// draw instead of up to n−1; none when n = 1, as the single rule has no
// statistic match). The 10-decimal rounding of the printed probabilities is
// not modelled.
//
// The error is ErrNoRule, ErrRejected or ErrDropped itself, never wrapped
// (a caller may compare it with ==); the Decision is filled as far as the
// packet got.
func (t *Table) Route(req Request) (Decision, error) {
	d := Decision{Req: req}
	err := t.RouteInto(&d)
	return d, err
}

// RouteInto is Route deciding in place: d is zero but for its Req, and
// is filled as Route's Decision would be; a caller on a hot path saves
// copying the Decision back.
func (t *Table) RouteInto(d *Decision) error {
	req := &d.Req
	proto := protoKey(req.Protocol)
	if v, ok := t.vips.Get(vipKey{req.Dst.Addr(), req.Dst.Port(), proto}); ok {
		sp := v.sp
		d.Service, d.PortName, d.Via = sp.svc, sp.port.Name, v.via
		switch {
		case v.via == ViaClusterIP && req.SrcNode == "":
			d.Drop = DropClusterIPExternal
			return ErrDropped
		case req.SrcNode != "":
			return t.at(d, sp, t.srcNode(req), req.SrcNode, false)
		case v.via == ViaExternalIP:
			k := len(t.readyNodes)
			if k == 0 {
				d.Drop = DropNoHealthyNode
				return ErrDropped
			}
			i := t.draw(k)
			d.LBChoice, d.LBNodes = i+1, k
			n := t.readyNodes[i]
			return t.at(d, sp, n, n.name, true)
		}
		n, ok := t.pickLBNode(d, sp)
		if !ok {
			d.Drop = DropNoHealthyNode
			return ErrDropped
		}
		return t.at(d, sp, n, n.name, true)
	}
	n, ok := t.nodeByIP.Get(req.Dst.Addr())
	if !ok {
		return ErrNoRule
	}
	d.Node, d.NodeIP = n.name, n.ip
	if !n.ready {
		d.Drop = DropNodeDown
		return ErrDropped
	}
	sp, ok := t.nodePorts[npKey{int32(req.Dst.Port()), proto}]
	if !ok {
		return ErrNoRule
	}
	d.Service, d.PortName, d.Via = sp.svc, sp.port.Name, ViaNodePort
	return t.at(d, sp, n, n.name, req.SrcNode == "")
}

// srcNode returns the record of a pod client's node, nil when the table
// does not know it.
func (t *Table) srcNode(req *Request) *node {
	if id := req.SrcNodeID; id > 0 && int(id) < len(t.nodeByID) {
		if n := t.nodeByID[id]; n != nil && n.name == req.SrcNode {
			return n
		}
	}
	return t.node(req.SrcNode)
}

// pickLBNode is the load balancer's choice of node for external traffic.
func (t *Table) pickLBNode(d *Decision, sp *svcPort) (*node, bool) {
	if !sp.local {
		k := len(t.readyNodes)
		if k == 0 {
			return nil, false
		}
		i := t.draw(k)
		d.LBChoice, d.LBNodes = i+1, k
		return t.readyNodes[i], true
	}
	k := 0
	for _, id := range sp.lbNodes() {
		if n := t.nodeByID[id]; n != nil && n.ready {
			k++
		}
	}
	if k == 0 {
		return nil, false
	}
	i := t.draw(k)
	d.LBChoice, d.LBNodes = i+1, k
	for _, id := range sp.lbNodes() {
		if n := t.nodeByID[id]; n != nil && n.ready {
			if i == 0 {
				return n, true
			}
			i--
		}
	}
	return nil, false // unreachable
}

// at runs the Service port's chains on node nodeName, which is n (nil
// when the table does not know it: a pod client's node that was never
// SetNode). external is true for traffic from outside the cluster
// entering through a NodePort, load balancer or externalIP: the only
// traffic externalTrafficPolicy applies to.
func (t *Table) at(d *Decision, sp *svcPort, n *node, nodeName string, external bool) error {
	d.Node = nodeName
	if n != nil {
		d.NodeIP = n.ip
	}
	size, fallback := sp.clusterSet()
	if size == 0 {
		return ErrRejected
	}
	if d.Via == ViaLoadBalancer && len(sp.ranges()) > 0 && !inRanges(sp.ranges(), d.Req.Src) {
		d.Drop = DropSourceRange
		return ErrDropped
	}
	// The chosen set is sp.recs[:size], or with the Local policy
	// sp.recs[sp.loc.byNode[lo+j]] for j < size.
	var by []int32
	if external && sp.local || d.Via == ViaClusterIP && sp.intLocal {
		var id int32
		if n != nil {
			id = n.id
		} else {
			id, _ = t.nodeID(nodeName)
		}
		lo, hi, fb := sp.localSet(id)
		d.Local = true
		if hi == lo {
			d.Drop = DropNoLocalEndpoints
			if !external {
				d.Drop = DropInternalNoLocal
			}
			return ErrDropped
		}
		by, size, fallback = sp.loc.byNode[lo:hi], hi-lo, fb
	} else if sp.topo != nil && !fallback {
		var zone string
		if n != nil {
			zone = n.zone
		}
		if set, mode := sp.topo.set(nodeName, zone); mode != TopologyNone {
			by, size, d.Topology = set, len(set), mode
			if mode == TopologyZone {
				d.Zone = zone
			}
		}
	}
	d.SNAT = external && !sp.local
	d.Fallback, d.Candidates = fallback, size
	i := -1
	var key affKey
	if sp.affinity && n != nil {
		key = affKey{sp.id, d.Req.Src}
		if e, ok := n.aff[key]; ok && d.Req.Now.Sub(e.last) <= sp.affTTL {
			for j := range size {
				p := j
				if by != nil {
					p = int(by[j])
				}
				if t.is(&sp.recs[p], e.backend) {
					i = j
					d.Affinity = true
					break
				}
			}
		}
	}
	if i < 0 {
		i = t.draw(size)
	}
	p := i
	if by != nil {
		p = int(by[i])
	}
	d.Choice = i + 1
	t.setBackend(&d.Backend, &sp.recs[p])
	if sp.affinity && n != nil {
		if n.aff == nil {
			n.aff = make(map[affKey]affEntry)
		}
		n.aff[key] = affEntry{backend: d.BackendAddr(), last: d.Req.Now}
	}
	return nil
}

// inRanges reports whether ip is in one of the (masked) ranges.
func inRanges(ranges []netip.Prefix, ip netip.Addr) bool {
	for _, p := range ranges {
		if p.Contains(ip) {
			return true
		}
	}
	return false
}

// draw returns a uniform index in [0, n); no random draw when n is 1.
func (t *Table) draw(n int) int {
	if n <= 1 {
		return 0
	}
	return t.r.IntN(n)
}
