package endpoints

import (
	"bytes"
	"cmp"
	"math"
	"slices"
	"strings"

	"github.com/svcsim/svcsim/pod"
)

// contrib is what one pod contributes to an Endpoints object: its address,
// whether it goes to addresses or notReadyAddresses, and its resolved ports.
type contrib struct {
	addr  Address
	ready bool
	ports []EndpointPort
}

// sentinelPort stands for "no port" in a headless Service without ports
// (RepackSubsets maps port-less subsets to port -1 and drops it on output).
var sentinelPort = EndpointPort{Port: -1}

type addrKey struct {
	ip  string
	pod string
}

type repackAddr struct {
	key   addrKey
	addr  Address
	ready bool
}

// buildEndpoints returns the Endpoints object for the given contributions,
// canonicalised as RepackSubsets (pkg/api/v1/endpoints/util.go) does and
// truncated to MaxEndpointsCapacity addresses:
//   - addresses are de-duplicated by (IP, pod) (upstream: IP, targetRef UID);
//   - per port, an address both ready and not ready is not ready;
//   - ports with identical address sets (ready flags included) share one
//     subset;
//   - addresses sort by a byte-wise compare of the IP string, then pod.
//
// Upstream orders ports and subsets by the md5 of a spew dump; svcsim uses
// its own stable order instead: ports inside a subset by (name, port,
// protocol), subsets by their first port. Compare Endpoints with
// EqualEndpoints, which treats subsets and ports as sets.
func buildEndpoints(ns, name string, portless bool, contribs []contrib) Endpoints {
	var st endpointsStorage
	return st.build(ns, name, portless, contribs)
}

// endpointsStorage holds the subset, addresses and ports of the Endpoints
// object buildEndpoints makes when its contributions share their ports:
// fresh for each buildEndpoints, reused from one Service to the next by
// Controller.Check (through Compute's storage), which keeps nothing of a
// result past its comparison.
type endpointsStorage struct {
	subsets []Subset
	addrs   []Address // the subset's ready addresses, then its not-ready ones
	ports   []EndpointPort
}

// build is buildEndpoints into st's storage (the general repacking, for
// contributions of different ports, into its own).
func (st *endpointsStorage) build(ns, name string, portless bool, contribs []contrib) Endpoints {
	if ports, ok := commonPorts(portless, contribs); ok {
		ep := Endpoints{Namespace: ns, Name: name, Subsets: st.subsets[:0]}
		if ep.Subsets == nil {
			ep.Subsets = []Subset{}
		}
		if len(contribs) > 0 && (portless || len(ports) > 0) {
			ep.Subsets = append(ep.Subsets, st.singleSubset(ports, contribs))
			ep.Truncated = truncate(ep.Subsets, MaxEndpointsCapacity)
		}
		st.subsets = ep.Subsets
		return ep
	}
	return repack(ns, name, portless, contribs)
}

// repack is the general case of buildEndpoints: RepackSubsets over
// arbitrary contributions, then truncation.
func repack(ns, name string, portless bool, contribs []contrib) Endpoints {
	ep := Endpoints{Namespace: ns, Name: name, Subsets: repackSubsets(portless, contribs)}
	ep.Truncated = truncate(ep.Subsets, MaxEndpointsCapacity)
	return ep
}

// canonicalSubsets returns subsets as kube-apiserver stores them: repacked
// (RepackSubsets, called by endpointsStrategy.Canonicalize in kubernetes
// pkg/registry/core/endpoint/strategy.go), with the protocols defaulted
// to TCP (SetDefaults_EndpointPort), never truncated. A subset without
// ports stays a subset without ports.
func canonicalSubsets(subsets []Subset) []Subset {
	if len(subsets) == 0 || len(subsets) == 1 && isCanonical(subsets[0]) {
		return subsets
	}
	var contribs []contrib
	for _, ss := range subsets {
		ports := []EndpointPort{sentinelPort}
		if len(ss.Ports) > 0 {
			ports = make([]EndpointPort, len(ss.Ports))
			for i, p := range ss.Ports {
				p.Protocol = pod.EffectiveProtocol(p.Protocol)
				ports[i] = p
			}
		}
		for _, a := range ss.Addresses {
			contribs = append(contribs, contrib{addr: a, ready: true, ports: ports})
		}
		for _, a := range ss.NotReadyAddresses {
			contribs = append(contribs, contrib{addr: a, ready: false, ports: ports})
		}
	}
	return repackSubsets(false, contribs)
}

