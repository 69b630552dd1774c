package sim

// Pod IP helpers: the pod-by-IP key and each node's host-local addresses.

import (
	"encoding/binary"
	"net/netip"

	"github.com/svcsim/svcsim/ipam"
)

// Pod IPs are kept as (node, offset in the node's pod CIDR): node i owns
// the i-th /24 (IPv4) or /64 (IPv6) of the cluster's pod CIDR, as the node
// IPAM controller hands them out in node order, so the pair is lossless and
// fits a uint64 key.

func halves(ip netip.Addr) (hi, lo uint64) {
	b := ip.As16()
	return binary.BigEndian.Uint64(b[:8]), binary.BigEndian.Uint64(b[8:])
}

// podIPAt returns the address at offset off of node n's pod CIDR.
func (c *Cluster) podIPAt(n int32, off uint32) netip.Addr { return addrAt(c.cfg.PodCIDR, n, off) }

// On a dual-stack cluster node n also owns the n-th node CIDR of the
// secondary pod CIDR, and a pod's secondary address has the offset of its
// primary one there: the lockstep of two host-local ranges on one node,
// each handing out .2, .3, … (::2, ::3, …) in the same order. A node's
// IPv4 range wraps after 253 addresses while an IPv6 /64 would go on; the
// offsets then stay paired (svcsim keeps one cursor per node), and an
// IPv6 primary range is cut to the IPv4 one's offsets (nodeAllocator).

// initNodeAllocator makes a, in place (the node record holds it), the
// host-local allocator of a node's primary pod CIDR. On a dual-stack
// cluster with an IPv6 primary and an IPv4 secondary family, the primary
// range is cut to the offsets an IPv4 /24 offers (.2 to .254: a /120
// whose last address is held), so that the secondary address at the same
// offset is always an IPv4 host address of the node.
func (c *Cluster) initNodeAllocator(a *ipam.Allocator, cidr netip.Prefix) error {
	if !c.cfg.dualStack() || cidr.Addr().Is4() || !c.cfg.SecondaryPodCIDR.Addr().Is4() {
		return a.InitHostLocal(cidr)
	}
	sub := netip.PrefixFrom(cidr.Addr(), 120)
	if err := a.InitHostLocal(sub); err != nil {
		return err
	}
	return a.AllocateAddr(addrAt(sub, 0, 255))
}

// reservedPerNode is what a node's allocator holds besides its pods: the
// gateway, and the cut range's last address (nodeAllocator).
func (c *Cluster) reservedPerNode() uint64 {
	if c.cfg.dualStack() && c.cfg.PodCIDR.Addr().Is6() && c.cfg.SecondaryPodCIDR.Addr().Is4() {
		return 2
	}
	return 1
}

// secondaryIPAt returns the secondary-family address at offset off of
// node n's secondary pod CIDR.
func (c *Cluster) secondaryIPAt(n int32, off uint32) netip.Addr {
	return addrAt(c.cfg.SecondaryPodCIDR, n, off)
}

// nodeCIDRAt returns node n's pod CIDR within the cluster CIDR p.
func nodeCIDRAt(p netip.Prefix, n int32) netip.Prefix {
	return netip.PrefixFrom(addrAt(p, n, 0), nodeMaskBits(p))
}

// addrAt returns the address at offset off of node n's block of the
// cluster CIDR p (the n-th /24 for IPv4, /64 for IPv6).
func addrAt(p netip.Prefix, n int32, off uint32) netip.Addr {
	base := p.Addr()
	if base.Is4() {
		b := base.As4()
		u := binary.BigEndian.Uint32(b[:]) + uint32(n)<<8 + off
		binary.BigEndian.PutUint32(b[:], u)
		return netip.AddrFrom4(b)
	}
	hi, _ := halves(base)
	var b [16]byte
	binary.BigEndian.PutUint64(b[:8], hi+uint64(n))
	binary.BigEndian.PutUint64(b[8:], uint64(off))
	return netip.AddrFrom16(b)
}

// podIPKey returns the node and offset of a pod-CIDR address (of either
// family), ok false for an address outside the node CIDRs.
func (c *Cluster) podIPKey(ip netip.Addr) (n int32, off uint32, ok bool) {
	p := c.cfg.PodCIDR
	if !p.Contains(ip) {
		if !c.cfg.SecondaryPodCIDR.IsValid() || !c.cfg.SecondaryPodCIDR.Contains(ip) {
			return 0, 0, false
		}
		p = c.cfg.SecondaryPodCIDR
	}
	if ip.Is4() {
		b, base := ip.As4(), p.Addr().As4()
		d := binary.BigEndian.Uint32(b[:]) - binary.BigEndian.Uint32(base[:])
		n, off = int32(d>>8), d&0xff
	} else {
		hi, lo := halves(ip)
		bhi, _ := halves(p.Addr())
		if lo > 0xffffffff {
			return 0, 0, false
		}
		n, off = int32(hi-bhi), uint32(lo)
	}
	if int(n) >= len(c.nodes) {
		return 0, 0, false
	}
	return n, off, true
}

func ipKey(n int32, off uint32) uint64 { return uint64(n)<<32 | uint64(off) }

// podIPs returns pod i's IPs, one per family, the primary first (nil
// before it started).
func (c *Cluster) podIPs(i int32) []netip.Addr {
	p := c.pod(i)
	if p.ipOff == 0 {
		return nil
	}
	if !c.cfg.SecondaryPodCIDR.IsValid() {
		return []netip.Addr{c.podIPAt(p.node, p.ipOff)}
	}
	return []netip.Addr{c.podIPAt(p.node, p.ipOff), c.secondaryIPAt(p.node, p.ipOff)}
}

// secondaryOf returns the secondary address paired with the primary pod
// IP ip (zero for zero, or on a single-stack cluster).
func (c *Cluster) secondaryOf(ip netip.Addr) netip.Addr {
	if !ip.IsValid() || !c.cfg.SecondaryPodCIDR.IsValid() {
		return netip.Addr{}
	}
	n, off, ok := c.podIPKey(ip)
	if !ok {
		return netip.Addr{}
	}
	return c.secondaryIPAt(n, off)
}

// podIP returns pod i's IP (zero before it started).
func (c *Cluster) podIP(i int32) netip.Addr { return c.ipOf(c.pod(i)) }

// ipOf is podIP of the pod of record p.
func (c *Cluster) ipOf(p *podRec) netip.Addr {
	if p.ipOff == 0 {
		return netip.Addr{}
	}
	return c.podIPAt(p.node, p.ipOff)
}
