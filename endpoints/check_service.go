package endpoints

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/service"
)

// Check's comparison of one selecting Service: the endpoints its slices
// and Endpoints object must hold are derived from the pods given and the
// Service alone, by the rules of Compute (kubernetes
// pkg/controller/endpoint/endpoints_controller.go, syncService;
// staging/src/k8s.io/endpointslice/reconciler.go), and filed by pod
// record; the slices are then walked once, each endpoint matched against
// its pod's expected one, and the Endpoints object against the pods'
// contributions. No expected slices are built, sorted or compared whole:
// slice names, the cut into slices and endpoint order are free
// (EquivalentSlices ignores them too), so an endpoint is sound when its
// pod expects one with its slice's address type and ports and its own
// fields, and the slices are when each expected endpoint is matched once
// and nothing else is there.

// wantEP is the endpoint a pod must have in the slices of the Service
// being compared, filed by the pod's record id (checkScratch.wants).
type wantEP struct {
	round uint64 // checkScratch.round of the Service it is expected in (0: none)
	pod   int32  // the pod's index among the pods given
	at    AddressType
	ports []EndpointPort // resolved (resolvePorts), in the Service's port order
	// flags: the endpoint's conditions (conditions), and whether the
	// pod is in the Endpoints object (not terminating, or
	// publishNotReadyAddresses) and among its ready addresses (ready,
	// or publishNotReadyAddresses).
	flags epFlags
	seen  bool // matched by a slice endpoint
}

// expect files, in c.chk.wants under a new round, the endpoint each of
// pods has in Service svc's slices (Compute's rules: a pod of svc's
// namespace carrying its selector, with an address of its address type,
// not in a terminal phase; ports resolved from its container ports;
// conditions by conditions), and returns the number of endpoints it
// expects by address type (atIndex), leaving the pods' contributions to
// the Endpoints object in c.chk.contribs. It takes the pods a label
// group at a time (c.chk.groups, their indexes among pods by record in
// c.chk.podAt): check found each pod's labels to be its record's group's,
// and checkLabelIndex the groups to list every record once, each group
// in one namespace, so a group's first pod decides for all of them
// whether they are of svc's namespace and carry its selector, read from
// the group's slots (selectedBy), which check and checkLabelIndex found
// to be exactly the pods' labels: the selector is not listed (a range
// over a map for each Service).
func (c *Controller) expect(svc *service.Service, pods []pod.Pod) [2]int {
	w := c.chk
	w.round++
	w.wants = slices.Grow(w.wants[:0], int(c.pods.Len()))[:c.pods.Len()]
	w.contribs, w.ports = w.contribs[:0], w.ports[:0]
	ns := pod.NamespaceOrDefault(svc.Namespace)
	svcAT := serviceAddressType(svc)
	var n [2]int
	// The ports of the last pod resolved: pods of one template share
	// their container ports.
	var ports []EndpointPort
	var lastPorts []pod.ContainerPort
	resolved := false
	pnr := svc.PublishNotReadyAddresses
	for _, g := range w.groups {
		if first := &pods[w.podAt[g.pods[0]]]; pod.NamespaceOrDefault(first.Namespace) != ns || !g.selectedBy(svc.Selector) {
			continue
		}
		for _, id := range g.pods {
			i := w.podAt[id]
			p := &pods[i]
			at, ok := podAddressType(svcAT, p.IP, p.Phase)
			if !ok {
				continue
			}
			if !resolved || !samePorts(p.Ports, lastPorts) {
				start := len(w.ports)
				w.ports = resolvePorts(w.ports, svc.Ports, p.Ports)
				ports = w.ports[start:len(w.ports):len(w.ports)]
				lastPorts, resolved = p.Ports, true
			}
			cond, epIn, epReady := conditions(pnr, p.Ready, p.Terminating), !p.Terminating || pnr, pnr || p.Ready
			w.wants[id] = wantEP{round: w.round, pod: i, at: at, ports: ports, flags: epFlagsOf(cond, epIn, epReady)}
			n[atIndex(at)]++
			if epIn {
				w.contribs = append(w.contribs, contrib{
					addr:  Address{IP: p.IP, NodeName: p.NodeName, Pod: c.pod(id).key, Hostname: hostnameFor(svc.Name, p.Hostname, p.Subdomain)},
					ready: epReady,
					ports: ports,
				})
			}
		}
	}
	return n
}

