package sim

// The endpoints and EndpointSlice controllers of a dual-stack cluster: one
// endpoints.Controller per IP family, each fed a view of every Service of
// that family and of every pod with its address of that family, as the
// EndpointSlice controller reconciles each address type of a Service on
// its own (kubernetes staging/src/k8s.io/endpointslice/reconciler.go,
// Reconcile; utils.go, getEndpointAddresses). The Endpoints object is the
// one of the Service's primary family (pkg/controller/endpoint,
// podToEndpointAddressForService). A single-stack cluster drives its one
// endpoints.Controller directly and pays nothing for this.

import (
	"fmt"
	"net/netip"
	"slices"

	"github.com/svcsim/svcsim/endpoints"
	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/service"
)

// dualEP implements epController over two endpoints.Controllers.
type dualEP struct {
	fams [2][1]service.IPFamily // each controller's family, as a view's ipFamilies
	ctl  [2]*endpoints.Controller
	// secondaryOf maps a pod's primary IP to its secondary one.
	secondaryOf func(netip.Addr) netip.Addr
	// second holds the Services whose primary family is the cluster's
	// secondary one: their Endpoints object comes from ctl[1].
	second map[endpoints.ServiceKey]bool
	// checkOpts is what Check's recomputation takes (the nodes' zones).
	checkOpts endpoints.Options
}

func newDualEP(fams []service.IPFamily, opts endpoints.Options, secondaryOf func(netip.Addr) netip.Addr) *dualEP {
	d := &dualEP{secondaryOf: secondaryOf, second: map[endpoints.ServiceKey]bool{}, checkOpts: endpoints.Options{NodeZone: opts.NodeZone}}
	for i := range d.ctl {
		d.fams[i] = [1]service.IPFamily{fams[i]}
		o := opts
		other := 1 - i
		o.NameTaken = func(namespace, name string) bool { return d.ctl[other].SliceNameTaken(namespace, name) }
		d.ctl[i] = endpoints.NewController(o)
	}
	return d
}

// view returns svc as controller i sees it: ipFamilies [its family] and
// the ClusterIP of that family; false when svc has no such family. An
// ExternalName Service (no families) belongs to the primary controller.
func (d *dualEP) view(svc service.Service, i int) (service.Service, bool) {
	if len(svc.IPFamilies) == 0 {
		return svc, i == 0
	}
	k := slices.Index(svc.IPFamilies, d.fams[i][0])
	if k < 0 {
		return svc, false
	}
	svc.IPFamilies = d.fams[i][:]
	if k < len(svc.ClusterIPs) {
		svc.ClusterIP, svc.ClusterIPs = svc.ClusterIPs[k], svc.ClusterIPs[k:k+1]
	}
	return svc, true
}

// podView returns p with its IP of controller i's family (the
// controllers read IP, not IPs).
func (d *dualEP) podView(p pod.Pod, i int) pod.Pod {
	if i == 1 {
		p.IP, p.IPs = d.secondaryOf(p.IP), nil
	}
	return p
}

func (d *dualEP) primary(namespace, name string) *endpoints.Controller {
	if d.second[endpoints.ServiceKey{Namespace: pod.NamespaceOrDefault(namespace), Name: name}] {
		return d.ctl[1]
	}
	return d.ctl[0]
}

func (d *dualEP) SetService(svc service.Service, dirty []endpoints.ServiceKey) []endpoints.ServiceKey {
	key := endpoints.ServiceKey{Namespace: pod.NamespaceOrDefault(svc.Namespace), Name: svc.Name}
	if len(svc.IPFamilies) > 0 && svc.IPFamilies[0] == d.fams[1][0] {
		d.second[key] = true
	} else {
		delete(d.second, key)
	}
	for i, c := range d.ctl {
		if v, ok := d.view(svc, i); ok {
			dirty = c.SetService(v, dirty)
		} else {
			dirty = c.DeleteService(svc.Namespace, svc.Name, dirty)
		}
	}
	return dirty
}

