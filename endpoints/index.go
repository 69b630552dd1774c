package endpoints

import (
	"github.com/svcsim/svcsim/selector"
)

// labelKV is one label, the key of the pod label index.
type labelKV struct{ k, v string }

// nsState is one namespace: its pods by name, the pod label index and the
// service selector index.
type nsState struct {
	name string
	pods map[string]podID
	// byLabel is the controller's own pod index: k=v → pods carrying it, so
	// a Service's member pods are found from its rarest selector label
	// without scanning the namespace.
	byLabel map[labelKV]*labelSet
	// bySel indexes the managed Services by selector: a pod's Services are
	// found in O(labels + candidates), never O(services in the namespace)
	// as upstream's GetPodServiceMemberships.
	bySel selector.Index[*svcState]
	// selVer versions bySel (starting at 1) for the pods' memos.
	selVer uint64
	// ghosts: deleted pods whose endpoints are still in slices, by name;
	// lingering counts them (ghosts may also hold stale entries, swept
	// when they outnumber the live ones).
	ghosts    map[string]podID
	lingering int
}

func newNS(name string) *nsState {
	return &nsState{name: name, pods: map[string]podID{}, byLabel: map[labelKV]*labelSet{},
		ghosts: map[string]podID{}, selVer: 1}
}

// labelSet is the pods carrying one label, in a dense list; each pod
// record knows its position in every set it is in (labelSlot), so removal
// is a swap.
type labelSet struct {
	kv  labelKV
	ids []podID
}

// labelSlot is a pod's place in one labelSet.
type labelSlot struct {
	set *labelSet
	pos int32
}

// indexPod adds pod id, with its current labels, to the label index.
func (c *Controller) indexPod(n *nsState, id podID) {
	r := c.pod(id)
	r.lslots = r.lslots[:0]
	for k, v := range r.labels {
		kv := labelKV{k, v}
		set := n.byLabel[kv]
		if set == nil {
			set = &labelSet{kv: kv}
			n.byLabel[kv] = set
		}
		r.lslots = append(r.lslots, labelSlot{set: set, pos: int32(len(set.ids))})
		set.ids = append(set.ids, id)
	}
}

// unindexPod removes pod id from the label index.
func (c *Controller) unindexPod(n *nsState, id podID) {
	r := c.pod(id)
	for _, slot := range r.lslots {
		set := slot.set
		last := int32(len(set.ids) - 1)
		if slot.pos != last {
			moved := set.ids[last]
			set.ids[slot.pos] = moved
			mr := c.pod(moved)
			for j := range mr.lslots {
				if mr.lslots[j].set == set {
					mr.lslots[j].pos = slot.pos
					break
				}
			}
		}
		set.ids = set.ids[:last]
		if last == 0 {
			delete(n.byLabel, set.kv)
		}
	}
	clear(r.lslots)
	r.lslots = r.lslots[:0]
}

// selectedPods appends the ids of the pods the Service selects, found
// through the label index from its selector's rarest label.
func (n *nsState) selectedPods(c *Controller, s *svcState, dst []podID) []podID {
	sel := s.svc.Selector
	var best *labelSet
	for k, v := range sel {
		set := n.byLabel[labelKV{k, v}]
		if set == nil {
			return dst
		}
		if best == nil || len(set.ids) < len(best.ids) {
			best = set
		}
	}
	if best == nil {
		return dst
	}
	if len(sel) == 1 { // the index entry is the selection
		return append(dst, best.ids...)
	}
	for _, id := range best.ids {
		if s.selects(c.pod(id).labels) {
			dst = append(dst, id)
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
