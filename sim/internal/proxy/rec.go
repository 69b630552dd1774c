package proxy

import (
	"net/netip"
	"slices"
	"strings"
)

// rec is one usable endpoint of a Service port as the table keeps it: 48
// bytes (a Backend is 72), the node as an interned id, the pod name shared
// with the caller's string. Only usable endpoints are kept: ready ones and
// serving terminating ones (the KEP-1669 fallback); the others are never
// chosen by any policy set.
type rec struct {
	addr  [16]byte // the IP's 16-byte form (As16)
	pod   string   // "namespace/name", as the caller passed it
	port  int32    // resolved target port
	node  int32    // the name's number in Table.nodes; 0 is ""
	zone  uint32   // index into Table.zones; 0 is no zone
	flags uint8
}

const (
	fIs4 uint8 = 1 << iota
	fReady
	fServing
	fTerminating
)

// makeRec compacts b (valid IP); node is b.Node's id, or -1 to look it up.
func (t *Table) makeRec(b *Backend, node int32) rec {
	if node < 0 {
		node = t.internNode(b.Node)
	}
	r := rec{addr: b.IP.As16(), pod: b.Pod, port: b.Port, node: node, flags: recFlags(b)}
	if z := b.IP.Zone(); z != "" {
		r.zone = t.internZone(z)
	}
	return r
}

func recFlags(b *Backend) uint8 {
	var f uint8
	if b.IP.Is4() {
		f |= fIs4
	}
	if b.Ready {
		f |= fReady
	}
	if b.Serving {
		f |= fServing
	}
	if b.Terminating {
		f |= fTerminating
	}
	return f
}

// ip rebuilds the endpoint's address.
func (t *Table) ip(r *rec) netip.Addr {
	var a netip.Addr
	if r.flags&fIs4 != 0 {
		a = netip.AddrFrom4([4]byte(r.addr[12:]))
	} else {
		a = netip.AddrFrom16(r.addr)
	}
	if r.zone != 0 {
		a = a.WithZone(t.zone(r.zone))
	}
	return a
}

// backend rebuilds the Backend r was made from.
func (t *Table) backend(r *rec) Backend {
	return Backend{IP: t.ip(r), Port: r.port, Node: t.nodes.Key(r.node), Pod: r.pod,
		Ready: r.flags&fReady != 0, Serving: r.flags&fServing != 0, Terminating: r.flags&fTerminating != 0}
}

// setBackend writes the Backend r was made from into *b, field by field
// (Route's hot path: no temporary).
func (t *Table) setBackend(b *Backend, r *rec) {
	if r.flags&fIs4 != 0 && r.zone == 0 {
		b.IP = netip.AddrFrom4([4]byte(r.addr[12:]))
	} else {
		b.IP = t.ip(r)
	}
	b.Port, b.Node, b.Pod = r.port, t.nodes.Key(r.node), r.pod
	b.Ready, b.Serving, b.Terminating = r.flags&fReady != 0, r.flags&fServing != 0, r.flags&fTerminating != 0
}

// is reports whether r is the endpoint ap (address, zone and port), without
// rebuilding r's address.
func (t *Table) is(r *rec, ap netip.AddrPort) bool {
	a := ap.Addr()
	return uint16(r.port) == ap.Port() && a.As16() == r.addr && a.Is4() == (r.flags&fIs4 != 0) &&
		a.Zone() == t.zone(r.zone)
}

// nodeID returns the id of an interned node name; the empty name (an
// endpoint's lack of a node) is no node.
func (t *Table) nodeID(name string) (int32, bool) {
	if name == "" {
		return 0, false
	}
	return t.nodes.ID(name)
}

// internNode returns the id of a node name, numbering it first if new
// (with a nodeByID entry, nil until SetNode adds the node).
func (t *Table) internNode(name string) int32 {
	id := t.nodes.Intern(name)
	if int(id) == len(t.nodeByID) {
		t.nodeByID = append(t.nodeByID, nil)
		t.nodeRank = t.nodeRank[:0] // stale
	}
	return id
}

// nodeRanks returns every node id's rank in name order, recomputed after
// a name was interned (rare once the nodes exist), so that sorting nodes
// by name compares integers.
func (t *Table) nodeRanks() []int32 {
	if len(t.nodeRank) == t.nodes.Len() {
		return t.nodeRank
	}
	order := make([]int32, t.nodes.Len())
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int { return strings.Compare(t.nodes.Key(a), t.nodes.Key(b)) })
	t.nodeRank = slices.Grow(t.nodeRank[:0], len(order))[:len(order)]
	for r, id := range order {
		t.nodeRank[id] = int32(r)
	}
	return t.nodeRank
}

// zone returns the IPv6 zone numbered id ("" for 0, none).
func (t *Table) zone(id uint32) string {
	if id == 0 {
		return ""
	}
	return t.zones[id]
}

// internZone numbers zone z, from 1 (0 is none).
func (t *Table) internZone(z string) uint32 {
	if t.zoneIDs == nil {
		t.zoneIDs = make(map[string]uint32)
		t.zones = append(t.zones, "") // id 0: none
	}
	if id, ok := t.zoneIDs[z]; ok {
		return id
	}
	id := uint32(len(t.zones))
	t.zoneIDs[z] = id
	t.zones = append(t.zones, z)
	return id
}
