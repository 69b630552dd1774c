// Package dns answers cluster DNS the way CoreDNS's kubernetes plugin does
// with kubeadm's default Corefile (`kubernetes cluster.local in-addr.arpa
// ip6.arpa { pods insecure }`, `ttl 30`), and resolves names the way a pod's
// stub resolver does with the resolv.conf the kubelet writes for dnsPolicy
// ClusterFirst (`search <ns>.svc.<zone> svc.<zone> <zone>`, `options
// ndots:5`, glibc's order).
//
// Use it as
//
//	r := dns.NewResolver("cluster.local", v)     // v reads the cluster
//	addrs, err := r.Resolve("prod", "web.other") // as a pod in prod
//	recs, err := r.LookupSRV("prod", "_http._tcp.web")
//	target, err := r.LookupCNAME("prod", "alias")
//	a, err := r.Lookup("prod", "web")                    // with the names tried (a.Explain())
//
// Errors wrap [ErrNXDomain], [ErrNoData] or [ErrInvalidName].
//
// Sources: kubernetes/dns docs/specification.md (schema 1.1.0); coredns
// plugin/kubernetes (parseRequest, findServices, findPods,
// endpointHostname) and plugin/backend_lookup.go (SRV weights); kubernetes
// pkg/kubelet/network/dns/dns.go (search list); glibc res_nsearch (ndots
// order).
//
// Not modelled: PTR (reverse zones), TXT (dns-version), wildcard queries,
// `endpoint_pod_names`, resolver caching and TTLs, dnsPolicy other than ClusterFirst,
// node search domains, musl's resolver (which never searches a name with
// ndots or more dots), and any name outside the cluster domain (there is no
// upstream: NXDOMAIN).
//
// The package holds no state of its own: a Resolver reads the cluster through
// a View the caller implements. It is not safe for concurrent use unless the
// View is.
package dns
