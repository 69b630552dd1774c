package dns

import (
	"net/netip"

	"github.com/svcsim/svcsim/service"
)

// Zone returns the cluster domain as names carry it: lowercase, without a
// trailing dot.
func (r *Resolver) Zone() string { return r.zone }

// ServiceAddr answers the common lookup without building an Answer: a
// bare lowercase label (a Service name) looked up from a pod of namespace
// whose first search candidate, <label>.<namespace>.svc.<zone>, is a
// Service with a ClusterIP and at least one port. Lookup answers that
// name on its first attempt with that single address, and ServiceAddr
// returns the address. Anything else reports false, having done nothing:
// Lookup has the answer (or the error). The Service's namespace exists
// (View), so the lookup is the Service's alone.
//
// namespace is the name of a namespace that holds the asking pod, so a
// lowercase DNS label (the API server validates namespace names as
// such): ServiceAddr does not check it again.
func (r *Resolver) ServiceAddr(namespace, label string) (netip.Addr, bool) {
	if !isLabel(label) {
		return netip.Addr{}, false
	}
	svc := r.View.Service(namespace, label)
	if svc == nil || svc.Type == service.ExternalName || svc.Headless || !svc.ClusterIP.IsValid() || len(svc.Ports) == 0 ||
		len(svc.ClusterIPs) > 1 { // dual-stack: A and AAAA, Lookup's answer

		return netip.Addr{}, false
	}
	return svc.ClusterIP, true
}

// isLabel reports whether s is one lowercase DNS label (letters, digits
// and '-', at most 63 characters): a name normalize keeps as it is and
// the search list qualifies first.
func isLabel(s string) bool {
	if s == "" || len(s) > maxLabel {
		return false
	}
	for i := range len(s) {
		if c := s[i]; (c < 'a' || c > 'z') && (c < '0' || c > '9') && c != '-' {
			return false
		}
	}
	return true
}
