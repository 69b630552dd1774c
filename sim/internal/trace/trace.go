// Package trace is the sim's event log: compact records with side strings
// and addresses, kept whole or as a ring of the last N.
//
// Use it as
//
//	l := trace.New(limit, dropped) // 0: keep everything; > 0: the last limit records; < 0: nothing
//	if l.On() {
//		l.PushStr(reason) // a record's side values first, in order
//		l.Push(trace.Rec{T: now, Kind: k, Name: name, Strs: 1})
//	}
//	r := l.Reader()
//	for range l.Len() {
//		rec := r.Next()
//		for range rec.Strs { s := r.Str() … }
//		for range rec.Addrs { a := r.Addr() … }
//	}
//
// Records and side values live in blocks: appending never copies the log,
// and a bounded log drops its oldest record with its side values and
// reuses the blocks, telling the caller (dropped) so that it can let go
// of what the record refers to. Formatting a record is the caller's
// business, done only when the log is read.
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
	limit   int
	dropped func(Rec)
	recs    ring[Rec]
	strs    ring[string]
	addrs   ring[netip.Addr]
}

// New returns a log that keeps every record (limit 0), the last limit
// records (limit > 0) or none (limit < 0). A bounded log calls dropped (if
// not nil) with each record it drops, after dropping it.
func New(limit int, dropped func(Rec)) Log {
	if limit < 0 {
		limit = -1
	}
	return Log{limit: limit, dropped: dropped}
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

// Push appends r, whose side values were pushed just before, and drops the
// oldest record with its side values from a full bounded log.
func (l *Log) Push(r Rec) {
	if !l.On() {
		return
	}
	l.recs.push(r, firstRecs)
	if l.limit > 0 && l.recs.n > l.limit {
		old := l.recs.blocks[0][l.recs.first]
		l.recs.pop()
		for range old.Strs {
			l.strs.pop()
		}
		for range old.Addrs {
			l.addrs.pop()
		}
		if l.dropped != nil {
			l.dropped(old)
		}
	}
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
