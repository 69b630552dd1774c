package service

import (
	"net/netip"
	"slices"

	"github.com/google/uuid"

	"github.com/svcsim/svcsim/pod"
)

// PrepareUpdate returns the Service the apiserver would store for an update
// of old to updated, before validation: it carries allocated values the
// user left unset into the new object and drops those the new type no
// longer needs, as patchAllocatedValues and dropTypeDependentFields do
// (kubernetes pkg/registry/core/service/storage/storage.go and
// pkg/registry/core/service/strategy.go):
//
//   - ClusterIP, ClusterIPs and Headless: first reconciled as
//     NormalizeClusterIPs does, then kept when neither side is ExternalName
//     and the new leaves them unset, so a headless Service stays headless;
//     cleared on a change to ExternalName when the user left them
//     unchanged, with the IP families and policy likewise. A Service coming
//     from ExternalName keeps them as given, so sim allocates fresh
//     ClusterIPs.
//   - NodePort of each port: kept from the old port of the same name
//     ("Map NodePorts by name") when both old and new allocate node ports
//     (NodePort, or LoadBalancer unless allocateLoadBalancerNodePorts is
//     false: needsNodePort in storage.go), the new leaves it 0 and no new
//     port already uses that value; all cleared
//     on a change to a type without node ports when the user added no node
//     port the old Service did not hold.
//   - LoadBalancerIP: kept while both are LoadBalancer and unset in the new;
//     cleared when the new type is not LoadBalancer.
//   - HealthCheckNodePort: kept while both need one and the new leaves it
//     0; cleared when the new needs none and the user left it unchanged.
//   - AllocateLoadBalancerNodePorts and LoadBalancerClass: cleared on a
//     change away from LoadBalancer when the user left them unchanged.
//   - ExternalTrafficPolicy: cleared when the new Service is no longer
//     externally accessible and the user left it unchanged.
//
// UID and CreationTimestamp are copied from old. The result does not alias updated's slices. What
// sim must release is Released(old, PrepareUpdate(old, updated)).
func PrepareUpdate(old, updated Service) Service {
	return prepareUpdate(&old, updated.Clone(), updated.Ports)
}

// PrepareUpdateWithDefaults is PrepareUpdate(old, updated.WithDefaults()),
// the update as the apiserver receives it (defaulted, then patched), with
// one copy of updated instead of two.
func PrepareUpdateWithDefaults(old, updated Service) Service {
	return prepareUpdate(&old, updated.WithDefaults(), updated.Ports)
}

// prepareUpdate is PrepareUpdate on n, a copy of the update that it
// changes in place (old is only read); given are the update's ports as
// the user gave them (defaulting does not touch their node ports), whose
// node ports an unset one may not take over.
func prepareUpdate(old *Service, n Service, given []Port) Service {
	normalizeClusterIPs(&n, old)
	n.UID, n.CreationTimestamp = old.UID, old.CreationTimestamp
	oldExt, newExt := effectiveType(old.Type) == ExternalName, effectiveType(n.Type) == ExternalName
	if !oldExt && !newExt {
		if !n.ClusterIP.IsValid() && !n.Headless {
			n.ClusterIP, n.Headless = old.ClusterIP, old.Headless
		}
		if len(n.ClusterIPs) == 0 && !n.Headless && len(old.ClusterIPs) > 0 {
			n.ClusterIPs = slices.Clone(old.ClusterIPs)
		}
	}
	if newExt && !oldExt {
		if n.ClusterIP == old.ClusterIP && n.Headless == old.Headless && slices.Equal(n.ClusterIPs, old.ClusterIPs) {
			n.ClusterIP, n.Headless, n.ClusterIPs = netip.Addr{}, false, nil
		}
		if slices.Equal(n.IPFamilies, old.IPFamilies) {
			n.IPFamilies = nil
		}
		if n.IPFamilyPolicy == old.IPFamilyPolicy {
			n.IPFamilyPolicy = ""
		}
	}
	if ShouldAllocateNodePorts(old) && ShouldAllocateNodePorts(&n) {
		for i := range n.Ports {
			p := &n.Ports[i]
			if p.NodePort != 0 {
				continue
			}
			if j := slices.IndexFunc(old.Ports, func(q Port) bool { return q.Name == p.Name }); j >= 0 &&
				!slices.ContainsFunc(given, func(q Port) bool { return q.NodePort == old.Ports[j].NodePort }) {
				p.NodePort = old.Ports[j].NodePort
			}
		}
	}
	if NeedsNodePorts(old) && !NeedsNodePorts(&n) && sameNodePorts(old.Ports, n.Ports) {
		for i := range n.Ports {
			n.Ports[i].NodePort = 0
		}
	}
	if NeedsLoadBalancerIP(old) && NeedsLoadBalancerIP(&n) && !n.LoadBalancerIP.IsValid() {
		n.LoadBalancerIP = old.LoadBalancerIP
	}
	if !NeedsLoadBalancerIP(&n) {
		n.LoadBalancerIP = netip.Addr{}
	}
	if NeedsHealthCheck(old) && NeedsHealthCheck(&n) && n.HealthCheckNodePort == 0 {
		n.HealthCheckNodePort = old.HealthCheckNodePort
	}
	if NeedsHealthCheck(old) && !NeedsHealthCheck(&n) && n.HealthCheckNodePort == old.HealthCheckNodePort {
		n.HealthCheckNodePort = 0
	}
	if effectiveType(old.Type) == LoadBalancer && effectiveType(n.Type) != LoadBalancer {
		if a, b := old.AllocateLoadBalancerNodePorts, n.AllocateLoadBalancerNodePorts; a != nil && b != nil && *a == *b {
			n.AllocateLoadBalancerNodePorts = nil
		}
		if n.LoadBalancerClass == old.LoadBalancerClass {
			n.LoadBalancerClass = ""
		}
	}
	if ExternallyAccessible(old) && !ExternallyAccessible(&n) && n.ExternalTrafficPolicy == old.ExternalTrafficPolicy {
		n.ExternalTrafficPolicy = ""
	}
	return n
}

