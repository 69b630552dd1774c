package ipam

import (
	"errors"
	"net/netip"
	"testing"

	"pgregory.net/rapid"
)

// propPrefixes mixes tiny, banded, dense, sparse and IPv6 /64 ranges.
var propPrefixes = []string{
	"10.0.0.0/32", "10.0.0.0/31", "10.0.0.0/30", "10.0.0.0/29", "10.0.0.0/28",
	"10.0.0.0/27", "10.0.0.0/25", "10.0.0.0/24", "10.0.0.0/22", "10.96.0.0/12",
	"10.0.0.0/8", "2001:db8::/128", "2001:db8::/127", "2001:db8::/124",
	"2001:db8::/120", "2001:db8::/112", "2001:db8::/64",
}

// TestAllocatorAgainstReference drives Allocator and the map-based refSpace
// with the same operations: they must agree on every result (same seed →
// same addresses), no address is handed out twice or outside the usable
// range, Used()+Free()==Size() after every step, and releasing everything
// leaks nothing.
func TestAllocatorAgainstReference(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		prefix := netip.MustParsePrefix(rapid.SampledFrom(propPrefixes).Draw(t, "prefix"))
		o := options{seed: rapid.Uint64().Draw(t, "seed"), sequential: rapid.Bool().Draw(t, "sequential")}
		opts := []Option{WithSeed(o.seed)}
		if o.sequential {
			opts = append(opts, Sequential())
		}
		a, err := New(prefix, opts...)
		if err != nil {
			t.Fatal(err)
		}
		ref := newRefSpace(a.Size(), a.StaticBand(), o)
		if !o.sequential && a.StaticBand() != addrOffset(prefix.Addr().BitLen()-prefix.Bits()) {
			t.Fatalf("band %d", a.StaticBand())
		}
		held := []netip.Addr{}
		// anyAddr draws usable addresses near both ends, the network and
		// broadcast addresses, and addresses outside the prefix.
		anyAddr := rapid.Custom(func(t *rapid.T) netip.Addr {
			if len(held) > 0 && rapid.Bool().Draw(t, "held") {
				return rapid.SampledFrom(held).Draw(t, "h")
			}
			ip := prefix.Addr()
			if rapid.Bool().Draw(t, "fromEnd") {
				ip = lastAddr(prefix)
			}
			for range rapid.IntRange(0, 20).Draw(t, "steps") {
				if ip.Compare(prefix.Addr()) >= 0 && rapid.Bool().Draw(t, "fwd") {
					if n := ip.Next(); n.IsValid() {
						ip = n
					}
				} else if p := ip.Prev(); p.IsValid() {
					ip = p
				}
			}
			return ip
		})
		for range rapid.IntRange(0, 300).Draw(t, "ops") {
			switch rapid.IntRange(0, 5).Draw(t, "op") {
			case 0, 1, 2: // allocate
				ip, err := a.Allocate()
				ri, rok := ref.alloc()
				if !rok {
					if err != ErrFull {
						t.Fatalf("Allocate = %v, %v; reference is full", ip, err)
					}
					break
				}
				if err != nil || ip != a.addr(ri) {
					t.Fatalf("Allocate = %v, %v; reference %v", ip, err, a.addr(ri))
				}
				if i, ok := a.index(ip); !ok || i != ri {
					t.Fatalf("%v is not usable", ip)
				}
				held = append(held, ip)
			case 3: // allocate a specific address
				ip := anyAddr.Draw(t, "req")
				err := a.AllocateAddr(ip)
				i, ok := a.index(ip)
				switch {
				case !ok:
					if !errors.Is(err, ErrNotInRange) {
						t.Fatalf("AllocateAddr(%v) = %v, want ErrNotInRange", ip, err)
					}
				case ref.used[i]:
					if !errors.Is(err, ErrAllocated) {
						t.Fatalf("AllocateAddr(%v) = %v, want ErrAllocated", ip, err)
					}
				default:
					if err != nil {
						t.Fatalf("AllocateAddr(%v) = %v", ip, err)
					}
					ref.take(i, true)
					held = append(held, ip)
				}
			case 4: // release
				ip := anyAddr.Draw(t, "rel")
				if err := a.Release(ip); err != nil {
					t.Fatalf("Release(%v) = %v", ip, err)
				}
				if i, ok := a.index(ip); ok {
					ref.release(i)
				}
			case 5: // probe
				ip := anyAddr.Draw(t, "probe")
				i, ok := a.index(ip)
				if got := a.Allocated(ip); got != (ok && ref.used[i]) {
					t.Fatalf("Allocated(%v) = %v", ip, got)
				}
			}
			if a.Used() != uint64(len(ref.used)) || a.Used()+a.Free() != a.Size() {
				t.Fatalf("Used/Free/Size = %d/%d/%d, reference uses %d", a.Used(), a.Free(), a.Size(), len(ref.used))
			}
		}
		for ip := range a.All() {
			if i, _ := a.index(ip); !ref.used[i] {
				t.Fatalf("All yields %v, which the reference does not hold", ip)
			}
		}
		for i := range ref.used {
			a.Release(a.addr(i))
		}
		if a.Used() != 0 || a.Free() != a.Size() {
			t.Fatalf("after releasing everything Used=%d Free=%d", a.Used(), a.Free())
		}
		if a.Size() > 0 {
			if _, err := a.Allocate(); err != nil {
				t.Fatalf("Allocate after releasing everything: %v", err)
			}
		}
	})
}

