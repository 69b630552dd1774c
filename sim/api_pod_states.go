package sim

// A public read of many pods' names and states that allocates nothing
// once the caller's buffer is large enough: for a test that picks pods
// to act on after every step (delete one, crash a running one, fail a
// readiness probe), where PodSummaries' copies of labels and ports would
// be most of the cost.

import (
	"net/netip"
	"slices"
	"strings"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
)

// PodState is a pod's name and where it stands: what `kubectl get pods
// -o wide` shows of it, less the restarts and age. Each field is the
// pod.Pod field of the same name, as Pods reports it. It holds no slice
// or map, so a copy shares nothing with the cluster.
type PodState struct {
	Name            string
	NodeName        string     // "" until scheduled
	IP              netip.Addr // the primary IP; zero until it has one
	Phase           pod.Phase
	Ready           bool
	Terminating     bool
	ContainerReason string // "Error", "CrashLoopBackOff", or "" while the container runs
}

// AppendPodStates appends to dst the states of the pods of namespace
// ("" means default) whose labels match sel, sorted by name (the pods
// Pods returns, in its order), and returns the extended slice. Pass the
// slice of the previous call, emptied, to read again without
// allocating:
//
//	states = c.AppendPodStates(states[:0], "", selector.Everything())
func (c *Cluster) AppendPodStates(dst []PodState, namespace string, sel selector.Selector) []PodState {
	ns, ok := c.nsIdx[pod.NamespaceOrDefault(namespace)]
	if !ok {
		return dst
	}
	start := len(dst)
	for i := range c.store.In(ns) {
		p := c.pod(i)
		if !sel.Matches(p.tmpl.labels) {
			continue
		}
		dst = append(dst, PodState{Name: p.name, NodeName: c.nodeName(p.node), IP: c.podIP(i), Phase: p.phase(),
			Ready: p.has(fReady), Terminating: p.has(fTerminating), ContainerReason: p.containerReason()})
	}
	slices.SortFunc(dst[start:], func(a, b PodState) int { return strings.Compare(a.Name, b.Name) })
	return dst
}
