package sim

// The public view of nodes (core/v1 Node, reduced to what Service
// networking needs).

import "net/netip"

// Node is a cluster node as seen from the API.
type Node struct {
	Name    string
	IP      netip.Addr
	PodCIDR netip.Prefix
	Ready   bool
}

// Nodes returns the cluster's nodes in node order.
func (c *Cluster) Nodes() []Node {
	out := make([]Node, len(c.nodes))
	for i := range c.nodes {
		n := &c.nodes[i]
		out[i] = Node{Name: n.name, IP: n.ip, PodCIDR: n.cidr, Ready: n.ready}
	}
	return out
}