// isCanonical reports whether a lone subset is already repacked: its ports
// have protocols, are distinct and in comparePort order, its addresses are
// distinct by (IP, pod) across both lists and each list is in repack's
// order (the common single-address write needs no work).
func isCanonical(ss Subset) bool {
	for i, p := range ss.Ports {
		if p.Protocol == "" || i > 0 && comparePort(ss.Ports[i-1], p) >= 0 {
			return false
		}
	}
	sorted := func(as []Address) bool {
		for i := 1; i < len(as); i++ {
			if cmp.Or(compareAddrString(as[i-1].IP, as[i].IP), strings.Compare(as[i-1].Pod, as[i].Pod)) >= 0 {
				return false
			}
		}
		return true
	}
	if !sorted(ss.Addresses) || !sorted(ss.NotReadyAddresses) {
		return false
	}
	for _, a := range ss.Addresses {
		for _, b := range ss.NotReadyAddresses {
			if a.IP == b.IP && a.Pod == b.Pod {
				return false
			}
		}
	}
	return true
}

// repackSubsets is RepackSubsets (pkg/api/v1/endpoints/util.go) over the
// contributions: see buildEndpoints for the rules. An (IP, pod) key has
// one address for every port, the first contribution's (upstream's
// mapAddressByPort keeps the first EndpointAddress met per key): which
// ports' address sets are alike, and what the subsets list, do not depend
// on the order the ports are visited in.
func repackSubsets(portless bool, contribs []contrib) []Subset {
	out := []Subset{}
	byPort := map[EndpointPort]map[addrKey]*repackAddr{}
	first := map[addrKey]*Address{}
	add := func(p EndpointPort, c *contrib) {
		m := byPort[p]
		if m == nil {
			m = map[addrKey]*repackAddr{}
			byPort[p] = m
		}
		k := addrKey{ip: c.addr.IP.String(), pod: c.addr.Pod}
		if a, ok := m[k]; ok {
			a.ready = a.ready && c.ready
			return
		}
		addr := first[k]
		if addr == nil {
			addr = &c.addr
			first[k] = addr
		}
		m[k] = &repackAddr{key: k, addr: *addr, ready: c.ready}
	}
	for i := range contribs {
		c := &contribs[i]
		if portless {
			add(sentinelPort, c)
			continue
		}
		for _, p := range c.ports {
			add(p, c)
		}
	}
	// Group ports by the signature of their address sets.
	type group struct {
		addrs []*repackAddr
		ports []EndpointPort
	}
	bySig := map[string]*group{}
	var order []*group
	var sig strings.Builder
	for p, m := range byPort {
		addrs := make([]*repackAddr, 0, len(m))
		for _, a := range m {
			addrs = append(addrs, a)
		}
		slices.SortFunc(addrs, func(a, b *repackAddr) int {
			return cmp.Or(strings.Compare(a.key.ip, b.key.ip), strings.Compare(a.key.pod, b.key.pod))
		})
		sig.Reset()
		for _, a := range addrs {
			sig.WriteString(a.key.ip)
			sig.WriteByte(0)
			sig.WriteString(a.key.pod)
			sig.WriteByte(0)
			sig.WriteString(a.addr.NodeName)
			if a.ready {
				sig.WriteByte(1)
			} else {
				sig.WriteByte(2)
			}
		}
		g := bySig[sig.String()]
		if g == nil {
			g = &group{addrs: addrs}
			bySig[sig.String()] = g
			order = append(order, g)
		}
		g.ports = append(g.ports, p)
	}
	for _, g := range order {
		slices.SortFunc(g.ports, comparePort)
	}
	slices.SortFunc(order, func(a, b *group) int { return comparePort(a.ports[0], b.ports[0]) })
	for _, g := range order {
		var s Subset
		for _, a := range g.addrs {
			if a.ready {
				s.Addresses = append(s.Addresses, a.addr)
			} else {
				s.NotReadyAddresses = append(s.NotReadyAddresses, a.addr)
			}
		}
		if !(len(g.ports) == 1 && g.ports[0] == sentinelPort) {
			s.Ports = g.ports
		}
		out = append(out, s)
	}
	return out
}

// comparePort orders EndpointPorts by name, port, then protocol.
func comparePort(a, b EndpointPort) int {
	return cmp.Or(strings.Compare(a.Name, b.Name), cmp.Compare(a.Port, b.Port),
		strings.Compare(string(pod.EffectiveProtocol(a.Protocol)), string(pod.EffectiveProtocol(b.Protocol))))
}

