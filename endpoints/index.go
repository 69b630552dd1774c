package endpoints

import (
	"slices"

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
	byLabel map[labelKV]map[podID]struct{}
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
	return &nsState{name: name, pods: map[string]podID{}, byLabel: map[labelKV]map[podID]struct{}{},
		ghosts: map[string]podID{}, selVer: 1}
}

func (n *nsState) indexPod(id podID, labels selector.Set) {
	for k, v := range labels {
		kv := labelKV{k, v}
		m := n.byLabel[kv]
		if m == nil {
			m = map[podID]struct{}{}
			n.byLabel[kv] = m
		}
		m[id] = struct{}{}
	}
}

func (n *nsState) unindexPod(id podID, labels selector.Set) {
	for k, v := range labels {
		kv := labelKV{k, v}
		if m := n.byLabel[kv]; m != nil {
			delete(m, id)
			if len(m) == 0 {
				delete(n.byLabel, kv)
			}
		}
	}
}

// selectedPods appends the ids of the pods the Service selects, found
// through the label index from its selector's rarest label, sorted.
func (n *nsState) selectedPods(c *Controller, s *svcState, dst []podID) []podID {
	sel := s.svc.Selector
	var best map[podID]struct{}
	first := true
	for k, v := range sel {
		m := n.byLabel[labelKV{k, v}]
		if first || len(m) < len(best) {
			best, first = m, false
		}
	}
	start := len(dst)
	for id := range best {
		// With one label, the index entry is the selection: no check.
		if len(sel) == 1 || s.selects(c.pods[id].labels) {
			dst = append(dst, id)
		}
	}
	slices.Sort(dst[start:])
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
