package podstore

import "math/bits"

// slotTable is an open-addressing hash index of slots, for any key the
// caller can hash and test: 8 bytes an entry (the slot and its key's
// 32-bit hash), linear probing, deletion by backward shift (no
// tombstones), sized to stay between 1/8 and 3/4 full (never below
// slotTableMin once used). The caller supplies the hash of a key and, for
// a lookup, tests the candidate slots a cursor yields; keeping the hash beside the
// slot lets probes, removals and resizes skip the records themselves. It
// costs about 13 bytes per entry where a Go map of the same index costs
// 30 to 45. Probe order never reaches a result: only lookups depend on it.
type slotTable struct {
	slots []uint64 // hash<<32 | slot+1; 0: empty; length a power of two (or zero)
	n     int32    // entries (slots are int32s): the table takes 32 bytes
	shift uint8    // 64 - log2(len(slots))
}

// slotTableMin is the size of a used table's first array (64 bytes): it
// holds 6 entries, a small cluster's pods of a namespace or its pods with
// IPs.
const slotTableMin = 8

func slotEntry(h uint32, i int32) uint64 { return uint64(h)<<32 | uint64(uint32(i)+1) }

func entrySlot(e uint64) int32 { return int32(uint32(e) - 1) }

// used reports whether the table was ever added to (it keeps its
// smallest size once emptied).
func (t *slotTable) used() bool { return t.slots != nil }

// pos is the home position of hash h (Fibonacci hashing on the top bits).
func (t *slotTable) pos(h uint32) int { return int((uint64(h) * 0x9e3779b97f4a7c15) >> t.shift) }

// A cursor walks the slots a key of one hash may be held in: the entries
// from the hash's home position up to the first empty one, those with
// the hash. The caller tests each slot's key itself (a lookup pays no
// call to a closure per probe).
type cursor struct {
	t *slotTable
	h uint32
	k int // the next position to probe; -1 once the run has ended
}

// seek returns a cursor over the slots held under hash h.
func (t *slotTable) seek(h uint32) cursor {
	if t.n == 0 {
		return cursor{k: -1}
	}
	return cursor{t: t, h: h, k: t.pos(h)}
}

// next returns the next slot held under the cursor's hash, or -1 when
// there is none.
func (c *cursor) next() int32 {
	if c.k < 0 {
		return -1
	}
	slots := c.t.slots
	mask := len(slots) - 1
	for k := c.k; ; k = (k + 1) & mask {
		e := slots[k]
		if e == 0 {
			c.k = -1
			return -1
		}
		if uint32(e>>32) == c.h {
			c.k = (k + 1) & mask
			return entrySlot(e)
		}
	}
}

// all yields every slot held, in table order (which follows the hashes).
func (t *slotTable) all(yield func(int32) bool) {
	for _, e := range t.slots {
		if e != 0 && !yield(entrySlot(e)) {
			return
		}
	}
}

// insert adds slot i under hash h (not already held).
func (t *slotTable) insert(h uint32, i int32) {
	if int(t.n+1)*4 > len(t.slots)*3 {
		t.resize(max(slotTableMin, 2*len(t.slots)))
	}
	t.place(slotEntry(h, i))
	t.n++
}

func (t *slotTable) place(e uint64) {
	mask := len(t.slots) - 1
	k := t.pos(uint32(e >> 32))
	for t.slots[k] != 0 {
		k = (k + 1) & mask
	}
	t.slots[k] = e
}

// remove deletes slot i, held under hash h; it does nothing if i is not
// held under h.
func (t *slotTable) remove(h uint32, i int32) {
	if t.n == 0 {
		return
	}
	mask := len(t.slots) - 1
	want := slotEntry(h, i)
	j := t.pos(h)
	for t.slots[j] != want {
		if t.slots[j] == 0 {
			return
		}
		j = (j + 1) & mask
	}
	// Backward shift: move up every later entry of the run that may sit
	// at j (its home is not cyclically within (j, k]).
	for k := (j + 1) & mask; t.slots[k] != 0; k = (k + 1) & mask {
		home := t.pos(uint32(t.slots[k] >> 32))
		if (k-home)&mask >= (k-j)&mask {
			t.slots[j] = t.slots[k]
			j = k
		}
	}
	t.slots[j] = 0
	t.n--
	if len(t.slots) > slotTableMin && int(t.n)*8 < len(t.slots) {
		t.resize(len(t.slots) / 2)
	}
}

func (t *slotTable) resize(size int) {
	old := t.slots
	t.slots = make([]uint64, size)
	t.shift = uint8(64 - bits.TrailingZeros(uint(size)))
	for _, e := range old {
		if e != 0 {
			t.place(e)
		}
	}
}