// sameNodePorts reports whether every node port of the new Service is one
// the old Service held: the user added none (upstream's sameNodePorts,
// oldPorts.IsSuperset(newPorts); ports may be renumbered or shuffled).
func sameNodePorts(old, updated []Port) bool {
	for _, p := range updated {
		if p.NodePort != 0 && !slices.ContainsFunc(old, func(q Port) bool { return q.NodePort == p.NodePort }) {
			return false
		}
	}
	return true
}

// Freed lists what an update gives back to the allocators.
type Freed struct {
	ClusterIPs     []netip.Addr // old cluster IPs the new Service does not hold (a change to ExternalName, a downgrade)
	NodePorts      []int32      // old node ports (health-check port included) the new Service does not hold
	LoadBalancerIP netip.Addr   // zero if kept
}

// holdsNodePort reports whether s holds node port np, as a port's node
// port or as its health-check node port.
func holdsNodePort(s Service, np int32) bool {
	return s.HealthCheckNodePort == np || slices.ContainsFunc(s.Ports, func(p Port) bool { return p.NodePort == np })
}

// Released returns what sim must release when old is replaced by prepared
// (the result of PrepareUpdate): the old cluster IPs the new does not hold
// (a change to ExternalName, a secondary dropped by a downgrade), node ports no longer held, and the old
// load-balancer address if it changed.
func Released(old, prepared Service) Freed {
	var f Freed
	kept := pluralIPs(&prepared)
	for _, ip := range pluralIPs(&old) {
		if !slices.Contains(kept, ip) {
			f.ClusterIPs = append(f.ClusterIPs, ip)
		}
	}
	for _, q := range old.Ports {
		if q.NodePort != 0 && !holdsNodePort(prepared, q.NodePort) && !slices.Contains(f.NodePorts, q.NodePort) {
			f.NodePorts = append(f.NodePorts, q.NodePort)
		}
	}
	if hc := old.HealthCheckNodePort; hc != 0 && !holdsNodePort(prepared, hc) && !slices.Contains(f.NodePorts, hc) {
		f.NodePorts = append(f.NodePorts, hc)
	}
	if old.LoadBalancerIP.IsValid() && old.LoadBalancerIP != prepared.LoadBalancerIP {
		f.LoadBalancerIP = old.LoadBalancerIP
	}
	return f
}

// ValidateUpdate checks an update of old to updated as ValidateServiceUpdate
// does (kubernetes pkg/apis/core/validation/validation.go), in its order:
// namespace, name and UID (a nil UID means unchanged) are immutable
// ("field is immutable"; the name's format was checked on create) and the
// labels and annotations valid (ValidateObjectMetaUpdate); clusterIPs[0]
// and ipFamilies[0] may not change, including a switch between headless
// and an IP, unless either side is ExternalName
// (validateUpgradeDowngradeClusterIPs, validateUpgradeDowngradeIPFamilies);
// the load-balancer class is immutable while both are LoadBalancer; the
// health-check node port while both need one; then updated's spec is
// validated (validateService). A message already reported is not repeated,
// as field.ErrorList.ToAggregate drops it. Pass the result of
// PrepareUpdate as updated so that unset allocated fields count as
// unchanged. Errors wrap ErrInvalid.
func ValidateUpdate(old, updated Service) error {
	var v validator
	if pod.NamespaceOrDefault(old.Namespace) != pod.NamespaceOrDefault(updated.Namespace) {
		v.add("metadata.namespace", pod.ErrorTypeInvalid, updated.Namespace, "field is immutable")
	}
	if old.Name != updated.Name {
		v.add("metadata.name", pod.ErrorTypeInvalid, updated.Name, "field is immutable")
	}
	if updated.UID != uuid.Nil && old.UID != updated.UID {
		v.add("metadata.uid", pod.ErrorTypeInvalid, updated.UID, "field is immutable")
	}
	v.meta(&updated)
	v.upgradeDowngrade(withPlural(&old), withPlural(&updated))
	v.loadBalancerClass(&old, &updated, effectiveType(updated.Type))
	if NeedsHealthCheck(&old) && NeedsHealthCheck(&updated) && old.HealthCheckNodePort != updated.HealthCheckNodePort {
		v.add("spec.healthCheckNodePort", pod.ErrorTypeForbidden, nil, "field is immutable")
	}
	for _, e := range updated.validate(&old) {
		if !slices.ContainsFunc(v.errs, func(f *pod.FieldError) bool { return f.Error() == e.Error() }) {
			v.errs = append(v.errs, e)
		}
	}
	return v.named(&updated)
}
