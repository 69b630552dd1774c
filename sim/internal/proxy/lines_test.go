package proxy

import (
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// Lines cuts what it is given into lines, whether it fits the caller's
// buffers or outgrows them; a nil *Lines writes nothing.
func TestLines(t *testing.T) {
	long := strings.Repeat("x", 100)
	write := func(l *Lines) {
		l.Str("pod ")
		l.Put(netip.MustParseAddr("fd00::1%eth0").AppendTo(l.Free()))
		l.End()
		l.Line(long)
		b := netip.MustParseAddrPort("10.96.0.10:80").AppendTo(l.Free())
		b = append(b, ' ')
		l.Put(strconv.AppendInt(b, -42, 10))
		l.End()
		l.End()
		l.Put(netip.MustParseAddrPort("[fe80::1%" + long + "]:65535").AppendTo(l.Free()))
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
		b := append(l.Free(), "node-1 kube-proxy: DNAT "...)
		b = ap.AppendTo(b)
		b = append(b, " ("...)
		b = strconv.AppendInt(b, 3, 10)
		l.Put(append(b, " ready endpoints)"...))
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
