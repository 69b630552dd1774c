package proxy

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
	if len(t.services) != len(u.services) {
		return false
	}
	for k, e := range t.services {
		f, ok := u.services[k]
		if !ok || len(e.ports) != len(f.ports) {
			return false
		}
		for i, sp := range e.ports {
			if !t.samePort(sp, u, f.ports[i]) {
				return false
			}
		}
	}
	return true
}

func (t *Table) samePort(sp *svcPort, u *Table, sq *svcPort) bool {
	if sp.svc != sq.svc || sp.port != sq.port || sp.clusterIP != sq.clusterIP || sp.lbIP != sq.lbIP ||
		sp.nReady != sq.nReady || sp.affinity != sq.affinity || sp.ext != sq.ext || sp.local != sq.local ||
		len(sp.recs) != len(sq.recs) || !sameTopology(sp.topo, sq.topo) {
		return false
	}
	for i := range sp.recs {
		a, b := &sp.recs[i], &sq.recs[i]
		if a.addr != b.addr || a.pod != b.pod || a.port != b.port || a.flags != b.flags ||
			t.nodeNames[a.node] != u.nodeNames[b.node] || t.zones[a.zone] != u.zones[b.zone] {
			return false
		}
	}
	return true
}
