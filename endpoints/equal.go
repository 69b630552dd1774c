package endpoints

import (
	"cmp"
	"maps"
	"net/netip"
	"slices"
	"strings"

	"github.com/svcsim/svcsim/selector"
)

// EqualEndpoints reports whether a and b are the same Endpoints object:
// same namespace, name, truncation flag and SkipMirror, and the same
// subsets compared as
// a set of (ports as a set, addresses in order, not-ready addresses in
// order), since upstream's subset and port order is arbitrary (RepackSubsets
// in kubernetes pkg/api/v1/endpoints/util.go sorts them by a hash). It
// compares the structures as they are (sorted copies of the subsets where
// they are not in order), rendering nothing and keeping no reference to
// them: objects built for the comparison stay on their caller's stack.
func EqualEndpoints(a, b Endpoints) bool {
	if a.Namespace != b.Namespace || a.Name != b.Name || a.Truncated != b.Truncated ||
		a.SkipMirror != b.SkipMirror || len(a.Subsets) != len(b.Subsets) {
		return false
	}
	if len(a.Subsets) == 0 || &a.Subsets[0] == &b.Subsets[0] {
		return true // one list (a shown manual object shares the written one's)
	}
	x, y := sortedSubsets(a.Subsets), sortedSubsets(b.Subsets)
	for i := range x {
		if !sameSubset(x[i], y[i]) {
			return false
		}
	}
	return true
}

// ShowsEndpoints reports whether the Endpoints object of Service
// want.Namespace/want.Name as of its last Sync is want (EqualEndpoints):
// Endpoints and a comparison, without the copy.
func (c *Controller) ShowsEndpoints(want Endpoints) bool {
	got, ok := c.endpointsView(want.Namespace, want.Name)
	return ok && EqualEndpoints(got, want)
}

// sameSubset reports whether compareSubset(a, b) == 0, comparing for
// equality only.
func sameSubset(a, b Subset) bool {
	return slices.Equal(a.Ports, b.Ports) && slices.Equal(a.Addresses, b.Addresses) &&
		slices.Equal(a.NotReadyAddresses, b.NotReadyAddresses)
}

// sortedSubsets returns ss with each subset's ports sorted and the subsets
// in compareSubset order: ss itself when it is so (a canonical object
// is), else a sorted copy of it and of its lists, which holds their
// elements, not the lists.
func sortedSubsets(ss []Subset) []Subset {
	if inOrder(ss) {
		return ss
	}
	out := make([]Subset, len(ss))
	for i, s := range ss {
		out[i] = Subset{Addresses: slices.Clone(s.Addresses), NotReadyAddresses: slices.Clone(s.NotReadyAddresses),
			Ports: slices.Clone(s.Ports)}
		slices.SortFunc(out[i].Ports, compareEndpointPort)
	}
	slices.SortFunc(out, compareSubset)
	return out
}

// inOrder reports whether each subset's ports are sorted and the subsets
// in compareSubset order.
func inOrder(ss []Subset) bool {
	for _, s := range ss {
		if !slices.IsSortedFunc(s.Ports, compareEndpointPort) {
			return false
		}
	}
	return slices.IsSortedFunc(ss, compareSubset)
}

// compareEndpointPort orders ports by name, number and protocol as given.
func compareEndpointPort(a, b EndpointPort) int {
	return cmp.Or(strings.Compare(a.Name, b.Name), cmp.Compare(a.Port, b.Port),
		strings.Compare(string(a.Protocol), string(b.Protocol)), strings.Compare(a.AppProtocol, b.AppProtocol))
}

// compareSubset orders subsets (ports sorted) by ports, then addresses,
// then not-ready addresses, each list in its order.
func compareSubset(a, b Subset) int {
	return cmp.Or(slices.CompareFunc(a.Ports, b.Ports, compareEndpointPort),
		slices.CompareFunc(a.Addresses, b.Addresses, compareAddress),
		slices.CompareFunc(a.NotReadyAddresses, b.NotReadyAddresses, compareAddress))
}

func compareAddress(a, b Address) int {
	return cmp.Or(compareIP(a.IP, b.IP), strings.Compare(a.NodeName, b.NodeName), strings.Compare(a.Pod, b.Pod),
		strings.Compare(a.Hostname, b.Hostname))
}

// compareIP orders addresses as netip.Addr.Compare does, zones included.
func compareIP(a, b netip.Addr) int { return a.Compare(b) }

// EquivalentSlices reports whether two sets of EndpointSlices carry the
// same endpoints: per (namespace, service, address type, port list as a
// set), the same multiset of endpoints with the same conditions, node,
// pod, hostname, zone and hints, and slices (placeholders included) for the
// same address types.
// Slice names, the cut into slices and endpoint order are ignored: upstream
// does not rebalance, so a layout is history-dependent. It compares the
// structures, sorted, rendering nothing.
func EquivalentSlices(a, b []Slice) bool {
	var x, y content
	return equivalentSlices(&x, &y, a, b)
}

