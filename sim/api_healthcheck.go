package sim

// The health-check node port: what kube-proxy's health-check server on a
// node answers a load balancer's probe (kubernetes
// pkg/proxy/healthcheck/service_health.go, hcHandler.ServeHTTP).

import (
	"fmt"

	"github.com/svcsim/svcsim/pod"
)

// HealthCheck probes the health-check node port of Service
// namespace/name on node, as a cloud load balancer does: healthy (HTTP
// 200) when kube-proxy there counts at least one local endpoint, else
// unhealthy (503). localEndpoints is that count: the distinct IPs of the
// Service's ready endpoints on the node, from kube-proxy's programmed
// rules (so it lags by Config.ProxyDelay); terminating endpoints do not
// count. Only a Service with a healthCheckNodePort (LoadBalancer with
// externalTrafficPolicy Local) has one: ErrInvalid otherwise; ErrNotFound
// for an unknown Service or node; ErrUnreachable when the node has failed
// (nothing answers the probe). It only reads, so a watch callback may call
// it.
func (c *Cluster) HealthCheck(namespace, name, node string) (healthy bool, localEndpoints int, rerr error) {
	defer func() { rerr = simError(rerr) }()
	ns := pod.NamespaceOrDefault(namespace)
	_, r := c.lookupSvc(ns, name)
	if r == nil {
		return false, 0, fmt.Errorf("service %s/%s: %w", ns, name, ErrNotFound)
	}
	hc := r.svc.HealthCheckNodePort
	if hc == 0 {
		return false, 0, fmt.Errorf("service %s/%s: %w: no healthCheckNodePort (only LoadBalancer Services with externalTrafficPolicy Local have one)", ns, name, ErrInvalid)
	}
	n, ok := c.nodeIndex(node)
	if !ok {
		return false, 0, fmt.Errorf("node %s: %w", node, ErrNotFound)
	}
	if c.nodes[n].down {
		return false, 0, fmt.Errorf("health check %s:%d of service %s/%s: %w: node %s is down", c.nodes[n].ip, hc, ns, name, ErrUnreachable, node)
	}
	// The kube-proxy of the node address's family answers (on a
	// dual-stack cluster each family's proxier serves its own addresses).
	count, _ := c.proxyFor(c.nodes[n].ip).LocalReadyEndpoints(ns, name, node)
	return count > 0, count, nil
}
