package ipam

import (
	"errors"
	"math"
	"net/netip"
	"testing"
)

func mustNew(t testing.TB, cidr string, opts ...Option) *Allocator {
	t.Helper()
	a, err := New(netip.MustParsePrefix(cidr), opts...)
	if err != nil {
		t.Fatalf("New(%s): %v", cidr, err)
	}
	return a
}

// TestUsableRange covers the usable range of kubernetes
// pkg/registry/core/service/ipallocator/ipallocator.go (hostsPerNetwork):
// IPv4 drops network and broadcast, IPv6 only the network address, tiny
// prefixes as upstream's TestAllocateTiny/TestAllocateSmall, and the first
// and last usable address.
func TestUsableRange(t *testing.T) {
	tests := []struct {
		cidr        string
		size        uint64
		first, last string // "" when size is 0
	}{
		{"10.0.0.0/30", 2, "10.0.0.1", "10.0.0.2"},
		{"10.0.0.0/31", 0, "", ""},
		{"10.0.0.0/32", 0, "", ""},
		{"10.0.0.0/29", 6, "10.0.0.1", "10.0.0.6"},
		{"10.0.0.0/24", 254, "10.0.0.1", "10.0.0.254"},
		{"10.0.0.0/15", 131070, "10.0.0.1", "10.1.255.254"},
		{"10.96.0.0/12", 1<<20 - 2, "10.96.0.1", "10.111.255.254"},
		{"10.0.0.0/8", 1<<24 - 2, "10.0.0.1", "10.255.255.254"},
		{"0.0.0.0/0", 1<<32 - 2, "0.0.0.1", "255.255.255.254"},
		{"2001:db8::/127", 1, "2001:db8::1", "2001:db8::1"},
		{"2001:db8::/128", 0, "", ""},
		{"2001:db8::/126", 3, "2001:db8::1", "2001:db8::3"},
		{"2001:db8::/120", 255, "2001:db8::1", "2001:db8::ff"},
		{"2001:db8:1::/112", 65535, "2001:db8:1::1", "2001:db8:1::ffff"},
		{"fd00::/108", 1<<20 - 1, "fd00::1", "fd00::f:ffff"},
		{"2001:db8::/64", math.MaxUint64, "2001:db8::1", "2001:db8::ffff:ffff:ffff:ffff"},
	}
	for _, tt := range tests {
		t.Run(tt.cidr, func(t *testing.T) {
			a := mustNew(t, tt.cidr)
			if a.Size() != tt.size || a.Free() != tt.size || a.Used() != 0 {
				t.Fatalf("Size/Free/Used = %d/%d/%d, want %d/%d/0", a.Size(), a.Free(), a.Used(), tt.size, tt.size)
			}
			p := a.Prefix()
			network := p.Addr()
			if err := a.AllocateAddr(network); !errors.Is(err, ErrNotInRange) {
				t.Errorf("AllocateAddr(network %s) = %v, want ErrNotInRange", network, err)
			}
			if tt.size == 0 {
				if _, err := a.Allocate(); !errors.Is(err, ErrFull) {
					t.Fatalf("Allocate on an empty range = %v, want ErrFull", err)
				}
				return
			}
			for k, s := range []string{tt.first, tt.last} {
				if k == 1 && tt.first == tt.last {
					break
				}
				ip := netip.MustParseAddr(s)
				if err := a.AllocateAddr(ip); err != nil {
					t.Errorf("AllocateAddr(%s) = %v", ip, err)
				}
			}
			if last := netip.MustParseAddr(tt.last); network.Is4() {
				if err := a.AllocateAddr(last.Next()); !errors.Is(err, ErrNotInRange) {
					t.Errorf("AllocateAddr(broadcast %s) = %v, want ErrNotInRange", last.Next(), err)
				}
			} else if next := last.Next(); next.IsValid() && p.Contains(next) {
				t.Errorf("%s is not the last address of %s", last, p)
			}
			if before := network.Prev(); before.IsValid() {
				if err := a.AllocateAddr(before); !errors.Is(err, ErrNotInRange) {
					t.Errorf("AllocateAddr(%s, outside) = %v, want ErrNotInRange", before, err)
				}
			}
		})
	}
}

