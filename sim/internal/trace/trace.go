// Package trace is the sim's event log: compact records with side strings
// and addresses, kept whole or as a ring of the last N.
//
// Use it as
//
//	l := trace.New(limit) // 0: keep everything; > 0: the last limit records; < 0: nothing
//	if l.On() {
//		l.PushStr(reason) // a record's side values first, in order
//		if l.Push(trace.Rec{T: now, Kind: k, Name: name, Strs: 1}) { // over the limit
//			old := l.DropOldest() // let go of what old refers to
//		}
//	}
//	r := l.Reader()
//	for range l.Len() {
//		rec := r.Next()
//		for range rec.Strs { s := r.Str() … }
//		for range rec.Addrs { a := r.Addr() … }
//	}
//
// Records and side values live in blocks: appending never copies the log.
// A bounded log drops its oldest record with its side values when Push
// tells the caller to (DropOldest, which returns the record so that the
// caller can let go of what it refers to) and reuses the blocks.
// Formatting a record is the caller's business, done only when the log is
// read.
package trace

import "net/netip"

// Rec is one recorded event. The caller gives Kind, Name, NS and A their
// meaning; Strs and Addrs count the side values pushed before it.
type Rec struct {
	T     int64 // time
	A     int64
	Name  string
	NS    int32
	Kind  uint8
	Strs  uint8
	Addrs uint8
}

// Log is the event log. Its zero value keeps everything.
type Log struct {
	limit int
	recs  ring[Rec]
	strs  ring[string]
	addrs ring[netip.Addr]
}

// New returns a log that keeps every record (limit 0), the last limit
// records (limit > 0) or none (limit < 0). A log that records starts
// with its rings' first blocks (firstBlocks).
func New(limit int) Log {
	if limit < 0 {
		return Log{limit: -1}
	}
	l := Log{limit: limit}
	f := new(firstBlocks)
	l.recs.blocks = append(f.recList[:0], f.recs[:0])
	l.strs.blocks = append(f.strList[:0], f.strs[:0])
	l.addrs.blocks = append(f.addrList[:0], f.addrs[:0])
	return l
}

// firstBlocks are the rings' first blocks and block lists, which New
// gives a log that records: it soon has records, strings and addresses,
// and gets their first blocks in one allocation (2,048 bytes) rather
// than six. (The zero Log makes each ring's as it gets its first value.)
// A bounded log lets go of it once every ring has dropped its first
// block.
type firstBlocks struct {
	recs     [firstRecs]Rec
	strs     [firstChunk]string
	addrs    [firstChunk]netip.Addr
	recList  [1][]Rec
	strList  [1][]string
	addrList [1][]netip.Addr
}

// On reports whether the log records anything: callers test it before
// building messages, so that a log turned off never formats a string.
func (l *Log) On() bool { return l.limit >= 0 }

// Len returns the number of records kept.
func (l *Log) Len() int { return l.recs.n }

// PushStr adds a side string of the next record.
func (l *Log) PushStr(s string) {
	if l.On() {
		l.strs.push(s, firstChunk)
	}
}

// PushAddr adds a side address of the next record.
func (l *Log) PushAddr(a netip.Addr) {
	if l.On() {
		l.addrs.push(a, firstChunk)
	}
}

// Push appends r, whose side values were pushed just before, and reports
// whether a bounded log now holds one record too many: the caller then
// drops the oldest (DropOldest) before the next Push.
func (l *Log) Push(r Rec) (over bool) {
	if !l.On() {
		return false
	}
	l.recs.push(r, firstRecs)
	return l.limit > 0 && l.recs.n > l.limit
}

// DropOldest drops the oldest record with its side values and returns the
// record, so that the caller can let go of what it refers to. The log
// must not be empty.
func (l *Log) DropOldest() Rec {
	old := l.recs.blocks[0][l.recs.first]
	l.recs.pop()
	for range old.Strs {
		l.strs.pop()
	}
	for range old.Addrs {
		l.addrs.pop()
	}
	return old
}

// Reader reads the log from its oldest record on; it is valid until the
// next Push.
func (l *Log) Reader() Reader {
	return Reader{recs: l.recs.cursor(), strs: l.strs.cursor(), addrs: l.addrs.cursor()}
}

// Reader reads records, each followed by its side strings and addresses.
type Reader struct {
	recs  cursor[Rec]
	strs  cursor[string]
	addrs cursor[netip.Addr]
}

// Next returns the next record.
func (r *Reader) Next() Rec { return r.recs.next() }

// Str returns the next side string.
func (r *Reader) Str() string { return r.strs.next() }

// Addr returns the next side address.
func (r *Reader) Addr() netip.Addr { return r.addrs.next() }
