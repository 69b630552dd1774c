package proxy

import (
	"cmp"
	"net/netip"
	"slices"
	"strconv"
	"strings"
)

// skey is the sort key of endpoint in[i]: ready ones first, then
// kube-proxy's endpoint order (byEndpoint: the "IP:port" string,
// byte-wise), then input order, so the order is total and equals a stable
// sort. For an IPv4 endpoint k0 holds the category and the octets' ranks,
// k1 the port's digits (see key4) in a list of several port numbers, else
// 0; a list with any other address is compared as strings formatted into
// stack buffers (cmpLong).
type skey struct {
	k0, k1 uint64
	i      int32
}

// Octet ranks in byte-wise string order. In "a.b.c.d:port" two different
// octets decide the comparison within their digits and the separator that
// follows, so each octet can be replaced by its rank among the 256 strings
// "o." (a, b, c) or "o:" (d): '.' sorts before the digits and ':' after
// them, so "1." < "10." but "10:" < "1:".
var rankDot, rankColon = octetRanks(".", ":")

func octetRanks(seps ...string) (r, s [256]uint8) {
	for k, sep := range seps {
		strs := make([]string, 256)
		for o := range strs {
			strs[o] = strconv.Itoa(o) + sep
		}
		order := make([]int, 256)
		for o := range order {
			order[o] = o
		}
		slices.SortFunc(order, func(a, b int) int { return strings.Compare(strs[a], strs[b]) })
		for rank, o := range order {
			if k == 0 {
				r[o] = uint8(rank)
			} else {
				s[o] = uint8(rank)
			}
		}
	}
	return r, s
}

// key4 is the order-preserving key of an IPv4 endpoint "a.b.c.d:port" of
// category cat (0 ready, 1 serving terminating): k0 the category and the
// octet ranks, k1 the port's decimal digits left-aligned in five bytes and
// NUL-padded (a shorter port is a prefix and sorts first, as in the
// string).
func key4(a [4]byte, port uint16, cat uint8) (k0, k1 uint64) {
	k0 = key4Addr(a, cat)
	var d [5]byte
	i := len(d)
	for v := port; ; {
		i--
		d[i] = byte('0' + v%10)
		v /= 10
		if v == 0 {
			break
		}
	}
	for _, c := range d[i:] {
		k1 = k1<<8 | uint64(c)
	}
	return k0, k1 << (8 * uint(i))
}

func key4Addr(a [4]byte, cat uint8) uint64 {
	return uint64(cat)<<32 | uint64(rankDot[a[0]])<<24 | uint64(rankDot[a[1]])<<16 |
		uint64(rankDot[a[2]])<<8 | uint64(rankColon[a[3]])
}

// cmpLong compares two keys of a list with non-IPv4 addresses: category
// (k0's bit 32), the formatted "IP:port" strings, input order.
func cmpLong(in []Backend, a, b *skey) int {
	if c := int(a.k0>>32) - int(b.k0>>32); c != 0 {
		return c
	}
	x, y := &in[a.i], &in[b.i]
	var bx, by [64]byte
	sx := netip.AddrPortFrom(x.IP, uint16(x.Port)).AppendTo(bx[:0])
	sy := netip.AddrPortFrom(y.IP, uint16(y.Port)).AppendTo(by[:0])
	if c := strings.Compare(string(sx), string(sy)); c != 0 {
		return c
	}
	return int(a.i - b.i)
}

func less(a, b *skey) bool {
	if a.k0 != b.k0 {
		return a.k0 < b.k0
	}
	if a.k1 != b.k1 {
		return a.k1 < b.k1
	}
	return a.i < b.i
}

// compilePort reprograms the endpoints of one Service port from its slice
// endpoints in: it keeps the usable ones, ready first, each group in
// endpoint order, so the Cluster policy set (CategorizeEndpoints: the ready
// endpoints, else the serving terminating ones) is a prefix or all of
// sp.recs; for externalTrafficPolicy=Local it also indexes them by node
// (the Local policy sets) and lists the nodes whose health check passes (a
// local ready endpoint: LocalReadyEndpoints in pkg/proxy). Only the sort
// keys are built before the comparison with the stored list: an unchanged
// list costs no write, and sp's storage is reused.
func (t *Table) compilePort(sp *svcPort, in []Backend) {
	ks, term := usableKeys(in, t.kscr)
	t.kscr = ks
	if sp.topo != nil || len(ks) > 0 && in[ks[0].i].Hints != nil {
		sp.topo = topology(in, ks)
	}
	if t.sameRecs(sp.recs, in, ks) {
		return
	}
	n := len(ks)
	old := sp.recs
	// The storage is exact-ish for a steady list; a list that grows again
	// gets room for a rollout's surge, and shrinks back only once no
	// terminating endpoint is left (not at each step of the rollout) and
	// more than a quarter plus one, or smallSlack, records would stay unused.
	if c := cap(sp.recs); c < n || c > n+max(n/4+1, smallSlack) && !term {
		sp.recs = nil
		if n > 0 {
			size := n + n/8
			if c > 0 && c < n {
				size = n + n/2 + 2
			}
			sp.recs = take(&t.recRoom, size)[:0]
		}
	}
	recs := sp.recs[:n]
	sp.nReady = 0
	var prev rec // old[j-1] before it was overwritten
	for j := range ks {
		b := &in[ks[j].i]
		// Reuse the node id of a nearby old record of the same node
		// (same position, one on, one back) before asking the map.
		node := int32(-1)
		for _, r := range [3]*rec{at(old, j), at(old, j+1), &prev} {
			if r != nil && t.nodes.Key(r.node) == b.Node {
				node = r.node
				break
			}
		}
		if j < len(old) {
			prev = old[j]
		}
		recs[j] = t.makeRec(b, node)
		if b.Ready {
			sp.nReady++
		}
	}
	sp.recs = recs
	if sp.local || sp.intLocal {
		t.indexLocal(sp)
	} else {
		sp.loc = nil
	}
}

