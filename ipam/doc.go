// Package ipam hands out the addresses and ports of a Kubernetes cluster the
// way Kubernetes and CNI host-local do: Service ClusterIPs, NodePorts,
// per-node pod CIDRs and the pod IPs inside each node's CIDR.
//
//	svcIPs, err := ipam.New(netip.MustParsePrefix("10.96.0.0/12"), ipam.WithSeed(1))
//	if err != nil {
//		return err
//	}
//	ip, err := svcIPs.Allocate() // a random free ClusterIP
//	err = svcIPs.AllocateAddr(netip.MustParseAddr("10.96.0.10")) // a requested one: kube-dns
//	err = svcIPs.Release(ip) // free again
//
// The runnable examples of [New], [NewPorts], [NewSubnets] and
// [NewHostLocal] show each allocator.
//
// # Allocators
//
//   - [Allocator], from [New]: the addresses of one IPv4 or IPv6 prefix, as
//     kube-apiserver's ClusterIP allocator hands them out (kubernetes
//     pkg/registry/core/service/ipallocator/ipallocator.go): IPv4 never
//     gives the network and broadcast addresses, IPv6 only skips the
//     network address, IPv6 prefixes may be as short as /64, and KEP-3070
//     keeps a low static band for requested addresses.
//   - [PortAllocator], from [NewPorts]: a port range such as the NodePort
//     default 30000-32767 ([DefaultNodePortFirst], [DefaultNodePortLast]),
//     with KEP-3668's static band (kubernetes
//     pkg/registry/core/service/portallocator/allocator.go).
//     [ParsePortRange] reads the --service-node-port-range forms "N",
//     "min-max" and "min+offset" into a [PortRange].
//   - [SubnetAllocator], from [NewSubnets]: a cluster pod CIDR cut into
//     per-node subnets in nodeipam's round-robin order (kubernetes
//     pkg/controller/nodeipam/ipam/cidrset/cidr_set.go).
//   - [NewHostLocal]: an [Allocator] over one node's subnet in CNI
//     host-local's round-robin order, the gateway (.1) reserved
//     (containernetworking/plugins plugins/ipam/host-local).
//
// Each allocator has Allocate for the next free value, a method for a
// requested value (AllocateAddr, AllocatePort, AllocatePrefix), Release,
// Allocated, All, and the counters Size, Used and Free. An [Allocator]'s
// caller that keeps addresses as offsets above the network address (the
// simulator's pod IPs) uses [Allocator.AllocateOffset],
// [Allocator.ReleaseOffset] and [Allocator.AllocatedAt], which never form
// the address.
//
// # Order
//
// By default [Allocator] and [PortAllocator] hand out values in
// kube-apiserver's random order: a random start in the upper (dynamic)
// band, then the next free value, the lower (static) band only once the
// upper one is full. The draws come from a math/rand/v2 PCG source owned by
// the allocator and seeded by [WithSeed] (seed 0 by default), so the same
// seed and the same calls give the same values. [Sequential] selects
// host-local's round-robin order instead.
//
// # Errors
//
// Allocate returns [ErrFull]; a request for a specific value returns an
// [*AddrError], [*PortError] or [*SubnetError] wrapping [ErrAllocated] or
// [ErrNotInRange], with kube-apiserver's messages; constructors return a
// [*RangeError] wrapping [ErrInvalidRange], and [ParsePortRange] a
// [*PortRangeError]. Use errors.Is and errors.As to branch.
//
// # Cost
//
// The cost of finding a free value does not grow with how full the range
// is. On ranges of up to 2^20 values, Allocate, AllocateAddr, Release and
// Allocated do not allocate memory; on larger ones (an IPv6 /64 has 2^64−1
// addresses) memory grows with the values in use, not with the range.
//
// None of the allocators is safe for concurrent use.
package ipam
