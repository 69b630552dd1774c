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

// checkProxy compares kube-proxy's programmed copy with a fresh table
// programmed from the current Services and endpoint slices, structure for
// structure (proxy.Table.Same); only when they differ does it render the
// rules (proxy.Table.Save, iptables-save style) of the nodes it reports
// on, to name the first differing rule. It applies only when
// no kube-proxy sync is pending: in the ProxyDelay window the programmed
// copy lags by design (kube-proxy syncs no more often than its min sync period).
func (c *Cluster) checkProxy(bad func(string, ...any)) {
	if c.proxySched || len(c.proxyDirty) > 0 {
		return
	}
	d, dual := c.ep.(*dualEP)
	fresh, fresh2 := resetTable(&c.chk.fresh), (*proxy.Table)(nil)
	if dual {
		fresh2 = resetTable(&c.chk.fresh2)
	}
	for i := range c.nodes {
		n := &c.nodes[i]
		fresh.SetNode(n.name, n.ip, !n.down)
		fresh.SetNodeZone(n.name, c.nodeZone(int32(i)))
		if dual {
			fresh2.SetNode(n.name, n.ip, !n.down)
			fresh2.SetNodeZone(n.name, c.nodeZone(int32(i)))
		}
	}
	bufs := c.chk.backends
	for id, r := range c.svcs {
		if r == nil {
			continue
		}
		k := c.svcKeys[id]
		if dual {
			_, bufs = c.programDual(d, [2]*proxy.Table{fresh, fresh2}, k, r.svc, bufs)
			continue
		}
		for len(bufs) < len(r.svc.Ports) {
			bufs = append(bufs, nil)
		}
		for i, p := range r.svc.Ports {
			bufs[i] = c.ep.AppendBackends(k, p.Name, bufs[i][:0])
		}
		fresh.Program(*r.svc, bufs[:len(r.svc.Ports)])
	}
	c.chk.backends = bufs
	if dual && !c.proxy2.Same(fresh2) {
		bad("kube-proxy (secondary family): programmed state differs from the slices")
	}
	if c.proxy.Same(fresh) {
		return
	}
	nodes := make([]int, 0, checkProxyMaxNodes)
	if len(c.nodes) <= checkProxyMaxNodes {
		for i := range c.nodes {
			nodes = append(nodes, i)
		}
	} else {
		nodes = append(nodes, 0, len(c.nodes)/2, len(c.nodes)-1)
	}
	shown := false
	for _, i := range nodes {
		name := c.nodes[i].name
		got, want := c.proxy.Save(name), fresh.Save(name)
		if got != want {
			bad("kube-proxy on %s: programmed rules differ from the slices at the first differing line: %s",
				name, firstDiff(got, want))
			shown = true
		}
	}
	if !shown {
		bad("kube-proxy: programmed state differs from the slices where no rule shows it (session affinity or traffic policy of a Service port without endpoints)")
	}
}

// checkScratch is Check's storage, reused from one call to the next (it
// keeps no results): checkEndpoints' copies of the Services and pods,
// emptied after each use and kept only while small (keptSmall);
// checkProxy's reference tables, Reset before each use, and the backends
// it programs them with; checkEnvTables' recounted readers, one map per
// namespace, emptied before each use.
type checkScratch struct {
	svcs          []service.Service
	pods          []pod.Pod
	fresh, fresh2 *proxy.Table
	backends      [][]proxy.Backend
	envRefs       []map[uint32]int32
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

// resetTable returns *t emptied, made on first use.
func resetTable(t **proxy.Table) *proxy.Table {
	if *t == nil {
		*t = proxy.New(nil)
	} else {
		(*t).Reset()
	}
	return *t
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
