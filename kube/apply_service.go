package kube

// Applying a Service: created, or updated through sim's UpdateService
// (kubernetes' update rules: allocated values the merge leaves unset are
// kept, immutable fields refused).

import (
	"reflect"

	corev1 "k8s.io/api/core/v1"

	"github.com/svcsim/svcsim/service"
	"github.com/svcsim/svcsim/sim"
)

func (p *plan) addService(ch *change, prev *change, o *corev1.Service, last map[string]any) ([]string, error) {
	var live *service.Service
	switch {
	case prev != nil:
		l := prev.obj.(service.Service)
		live, ch.exists = &l, prev.exists
	default:
		if l, ok := p.c.Service(ch.key.ns, ch.key.name); ok {
			live, ch.exists = &l, true
		} else {
			last = nil
		}
	}
	if live != nil {
		o = normalizeClusterIPs(o, ToService(*live))
	}
	s, warnings, err := FromService(o)
	if err != nil {
		return warnings, err
	}
	s.Namespace = ch.key.ns
	if live != nil {
		s = mergeService(*live, s, fieldRule{manifest: ch.fields, last: last})
	}
	ch.obj = s
	ch.dryRun = func(c *sim.Cluster) error { return c.DryRunService(s) }
	switch {
	case live != nil && reflect.DeepEqual(service.PrepareUpdateWithDefaults(*live, s), *live):
		ch.do = func(*sim.Cluster) error { return nil } // unchanged: kubectl makes no request
	case ch.exists:
		ch.do = func(c *sim.Cluster) error { _, err := c.UpdateService(s); return err }
	default:
		ch.do = func(c *sim.Cluster) error { _, err := c.CreateService(s); return err }
	}
	return warnings, nil
}

// mergeService merges the manifest's Service s into live.
func mergeService(live, s service.Service, r fieldRule) service.Service {
	out := live.Clone()
	out.Labels = r.mergeMap("metadata.labels", live.Labels, s.Labels)
	out.Annotations = r.mergeMap("metadata.annotations", live.Annotations, s.Annotations)
	if r.set("spec.selector") {
		out.Selector = r.mergeMap("spec.selector", live.Selector, s.Selector)
	}
	if r.set("spec.type") {
		out.Type = s.Type
	}
	if r.set("spec.ports") {
		out.Ports = s.Ports
	}
	if r.set("spec.clusterIP") || r.set("spec.clusterIPs") {
		out.ClusterIP, out.Headless = s.ClusterIP, s.Headless
	}
	if r.set("spec.externalName") {
		out.ExternalName = s.ExternalName
	}
	if r.set("spec.loadBalancerIP") {
		out.LoadBalancerIP = s.LoadBalancerIP
	}
	if r.set("spec.sessionAffinity") {
		out.SessionAffinity = s.SessionAffinity
	}
	if r.set("spec.sessionAffinityConfig") {
		out.SessionAffinityConfig = s.SessionAffinityConfig
	}
	if r.set("spec.externalTrafficPolicy") {
		out.ExternalTrafficPolicy = s.ExternalTrafficPolicy
	}
	if r.set("spec.internalTrafficPolicy") {
		out.InternalTrafficPolicy = s.InternalTrafficPolicy
	}
	if r.set("spec.publishNotReadyAddresses") {
		out.PublishNotReadyAddresses = s.PublishNotReadyAddresses
	}
	if r.set("spec.externalIPs") {
		out.ExternalIPs = s.ExternalIPs
	}
	if r.set("spec.loadBalancerClass") {
		out.LoadBalancerClass = s.LoadBalancerClass
	}
	if r.set("spec.loadBalancerSourceRanges") {
		out.LoadBalancerSourceRanges = s.LoadBalancerSourceRanges
	}
	if r.set("spec.allocateLoadBalancerNodePorts") {
		out.AllocateLoadBalancerNodePorts = s.AllocateLoadBalancerNodePorts
	}
	if r.set("spec.healthCheckNodePort") {
		out.HealthCheckNodePort = s.HealthCheckNodePort
	}
	if r.set("spec.trafficDistribution") {
		out.TrafficDistribution = s.TrafficDistribution
	}
	return out
}
