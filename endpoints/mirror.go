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
	ns := pod.NamespaceOrDefault(ep.Namespace)
	if sliceName != "" {
		sl := Slice{Namespace: ns, Name: sliceName, Service: ep.Name, AddressType: IPv4,
			Labels: map[string]string{LabelServiceName: ep.Name}}
		if len(ep.Subsets) == 0 {
			return []Slice{sl}
		}
		ss := ep.Subsets[0]
		all := append(slices.Clone(ss.Addresses), ss.NotReadyAddresses...)
		if len(all) > 0 && !slices.ContainsFunc(all, func(a Address) bool { return a.IP.Is4() }) {
			sl.AddressType = IPv6
		}
		sl.Ports = slices.Clone(ss.Ports)
		for i, a := range all {
			if addressTypeOf(a.IP) == sl.AddressType {
				sl.Endpoints = append(sl.Endpoints, mirroredEndpoint(a, i < len(ss.Addresses)))
			}
		}
		return []Slice{sl}
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
	for _, ss := range canonicalSubsets(ep.Subsets) {
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
					g.eps[i] = mirroredEndpoint(a, false)
				}
				return
			}
			g.idx[ek] = len(g.eps)
			g.eps = append(g.eps, mirroredEndpoint(a, ready))
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
	var out []Slice
	for _, k := range keys {
		g := groups[k]
		slices.SortFunc(g.eps, compareEndpoint)
		for start := 0; start < len(g.eps); start += MaxMirroredEndpointsPerSubset {
			end := min(start+MaxMirroredEndpointsPerSubset, len(g.eps))
			out = append(out, Slice{Namespace: ns, Service: ep.Name, AddressType: g.at, Labels: mirroredLabels(ep.Name),
				Ports: slices.Clone(g.ports), Endpoints: slices.Clone(g.eps[start:end])})
		}
	}
	return out
}

// mirroredEndpoint is an Endpoints address as a slice endpoint
// (addressToEndpoint in pkg/controller/endpointslicemirroring/utils.go): its
// IP, node name, target and hostname.
func mirroredEndpoint(a Address, ready bool) Endpoint {
	return Endpoint{Addresses: []netip.Addr{a.IP}, Conditions: Conditions{Ready: ready, Serving: ready},
		NodeName: a.NodeName, Pod: a.Pod, Hostname: a.Hostname}
}
