package ipam

import (
	"net/netip"
	"testing"
)

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
