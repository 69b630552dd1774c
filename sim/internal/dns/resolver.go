package dns

import (
	"errors"
	"fmt"
	"net/netip"
	"strings"

	"github.com/svcsim/svcsim/service"
)

// Defaults of the kubeadm cluster DNS set-up.
const (
	// DefaultDomain is the cluster domain (kubelet --cluster-domain).
	DefaultDomain = service.DefaultClusterDomain
	// Ndots is the ndots option the kubelet writes for ClusterFirst pods
	// (defaultDNSOptions in pkg/kubelet/network/dns/dns.go).
	Ndots = 5
	// TTL is the record TTL of kubeadm's Corefile (`ttl 30`); the plugin's
	// own default is 5 s. The simulated resolver does not cache, so it only
	// documents what a real client would see.
	TTL = 30
	// MaxCNAMEChain bounds how many CNAMEs one lookup follows (CoreDNS's
	// backend_lookup gives up after 8); a longer chain or a loop is NXDOMAIN.
	MaxCNAMEChain = 8
)

// Resolver is the cluster DNS server (CoreDNS with kubeadm's Corefile) and a
// ClusterFirst pod's stub resolver in one. View reads the cluster. A
// Resolver keeps no state between calls.
type Resolver struct {
	View View
	zone string // the cluster domain as names carry it (NewResolver)
}

// NewResolver returns the Resolver of the cluster domain domain ("" means
// DefaultDomain), reading the cluster through view. The domain is
// normalised here, once: lowercase, without a trailing dot.
func NewResolver(domain string, view View) *Resolver {
	zone := strings.ToLower(strings.TrimSuffix(domain, "."))
	if zone == "" {
		zone = DefaultDomain
	}
	return &Resolver{View: view, zone: zone}
}

// SRV is one SRV record (RFC 2782). Package sim exports this type as
// sim.SRV.
type SRV struct {
	Target   string // FQDN, no trailing dot
	Port     uint16
	Priority uint16
	Weight   uint16
}

// Attempt is one query the stub resolver sent, and its outcome.
type Attempt struct {
	Name   string   // absolute name, no trailing dot
	CNAMEs []string // CNAMEs followed from Name
	Result error    // nil for an answer, else wraps ErrNXDomain or ErrNoData
}

// String returns "<name> NXDOMAIN", "<name> NODATA" or "<name> ok", with
// the CNAMEs followed in between: "ext.prod.svc.cluster.local CNAME
// example.com NXDOMAIN".
func (a Attempt) String() string {
	s := a.Name
	for _, c := range a.CNAMEs {
		s += " CNAME " + c
	}
	switch {
	case a.Result == nil:
		return s + " ok"
	case isNoData(a.Result):
		return s + " NODATA"
	}
	return s + " NXDOMAIN"
}

// Answer is the outcome of a stub-resolver lookup.
type Answer struct {
	Name   string       // the absolute name that answered (before CNAMEs), no trailing dot
	CNAMEs []string     // CNAME targets followed, in order, no trailing dot
	Addrs  []netip.Addr // addresses (Lookup), sorted
	SRV    []SRV        // SRV records (LookupSRV), sorted by priority, target, port
	Tried  []Attempt    // every search candidate tried, in order
}

// Canonical returns the final name: the last CNAME target, or Name.
func (a Answer) Canonical() string {
	if len(a.CNAMEs) > 0 {
		return a.CNAMEs[len(a.CNAMEs)-1]
	}
	return a.Name
}

// Explain returns the attempts as one line, e.g.
// "web.svc.cluster.local NXDOMAIN; web.prod.svc.cluster.local ok".
func (a Answer) Explain() string {
	parts := make([]string, len(a.Tried))
	for i, t := range a.Tried {
		parts[i] = t.String()
	}
	return strings.Join(parts, "; ")
}

// Lookup resolves name to addresses (A and AAAA) as a ClusterFirst pod in
// namespace does: an IP literal is itself; otherwise the candidates are tried
// in glibc's order until one answers (a name ending in a dot only as is; one
// with fewer than Ndots dots with each SearchList suffix, then as is; one
// with Ndots or more dots as is first, then with the suffixes), CNAMEs of
// ExternalName Services are followed inside the cluster domain (a target
// outside it is NXDOMAIN: there is no outside world), and when none answers
// the error is the first attempt's if the name was tried as is first, else
// ErrNoData if some candidate gave NODATA, else ErrNXDomain (res_nsearch).
func (r *Resolver) Lookup(namespace, name string) (Answer, error) {
	if ip, ok := parseIP(name); ok {
		return Answer{Name: name, Addrs: []netip.Addr{ip}}, nil
	}
	return r.search(namespace, name, qAddr)
}

