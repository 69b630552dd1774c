package endpoints

import (
	"errors"
	"net/netip"
	"slices"

	"github.com/svcsim/svcsim/pod"
)

// ErrInvalid is wrapped by the errors SetManual returns for an Endpoints
// object the apiserver would refuse (ValidateEndpoints in
// pkg/apis/core/validation/validation.go).
var ErrInvalid = errors.New("invalid endpoints")

// MaxMirroredEndpointsPerSubset is the number of addresses of one Endpoints
// subset the endpointslicemirroring controller mirrors (ready ones first);
// the rest are skipped. It is also the capacity of a mirrored slice.
// kube-controller-manager's --mirroring-max-endpoints-per-subset default
// (cmd/kube-controller-manager/app/options/endpointslicemirroringcontroller.go).
const MaxMirroredEndpointsPerSubset = 1000

// Mirror returns the EndpointSlices that mirror the selector-less Service's
// Endpoints ep, from scratch: the reference the Controller's manual
// Endpoints are checked against. Slice names are "" except for sliceName.
//
// With sliceName "", the endpointslicemirroring controller's rules (none
// for an object with SkipMirror)
// (pkg/controller/endpointslicemirroring/reconciler.go, utils.go): the
// subsets repacked first (RepackSubsets, as reconcile canonicalises them),
// then the addresses of every subset, ready ones first and at most
// MaxMirroredEndpointsPerSubset per subset, grouped by (address type, port
// list as a set) across subsets, one endpoint per (IP, pod) (not ready wins
// over ready), cut into slices of at most MaxMirroredEndpointsPerSubset
// endpoints; no subset, no slice (no placeholder). Mirrored endpoints carry
// only the ready condition upstream; svcsim sets Serving = Ready (an unset
// serving condition reads as ready) and Terminating false.
//
// With a sliceName, kube-apiserver's own conversion for default/kubernetes
// (pkg/controlplane/reconcilers/endpointsadapter.go
// endpointSliceFromEndpoints): exactly one slice with that name, address
// type IPv4 (IPv6 when every address of the first subset is IPv6), the first
// subset's ports, and its addresses of that family, ready then not ready;
// other subsets are ignored. An Endpoints without subsets gives one slice
// without endpoints or ports.
func Mirror(ep Endpoints, sliceName string) []Slice {
	var w mirrorScratch
	return w.mirror(ep, sliceName)
}

// mirrorScratch is Mirror's storage: fresh for each Mirror, reused from
// one manual object to the next by Controller.Check, which keeps nothing
// of a result past its comparison. A result lives in it until its next
// mirror.
type mirrorScratch struct {
	out    []Slice
	eps    []Endpoint     // the named slice's endpoints
	addrs  []netip.Addr   // the endpoints' addresses, one each
	ports  []EndpointPort // the named slice's ports
	labels map[string]string
	// The first blocks of out, eps, addrs and ports: kube-apiserver's
	// default/kubernetes slice (one slice, endpoint, address and port
	// with one apiserver) comes in the scratch's own allocation.
	outIn   [1]Slice
	epsIn   [1]Endpoint
	addrsIn [1]netip.Addr
	portsIn [1]EndpointPort
}

