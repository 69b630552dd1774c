package proxy

import "github.com/svcsim/svcsim/pod"

// PortView is one programmed Service port as its rules send new
// connections: the endpoints of its KUBE-SVC-* chain before topology
// hints, the nodes where hints narrow that chain, and, with a Local
// traffic policy, each node's KUBE-SVL-* set.
type PortView struct {
	Name     string
	Protocol pod.Protocol
	Port     int32
	Cluster  []Backend
	Hinted   map[string][]Backend // by node name, nodes whose chain hints narrow only; nil when none does
	Local    map[string][]Backend // by node name, nodes with an endpoint only; nil without a Local policy
}

// View returns the programmed ports of Service namespace/name, in the
// Service's order; ok is false when the table has no rules for it (never
// programmed, removed, headless or ExternalName). The result is the
// caller's own copy.
func (t *Table) View(namespace, name string) (ports []PortView, ok bool) {
	e := t.services.Value(svcKey{nsOrDefault(namespace), name})
	if len(e.ports) == 0 {
		return nil, false
	}
	for pi := range e.ports {
		sp := &e.ports[pi]
		v := PortView{Name: sp.port.Name, Protocol: sp.port.Protocol, Port: sp.port.Port, Cluster: t.clusterBackends(sp, "")}
		for id := int32(1); id < int32(t.nodes.Len()); id++ {
			// A hinted set is a subset of the chain: a shorter one differs.
			if b := t.clusterBackends(sp, t.nodes.Key(id)); len(b) != len(v.Cluster) {
				if v.Hinted == nil {
					v.Hinted = map[string][]Backend{}
				}
				v.Hinted[t.nodes.Key(id)] = b
			}
		}
		if sp.loc != nil {
			v.Local = map[string][]Backend{}
			for id := int32(1); id < int32(t.nodes.Len()); id++ {
				lo, hi, _ := sp.localSet(id)
				for _, p := range sp.loc.byNode[lo:hi] {
					v.Local[t.nodes.Key(id)] = append(v.Local[t.nodes.Key(id)], t.backend(&sp.recs[p]))
				}
			}
		}
		ports = append(ports, v)
	}
	return ports, true
}