// TestOffsetTable checks the KEP-3070 band offsets of kubernetes
// pkg/registry/core/service/ipallocator/bitmap.go, calculateRangeOffset:
// 0 up to 16 addresses, else size/16 clamped to [16, 256].
func TestOffsetTable(t *testing.T) {
	tests := []struct {
		cidr   string
		offset uint64
	}{
		{"10.0.0.0/24", 16}, {"10.0.0.0/25", 16}, {"10.0.0.0/27", 16},
		{"10.0.0.0/28", 0}, {"10.0.0.0/20", 256}, {"10.0.0.0/16", 256},
		{"10.96.0.0/12", 256}, {"2001:db8::/120", 16}, {"2001:db8::/112", 256},
		{"10.0.0.0/26", 16}, {"10.0.0.0/21", 128}, {"10.0.0.0/30", 0},
		{"2001:db8::/64", 256}, {"2001:db8::/124", 0},
	}
	for _, tt := range tests {
		a := mustNew(t, tt.cidr)
		if got := a.StaticBand(); got != tt.offset {
			t.Errorf("%s: StaticBand() = %d, want %d", tt.cidr, got, tt.offset)
		}
	}
	if got := mustNew(t, "10.0.0.0/24", Sequential()).StaticBand(); got != 0 {
		t.Errorf("Sequential /24: StaticBand() = %d, want 0", got)
	}
}

// TestExhaustBands exhausts small ranges: every usable address exactly
// once, the upper band strictly before the lower band, then ErrFull.
func TestExhaustBands(t *testing.T) {
	for _, cidr := range []string{"10.0.0.0/30", "10.0.0.0/28", "10.0.0.0/27", "10.0.0.0/24", "10.0.0.0/20", "2001:db8::/120", "2001:db8::/127"} {
		for seed := range uint64(3) {
			a := mustNew(t, cidr, WithSeed(seed))
			p := a.Prefix()
			band := a.StaticBand()
			seen := map[netip.Addr]bool{}
			lowSeen := false
			for range a.Size() {
				ip, err := a.Allocate()
				if err != nil {
					t.Fatalf("%s seed %d: Allocate after %d: %v", cidr, seed, len(seen), err)
				}
				if seen[ip] {
					t.Fatalf("%s: %s handed out twice", cidr, ip)
				}
				seen[ip] = true
				i, ok := a.index(ip)
				if !ok || !p.Contains(ip) {
					t.Fatalf("%s: %s is not usable", cidr, ip)
				}
				if i < band {
					lowSeen = true
				} else if lowSeen {
					t.Fatalf("%s: upper-band %s handed out after the lower band was entered", cidr, ip)
				}
			}
			if band > 0 && !lowSeen {
				t.Fatalf("%s: the lower band was never used", cidr)
			}
			if _, err := a.Allocate(); err != ErrFull {
				t.Fatalf("%s: Allocate on a full range = %v, want ErrFull", cidr, err)
			}
			if a.Used() != a.Size() || a.Free() != 0 {
				t.Fatalf("%s: Used/Free = %d/%d on a full range", cidr, a.Used(), a.Free())
			}
		}
	}
}

// TestAllocate30 is upstream's TestAllocateSmall: a /30 hands out .1 and .2.
func TestAllocate30(t *testing.T) {
	a := mustNew(t, "192.168.1.0/30", WithSeed(42))
	got := map[string]bool{}
	for range 2 {
		ip, err := a.Allocate()
		if err != nil {
			t.Fatal(err)
		}
		got[ip.String()] = true
	}
	if !got["192.168.1.1"] || !got["192.168.1.2"] {
		t.Fatalf("got %v, want .1 and .2", got)
	}
}

func TestNewErrors(t *testing.T) {
	for _, p := range []netip.Prefix{
		{},
		netip.MustParsePrefix("10.0.0.1/24"),
		netip.MustParsePrefix("2001:db8::/48"),
		netip.MustParsePrefix("2001:db8::1/64"),
		netip.PrefixFrom(netip.MustParseAddr("10.0.0.0"), 33),
		netip.MustParsePrefix("::ffff:10.0.0.0/120"),
	} {
		a, err := New(p)
		var re *RangeError
		if a != nil || !errors.Is(err, ErrInvalidRange) || !errors.As(err, &re) {
			t.Errorf("New(%v) = %v, %v; want a *RangeError wrapping ErrInvalidRange", p, a, err)
		}
	}
	_, err := New(netip.MustParsePrefix("2001:db8::/48"))
	if want := `invalid range "2001:db8::/48": shortest allowed prefix length for an IPv6 range is 64`; err.Error() != want {
		t.Errorf("error = %q, want %q", err, want)
	}
}

