package endpoints

import (
	"slices"
	"strings"

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
	// bySel indexes managed Services by one label of their selector (the
	// smallest key): a pod's Services are the anchored candidates of its
	// labels whose whole selector matches. O(labels + candidates), never
	// O(services in the namespace) as upstream's GetPodServiceMemberships.
	bySel map[labelKV][]*svcState
}

func newNS(name string) *nsState {
	return &nsState{name: name, pods: map[string]podID{}, byLabel: map[labelKV]map[podID]struct{}{},
		bySel: map[labelKV][]*svcState{}}
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

// selectedPods appends the ids of the pods matching the Service selector
// sel, found through the label index from sel's rarest label, sorted.
func (n *nsState) selectedPods(c *Controller, sel selector.Set, dst []podID) []podID {
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
		if selects(sel, c.pods[id].labels) {
			dst = append(dst, id)
		}
	}
	slices.Sort(dst[start:])
	return dst
}

// anchor returns the label a Service is indexed under: its smallest key.
func anchor(sel selector.Set) labelKV {
	var a labelKV
	first := true
	for k, v := range sel {
		if first || k < a.k {
			a, first = labelKV{k, v}, false
		}
	}
	return a
}

func (n *nsState) indexService(s *svcState) {
	a := anchor(s.svc.Selector)
	n.bySel[a] = append(n.bySel[a], s)
}

func (n *nsState) unindexService(s *svcState) {
	a := anchor(s.svc.Selector)
	l := n.bySel[a]
	if i := slices.Index(l, s); i >= 0 {
		l[i] = l[len(l)-1]
		l[len(l)-1] = nil
		l = l[:len(l)-1]
	}
	if len(l) == 0 {
		delete(n.bySel, a)
	} else {
		n.bySel[a] = l
	}
}

// matchingServices appends the managed Services whose selector matches
// labels, ordered by name (deterministic, whatever the map order).
func (n *nsState) matchingServices(labels selector.Set, dst []*svcState) []*svcState {
	if len(n.bySel) == 0 {
		return dst
	}
	start := len(dst)
	for k, v := range labels {
		for _, s := range n.bySel[labelKV{k, v}] {
			if selects(s.svc.Selector, labels) {
				dst = append(dst, s)
			}
		}
	}
	if len(dst)-start > 1 {
		slices.SortFunc(dst[start:], func(a, b *svcState) int { return strings.Compare(a.key.Name, b.key.Name) })
	}
	return dst
}
