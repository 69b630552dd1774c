package proxy

import (
	"encoding/binary"
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
	node  int32    // index into Table.nodeNames; 0 is ""
	zone  uint32   // index into Table.zones; 0 is no zone
	flags uint8
}

const (
	fIs4 uint8 = 1 << iota
	fReady
	fServing
	fTerminating
)

func (r *rec) ready() bool { return r.flags&fReady != 0 }

// makeRec compacts b (valid IP).
func (t *Table) makeRec(b *Backend) rec {
	r := rec{addr: b.IP.As16(), pod: b.Pod, port: b.Port, node: t.internNode(b.Node)}
	if b.IP.Is4() {
		r.flags |= fIs4
	}
	if z := b.IP.Zone(); z != "" {
		r.zone = t.internZone(z)
	}
	if b.Ready {
		r.flags |= fReady
	}
	if b.Serving {
		r.flags |= fServing
	}
	if b.Terminating {
		r.flags |= fTerminating
	}
	return r
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
		a = a.WithZone(t.zones[r.zone])
	}
	return a
}

// backend rebuilds the Backend r was made from.
func (t *Table) backend(r *rec) Backend {
	return Backend{IP: t.ip(r), Port: r.port, Node: t.nodeNames[r.node], Pod: r.pod,
		Ready: r.flags&fReady != 0, Serving: r.flags&fServing != 0, Terminating: r.flags&fTerminating != 0}
}

// is reports whether r is the endpoint ap (address, zone and port), without
// rebuilding r's address.
func (t *Table) is(r *rec, ap netip.AddrPort) bool {
	a := ap.Addr()
	return uint16(r.port) == ap.Port() && a.As16() == r.addr && a.Is4() == (r.flags&fIs4 != 0) &&
		a.Zone() == t.zones[r.zone]
}

func (t *Table) internNode(name string) int32 {
	if name == "" {
		return 0
	}
	if id, ok := t.nodeIDs[name]; ok {
		return id
	}
	id := int32(len(t.nodeNames))
	t.nodeIDs[name] = id
	t.nodeNames = append(t.nodeNames, name)
	t.nodeByID = append(t.nodeByID, nil)
	return id
}

func (t *Table) internZone(z string) uint32 {
	if t.zoneIDs == nil {
		t.zoneIDs = make(map[string]uint32)
	}
	if id, ok := t.zoneIDs[z]; ok {
		return id
	}
	id := uint32(len(t.zones))
	t.zoneIDs[z] = id
	t.zones = append(t.zones, z)
	return id
}

// skey is the sort key of scratch record i: ready ones first (cat 0),
// then kube-proxy's endpoint order (byEndpoint: the "IP:port" string,
// byte-wise), then input order (so the order is total and the sort is
// stable). For IPv4 k is the string itself, NUL-padded to 24 bytes (at most
// 21 are used) as three big-endian words, which orders exactly as the
// string; other addresses (long) are compared as strings formatted into
// stack buffers.
type skey struct {
	k    [3]uint64
	i    int32
	cat  uint8
	long bool
}

// dec3 holds the decimal digits of every octet.
var dec3 = func() (d [256]struct {
	b [3]byte
	n uint8
}) {
	for v := range d {
		switch {
		case v >= 100:
			d[v].b, d[v].n = [3]byte{byte('0' + v/100), byte('0' + v/10%10), byte('0' + v%10)}, 3
		case v >= 10:
			d[v].b, d[v].n = [3]byte{byte('0' + v/10), byte('0' + v%10)}, 2
		default:
			d[v].b, d[v].n = [3]byte{byte('0' + v)}, 1
		}
	}
	return d
}()

// key4 is the NUL-padded "a.b.c.d:port" of an IPv4 endpoint.
func key4(a [4]byte, port uint16) (k [3]uint64) {
	var buf [24]byte
	n := 0
	for i, o := range a {
		if i > 0 {
			buf[n] = '.'
			n++
		}
		d := &dec3[o]
		buf[n], buf[n+1], buf[n+2] = d.b[0], d.b[1], d.b[2]
		n += int(d.n)
	}
	buf[n] = ':'
	n++
	var p [5]byte
	i := len(p)
	for v := port; ; {
		i--
		p[i] = byte('0' + v%10)
		v /= 10
		if v == 0 {
			break
		}
	}
	copy(buf[n:n+5], p[i:])
	// buf[n+len:] is still zero: the digits of d.b past d.n are NUL too.
	k[0] = binary.BigEndian.Uint64(buf[0:])
	k[1] = binary.BigEndian.Uint64(buf[8:])
	k[2] = binary.BigEndian.Uint64(buf[16:])
	return k
}

func (t *Table) cmpKey(a, b *skey) int {
	if a.cat != b.cat {
		return int(a.cat) - int(b.cat)
	}
	if !a.long && !b.long {
		for i := range a.k {
			if a.k[i] != b.k[i] {
				if a.k[i] < b.k[i] {
					return -1
				}
				return 1
			}
		}
	} else {
		ra, rb := &t.rscr[a.i], &t.rscr[b.i]
		var ba, bb [64]byte
		sa := netip.AddrPortFrom(t.ip(ra), uint16(ra.port)).AppendTo(ba[:0])
		sb := netip.AddrPortFrom(t.ip(rb), uint16(rb.port)).AppendTo(bb[:0])
		if c := strings.Compare(string(sa), string(sb)); c != 0 {
			return c
		}
	}
	return int(a.i - b.i)
}

