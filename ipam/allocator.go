package ipam

import (
	"encoding/binary"
	"iter"
	"net/netip"
	"strconv"
)

// Allocator hands out the addresses of one IPv4 or IPv6 prefix, like
// kube-apiserver's ClusterIP allocator (pkg/registry/core/service/
// ipallocator/ipallocator.go, the IPAddress-object allocator):
//
//   - IPv4 never hands out the network or the broadcast address, so a prefix
//     with 2^h addresses has 2^h−2 usable ones (a /30 has .1 and .2; a /31 or
//     /32 has none).
//   - IPv6 only excludes the network address: 2^h−1 usable, the all-ones
//     address included (a /127 has one, a /128 none).
//   - IPv6 prefixes shorter than /64 are rejected, as upstream; a /64 has
//     Size() == 2^64−1 and memory grows with the addresses in use, not with
//     the range.
//
// The default order is random with KEP-3070's static/dynamic bands (see
// WithSeed); Sequential gives CNI host-local's round-robin order.
//
// The zero Allocator has an empty range (Allocate returns ErrFull); use New.
// An Allocator is not safe for concurrent use.
type Allocator struct {
	prefix netip.Prefix // its family is the allocator's (is4), its address the network's (base)
	s      space
}

// New returns an empty allocator over prefix. It rejects an invalid prefix,
// one with host bits set (prefix != prefix.Masked()), an IPv4-mapped IPv6
// prefix and an IPv6 prefix shorter than /64 with a *RangeError wrapping ErrInvalidRange. A prefix
// without usable addresses (IPv4 /31, /32, IPv6 /128) is accepted: Size is 0
// and Allocate returns ErrFull, as upstream's TestAllocateTiny.
func New(prefix netip.Prefix, opts ...Option) (*Allocator, error) {
	a := new(Allocator)
	if err := a.init(prefix, opts); err != nil {
		return nil, err
	}
	return a, nil
}

// init makes a the empty allocator New(prefix, opts...) returns, in place.
func (a *Allocator) init(prefix netip.Prefix, opts []Option) error {
	size, err := Usable(prefix)
	if err != nil {
		return err
	}
	*a = Allocator{prefix: prefix}
	a.s.init(size, addrOffset(prefix.Addr().BitLen()-prefix.Bits()), opts)
	return nil
}

// Usable returns the Size of an allocator over prefix, or the error New
// returns for it, without making the allocator: a caller that only needs
// to know that a range has addresses to hand out allocates nothing.
func Usable(prefix netip.Prefix) (uint64, error) {
	if !prefix.IsValid() {
		return 0, &RangeError{Range: prefix.String(), Reason: "not a valid prefix"}
	}
	if m := prefix.Masked(); prefix != m {
		return 0, &RangeError{Range: prefix.String(), Reason: "host bits are set (the network is " + m.String() + ")"}
	}
	if prefix.Addr().Is4In6() {
		return 0, &RangeError{Range: prefix.String(), Reason: "IPv4-mapped IPv6 prefix; use the IPv4 form"}
	}
	is4, hostBits := prefix.Addr().Is4(), prefix.Addr().BitLen()-prefix.Bits()
	if !is4 && hostBits > 64 {
		return 0, &RangeError{Range: prefix.String(), Reason: "shortest allowed prefix length for an IPv6 range is 64"}
	}
	return usableAddrs(is4, hostBits), nil
}

// usableAddrs is upstream's hostsPerNetwork: 2^h−2 for IPv4, 2^h−1 for
// IPv6, never below 0. hostBits is at most 64.
func usableAddrs(is4 bool, hostBits int) uint64 {
	if hostBits == 64 {
		return ^uint64(0) // 2^64−1: IPv6 /64
	}
	n := uint64(1) << hostBits
	if is4 {
		if n < 2 {
			return 0
		}
		return n - 2
	}
	return n - 1
}

// addrOffset is upstream's calculateRangeOffset for ClusterIPs (KEP-3070):
// with size the full prefix size, 0 when size <= 16, else size/16 clamped to
// [16, 256]. The lower band is the first offset usable addresses.
func addrOffset(hostBits int) uint64 {
	const lo, hi, step = 16, 256, 16
	if hostBits > 12 {
		return hi // size/16 >= 512: capped (and avoids 2^64 overflow)
	}
	size := uint64(1) << hostBits
	if size <= 16 {
		return 0
	}
	return min(max(size/step, lo), hi)
}

// is4 reports whether the allocator hands out IPv4 addresses.
func (a *Allocator) is4() bool { return a.prefix.Addr().Is4() }

// addr returns the address with index i (index 0 is the network address + 1).
func (a *Allocator) addr(i uint64) netip.Addr {
	if a.is4() {
		b := a.prefix.Addr().As4()
		binary.BigEndian.PutUint32(b[:], binary.BigEndian.Uint32(b[:])+1+uint32(i))
		return netip.AddrFrom4(b)
	}
	b := a.prefix.Addr().As16() // the upper 64 bits are every address's
	binary.BigEndian.PutUint64(b[8:], binary.BigEndian.Uint64(b[8:])+1+i)
	return netip.AddrFrom16(b)
}

