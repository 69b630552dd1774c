package proxy

import (
	"net/netip"
	"strconv"
)

// Lines is a list of text lines written piece by piece into one buffer, so
// that a connection's path costs one string and one slice however many
// hops it has (Strings). Every method of a nil *Lines does nothing: a
// caller that does not want the text passes nil and builds none.
//
// The written lengths are counted apart from the buffers, which are
// replaced only to grow: writing stores no pointer, so buffers a caller
// passes from its stack stay there.
type Lines struct {
	buf  []byte // buf[:n] is written
	n    int
	ends []int // ends[:k] are the lines' ends in buf
	k    int
}

// NewLines returns Lines writing into buf and ends (their capacity is used
// first: a caller may pass arrays of its own).
func NewLines(buf []byte, ends []int) Lines {
	return Lines{buf: buf[:cap(buf)], ends: ends[:cap(ends)]}
}

// Str appends s to the current line.
func (l *Lines) Str(s string) {
	if l == nil {
		return
	}
	if l.n+len(s) > len(l.buf) {
		l.grow(len(s))
	}
	l.n += copy(l.buf[l.n:], s)
}

// grow makes room for n more bytes.
func (l *Lines) grow(n int) {
	b := make([]byte, max(2*len(l.buf), l.n+n, 64))
	copy(b, l.buf[:l.n])
	l.buf = b
}

// appended accounts for b, what an AppendTo call returned when given the
// free part of the buffer, l.buf[l.n:l.n]: written in place when it fit,
// else (append moved it) copied in after growing.
func (l *Lines) appended(b []byte) {
	if len(b) <= len(l.buf)-l.n {
		l.n += len(b)
		return
	}
	l.grow(len(b))
	l.n += copy(l.buf[l.n:], b)
}

// Addr appends ip in its String form.
func (l *Lines) Addr(ip netip.Addr) {
	if l != nil {
		l.appended(ip.AppendTo(l.buf[l.n:l.n]))
	}
}

// AddrPort appends ap in its String form.
func (l *Lines) AddrPort(ap netip.AddrPort) {
	if l != nil {
		l.appended(ap.AppendTo(l.buf[l.n:l.n]))
	}
}

// Int appends n in decimal.
func (l *Lines) Int(n int) {
	if l != nil {
		l.appended(strconv.AppendInt(l.buf[l.n:l.n], int64(n), 10))
	}
}

// End ends the current line.
func (l *Lines) End() {
	if l == nil {
		return
	}
	if l.k == len(l.ends) {
		e := make([]int, max(2*len(l.ends), 8))
		copy(e, l.ends)
		l.ends = e
	}
	l.ends[l.k] = l.n
	l.k++
}

// Line appends s as a whole line.
func (l *Lines) Line(s string) {
	l.Str(s)
	l.End()
}

// Strings returns the lines, nil when there are none: one string holds
// them all.
func (l *Lines) Strings() []string {
	if l == nil || l.k == 0 {
		return nil
	}
	s := string(l.buf[:l.n])
	out := make([]string, l.k)
	start := 0
	for i, end := range l.ends[:l.k] {
		out[i] = s[start:end]
		start = end
	}
	return out
}
