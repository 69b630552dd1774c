package sim

// The endpoints and EndpointSlice controllers as the cluster drives them
// (kubernetes pkg/controller/endpoint and pkg/controller/endpointslice;
// the computation is package endpoints), with their lag and the trace of
// what each sync changed.

import (
	"iter"
	"net/netip"
	"slices"
	"strconv"
	"strings"

	"github.com/svcsim/svcsim/endpoints"
	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/service"
	"github.com/svcsim/svcsim/sim/internal/trace"
)

// epController is the endpoints controller as the core drives it: the
// incremental endpoints.Controller, or a test stand-in.
type epController interface {
	SetService(svc service.Service, dirty []endpoints.ServiceKey) []endpoints.ServiceKey
	DeleteService(namespace, name string, dirty []endpoints.ServiceKey) []endpoints.ServiceKey
	SetPodKeyed(key string, p pod.Pod, dirty []endpoints.ServiceKey) []endpoints.ServiceKey
	DeletePod(namespace, name string, dirty []endpoints.ServiceKey) []endpoints.ServiceKey
	Sync(key endpoints.ServiceKey) bool
	Endpoints(namespace, name string) (endpoints.Endpoints, bool)
	Slices(namespace, name string) []endpoints.Slice
	AppendBackends(key endpoints.ServiceKey, portName string, dst []endpoints.Backend) []endpoints.Backend
	AppendPortBackends(key endpoints.ServiceKey, ports []service.Port, bufs [][]endpoints.Backend)
	AppendReady(key endpoints.ServiceKey, portName string, dst []netip.Addr) ([]netip.Addr, int)
	AppendFlatEndpoints(namespace, name string, dst []endpoints.FlatEndpoint) ([]endpoints.FlatEndpoint, bool, bool)
	AppendFlatSlices(namespace, name string, dst []endpoints.FlatEndpoint) []endpoints.FlatEndpoint
	Check(svcs []service.Service, pods []pod.Pod) error
	SetManual(ep endpoints.Endpoints, sliceName string, dirty []endpoints.ServiceKey) ([]endpoints.ServiceKey, error)
	TakeManual(ep endpoints.Endpoints, sliceName string, dirty []endpoints.ServiceKey) ([]endpoints.ServiceKey, error)
	DeleteManual(namespace, name string, dirty []endpoints.ServiceKey) []endpoints.ServiceKey
	SetSlice(sl endpoints.Slice, dirty []endpoints.ServiceKey) ([]endpoints.ServiceKey, error)
	CheckSlice(sl endpoints.Slice) error
	DeleteSlice(namespace, name string, dirty []endpoints.ServiceKey) ([]endpoints.ServiceKey, bool)
	CheckManual(svcs []service.Service) error
}

// flush ends every call and every task: it does the work the change
// left (flushWork) and then hands the changes to the watchers.
func (c *Cluster) flush() {
	c.flushWork()
	if c.watch != nil {
		c.watchWorkloads()
		c.deliverWatch()
	}
}

// flushWork turns the controller's dirty keys into queued syncs (one per
// key while it is pending, after EndpointsDelay; synchronous when
// negative) and queues a kube-proxy sync when services changed.
func (c *Cluster) flushWork() {
	for len(c.epDirty) > 0 {
		keys := c.epDirty
		c.epDirty = nil
		for _, k := range keys {
			id := c.keyID(k)
			switch {
			case c.cfg.EndpointsDelay < 0:
				c.runEndpointsSync(id)
			case !c.marks[id].epPending:
				c.marks[id].epPending = true
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
	c.marks[id].epPending = false
	c.syncEndpoints(id)
	if c.svcs[id] == nil && !c.marks[id].proxy {
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
	if c.watched != 0 {
		c.watchEndpoints(k)
	}
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
	if r == nil {
		if nsi, ok := c.nsIdx.Get(k.Namespace); ok {
			c.record(trace.Rec{Name: k.Name, NS: nsi, Kind: evEndpointsDeleted})
		} else {
			c.emit(KindEndpointsDeleted, "endpoints/"+k.Namespace+"/"+k.Name, "")
		}
		return
	}
	ready := slices.Grow(c.traceReady[:0], 4) // room for a small Service's addresses at once
	notReady := 0
	if len(r.svc.Ports) > 0 {
		ready, notReady = c.ep.AppendReady(k, r.svc.Ports[0].Name, ready)
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
	// Both lists are sorted and without duplicates: the added addresses
	// come in ready's order, the removed ones in lastReady's, read twice
	// (counted, then written) rather than kept.
	last := r.lastReady
	nPlus, nMinus := changes(ready, last)
	if nPlus+nMinus <= 255 && len(ready) <= epCountMax && notReady <= epCountMax {
		if nPlus > 0 {
			for a := range missing(ready, last) {
				c.tr.PushAddr(a)
			}
		}
		if nMinus > 0 {
			for a := range missing(last, ready) {
				c.tr.PushAddr(a)
			}
		}
		// The Service's namespace is interned while it holds the Service.
		c.record(trace.Rec{Name: k.Name, NS: r.ns, Kind: evEndpointsUpdated, Addrs: uint8(nPlus + nMinus),
			A: int64(len(ready)) | int64(notReady)<<epCountBits | int64(nPlus)<<(2*epCountBits)})
	} else {
		var b strings.Builder
		b.WriteString(strconv.Itoa(len(ready)) + " ready")
		if notReady > 0 {
			b.WriteString(", " + strconv.Itoa(notReady) + " not ready")
		}
		sep := " ("
		for a := range missing(ready, last) {
			b.WriteString(sep + "+" + a.String())
			sep = " "
		}
		for a := range missing(last, ready) {
			b.WriteString(sep + "-" + a.String())
			sep = " "
		}
		if sep == " " {
			b.WriteByte(')')
		}
		c.emit(KindEndpointsUpdated, "endpoints/"+k.Namespace+"/"+k.Name, b.String())
	}
	r.lastReady = append(r.lastReady[:0], ready...)
}

// missing yields the addresses of a that are not in b, both sorted and
// without duplicates, in a's order.
func missing(a, b []netip.Addr) iter.Seq[netip.Addr] {
	return func(yield func(netip.Addr) bool) {
		j := 0
		for _, x := range a {
			for j < len(b) && b[j].Less(x) {
				j++
			}
			if (j == len(b) || b[j] != x) && !yield(x) {
				return
			}
		}
	}
}

// changes returns the numbers of addresses missing(a, b) and missing(b,
// a) yield, in one pass over a and b (the same addresses, as both lists
// are when a sync changed no ready address, take one comparison each).
func changes(a, b []netip.Addr) (plus, minus int) {
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] == b[j]:
			i++
			j++
		case a[i].Less(b[j]):
			plus++
			i++
		default:
			minus++
			j++
		}
	}
	return plus + len(a) - i, minus + len(b) - j
}
