package proxy

// Lines is a list of text lines written piece by piece into one buffer, so
// that a connection's path costs one string and one slice however many
// hops it has (Strings). Every method of a nil *Lines does nothing: a
// caller that does not want the text passes nil.
//
// The pieces of a line are plain appends to the buffer's free part
// (Free), accounted with Put: no call per piece. (A writer checks l is
// not nil first: appends to nil would build the text, on the heap, for
// nothing.)
//
//	b := append(l.Free(), "pod "...)
//	b = ip.AppendTo(b)
//	l.Put(b)
//	l.End()
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

// Free returns the free part of the buffer, empty (nil for a nil l), for
// the caller to append the current line's next pieces to and hand the
// result to Put before any other call on l.
func (l *Lines) Free() []byte {
	if l == nil {
		return nil
	}
	return l.buf[l.n:l.n]
}

// Put accounts for b, what appending to Free's result gave: written in
// place when it fitted, else (append moved it) copied in after growing.
func (l *Lines) Put(b []byte) {
	if l == nil {
		return
	}
	if len(b) <= len(l.buf)-l.n {
		l.n += len(b)
		return
	}
	l.grow(len(b))
	l.n += copy(l.buf[l.n:], b)
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