// truncate trims subsets to max addresses and reports whether it did, as
// truncateEndpoints in pkg/controller/endpoint/endpoints_controller.go:
// ready addresses are preferred; the quota is split across subsets in
// proportion to their size (ceil(share × quota), later subsets clipped to
// what is left) and each subset keeps its first addresses in sorted order.
func truncate(subsets []Subset, max int) bool {
	ready, notReady := 0, 0
	for _, s := range subsets {
		ready += len(s.Addresses)
		notReady += len(s.NotReadyAddresses)
	}
	if ready+notReady <= max {
		return false
	}
	truncReady := ready > max
	quota, total := max-ready, notReady
	if truncReady {
		quota, total = max, ready
	}
	left := quota
	for i := range subsets {
		s := &subsets[i]
		n := len(s.NotReadyAddresses)
		if truncReady {
			n = len(s.Addresses)
		}
		keep := int(math.Ceil(float64(n) / float64(total) * float64(quota)))
		keep = min(keep, left, n)
		if truncReady {
			s.Addresses = s.Addresses[:keep:keep]
			s.NotReadyAddresses = nil
			left -= keep
		} else {
			s.NotReadyAddresses = s.NotReadyAddresses[:keep:keep]
			left -= keep
		}
	}
	return true
}

// commonPorts returns the port list every contribution shares, and false
// when they differ or a list repeats a port: then the general repacking is
// needed. With a common port list every port has the same address set and
// RepackSubsets yields one subset.
func commonPorts(portless bool, contribs []contrib) ([]EndpointPort, bool) {
	if portless || len(contribs) == 0 {
		return nil, true
	}
	ports := contribs[0].ports
	for i, p := range ports {
		if slices.Contains(ports[:i], p) {
			return nil, false
		}
	}
	for i := range contribs[1:] {
		q := contribs[i+1].ports
		if len(q) != len(ports) || (len(q) > 0 && &q[0] != &ports[0] && !slices.Equal(q, ports)) {
			return nil, false
		}
	}
	return ports, true
}

// singleSubset builds the one subset of contributions that share their
// ports, in st's storage.
func (st *endpointsStorage) singleSubset(ports []EndpointPort, contribs []contrib) Subset {
	// The addresses sort by their text, byte-wise: by textOrder4 when
	// all are IPv4, else by the text itself.
	allV4 := true
	for i := range contribs {
		allV4 = allV4 && contribs[i].addr.IP.Is4()
	}
	type keyed struct {
		order uint64   // textOrder4 of the IP, when all are IPv4
		ip    [2]int32 // else the IP's text: buf[ip[0]:ip[1]]
		c     *contrib
	}
	// The IPs' text and the sort keys, on the stack for a few addresses.
	var bufArr [8 * 16]byte
	var ksArr [8]keyed
	buf, ks := bufArr[:0], ksArr[:0]
	if n := len(contribs); n > len(ksArr) {
		ks = make([]keyed, 0, n)
		if !allV4 {
			buf = make([]byte, 0, 16*n)
		}
	}
	for i := range contribs {
		k := keyed{c: &contribs[i]}
		if ip := contribs[i].addr.IP; allV4 {
			k.order = textOrder4(ip)
		} else {
			start := len(buf)
			buf = ip.AppendTo(buf)
			k.ip = [2]int32{int32(start), int32(len(buf))}
		}
		ks = append(ks, k)
	}
	compareIP := func(a, b keyed) int {
		if allV4 {
			return cmp.Compare(a.order, b.order)
		}
		return bytes.Compare(buf[a.ip[0]:a.ip[1]], buf[b.ip[0]:b.ip[1]])
	}
	slices.SortFunc(ks, func(a, b keyed) int {
		if c := compareIP(a, b); c != 0 {
			return c
		}
		return strings.Compare(a.c.addr.Pod, b.c.addr.Pod)
	})
	// Room for the addresses, the ready ones first: a repeated one is not
	// ready if either is, so the not-ready ones fit after the ready
	// contributions.
	nReady := 0
	for i := range contribs {
		if contribs[i].ready {
			nReady++
		}
	}
	addrs := slices.Grow(st.addrs[:0], len(contribs))[:len(contribs)]
	st.addrs = addrs
	ready, notReady := addrs[:0:nReady], addrs[nReady:nReady]
	for i, k := range ks {
		if i+1 < len(ks) && compareIP(k, ks[i+1]) == 0 && k.c.addr.Pod == ks[i+1].c.addr.Pod {
			// The same address twice: keep one, not ready if either is.
			ks[i+1].c = &contrib{addr: ks[i+1].c.addr, ready: k.c.ready && ks[i+1].c.ready}
			continue
		}
		if k.c.ready {
			ready = append(ready, k.c.addr)
		} else {
			notReady = append(notReady, k.c.addr)
		}
	}
	var s Subset
	if len(ready) > 0 {
		s.Addresses = ready[:len(ready):len(ready)]
	}
	if len(notReady) > 0 {
		s.NotReadyAddresses = notReady[:len(notReady):len(notReady)]
	}
	if len(ports) > 0 {
		st.ports = append(st.ports[:0], ports...)
		slices.SortFunc(st.ports, comparePort)
		s.Ports = st.ports[:len(ports):len(ports)]
	}
	return s
}