// lastAddr returns the last address of p.
func lastAddr(p netip.Prefix) netip.Addr {
	b := p.Addr().AsSlice()
	for i := p.Bits(); i < len(b)*8; i++ {
		b[i/8] |= 0x80 >> (i % 8)
	}
	ip, _ := netip.AddrFromSlice(b)
	return ip
}

// TestPortsAgainstReference is the PortAllocator counterpart.
func TestPortsAgainstReference(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		first := rapid.IntRange(1, 65535).Draw(t, "first")
		last := min(65535, first+rapid.SampledFrom([]int{0, 1, 15, 16, 17, 40, 600, 2767}).Draw(t, "span"))
		o := options{seed: rapid.Uint64().Draw(t, "seed"), sequential: rapid.Bool().Draw(t, "sequential")}
		opts := []Option{WithSeed(o.seed)}
		if o.sequential {
			opts = append(opts, Sequential())
		}
		p, err := NewPorts(first, last, opts...)
		if err != nil {
			t.Fatal(err)
		}
		ref := newRefSpace(p.Size(), p.StaticBand(), o)
		port := rapid.IntRange(first-3, last+3)
		for range rapid.IntRange(0, 300).Draw(t, "ops") {
			switch rapid.IntRange(0, 4).Draw(t, "op") {
			case 0, 1:
				got, err := p.Allocate()
				ri, rok := ref.alloc()
				if !rok {
					if err != ErrFull {
						t.Fatalf("Allocate = %d, %v; reference is full", got, err)
					}
				} else if err != nil || got != first+int(ri) {
					t.Fatalf("Allocate = %d, %v; reference %d", got, err, first+int(ri))
				}
			case 2:
				x := port.Draw(t, "req")
				err := p.AllocatePort(x)
				switch {
				case x < first || x > last:
					if !errors.Is(err, ErrNotInRange) {
						t.Fatalf("AllocatePort(%d) = %v", x, err)
					}
				case ref.used[uint64(x-first)]:
					if !errors.Is(err, ErrAllocated) {
						t.Fatalf("AllocatePort(%d) = %v", x, err)
					}
				default:
					if err != nil {
						t.Fatalf("AllocatePort(%d) = %v", x, err)
					}
					ref.take(uint64(x-first), true)
				}
			case 3:
				x := port.Draw(t, "rel")
				p.Release(x)
				if x >= first && x <= last {
					ref.release(uint64(x - first))
				}
			case 4:
				x := port.Draw(t, "probe")
				if got := p.Allocated(x); got != (x >= first && x <= last && ref.used[uint64(x-first)]) {
					t.Fatalf("Allocated(%d) = %v", x, got)
				}
			}
			if p.Used() != uint64(len(ref.used)) || p.Used()+p.Free() != p.Size() {
				t.Fatalf("Used/Free/Size = %d/%d/%d, reference uses %d", p.Used(), p.Free(), p.Size(), len(ref.used))
			}
		}
	})
}