// equivalentSlices is EquivalentSlices sorting a's and b's content into
// x and y, whose storage it reuses.
func equivalentSlices(x, y *content, a, b []Slice) bool {
	x.fill(a)
	y.fill(b)
	if len(x.eps) != len(y.eps) || len(x.types) != len(y.types) {
		return false
	}
	for i := range x.types {
		if compareSliceType(x.types[i], y.types[i]) != 0 {
			return false
		}
	}
	// The types being equal, so are their indexes.
	for i := range x.eps {
		a, b := x.eps[i], y.eps[i]
		// Consecutive endpoints of the same two port lists: the lists
		// were compared with the first.
		samePorts := i > 0 && samePortList(a.ports, x.eps[i-1].ports) && samePortList(b.ports, y.eps[i-1].ports)
		if a.typ != b.typ || !samePorts && !slices.Equal(a.ports, b.ports) || !sameEndpointFields(a.ep, b.ep) {
			return false
		}
	}
	return true
}

// sliceEndpoint is an endpoint with what groups it: its slice's type (its
// index in content.types) and the slice's ports, sorted.
type sliceEndpoint struct {
	typ   int
	ports []EndpointPort
	ep    *Endpoint
}

// content is a set of slices as EquivalentSlices compares it: one slice
// per type (namespace, Service, address type, labels), sorted, and every
// endpoint, sorted (compareSliceEndpoint).
type content struct {
	eps   []sliceEndpoint
	types []*Slice
}

// fill sets c to the content of ss, reusing c's storage.
func (c *content) fill(ss []Slice) {
	c.eps, c.types = c.eps[:0], c.types[:0]
	for i := range ss {
		c.types = append(c.types, &ss[i])
	}
	slices.SortFunc(c.types, compareSliceType)
	c.types = slices.CompactFunc(c.types, func(a, b *Slice) bool { return compareSliceType(a, b) == 0 })
	for i := range ss {
		s := &ss[i]
		typ, _ := slices.BinarySearchFunc(c.types, s, compareSliceType)
		ports := s.Ports
		if !slices.IsSortedFunc(ports, compareEndpointPort) {
			ports = slices.SortedFunc(slices.Values(ports), compareEndpointPort)
		}
		for j := range s.Endpoints {
			c.eps = append(c.eps, sliceEndpoint{typ, ports, &s.Endpoints[j]})
		}
	}
	slices.SortFunc(c.eps, compareSliceEndpoint)
}

func compareSliceType(a, b *Slice) int {
	if a == b {
		return 0 // a slice and itself: the common case of fill's search
	}
	return cmp.Or(strings.Compare(a.Namespace, b.Namespace), strings.Compare(a.Service, b.Service),
		strings.Compare(string(a.AddressType), string(b.AddressType)), compareLabels(a.Labels, b.Labels))
}

// compareSliceEndpoint orders endpoints by pod first (usually decided by
// that one compare), then by their slices' types and ports, then by their
// own fields: a total order of the endpoints with what groups them.
func compareSliceEndpoint(a, b sliceEndpoint) int {
	if c := strings.Compare(a.ep.Pod, b.ep.Pod); c != 0 {
		return c
	}
	return cmp.Or(cmp.Compare(a.typ, b.typ), compareSlicePorts(a.ports, b.ports), compareEndpointFields(a.ep, b.ep))
}

// compareSlicePorts orders two slices' port lists (sorted), at once when
// they are one list (the slices of one group share it).
func compareSlicePorts(a, b []EndpointPort) int {
	if samePortList(a, b) {
		return 0
	}
	return slices.CompareFunc(a, b, compareEndpointPort)
}

// samePortList reports whether a and b are one list (not just equal).
func samePortList(a, b []EndpointPort) bool {
	return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0])
}

// compareEndpointFields orders endpoints by their own fields.
func compareEndpointFields(x, y *Endpoint) int {
	if c := slices.CompareFunc(x.Addresses, y.Addresses, compareIP); c != 0 {
		return c // two pods' endpoints: decided without comparing the rest
	}
	return cmp.Or(strings.Compare(x.NodeName, y.NodeName), strings.Compare(x.Pod, y.Pod), strings.Compare(x.Hostname, y.Hostname),
		compareConditions(x.Conditions, y.Conditions), strings.Compare(x.Zone, y.Zone), compareHints(x.Hints, y.Hints))
}

// sameEndpointFields reports whether compareEndpointFields(x, y) == 0,
// comparing for equality only.
func sameEndpointFields(x, y *Endpoint) bool {
	return slices.Equal(x.Addresses, y.Addresses) && x.Conditions == y.Conditions && x.NodeName == y.NodeName &&
		x.Pod == y.Pod && x.Hostname == y.Hostname && x.Zone == y.Zone && sameHints(x.Hints, y.Hints)
}

// sameHints reports whether compareHints(a, b) == 0, comparing for
// equality only.
func sameHints(a, b *Hints) bool {
	return a == b || a != nil && b != nil && slices.Equal(a.ForZones, b.ForZones) && slices.Equal(a.ForNodes, b.ForNodes)
}

func compareHints(a, b *Hints) int {
	switch {
	case a == nil || b == nil:
		return compareBool(a != nil, b != nil)
	}
	return cmp.Or(slices.Compare(a.ForZones, b.ForZones), slices.Compare(a.ForNodes, b.ForNodes))
}

func compareConditions(a, b Conditions) int {
	return cmp.Or(compareBool(a.Ready, b.Ready), compareBool(a.Serving, b.Serving),
		compareBool(a.Terminating, b.Terminating))
}

func compareBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}

// compareLabels orders label sets by their canonical text ("a=1,b=2").
func compareLabels(a, b map[string]string) int {
	if mapPointer(a) == mapPointer(b) || maps.Equal(a, b) {
		return 0 // the common case, without rendering
	}
	return strings.Compare(selector.Set(a).String(), selector.Set(b).String())
}
