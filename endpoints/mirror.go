package endpoints

import (
	"errors"
	"net/netip"
	"slices"
	"strconv"
	"strings"

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
// With sliceName "", the endpointslicemirroring controller's rules
// (pkg/controller/endpointslicemirroring/reconciler.go, utils.go): the
// addresses of every subset, ready ones first and at most
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
		sl := Slice{Namespace: ns, Name: sliceName, Service: ep.Name, AddressType: IPv4}
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
	type group struct {
		key   string
		at    AddressType
		ports []EndpointPort
		eps   []Endpoint
		idx   map[string]int
	}
	groups := map[string]*group{}
	for _, ss := range ep.Subsets {
		ports := slices.Clone(ss.Ports)
		slices.SortFunc(ports, comparePort)
		n := 0
		add := func(a Address, ready bool) {
			if n >= MaxMirroredEndpointsPerSubset {
				return
			}
			n++
			at := addressTypeOf(a.IP)
			k := string(at) + "|" + portsKey(ports)
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
			out = append(out, Slice{Namespace: ns, Service: ep.Name, AddressType: g.at,
				Ports: slices.Clone(g.ports), Endpoints: slices.Clone(g.eps[start:end])})
		}
	}
	return out
}

func mirroredEndpoint(a Address, ready bool) Endpoint {
	return Endpoint{Addresses: []netip.Addr{a.IP}, Conditions: Conditions{Ready: ready, Serving: ready},
		NodeName: a.NodeName, Pod: a.Pod}
}

// ValidateEndpoints returns the problems the apiserver finds in an
// Endpoints object a user writes (ValidateEndpoints, validateEndpointSubsets
// in pkg/apis/core/validation/validation.go), as a pod.ErrorList wrapping
// ErrInvalid, or nil: the name must be a DNS-1123 subdomain; every subset
// needs addresses or notReadyAddresses, and ports; an address must be a
// valid IP that is not unspecified, loopback, link-local or link-local
// multicast (ValidateNonSpecialIP); a port needs a number in 1-65535 and a
// protocol among TCP, UDP and SCTP (empty means TCP here, as defaulted), and
// a name (a DNS-1123 label, unique in the subset) when the subset has more
// than one port.
func ValidateEndpoints(ep Endpoints) error {
	obj := "endpoints " + pod.NamespaceOrDefault(ep.Namespace) + "/" + ep.Name
	var errs pod.ErrorList
	bad := func(field string, t pod.ErrorType, v any, detail string) {
		errs = append(errs, &pod.FieldError{Object: obj, Field: field, Type: t, Value: v, Detail: detail, Sentinel: ErrInvalid})
	}
	if ep.Name == "" {
		bad("metadata.name", pod.ErrorTypeRequired, nil, "name or generateName is required")
	} else if msgs := pod.IsDNS1123Subdomain(ep.Name); len(msgs) > 0 {
		bad("metadata.name", pod.ErrorTypeInvalid, ep.Name, strings.Join(msgs, "; "))
	}
	for i, ss := range ep.Subsets {
		path := "subsets[" + strconv.Itoa(i) + "]"
		if len(ss.Addresses) == 0 && len(ss.NotReadyAddresses) == 0 {
			bad(path, pod.ErrorTypeRequired, nil, "must specify `addresses` or `notReadyAddresses`")
		}
		for j, a := range ss.Addresses {
			validateAddress(a, path+".addresses["+strconv.Itoa(j)+"].ip", bad)
		}
		for j, a := range ss.NotReadyAddresses {
			validateAddress(a, path+".notReadyAddresses["+strconv.Itoa(j)+"].ip", bad)
		}
		if len(ss.Ports) == 0 {
			bad(path+".ports", pod.ErrorTypeRequired, nil, "")
		}
		names := map[string]bool{}
		for j, p := range ss.Ports {
			pp := path + ".ports[" + strconv.Itoa(j) + "]"
			switch {
			case p.Name == "" && len(ss.Ports) > 1:
				bad(pp+".name", pod.ErrorTypeRequired, nil, "")
			case p.Name != "":
				if msgs := pod.IsDNS1123Label(p.Name); len(msgs) > 0 {
					bad(pp+".name", pod.ErrorTypeInvalid, p.Name, strings.Join(msgs, "; "))
				} else if names[p.Name] {
					bad(pp+".name", pod.ErrorTypeDuplicate, p.Name, "")
				}
				names[p.Name] = true
			}
			if p.Port < 1 || p.Port > 65535 {
				bad(pp+".port", pod.ErrorTypeInvalid, p.Port, pod.PortRangeMsg)
			}
			if !pod.ValidProtocol(p.Protocol) {
				bad(pp+".protocol", pod.ErrorTypeNotSupported, string(p.Protocol), pod.SupportedProtocolsMsg)
			}
		}
	}
	if len(errs) == 0 {
		return nil
	}
	return errs
}

func validateAddress(a Address, field string, bad func(string, pod.ErrorType, any, string)) {
	ip := a.IP
	switch {
	case !ip.IsValid():
		bad(field, pod.ErrorTypeRequired, nil, "must be a valid IP address")
	case ip.IsUnspecified():
		bad(field, pod.ErrorTypeInvalid, ip, "may not be unspecified (0.0.0.0)")
	case ip.IsLoopback():
		bad(field, pod.ErrorTypeInvalid, ip, "may not be in the loopback range (127.0.0.0/8, ::1/128)")
	case ip.IsLinkLocalUnicast():
		bad(field, pod.ErrorTypeInvalid, ip, "may not be in the link-local range (169.254.0.0/16, fe80::/10)")
	case ip.IsLinkLocalMulticast():
		bad(field, pod.ErrorTypeInvalid, ip, "may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)")
	}
}
