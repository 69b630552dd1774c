package proxy

import (
	"net/netip"
	"strconv"
)

// Lines is a list of text lines written piece by piece into one buffer, so
// that a connection's path costs one string and one slice however many
// hops it has (Strings). Every method of a nil *Lines does nothing: a
// caller that does not want the text passes nil and builds none.
type Lines struct {
	buf  []byte
	ends []int
}

// NewLines returns Lines writing into buf and ends (their capacity is used
// first: a caller may pass arrays of its own).
func NewLines(buf []byte, ends []int) Lines { return Lines{buf: buf[:0], ends: ends[:0]} }

// Str appends s to the current line.
func (l *Lines) Str(s string) {
	if l != nil {
		l.buf = append(l.buf, s...)
	}
}

// Addr appends ip in its String form.
func (l *Lines) Addr(ip netip.Addr) {
	if l != nil {
		l.buf = ip.AppendTo(l.buf)
	}
}

// AddrPort appends ap in its String form.
func (l *Lines) AddrPort(ap netip.AddrPort) {
	if l != nil {
		l.buf = ap.AppendTo(l.buf)
	}
}

// Int appends n in decimal.
func (l *Lines) Int(n int) {
	if l != nil {
		l.buf = strconv.AppendInt(l.buf, int64(n), 10)
	}
}

// End ends the current line.
func (l *Lines) End() {
	if l != nil {
		l.ends = append(l.ends, len(l.buf))
	}
}

// Line appends s as a whole line.
func (l *Lines) Line(s string) {
	l.Str(s)
	l.End()
}

// Strings returns the lines, nil when there are none: one string holds
// them all.
func (l *Lines) Strings() []string {
	if l == nil || len(l.ends) == 0 {
		return nil
	}
	s := string(l.buf)
	out := make([]string, len(l.ends))
	start := 0
	for i, end := range l.ends {
		out[i] = s[start:end]
		start = end
	}
	return out
}
