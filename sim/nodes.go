package sim

// Node records: each node's IP, pod CIDR and host-local IP allocator
// (kubernetes pkg/controller/nodeipam; CNI host-local).

import (
	"net/netip"
	"strconv"
	"strings"

	"github.com/svcsim/svcsim/ipam"
)

// nodeRec is one node: its address, pod CIDR with its CNI host-local
// allocator, the pods bound to it and its health.
type nodeRec struct {
	name  string
	ip    netip.Addr
	cidr  netip.Prefix
	alloc ipam.Allocator // host-local: .1 is the gateway (initNodeAllocator)
	pods  []int32        // pod slots bound here, in no particular order
	ready bool           // the API's Ready condition
	// noSchedule: tainted node-role.kubernetes.io/control-plane:NoSchedule
	// (Config.ControlPlaneTaint on node-1); only tolerating pods go there.
	noSchedule bool
	down       bool   // failed: the node does not answer
	gen        uint32 // bumped on fail/recover: stale timers are ignored
	proxyID    int32  // the node's id in the kube-proxy tables, for a pod client's Request (SrcNodeID)
}

// nodeChanged re-files node n in the scheduler after its load or health
// changed.
func (c *Cluster) nodeChanged(n int32) {
	nd := &c.nodes[n]
	if c.schedulable(n) {
		c.sched.Set(n, loadKey(len(nd.pods), n))
	} else {
		c.sched.Remove(n)
	}
}

// nodeNamePrefix starts every node's name: node i (from 0) is named
// node-<i+1> (makeNodes).
const nodeNamePrefix = "node-"

// firstNodeNames are the names of a small cluster's nodes, as constants:
// naming them costs no allocation.
var firstNodeNames = [...]string{nodeNamePrefix + "1", nodeNamePrefix + "2", nodeNamePrefix + "3", nodeNamePrefix + "4"}

// makeNodeName returns the name of node i (from 0): node-<i+1>.
func makeNodeName(i int) string {
	if i < len(firstNodeNames) {
		return firstNodeNames[i]
	}
	return nodeNamePrefix + strconv.Itoa(i+1)
}

// nodeIndex returns the index of the node named name, and whether there is
// one: its name is its index (node-1 is index 0), so no table by name is
// kept. Only the exact name matches (not node-01).
func (c *Cluster) nodeIndex(name string) (int32, bool) {
	num, ok := strings.CutPrefix(name, nodeNamePrefix)
	if !ok || num == "" {
		return -1, false
	}
	k := 0
	for i := 0; i < len(num); i++ {
		d := num[i] - '0'
		if d > 9 || k > len(c.nodes) {
			return -1, false
		}
		k = 10*k + int(d)
	}
	if k < 1 || k > len(c.nodes) || c.nodes[k-1].name != name {
		return -1, false
	}
	return int32(k - 1), true
}

func (c *Cluster) nodeName(n int32) string {
	if n < 0 {
		return ""
	}
	return c.nodes[n].name
}
