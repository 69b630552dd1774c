package proxy

import (
	"maps"
	"slices"
)

// Topology is how kube-proxy narrowed a Cluster policy set by the
// endpoints' topology hints (topologyModeFromHints in kubernetes
// pkg/proxy/topology.go).
type Topology uint8

// The topology modes.
const (
	TopologyNone Topology = iota // every ready endpoint
	TopologyNode                 // the ready endpoints hinted for this node (PreferSameNode)
	TopologyZone                 // the ready endpoints hinted for this node's zone (PreferSameZone)
)

// SetNodeZone sets the topology.kubernetes.io/zone label of a node SetNode
// added ("" removes it): the zone whose hints its kube-proxy follows.
// Unknown nodes are ignored.
func (t *Table) SetNodeZone(name, zone string) {
	if n := t.node(name); n != nil {
		n.zone = zone
	}
}

// topoIndex is a Service port's ready endpoints (positions in
// svcPort.recs[:nReady]) by the node and the zone they are hinted for.
// byNode is set only when every ready endpoint has node hints, byZone only
// when every ready endpoint has zone hints (CategorizeEndpoints filters
// only then); a port whose hints allow neither has no topoIndex.
type topoIndex struct {
	byNode map[string][]int32
	byZone map[string][]int32
}

// topology builds the topoIndex of the usable endpoints in, sorted as ks
// (ready ones first); nil when some ready endpoint lacks both node and
// zone hints (the common case costs one look at the first endpoint).
func topology(in []Backend, ks []skey) *topoIndex {
	allNode, allZone, ready := true, true, 0
	for _, k := range ks {
		b := &in[k.i]
		if !b.Ready {
			break
		}
		ready++
		if b.Hints == nil || len(b.Hints.ForNodes) == 0 {
			allNode = false
		}
		if b.Hints == nil || len(b.Hints.ForZones) == 0 {
			allZone = false
		}
		if !allNode && !allZone {
			return nil
		}
	}
	if ready == 0 {
		return nil
	}
	x := &topoIndex{}
	if allNode {
		x.byNode = map[string][]int32{}
	}
	if allZone {
		x.byZone = map[string][]int32{}
	}
	for j, k := range ks[:ready] {
		h := in[k.i].Hints
		for _, n := range h.ForNodes {
			if x.byNode != nil && !slices.Contains(x.byNode[n], int32(j)) {
				x.byNode[n] = append(x.byNode[n], int32(j))
			}
		}
		for _, z := range h.ForZones {
			if x.byZone != nil && !slices.Contains(x.byZone[z], int32(j)) {
				x.byZone[z] = append(x.byZone[z], int32(j))
			}
		}
	}
	return x
}

// set returns the positions of the ready endpoints kube-proxy on node (in
// zone) uses and the mode: node mode when some endpoint is hinted for the
// node, else zone mode when some is hinted for the zone, else none (nil:
// every ready endpoint).
func (x *topoIndex) set(node, zone string) ([]int32, Topology) {
	if x == nil {
		return nil, TopologyNone
	}
	if by := x.byNode[node]; len(by) > 0 {
		return by, TopologyNode
	}
	if zone != "" {
		if by := x.byZone[zone]; len(by) > 0 {
			return by, TopologyZone
		}
	}
	return nil, TopologyNone
}

func sameTopology(a, b *topoIndex) bool {
	if a == nil || b == nil {
		return a == b
	}
	eq := func(x, y map[string][]int32) bool {
		return (x == nil) == (y == nil) && maps.EqualFunc(x, y, slices.Equal)
	}
	return eq(a.byNode, b.byNode) && eq(a.byZone, b.byZone)
}
