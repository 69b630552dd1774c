package sim

// A public read of many pods that builds only what a test choosing pods,
// or working out a Service's endpoints from scratch, reads of each, from
// the pod's record: not the UID, timestamps, containers, IPs and service
// environment variables Pods builds.

import (
	"maps"
	"net/netip"
	"slices"
	"strings"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
)

// PodSummary is what a caller choosing pods by name, labels, node or
// state reads of a pod, or one working out a Service's endpoints: each
// field is the pod.Pod field of the same name, as Pods reports it.
type PodSummary struct {
	Name            string
	Labels          selector.Set        // a copy
	NodeName        string              // "" until scheduled
	IP              netip.Addr          // the primary IP; zero until it has one
	Ports           []pod.ContainerPort // every container's, a copy
	Phase           pod.Phase
	Ready           bool
	Terminating     bool
	ContainerReason string // "Error", "CrashLoopBackOff", or "" while the container runs
}

// PodSummaries returns the summaries of the pods of namespace ("" means
// default) whose labels match sel, sorted by name: the pods Pods returns,
// in its order, at the cost of a copy of their labels and ports.
func (c *Cluster) PodSummaries(namespace string, sel selector.Selector) []PodSummary {
	ns, ok := c.nsIdx.Get(pod.NamespaceOrDefault(namespace))
	if !ok {
		return nil
	}
	// The matching slots are sorted by name before the summaries are
	// built: sorting the summaries would move ten words at each swap.
	var buf [16]int32
	slots := buf[:0]
	for i := range c.store.In(ns) {
		if sel.Matches(c.pod(i).tmpl.labels) {
			slots = append(slots, i)
		}
	}
	if len(slots) == 0 {
		return nil
	}
	slices.SortFunc(slots, func(a, b int32) int { return strings.Compare(c.pod(a).name(), c.pod(b).name()) })
	// One array holds every summary's ports, each capped to its own, so
	// that an append to one copies it.
	n := 0
	for _, i := range slots {
		n += len(c.pod(i).tmpl.ports)
	}
	ports := make([]pod.ContainerPort, 0, n)
	out := make([]PodSummary, len(slots))
	for k, i := range slots {
		p := c.pod(i)
		own := p.tmpl.ports[:0:0] // without ports: nil or empty as the pod's, holding nothing
		if len(p.tmpl.ports) > 0 {
			start := len(ports)
			ports = append(ports, p.tmpl.ports...)
			own = ports[start:len(ports):len(ports)]
		}
		out[k] = PodSummary{Name: p.name(), Labels: maps.Clone(p.tmpl.labels), NodeName: c.nodeName(p.node),
			IP: c.podIP(i), Ports: own, Phase: p.phase(), Ready: p.has(fReady),
			Terminating: p.has(fTerminating), ContainerReason: p.containerReason()}
	}
	return out
}
