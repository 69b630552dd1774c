package endpoints

import (
	"bytes"
	"cmp"
	"net/netip"
	"slices"
	"strconv"
	"strings"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
	"github.com/svcsim/svcsim/service"
)

// Compute returns the Endpoints and EndpointSlices the upstream controllers
// produce for svc from scratch, given every pod (pods outside svc's
// namespace or not matching its selector are ignored). It is the slow,
// obviously-correct reference the Controller is checked against.
//
// Rules (kubernetes pkg/controller/endpoint/endpoints_controller.go,
// syncService; staging/src/k8s.io/endpointslice/reconciler.go):
//   - An ExternalName Service or one with a nil or empty selector has no
//     Endpoints and no slices: Compute returns the zero Endpoints and nil
//     (see Manages).
//   - Pods in a terminal phase (Succeeded, Failed) or without an IP are left
//     out of both. A terminating pod is left out of Endpoints unless
//     PublishNotReadyAddresses is set; slices always keep it.
//   - An endpoint carries the pod's hostname when the pod has one and its
//     subdomain is the Service's name (hostnameFor); a slice endpoint also
//     its node's zone (opts.NodeZone) and the hints of
//     spec.trafficDistribution (hintsFor).
//   - The address family is the Service's first ipFamilies entry (else
//     the ClusterIP's); a pod IP of the other family is left out. A
//     headless Service without families (or one without a ClusterIP yet)
//     takes each pod's own family. One family per call: a dual-stack
//     Service's other family is computed from a view of the Service with
//     that family first and the pods' IPs of that family.
//   - Endpoints: see repack.go (RepackSubsets, truncation at
//     MaxEndpointsCapacity addresses).
//   - Slices: one group per (address type, resolved port list), each cut
//     into slices of at most opts.MaxEndpointsPerSlice endpoints, endpoints
//     sorted by IP string then pod, groups by address type then port list;
//     one empty placeholder slice per address type without endpoints. Names
//     are generated upstream; Compute counts (SliceName from 0), and
//     comparisons ignore names (EquivalentSlices).
//
// The slices share one labels map, and those of a group their ports.
func Compute(svc service.Service, pods []pod.Pod, opts Options) (Endpoints, []Slice) {
	var w computeScratch
	return w.compute(&svc, pods, opts)
}

// computeScratch is Compute's storage. A result lives in it until its
// next compute; its slices share their group's ports and one labels map.
type computeScratch struct {
	contribs []contrib
	made     []*computeGroup // every group made so far; the first len(sorted) are in use
	sorted   []*computeGroup // the groups in use, sorted by key once filled
	addrs    []netip.Addr    // the endpoints' addresses, one each
	out      []Slice
	labels   map[string]string
	sel      []labelKV // the Service's selector, listed once (carries)
	ep       endpointsStorage
}

