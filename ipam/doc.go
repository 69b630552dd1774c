// Package ipam allocates Service ClusterIPs, NodePorts, per-node pod CIDRs
// and pod IPs the way Kubernetes and CNI host-local do.
//
// Index:
//
//   - Allocator (New): the addresses of one IPv4 or IPv6 prefix, with
//     kube-apiserver's usable range (IPv4 drops the network and broadcast
//     addresses, IPv6 only the network address; IPv6 up to /64) and
//     KEP-3070's static/dynamic bands.
//   - PortAllocator (NewPorts): a port range such as the NodePort default
//     30000-32767, with KEP-3668's bands. ParsePortRange reads the
//     --service-node-port-range forms "N", "min-max" and "min+offset".
//   - SubnetAllocator (NewSubnets): a cluster pod CIDR cut into per-node
//     subnets in nodeipam cidrset's round-robin order.
//   - NewHostLocal: the pod IPs of one node subnet in CNI host-local's
//     round-robin order, gateway reserved.
//
// Order. By default Allocator and PortAllocator hand out values in
// kube-apiserver's random order, drawn from a math/rand/v2 PCG source owned
// by the allocator and seeded by WithSeed (seed 0 by default), so the same
// seed and the same calls give the same values. Sequential selects
// host-local's round-robin order instead.
//
// Errors. Allocate returns ErrFull; a request for a specific value returns
// an *AddrError, *PortError or *SubnetError wrapping ErrAllocated or
// ErrNotInRange; constructors return a *RangeError wrapping ErrInvalidRange.
// Use errors.Is to branch.
//
// Cost. The free-value search works on a 64-ary summary tree of 64-bit words
// (a level-k bit is set when the word below it is full), so finding the next
// free value costs one word per level, however full the range is. Ranges of
// up to 2^20 values use slices; larger ones (an IPv6 /64 has 2^64−1
// addresses) keep the words in maps, so memory grows with the values in
// use. Allocate, AllocateAddr, Release and Allocated do not allocate memory
// on dense ranges.
//
// None of the allocators is safe for concurrent use.
package ipam
