package ipam

import (
	"fmt"
	"math/rand/v2"
	"net/netip"
	"runtime"
	"testing"
)

// naiveBits is the baseline: upstream's legacy allocation strategy
// (pkg/registry/core/service/allocator/bitmap.go randomScanStrategy with
// KEP-3070 bands), testing one bit at a time from a random start.
type naiveBits struct {
	w                           []uint64
	size, offset, used, usedLow uint64
	rng                         *rand.Rand
}

func newNaiveBits(size, offset uint64, seed uint64) *naiveBits {
	return &naiveBits{w: make([]uint64, wordsFor(size)), size: size, offset: offset, rng: rand.New(rand.NewPCG(seed, pcgStream))}
}

func (n *naiveBits) has(i uint64) bool { return n.w[i/64]&(1<<(i%64)) != 0 }

func (n *naiveBits) scan(lo, hi uint64) (uint64, bool) {
	span := hi - lo
	start := n.rng.Uint64N(span)
	for j := uint64(0); j < span; j++ {
		c := lo + (start+j)%span
		if !n.has(c) {
			return c, true
		}
	}
	return 0, false
}

func (n *naiveBits) alloc() (uint64, bool) {
	var i uint64
	var ok bool
	if n.used-n.usedLow < n.size-n.offset {
		i, ok = n.scan(n.offset, n.size)
	} else if n.usedLow < n.offset {
		i, ok = n.scan(0, n.offset)
	}
	if ok {
		n.w[i/64] |= 1 << (i % 64)
		n.used++
		if i < n.offset {
			n.usedLow++
		}
	}
	return i, ok
}

func (n *naiveBits) release(i uint64) {
	if n.has(i) {
		n.w[i/64] &^= 1 << (i % 64)
		n.used--
		if i < n.offset {
			n.usedLow--
		}
	}
}

// fillAllocator allocates until pct percent of a is in use and returns the
// allocated addresses.
func fillAllocator(tb testing.TB, a *Allocator, pct uint64) []netip.Addr {
	target := a.Size() * pct / 100
	held := make([]netip.Addr, 0, target)
	for a.Used() < target {
		ip, err := a.Allocate()
		if err != nil {
			tb.Fatal(err)
		}
		held = append(held, ip)
	}
	return held
}

// BenchmarkReleaseAllocate releases one random allocated address and
// allocates one, at a steady fill level, for the summary tree (Allocator)
// and the bit-by-bit baseline in the same run.
func BenchmarkReleaseAllocate(b *testing.B) {
	for _, cidr := range []string{"10.0.0.0/16", "10.96.0.0/12"} {
		for _, pct := range []uint64{50, 90, 99} {
			b.Run(fmt.Sprintf("%s/%d%%/tree", cidr[len(cidr)-2:], pct), func(b *testing.B) {
				a := mustNew(b, cidr, WithSeed(1))
				held := fillAllocator(b, a, pct)
				// held is in random order (the fill was random): walking it
				// releases random addresses without a cache miss per pick.
				b.ReportAllocs()
				b.ResetTimer()
				for i := range b.N {
					j := i % len(held)
					a.Release(held[j])
					ip, err := a.Allocate()
					if err != nil {
						b.Fatal(err)
					}
					held[j] = ip
				}
			})
			b.Run(fmt.Sprintf("%s/%d%%/naive", cidr[len(cidr)-2:], pct), func(b *testing.B) {
				a := mustNew(b, cidr)
				n := newNaiveBits(a.Size(), a.StaticBand(), 1)
				held := make([]uint64, 0, a.Size()*pct/100)
				for n.used < a.Size()*pct/100 {
					i, _ := n.alloc()
					held = append(held, i)
				}
				b.ReportAllocs()
				b.ResetTimer()
				for i := range b.N {
					j := i % len(held)
					n.release(held[j])
					i, ok := n.alloc()
					if !ok {
						b.Fatal("full")
					}
					held[j] = i
				}
			})
		}
	}
}

// BenchmarkAllocateIPv6 allocates from a fresh IPv6 /64 (Size 2^64−1) and
// reports the heap bytes held per allocated address: random order spreads
// addresses over distinct words, Sequential packs 64 to a word.
func BenchmarkAllocateIPv6(b *testing.B) {
	for _, mode := range []string{"random", "sequential"} {
		b.Run(mode, func(b *testing.B) {
			opts := []Option{WithSeed(1)}
			if mode == "sequential" {
				opts = append(opts, Sequential())
			}
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			a := mustNew(b, "2001:db8::/64", opts...)
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				if _, err := a.Allocate(); err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			runtime.GC()
			runtime.ReadMemStats(&after)
			b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/float64(b.N), "heapB/addr")
			b.ReportMetric(float64(a.s.bits.wordsHeld()*8)/float64(b.N), "wordB/addr")
			runtime.KeepAlive(a)
		})
	}
}

// BenchmarkPortsReleaseAllocate is the NodePort counterpart at 99% full.
func BenchmarkPortsReleaseAllocate(b *testing.B) {
	p, _ := NewPorts(DefaultNodePortFirst, DefaultNodePortLast, WithSeed(1))
	held := []int{}
	for p.Used() < p.Size()*99/100 {
		x, _ := p.Allocate()
		held = append(held, x)
	}
	pick := rand.New(rand.NewPCG(2, 3))
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		j := pick.IntN(len(held))
		p.Release(held[j])
		x, err := p.Allocate()
		if err != nil {
			b.Fatal(err)
		}
		held[j] = x
	}
}

// BenchmarkHostLocalChurn is a node's pod churn: release one pod IP,
// allocate the next in round-robin order, on a /24 with 100 pods.
func BenchmarkHostLocalChurn(b *testing.B) {
	a, _ := NewHostLocal(netip.MustParsePrefix("10.244.3.0/24"))
	held := make([]netip.Addr, 100)
	for i := range held {
		held[i], _ = a.Allocate()
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		j := i % len(held)
		a.Release(held[j])
		held[j], _ = a.Allocate()
	}
}

// BenchmarkOneFree is the worst case for a scan: every address but one is
// in use and the random start is usually far from the free one. The summary
// tree finds it in one word per level; a bit-by-bit scan would walk half
// the range (about 500,000 bits on a /12) per allocation. /10 exercises the
// sparse (map) levels.
func BenchmarkOneFree(b *testing.B) {
	for _, cidr := range []string{"10.96.0.0/12", "10.0.0.0/10"} {
		b.Run(cidr[len(cidr)-2:], func(b *testing.B) {
			a := mustNew(b, cidr, WithSeed(1))
			for a.Free() > 0 {
				a.Allocate()
			}
			hole := a.addr(a.Size() / 3)
			a.Release(hole)
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				ip, err := a.Allocate()
				if err != nil || ip != hole {
					b.Fatal(ip, err)
				}
				a.Release(ip)
			}
		})
	}
}
