package endpoints

import (
	"unsafe"

	"github.com/svcsim/svcsim/internal/smallmap"
	"github.com/svcsim/svcsim/selector"
)

// labelKV is one label, the key of the pod label index.
type labelKV struct{ k, v string }

// nsState is one namespace: its pods by name, the pod label index and the
// service selector index. It is dropped when it holds no live pod, no
// lingering record and no Service (releaseNS).
type nsState struct {
	name string
	// svcs counts the Services known (in Controller.svcs); lingering the
	// deleted pods' records still held (replaced ones included).
	svcs, lingering int32
	pods            podTable // live pods by name
	// byLabel is the controller's own pod index: k=v → the label groups
	// carrying it, so a Service's member pods are found from its rarest
	// selector label without scanning the namespace.
	byLabel smallmap.Map[labelKV, *labelSet]
	// lgByPtr holds every label group, by the identity of its map; a
	// group is found by content through byLabel (findGroup), the group of
	// the empty label set, which byLabel cannot list, in unlabelled.
	lgByPtr    smallmap.Map[unsafe.Pointer, *labelGroup]
	unlabelled *labelGroup
	// bySel indexes the managed Services by selector: a pod's Services are
	// found in O(labels + candidates), never O(services in the namespace)
	// as upstream's GetPodServiceMemberships.
	bySel selector.Index[*svcState]
	// selVer versions bySel (starting at 1) for the pods' memos.
	selVer uint64
	// ghosts: the deleted pods whose endpoints are still in slices, by
	// name, until their records are freed or a pod of the same name
	// replaces them.
	ghosts podTable
	// sliceNames holds the names of every EndpointSlice in the namespace
	// (the controller's, mirrored and writer-named ones): a generated name
	// is drawn again while taken.
	sliceNames smallmap.Map[sliceNameKey, struct{}]
}

// nsBlock is a namespace's state with the first tables of its label
// index and taken slice names and the first slots of its live pods'
// table: a namespace of a few pods, labels and slices costs one
// allocation, not five.
type nsBlock struct {
	ns         nsState
	byLabel    smallmap.First[labelKV, *labelSet]
	lgByPtr    smallmap.First[unsafe.Pointer, *labelGroup]
	sliceNames smallmap.First[sliceNameKey, struct{}]
	podSlots   [minPodSlots]podSlot
}

func newNS(name string) *nsState {
	b := &nsBlock{ns: nsState{name: name, selVer: 1}}
	n := &b.ns
	n.byLabel.UseFirst(&b.byLabel)
	n.lgByPtr.UseFirst(&b.lgByPtr)
	n.sliceNames.UseFirst(&b.sliceNames)
	n.pods.slots = b.podSlots[:]
	return n
}

// labelGroup is the pods of a namespace that carry one label set (pods of
// one template share it): the set, its members, their Services memoized,
// and its places in the label index. A pod record holds only its group and
// its position there.
type labelGroup struct {
	labels selector.Set // the first map seen with this content (immutable)
	pods   []podID      // members; each record knows its index (podRec.lgPos)
	slots  []labelSlot  // its place in the labelSet of each of its labels
	// svcs memoizes the Services matching labels, from the namespace's
	// selector index as of version svcsVer (0: not computed).
	svcs    []*svcState
	svcsVer uint64
	// slotsIn, podsIn and svcsIn are the first blocks of slots, pods and
	// svcs: a template's labels and its pod-template-hash, a few pods and
	// the one Service that selects them take no allocation of their own.
	slotsIn [2]labelSlot
	podsIn  [4]podID
	svcsIn  [1]*svcState
}

// newLabelGroup returns a new label group with room for the n label sets
// it is the first to carry, up to two (a template's labels and its
// pod-template-hash make two), in its own allocation. A set outlives its
// group while other groups carry its label, keeping the group's memory:
// one group's at most per label.
func newLabelGroup(n int) (*labelGroup, []labelSet) {
	switch n {
	case 0:
		return new(labelGroup), nil
	case 1:
		b := new(struct {
			g    labelGroup
			sets [1]labelSet
		})
		return &b.g, b.sets[:]
	}
	b := new(struct {
		g    labelGroup
		sets [2]labelSet
	})
	return &b.g, b.sets[:]
}

// labelSet is the label groups carrying one label, in a dense list; each
// group knows its position in every set it is in (labelSlot), so removal
// is a swap. npods counts their pods.
type labelSet struct {
	kv    labelKV
	grps  []*labelGroup
	npods int
	// grpsIn holds the list while one group carries the label, as most
	// labels of a namespace are carried by one template's group.
	grpsIn [1]*labelGroup
}

// labelSlot is a group's place in one labelSet.
type labelSlot struct {
	set *labelSet
	pos int32
}

// group returns the label group of labels, creating it if needed: found by
// map identity first (pods of one template share their Labels), else by
// content (findGroup). The map is ranged over once (labelSets): its
// labels' sets serve both the search and a new group.
func (n *nsState) group(labels selector.Set) *labelGroup {
	ptr := mapPointer(labels)
	if g := n.lgByPtr.Value(ptr); g != nil {
		return g
	}
	var buf [8]label
	found, missing := n.labelSets(labels, buf[:0])
	if missing == 0 {
		if g := n.findGroup(labels, found); g != nil {
			return g
		}
	}
	// A new group, with room for the sets of its labels it makes.
	g, spare := newLabelGroup(missing)
	g.labels = labels
	g.slots, g.pods, g.svcs = g.slotsIn[:0], g.podsIn[:0], g.svcsIn[:0]
	if len(labels) > len(g.slotsIn) {
		g.slots = make([]labelSlot, 0, len(labels))
	}
	n.lgByPtr.Set(ptr, g)
	if len(labels) == 0 {
		n.unlabelled = g
	}
	for _, l := range found {
		set := l.set
		if set == nil {
			if len(spare) > 0 {
				set, spare = &spare[0], spare[1:]
			} else {
				set = new(labelSet)
			}
			set.kv = l.kv
			set.grps = set.grpsIn[:0]
			n.byLabel.Set(l.kv, set)
		}
		g.slots = append(g.slots, labelSlot{set: set, pos: int32(len(set.grps))})
		set.grps = append(set.grps, g)
	}
	return g
}