func (d *dualEP) DeleteService(namespace, name string, dirty []endpoints.ServiceKey) []endpoints.ServiceKey {
	delete(d.second, endpoints.ServiceKey{Namespace: pod.NamespaceOrDefault(namespace), Name: name})
	for _, c := range d.ctl {
		dirty = c.DeleteService(namespace, name, dirty)
	}
	return dirty
}

func (d *dualEP) SetPodKeyed(key string, p pod.Pod, dirty []endpoints.ServiceKey) []endpoints.ServiceKey {
	for i, c := range d.ctl {
		dirty = c.SetPodKeyed(key, d.podView(p, i), dirty)
	}
	return dirty
}

func (d *dualEP) DeletePod(namespace, name string, dirty []endpoints.ServiceKey) []endpoints.ServiceKey {
	for _, c := range d.ctl {
		dirty = c.DeletePod(namespace, name, dirty)
	}
	return dirty
}

func (d *dualEP) Sync(key endpoints.ServiceKey) bool {
	a := d.ctl[0].Sync(key)
	b := d.ctl[1].Sync(key)
	return a || b
}

func (d *dualEP) Endpoints(namespace, name string) (endpoints.Endpoints, bool) {
	return d.primary(namespace, name).Endpoints(namespace, name)
}

// Slices returns the slices of both families, the cluster's primary
// family's first.
func (d *dualEP) Slices(namespace, name string) []endpoints.Slice {
	return append(d.ctl[0].Slices(namespace, name), d.ctl[1].Slices(namespace, name)...)
}

// AppendBackends appends the endpoints of both families (what DNS
// publishes); kube-proxy reads one family at a time (familyBackends).
func (d *dualEP) AppendBackends(key endpoints.ServiceKey, portName string, dst []endpoints.Backend) []endpoints.Backend {
	dst = d.ctl[0].AppendBackends(key, portName, dst)
	return d.ctl[1].AppendBackends(key, portName, dst)
}

// AppendPortBackends appends the endpoints of both families for every
// port, as AppendBackends does for one.
func (d *dualEP) AppendPortBackends(key endpoints.ServiceKey, ports []service.Port, bufs [][]endpoints.Backend) {
	d.ctl[0].AppendPortBackends(key, ports, bufs)
	d.ctl[1].AppendPortBackends(key, ports, bufs)
}

// AppendReady appends the ready addresses of both families and counts
// their other endpoints that are not terminating.
func (d *dualEP) AppendReady(key endpoints.ServiceKey, portName string, dst []netip.Addr) ([]netip.Addr, int) {
	dst, a := d.ctl[0].AppendReady(key, portName, dst)
	dst, b := d.ctl[1].AppendReady(key, portName, dst)
	return dst, a + b
}

// AppendFlatEndpoints appends the primary family's object's addresses,
// as Endpoints returns that object.
func (d *dualEP) AppendFlatEndpoints(namespace, name string, dst []endpoints.FlatEndpoint) ([]endpoints.FlatEndpoint, bool, bool) {
	return d.primary(namespace, name).AppendFlatEndpoints(namespace, name, dst)
}

// AppendFlatSlices appends the endpoints of both families' slices, as
// Slices lists them.
func (d *dualEP) AppendFlatSlices(namespace, name string, dst []endpoints.FlatEndpoint) []endpoints.FlatEndpoint {
	dst = d.ctl[0].AppendFlatSlices(namespace, name, dst)
	return d.ctl[1].AppendFlatSlices(namespace, name, dst)
}

func (d *dualEP) Check(svcs []service.Service, pods []pod.Pod) error {
	return d.check(svcs, pods, true)
}

