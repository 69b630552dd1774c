package htmlview

// add counts n more bytes of history and folds the oldest instants when
// the history passes its bound.
func (r *Recorder) add(n int) {
	r.bytes += n
	if r.bytes > r.maxBytes {
		r.fold(r.maxBytes * 3 / 4)
	}
}

// fold moves the oldest instants into the starting state until the
// history is at most target bytes (the current instant always stays),
// then numbers the instants kept from 0 again.
func (r *Recorder) fold(target int) {
	last := len(r.frames) - 1
	ci, mi, ni, k := 0, 0, 0, 0
	for ; r.bytes > target && k < last; k++ {
		for ; ci < len(r.changes) && r.changes[ci].frame == k; ci++ {
			ch := r.changes[ci]
			setObj(r.base, ch.kind, ch.key, ch.obj)
			r.bytes -= len(ch.kind) + len(ch.key) + len(ch.obj) + 16
		}
		for ; mi < len(r.marks) && r.marks[mi].frame == k; mi++ {
			r.bytes -= len(r.marks[mi].label) + 16
		}
		for ; ni < len(r.conns) && r.conns[ni].frame == k; ni++ {
			r.bytes -= r.conns[ni].bytes
		}
	}
	if k == 0 {
		return
	}
	r.folded = true
	r.frames = append(r.frames[:0], r.frames[k:]...)
	r.changes = append(r.changes[:0], r.changes[ci:]...)
	r.marks = append(r.marks[:0], r.marks[mi:]...)
	r.conns = append(r.conns[:0], r.conns[ni:]...)
	for i := range r.changes {
		r.changes[i].frame -= k
	}
	for i := range r.marks {
		r.marks[i].frame -= k
	}
	for i := range r.conns {
		r.conns[i].frame -= k
	}
	r.connFrame, r.connAt = -1, nil // their indexes moved
}