// compute is Compute into w's storage.
func (w *computeScratch) compute(svc *service.Service, pods []pod.Pod, opts Options) (Endpoints, []Slice) {
	if !manages(svc) {
		return Endpoints{}, nil
	}
	ns := pod.NamespaceOrDefault(svc.Namespace)
	// Grown once, so that the endpoints' addresses stay where they are
	// written.
	w.contribs, w.sorted, w.addrs = w.contribs[:0], w.sorted[:0], slices.Grow(w.addrs[:0], len(pods))
	// A pod's resolved ports, before they find their group (most fit
	// this array).
	var portsBuf [4]EndpointPort
	ports := portsBuf[:0]
	// The group of the last pod, by its address type and container ports:
	// pods of one template, which share their ports, resolve them once.
	var last *computeGroup
	var lastAT AddressType
	var lastPorts []pod.ContainerPort
	svcAT, mode := serviceAddressType(svc), hintModeOf(svc)
	var hints map[hintKey]*Hints
	if mode != hintNone {
		hints = map[hintKey]*Hints{}
	}
	w.sel = appendSelector(w.sel[:0], svc.Selector)
	for i := range pods {
		p := &pods[i]
		at, ok := endpointType(p, ns, w.sel, svcAT)
		if !ok {
			continue
		}
		g := last
		if g == nil || at != lastAT || !samePorts(p.Ports, lastPorts) {
			ports = resolvePorts(ports[:0], svc.Ports, p.Ports)
			if g = w.group(at, ports); g == nil {
				g = w.newGroup(at, ports)
			}
			last, lastAT, lastPorts = g, at, p.Ports
		}
		key := p.Key()
		if !p.Terminating || svc.PublishNotReadyAddresses {
			w.contribs = append(w.contribs, contrib{
				addr:  Address{IP: p.IP, NodeName: p.NodeName, Pod: key, Hostname: hostnameFor(svc.Name, p.Hostname, p.Subdomain)},
				ready: svc.PublishNotReadyAddresses || p.Ready,
				ports: g.ports,
			})
		}
		cond := conditions(svc.PublishNotReadyAddresses, p.Ready, p.Terminating)
		zone := opts.zoneOf(p.NodeName)
		w.addrs = append(w.addrs, p.IP)
		g.eps = append(g.eps, Endpoint{
			Addresses:  w.addrs[len(w.addrs)-1 : len(w.addrs) : len(w.addrs)],
			Conditions: cond,
			NodeName:   p.NodeName,
			Pod:        key,
			Hostname:   hostnameFor(svc.Name, p.Hostname, p.Subdomain),
			Zone:       zone,
			Hints:      cloneHints(hintsFor(hints, mode, cond.Ready, zone, p.NodeName)),
		})
	}
	ep := w.ep.build(ns, svc.Name, portlessService(svc.Headless, svc.Ports), w.contribs)

	if len(w.sorted) > 1 {
		for _, g := range w.sorted {
			g.key = appendGroupKey(g.key[:0], g.at, g.ports)
		}
		slices.SortFunc(w.sorted, func(a, b *computeGroup) int { return bytes.Compare(a.key, b.key) })
	}
	max := opts.maxPerSlice()
	w.labels = refillLabels(w.labels, svc.Name, svc.Labels, clusterIPUnset(svc.Headless, svc.ClusterIP))
	w.out = w.out[:0]
	var counter uint64
	var v4, v6 bool // address types with endpoints
	for _, g := range w.sorted {
		v4, v6 = v4 || g.at == IPv4, v6 || g.at == IPv6
		slices.SortFunc(g.eps, compareEndpoint)
		for start := 0; start < len(g.eps); start += max {
			end := min(start+max, len(g.eps))
			w.out = append(w.out, Slice{
				Namespace: ns, Name: SliceName(svc.Name, counter), Service: svc.Name,
				AddressType: g.at, Ports: g.ports[:len(g.ports):len(g.ports)], Endpoints: g.eps[start:end:end],
				Labels: w.labels,
			})
			counter++
		}
	}
	if at, ok := placeholderType(svcAT, v4, v6); ok {
		w.out = append(w.out, Slice{Namespace: ns, Name: SliceName(svc.Name, counter), Service: svc.Name, AddressType: at,
			Labels: w.labels})
	}
	return ep, w.out
}

// group returns the group in use of these address type and ports, nil
// when there is none: a Service's groups are few (one per address type
// and port list among its pods), and pods of one template share theirs
// (compute's last), so a scan of them is enough.
func (w *computeScratch) group(at AddressType, ports []EndpointPort) *computeGroup {
	for _, g := range w.sorted {
		if g.at == at && slices.Equal(g.ports, ports) {
			return g
		}
	}
	return nil
}

// newGroup puts a group of endpoints in use, with these address type and
// ports (copied), reusing a group made by an earlier compute.
func (w *computeScratch) newGroup(at AddressType, ports []EndpointPort) *computeGroup {
	n := len(w.sorted)
	if n == len(w.made) {
		w.made = append(w.made, &computeGroup{})
	}
	g := w.made[n]
	g.at, g.ports, g.eps = at, append(g.ports[:0], ports...), g.eps[:0]
	w.sorted = append(w.sorted, g)
	return g
}

type computeGroup struct {
	key   []byte // appendGroupKey of its address type and ports, which orders the groups (made when there are several)
	at    AddressType
	ports []EndpointPort
	eps   []Endpoint
}

// Manages reports whether the endpoints and endpointslice controllers
// manage svc's Endpoints and slices: not an ExternalName Service and a
// non-empty selector (syncService in kubernetes
// pkg/controller/endpoint/endpoints_controller.go returns early for both;
// an empty selector map is stored as nil, so it is a selector-less
// Service).
func Manages(svc service.Service) bool { return manages(&svc) }