// smallSlack is the room a small endpoint list keeps when it shrinks, so
// that scaling a few pods down and back up does not reallocate it.
const smallSlack = 8

func at(rs []rec, j int) *rec {
	if j < len(rs) {
		return &rs[j]
	}
	return nil
}

// sameRecs reports whether recs are in's endpoints at ks, in that order.
func (t *Table) sameRecs(recs []rec, in []Backend, ks []skey) bool {
	if len(recs) != len(ks) {
		return false
	}
	for j := range ks {
		if !t.same(&recs[j], &in[ks[j].i]) {
			return false
		}
	}
	return true
}

// same reports whether r is b. An IPv4 address has no zone: r's is
// then compared with none, without asking b.IP for its zone (a lookup).
func (t *Table) same(r *rec, b *Backend) bool {
	return r.port == b.Port && r.flags == recFlags(b) && r.addr == b.IP.As16() && r.pod == b.Pod &&
		t.nodes.Key(r.node) == b.Node && (r.zone == 0 && b.IP.Is4() || t.zone(r.zone) == b.IP.Zone())
}

// usableKeys returns the sort keys of in's usable endpoints (ready, or
// serving and terminating) in ks's storage, sorted: ready ones first, each
// group in endpoint order. term reports a terminating one among them (a
// rollout is under way).
func usableKeys(in []Backend, ks []skey) (_ []skey, term bool) {
	// At most one key per endpoint: room for them all at once, and for a
	// few, so that a small cluster's lists grow the scratch only once.
	ks = slices.Grow(ks[:0], max(len(in), 4))
	long, ports := false, false
	port := -1 // the first IPv4 endpoint's port
	for i := range in {
		b := &in[i]
		if !b.IP.IsValid() || !(b.Ready || b.Serving && b.Terminating) {
			continue
		}
		term = term || b.Terminating
		var cat uint8
		if !b.Ready {
			cat = 1
		}
		k := skey{i: int32(i)}
		if b.IP.Is4() {
			k.k0 = key4Addr(b.IP.As4(), cat)
			if p := int(uint16(b.Port)); port < 0 {
				port = p
			} else if p != port {
				ports = true
			}
		} else {
			long = true
			k.k0 = uint64(cat) << 32
		}
		ks = append(ks, k)
	}
	// One port number is the rule: k1, the same for every key, then
	// decides nothing and stays 0. Only a list with several numbers needs
	// their digits.
	if ports && !long {
		for j := range ks {
			b := &in[ks[j].i]
			_, ks[j].k1 = key4(b.IP.As4(), uint16(b.Port), 0)
		}
	}
	sortKeys(in, ks, long)
	return ks, term
}

// sortKeys sorts ks: an insertion sort for short lists (one pass over an
// already ordered list), the library's sort for long ones (the order is
// total, so the result is the stable one either way).
func sortKeys(in []Backend, ks []skey, long bool) {
	if long {
		slices.SortFunc(ks, func(a, b skey) int { return cmpLong(in, &a, &b) })
		return
	}
	if len(ks) > 24 {
		slices.SortFunc(ks, func(a, b skey) int {
			if c := cmp.Compare(a.k0, b.k0); c != 0 {
				return c
			}
			if c := cmp.Compare(a.k1, b.k1); c != 0 {
				return c
			}
			return cmp.Compare(a.i, b.i)
		})
		return
	}
	for i := 1; i < len(ks); i++ {
		if !less(&ks[i], &ks[i-1]) {
			continue
		}
		x := ks[i]
		j := i - 1
		for j >= 0 && less(&x, &ks[j]) {
			ks[j+1] = ks[j]
			j--
		}
		ks[j+1] = x
	}
}

// indexLocal builds sp.loc: byNode (positions in sp.recs of endpoints with
// a node, by node id, ascending positions within a node: its ready ones
// first, each group in endpoint order) and lbNodes (nodes with a ready
// endpoint, by name).
func (t *Table) indexLocal(sp *svcPort) {
	if sp.loc == nil {
		sp.loc = &localIndex{}
	}
	recs := sp.recs
	by := sp.loc.byNode[:0]
	for i := range recs {
		if recs[i].node != 0 {
			by = append(by, int32(i))
		}
	}
	slices.SortFunc(by, func(a, b int32) int {
		if c := int(recs[a].node) - int(recs[b].node); c != 0 {
			return c
		}
		return int(a - b)
	})
	sp.loc.byNode = by
	lb := sp.loc.lbNodes[:0]
	for i, p := range by {
		if p < sp.nReady && (i == 0 || recs[by[i-1]].node != recs[p].node) {
			lb = append(lb, recs[p].node)
		}
	}
	rank := t.nodeRanks()
	slices.SortFunc(lb, func(a, b int32) int { return int(rank[a]) - int(rank[b]) })
	sp.loc.lbNodes = lb
}

// lbNodes are the nodes whose health check passes, sorted by name.
func (sp *svcPort) lbNodes() []int32 {
	if sp.loc == nil {
		return nil
	}
	return sp.loc.lbNodes
}

// localSet is the Local policy set of node id: positions
// sp.loc.byNode[lo:hi]; fallback when they are serving terminating
// endpoints (no ready one on the node).
func (sp *svcPort) localSet(id int32) (lo, hi int, fallback bool) {
	if id == 0 || sp.loc == nil {
		return 0, 0, false
	}
	by, recs := sp.loc.byNode, sp.recs
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
