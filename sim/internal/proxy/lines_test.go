package proxy

import (
	"net/netip"
	"slices"
	"strings"
	"testing"
)

// Lines cuts what it is given into lines, whether it fits the caller's
// buffers or outgrows them; a nil *Lines writes nothing.
func TestLines(t *testing.T) {
	long := strings.Repeat("x", 100)
	write := func(l *Lines) {
		l.Str("pod ")
		l.Addr(netip.MustParseAddr("fd00::1%eth0"))
		l.End()
		l.Line(long)
		l.AddrPort(netip.MustParseAddrPort("10.96.0.10:80"))
		l.Str(" ")
		l.Int(-42)
		l.End()
		l.End()
		l.AddrPort(netip.MustParseAddrPort("[fe80::1%" + long + "]:65535"))
		l.End()
	}
	want := []string{"pod fd00::1%eth0", long, "10.96.0.10:80 -42", "", "[fe80::1%" + long + "]:65535"}
	for _, size := range []int{0, 1, 16, 512} {
		l := NewLines(make([]byte, size), make([]int, size/16))
		write(&l)
		if got := l.Strings(); !slices.Equal(got, want) {
			t.Errorf("buffers of %d: %q, want %q", size, got, want)
		}
	}
	var zero Lines
	write(&zero)
	if got := zero.Strings(); !slices.Equal(got, want) {
		t.Errorf("zero Lines: %q, want %q", got, want)
	}
	var none *Lines
	write(none)
	if got := none.Strings(); got != nil {
		t.Errorf("nil Lines: %q", got)
	}
	if empty := NewLines(nil, nil); empty.Strings() != nil {
		t.Errorf("no lines: %q", empty.Strings())
	}
}

// Text that fits the caller's buffers costs the result only: one string
// and one slice (at most). The buffers stay where the caller put them (its
// stack).
func TestLinesAllocs(t *testing.T) {
	ap := netip.MustParseAddrPort("10.96.0.10:80")
	n := testing.AllocsPerRun(100, func() {
		var buf [128]byte
		var ends [4]int
		l := NewLines(buf[:], ends[:])
		l.Str("node-1 kube-proxy: DNAT ")
		l.AddrPort(ap)
		l.Str(" (")
		l.Int(3)
		l.Str(" ready endpoints)")
		l.End()
		l.Line("pod default/web-1")
		if len(l.Strings()) != 2 {
			t.Fatal("lines lost")
		}
	})
	if n > 2 {
		t.Errorf("%v allocations, want at most 2 (the string and the slice)", n)
	}
}