func TestAddrErrors(t *testing.T) {
	a := mustNew(t, "10.0.0.0/24")
	ip := netip.MustParseAddr("10.0.0.5")
	if err := a.AllocateAddr(ip); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		ip       string
		sentinel error
		msg      string
	}{
		{"10.0.0.5", ErrAllocated, "failed to allocate IP 10.0.0.5: provided IP is already allocated"},
		{"10.0.0.0", ErrNotInRange, "failed to allocate IP 10.0.0.0: provided IP 10.0.0.0 is not in the valid range"},
		{"10.0.0.255", ErrNotInRange, "failed to allocate IP 10.0.0.255: provided IP 10.0.0.255 is not in the valid range"},
		{"10.0.1.1", ErrNotInRange, "failed to allocate IP 10.0.1.1: provided IP 10.0.1.1 is not in the valid range"},
		{"::ffff:10.0.0.7", ErrNotInRange, "failed to allocate IP ::ffff:10.0.0.7: provided IP ::ffff:10.0.0.7 is not in the valid range"},
		{"2001:db8::1", ErrNotInRange, "failed to allocate IP 2001:db8::1: provided IP 2001:db8::1 is not in the valid range"},
	}
	for _, tt := range tests {
		err := a.AllocateAddr(netip.MustParseAddr(tt.ip))
		var ae *AddrError
		if !errors.Is(err, tt.sentinel) || !errors.As(err, &ae) || ae.Addr.String() != tt.ip || err.Error() != tt.msg {
			t.Errorf("AllocateAddr(%s) = %v, want %q wrapping %v", tt.ip, err, tt.msg, tt.sentinel)
		}
	}
	if err := a.AllocateAddr(netip.Addr{}); !errors.Is(err, ErrNotInRange) {
		t.Errorf("AllocateAddr(zero Addr) = %v, want ErrNotInRange", err)
	}
	if a.Used() != 1 {
		t.Fatalf("failed requests changed Used to %d", a.Used())
	}
}

func TestReleaseAndAllocated(t *testing.T) {
	a := mustNew(t, "10.0.0.0/28")
	ip := netip.MustParseAddr("10.0.0.3")
	for _, x := range []string{"10.0.0.3", "10.0.0.0", "10.0.0.15", "192.168.0.1"} {
		if err := a.Release(netip.MustParseAddr(x)); err != nil {
			t.Fatalf("Release(%s) of a free/out-of-range address = %v", x, err)
		}
	}
	if err := a.AllocateAddr(ip); err != nil {
		t.Fatal(err)
	}
	if !a.Allocated(ip) || a.Allocated(ip.Next()) || a.Allocated(netip.MustParseAddr("10.0.0.0")) {
		t.Fatal("Allocated disagrees with the allocation")
	}
	if err := a.Release(ip); err != nil || a.Allocated(ip) || a.Used() != 0 {
		t.Fatalf("Release(%s) = %v; Allocated=%v Used=%d", ip, err, a.Allocated(ip), a.Used())
	}
	if err := a.AllocateAddr(ip); err != nil {
		t.Fatalf("released address not reusable: %v", err)
	}
}

func TestSameSeedSameSequence(t *testing.T) {
	for _, cidr := range []string{"10.96.0.0/12", "10.0.0.0/24", "2001:db8::/64", "10.0.0.0/8"} {
		seq := func(seed uint64) []netip.Addr {
			a := mustNew(t, cidr, WithSeed(seed))
			var out []netip.Addr
			for range 50 {
				ip, err := a.Allocate()
				if err != nil {
					t.Fatal(err)
				}
				out = append(out, ip)
			}
			return out
		}
		a, b, c := seq(7), seq(7), seq(8)
		for i := range a {
			if a[i] != b[i] {
				t.Fatalf("%s: seed 7 gave %v then %v", cidr, a[i], b[i])
			}
		}
		if a[0] == c[0] && a[1] == c[1] && a[2] == c[2] {
			t.Errorf("%s: seeds 7 and 8 gave the same start %v", cidr, a[:3])
		}
	}
}