// index returns the index of ip, or false if ip is not a usable address.
func (a *Allocator) index(ip netip.Addr) (uint64, bool) {
	if !a.prefix.Contains(ip) {
		return 0, false
	}
	var v, base uint64 // ip and the network address (IPv6: their lower 64 bits)
	if a.is4() {
		b, n := ip.As4(), a.prefix.Addr().As4()
		v, base = uint64(binary.BigEndian.Uint32(b[:])), uint64(binary.BigEndian.Uint32(n[:]))
	} else {
		b, n := ip.As16(), a.prefix.Addr().As16()
		v, base = binary.BigEndian.Uint64(b[8:]), binary.BigEndian.Uint64(n[8:])
	}
	i := v - base - 1 // the network address wraps to 2^64−1 >= Size
	return i, i < a.s.size
}

// Allocate hands out a free address in the configured order, or returns
// ErrFull ("range is full") when none is left.
func (a *Allocator) Allocate() (netip.Addr, error) {
	i, ok := a.s.alloc()
	if !ok {
		return netip.Addr{}, ErrFull
	}
	return a.addr(i), nil
}

// AllocateOffset is Allocate for a caller that holds addresses as offsets
// above the prefix's network address (1 is the first usable one, as in
// AllocatedAt): it returns the offset of the address it hands out, without
// forming the address.
func (a *Allocator) AllocateOffset() (uint64, error) {
	i, ok := a.s.alloc()
	if !ok {
		return 0, ErrFull
	}
	return i + 1, nil
}

// AllocateAddr marks ip as used. Either band may be requested (static
// requests are never refused because of the band). It returns an
// *AddrError wrapping ErrNotInRange when ip is outside the prefix or is the
// network or IPv4 broadcast address, and one wrapping ErrAllocated when ip
// is already in use. In Sequential mode the next Allocate continues after ip.
func (a *Allocator) AllocateAddr(ip netip.Addr) error {
	i, ok := a.index(ip)
	if !ok {
		return &AddrError{Addr: ip, Range: a.prefix, Err: ErrNotInRange}
	}
	if !a.s.take(i, true) {
		return &AddrError{Addr: ip, Range: a.prefix, Err: ErrAllocated}
	}
	return nil
}

// Release frees ip, which either order may hand out again at once (there is
// no quarantine). Releasing a free or out-of-range address does nothing, as
// upstream; the error is always nil.
func (a *Allocator) Release(ip netip.Addr) error {
	if i, ok := a.index(ip); ok {
		a.s.release(i)
	}
	return nil
}

// ReleaseOffset is Release of the address off above the prefix's network
// address (AllocateOffset's offsets), without forming it. An offset outside
// the usable addresses does nothing.
func (a *Allocator) ReleaseOffset(off uint64) {
	if i := off - 1; i < a.s.size { // the network address wraps to 2^64−1 >= Size
		a.s.release(i)
	}
}

// LowestFree returns the lowest free address (MetalLB's order), or the
// zero Addr when none is left, in O(log size): it allocates nothing.
func (a *Allocator) LowestFree() netip.Addr {
	if a.s.used >= a.s.size {
		return netip.Addr{}
	}
	i, ok := a.s.lowestFree()
	if !ok {
		return netip.Addr{}
	}
	return a.addr(i)
}

// Allocated reports whether ip is in use.
func (a *Allocator) Allocated(ip netip.Addr) bool {
	i, ok := a.index(ip)
	return ok && a.s.has(i)
}

// AllocatedAt reports whether the address off above the prefix's network
// address is in use: Allocated of that address, for a caller that holds
// addresses as offsets (1 is the first usable one), without forming it.
func (a *Allocator) AllocatedAt(off uint64) bool {
	i := off - 1 // the network address wraps to 2^64−1 >= Size
	return i < a.s.size && a.s.has(i)
}

// Size returns the number of usable addresses (2^h−2 for IPv4, 2^h−1 for
// IPv6).
func (a *Allocator) Size() uint64 { return a.s.size }

// Used returns the number of addresses in use.
func (a *Allocator) Used() uint64 { return a.s.used }

// Free returns the number of usable addresses not in use, Size() − Used().
func (a *Allocator) Free() uint64 { return a.s.size - a.s.used }

// Prefix returns the prefix the allocator was built with.
func (a *Allocator) Prefix() netip.Prefix { return a.prefix }

// StaticBand returns the number of addresses in the lower (static) band,
// base+1 .. base+StaticBand(), which random allocation uses only once the
// upper band is full (KEP-3070). It is 0 for Sequential allocators and for
// prefixes of at most 16 addresses.
func (a *Allocator) StaticBand() uint64 { return a.s.offset }

// All yields the addresses in use in ascending order. The allocator must not
// be changed during the iteration.
func (a *Allocator) All() iter.Seq[netip.Addr] {
	return func(yield func(netip.Addr) bool) {
		a.s.each(func(i uint64) bool { return yield(a.addr(i)) })
	}
}

// String returns e.g. "10.96.0.0/12: 3/1048574 used".
func (a *Allocator) String() string {
	return a.prefix.String() + ": " + strconv.FormatUint(a.s.used, 10) + "/" +
		strconv.FormatUint(a.s.size, 10) + " used"
}
