package ipam

import (
	"net/netip"
	"runtime"
	"testing"
	"unsafe"
)

// An Allocator fits the 160-byte allocation size class (a cluster holds
// one per node and a few more): its family and network address are read
// from its prefix, and its bitmap tree is held inline, its short levels in
// one slice of words with no level records (a node's /24 costs the struct
// and that slice).
func TestAllocatorSize(t *testing.T) {
	if got := unsafe.Sizeof(Allocator{}); got > 160 {
		t.Errorf("Allocator is %d bytes, want at most 160", got)
	}
}

// TestZeroAllocs guards the hot paths: on dense ranges Allocate, Release,
// AllocateAddr and Allocated must not allocate.
func TestZeroAllocs(t *testing.T) {
	for _, cidr := range []string{"10.0.0.0/16", "10.96.0.0/12", "fd00::/112"} {
		a := mustNew(t, cidr, WithSeed(5))
		held := fillAllocator(t, a, 99)
		j := 0
		if n := testing.AllocsPerRun(1000, func() {
			a.Release(held[j])
			held[j], _ = a.Allocate()
			_ = a.Allocated(held[j])
			j = (j + 7919) % len(held)
		}); n != 0 {
			t.Errorf("%s: Release+Allocate+Allocated: %v allocs/op, want 0", cidr, n)
		}
		if n := testing.AllocsPerRun(1000, func() {
			ip := held[j]
			a.Release(ip)
			if err := a.AllocateAddr(ip); err != nil {
				t.Fatal(err)
			}
			j = (j + 7919) % len(held)
		}); n != 0 {
			t.Errorf("%s: Release+AllocateAddr: %v allocs/op, want 0", cidr, n)
		}
	}
	p, _ := NewPorts(30000, 32767)
	if n := testing.AllocsPerRun(1000, func() {
		x, _ := p.Allocate()
		p.Release(x)
		_ = p.AllocatePort(x)
		p.Release(x)
	}); n != 0 {
		t.Errorf("ports: %v allocs/op, want 0", n)
	}
	s := mustSubnets(t, "10.128.0.0/9", 24)
	if n := testing.AllocsPerRun(1000, func() {
		x, _ := s.Allocate()
		s.Release(x)
	}); n != 0 {
		t.Errorf("subnets: %v allocs/op, want 0", n)
	}
	h, _ := NewHostLocal(netip.MustParsePrefix("10.244.0.0/24"))
	if n := testing.AllocsPerRun(1000, func() {
		x, _ := h.Allocate()
		h.Release(x)
	}); n != 0 {
		t.Errorf("host-local: %v allocs/op, want 0", n)
	}
}

// TestEmptyAllocatorCost: memory follows the values in use. An allocator
// nothing was taken from holds its struct only (its options are applied in
// place), whatever the size of its range: its bitmap is made by the
// first allocation, in a handful of allocations.
func TestEmptyAllocatorCost(t *testing.T) {
	prefix := netip.MustParsePrefix("10.96.0.0/12")
	for _, tc := range []struct {
		name  string
		limit float64
		f     func()
	}{
		{"New /12", 1, func() { _, _ = New(prefix) }},
		{"New /12 Sequential", 1, func() { _, _ = New(prefix, Sequential()) }},
		{"New fd00::/64", 1, func() { _, _ = New(netip.MustParsePrefix("fd00::/64")) }},
		{"NewPorts", 1, func() { _, _ = NewPorts(DefaultNodePortFirst, DefaultNodePortLast) }},
		{"NewSubnets /16 into /24", 1, func() { _, _ = NewSubnets(netip.MustParsePrefix("10.244.0.0/16"), 24) }},
		// The struct (the tree held inline) and the tree's words.
		{"NewHostLocal /24", 2, func() { _, _ = NewHostLocal(netip.MustParsePrefix("10.244.1.0/24")) }},
	} {
		if n := testing.AllocsPerRun(100, tc.f); n > tc.limit {
			t.Errorf("%s: %v allocations, want at most %v", tc.name, n, tc.limit)
		}
	}
}

// TestScatteredAddressCost: a few addresses scattered over a /12 (a
// cluster's first ClusterIPs: the first address, the tenth, a random one)
// cost a page of 512 bits each, not 4096: the tree's two deep levels,
// their maps, its short levels' words and three pages, 512 bytes (2 KB
// with 4096-bit pages).
func TestScatteredAddressCost(t *testing.T) {
	prefix := netip.MustParsePrefix("10.96.0.0/12")
	var bytes uint64
	const runs = 100
	for range runs {
		a, _ := New(prefix, WithSeed(1))
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		_ = a.AllocateAddr(netip.MustParseAddr("10.96.0.1"))
		_ = a.AllocateAddr(netip.MustParseAddr("10.96.0.10"))
		_, _ = a.Allocate()
		runtime.ReadMemStats(&after)
		bytes += after.TotalAlloc - before.TotalAlloc
	}
	if got := bytes / runs; got > 560 {
		t.Errorf("three addresses in a /12: %d bytes, want at most 560", got)
	}
}
