package sim

// A copy-free Resolve: for a test that, after every step, checks that a
// Service's name still answers its ClusterIP, where Resolve's new slice
// would be a good part of the cost.

import (
	"net/netip"

	"github.com/svcsim/svcsim/pod"
)

// AppendResolve appends to dst the addresses name resolves to for a pod
// in namespace ("" means default), as Resolve returns them, and returns
// the extended slice; on an error, Resolve's, dst is returned unchanged.
// A Service's bare name from its namespace, the common lookup, allocates
// nothing into a dst with room for its address; pass the slice of the
// previous call, emptied, to read again:
//
//	addrs, err = c.AppendResolve(addrs[:0], "", "web")
func (c *Cluster) AppendResolve(dst []netip.Addr, namespace, name string) (_ []netip.Addr, rerr error) {
	defer func() { rerr = simError(rerr) }()
	ns := pod.NamespaceOrDefault(namespace)
	// Resolve's fast path: ServiceAddr answers what the search answers
	// at its first candidate with that one address.
	if ip, ok := c.resolver.ServiceAddr(ns, name); ok {
		return append(dst, ip), nil
	}
	addrs, err := c.resolver.Resolve(ns, name)
	if err != nil {
		return dst, discoveryError("resolve", namespace, name, err)
	}
	return append(dst, addrs...), nil
}
