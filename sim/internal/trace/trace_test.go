package trace

import (
	"net/netip"
	"slices"
	"strconv"
	"testing"
	"unsafe"

	"pgregory.net/rapid"
)

// entry is a record with its side values, as the slow version keeps them.
type entry struct {
	rec   Rec
	strs  []string
	addrs []netip.Addr
}

// TestLogReference pushes random records with random side values (across
// block boundaries) into a Log and into a plain slice that drops its
// first entry when over the limit, and reads both back after each step;
// the Log is over its limit (and drops its oldest record) when the
// slice drops it.
func TestLogReference(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		limit := rapid.SampledFrom([]int{-1, 0, 1, 7, chunk + 5}).Draw(t, "limit")
		var ref []entry
		var dropped []Rec // records the log said it dropped, not yet matched
		l := New(limit)
		n := 0
		t.Repeat(map[string]func(*rapid.T){
			"push": func(t *rapid.T) {
				// Side-value counts vary with n and the draw's seed.
				nStrs := rapid.IntRange(0, 2).Draw(t, "strs")
				nAddrs := rapid.IntRange(0, 2).Draw(t, "addrs")
				for range rapid.SampledFrom([]int{1, 3, chunk}).Draw(t, "burst") {
					n++
					e := entry{rec: Rec{T: int64(n), Name: "p" + strconv.Itoa(n), Kind: uint8(n)}}
					for k := range (n + nStrs) % 3 {
						e.strs = append(e.strs, strconv.Itoa(n)+"/"+strconv.Itoa(k))
					}
					for k := range (n * nAddrs) % 3 {
						e.addrs = append(e.addrs, netip.AddrFrom4([4]byte{10, byte(n >> 8), byte(n), byte(k)}))
					}
					e.rec.Strs, e.rec.Addrs = uint8(len(e.strs)), uint8(len(e.addrs))
					for _, s := range e.strs {
						l.PushStr(s)
					}
					for _, a := range e.addrs {
						l.PushAddr(a)
					}
					if l.Push(e.rec) {
						dropped = append(dropped, l.DropOldest())
					}
					if limit >= 0 {
						ref = append(ref, e)
					}
					if limit > 0 && len(ref) > limit {
						if len(dropped) != 1 || dropped[0] != ref[0].rec {
							t.Fatalf("dropped %+v, want %+v", dropped, ref[0].rec)
						}
						dropped = dropped[:0]
						ref = ref[1:]
					}
					if len(dropped) > 0 {
						t.Fatalf("dropped %+v, keeping %d of limit %d", dropped, len(ref), limit)
					}
				}
			},
			"read": func(t *rapid.T) {
				if l.Len() != len(ref) || l.On() != (limit >= 0) {
					t.Fatalf("Len %d On %v, want %d %v", l.Len(), l.On(), len(ref), limit >= 0)
				}
				r := l.Reader()
				for _, want := range ref {
					got := entry{rec: r.Next()}
					for range got.rec.Strs {
						got.strs = append(got.strs, r.Str())
					}
					for range got.rec.Addrs {
						got.addrs = append(got.addrs, r.Addr())
					}
					if got.rec != want.rec || !slices.Equal(got.strs, want.strs) || !slices.Equal(got.addrs, want.addrs) {
						t.Fatalf("read %+v, want %+v", got, want)
					}
				}
			},
		})
	})
}

// A log's first record, string and address take one allocation (the
// rings' first blocks and lists, firstBlocks), of the 2,048-byte size
// class.
func TestFirstBlocks(t *testing.T) {
	if s := unsafe.Sizeof(firstBlocks{}); s > 2048 {
		t.Errorf("firstBlocks is %d bytes, over 2048", s)
	}
	allocs := testing.AllocsPerRun(10, func() {
		l := New(0)
		l.PushStr("s")
		l.PushAddr(netip.IPv4Unspecified())
		l.Push(Rec{Strs: 1, Addrs: 1})
	})
	if allocs != 1 {
		t.Errorf("a first record takes %v allocations, want 1", allocs)
	}
}
