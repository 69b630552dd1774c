package sim

// The public view of nodes (core/v1 Node, reduced to what Service
// networking and `kubectl get nodes` need).

import (
	"net/netip"
	"time"

	"github.com/svcsim/svcsim/selector"
)

// Node is a cluster node as seen from the API.
type Node struct {
	Name    string
	IP      netip.Addr
	PodCIDR netip.Prefix
	Ready   bool
	// Labels are the kubelet's well-known node labels
	// (kubernetes.io/hostname, kubernetes.io/os=linux,
	// kubernetes.io/arch=amd64) and, on node-1, the role label kubeadm sets
	// on a control-plane node (node-role.kubernetes.io/control-plane="").
	Labels selector.Set
	// Taints is spec.taints: node-role.kubernetes.io/control-plane:NoSchedule
	// on node-1 with Config.ControlPlaneTaint, else none.
	Taints []Taint
	// KubeletVersion is status.nodeInfo.kubeletVersion (Config.KubeletVersion).
	KubeletVersion string
	// CreationTimestamp is metadata.creationTimestamp: the cluster's start.
	CreationTimestamp time.Time
}

// TaintEffect is a taint's effect.
type TaintEffect string

// NoSchedule: the scheduler places no pod that does not tolerate the taint.
const NoSchedule TaintEffect = "NoSchedule"

// Taint is a node taint (core/v1 Taint).
type Taint struct {
	Key, Value string
	Effect     TaintEffect
}

// String returns the taint as kubectl writes it: "key=value:Effect", or
// "key:Effect" without a value.
func (t Taint) String() string {
	if t.Value == "" {
		return t.Key + ":" + string(t.Effect)
	}
	return t.Key + "=" + t.Value + ":" + string(t.Effect)
}

// Well-known node labels and the control-plane taint (k8s.io/api
// core/v1 well_known_labels.go; kubeadm cmd/kubeadm/app/constants).
const (
	LabelHostname        = "kubernetes.io/hostname"
	LabelOS              = "kubernetes.io/os"
	LabelArch            = "kubernetes.io/arch"
	LabelControlPlane    = "node-role.kubernetes.io/control-plane"
	TaintKeyControlPlane = LabelControlPlane
)

// Node returns the node named name, as Nodes lists it, and whether it
// exists.
func (c *Cluster) Node(name string) (Node, bool) {
	i, ok := c.nodeByName[name]
	if !ok {
		return Node{}, false
	}
	return c.nodeValue(int(i)), true
}

// Nodes returns the cluster's nodes in node order.
func (c *Cluster) Nodes() []Node {
	out := make([]Node, len(c.nodes))
	for i := range c.nodes {
		out[i] = c.nodeValue(i)
	}
	return out
}

// nodeValue returns node i as the API shows it.
func (c *Cluster) nodeValue(i int) Node {
	n := &c.nodes[i]
	labels := selector.Set{LabelHostname: n.name, LabelOS: "linux", LabelArch: "amd64"}
	var taints []Taint
	if i == apiserverNode {
		labels[LabelControlPlane] = ""
		if n.noSchedule {
			taints = []Taint{{Key: TaintKeyControlPlane, Effect: NoSchedule}}
		}
	}
	return Node{Name: n.name, IP: n.ip, PodCIDR: n.cidr, Ready: n.ready, Labels: labels, Taints: taints,
		KubeletVersion: c.cfg.KubeletVersion, CreationTimestamp: Epoch}
}
