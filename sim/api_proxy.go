package sim

// kube-proxy's programmed view: what its rules do now, which lags the
// EndpointSlices by Config.ProxyDelay.

import (
	"maps"
	"slices"

	"github.com/svcsim/svcsim/endpoints"
	"github.com/svcsim/svcsim/pod"
)

// ProxyService is a Service as kube-proxy in iptables mode has
// programmed it (kubernetes pkg/proxy/iptables/proxier.go, syncProxyRules):
// the rules are the same on every node but for the Local traffic
// policies' per-node sets.
type ProxyService struct {
	Namespace, Name string
	Ports           []ProxyPort // in the Service's order
}

// ProxyPort is one programmed Service port.
type ProxyPort struct {
	Name     string
	Protocol pod.Protocol
	Port     int32
	// Backends are the endpoints the port's KUBE-SVC-* chain spreads new
	// connections over: the ready ones or, when none is ready, the
	// serving terminating ones; sorted by address. Empty: the port's
	// traffic is rejected.
	Backends []endpoints.Backend
	// Local holds, with externalTrafficPolicy or internalTrafficPolicy
	// Local, each node's own set (its KUBE-SVL-* chain), by node name,
	// for the nodes that have an endpoint; nil under the Cluster policies.
	Local map[string][]endpoints.Backend
}

// ProxyService returns Service namespace/name as kube-proxy has
// programmed it; false when it has no rules: not yet programmed, removed
// (a deleted Service keeps its rules until the next sync), headless or
// ExternalName. It only reads, so a watch callback may call it;
// WatchProxy reports each change at the sync that makes it.
func (c *Cluster) ProxyService(namespace, name string) (ProxyService, bool) {
	ns := pod.NamespaceOrDefault(namespace)
	view, ok := c.proxy.View(ns, name)
	if !ok {
		return ProxyService{}, false
	}
	ps := ProxyService{Namespace: ns, Name: name, Ports: make([]ProxyPort, len(view))}
	for i, v := range view {
		ps.Ports[i] = ProxyPort{Name: v.Name, Protocol: v.Protocol, Port: v.Port, Backends: v.Cluster, Local: v.Local}
	}
	return ps, true
}

// cloneProxyService deep-copies ps.
func cloneProxyService(ps ProxyService) ProxyService {
	ps.Ports = slices.Clone(ps.Ports)
	for i := range ps.Ports {
		p := &ps.Ports[i]
		p.Backends = slices.Clone(p.Backends)
		if p.Local != nil {
			p.Local = maps.Clone(p.Local)
			for n, bs := range p.Local {
				p.Local[n] = slices.Clone(bs)
			}
		}
	}
	return ps
}
