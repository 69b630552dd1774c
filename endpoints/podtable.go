package endpoints

import (
	"math/bits"

	"github.com/svcsim/svcsim/pod"
)

// podTable is a namespace's live pods by name: an open-addressing hash
// table (linear probing, backward-shift deletion) of record ids with their
// name hashes, whose keys are the names kept in the records themselves, so
// it costs ≈ 11-21 bytes per pod where a map[string]podID costs ≈ 45. The
// hash (podNameHash) is deterministic, and the table is never iterated in hash
// order by anything that shapes the controller's output.
type podTable struct {
	slots []podSlot
	n     int
}

// minPodSlots is the size of a podTable's first slots.
const minPodSlots = 8

// podSlot is one entry: 1 + the record id (0: empty) and the name's hash,
// so a probe dereferences a record only when the hashes match.
type podSlot struct {
	id podID
	h  uint32
}

// podNameHash hashes a pod name eight bytes at a time: each word is mixed
// in by a multiply, and murmur3's 64-bit finalizer carries every byte into
// the low bits the table indexes by. Names of 20-30 bytes take three or
// four rounds where a byte-wise hash takes as many as they have bytes.
func podNameHash(name string) uint32 {
	const k = 0x9e3779b97f4a7c15
	h := uint64(len(name)) * k
	for ; len(name) >= 8; name = name[8:] {
		w := uint64(name[0]) | uint64(name[1])<<8 | uint64(name[2])<<16 | uint64(name[3])<<24 |
			uint64(name[4])<<32 | uint64(name[5])<<40 | uint64(name[6])<<48 | uint64(name[7])<<56
		h = bits.RotateLeft64((h^w)*k, 31)
	}
	var w uint64
	for i := len(name) - 1; i >= 0; i-- {
		w = w<<8 | uint64(name[i])
	}
	h = (h ^ w) * k
	h ^= h >> 33
	h *= 0xff51afd7ed558ccd
	h ^= h >> 33
	return uint32(h)
}

// podName is a pod's name with its hash: an event hashes the name once
// for every table it looks it up in.
type podName struct {
	s string
	h uint32
}

func newPodName(name string) podName { return podName{name, podNameHash(name)} }

// find returns the slot index of the pod named n, or -1.
func (t *podTable) find(c *Controller, n podName) int {
	if t.n == 0 {
		return -1
	}
	mask := uint32(len(t.slots) - 1)
	for i := n.h & mask; ; i = (i + 1) & mask {
		s := t.slots[i]
		if s.id == 0 {
			return -1
		}
		if s.h == n.h && c.pod(s.id-1).hasName(n.s) {
			return int(i)
		}
	}
}

// get returns the id of the live pod named name.
func (t *podTable) get(c *Controller, name string) (podID, bool) {
	return t.lookup(c, newPodName(name))
}

// lookup returns the id of the pod named n.
func (t *podTable) lookup(c *Controller, n podName) (podID, bool) {
	if i := t.find(c, n); i >= 0 {
		return t.slots[i].id - 1, true
	}
	return 0, false
}

// add adds pod id, whose record holds n's name, absent from the table.
func (t *podTable) add(n podName, id podID) {
	if 4*(t.n+1) > 3*len(t.slots) {
		t.grow()
	}
	t.insert(podSlot{id + 1, n.h})
	t.n++
}

func (t *podTable) insert(s podSlot) {
	mask := uint32(len(t.slots) - 1)
	i := s.h & mask
	for t.slots[i].id != 0 {
		i = (i + 1) & mask
	}
	t.slots[i] = s
}

func (t *podTable) grow() {
	old := t.slots
	t.slots = make([]podSlot, max(minPodSlots, 2*len(old)))
	for _, s := range old {
		if s.id != 0 {
			t.insert(s)
		}
	}
}

// del removes the pod named name, if present.
func (t *podTable) del(c *Controller, name string) { t.take(c, newPodName(name)) }

// take removes the pod named n and returns its id, if present.
func (t *podTable) take(c *Controller, n podName) (podID, bool) {
	f := t.find(c, n)
	if f < 0 {
		return 0, false
	}
	i := uint32(f)
	id := t.slots[i].id - 1
	mask := uint32(len(t.slots) - 1)
	t.slots[i] = podSlot{}
	t.n--
	// Shift back the entries that probed past the freed slot.
	for j := (i + 1) & mask; t.slots[j].id != 0; j = (j + 1) & mask {
		k := t.slots[j].h & mask
		// Keep the entry at j if its home k lies cyclically in (i, j].
		if (i < j && i < k && k <= j) || (j < i && (i < k || k <= j)) {
			continue
		}
		t.slots[i], t.slots[j] = t.slots[j], podSlot{}
		i = j
	}
	return id, true
}

// len returns the number of pods in the table.
func (t *podTable) len() int { return t.n }

// portList is an interned container-port list of pod records: pods of one
// template share their Ports slice, so a record holds a 4-byte id where a
// slice header costs 24 bytes.
type portList struct {
	ports []pod.ContainerPort // shared with the caller, immutable
	refs  int32
}

// portListKey is the identity of a Ports slice.
type portListKey struct {
	first *pod.ContainerPort
	n     int
}

// internPorts returns the id of ports (0 for an empty list), counting a
// reference.
func (c *Controller) internPorts(ports []pod.ContainerPort) uint32 {
	if len(ports) == 0 {
		return 0
	}
	k := portListKey{&ports[0], len(ports)}
	if id, ok := c.findPorts(k); ok {
		c.plists[id].refs++
		return id
	}
	if len(c.plists) == 0 {
		// Id 0 is the empty list; the first allocation has room for a
		// few templates' lists.
		c.plists = make([]portList, 1, 4)
	}
	var id uint32
	if r := c.rare; r != nil && len(r.plFree) > 0 {
		n := len(r.plFree)
		id = r.plFree[n-1]
		r.plFree = r.plFree[:n-1]
	} else {
		id = uint32(len(c.plists))
		c.plists = append(c.plists, portList{})
	}
	c.plists[id] = portList{ports: ports, refs: 1}
	switch {
	case c.plIdx != nil:
		c.plIdx[k] = id
	case len(c.plists) > smallTable+1:
		c.plIdx = make(map[portListKey]uint32, len(c.plists))
		for id, pl := range c.plists {
			if pl.refs > 0 {
				c.plIdx[portListKey{&pl.ports[0], len(pl.ports)}] = uint32(id)
			}
		}
	}
	return id
}

// smallTable is the most port lists the controller holds before it
// indexes them in a map: a few are found by a scan, at no cost in memory.
const smallTable = 8

// findPorts returns the id of the port list k, if interned.
func (c *Controller) findPorts(k portListKey) (uint32, bool) {
	if c.plIdx != nil {
		id, ok := c.plIdx[k]
		return id, ok
	}
	for id, pl := range c.plists {
		if pl.refs > 0 && &pl.ports[0] == k.first && len(pl.ports) == k.n {
			return uint32(id), true
		}
	}
	return 0, false
}

// releasePorts drops a reference to port list id.
func (c *Controller) releasePorts(id uint32) {
	if id == 0 {
		return
	}
	pl := &c.plists[id]
	if pl.refs--; pl.refs == 0 {
		delete(c.plIdx, portListKey{&pl.ports[0], len(pl.ports)}) // nil while small: nothing
		*pl = portList{}
		r := c.rareState()
		r.plFree = append(r.plFree, id)
	}
}

// portsOf returns the pod's container ports.
func (c *Controller) portsOf(r *podRec) []pod.ContainerPort {
	if r.ports == 0 {
		return nil
	}
	return c.plists[r.ports].ports
}
