package dns

import (
	"net/netip"
)

// Defaults of the kubeadm cluster DNS set-up.
const (
	// DefaultDomain is the cluster domain (kubelet --cluster-domain).
	DefaultDomain = "cluster.local"
	// Ndots is the ndots option the kubelet writes for ClusterFirst pods
	// (defaultDNSOptions in pkg/kubelet/network/dns/dns.go).
	Ndots = 5
	// TTL is the record TTL of kubeadm's Corefile (`ttl 30`); the plugin's
	// own default is 5 s.
	TTL = 30
	// MaxCNAMEChain bounds how many in-cluster CNAMEs a lookup follows
	// (CoreDNS's backend_lookup stops after 8); a longer chain or a loop is
	// NXDOMAIN here.
	MaxCNAMEChain = 8
)

// Resolver is the cluster DNS server and a pod's stub resolver in one.
// Domain is the cluster domain ("" means DefaultDomain), View the cluster.
type Resolver struct {
	Domain string
	View   View
}

// SRV is one SRV record.
type SRV struct {
	Target   string // FQDN, no trailing dot
	Port     uint16
	Priority uint16
	Weight   uint16
}

// Attempt is one query the stub resolver sent, and its outcome.
type Attempt struct {
	Name   string // absolute name, no trailing dot
	Result error  // nil for an answer, else wraps ErrNXDomain or ErrNoData
}

// String returns "name NXDOMAIN", "name NODATA" or "name ok".
func (a Attempt) String() string {
	panic("unimplemented")
}

// Answer is the outcome of a stub-resolver lookup.
type Answer struct {
	Name   string       // the absolute name that answered (before CNAMEs), no trailing dot
	CNAMEs []string     // CNAME targets followed, in order, no trailing dot
	Addrs  []netip.Addr // A/AAAA answers (Lookup); sorted
	SRV    []SRV        // SRV answers (LookupSRV); sorted
	Tried  []Attempt    // every query sent, in order
}

// Canonical returns the final name: the last CNAME target or Name.
func (a Answer) Canonical() string {
	if len(a.CNAMEs) > 0 {
		return a.CNAMEs[len(a.CNAMEs)-1]
	}
	return a.Name
}

// SearchList returns the search list of a ClusterFirst pod in namespace
// (generateSearchesForDNSClusterFirst): <ns>.svc.<zone> svc.<zone> <zone>.
func (r *Resolver) SearchList(namespace string) []string {
	panic("unimplemented")
}

// Lookup resolves name (A/AAAA) as a pod in namespace would.
func (r *Resolver) Lookup(namespace, name string) (Answer, error) {
	panic("unimplemented")
}

// Resolve returns the addresses of name as seen from namespace.
func (r *Resolver) Resolve(namespace, name string) ([]netip.Addr, error) {
	a, err := r.Lookup(namespace, name)
	return a.Addrs, err
}

// LookupCNAME returns the canonical name of name, no trailing dot.
func (r *Resolver) LookupCNAME(namespace, name string) (string, error) {
	panic("unimplemented")
}

// LookupSRV resolves SRV records of name (e.g. "_http._tcp.web") with the
// search path.
func (r *Resolver) LookupSRV(namespace, name string) ([]SRV, error) {
	panic("unimplemented")
}
