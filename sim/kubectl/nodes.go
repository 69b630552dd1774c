package kubectl

import (
	"io"
	"slices"
	"strings"

	"github.com/svcsim/svcsim/sim"
)

// What `kubectl get nodes -o wide` shows of a node's status.nodeInfo that
// svcsim does not model: illustrative values of a kind node (kindest/node
// image, Debian 12, containerd 2.1).
const (
	OSImage          = "Debian GNU/Linux 12 (bookworm)"
	KernelVersion    = "6.8.0-60-generic"
	ContainerRuntime = "containerd://2.1.1"
)

// Nodes prints nodes as `kubectl get nodes` (NAME STATUS ROLES AGE VERSION)
// and, with o.Wide, adds INTERNAL-IP, EXTERNAL-IP (always <none>: kind
// nodes have none), OS-IMAGE, KERNEL-VERSION and CONTAINER-RUNTIME (the
// illustrative OSImage, KernelVersion and ContainerRuntime). STATUS is
// "Ready" or "NotReady" (printNode upstream prints NotReady for a Ready
// condition that is False or Unknown); ROLES are read from the labels as
// printNode's findNodeRoles does; AGE counts from the node's
// CreationTimestamp (Options.Born if zero). Nodes keep the order given
// (sim.Cluster.Nodes lists node-1 … node-N). Nodes are cluster-scoped: no
// NAMESPACE column, and an empty list prints "No resources found".
func Nodes(w io.Writer, nodes []sim.Node, o Options) error {
	hdr := []string{"NAME", "STATUS", "ROLES", "AGE", "VERSION"}
	if o.Wide {
		hdr = append(hdr, "INTERNAL-IP", "EXTERNAL-IP", "OS-IMAGE", "KERNEL-VERSION", "CONTAINER-RUNTIME")
	}
	o.AllNamespaces = false // nodes are not namespaced
	t := newTable(o, hdr...)
	t.empty = noResources
	for _, n := range nodes {
		status := "NotReady"
		if n.Ready {
			status = "Ready"
		}
		born := n.CreationTimestamp
		if born.IsZero() {
			born = o.Born
		}
		cells := []string{n.Name, status, NodeRoles(n), age(o.Now, born), n.KubeletVersion}
		if o.Wide {
			ip := "<none>"
			if n.IP.IsValid() {
				ip = n.IP.String()
			}
			cells = append(cells, ip, "<none>", OSImage, KernelVersion, ContainerRuntime)
		}
		t.add(o, "", cells...)
	}
	return t.write(w)
}

// Node role labels (kubectl pkg/printers/internalversion/printers.go).
const (
	labelNodeRolePrefix = "node-role.kubernetes.io/"
	labelNodeRole       = "kubernetes.io/role"
)

// NodeRoles returns the ROLES cell of a node as printNode's findNodeRoles
// computes it: the <role> of every node-role.kubernetes.io/<role> label and
// the value of a kubernetes.io/role label (empty ones skipped), sorted,
// de-duplicated and comma-joined, or "<none>".
func NodeRoles(n sim.Node) string {
	var roles []string
	for k, v := range n.Labels {
		switch {
		case strings.HasPrefix(k, labelNodeRolePrefix):
			if r := strings.TrimPrefix(k, labelNodeRolePrefix); r != "" {
				roles = append(roles, r)
			}
		case k == labelNodeRole && v != "":
			roles = append(roles, v)
		}
	}
	if len(roles) == 0 {
		return "<none>"
	}
	slices.Sort(roles)
	return strings.Join(slices.Compact(roles), ",")
}
