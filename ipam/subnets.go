package ipam

import (
	"encoding/binary"
	"fmt"
	"iter"
	"net/netip"
	"strconv"
)

// Largest node-mask minus cluster-mask differences NewSubnets accepts.
// nodeipam's cidrset allows 16 bits for both families; IPv4 here allows 24
// so that a 10.128.0.0/9 cluster CIDR can be carved into the /24s of 5,000
// (up to 32,768) nodes.
const (
	MaxSubnetBitsIPv4 = 24
	MaxSubnetBitsIPv6 = 16
)

// SubnetAllocator carves a cluster pod CIDR (--cluster-cidr) into per-node
// subnets of one size (--node-cidr-mask-size), like the node IPAM
// controller's cidrset (pkg/controller/nodeipam/ipam/cidrset/cidr_set.go):
// sequential round-robin from a nextCandidate cursor that starts at index 0
// (so the first node gets the cluster CIDR's first block, e.g.
// 10.244.0.0/24), moves past each block it hands out and wraps, so a
// released block is reused only after the cursor wraps around.
//
// The zero SubnetAllocator has no subnets; use NewSubnets. A
// SubnetAllocator is not safe for concurrent use.
type SubnetAllocator struct {
	cluster netip.Prefix // its address is every subnet's but for the index bits (addrBits)
	bits    int          // node prefix length
	shift   int          // host bits of a node prefix
	s       space
}

// NewSubnets returns an empty allocator of the /bits subnets of cluster. It
// returns a *RangeError wrapping ErrInvalidRange when cluster is invalid,
// not masked or IPv4-mapped IPv6, when bits is shorter than the cluster prefix or longer than
// the address, or when bits exceeds the cluster length by more than
// MaxSubnetBitsIPv4 (IPv4) or MaxSubnetBitsIPv6 (IPv6, as upstream's
// "the node CIDR size is too big").
func NewSubnets(cluster netip.Prefix, bits int) (*SubnetAllocator, error) {
	if !cluster.IsValid() {
		return nil, &RangeError{Range: cluster.String(), Reason: "not a valid prefix"}
	}
	if m := cluster.Masked(); cluster != m {
		return nil, &RangeError{Range: cluster.String(), Reason: "host bits are set (the network is " + m.String() + ")"}
	}
	if cluster.Addr().Is4In6() {
		return nil, &RangeError{Range: cluster.String(), Reason: "IPv4-mapped IPv6 prefix; use the IPv4 form"}
	}
	is4 := cluster.Addr().Is4()
	limit := MaxSubnetBitsIPv6
	if is4 {
		limit = MaxSubnetBitsIPv4
	}
	switch diff := bits - cluster.Bits(); {
	case bits > cluster.Addr().BitLen():
		return nil, &RangeError{Range: cluster.String(), Reason: "node mask size /" + strconv.Itoa(bits) + " is longer than the address"}
	case diff < 0:
		return nil, &RangeError{Range: cluster.String(), Reason: "node mask size /" + strconv.Itoa(bits) + " is shorter than the cluster mask"}
	case diff > limit:
		return nil, &RangeError{Range: cluster.String(), Reason: fmt.Sprintf(
			"the node CIDR size /%d is too big: at most %d bits more than the cluster mask", bits, limit)}
	}
	a := &SubnetAllocator{cluster: cluster, bits: bits, shift: cluster.Addr().BitLen() - bits}
	size := uint64(1) << (bits - cluster.Bits())
	a.s.init(size, 0, []Option{Sequential()})
	return a, nil
}

// addrBits returns ip as a 128-bit number (IPv4 in the low 32 bits).
func addrBits(ip netip.Addr) (hi, lo uint64) {
	if ip.Is4() {
		b := ip.As4()
		return 0, uint64(binary.BigEndian.Uint32(b[:]))
	}
	b := ip.As16()
	return binary.BigEndian.Uint64(b[:8]), binary.BigEndian.Uint64(b[8:])
}

// prefix returns the subnet with index i.
func (a *SubnetAllocator) prefix(i uint64) netip.Prefix {
	hi, lo := addrBits(a.cluster.Addr())
	switch {
	case a.shift >= 64:
		hi |= i << (a.shift - 64)
	case a.shift == 0:
		lo |= i
	default:
		lo |= i << a.shift
		hi |= i >> (64 - a.shift)
	}
	var ip netip.Addr
	if a.cluster.Addr().Is4() {
		var b [4]byte
		binary.BigEndian.PutUint32(b[:], uint32(lo))
		ip = netip.AddrFrom4(b)
	} else {
		var b [16]byte
		binary.BigEndian.PutUint64(b[:8], hi)
		binary.BigEndian.PutUint64(b[8:], lo)
		ip = netip.AddrFrom16(b)
	}
	return netip.PrefixFrom(ip, a.bits)
}

