package simtest

import (
	"fmt"
	"slices"
	"strings"

	"github.com/svcsim/svcsim/endpoints"
	"github.com/svcsim/svcsim/selector"
	"github.com/svcsim/svcsim/sim/kubectl"
)

// DumpEvents is how many of the last events Dump prints.
const DumpEvents = 30

// Dump returns what a failed test prints: the virtual time and seed, the
// last DumpEvents events of the trace, and the kubectl tables of the
// nodes and of every namespace the test touched (pods -o wide, Services
// -o wide, Endpoints, EndpointSlices). Namespaces touched are those the
// test created objects in through this Cluster or asserted on, and those
// of the objects in the trace, kube-system only when the test touched it.
func (c *Cluster) Dump() string {
	var b strings.Builder
	fmt.Fprintf(&b, "svcsim cluster at %s (virtual time), seed %d\n",
		c.Now().Format("2006-01-02T15:04:05.000Z07:00"), c.cfg.Seed)
	events := c.Events()
	if len(events) > DumpEvents {
		fmt.Fprintf(&b, "\nthe last %d of %d events:\n", DumpEvents, len(events))
		events = events[len(events)-DumpEvents:]
	} else {
		fmt.Fprintf(&b, "\n%d events:\n", len(events))
	}
	for _, e := range events {
		fmt.Fprintf(&b, "  %s\n", e)
	}
	o := kubectl.For(c.Cluster)
	fmt.Fprintf(&b, "\n$ kubectl get nodes\n")
	kubectl.Nodes(&b, c.Nodes(), o)
	for _, ns := range c.namespaces() {
		o.Namespace = ns
		svcs := c.Services(ns)
		var eps []endpoints.Endpoints
		var slcs []endpoints.Slice
		for _, s := range svcs {
			if ep, ok := c.Endpoints(ns, s.Name); ok {
				eps = append(eps, ep)
			}
			slcs = append(slcs, c.EndpointSlices(ns, s.Name)...)
		}
		slices.SortFunc(slcs, func(a, b endpoints.Slice) int { return strings.Compare(a.Name, b.Name) })
		fmt.Fprintf(&b, "\n$ kubectl get pods -o wide -n %s\n", ns)
		kubectl.Pods(&b, c.Pods(ns, selector.Everything()), o.WithWide())
		fmt.Fprintf(&b, "\n$ kubectl get services -o wide -n %s\n", ns)
		kubectl.Services(&b, svcs, o.WithWide())
		fmt.Fprintf(&b, "\n$ kubectl get endpoints -n %s\n", ns)
		kubectl.Endpoints(&b, eps, o)
		fmt.Fprintf(&b, "\n$ kubectl get endpointslices -n %s\n", ns)
		kubectl.EndpointSlices(&b, slcs, o)
	}
	return b.String()
}

func sortedKeys(m map[string]bool) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
