package sim

// A public read of the nodes' names and readiness that allocates nothing
// once the caller's buffer is large enough: for a test that picks a node
// to fail or recover, or checks that a pod's node is Ready, after every
// step, where Nodes' labels, taints and CIDRs would be most of the cost.

// NodeState is a node's name and readiness: the NAME and STATUS columns
// of `kubectl get nodes`. Each field is the Node field of the same name,
// as Nodes reports it.
type NodeState struct {
	Name  string
	Ready bool
}

// AppendNodeStates appends to dst the states of the cluster's nodes, in
// node order (as Nodes lists them), and returns the extended slice. Pass
// the slice of the previous call, emptied, to read again without
// allocating:
//
//	nodes = c.AppendNodeStates(nodes[:0])
func (c *Cluster) AppendNodeStates(dst []NodeState) []NodeState {
	for i := range c.nodes {
		dst = append(dst, NodeState{Name: c.nodes[i].name, Ready: c.nodes[i].ready})
	}
	return dst
}
