package sim

import (
	"net/netip"
	"slices"
	"strconv"
	"strings"

	"github.com/svcsim/svcsim/endpoints"
	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/service"
	"github.com/svcsim/svcsim/sim/internal/dns"
	"github.com/svcsim/svcsim/sim/internal/trace"
)

// epController is the endpoints controller as the core drives it: the
// incremental endpoints.Controller, or a test stand-in.
type epController interface {
	SetService(svc service.Service, dirty []endpoints.ServiceKey) []endpoints.ServiceKey
	DeleteService(namespace, name string, dirty []endpoints.ServiceKey) []endpoints.ServiceKey
	SetPod(p pod.Pod, dirty []endpoints.ServiceKey) []endpoints.ServiceKey
	DeletePod(namespace, name string, dirty []endpoints.ServiceKey) []endpoints.ServiceKey
	Sync(key endpoints.ServiceKey) bool
	Endpoints(namespace, name string) (endpoints.Endpoints, bool)
	Slices(namespace, name string) []endpoints.Slice
	AppendBackends(key endpoints.ServiceKey, portName string, dst []endpoints.Backend) []endpoints.Backend
	Check(svcs []service.Service, pods []pod.Pod) error
	SetManual(ep endpoints.Endpoints, sliceName string, dirty []endpoints.ServiceKey) ([]endpoints.ServiceKey, error)
	DeleteManual(namespace, name string, dirty []endpoints.ServiceKey) []endpoints.ServiceKey
	CheckManual(svcs []service.Service) error
}

// flush turns the controller's dirty keys into queued syncs (one per key
// while it is pending, after EndpointsDelay; synchronous when negative) and
// queues a kube-proxy sync when services changed.
func (c *Cluster) flush() {
	for len(c.epDirty) > 0 {
		keys := c.epDirty
		c.epDirty = nil
		for _, k := range keys {
			id := c.keyID(k)
			switch {
			case c.cfg.EndpointsDelay < 0:
				c.runEndpointsSync(id)
			case !c.epPending[id]:
				c.epPending[id] = true
				c.schedule(c.cfg.EndpointsDelay, tkEndpointsSync, id, 0)
			}
		}
		if c.epDirty == nil {
			c.epDirty = keys[:0]
		}
	}
	if len(c.proxyDirty) > 0 {
		switch {
		case c.cfg.ProxyDelay < 0:
			c.runProxySync()
			c.goneCheck = len(c.svcGone) > 0
		case !c.proxySched:
			c.proxySched = true
			c.schedule(c.cfg.ProxyDelay, tkProxySync, 0, 0)
		}
	}
	if c.goneCheck {
		c.releaseGone()
	}
}

func (c *Cluster) runEndpointsSync(id int32) {
	c.epPending[id] = false
	c.syncEndpoints(id)
	if c.svcs[id] == nil && !c.proxyMark[id] {
		c.noteGone(id) // no kube-proxy sync follows: let the key go now
		c.goneCheck = true
	}
}

// syncEndpoints runs the endpoints controller for one service and, when
// its Endpoints or slices changed, records the change and marks the
// service for kube-proxy.
func (c *Cluster) syncEndpoints(id int32) {
	k := c.svcKeys[id]
	if !c.ep.Sync(k) {
		return
	}
	c.markProxy(id)
	if c.tracing() {
		c.traceEndpoints(id)
	}
}