// compilePort reprograms the endpoints of one Service port from its slice
// endpoints in: it keeps the usable ones, ready first, each group in
// endpoint order, so the Cluster policy set (CategorizeEndpoints: the ready
// endpoints, else the serving terminating ones) is a prefix or all of
// sp.recs; for externalTrafficPolicy=Local it also indexes them by node
// (the Local policy sets) and lists the nodes whose health check passes (a
// local ready endpoint: LocalReadyEndpoints in pkg/proxy). An unchanged
// list costs no write; sp's storage is reused.
func (t *Table) compilePort(sp *svcPort, in []Backend) {
	rs, ks := t.rscr[:0], t.kscr[:0]
	for i := range in {
		b := &in[i]
		if !b.IP.IsValid() || !(b.Ready || b.Serving && b.Terminating) {
			continue
		}
		k := skey{i: int32(len(rs))}
		if !b.Ready {
			k.cat = 1
		}
		if b.IP.Is4() {
			k.k = key4(b.IP.As4(), uint16(b.Port))
		} else {
			k.long = true
		}
		rs = append(rs, t.makeRec(b))
		ks = append(ks, k)
	}
	t.rscr, t.kscr = rs, ks
	t.sortKeys(ks)
	n := len(ks)
	if n == len(sp.recs) {
		same := true
		for j := range ks {
			if rs[ks[j].i] != sp.recs[j] {
				same = false
				break
			}
		}
		if same {
			return
		}
	}
	if c := cap(sp.recs); c < n || c > n+n/4+1 {
		sp.recs = nil
		if n > 0 {
			sp.recs = make([]rec, 0, n+n/8)
		}
	}
	sp.recs = sp.recs[:n]
	sp.nReady = 0
	for j := range ks {
		sp.recs[j] = rs[ks[j].i]
		if ks[j].cat == 0 {
			sp.nReady++
		}
	}
	if sp.local {
		t.indexLocal(sp)
	} else {
		sp.byNode, sp.lbNodes = nil, nil
	}
	clear(rs) // drop the pod strings
}

// sortKeys sorts ks: an insertion sort for short lists (one pass over the
// already ordered lists the endpoints controller mostly writes), the
// library's sort for long ones (the order is total: the result is the
// stable one).
func (t *Table) sortKeys(ks []skey) {
	if len(ks) > 24 {
		slices.SortFunc(ks, func(a, b skey) int { return t.cmpKey(&a, &b) })
		return
	}
	for i := 1; i < len(ks); i++ {
		if t.cmpKey(&ks[i-1], &ks[i]) <= 0 {
			continue
		}
		x := ks[i]
		j := i - 1
		for j >= 0 && t.cmpKey(&ks[j], &x) > 0 {
			ks[j+1] = ks[j]
			j--
		}
		ks[j+1] = x
	}
}

// indexLocal builds sp.byNode (positions in sp.recs of endpoints with a
// node, by node id, ascending positions within a node: its ready ones
// first, each group in endpoint order) and sp.lbNodes (nodes with a ready
// endpoint, by name).
func (t *Table) indexLocal(sp *svcPort) {
	by := sp.byNode[:0]
	for i := range sp.recs {
		if sp.recs[i].node != 0 {
			by = append(by, int32(i))
		}
	}
	slices.SortStableFunc(by, func(a, b int32) int { return int(sp.recs[a].node) - int(sp.recs[b].node) })
	sp.byNode = by
	lb := sp.lbNodes[:0]
	for i, p := range by {
		if p < sp.nReady && (i == 0 || sp.recs[by[i-1]].node != sp.recs[p].node) {
			lb = append(lb, sp.recs[p].node)
		}
	}
	slices.SortFunc(lb, func(a, b int32) int { return strings.Compare(t.nodeNames[a], t.nodeNames[b]) })
	sp.lbNodes = lb
}

// localSet is the Local policy set of node id: positions sp.byNode[lo:hi];
// fallback when they are serving terminating endpoints (no ready one on
// the node).
func (sp *svcPort) localSet(id int32) (lo, hi int, fallback bool) {
	if id == 0 {
		return 0, 0, false
	}
	by, recs := sp.byNode, sp.recs
	lo, _ = slices.BinarySearchFunc(by, id, func(p, id int32) int { return int(recs[p].node) - int(id) })
	hi = lo
	k := lo
	for hi < len(by) && recs[by[hi]].node == id {
		if by[hi] < sp.nReady {
			k = hi + 1
		}
		hi++
	}
	if k > lo {
		return lo, k, false
	}
	return lo, hi, hi > lo
}

// clusterSet is the Cluster policy set: sp.recs[:n]; fallback when they are
// serving terminating endpoints.
func (sp *svcPort) clusterSet() (n int, fallback bool) {
	if sp.nReady > 0 {
		return int(sp.nReady), false
	}
	return len(sp.recs), len(sp.recs) > 0
}
