package sim

// Pod IP helpers: the pod-by-IP key and each node's host-local addresses.

import (
	"encoding/binary"
	"net/netip"
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
func (c *Cluster) podIPAt(n int32, off uint32) netip.Addr {
	base := c.cfg.PodCIDR.Addr()
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

// podIPKey returns the node and offset of a pod-CIDR address, ok false for
// an address outside the node CIDRs.
func (c *Cluster) podIPKey(ip netip.Addr) (n int32, off uint32, ok bool) {
	p := c.cfg.PodCIDR
	if !p.Contains(ip) {
		return 0, 0, false
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

// podIP returns pod i's IP (zero before it started).
func (c *Cluster) podIP(i int32) netip.Addr {
	p := c.pod(i)
	if p.ipOff == 0 {
		return netip.Addr{}
	}
	return c.podIPAt(p.node, p.ipOff)
}
