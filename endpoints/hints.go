package endpoints

import (
	"slices"

	"github.com/svcsim/svcsim/service"
)

// hintMode is which hints the endpointslice controller writes for a
// Service's endpoints.
type hintMode uint8

const (
	hintNone hintMode = iota // no hints: every endpoint's are removed
	hintZone                 // PreferClose, PreferSameZone: forZones
	hintNode                 // PreferSameNode: forZones and forNodes
)

// hintModeOf returns the hint mode of svc (kubernetes
// staging/src/k8s.io/endpointslice/reconciler.go, reconcile;
// topologycache.hintsEnabled; trafficdist.ReconcileHints). The topology
// annotation (service.kubernetes.io/topology-aware-hints, else
// service.kubernetes.io/topology-mode) set to Auto or auto hands the
// Service to the topology cache and the field is ignored; svcsim does not
// model the topology cache's CPU-proportional allocation (its nodes have
// no allocatable CPU), so such a Service gets no hints. Otherwise
// spec.trafficDistribution decides; an unknown value means none.
func hintModeOf(svc *service.Service) hintMode {
	v, ok := svc.Annotations[service.DeprecatedAnnotationTopologyAwareHints]
	if !ok {
		v, ok = svc.Annotations[service.AnnotationTopologyMode]
	}
	if ok && (v == "Auto" || v == "auto") {
		return hintNone
	}
	switch svc.TrafficDistribution {
	case service.TrafficDistributionPreferClose, service.TrafficDistributionPreferSameZone:
		return hintZone
	case service.TrafficDistributionPreferSameNode:
		return hintNode
	}
	return hintNone
}

// hintsFor returns the hints of an endpoint on node in zone, ready or not,
// under mode (trafficdist.go, preferCloseHeuristic and
// preferSameNodeHeuristic): none for a not-ready endpoint (the reconciler
// rebuilds an endpoint without hints when its readiness changes, and the
// heuristics skip it); forZones of its own zone when it has one; with
// hintNode also forNodes of its own node; nil when that leaves both empty.
// The result is drawn from cache (keyed by zone and node): shared, never to
// be modified.
func hintsFor(cache map[hintKey]*Hints, mode hintMode, ready bool, zone, node string) *Hints {
	if mode == hintNone || !ready {
		return nil
	}
	k := hintKey{zone: zone}
	if mode == hintNode {
		k.node = node
	}
	if k.zone == "" && k.node == "" {
		return nil
	}
	if h, ok := cache[k]; ok {
		return h
	}
	h := &Hints{}
	if k.zone != "" {
		h.ForZones = []string{k.zone}
	}
	if k.node != "" {
		h.ForNodes = []string{k.node}
	}
	cache[k] = h
	return h
}

type hintKey struct{ zone, node string }

// hintsChanged reports whether any endpoint of s's slices has other hints
// under s.hinted than under old, the mode they were written with. Upstream
// writes an unchanged slice for its hints only then (trafficdist.go,
// ReconcileHints: needsUpdate of the heuristic): a switch that leaves every
// hint as it was (no ready endpoint, no zones for PreferClose) writes
// nothing.
func (c *Controller) hintsChanged(s *svcState, old hintMode) bool {
	if c.hints == nil {
		c.hints = map[hintKey]*Hints{}
	}
	for _, sl := range s.slices {
		for _, e := range sl.eps {
			if !e.f.has(fReady) {
				continue
			}
			node := c.nodeName(c.data(s, e.id, c.pod(e.id)).node)
			zone := c.opts.zoneOf(node)
			if !equalHints(hintsFor(c.hints, old, true, zone, node), hintsFor(c.hints, s.hinted, true, zone, node)) {
				return true
			}
		}
	}
	return false
}

// zoneOf returns node's zone as Options.NodeZone gives it.
func (o Options) zoneOf(node string) string {
	if o.NodeZone == nil || node == "" {
		return ""
	}
	return o.NodeZone(node)
}

// cloneHints returns a copy of h (nil for nil).
func cloneHints(h *Hints) *Hints {
	if h == nil {
		return nil
	}
	return &Hints{ForZones: slices.Clone(h.ForZones), ForNodes: slices.Clone(h.ForNodes)}
}

// equalHints reports whether two hints are equal (nil equals nil only).
func equalHints(a, b *Hints) bool {
	if a == nil || b == nil {
		return a == b
	}
	return slices.Equal(a.ForZones, b.ForZones) && slices.Equal(a.ForNodes, b.ForNodes)
}