// checkEndpointsObject compares got, the Endpoints object of Service svc
// (key), with the one Compute gives from the contributions expect left.
// When they share one port list (without repeats) and fit the capacity,
// Compute's object is one subset of those ports (none when no port
// resolves, unless the Service is headless without ports) holding every
// contribution, the ready ones in its addresses, each list in repack's
// order (by the IP's text, then pod): got is checked to be that, its
// ports as a set and its addresses in order, against the contributions
// sorted once. Otherwise the object is built (buildEndpoints) and
// compared (EqualEndpoints).
func (c *Controller) checkEndpointsObject(key ServiceKey, got Endpoints, svc *service.Service) error {
	contribs := c.chk.contribs
	portless := portlessService(svc.Headless, svc.Ports)
	ports, common := commonPorts(portless, contribs)
	if !common || len(contribs) > MaxEndpointsCapacity {
		if want := c.chk.ep.build(key.Namespace, key.Name, portless, contribs); !EqualEndpoints(got, want) {
			return fmt.Errorf("service %s: Endpoints %+v, want %+v", key, got, want)
		}
		return nil
	}
	bad := func(what string, args ...any) error {
		return fmt.Errorf("service %s: Endpoints %+v: %s", key, got, fmt.Sprintf(what, args...))
	}
	if got.Namespace != key.Namespace || got.Name != key.Name || got.Truncated || got.SkipMirror {
		return bad("misnamed or flagged")
	}
	if len(contribs) == 0 || !portless && len(ports) == 0 {
		if len(got.Subsets) != 0 {
			return bad("want no subsets")
		}
		return nil
	}
	if len(got.Subsets) != 1 {
		return bad("want one subset")
	}
	ss := &got.Subsets[0]
	if len(ss.Ports) != len(ports) {
		return bad("want ports %v", ports)
	}
	for i, p := range ss.Ports { // ports as a set: got's distinct, each a wanted one
		if !slices.Contains(ports, p) || slices.Contains(ss.Ports[:i], p) {
			return bad("want ports %v", ports)
		}
	}
	// The contributions in repack's order, the ready ones first, then by
	// the IP's text (compareAddrString), then by pod. When every IP is
	// IPv4, the text order is textOrder4's, computed once per
	// contribution rather than once per comparison, in one key with
	// readiness.
	allV4 := true
	for i := range contribs {
		allV4 = allV4 && contribs[i].addr.IP.Is4()
	}
	sorted := c.chk.sorted[:0]
	for i := range contribs {
		k := sortedContrib{c: &contribs[i]}
		if !contribs[i].ready {
			k.order = notReadyOrder
		}
		if allV4 {
			k.order |= textOrder4(contribs[i].addr.IP)
		}
		sorted = append(sorted, k)
	}
	c.chk.sorted = sorted
	slices.SortFunc(sorted, func(a, b sortedContrib) int {
		o := cmp.Compare(a.order, b.order)
		if o == 0 && !allV4 {
			o = compareAddrString(a.c.addr.IP, b.c.addr.IP)
		}
		if o != 0 {
			return o
		}
		return strings.Compare(a.c.addr.Pod, b.c.addr.Pod)
	})
	if len(ss.Addresses)+len(ss.NotReadyAddresses) != len(sorted) {
		return bad("want %d addresses", len(sorted))
	}
	for i, k := range sorted {
		w := k.c
		a, ready := &ss.Addresses, i < len(ss.Addresses)
		if !ready {
			a, i = &ss.NotReadyAddresses, i-len(ss.Addresses)
		}
		if (*a)[i] != w.addr || ready != w.ready {
			return bad("want %+v (ready %v) at %d", w.addr, w.ready, i)
		}
	}
	return nil
}

// sortedContrib is a contribution to an Endpoints object with its sort
// key: notReadyOrder when it is not ready, with its IP's textOrder4 below
// when every IP compared is IPv4 (none otherwise).
type sortedContrib struct {
	order uint64
	c     *contrib
}

// notReadyOrder is the bit of a sortedContrib's order that sorts a
// contribution that is not ready after the ready ones, above the 44 bits
// of a textOrder4.
const notReadyOrder = 1 << 63

