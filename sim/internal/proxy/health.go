package proxy

import (
	"net/netip"
	"slices"
)

// LocalReadyEndpoints is what kube-proxy's health-check server on node
// answers for namespace/name (pkg/proxy/healthcheck/service_health.go,
// fed by pkg/proxy/endpoints.go LocalReadyEndpoints): the number of
// distinct IPs among the Service's ready endpoints, of all its ports, that
// run on node. Serving-but-terminating endpoints do not count. ok is false
// when the Service has no rules (not programmed, headless, ExternalName).
func (t *Table) LocalReadyEndpoints(namespace, name, node string) (n int, ok bool) {
	e := t.services.Value(svcKey{nsOrDefault(namespace), name})
	if len(e.ports) == 0 {
		return 0, false
	}
	id, known := t.nodeID(node)
	if !known {
		return 0, true
	}
	var seen []netip.Addr
	for pi := range e.ports {
		sp := &e.ports[pi]
		for i := range sp.recs[:sp.nReady] {
			r := &sp.recs[i]
			if r.node != id {
				continue
			}
			if ip := t.ip(r); !slices.Contains(seen, ip) {
				seen = append(seen, ip)
			}
		}
	}
	return len(seen), true
}