// manages is Manages of the Service at svc, for callers holding a
// pointer (a Service is too large to copy per call).
func manages(svc *service.Service) bool {
	return svc.Type != service.ExternalName && len(svc.Selector) > 0
}

// appendSelector appends a Service's selector to dst as carries reads it.
func appendSelector(dst []labelKV, sel selector.Set) []labelKV {
	for k, v := range sel {
		dst = append(dst, labelKV{k, v})
	}
	return dst
}

// endpointType returns the address type of pod p's endpoint in a Service
// of namespace ns selecting sel (appendSelector) with address type svcAT
// (serviceAddressType), and false when the pod has none there: not in the
// namespace, not carrying the selector, or without an address of that
// type (podAddressType).
func endpointType(p *pod.Pod, ns string, sel []labelKV, svcAT AddressType) (AddressType, bool) {
	if pod.NamespaceOrDefault(p.Namespace) != ns || !carries(p.Labels, sel) {
		return "", false
	}
	return podAddressType(svcAT, p.IP, p.Phase)
}

// carries reports whether labels carry every pair of sel, an
// equality-based selector listed by appendSelector (labels.SelectorFromSet
// semantics: every key present with that value), listed once for many
// pods.
func carries(labels selector.Set, sel []labelKV) bool {
	for _, kv := range sel {
		if v, ok := labels[kv.k]; !ok || v != kv.v {
			return false
		}
	}
	return true
}

// hostnameFor returns the hostname an endpoint of a pod with this hostname
// and subdomain carries in the Service named svcName: the hostname when it
// is set and the subdomain is the Service's name, else none (kubernetes
// staging/src/k8s.io/endpointslice/util/controller_utils.go,
// ShouldSetHostname; the namespaces are equal as the Service selects
// only its own).
func hostnameFor(svcName, hostname, subdomain string) string {
	if hostname != "" && subdomain == svcName {
		return hostname
	}
	return ""
}

// addressTypeOf returns IPv4 or IPv6 for ip.
func addressTypeOf(ip netip.Addr) AddressType {
	if ip.Is4() {
		return IPv4
	}
	return IPv6
}

// serviceAddressType returns the Service's address type: its primary IP
// family (spec.ipFamilies[0]; getAddressTypesForService in
// staging/src/k8s.io/endpointslice/utils.go), else its ClusterIP's family,
// or "" when it follows its pods' families (headless or no ClusterIP yet,
// families not defaulted). A Controller or Compute handles one family: a
// dual-stack Service's second family is another Controller's view.
func serviceAddressType(svc *service.Service) AddressType {
	switch {
	case len(svc.IPFamilies) > 0:
		return AddressType(svc.IPFamilies[0])
	case svc.Headless || !svc.ClusterIP.IsValid():
		return ""
	}
	return addressTypeOf(svc.ClusterIP)
}

// podAddressType returns the address type under which a pod with this IP
// and phase is an endpoint of a Service of address type want
// (serviceAddressType), and false when the pod is not one at all (terminal
// phase, no IP, other family): ShouldPodBeInEndpoints with
// includeTerminating, plus the ipFamilies[0] match of the Endpoints
// controller.
func podAddressType(want AddressType, ip netip.Addr, phase pod.Phase) (AddressType, bool) {
	if phase == pod.Succeeded || phase == pod.Failed || !ip.IsValid() {
		return "", false
	}
	at := addressTypeOf(ip)
	if want != "" && want != at {
		return "", false
	}
	return at, true
}

// placeholderType returns the address type that needs an empty
// placeholder slice, given the Service's address type (serviceAddressType)
// and whether it has IPv4 and IPv6 endpoints (reconciler.go: one
// placeholder per supported address type without slices). A Service that
// follows its pods' families gets an IPv4 placeholder when it has no
// endpoints at all.
func placeholderType(want AddressType, v4, v6 bool) (AddressType, bool) {
	switch want {
	case IPv4:
		return IPv4, !v4
	case IPv6:
		return IPv6, !v6
	}
	return IPv4, !v4 && !v6
}

