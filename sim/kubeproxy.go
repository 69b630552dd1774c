package sim

// kube-proxy: every Service changed since the last sync is programmed
// ProxyDelay after the first change (kubernetes pkg/proxy/iptables/proxier.go,
// the min sync period of its BoundedFrequencyRunner).

import (
	"strconv"

	"github.com/svcsim/svcsim/service"
	"github.com/svcsim/svcsim/sim/internal/trace"
)

// markProxy notes that kube-proxy must reprogram service id at its next
// sync.
func (c *Cluster) markProxy(id int32) {
	if !c.proxyMark[id] {
		c.proxyMark[id] = true
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
		c.proxyMark[id] = false
		k := c.svcKeys[id]
		r := c.svcs[id]
		if r == nil {
			c.proxy.Remove(k.Namespace, k.Name)
			c.watchProxy(k)
			continue
		}
		for len(bufs) < len(r.svc.Ports) {
			bufs = append(bufs, nil)
		}
		for pi, p := range r.svc.Ports {
			// proxy.Backend is endpoints.Backend: the controller's output
			// goes in as is.
			bufs[pi] = c.ep.AppendBackends(k, p.Name, bufs[pi][:0])
		}
		c.proxy.Program(*r.svc, bufs[:len(r.svc.Ports)]) // Program copies what it keeps
		c.watchProxy(k)
		if c.tracing() && r.svc.Type != service.ExternalName && !r.svc.Headless {
			n := 0
			for _, pb := range bufs[:len(r.svc.Ports)] {
				for _, b := range pb {
					if b.Ready {
						n++
					}
				}
			}
			if nsi, ok := c.nsIdx[k.Namespace]; ok {
				c.record(trace.Rec{Name: k.Name, NS: nsi, Kind: evProxyProgrammed, A: int64(n)})
			} else {
				c.emit(KindProxyProgrammed, "service/"+k.Namespace+"/"+k.Name, strconv.Itoa(n)+" ready backends")
			}
		}
	}
	c.proxyBufs = bufs
	if c.proxyDirty == nil {
		c.proxyDirty = dirty[:0]
	}
}
