package sim

// A public read of the pods a Service selects, in one lookup of the
// Service and without building its selector: for a test that, after
// every step, works out the Service's endpoints from scratch, where
// ServiceSelector's new Selector and a second lookup would be a good
// part of the cost.

import (
	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
)

// AppendServicePodStates appends to dst the states of the pods of its
// namespace that Service namespace/name ("" namespace: default) selects,
// sorted by name: what AppendPodStates appends with the selector
// ServiceSelector returns (every pod of the namespace for a Service
// without a selector: ServiceState's Managed tells it apart). It returns
// the extended slice and whether the Service exists (dst unchanged if
// not). A pod is selected when its labels hold every pair of the
// Service's spec.selector (labels.SelectorFromSet semantics). Pass the
// slice of the previous call, emptied, to read without allocating (for
// a selector of up to four labels):
//
//	states, _ = c.AppendServicePodStates(states[:0], "", name)
func (c *Cluster) AppendServicePodStates(dst []PodState, namespace, name string) ([]PodState, bool) {
	_, r := c.lookupSvc(pod.NamespaceOrDefault(namespace), name)
	if r == nil {
		return dst, false
	}
	// The selector's pairs, on the stack up to four: listed once, not
	// ranged over (a map iteration) for every pod.
	var first [4]labelPair
	pairs := first[:0]
	for k, v := range r.svc.Selector {
		pairs = append(pairs, labelPair{k, v})
	}
	return c.appendPodStates(dst, r.ns, func(labels selector.Set) bool { return holdsAll(labels, pairs) }), true
}

// labelPair is one key=value pair of a Service's selector.
type labelPair struct{ key, value string }

// holdsAll reports whether labels hold every pair of pairs.
func holdsAll(labels selector.Set, pairs []labelPair) bool {
	for _, p := range pairs {
		if v, ok := labels[p.key]; !ok || v != p.value {
			return false
		}
	}
	return true
}