// checkOwnSlices compares the slices of s, Service svc's state, with what
// expect filed (n endpoints by address type): every endpoint is its pod's
// expected one, each pod's once, all of them (ids: the pods' record ids);
// each slice is the Service's and holds at most the maximum endpoints; an
// empty slice has no ports and is the single placeholder of an address
// type without endpoints, present exactly when Compute makes one
// (placeholderType).
//
// An endpoint is compared as its slice holds it (endpointOf materializes
// it from that): the slice's address type and ports, its condition and
// Endpoints-placement bits, the hostname its pod's record gives under
// the Service's name and, when the slices were hinted under another mode
// than the Service's, its hints. Its address, node and pod key are its
// pod record's, which Check found equal to the pod's, never stale after
// every Sync (so slices show them), and its zone the node's.
func (c *Controller) checkOwnSlices(s *svcState, svc *service.Service, pods []pod.Pod, ids []podID, n [2]int) error {
	round, mode := c.chk.round, hintModeOf(svc)
	if mode != hintNone && c.chk.hints == nil {
		c.chk.hints = map[hintKey]*Hints{}
	}
	var empty, full [2]int // slices by address type (atIndex)
	matched := 0
	// The last expected port list found equal to the slice's (when
	// found): a slice's endpoints share its ports, and the pods of a
	// template their resolved ones (expect), so a run of them is compared
	// once.
	var sameAs []EndpointPort
	found := false
	for _, sl := range s.slices {
		if sl.svc != s {
			return fmt.Errorf("service %s: slice %s%s filed under another Service", s.key, s.prefix, sl.suffix[:])
		}
		if len(sl.eps) > c.max {
			return fmt.Errorf("service %s: slice %s%s has %d endpoints, max %d", s.key, s.prefix, sl.suffix[:], len(sl.eps), c.max)
		}
		var ports []EndpointPort
		if sl.grp != nil {
			ports = sl.grp.ports
		}
		found = false // compared with another slice's ports
		if len(sl.eps) == 0 {
			if len(ports) > 0 {
				return fmt.Errorf("service %s: empty slice %s%s has ports", s.key, s.prefix, sl.suffix[:])
			}
			empty[atIndex(sl.at)]++
			continue
		}
		full[atIndex(sl.at)]++
		for _, e := range sl.eps {
			if int(e.id) >= len(c.chk.wants) || c.chk.wants[e.id].round != round {
				return fmt.Errorf("service %s: slice %s%s holds pod record %d, which has no endpoint in it", s.key, s.prefix, sl.suffix[:], e.id)
			}
			w := &c.chk.wants[e.id]
			if w.seen {
				return fmt.Errorf("service %s: endpoint of pod %s appears twice", s.key, pods[w.pod].Key())
			}
			w.seen = true
			matched++
			p := &pods[w.pod]
			if !found || !sameList(w.ports, sameAs) {
				if !slices.Equal(ports, w.ports) {
					return c.endpointDiffers(s, sl, e, w, p)
				}
				sameAs, found = w.ports, true
			}
			if sl.at != w.at || e.f != w.flags ||
				c.hostname(s, e.id) != hostnameFor(svc.Name, p.Hostname, p.Subdomain) || s.hinted != mode && !c.sameHints(s, e, mode) {
				return c.endpointDiffers(s, sl, e, w, p)
			}
		}
	}
	wantAT, placeholder := placeholderType(serviceAddressType(svc), n[0] > 0, n[1] > 0)
	for i := range empty {
		want := 0
		if placeholder && atIndex(wantAT) == i {
			want = 1
		}
		if empty[i] != want {
			return fmt.Errorf("service %s: %d empty %s slices beside %d non-empty ones, want %d", s.key, empty[i],
				[]AddressType{IPv4, IPv6}[i], full[i], want)
		}
	}
	// Each endpoint matched a distinct expected one: all are there when
	// as many.
	if matched == n[0]+n[1] {
		return nil
	}
	for i, id := range ids {
		if w := &c.chk.wants[id]; w.round == round && !w.seen {
			return fmt.Errorf("service %s: no endpoint of pod %s in its slices", s.key, pods[i].Key())
		}
	}
	return fmt.Errorf("service %s: %d endpoints in its slices, want %d", s.key, matched, n[0]+n[1])
}

// sameHints reports whether slice endpoint e of s, hinted under s.hinted,
// has the hints mode gives it (hintsFor).
func (c *Controller) sameHints(s *svcState, e sliceEP, mode hintMode) bool {
	got, _ := c.endpointOf(s, e)
	return equalHints(got.Hints, hintsFor(c.chk.hints, mode, got.Conditions.Ready, got.Zone, got.NodeName))
}

// endpointDiffers is checkOwnSlices' error for endpoint e of slice sl of
// s, unlike what pod p expects of it (w).
func (c *Controller) endpointDiffers(s *svcState, sl *sliceState, e sliceEP, w *wantEP, p *pod.Pod) error {
	var ports []EndpointPort
	if sl.grp != nil {
		ports = sl.grp.ports
	}
	got, ip := c.endpointOf(s, e)
	return fmt.Errorf("service %s: slice %s%s (%s, ports %v): endpoint %+v at %s, flags %05b, unlike pod %s's: %s, ports %v, flags %05b, hostname %q",
		s.key, s.prefix, sl.suffix[:], sl.at, ports, got, ip, e.f, p.Key(), w.at, w.ports, w.flags, hostnameFor(s.key.Name, p.Hostname, p.Subdomain))
}

// sameList reports whether a and b are one list: the same elements of
// the same array (both empty counts as one).
func sameList[T any](a, b []T) bool {
	return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0])
}
