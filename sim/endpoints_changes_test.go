package sim

import (
	"net/netip"
	"slices"
	"testing"

	"pgregory.net/rapid"
)

// TestChanges: changes counts what missing yields each way, for sorted
// lists without duplicates of addresses of both families, overlapping or
// not.
func TestChanges(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		list := func(label string) []netip.Addr {
			var out []netip.Addr
			for _, n := range rapid.SliceOfN(rapid.IntRange(0, 40), 0, 12).Draw(t, label) {
				a := netip.AddrFrom4([4]byte{10, 0, byte(n / 10), byte(n)})
				if n%7 == 0 {
					a = netip.AddrFrom16([16]byte{0xfd, 15: byte(n)})
				}
				out = append(out, a)
			}
			slices.SortFunc(out, netip.Addr.Compare)
			return slices.Compact(out)
		}
		a, b := list("a"), list("b")
		count := func(x, y []netip.Addr) int {
			n := 0
			for range missing(x, y) {
				n++
			}
			return n
		}
		if plus, minus := changes(a, b); plus != count(a, b) || minus != count(b, a) {
			t.Fatalf("changes(%v, %v) = %d, %d; missing yields %d, %d", a, b, plus, minus, count(a, b), count(b, a))
		}
	})
}
