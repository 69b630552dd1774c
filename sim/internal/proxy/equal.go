package proxy

import (
	"strings"

	"github.com/svcsim/svcsim/service"
)

// Same reports whether t and u hold the same programmed rules: the same
// Service ports with the same specs, addresses, affinity, traffic policy
// and usable endpoints in the same order (endpoints compared by address,
// zone, port, node name, pod and conditions) and the same topology
// filtering. Two tables that are the
// same render the same Save on every node; comparing them costs no
// rendering and no allocation, so a consistency check can compare
// structures and render only when they differ. Node state and affinity
// state are not compared (Save shows neither).
func (t *Table) Same(u *Table) bool {
	if t.services.Len() != u.services.Len() {
		return false
	}
	for k, e := range t.services.All() {
		f, ok := u.services.Get(k)
		if !ok || len(e.ports) != len(f.ports) {
			return false
		}
		for i := range e.ports {
			sp := &e.ports[i]
			if !t.samePort(sp, u, &f.ports[i]) {
				return false
			}
		}
	}
	return true
}

func (t *Table) samePort(sp *svcPort, u *Table, sq *svcPort) bool {
	if sp.svc != sq.svc || !sameSpec(sp, sq) || sp.nReady != sq.nReady || len(sp.recs) != len(sq.recs) ||
		!sameTopology(sp.topo, sq.topo) {
		return false
	}
	for i := range sp.recs {
		a, b := &sp.recs[i], &sq.recs[i]
		if a.addr != b.addr || a.pod != b.pod || a.port != b.port || a.flags != b.flags ||
			t.nodes.Key(a.node) != u.nodes.Key(b.node) || t.zone(a.zone) != u.zone(b.zone) {
			return false
		}
	}
	return true
}

// sameSpec reports whether sp and sq have the same port, addresses,
// affinity and traffic policy.
func sameSpec(sp, sq *svcPort) bool {
	return sp.hasSpec(sq.port, sq.clusterIP, &shape{lbIP: sq.lbIP(), extIPs: sq.extIPs(), ranges: sq.ranges(), affTTL: sq.affTTL,
		affinity: sq.affinity, ext: sq.ext, local: sq.local, intLocal: sq.intLocal})
}

// Len returns the number of Services t holds rules for (an ExternalName
// or headless one counts, with none).
func (t *Table) Len() int { return t.services.Len() }

// A Checker compares a table, Service by Service, with the rules Program
// would install in a new table (Holds), building no second table: a table
// holds what a set of Services programmed afresh would hold when it Holds
// each of them and its Len is their number. The zero value is ready; a
// Checker keeps only scratch storage from one call to the next.
type Checker struct {
	ks []skey
}

// Holds reports whether t holds for svc the rules that programming svc
// with backends into a new table installs, compared as Same compares two
// tables.
func (k *Checker) Holds(t *Table, svc *service.Service, backends [][]Backend) bool {
	key := svcKey{nsOrDefault(svc.Namespace), svc.Name}
	e, ok := t.services.Get(key)
	switch {
	case !ok:
		return false
	case !HasRules(svc):
		return len(e.ports) == 0
	case len(e.ports) != len(svc.Ports):
		return false
	}
	sh := shapeOf(svc)
	for i := range e.ports {
		sp := &e.ports[i]
		var in []Backend
		if i < len(backends) {
			in = backends[i]
		}
		k.ks, _ = usableKeys(in, k.ks)
		if !isName(sp.svc, key) || !sp.hasSpec(specOf(svc.Ports[i]), svc.ClusterIP, &sh) || sp.nReady != readyKeys(in, k.ks) ||
			!t.sameRecs(sp.recs, in, k.ks) || !sameTopology(sp.topo, topology(in, k.ks)) {
			return false
		}
	}
	return true
}

// isName reports whether s is k's "namespace/name".
func isName(s string, k svcKey) bool {
	return len(s) == len(k.ns)+1+len(k.name) && strings.HasPrefix(s, k.ns) && s[len(k.ns)] == '/' &&
		strings.HasSuffix(s, k.name)
}

// readyKeys counts the ready endpoints at ks.
func readyKeys(in []Backend, ks []skey) int32 {
	n := int32(0)
	for _, x := range ks {
		if in[x.i].Ready {
			n++
		}
	}
	return n
}
