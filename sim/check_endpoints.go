package sim

// Check's endpoints part: Endpoints and slices against a recomputation.

import (
	"fmt"
	"reflect"
	"slices"
	"sort"

	"github.com/svcsim/svcsim/endpoints"
	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/service"
)

// checkEndpointsLimit bounds services × pods for the endpoints controller's
// own Check, which recomputes every Service over every pod. Larger
// clusters use checkEndpointsIndexed.
const checkEndpointsLimit = 20_000_000

// inertEP is an endpoints controller that selects nothing, whose output
// Check does not compare (a benchmark's stand-in for the core alone).
type inertEP interface{ inert() }

func isInert(ep epController) bool {
	_, ok := ep.(inertEP)
	return ok
}

// checkEndpoints compares the controller's Endpoints and slices with a
// from-scratch recomputation, handing it the Services and the pods as it
// was handed them (endpointsView), in Check's storage when small
// (keptSmall).
func (c *Cluster) checkEndpoints() error {
	if isInert(c.ep) {
		return nil // a benchmark of the core alone: nothing to compare
	}
	svcs := c.appendServices(slices.Grow(c.chk.svcs, c.svcKeyID.Len()))
	pods := c.appendPodViews(slices.Grow(c.chk.pods, c.store.Len()))
	var err error
	if d, ok := c.ep.(*dualEP); ok {
		err = d.check(svcs, pods, len(svcs)*len(pods) <= checkEndpointsLimit)
	} else if c.cfg.testEP != nil || len(svcs)*len(pods) <= checkEndpointsLimit {
		err = c.ep.Check(svcs, pods)
	} else {
		err = checkEndpointsIndexed(c.ep, svcs, pods, endpoints.Options{NodeZone: c.zoneFunc()})
	}
	c.chk.svcs, c.chk.pods = keptSmall(svcs), keptSmall(pods)
	return err
}

// checkEndpointsIndexed is the same comparison for large clusters: each
// Service is recomputed over only the pods carrying its first selector
// label (an inverted index built once), which gives the same result as
// over all pods since the others cannot match. It checks Endpoints
// (EqualEndpoints), slices (EquivalentSlices) and the slice size limit.
func checkEndpointsIndexed(ep epController, svcs []service.Service, pods []pod.Pod, opts endpoints.Options) error {
	type label struct{ ns, k, v string }
	index := map[label][]int32{}
	for i := range pods {
		p := &pods[i]
		for k, v := range p.Labels {
			l := label{p.Namespace, k, v}
			index[l] = append(index[l], int32(i))
		}
	}
	var cand []pod.Pod
	for _, s := range svcs {
		if isMaster(s.Namespace, s.Name) && !endpoints.Manages(s) {
			continue // manual Endpoints (kube-apiserver's): CheckManual's
		}
		cand = cand[:0]
		if len(s.Selector) > 0 {
			keys := make([]string, 0, len(s.Selector))
			for k := range s.Selector {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, i := range index[label{s.Namespace, keys[0], s.Selector[keys[0]]}] {
				cand = append(cand, pods[i])
			}
		}
		want, wantSl := endpoints.Compute(s, cand, opts)
		got, ok := ep.Endpoints(s.Namespace, s.Name)
		if ok != endpoints.Manages(s) {
			return fmt.Errorf("service %s: Endpoints present=%v, want %v", s.Key(), ok, endpoints.Manages(s))
		}
		if ok && !endpoints.EqualEndpoints(got, want) {
			return fmt.Errorf("service %s: Endpoints %+v, want %+v", s.Key(), got, want)
		}
		sl := slices.DeleteFunc(ep.Slices(s.Namespace, s.Name), func(x endpoints.Slice) bool {
			return x.Labels[endpoints.LabelManagedBy] != endpoints.ControllerName // a user's (SetEndpointSlice)
		})
		if !endpoints.EquivalentSlices(sl, wantSl) {
			return fmt.Errorf("service %s: slices differ from the recomputation", s.Key())
		}
		for _, x := range sl {
			if len(x.Endpoints) > endpoints.DefaultMaxEndpointsPerSlice {
				return fmt.Errorf("service %s: slice %s has %d endpoints", s.Key(), x.Name, len(x.Endpoints))
			}
		}
	}
	return ep.CheckManual(svcs)
}

// checkTopology recomputes every managed slice endpoint's zone and hints
// from the node labels and the Service, as the endpointslice controller
// writes them (kubernetes staging/src/k8s.io/endpointslice/utils.go,
// podToEndpoint; trafficdist.go): zone is the node's
// topology.kubernetes.io/zone; a ready endpoint of a Service with
// trafficDistribution PreferClose or PreferSameZone is hinted for its zone,
// with PreferSameNode also for its node; a not-ready one, and every one of
// a Service without the field (or handed to topology-aware hints by the
// topology annotation), has none.
func (c *Cluster) checkTopology(bad func(string, ...any)) {
	if isInert(c.ep) {
		return
	}
	for _, r := range c.svcs {
		if r == nil || r.svc.TrafficDistribution == "" && len(c.cfg.Zones) == 0 || !endpoints.Manages(*r.svc) {
			continue
		}
		s := r.svc
		zones, nodes := false, false
		switch s.TrafficDistribution {
		case service.TrafficDistributionPreferClose, service.TrafficDistributionPreferSameZone:
			zones = true
		case service.TrafficDistributionPreferSameNode:
			zones, nodes = true, true
		}
		for _, k := range []string{service.DeprecatedAnnotationTopologyAwareHints, service.AnnotationTopologyMode} {
			if v, ok := s.Annotations[k]; ok {
				if v == "Auto" || v == "auto" {
					zones, nodes = false, false
				}
				break
			}
		}
		for _, sl := range c.ep.Slices(s.Namespace, s.Name) {
			if sl.Labels[endpoints.LabelManagedBy] != endpoints.ControllerName {
				continue // a user's slice carries what the user wrote
			}
			for _, e := range sl.Endpoints {
				zone := ""
				if n, ok := c.nodeIndex(e.NodeName); ok {
					zone = c.nodeZone(n)
				}
				var want *endpoints.Hints
				if e.Conditions.Ready && (zones && zone != "" || nodes && e.NodeName != "") {
					want = &endpoints.Hints{}
					if zone != "" {
						want.ForZones = []string{zone}
					}
					if nodes && e.NodeName != "" {
						want.ForNodes = []string{e.NodeName}
					}
				}
				if e.Zone != zone || !reflect.DeepEqual(e.Hints, want) {
					bad("service %s: slice %s endpoint %s: zone %q hints %+v, want zone %q hints %+v",
						s.Key(), sl.Name, e.Pod, e.Zone, e.Hints, zone, want)
				}
			}
		}
	}
}