// traceEndpoints records "EndpointsUpdated endpoints/ns/name: 3 ready
// (+10.244.1.5 -10.244.0.7)": the ready addresses of the Service's first
// port (of the Endpoints for a Service without ports) against the last
// event's.
func (c *Cluster) traceEndpoints(id int32) {
	k := c.svcKeys[id]
	r := c.svcs[id]
	nsi, nsOK := c.nsIdx[k.Namespace]
	if r == nil {
		if nsOK {
			c.record(trace.Rec{Name: k.Name, NS: nsi, Kind: evEndpointsDeleted})
		} else {
			c.emit("EndpointsDeleted", "endpoints/"+k.Namespace+"/"+k.Name, "")
		}
		return
	}
	ready := c.traceReady[:0]
	notReady := 0
	if len(r.svc.Ports) > 0 {
		c.traceBuf = c.ep.AppendBackends(k, r.svc.Ports[0].Name, c.traceBuf[:0])
		for _, b := range c.traceBuf {
			if b.Ready {
				ready = append(ready, b.IP)
			} else if !b.Terminating {
				notReady++
			}
		}
	} else if ep, ok := c.ep.Endpoints(k.Namespace, k.Name); ok {
		for _, s := range ep.Subsets {
			for _, a := range s.Addresses {
				ready = append(ready, a.IP)
			}
			notReady += len(s.NotReadyAddresses)
		}
	}
	if !slices.IsSortedFunc(ready, netip.Addr.Compare) {
		slices.SortFunc(ready, netip.Addr.Compare)
	}
	ready = slices.Compact(ready)
	c.traceReady = ready
	// Both lists are sorted and without duplicates: one merge finds the
	// added addresses (in ready's order) and the removed ones (in
	// lastReady's).
	plus, minus := c.tracePlus[:0], c.traceMinus[:0]
	last := r.lastReady
	for i, j := 0, 0; i < len(ready) || j < len(last); {
		switch {
		case j == len(last) || i < len(ready) && ready[i].Less(last[j]):
			plus = append(plus, ready[i])
			i++
		case i == len(ready) || last[j].Less(ready[i]):
			minus = append(minus, last[j])
			j++
		default:
			i++
			j++
		}
	}
	c.tracePlus, c.traceMinus = plus, minus
	if nsOK && len(plus)+len(minus) <= 255 && len(ready) <= epCountMax && notReady <= epCountMax {
		for _, a := range plus {
			c.tr.PushAddr(a)
		}
		for _, a := range minus {
			c.tr.PushAddr(a)
		}
		c.record(trace.Rec{Name: k.Name, NS: nsi, Kind: evEndpointsUpdated, Addrs: uint8(len(plus) + len(minus)),
			A: int64(len(ready)) | int64(notReady)<<epCountBits | int64(len(plus))<<(2*epCountBits)})
	} else {
		var b strings.Builder
		b.WriteString(strconv.Itoa(len(ready)) + " ready")
		if notReady > 0 {
			b.WriteString(", " + strconv.Itoa(notReady) + " not ready")
		}
		sep := " ("
		for _, a := range plus {
			b.WriteString(sep + "+" + a.String())
			sep = " "
		}
		for _, a := range minus {
			b.WriteString(sep + "-" + a.String())
			sep = " "
		}
		if sep == " " {
			b.WriteByte(')')
		}
		c.emit("EndpointsUpdated", "endpoints/"+k.Namespace+"/"+k.Name, b.String())
	}
	r.lastReady = append(r.lastReady[:0], ready...)
}

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
				c.emit("ProxyProgrammed", "service/"+k.Namespace+"/"+k.Name, strconv.Itoa(n)+" ready backends")
			}
		}
	}
	c.proxyBufs = bufs
	if c.proxyDirty == nil {
		c.proxyDirty = dirty[:0]
	}
}

// Endpoints returns a copy of the Endpoints object of Service
// namespace/name, as the endpoints controller last wrote it.
func (c *Cluster) Endpoints(namespace, name string) (endpoints.Endpoints, bool) {
	return c.ep.Endpoints(pod.NamespaceOrDefault(namespace), name)
}

// EndpointSlices returns copies of the EndpointSlices of Service
// namespace/svc, ordered by slice name.
func (c *Cluster) EndpointSlices(namespace, svc string) []endpoints.Slice {
	return c.ep.Slices(pod.NamespaceOrDefault(namespace), svc)
}

// dnsView is the cluster as the DNS resolver reads it.
type dnsView struct{ c *Cluster }

func (v dnsView) Service(namespace, name string) (service.Service, bool) {
	_, r := v.c.lookupSvc(pod.NamespaceOrDefault(namespace), name)
	if r == nil {
		return service.Service{}, false
	}
	return *r.svc, true
}

func (v dnsView) AppendEndpoints(namespace, name, portName string, dst []dns.Endpoint) []dns.Endpoint {
	k := endpoints.ServiceKey{Namespace: pod.NamespaceOrDefault(namespace), Name: name}
	for _, b := range v.c.ep.AppendBackends(k, portName, nil) {
		if b.Ready {
			dst = append(dst, dns.Endpoint{IP: b.IP, Port: b.Port})
		}
	}
	return dst
}

func (v dnsView) NamespaceExists(namespace string) bool {
	ns := pod.NamespaceOrDefault(namespace)
	i, ok := v.c.nsIdx[ns]
	return ns == pod.DefaultNamespace || ok && v.c.nsCount[i] > 0
}

func (v dnsView) AppendAddresses(namespace, name string, dst []dns.Endpoint) []dns.Endpoint {
	seen := map[netip.Addr]bool{}
	for _, sl := range v.c.ep.Slices(pod.NamespaceOrDefault(namespace), name) {
		for _, e := range sl.Endpoints {
			if !e.Conditions.Ready {
				continue
			}
			for _, a := range e.Addresses {
				if !seen[a] {
					seen[a] = true
					dst = append(dst, dns.Endpoint{IP: a})
				}
			}
		}
	}
	return dst
}