// parseIP parses name as an IP address when it can be one: an IPv4
// address starts with a digit, an IPv6 one holds a colon. Other names are
// not tried, so they cost no parse error.
func parseIP(name string) (netip.Addr, bool) {
	if name == "" || (name[0] < '0' || name[0] > '9') && !strings.Contains(name, ":") {
		return netip.Addr{}, false
	}
	ip, err := netip.ParseAddr(name)
	return ip, err == nil
}

// Resolve returns the addresses of name as seen from namespace (Lookup).
func (r *Resolver) Resolve(namespace, name string) ([]netip.Addr, error) {
	a, err := r.Lookup(namespace, name)
	return a.Addrs, err
}

// LookupCNAME returns the canonical name of name as Go's
// net.Resolver.LookupCNAME does, without the trailing dot: for an
// ExternalName Service its externalName (after following further in-cluster
// CNAMEs), for any other name that has records the absolute name that
// answered. An IP literal is NXDOMAIN.
func (r *Resolver) LookupCNAME(namespace, name string) (string, error) {
	if _, ok := parseIP(name); ok {
		return "", fmt.Errorf("%w: %s: an IP address has no canonical name", ErrNXDomain, name)
	}
	a, err := r.search(namespace, name, qCNAME)
	if err != nil {
		return "", err
	}
	return a.Canonical(), nil
}

// LookupSRV resolves SRV records of name (e.g. "_http._tcp.web") with the
// search path, as Go's net.LookupSRV("", "", name) does, but sorted
// deterministically (priority, target, port) instead of shuffled by weight.
// Priority is 0 and weight floor(100/n) (CoreDNS).
func (r *Resolver) LookupSRV(namespace, name string) ([]SRV, error) {
	a, err := r.search(namespace, name, qSRV)
	return a.SRV, err
}

// search runs res_nsearch over the candidates of name.
func (r *Resolver) search(namespace, name string, qt qtype) (Answer, error) {
	n, absolute, err := normalize(name)
	if err != nil {
		return Answer{}, err
	}
	cands, k := candidates(n, absolute)
	a := Answer{Tried: make([]Attempt, 0, k)}
	var first error
	noData := false
	for i, c := range cands[:k] {
		cand := r.candidateName(namespace, n, c)
		cnames, resp, err := r.resolveName(cand, qt)
		a.Tried = append(a.Tried, Attempt{Name: cand, CNAMEs: cnames, Result: err})
		if err == nil {
			a.Name, a.CNAMEs, a.Addrs, a.SRV = cand, cnames, resp.addrs, resp.srv
			return a, nil
		}
		if i == 0 {
			first = err
		}
		noData = noData || isNoData(err)
	}
	asIsFirst := absolute || strings.Count(n, ".") >= Ndots
	switch {
	case asIsFirst:
		err = first
	case noData:
		err = fmt.Errorf("%w: %s (searched %s)", ErrNoData, n, a.Explain())
	default:
		err = fmt.Errorf("%w: %s (searched %s)", ErrNXDomain, n, a.Explain())
	}
	return a, err
}

// qCNAME asks for the canonical name: any record makes the name exist.
const qCNAME qtype = 255

// resolveName sends one absolute name to the server and follows CNAMEs the
// way CoreDNS does for in-zone targets (and an upstream would for others).
func (r *Resolver) resolveName(name string, qt qtype) (cnames []string, resp response, err error) {
	cur := name
	for hops := 0; ; hops++ {
		sq := qt
		if qt == qCNAME {
			sq = qAddr
		}
		resp = r.query(cur, sq)
		switch {
		case resp.rc != rcOK && qt == qCNAME && len(cnames) > 0:
			return cnames, response{}, nil // the CNAME exists; what its target holds does not matter
		case resp.rc == rcNX:
			return cnames, resp, &nameError{ErrNXDomain, cur}
		case resp.rc == rcNoData:
			return cnames, resp, &nameError{ErrNoData, cur}
		case resp.cname == "":
			return cnames, resp, nil
		}
		if hops >= MaxCNAMEChain || contains(cnames, resp.cname) || resp.cname == name {
			return cnames, response{}, fmt.Errorf("%w: %s: CNAME chain too long or looping (%s)",
				ErrNXDomain, name, strings.Join(append([]string{name}, cnames...), " → "))
		}
		cnames = append(cnames, resp.cname)
		cur = resp.cname
	}
}

// nameError is the outcome of one query that found no record: ErrNXDomain
// or ErrNoData for name, "NXDOMAIN: <name>" (built only when read).
type nameError struct {
	sentinel error
	name     string
}

func (e *nameError) Error() string { return e.sentinel.Error() + ": " + e.name }
func (e *nameError) Unwrap() error { return e.sentinel }

func contains(s []string, x string) bool {
	for _, v := range s {
		if v == x {
			return true
		}
	}
	return false
}

func isNoData(err error) bool { return errors.Is(err, ErrNoData) }
