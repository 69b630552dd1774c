package kubectl

import (
	"io"

	"github.com/svcsim/svcsim/sim"
)

// Nodes prints nodes as `kubectl get nodes` (NAME STATUS ROLES AGE) and,
// with o.Wide, adds INTERNAL-IP and POD-CIDR. STATUS is "Ready" or
// "NotReady" (printNode upstream prints NotReady for a Ready condition that
// is False or Unknown); ROLES is "<none>", svcsim's nodes being plain
// workers. svcsim models no kubelet version, OS image or runtime, so those
// `-o wide` columns are left out; POD-CIDR is what
// `kubectl get nodes -o custom-columns=...,POD-CIDR:.spec.podCIDR` shows.
// Nodes keep the order given (sim.Cluster.Nodes lists node-1 … node-N).
func Nodes(w io.Writer, nodes []sim.Node, o Options) error {
	hdr := []string{"NAME", "STATUS", "ROLES", "AGE"}
	if o.Wide {
		hdr = append(hdr, "INTERNAL-IP", "POD-CIDR")
	}
	o.AllNamespaces = false // nodes are not namespaced
	t := newTable(o, hdr...)
	for _, n := range nodes {
		status := "NotReady"
		if n.Ready {
			status = "Ready"
		}
		cells := []string{n.Name, status, "<none>", age(o.Now, o.Born)}
		if o.Wide {
			ip, cidr := "<none>", "<none>"
			if n.IP.IsValid() {
				ip = n.IP.String()
			}
			if n.PodCIDR.IsValid() {
				cidr = n.PodCIDR.String()
			}
			cells = append(cells, ip, cidr)
		}
		t.add(o, "", cells...)
	}
	return t.write(w)
}