// mirror is Mirror into w's storage.
func (w *mirrorScratch) mirror(ep Endpoints, sliceName string) []Slice {
	ns := pod.NamespaceOrDefault(ep.Namespace)
	if w.out == nil {
		w.out, w.eps, w.addrs, w.ports = w.outIn[:0], w.epsIn[:0], w.addrsIn[:0], w.portsIn[:0]
	}
	w.out = w.out[:0]
	if sliceName != "" {
		w.out = append(w.out, w.namedSlice(ns, ep, sliceName))
		return w.out
	}
	if ep.SkipMirror {
		return nil
	}
	type group struct {
		key   string
		at    AddressType
		ports []EndpointPort
		eps   []Endpoint
		idx   map[string]int
	}
	groups := map[string]*group{}
	subsets := canonicalSubsets(ep.Subsets)
	n := 0
	for _, ss := range subsets {
		n += min(len(ss.Addresses)+len(ss.NotReadyAddresses), MaxMirroredEndpointsPerSubset)
	}
	w.addrs = slices.Grow(w.addrs[:0], n) // the endpoints' addresses, grown once
	for _, ss := range subsets {
		ports := slices.Clone(ss.Ports)
		slices.SortFunc(ports, comparePort)
		n := 0
		add := func(a Address, ready bool) {
			if n >= MaxMirroredEndpointsPerSubset {
				return
			}
			n++
			at := addressTypeOf(a.IP)
			k := string(appendGroupKey(nil, at, ports))
			g := groups[k]
			if g == nil {
				g = &group{key: k, at: at, ports: slices.Clone(ss.Ports), idx: map[string]int{}}
				groups[k] = g
			}
			ek := a.IP.String() + "|" + a.Pod
			if i, ok := g.idx[ek]; ok {
				if !ready {
					g.eps[i] = w.mirroredEndpoint(a, false)
				}
				return
			}
			g.idx[ek] = len(g.eps)
			g.eps = append(g.eps, w.mirroredEndpoint(a, ready))
		}
		for _, a := range ss.Addresses {
			add(a, true)
		}
		for _, a := range ss.NotReadyAddresses {
			add(a, false)
		}
	}
	keys := make([]string, 0, len(groups))
	for k := range groups {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		g := groups[k]
		slices.SortFunc(g.eps, compareEndpoint)
		for start := 0; start < len(g.eps); start += MaxMirroredEndpointsPerSubset {
			end := min(start+MaxMirroredEndpointsPerSubset, len(g.eps))
			w.out = append(w.out, Slice{Namespace: ns, Service: ep.Name, AddressType: g.at, Labels: mirroredLabels(ep.Name),
				Ports: slices.Clone(g.ports), Endpoints: slices.Clone(g.eps[start:end])})
		}
	}
	if len(w.out) == 0 {
		return nil
	}
	return w.out
}

// namedSlice is Mirror's slice named sliceName (kube-apiserver's
// conversion, see Mirror) of ep, in namespace ns, in w's storage.
func (w *mirrorScratch) namedSlice(ns string, ep Endpoints, sliceName string) Slice {
	if w.labels == nil {
		w.labels = make(map[string]string, 1)
	}
	if v, ok := w.labels[LabelServiceName]; !ok || v != ep.Name || len(w.labels) != 1 { // else kept from the last
		clear(w.labels)
		w.labels[LabelServiceName] = ep.Name
	}
	sl := Slice{Namespace: ns, Name: sliceName, Service: ep.Name, AddressType: IPv4, Labels: w.labels}
	if len(ep.Subsets) == 0 {
		return sl
	}
	ss := &ep.Subsets[0]
	n := len(ss.Addresses) + len(ss.NotReadyAddresses)
	if n > 0 && !slices.ContainsFunc(ss.Addresses, isIPv4) && !slices.ContainsFunc(ss.NotReadyAddresses, isIPv4) {
		sl.AddressType = IPv6
	}
	if len(ss.Ports) > 0 {
		w.ports = append(w.ports[:0], ss.Ports...)
		sl.Ports = w.ports
	}
	w.eps, w.addrs = w.eps[:0], slices.Grow(w.addrs[:0], n) // the endpoints' addresses, grown once
	for i, list := range [2][]Address{ss.Addresses, ss.NotReadyAddresses} {
		for _, a := range list {
			if addressTypeOf(a.IP) == sl.AddressType {
				w.eps = append(w.eps, w.mirroredEndpoint(a, i == 0))
			}
		}
	}
	if len(w.eps) > 0 {
		sl.Endpoints = w.eps
	}
	return sl
}

func isIPv4(a Address) bool { return a.IP.Is4() }

// mirroredEndpoint is an Endpoints address as a slice endpoint
// (addressToEndpoint in pkg/controller/endpointslicemirroring/utils.go): its
// IP, node name, target and hostname. Its address is appended to w.addrs.
func (w *mirrorScratch) mirroredEndpoint(a Address, ready bool) Endpoint {
	w.addrs = append(w.addrs, a.IP)
	return Endpoint{Addresses: w.addrs[len(w.addrs)-1 : len(w.addrs) : len(w.addrs)], Conditions: Conditions{Ready: ready, Serving: ready},
		NodeName: a.NodeName, Pod: a.Pod, Hostname: a.Hostname}
}
