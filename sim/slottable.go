package sim

import (
	"hash/maphash"
	"math/bits"
)

// slotTable is an open-addressing hash index of small int ids (pod
// slots, ReplicaSet ids): 8 bytes an entry (the id and its 32-bit hash),
// linear probing, deletion by backward shift (no tombstones), sized to stay
// between 1/8 and 3/4 full. The caller supplies the hash of a key and,
// for a lookup, the test of an id against it; keeping the hash beside the
// id lets probes, removals and resizes skip the records themselves. It
// costs about 13 bytes per entry where a Go map of the same index costs
// about 28. Probe order never reaches the cluster's results.
type slotTable struct {
	slots []uint64 // hash<<32 | id+1; 0: empty; length a power of two (or zero)
	n     int
	shift uint8 // 64 - log2(len(slots))
}

const slotTableMin = 16

func slotEntry(h uint32, i int32) uint64 { return uint64(h)<<32 | uint64(uint32(i)+1) }

func entryID(e uint64) int32 { return int32(uint32(e) - 1) }

// pos is the home position of hash h (Fibonacci hashing on the top bits).
func (t *slotTable) pos(h uint32) int { return int((uint64(h) * 0x9e3779b97f4a7c15) >> t.shift) }

// find returns the id i held under hash h with match(i), or -1.
func (t *slotTable) find(h uint32, match func(int32) bool) int32 {
	if t.n == 0 {
		return -1
	}
	mask := len(t.slots) - 1
	for k := t.pos(h); ; k = (k + 1) & mask {
		e := t.slots[k]
		if e == 0 {
			return -1
		}
		if uint32(e>>32) == h && match(entryID(e)) {
			return entryID(e)
		}
	}
}

// each calls fn for every id held under hash h.
func (t *slotTable) each(h uint32, fn func(int32)) {
	if t.n == 0 {
		return
	}
	mask := len(t.slots) - 1
	for k := t.pos(h); t.slots[k] != 0; k = (k + 1) & mask {
		if e := t.slots[k]; uint32(e>>32) == h {
			fn(entryID(e))
		}
	}
}

// insert adds id i under hash h.
func (t *slotTable) insert(h uint32, i int32) {
	if (t.n+1)*4 > len(t.slots)*3 {
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

// remove deletes id i, held under hash h.
func (t *slotTable) remove(h uint32, i int32) {
	if t.n == 0 {
		return
	}
	mask := len(t.slots) - 1
	want := slotEntry(h, i)
	j := t.pos(h)
	for t.slots[j] != want {
		if t.slots[j] == 0 {
			return // not held
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
	if len(t.slots) > slotTableMin && t.n*8 < len(t.slots) {
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
