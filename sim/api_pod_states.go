package sim

// Public reads of pods' names, states and ports that allocate nothing
// once the caller's buffer is large enough: for a test that, after every
// step, picks pods to act on (delete one, crash a running one, fail a
// readiness probe) or works out a Service's endpoints from scratch, where
// PodSummaries' copies of every pod's labels would be most of the cost.

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
	ns, ok := c.nsIdx.Get(pod.NamespaceOrDefault(namespace))
	if !ok {
		return dst
	}
	return c.appendPodStates(dst, ns, sel.Matches)
}

// appendPodStates appends to dst the states of the pods of namespace
// index ns whose labels match, sorted by name: AppendPodStates, and
// AppendServicePodStates with the Service's selector pairs.
func (c *Cluster) appendPodStates(dst []PodState, ns int32, match func(selector.Set) bool) []PodState {
	start := len(dst)
	for i := range c.store.In(ns) {
		p := c.pod(i)
		if !match(p.tmpl.labels) {
			continue
		}
		dst = append(dst, PodState{Name: p.name(), NodeName: c.nodeName(p.node), IP: c.podIP(i), Phase: p.phase(),
			Ready: p.has(fReady), Terminating: p.has(fTerminating), ContainerReason: p.containerReason()})
	}
	sortByName(dst[start:])
	return dst
}

// sortByName sorts states by name (unique in a namespace). A namespace
// of a small cluster holds a few pods: up to 12 (where slices.SortFunc
// sorts by insertion too) they are sorted by insertion, comparing the
// names in place, as slices.SortFunc's comparison function would be
// passed copies of both states at each call.
func sortByName(states []PodState) {
	if len(states) > 12 {
		slices.SortFunc(states, func(a, b PodState) int { return strings.Compare(a.Name, b.Name) })
		return
	}
	for i := 1; i < len(states); i++ {
		for j := i; j > 0 && states[j].Name < states[j-1].Name; j-- {
			states[j], states[j-1] = states[j-1], states[j]
		}
	}
}

// AppendPodPorts appends to dst the container ports of pod namespace/name
// ("" namespace: default), every container's, as Pod reports them in
// pod.Pod.Ports, and returns the extended slice and whether the pod
// exists (dst unchanged if not). With AppendPodStates, it gives what a
// Service's endpoints are worked out from (a named target port resolves
// on these); pass the slice of the previous call, emptied, to read
// without allocating:
//
//	ports, _ = c.AppendPodPorts(ports[:0], "", name)
func (c *Cluster) AppendPodPorts(dst []pod.ContainerPort, namespace, name string) ([]pod.ContainerPort, bool) {
	i, ok := c.lookupPod(pod.NamespaceOrDefault(namespace), name)
	if !ok {
		return dst, false
	}
	return append(dst, c.pod(i).tmpl.ports...), true
}