// check runs each controller's check on its views: its own full Check
// (full), or the indexed one of large clusters.
func (d *dualEP) check(svcs []service.Service, pods []pod.Pod, full bool) error {
	for i, c := range d.ctl {
		vs := make([]service.Service, 0, len(svcs))
		for _, s := range svcs {
			if v, ok := d.view(s, i); ok {
				vs = append(vs, v)
			}
		}
		ps := pods
		if i == 1 {
			ps = make([]pod.Pod, len(pods))
			for j := range pods {
				ps[j] = d.podView(pods[j], 1)
			}
		}
		var err error
		if full {
			err = c.Check(vs, ps)
		} else {
			err = checkEndpointsIndexed(c, vs, ps, d.checkOpts)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// SetManual writes Endpoints of a Service without selector (kube-apiserver's
// for default/kubernetes): the primary controller mirrors them into slices
// of each address type they hold.
func (d *dualEP) SetManual(ep endpoints.Endpoints, sliceName string, dirty []endpoints.ServiceKey) ([]endpoints.ServiceKey, error) {
	return d.ctl[0].SetManual(ep, sliceName, dirty)
}

// TakeManual is SetManual for Endpoints the primary controller keeps
// without a copy (endpoints.Controller.TakeManual).
func (d *dualEP) TakeManual(ep endpoints.Endpoints, sliceName string, dirty []endpoints.ServiceKey) ([]endpoints.ServiceKey, error) {
	return d.ctl[0].TakeManual(ep, sliceName, dirty)
}

func (d *dualEP) DeleteManual(namespace, name string, dirty []endpoints.ServiceKey) []endpoints.ServiceKey {
	return d.ctl[0].DeleteManual(namespace, name, dirty)
}

// CheckManual checks the hand-written objects each family's controller
// holds: the mirrored Endpoints (the primary's) and the user's slices of
// its address type.
func (d *dualEP) CheckManual(svcs []service.Service) error {
	for _, c := range d.ctl {
		if err := c.CheckManual(svcs); err != nil {
			return err
		}
	}
	return nil
}

// familyOf returns the controller serving address type t: its family's,
// else the primary (whose validation refuses what no family holds).
func (d *dualEP) familyOf(t endpoints.AddressType) int {
	if service.IPFamily(t) == d.fams[1][0] {
		return 1
	}
	return 0
}

// SetSlice writes a user's EndpointSlice into the controller of its
// address type, whose kube-proxy table routes it. A name the other
// family's controller holds is taken, as one namespace holds one slice
// of a name.
func (d *dualEP) SetSlice(sl endpoints.Slice, dirty []endpoints.ServiceKey) ([]endpoints.ServiceKey, error) {
	if err := d.CheckSlice(sl); err != nil {
		return dirty, err
	}
	return d.ctl[d.familyOf(sl.AddressType)].SetSlice(sl, dirty)
}

// CheckSlice returns the error SetSlice would return for sl, and changes
// nothing.
func (d *dualEP) CheckSlice(sl endpoints.Slice) error {
	i := d.familyOf(sl.AddressType)
	if old, ok := d.ctl[1-i].UserSlice(sl.Namespace, sl.Name); ok {
		// The user's slice of the other family: its addressType changes.
		return endpoints.ValidateSliceUpdate(sl, old)
	}
	if d.ctl[1-i].SliceNameTaken(sl.Namespace, sl.Name) {
		if err := endpoints.ValidateSlice(sl); err != nil {
			return err
		}
		return fmt.Errorf("endpointslice %s/%s: %w", pod.NamespaceOrDefault(sl.Namespace), sl.Name, endpoints.ErrNameTaken)
	}
	return d.ctl[i].CheckSlice(sl)
}

func (d *dualEP) DeleteSlice(namespace, name string, dirty []endpoints.ServiceKey) ([]endpoints.ServiceKey, bool) {
	for _, c := range d.ctl {
		if out, ok := c.DeleteSlice(namespace, name, dirty); ok {
			return out, true
		}
	}
	return dirty, false
}