// TestSubnetsAgainstReference is the SubnetAllocator counterpart: cidrset's
// round-robin order, Occupy-style requests that do not move the cursor.
func TestSubnetsAgainstReference(t *testing.T) {
	type shape struct {
		cluster string
		bits    int
	}
	shapes := []shape{
		{"10.244.0.0/16", 24}, {"10.244.0.0/24", 24}, {"10.0.0.0/28", 30}, {"10.128.0.0/9", 24},
		{"10.0.0.0/8", 32}, {"0.0.0.0/0", 24}, {"fd00::/48", 64}, {"fd00::/56", 64}, {"fd00::/112", 120},
		{"fd00::/120", 128}, {"fd00::/57", 70},
	}
	rapid.Check(t, func(t *rapid.T) {
		sh := rapid.SampledFrom(shapes).Draw(t, "shape")
		a, err := NewSubnets(netip.MustParsePrefix(sh.cluster), sh.bits)
		if err != nil {
			t.Fatal(err)
		}
		ref := newRefSpace(a.Size(), 0, options{sequential: true})
		idx := rapid.Custom(func(t *rapid.T) uint64 {
			if rapid.Bool().Draw(t, "low") {
				return rapid.Uint64Range(0, min(a.Size()-1, 40)).Draw(t, "i")
			}
			return a.Size() - 1 - rapid.Uint64Range(0, min(a.Size()-1, 40)).Draw(t, "j")
		})
		for range rapid.IntRange(0, 200).Draw(t, "ops") {
			switch rapid.IntRange(0, 3).Draw(t, "op") {
			case 0, 1:
				got, err := a.Allocate()
				ri, rok := ref.alloc()
				if !rok {
					if !errors.Is(err, ErrFull) {
						t.Fatalf("Allocate = %v, %v; reference is full", got, err)
					}
				} else if err != nil || got != a.prefix(ri) {
					t.Fatalf("Allocate = %v, %v; reference %v", got, err, a.prefix(ri))
				}
				if err == nil {
					if i, ok := a.index(got); !ok || i != ri || got.Bits() != sh.bits || !a.Cluster().Contains(got.Addr()) {
						t.Fatalf("Allocate = %v: not a /%d of %v", got, sh.bits, a.Cluster())
					}
				}
			case 2:
				i := idx.Draw(t, "req")
				err := a.AllocatePrefix(a.prefix(i))
				if ref.used[i] != errors.Is(err, ErrAllocated) || (!ref.used[i] && err != nil) {
					t.Fatalf("AllocatePrefix(%v) = %v", a.prefix(i), err)
				}
				ref.take(i, false)
			case 3:
				i := idx.Draw(t, "rel")
				if err := a.Release(a.prefix(i)); err != nil {
					t.Fatalf("Release(%v) = %v", a.prefix(i), err)
				}
				ref.release(i)
				if a.Allocated(a.prefix(i)) {
					t.Fatalf("Allocated(%v) after Release", a.prefix(i))
				}
			}
			if a.Used() != uint64(len(ref.used)) || a.Used()+a.Free() != a.Size() {
				t.Fatalf("Used/Free/Size = %d/%d/%d, reference uses %d", a.Used(), a.Free(), a.Size(), len(ref.used))
			}
		}
	})
}