// label is a label and its label set in the index (nil: not carried).
type label struct {
	kv  labelKV
	set *labelSet
}

// labelSets appends each label of labels with its set to dst, and
// returns how many are not carried yet.
func (n *nsState) labelSets(labels selector.Set, dst []label) (_ []label, missing int) {
	for k, v := range labels {
		kv := labelKV{k, v}
		set := n.byLabel.Value(kv)
		if set == nil {
			missing++
		}
		dst = append(dst, label{kv, set})
	}
	return dst, missing
}

// dropGroup removes an empty label group from the index.
func (n *nsState) dropGroup(g *labelGroup) {
	for _, slot := range g.slots {
		set := slot.set
		last := int32(len(set.grps) - 1)
		if slot.pos != last {
			moved := set.grps[last]
			set.grps[slot.pos] = moved
			for j := range moved.slots {
				if moved.slots[j].set == set {
					moved.slots[j].pos = slot.pos
					break
				}
			}
		}
		set.grps[last] = nil
		set.grps = set.grps[:last]
		if last == 0 {
			n.byLabel.Delete(set.kv)
		}
	}
	n.lgByPtr.Delete(mapPointer(g.labels))
	if n.unlabelled == g {
		n.unlabelled = nil
	}
	clear(g.svcs)
}

// mapPointer returns the identity of a label map (nil for a nil map): a
// map value is a pointer to the runtime's map, read here as such (what
// reflect.Value.UnsafePointer returns for a map, without building the
// Value).
func mapPointer(m selector.Set) unsafe.Pointer { return *(*unsafe.Pointer)(unsafe.Pointer(&m)) }

// findGroup returns the label group whose labels equal labels by
// content, nil if there is none, given the sets of its labels, all
// carried (labelSets): searched among the groups carrying the rarest of
// them, or the unlabelled group for an empty set.
func (n *nsState) findGroup(labels selector.Set, sets []label) *labelGroup {
	if len(labels) == 0 {
		return n.unlabelled
	}
	best := sets[0].set
	for _, l := range sets[1:] {
		if len(l.set.grps) < len(best.grps) {
			best = l.set
		}
	}
	for _, g := range best.grps {
		if g.is(labels) {
			return g
		}
	}
	return nil
}

// is reports whether g's labels are labels, read from its slots (one for
// each of its labels): no iteration over a map.
func (g *labelGroup) is(labels selector.Set) bool {
	if len(g.slots) != len(labels) {
		return false
	}
	for _, slot := range g.slots {
		if v, ok := labels[slot.set.kv.k]; !ok || v != slot.set.kv.v {
			return false
		}
	}
	return true
}

// selectedBy reports whether the labels of group g, read from its slots
// (one per label, of distinct keys, as checkLabelIndex checks), carry
// selector sel: whether as many of them as sel has are in it, each
// looked up in sel. No map is iterated: the selector's lookups are
// cheaper than a range over it.
func (g *labelGroup) selectedBy(sel selector.Set) bool {
	n := 0
	for _, slot := range g.slots {
		if v, ok := sel[slot.set.kv.k]; ok && v == slot.set.kv.v {
			n++
		}
	}
	return n == len(sel)
}

// indexPod adds pod id with these labels to the label index.
func (c *Controller) indexPod(n *nsState, id podID, labels selector.Set) {
	r := c.pod(id)
	g := n.group(labels)
	r.lg, r.lgPos = g, int32(len(g.pods))
	g.pods = append(g.pods, id)
	for _, slot := range g.slots {
		slot.set.npods++
	}
}

// unindexPod removes pod id from the label index.
func (c *Controller) unindexPod(n *nsState, id podID) {
	r := c.pod(id)
	g := r.lg
	last := int32(len(g.pods) - 1)
	if r.lgPos != last {
		moved := g.pods[last]
		g.pods[r.lgPos] = moved
		c.pod(moved).lgPos = r.lgPos
	}
	g.pods = g.pods[:last]
	r.lg, r.lgPos = nil, 0
	for _, slot := range g.slots {
		slot.set.npods--
	}
	if last == 0 {
		n.dropGroup(g)
	}
}

// selectedPods appends the ids of the pods the Service selects, found
// through the label index from its selector's rarest label.
func (n *nsState) selectedPods(s *svcState, dst []podID) []podID {
	sel := s.svc.Selector
	var best *labelSet
	for k, v := range sel {
		set := n.byLabel.Value(labelKV{k, v})
		if set == nil {
			return dst
		}
		if best == nil || set.npods < best.npods {
			best = set
		}
	}
	if best == nil {
		return dst
	}
	for _, g := range best.grps {
		if len(sel) == 1 || s.selects(g) {
			dst = append(dst, g.pods...)
		}
	}
	return dst
}

func (n *nsState) indexService(s *svcState) {
	n.bySel.AddSet(s, s.svc.Selector)
	n.selVer++
}

func (n *nsState) unindexService(s *svcState) {
	n.bySel.Remove(s)
	n.selVer++
}

// matchingServices appends the managed Services whose selector matches
// labels, in the order they were indexed (deterministic, whatever the map
// order).
func (n *nsState) matchingServices(labels selector.Set, dst []*svcState) []*svcState {
	return n.bySel.Matching(labels, dst)
}
