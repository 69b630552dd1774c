package sim

// Check's kube-proxy part: the programmed table against one programmed afresh.

import (
	"fmt"
	"strings"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/service"
	"github.com/svcsim/svcsim/sim/internal/proxy"
)

// checkProxyMaxNodes bounds the nodes whose rules checkProxy renders: all
// of them in a small cluster, the first, middle and last beyond.
const checkProxyMaxNodes = 16

// checkProxy compares kube-proxy's programmed copy with the rules
// programmed afresh from the current Services and endpoint slices,
// Service by Service and structure for structure (proxyHolds); only when
// they differ does reportProxy render rules to name the difference. It
// applies only when no kube-proxy sync is pending: in the ProxyDelay
// window the programmed copy lags by design (kube-proxy syncs no more
// often than its min sync period).
func (c *Cluster) checkProxy(bad func(string, ...any)) {
	if c.proxySched || len(c.proxyDirty) > 0 || c.proxyHolds() {
		return
	}
	c.reportProxy(bad)
}

// proxyHolds reports whether every family's table holds exactly what
// programming the current Services from their slices into new tables
// installs: each Service's rules (proxy.Checker.Holds) and no others
// (proxy.Table.Len).
func (c *Cluster) proxyHolds() bool {
	d, dual := c.ep.(*dualEP)
	tables := [2]*proxy.Table{c.proxy, c.proxy2}
	var n [2]int // the Services each table holds rules for
	bufs := c.chk.backends
	defer func() { c.chk.backends = bufs }()
	for id, r := range c.svcs {
		if r == nil {
			continue
		}
		k, svc := c.svcKeys[id], r.svc
		if !dual {
			bufs = c.portBackends(k, svc, bufs)
			if !c.chk.proxy.Holds(c.proxy, svc, bufs[:len(svc.Ports)]) {
				return false
			}
			n[0]++
			continue
		}
		for i, t := range tables {
			v, ok := proxyView(d, *svc, i)
			if !ok {
				continue // the proxier of family i does not see it
			}
			bufs = familyBackends(d, i, k, svc, bufs)
			if !c.chk.proxy.Holds(t, &v, bufs[:len(svc.Ports)]) {
				return false
			}
			n[i]++
		}
	}
	return c.proxy.Len() == n[0] && (!dual || c.proxy2.Len() == n[1])
}

// reportProxy names the difference proxyHolds found: it programs
// reference tables afresh from the Services and slices, compares them
// with the programmed ones (proxy.Table.Same) and renders the rules
// (proxy.Table.Save, iptables-save style) of the nodes it reports on, to
// name the first differing rule. It reports at least one violation.
func (c *Cluster) reportProxy(bad func(string, ...any)) {
	d, dual := c.ep.(*dualEP)
	fresh, fresh2 := proxy.New(nil, len(c.nodes)), proxy.New(nil, len(c.nodes))
	for i := range c.nodes {
		n := &c.nodes[i]
		for _, t := range [2]*proxy.Table{fresh, fresh2} {
			t.SetNode(n.name, n.ip, !n.down)
			t.SetNodeZone(n.name, c.nodeZone(int32(i)))
		}
	}
	var bufs [][]proxy.Backend
	for id, r := range c.svcs {
		if r == nil {
			continue
		}
		k := c.svcKeys[id]
		if dual {
			_, bufs = c.programDual(d, [2]*proxy.Table{fresh, fresh2}, k, r.svc, bufs)
			continue
		}
		bufs = c.portBackends(k, r.svc, bufs)
		fresh.Program(r.svc, bufs[:len(r.svc.Ports)])
	}
	shown := false
	if dual && !c.proxy2.Same(fresh2) {
		bad("kube-proxy (secondary family): programmed state differs from the slices")
		shown = true
	}
	if !c.proxy.Same(fresh) {
		nodes := make([]int, 0, checkProxyMaxNodes)
		if len(c.nodes) <= checkProxyMaxNodes {
			for i := range c.nodes {
				nodes = append(nodes, i)
			}
		} else {
			nodes = append(nodes, 0, len(c.nodes)/2, len(c.nodes)-1)
		}
		for _, i := range nodes {
			name := c.nodes[i].name
			got, want := c.proxy.Save(name), fresh.Save(name)
			if got != want {
				bad("kube-proxy on %s: programmed rules differ from the slices at the first differing line: %s",
					name, firstDiff(got, want))
				shown = true
			}
		}
	}
	if !shown {
		bad("kube-proxy: programmed state differs from the slices where no rule shows it (session affinity or traffic policy of a Service port without endpoints)")
	}
}

// checkScratch is Check's storage, reused from one call to the next (it
// keeps no results): checkEndpoints' copies of the Services and pods,
// emptied after each use and kept only while small (keptSmall);
// proxyHolds' checker and the backends it compares with; checkEnvTables'
// sorted env readers, checkRevisions' sorted revisions,
// checkNamespaceTables' counts, checkWorkloads' recount of each
// ReplicaSet's pods (by id), which checkDeploymentStatus reads,
// checkWorkloadTables' marks of the ReplicaSets the Deployments list (by
// id), and checkServices' node ports of a Service.
type checkScratch struct {
	svcs       []service.Service
	pods       []pod.Pod
	proxy      proxy.Checker
	backends   [][]proxy.Backend
	envReaders []envReader
	revs       []int64
	namespaces nsCounts
	rsPods     []rsCount
	rsListed   []bool
	nodePorts  []int32
}

// checkKeepMax bounds the copies whose storage Check keeps from one call
// to the next (about 100 KB of Services or pods): a small cluster, checked
// after every step, reuses it; a large one makes it for each call rather
// than hold a copy of every pod between Checks (as fmt's printer drops a
// buffer grown past 64 KB).
const checkKeepMax = 256

// keptSmall returns s emptied (holding no references) for the next call,
// or nil when it holds more than checkKeepMax.
func keptSmall[T any](s []T) []T {
	if cap(s) > checkKeepMax {
		return nil
	}
	clear(s)
	return s[:0]
}

// firstDiff describes the first line where got and want differ.
func firstDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := range max(len(g), len(w)) {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl {
			return fmt.Sprintf("line %d: got %q, want %q", i+1, gl, wl)
		}
	}
	return "none"
}
