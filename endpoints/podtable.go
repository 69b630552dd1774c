package endpoints

import "github.com/svcsim/svcsim/pod"

// podTable is a namespace's live pods by name: an open-addressing hash
// table of record ids (linear probing, backward-shift deletion) whose keys
// are the names kept in the records themselves, so it costs ≈ 4-11 bytes
// per pod where a map[string]podID costs ≈ 45. The hash is FNV-1a:
// deterministic, and the table is never iterated in hash order by anything
// that shapes the controller's output.
type podTable struct {
	slots []podID // 0: empty, else 1 + the record id
	n     int
}

func podNameHash(name string) uint32 {
	h := uint32(2166136261)
	for i := 0; i < len(name); i++ {
		h ^= uint32(name[i])
		h *= 16777619
	}
	return h
}

// get returns the id of the live pod named name.
func (t *podTable) get(c *Controller, name string) (podID, bool) {
	if t.n == 0 {
		return 0, false
	}
	mask := uint32(len(t.slots) - 1)
	for i := podNameHash(name) & mask; ; i = (i + 1) & mask {
		s := t.slots[i]
		if s == 0 {
			return 0, false
		}
		if c.pod(s-1).name() == name {
			return s - 1, true
		}
	}
}

// put adds pod id, whose record holds name, absent from the table.
func (t *podTable) put(c *Controller, name string, id podID) {
	if 4*(t.n+1) > 3*len(t.slots) {
		t.grow(c)
	}
	t.insert(name, id)
	t.n++
}

func (t *podTable) insert(name string, id podID) {
	mask := uint32(len(t.slots) - 1)
	i := podNameHash(name) & mask
	for t.slots[i] != 0 {
		i = (i + 1) & mask
	}
	t.slots[i] = id + 1
}

func (t *podTable) grow(c *Controller) {
	old := t.slots
	t.slots = make([]podID, max(8, 2*len(old)))
	for _, s := range old {
		if s != 0 {
			t.insert(c.pod(s-1).name(), s-1)
		}
	}
}

// del removes the pod named name, if present.
func (t *podTable) del(c *Controller, name string) {
	if t.n == 0 {
		return
	}
	mask := uint32(len(t.slots) - 1)
	i := podNameHash(name) & mask
	for {
		s := t.slots[i]
		if s == 0 {
			return
		}
		if c.pod(s-1).name() == name {
			break
		}
		i = (i + 1) & mask
	}
	t.slots[i] = 0
	t.n--
	// Shift back the entries that probed past the freed slot.
	for j := (i + 1) & mask; t.slots[j] != 0; j = (j + 1) & mask {
		k := podNameHash(c.pod(t.slots[j]-1).name()) & mask
		// Keep the entry at j if its home k lies cyclically in (i, j].
		if (i < j && i < k && k <= j) || (j < i && (i < k || k <= j)) {
			continue
		}
		t.slots[i], t.slots[j] = t.slots[j], 0
		i = j
	}
}

// len returns the number of pods in the table.
func (t *podTable) len() int { return t.n }

// each calls f with every id in the table.
func (t *podTable) each(f func(podID)) {
	for _, s := range t.slots {
		if s != 0 {
			f(s - 1)
		}
	}
}

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
	if id, ok := c.plIdx[k]; ok {
		c.plists[id].refs++
		return id
	}
	if len(c.plists) == 0 {
		c.plists = append(c.plists, portList{})
	}
	var id uint32
	if n := len(c.plFree); n > 0 {
		id = c.plFree[n-1]
		c.plFree = c.plFree[:n-1]
	} else {
		id = uint32(len(c.plists))
		c.plists = append(c.plists, portList{})
	}
	c.plists[id] = portList{ports: ports, refs: 1}
	c.plIdx[k] = id
	return id
}

// releasePorts drops a reference to port list id.
func (c *Controller) releasePorts(id uint32) {
	if id == 0 {
		return
	}
	pl := &c.plists[id]
	if pl.refs--; pl.refs == 0 {
		delete(c.plIdx, portListKey{&pl.ports[0], len(pl.ports)})
		*pl = portList{}
		c.plFree = append(c.plFree, id)
	}
}

// portsOf returns the pod's container ports.
func (c *Controller) portsOf(r *podRec) []pod.ContainerPort {
	if r.ports == 0 {
		return nil
	}
	return c.plists[r.ports].ports
}