// portlessService reports whether a Service is headless with no ports: its pods
// go into one port-less subset (syncService's nil-port addEndpointSubset).
func portlessService(headless bool, ports []service.Port) bool { return headless && len(ports) == 0 }

// conditions returns an EndpointSlice endpoint's conditions (podToEndpoint
// in staging/src/k8s.io/endpointslice/utils.go).
func conditions(publishNotReady, podReady, terminating bool) Conditions {
	return Conditions{
		Ready:       publishNotReady || (podReady && !terminating),
		Serving:     podReady,
		Terminating: terminating,
	}
}

// resolvePorts appends to dst the EndpointPorts of a pod with the given
// container ports, in Service port order, leaving out the ports whose
// targetPort does not resolve on this pod (FindPort in kubernetes
// pkg/api/v1/pod/util.go).
func resolvePorts(dst []EndpointPort, svcPorts []service.Port, cports []pod.ContainerPort) []EndpointPort {
	for i := range svcPorts {
		sp := &svcPorts[i]
		if n, ok := sp.ResolveTargetPort(cports); ok {
			dst = append(dst, EndpointPort{Name: sp.Name, Port: n, Protocol: pod.EffectiveProtocol(sp.Protocol), AppProtocol: sp.AppProtocol})
		}
	}
	return dst
}

func appendPortKey(b []byte, p EndpointPort) []byte {
	b = append(b, p.Name...)
	b = append(b, 0)
	b = strconv.AppendInt(b, int64(p.Port), 10)
	b = append(b, 0)
	b = append(b, p.Protocol...)
	b = append(b, 0)
	b = append(b, p.AppProtocol...)
	return append(b, 1)
}

func compareEndpoint(a, b Endpoint) int {
	return cmp.Or(compareAddrString(firstAddr(a), firstAddr(b)), strings.Compare(a.Pod, b.Pod))
}

func firstAddr(e Endpoint) netip.Addr {
	if len(e.Addresses) == 0 {
		return netip.Addr{}
	}
	return e.Addresses[0]
}

// compareAddrString orders addresses by a byte-wise compare of their string
// form, as RepackSubsets' addrsByIpAndUID does (10.0.0.10 < 10.0.0.9):
// two IPv4 addresses by the decimalOrder of their first differing octet
// (their texts agree up to it; see textOrder4), without rendering them.
func compareAddrString(a, b netip.Addr) int {
	switch {
	case a == b:
		return 0
	case a.Is4() && b.Is4():
		x, y := a.As4(), b.As4()
		i := 0
		for x[i] == y[i] { // a != b: some octet differs
			i++
		}
		return cmp.Compare(decimalOrder(x[i]), decimalOrder(y[i]))
	}
	var ba, bb [64]byte
	return bytes.Compare(a.AppendTo(ba[:0]), b.AppendTo(bb[:0]))
}

// textOrder4 returns a number that orders IPv4 addresses as a byte-wise
// compare of their dotted text does: their octets' decimalOrder, 11 bits
// each, in order. The texts compare as their octets' texts do, one after
// the other, since the dot sorts below the digits: "1.x" < "10.x".
func textOrder4(ip netip.Addr) uint64 {
	a := ip.As4()
	return uint64(decimalOrders[a[0]])<<33 | uint64(decimalOrders[a[1]])<<22 | uint64(decimalOrders[a[2]])<<11 |
		uint64(decimalOrders[a[3]])
}

// decimalOrders holds decimalOrder of every byte, read by textOrder4 for
// every address an Endpoints object sorts: a table of constants, the
// same for every controller.
var decimalOrders = func() (t [256]uint16) {
	for b := range t {
		t[b] = uint16(decimalOrder(byte(b)))
	}
	return t
}()

// decimalOrder returns a number below 11³ that orders bytes as a
// byte-wise compare of their decimal text does (9 > 10 > 1): the three
// digits of a base-11 number, left-aligned, each one more than the text's
// digit at that place or 0 past its end, a shorter text being a prefix
// that compares as less.
func decimalOrder(b byte) uint64 {
	d := func(n byte) uint64 { return uint64(n) + 1 }
	switch {
	case b >= 100:
		return d(b/100)*121 + d(b/10%10)*11 + d(b%10)
	case b >= 10:
		return d(b/10)*121 + d(b%10)*11
	}
	return d(b) * 121
}
