package sim

// kube-proxy on a dual-stack node: one proxier per IP family behind a
// meta-proxier (kubernetes pkg/proxy/metaproxier): each family's table
// holds the Services of that family with their ClusterIP of that family
// and the endpoints of that family's slices; a Service without the family
// is invisible to that proxier, so its node ports answer only on node
// addresses of its own families. Nodes keep one address (Config.NodeCIDR),
// so node ports, load-balancer and external traffic enter through that
// address's family.

import (
	"net/netip"

	"github.com/svcsim/svcsim/endpoints"
	"github.com/svcsim/svcsim/service"
	"github.com/svcsim/svcsim/sim/internal/proxy"
)

// proxyView returns svc as the proxier of family i sees it (dualEP.view,
// its load-balancer address dropped when of the other family); false: it
// is invisible to that proxier.
func proxyView(d *dualEP, svc service.Service, i int) (service.Service, bool) {
	v, ok := d.view(svc, i)
	if ok && v.LoadBalancerIP.IsValid() && service.FamilyOf(v.LoadBalancerIP) != d.fams[i][0] {
		v.LoadBalancerIP = netip.Addr{}
	}
	return v, ok
}

// programDual programs Service k into both families' tables from that
// family's slices and returns the ready backends of the Service's primary
// family (what the trace reports) and the grown buffers.
func (c *Cluster) programDual(d *dualEP, t [2]*proxy.Table, k endpoints.ServiceKey, svc *service.Service,
	bufs [][]proxy.Backend) (int, [][]proxy.Backend) {
	ready := -1
	for i := range t {
		v, ok := proxyView(d, *svc, i)
		if !ok {
			t[i].Remove(k.Namespace, k.Name)
			continue
		}
		bufs = familyBackends(d, i, k, svc, bufs)
		t[i].Program(&v, bufs[:len(svc.Ports)])
		if ready < 0 {
			ready = readyBackends(bufs[:len(svc.Ports)])
		}
	}
	return max(ready, 0), bufs
}

// familyBackends is portBackends for the proxier of family i: the
// backends of that family's slices (none for a Service without rules).
func familyBackends(d *dualEP, i int, k endpoints.ServiceKey, svc *service.Service, bufs [][]proxy.Backend) [][]proxy.Backend {
	for len(bufs) < len(svc.Ports) {
		bufs = append(bufs, nil)
	}
	for pi := range svc.Ports {
		bufs[pi] = bufs[pi][:0]
	}
	if proxy.HasRules(svc) {
		d.ctl[i].AppendPortBackends(k, svc.Ports, bufs[:len(svc.Ports)])
	}
	return bufs
}

// proxyFor returns the table of dst's family: the secondary family's on a
// dual-stack cluster, else the primary one.
func (c *Cluster) proxyFor(dst netip.Addr) *proxy.Table {
	if c.proxy2 != nil && dst.Is4() != c.svcIPs.Prefix().Addr().Is4() {
		return c.proxy2
	}
	return c.proxy
}

// setNodeProxies tells every family's kube-proxy about a node and returns
// its id in the primary family's table (the secondary one numbers the
// nodes alike: it learns them in the same order; a Request checks the id
// against the name anyway).
func (c *Cluster) setNodeProxies(name string, ip netip.Addr, ready bool) int32 {
	id := c.proxy.SetNode(name, ip, ready)
	if c.proxy2 != nil {
		c.proxy2.SetNode(name, ip, ready)
	}
	return id
}

// setNodeZones tells every family's kube-proxy table node name's zone.
func (c *Cluster) setNodeZones(name, zone string) {
	c.proxy.SetNodeZone(name, zone)
	if c.proxy2 != nil {
		c.proxy2.SetNodeZone(name, zone)
	}
}
