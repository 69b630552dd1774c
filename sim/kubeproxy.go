package sim

// kube-proxy: every Service changed since the last sync is programmed
// ProxyDelay after the first change (kubernetes pkg/proxy/iptables/proxier.go,
// the min sync period of its BoundedFrequencyRunner).

import (
	"slices"

	"github.com/svcsim/svcsim/endpoints"
	"github.com/svcsim/svcsim/service"
	"github.com/svcsim/svcsim/sim/internal/proxy"
	"github.com/svcsim/svcsim/sim/internal/trace"
)

// markProxy notes that kube-proxy must reprogram service id at its next
// sync.
func (c *Cluster) markProxy(id int32) {
	if !c.marks[id].proxy {
		c.marks[id].proxy = true
		if c.proxyDirty == nil {
			c.proxyDirty = make([]int32, 0, 4) // room for a few Services at once
		}
		c.proxyDirty = append(c.proxyDirty, id)
	}
}

// runProxySync is one kube-proxy sync: every service changed since the
// last sync is programmed into the shared table from the endpoint slices
// as they are now (or removed when the service is gone).
func (c *Cluster) runProxySync() {
	c.proxySched = false
	dirty := c.proxyDirty
	c.proxyDirty = nil
	bufs := c.proxyBufs
	for _, id := range dirty {
		c.marks[id].proxy = false
		k := c.svcKeys[id]
		r := c.svcs[id]
		if r == nil {
			c.proxy.Remove(k.Namespace, k.Name)
			if c.proxy2 != nil {
				c.proxy2.Remove(k.Namespace, k.Name)
			}
			c.watchProxy(k)
			continue
		}
		var ready int
		if d, ok := c.ep.(*dualEP); ok {
			ready, bufs = c.programDual(d, [2]*proxy.Table{c.proxy, c.proxy2}, k, r.svc, bufs)
		} else {
			bufs = c.portBackends(k, r.svc, bufs)
			c.proxy.Program(r.svc, bufs[:len(r.svc.Ports)]) // Program copies what it keeps
			if c.tracing() {
				ready = readyBackends(bufs[:len(r.svc.Ports)])
			}
		}
		c.watchProxy(k)
		if c.tracing() && r.svc.Type != service.ExternalName && !r.svc.Headless {
			// The Service's namespace is interned while it holds the Service.
			c.record(trace.Rec{Name: k.Name, NS: r.ns, Kind: evProxyProgrammed, A: int64(ready)})
		}
	}
	c.proxyBufs = bufs
	if c.proxyDirty == nil {
		c.proxyDirty = dirty[:0]
	}
}

// portBackends returns bufs, grown to one buffer per port of Service k
// (svc), each filled with its port's backends from the endpoints
// controller: what kube-proxy programs. proxy.Backend is
// endpoints.Backend: the controller's output goes in as is. A Service
// that gets no rules (proxy.HasRules) gets empty buffers: its backends
// would not be read.
func (c *Cluster) portBackends(k endpoints.ServiceKey, svc *service.Service, bufs [][]proxy.Backend) [][]proxy.Backend {
	if n := len(svc.Ports); len(bufs) < n {
		// Room for a few ports at first (the cluster DNS Service has
		// three), then for as many as this Service has: not one at a time.
		if cap(bufs) == 0 {
			bufs = newPortBufs()
		}
		bufs = slices.Grow(bufs, max(n, 4)-len(bufs))[:n]
	}
	for pi := range svc.Ports {
		bufs[pi] = bufs[pi][:0]
	}
	if proxy.HasRules(svc) {
		c.ep.AppendPortBackends(k, svc.Ports, bufs[:len(svc.Ports)])
	}
	return bufs
}

// portBufs is the first storage of portBackends' buffers, in one
// allocation: 4 buffers, each with room for firstPortBackends backends.
// A buffer that needs more moves to the heap, as append does.
type portBufs struct {
	bufs [4][]proxy.Backend
	room [4][firstPortBackends]proxy.Backend
}

// firstPortBackends is the room of each first buffer: a 3-replica
// Deployment's endpoints (and the cluster's own Services' 1 and 2).
const firstPortBackends = 3

// newPortBufs returns the empty buffers of a new portBufs, with their
// room.
func newPortBufs() [][]proxy.Backend {
	b := new(portBufs)
	for i := range b.bufs {
		b.bufs[i] = b.room[i][:0]
	}
	return b.bufs[:0]
}

// readyBackends counts the ready backends of every port.
func readyBackends(bufs [][]proxy.Backend) int {
	n := 0
	for _, pb := range bufs {
		for _, b := range pb {
			if b.Ready {
				n++
			}
		}
	}
	return n
}
