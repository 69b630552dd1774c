package sim

import (
	"hash/maphash"
	"math/bits"
)

// slotTable is an open-addressing hash index of pod slots: 4 bytes a
// slot, linear probing, deletion by backward shift (no tombstones), sized
// to stay between 1/8 and 3/4 full. The caller supplies the hash of a key
// and, for a lookup, the test of a slot against it; the table keeps no
// keys, so it costs about 7 bytes per pod where a Go map of the same
// index costs about 28. Probe order never reaches the cluster's results.
type slotTable struct {
	slots []int32 // -1: empty; length a power of two (or zero)
	n     int
	shift uint8 // 64 - log2(len(slots))
}

const slotTableMin = 16

// pos is the home position of hash h (Fibonacci hashing on the top bits).
func (t *slotTable) pos(h uint32) int { return int((uint64(h) * 0x9e3779b97f4a7c15) >> t.shift) }

// find returns the slot i with match(i), or -1.
func (t *slotTable) find(h uint32, match func(int32) bool) int32 {
	if t.n == 0 {
		return -1
	}
	mask := len(t.slots) - 1
	for k := t.pos(h); ; k = (k + 1) & mask {
		i := t.slots[k]
		if i < 0 {
			return -1
		}
		if match(i) {
			return i
		}
	}
}

// each calls fn for every slot of the probe run of hash h (a superset of
// those held under h: fn tests them).
func (t *slotTable) each(h uint32, fn func(int32)) {
	if t.n == 0 {
		return
	}
	mask := len(t.slots) - 1
	for k := t.pos(h); t.slots[k] >= 0; k = (k + 1) & mask {
		fn(t.slots[k])
	}
}

// insert adds slot i under hash h; hashOf gives the hash of any slot held
// (for a resize).
func (t *slotTable) insert(h uint32, i int32, hashOf func(int32) uint32) {
	if (t.n+1)*4 > len(t.slots)*3 {
		t.resize(max(slotTableMin, 2*len(t.slots)), hashOf)
	}
	t.place(h, i)
	t.n++
}

func (t *slotTable) place(h uint32, i int32) {
	mask := len(t.slots) - 1
	k := t.pos(h)
	for t.slots[k] >= 0 {
		k = (k + 1) & mask
	}
	t.slots[k] = i
}

// remove deletes slot i, held under hash h.
func (t *slotTable) remove(h uint32, i int32, hashOf func(int32) uint32) {
	mask := len(t.slots) - 1
	j := t.pos(h)
	for t.slots[j] != i {
		if t.slots[j] < 0 {
			return // not held
		}
		j = (j + 1) & mask
	}
	// Backward shift: move up every later entry of the run that may sit
	// at j (its home is not cyclically within (j, k]).
	for k := (j + 1) & mask; t.slots[k] >= 0; k = (k + 1) & mask {
		home := t.pos(hashOf(t.slots[k]))
		if (k-home)&mask >= (k-j)&mask {
			t.slots[j] = t.slots[k]
			j = k
		}
	}
	t.slots[j] = -1
	t.n--
	if len(t.slots) > slotTableMin && t.n*8 < len(t.slots) {
		t.resize(len(t.slots)/2, hashOf)
	}
}

func (t *slotTable) resize(size int, hashOf func(int32) uint32) {
	old := t.slots
	t.slots = make([]int32, size)
	for k := range t.slots {
		t.slots[k] = -1
	}
	t.shift = uint8(64 - bits.TrailingZeros(uint(size)))
	for _, i := range old {
		if i >= 0 {
			t.place(hashOf(i), i)
		}
	}
}

// nameHash hashes a pod name (prefix+suffix, no concatenation needed) in
// namespace index ns.
func nameHash(seed maphash.Seed, ns int32, prefix, suffix string) uint32 {
	var buf [64]byte
	var h uint64
	switch n := len(prefix) + len(suffix); {
	case suffix == "":
		h = maphash.String(seed, prefix)
	case n <= len(buf):
		copy(buf[copy(buf[:], prefix):], suffix)
		h = maphash.Bytes(seed, buf[:n]) // equal to String of the same bytes
	default:
		h = maphash.String(seed, prefix+suffix) // longer than any valid pod name
	}
	h ^= uint64(uint32(ns)) * 0xff51afd7ed558ccd
	return uint32(h ^ h>>32)
}

// ipHash hashes a pod IP as (node, offset).
func ipHash(n int32, off uint32) uint32 {
	h := ipKey(n, off) * 0xbf58476d1ce4e5b9
	return uint32(h ^ h>>32)
}
