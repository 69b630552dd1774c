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
	PodCIDR netip.Prefix // PodCIDRs[0]
	Ready   bool
	// Labels are the kubelet's well-known node labels
	// (kubernetes.io/hostname, kubernetes.io/os=linux,
	// kubernetes.io/arch=amd64) and, on node-1, the role label kubeadm sets
	// on a control-plane node (node-role.kubernetes.io/control-plane=""),
	// and topology.kubernetes.io/zone when the node has a Zone.
	Labels selector.Set
	// Taints is spec.taints: node-role.kubernetes.io/control-plane:NoSchedule
	// on node-1 with Config.ControlPlaneTaint, else none.
	Taints []Taint
	// KubeletVersion is status.nodeInfo.kubeletVersion (Config.KubeletVersion).
	KubeletVersion string
	// CreationTimestamp is metadata.creationTimestamp: the cluster's start.
	CreationTimestamp time.Time
	// Zone is the node's topology.kubernetes.io/zone label (Config.Zones);
	// "" without one.
	Zone string
	// PodCIDRs are spec.podCIDRs: one per IP family of the cluster, the
	// primary first.
	PodCIDRs []netip.Prefix
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
	LabelTopologyZone    = "topology.kubernetes.io/zone"
	TaintKeyControlPlane = LabelControlPlane
)

// Node returns the node named name, as Nodes lists it, and whether it
// exists.
func (c *Cluster) Node(name string) (Node, bool) {
	i, ok := c.nodeIndex(name)
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
	zone := c.nodeZone(int32(i))
	if zone != "" {
		labels[LabelTopologyZone] = zone
	}
	var taints []Taint
	if i == apiserverNode {
		labels[LabelControlPlane] = ""
		if n.noSchedule {
			taints = []Taint{{Key: TaintKeyControlPlane, Effect: NoSchedule}}
		}
	}
	cidrs := []netip.Prefix{n.cidr}
	if c.cfg.dualStack() {
		cidrs = append(cidrs, nodeCIDRAt(c.cfg.SecondaryPodCIDR, int32(i)))
	}
	return Node{Name: n.name, IP: n.ip, PodCIDR: n.cidr, PodCIDRs: cidrs, Ready: n.ready, Labels: labels, Taints: taints,
		KubeletVersion: c.cfg.KubeletVersion, CreationTimestamp: Epoch, Zone: zone}
}

// nodeZone returns node n's zone label: Config.Zones round-robin in node
// order ("" without zones).
func (c *Cluster) nodeZone(n int32) string {
	if n < 0 || len(c.cfg.Zones) == 0 {
		return ""
	}
	return c.cfg.Zones[int(n)%len(c.cfg.Zones)]
}

// zoneFunc returns the endpoints controller's view of the node labels
// topology.kubernetes.io/zone (endpoints.Options.NodeZone): nil without
// Config.Zones.
func (c *Cluster) zoneFunc() func(node string) string {
	if len(c.cfg.Zones) == 0 {
		return nil
	}
	return func(node string) string {
		n, ok := c.nodeIndex(node)
		if !ok {
			return ""
		}
		return c.nodeZone(n)
	}
}