func TestSequentialOrder(t *testing.T) {
	a := mustNew(t, "10.0.0.0/29", Sequential())
	next := func() string {
		ip, err := a.Allocate()
		if err != nil {
			return err.Error()
		}
		return ip.String()
	}
	for _, want := range []string{"10.0.0.1", "10.0.0.2", "10.0.0.3"} {
		if got := next(); got != want {
			t.Fatalf("Allocate = %s, want %s", got, want)
		}
	}
	a.Release(netip.MustParseAddr("10.0.0.2"))
	// A specific request moves the cursor, as host-local's store does.
	if err := a.AllocateAddr(netip.MustParseAddr("10.0.0.5")); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"10.0.0.6", "10.0.0.2", "10.0.0.4", "range is full"} {
		if got := next(); got != want {
			t.Fatalf("Allocate = %s, want %s", got, want)
		}
	}
}

func TestAllAndString(t *testing.T) {
	for _, cidr := range []string{"10.96.0.0/12", "2001:db8::/64"} {
		a := mustNew(t, cidr, WithSeed(3))
		want := map[netip.Addr]bool{}
		for range 20 {
			ip, _ := a.Allocate()
			want[ip] = true
		}
		var prev netip.Addr
		n := 0
		for ip := range a.All() {
			if !want[ip] || (prev.IsValid() && !prev.Less(ip)) {
				t.Fatalf("%s: All yielded %s out of order or not allocated", cidr, ip)
			}
			prev = ip
			n++
		}
		if n != len(want) {
			t.Fatalf("%s: All yielded %d addresses, want %d", cidr, n, len(want))
		}
	}
	a := mustNew(t, "10.96.0.0/12")
	for range 3 {
		a.Allocate()
	}
	if got, want := a.String(), "10.96.0.0/12: 3/1048574 used"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
}

// TestZeroValues: the zero allocators are empty, never panic.
func TestZeroValues(t *testing.T) {
	var a Allocator
	if _, err := a.Allocate(); err != ErrFull || a.Size() != 0 || a.Allocated(netip.MustParseAddr("10.0.0.1")) {
		t.Fatal("zero Allocator is not empty")
	}
	if err := a.AllocateAddr(netip.MustParseAddr("0.0.0.1")); !errors.Is(err, ErrNotInRange) {
		t.Fatalf("zero Allocator AllocateAddr = %v", err)
	}
	var p PortAllocator
	if _, err := p.Allocate(); err != ErrFull || p.Allocated(0) || p.Release(0) != nil || !errors.Is(p.AllocatePort(0), ErrNotInRange) {
		t.Fatal("zero PortAllocator is not empty")
	}
	var s SubnetAllocator
	if _, err := s.Allocate(); !errors.Is(err, ErrFull) || s.Allocated(netip.MustParsePrefix("0.0.0.0/0")) {
		t.Fatal("zero SubnetAllocator is not empty")
	}
}

// TestAllocatedAt: AllocatedAt(off) is Allocated of the address off above
// the network address, for every offset of an IPv4 /28 and an IPv6 /120
// (the network address, the usable ones, the IPv4 broadcast, beyond the
// range), some held, some not.
func TestAllocatedAt(t *testing.T) {
	for _, cidr := range []string{"10.0.0.0/28", "fd00::/120"} {
		a := mustNew(t, cidr)
		base := a.Prefix().Addr()
		at := func(off int) netip.Addr {
			ip := base
			for range off {
				ip = ip.Next()
			}
			return ip
		}
		for _, off := range []int{1, 2, 7, 14} {
			if err := a.AllocateAddr(at(off)); err != nil {
				t.Fatal(err)
			}
		}
		for off := range 300 {
			if got, want := a.AllocatedAt(uint64(off)), a.Allocated(at(off)); got != want {
				t.Errorf("%s: AllocatedAt(%d) = %v, Allocated(%s) = %v", cidr, off, got, at(off), want)
			}
		}
		if a.AllocatedAt(math.MaxUint64) || a.AllocatedAt(0) {
			t.Errorf("%s: AllocatedAt of the network address or a wrapped offset", cidr)
		}
	}
}

