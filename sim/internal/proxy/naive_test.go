package proxy

import (
	"slices"
	"strings"
)

// naivePort is a Service port compiled the straightforward way, as the
// table did before its compact form: a sorted copy of the endpoints, the
// Cluster policy set, a map of Local policy sets, the health-checked nodes.
// It is the baseline of BenchmarkProgram and the reference of
// TestCompileAgainstNaive.
type naivePort struct {
	cluster         []Backend
	clusterFallback bool
	localSets       map[string]naiveLocal
	lbNodes         []string
}

type naiveLocal struct {
	eps      []Backend
	fallback bool
}

// naiveCompile rebuilds a port from scratch: format every "IP:port",
// sort by the strings (stable), categorize, group by node in a map.
func naiveCompile(in []Backend) *naivePort {
	type keyed struct {
		key string
		b   Backend
	}
	var ks []keyed
	for _, b := range in {
		if b.IP.IsValid() {
			ks = append(ks, keyed{endpointString(b), b})
		}
	}
	slices.SortStableFunc(ks, func(a, b keyed) int { return strings.Compare(a.key, b.key) })
	bs := make([]Backend, len(ks))
	for i := range ks {
		bs[i] = ks[i].b
	}
	sp := &naivePort{}
	sp.cluster, sp.clusterFallback = categorize(bs, "")
	byNode := make(map[string][]Backend)
	var nodes []string
	for _, b := range bs {
		if b.Node == "" {
			continue
		}
		if _, ok := byNode[b.Node]; !ok {
			nodes = append(nodes, b.Node)
		}
		byNode[b.Node] = append(byNode[b.Node], b)
	}
	slices.Sort(nodes)
	if len(nodes) > 0 {
		sp.localSets = make(map[string]naiveLocal, len(nodes))
	}
	for _, n := range nodes {
		set, fb := categorize(byNode[n], n)
		if len(set) == 0 {
			continue
		}
		sp.localSets[n] = naiveLocal{eps: set, fallback: fb}
		if !fb {
			sp.lbNodes = append(sp.lbNodes, n)
		}
	}
	return sp
}

// categorize returns the endpoints a kube-proxy on node uses for one Service
// port, as CategorizeEndpoints (pkg/proxy/topology.go) without topology
// hints: the ready endpoints, or if there are none the ones that are serving
// and terminating (KEP-1669 ProxyTerminatingEndpoints, GA in v1.28);
// fallback reports the second case. With node != "" only endpoints on that
// node count (the Local policy set); the fallback is then decided on the
// node's endpoints alone. The result keeps bs's order and is a new slice.
// It is the reference the compiled table is checked against.
func categorize(bs []Backend, node string) (set []Backend, fallback bool) {
	for _, b := range bs {
		if b.Ready && (node == "" || b.Node == node) {
			set = append(set, b)
		}
	}
	if len(set) > 0 {
		return set, false
	}
	for _, b := range bs {
		if b.Serving && b.Terminating && (node == "" || b.Node == node) {
			set = append(set, b)
		}
	}
	return set, len(set) > 0
}