// index returns the index of subnet p, or false unless p is one of the
// cluster CIDR's /bits subnets.
func (a *SubnetAllocator) index(p netip.Prefix) (uint64, bool) {
	if !p.IsValid() || p.Bits() != a.bits || p != p.Masked() || !a.cluster.Contains(p.Addr()) {
		return 0, false
	}
	hi, lo := addrBits(p.Addr())
	chi, clo := addrBits(a.cluster.Addr())
	hi, lo = hi^chi, lo^clo // only the index bits differ
	switch {
	case a.shift >= 64:
		return hi >> (a.shift - 64), true
	case a.shift == 0:
		return lo, true
	default:
		return lo>>a.shift | hi<<(64-a.shift), true
	}
}

// Allocate hands out the next free subnet in round-robin order. When every
// subnet is in use it returns an error wrapping ErrFull (upstream's
// ErrCIDRRangeNoCIDRsRemaining).
func (a *SubnetAllocator) Allocate() (netip.Prefix, error) {
	i, ok := a.s.alloc()
	if !ok {
		return netip.Prefix{}, fmt.Errorf("CIDR allocation failed; there are no remaining CIDRs left to allocate in the accepted range %s (%d /%d subnets): %w",
			a.cluster, a.s.size, a.bits, ErrFull)
	}
	return a.prefix(i), nil
}

// AllocatePrefix marks subnet p as used, e.g. for a node whose podCIDR is
// already set (upstream's Occupy); like Occupy it does not move the
// round-robin cursor. It returns a *SubnetError wrapping ErrNotInRange when
// p is not one of the cluster CIDR's /bits subnets, and one wrapping
// ErrAllocated when p is in use.
func (a *SubnetAllocator) AllocatePrefix(p netip.Prefix) error {
	i, ok := a.index(p)
	if !ok {
		return &SubnetError{Subnet: p, Cluster: a.cluster, Bits: a.bits, Err: ErrNotInRange}
	}
	if !a.s.take(i, false) {
		return &SubnetError{Subnet: p, Cluster: a.cluster, Bits: a.bits, Err: ErrAllocated}
	}
	return nil
}

// Release frees subnet p; releasing a free subnet does nothing. Like
// upstream's cidrset it returns a *SubnetError wrapping ErrNotInRange when p
// is not one of the cluster CIDR's /bits subnets.
func (a *SubnetAllocator) Release(p netip.Prefix) error {
	i, ok := a.index(p)
	if !ok {
		return &SubnetError{Subnet: p, Cluster: a.cluster, Bits: a.bits, Err: ErrNotInRange}
	}
	a.s.release(i)
	return nil
}

// Allocated reports whether subnet p is in use.
func (a *SubnetAllocator) Allocated(p netip.Prefix) bool {
	i, ok := a.index(p)
	return ok && a.s.has(i)
}

// Size returns the number of subnets, 2^(bits − cluster bits).
func (a *SubnetAllocator) Size() uint64 { return a.s.size }

// Used returns the number of subnets in use.
func (a *SubnetAllocator) Used() uint64 { return a.s.used }

// Free returns Size() − Used().
func (a *SubnetAllocator) Free() uint64 { return a.s.size - a.s.used }

// Cluster returns the cluster CIDR.
func (a *SubnetAllocator) Cluster() netip.Prefix { return a.cluster }

// Bits returns the node subnet prefix length.
func (a *SubnetAllocator) Bits() int { return a.bits }

// All yields the subnets in use in ascending order. The allocator must not
// be changed during the iteration.
func (a *SubnetAllocator) All() iter.Seq[netip.Prefix] {
	return func(yield func(netip.Prefix) bool) {
		a.s.each(func(i uint64) bool { return yield(a.prefix(i)) })
	}
}

// String returns e.g. "10.244.0.0/16 into /24: 3/256 used".
func (a *SubnetAllocator) String() string {
	return a.cluster.String() + " into /" + strconv.Itoa(a.bits) + ": " +
		strconv.FormatUint(a.s.used, 10) + "/" + strconv.FormatUint(a.s.size, 10) + " used"
}

// SubnetError reports a failed request for a specific subnet. Err is
// ErrAllocated or ErrNotInRange.
type SubnetError struct {
	Subnet  netip.Prefix // the requested subnet
	Cluster netip.Prefix // the cluster CIDR
	Bits    int          // the node subnet prefix length
	Err     error
}

// Error returns e.g. "subnet 10.0.0.0/24 is not in the valid range: want a
// /24 inside 10.244.0.0/16".
func (e *SubnetError) Error() string {
	if e.Err == ErrNotInRange {
		return fmt.Sprintf("subnet %s is not in the valid range: want a /%d inside %s", e.Subnet, e.Bits, e.Cluster)
	}
	return fmt.Sprintf("subnet %s: %v", e.Subnet, e.Err)
}

// Unwrap returns Err.
func (e *SubnetError) Unwrap() error { return e.Err }