// TestAllocateOffset: AllocateOffset hands out what Allocate does, in the
// same order, as the offset of the address above the network address
// (AllocatedAt's), for an IPv4 /28 and an IPv6 /120, sequential and
// random, until both are full.
func TestAllocateOffset(t *testing.T) {
	for _, cidr := range []string{"10.0.0.0/28", "fd00::/120"} {
		for _, opts := range [][]Option{{Sequential()}, {WithSeed(7)}} {
			a, b := mustNew(t, cidr, opts...), mustNew(t, cidr, opts...)
			for {
				ip, err := a.Allocate()
				off, errOff := b.AllocateOffset()
				if err != nil || errOff != nil {
					if err != errOff || off != 0 {
						t.Fatalf("%s: full: Allocate error %v, AllocateOffset %d, %v", cidr, err, off, errOff)
					}
					break
				}
				want := a.Prefix().Addr()
				for range off {
					want = want.Next()
				}
				if ip != want || !b.AllocatedAt(off) {
					t.Fatalf("%s: AllocateOffset = %d (%s, held %v), Allocate = %s", cidr, off, want, b.AllocatedAt(off), ip)
				}
			}
		}
	}
}

// TestReleaseOffset: ReleaseOffset(off) is Release of the address off
// above the network address, for every offset of an IPv4 /28 and an IPv6
// /120 (the network address, the usable ones, the IPv4 broadcast, beyond
// the range, a wrapped offset), held or not.
func TestReleaseOffset(t *testing.T) {
	for _, cidr := range []string{"10.0.0.0/28", "fd00::/120"} {
		a, b := mustNew(t, cidr), mustNew(t, cidr)
		for range 10 {
			_, _ = a.Allocate()
			_, _ = b.Allocate()
		}
		ip := a.Prefix().Addr()
		for off := range uint64(300) {
			_ = a.Release(ip)
			b.ReleaseOffset(off)
			for o := range uint64(300) {
				if a.AllocatedAt(o) != b.AllocatedAt(o) {
					t.Fatalf("%s: after releasing offset %d: offset %d held %v by Release, %v by ReleaseOffset",
						cidr, off, o, a.AllocatedAt(o), b.AllocatedAt(o))
				}
			}
			if a.Used() != b.Used() {
				t.Fatalf("%s: after releasing offset %d: Used %d by Release, %d by ReleaseOffset", cidr, off, a.Used(), b.Used())
			}
			ip = ip.Next()
		}
		b.ReleaseOffset(math.MaxUint64)
		if a.Used() != b.Used() {
			t.Errorf("%s: ReleaseOffset of a wrapped offset changed Used", cidr)
		}
	}
}

// Usable agrees with New on every kind of prefix (the Size of the
// allocator New makes, or New's error) and allocates nothing.
func TestUsable(t *testing.T) {
	prefixes := []netip.Prefix{{}}
	for _, s := range []string{"10.96.0.0/12", "10.0.0.0/30", "10.0.0.0/31", "10.0.0.1/32", "10.0.0.1/24",
		"fd00::/64", "fd00::/63", "fd00::/127", "fd00::/128", "::ffff:10.0.0.0/120"} {
		prefixes = append(prefixes, netip.MustParsePrefix(s))
	}
	for _, p := range prefixes {
		a, err := New(p)
		n, uerr := Usable(p)
		if err != nil {
			if uerr == nil || uerr.Error() != err.Error() {
				t.Errorf("Usable(%v) = %d, %v; New's error %v", p, n, uerr, err)
			}
			continue
		}
		if uerr != nil || n != a.Size() {
			t.Errorf("Usable(%v) = %d, %v; New's Size %d", p, n, uerr, a.Size())
		}
		if allocs := testing.AllocsPerRun(10, func() { _, _ = Usable(p) }); allocs != 0 {
			t.Errorf("Usable(%v): %v allocations", p, allocs)
		}
	}
}
