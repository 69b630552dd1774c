package sim

// Cluster DNS as a pod sees it: the pod's search path and CoreDNS's
// kubernetes plugin answers (coredns plugin/kubernetes; kubelet
// pkg/kubelet/network/dns/dns.go for the search path).

import (
	"fmt"
	"net/netip"

	"github.com/svcsim/svcsim/endpoints"
	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/service"
	"github.com/svcsim/svcsim/sim/internal/dns"
)

// SRV is one DNS SRV record, as LookupSRV returns it: Target is a fully
// qualified name without the trailing dot; Port, Priority and Weight are the
// record's (RFC 2782) uint16 fields.
type SRV = dns.SRV

// Resolve returns the addresses name resolves to for a pod in namespace (""
// means default), as the pod's resolver and CoreDNS with kubeadm's Corefile
// answer now (package dns): search list <ns>.svc.<zone>
// svc.<zone> <zone> with ndots:5 in glibc's order, case-insensitive; a
// ClusterIP Service gives its ClusterIP, a headless one its ready endpoint
// IPs, an ExternalName its CNAME target when that lies inside the cluster
// domain (the simulated cluster has no outside world); pod names
// a-b-c-d.<ns>.pod.<zone> and endpoint names <hostname>.<svc>.<ns>.svc.<zone>
// resolve too; an IP literal is itself. Addresses are sorted. DNS reads the
// endpoints controller's current slices, not kube-proxy's lagging copy.
//
// A name that does not resolve (NXDOMAIN, or NODATA such as a bare
// namespace name) wraps ErrNXDomain, naming the candidates tried; an empty
// or malformed name (empty label, label over 63 characters) wraps
// ErrInvalid.
func (c *Cluster) Resolve(namespace, name string) (_ []netip.Addr, rerr error) {
	defer func() { rerr = simError(rerr) }()
	ns := pod.NamespaceOrDefault(namespace)
	// The common lookup, a Service's bare name from its namespace, without
	// building the search's Answer: ServiceAddr answers only what the
	// search answers at its first candidate with that one address. It
	// finds a Service only in a namespace that exists, whose name the API
	// server validated as a DNS label, as it requires.
	if ip, ok := c.resolver.ServiceAddr(ns, name); ok {
		return []netip.Addr{ip}, nil
	}
	addrs, err := c.resolver.Resolve(ns, name)
	if err != nil {
		return nil, discoveryError("resolve", namespace, name, err)
	}
	return addrs, nil
}

// LookupCNAME returns the canonical name of name for a pod in namespace,
// without the trailing dot, as Go's net.Resolver.LookupCNAME: for an
// ExternalName Service its externalName (following further in-cluster
// ExternalNames), for any other name with addresses the absolute name that
// answered (web → web.default.svc.cluster.local). Errors as Resolve.
func (c *Cluster) LookupCNAME(namespace, name string) (_ string, rerr error) {
	defer func() { rerr = simError(rerr) }()
	cn, err := c.resolver.LookupCNAME(pod.NamespaceOrDefault(namespace), name)
	if err != nil {
		return "", discoveryError("lookup CNAME of", namespace, name, err)
	}
	return cn, nil
}

// LookupSRV returns the SRV records of name (e.g. "_http._tcp.web") for a
// pod in namespace, with the search path: for a ClusterIP Service one record
// per matching port targeting the Service's FQDN with the Service port; for
// a headless Service one per ready endpoint and matching port targeting
// <hostname>.<svc>.<ns>.svc.<zone> (the dashed IP when the endpoint has no
// hostname) with the endpoint's port. Unnamed ports have no _port._proto
// record, but the bare Service name answers every port (CoreDNS). Priority
// is 0 and weight floor(100/n), at least 1 (CoreDNS). Sorted by target,
// then port. Errors as Resolve.
func (c *Cluster) LookupSRV(namespace, name string) (_ []SRV, rerr error) {
	defer func() { rerr = simError(rerr) }()
	recs, err := c.resolver.LookupSRV(pod.NamespaceOrDefault(namespace), name)
	if err != nil {
		return nil, discoveryError("lookup SRV of", namespace, name, err)
	}
	out := make([]SRV, len(recs))
	copy(out, recs)
	return out, nil
}

func discoveryError(op, namespace, name string, err error) error {
	return fmt.Errorf("%s %q from namespace %s: %w", op, name, pod.NamespaceOrDefault(namespace), dnsError(err))
}

// dnsView is the cluster as the DNS resolver reads it.
type dnsView struct{ c *Cluster }

func (v dnsView) Service(namespace, name string) *service.Service {
	_, r := v.c.lookupSvc(pod.NamespaceOrDefault(namespace), name)
	if r == nil {
		return nil
	}
	return r.svc
}

func (v dnsView) AppendEndpoints(namespace, name, portName string, dst []dns.Endpoint) []dns.Endpoint {
	k := endpoints.ServiceKey{Namespace: pod.NamespaceOrDefault(namespace), Name: name}
	for _, b := range v.c.ep.AppendBackends(k, portName, nil) {
		if b.Ready {
			dst = append(dst, dns.Endpoint{IP: b.IP, Hostname: b.Hostname, Port: b.Port})
		}
	}
	return dst
}

func (v dnsView) NamespaceExists(namespace string) bool {
	_, ok := v.c.nsIdx.Get(pod.NamespaceOrDefault(namespace)) // default, and those with objects
	return ok
}

func (v dnsView) AppendAddresses(namespace, name string, dst []dns.Endpoint) []dns.Endpoint {
	seen := map[netip.Addr]bool{}
	for _, sl := range v.c.ep.Slices(pod.NamespaceOrDefault(namespace), name) {
		for _, e := range sl.Endpoints {
			if !e.Conditions.Ready {
				continue
			}
			for _, a := range e.Addresses {
				if !seen[a] {
					seen[a] = true
					dst = append(dst, dns.Endpoint{IP: a, Hostname: e.Hostname})
				}
			}
		}
	}
	return dst
}
