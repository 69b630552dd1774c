package sim

// A public read of many pods that builds only what a test choosing pods,
// or working out a Service's endpoints from scratch, reads of each: not
// the containers, IPs and service environment variables Pods builds.

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
	ns, ok := c.nsIdx[pod.NamespaceOrDefault(namespace)]
	if !ok {
		return nil
	}
	var out []PodSummary
	for i := range c.store.In(ns) {
		if !sel.Matches(c.pod(i).tmpl.labels) {
			continue
		}
		v := c.podValue(i)
		out = append(out, PodSummary{Name: v.Name, Labels: maps.Clone(v.Labels), NodeName: v.NodeName, IP: v.IP,
			Ports: slices.Clone(v.Ports), Phase: v.Phase, Ready: v.Ready, Terminating: v.Terminating,
			ContainerReason: v.ContainerReason})
	}
	slices.SortFunc(out, func(a, b PodSummary) int { return strings.Compare(a.Name, b.Name) })
	return out
}
