package endpoints

import (
	"net/netip"
	"slices"
	"time"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
	"github.com/svcsim/svcsim/service"
)

// svcState is the incremental state of one Service.
type svcState struct {
	key     ServiceKey
	prefix  string // its slices' generateName, as the apiserver keeps it
	ns      *nsState
	svc     svcSpec
	managed bool
	indexed bool // in ns.bySel
	deleted bool // DeleteService called, Sync pending
	full    bool // every member must be recomputed at the next Sync
	queued  bool // deleted, full or pending: the next Sync has work
	// epPortless is the portless flag the Endpoints object was built with:
	// a headless Service losing or gaining its ports changes its subsets
	// even when no pod's part changes.
	epPortless bool
	// static: no named targetPort, every pod resolves the same ports
	// (staticPorts, resolved while the Service is managed).
	static bool
	// hasObjects: the Endpoints object and slices exist, since created.
	hasObjects bool
	// pending holds the pods changed since the last Sync, in pendingIn
	// while they are a few.
	pending   []podID
	pendingIn [4]podID

	// fixedAT is the Service's address type, "" when it follows its pods.
	fixedAT     AddressType
	staticPorts []EndpointPort
	// Caches for pods made from one template, which share their label
	// group and Ports slice (treated as immutable): the last label group
	// seen to match the selector, and the groups the last container-port
	// list resolved to.
	selOK     *labelGroup
	lastPorts []pod.ContainerPort
	// groups by address type (atIndex): of staticPorts for a static
	// Service, else of lastPorts.
	groupCache [2]*group

	// labels and headless (below) are what the slices' labels (SliceLabels) were
	// made from at the last Sync: the Service's own labels (shared with
	// svc, never changed in place) and whether its ClusterIP was unset
	// (headless or not allocated: clusterIPUnset). Slices
	// builds the maps; most Services have no labels, so this costs nothing.
	labels    map[string]string
	created   time.Time
	groups    map[string]*group // the groups after the first (g0), by key (nil until needed)
	slices    []*sliceState
	slicesBuf [1]*sliceState
	// g0 and sl0 hold the first group and a first slice inline (most
	// Services have one of each): no allocation for them. g0Used and
	// sl0Used say whether they are in use.
	g0      group
	sl0     sliceState
	atCount [2]int32 // slice endpoints per address type (IPv4, IPv6)
	epCount int32    // endpoints that are also in the Endpoints object
	// The small fields last, together: with the 8-byte header the runtime
	// puts before an object of more than 512 bytes holding pointers, a
	// svcState stays within the 576-byte allocation size class.
	g0Used, sl0Used bool
	headless        bool
	hinted          hintMode // the hints the slices were written with at the last Sync
	epCache         *Endpoints
	gen             uint64
}

// mship is a pod's membership in a Service: the slice holding its endpoint
// and the endpoint's index there. It lives in the pod record, so a pod
// change finds its endpoints without a per-Service map lookup.
type mship struct {
	sl  *sliceState
	idx int32
	// stale: the pod's address or node changed since this Service last
	// synced it; the endpoint's data is in Controller.stale.
	stale bool
}

// group is the set of a Service's slices sharing one address type and
// resolved port list (upstream's port mapping).
type group struct {
	key   string
	at    AddressType
	ports []EndpointPort
	// slices of this group, in creation order.
	slices    []*sliceState
	slicesBuf [1]*sliceState
	// touched is the epoch of the last Sync that queued adds.
	touched uint64
}

// pendingAdd is an endpoint waiting to be placed in a slice of g.
type pendingAdd struct {
	g *group
	e sliceEP
}

// sliceState is one EndpointSlice.
type sliceState struct {
	suffix [5]byte // its name is svc.prefix + suffix
	svc    *svcState
	grp    *group // nil for a placeholder
	at     AddressType
	eps    []sliceEP
	// mark is the epoch of the last Sync that touched it, dirt its net
	// number of changes in that Sync (> 0: upstream's "marked for update").
	mark uint64
	dirt int32
	// created is the slice's creation time.
	created time.Time
}

// sliceEP is one endpoint of a slice, and the pod's contribution to the
// Endpoints object (its Endpoints addresses are those of its slice
// endpoint, with its slice group's ports): the pod id and condition bits;
// the address, node and pod name are read from the pod record
// (Controller.data) when materialized.
type sliceEP struct {
	id podID
	f  epFlags
}

// epFlags are a slice endpoint's conditions and Endpoints placement.
type epFlags uint8

const (
	fReady epFlags = 1 << iota
	fServing
	fTerminating
	fEpIn    // in the Endpoints object (not terminating, or publishNotReady)
	fEpReady // in addresses rather than notReadyAddresses
)

func (f epFlags) has(b epFlags) bool { return f&b != 0 }

func (f epFlags) cond() Conditions {
	return Conditions{Ready: f.has(fReady), Serving: f.has(fServing), Terminating: f.has(fTerminating)}
}

// flagsOf returns the flags of a pod's endpoint.
func flagsOf(publishNotReady, ready, term bool) epFlags {
	return epFlagsOf(conditions(publishNotReady, ready, term), !term || publishNotReady, publishNotReady || ready)
}

// epFlagsOf returns the flags of an endpoint of these conditions, in the
// Endpoints object or not, among its ready addresses or not.
func epFlagsOf(cond Conditions, epIn, epReady bool) epFlags {
	var f epFlags
	if cond.Ready {
		f |= fReady
	}
	if cond.Serving {
		f |= fServing
	}
	if cond.Terminating {
		f |= fTerminating
	}
	if epIn {
		f |= fEpIn
	}
	if epReady {
		f |= fEpReady
	}
	return f
}

func atIndex(at AddressType) int {
	if at == IPv6 {
		return 1
	}
	return 0
}

// svcSpec is what the controller keeps of a Service: the fields its
// Endpoints and slices are computed from (SetService copies the rest out).
type svcSpec struct {
	Selector                 selector.Set
	Ports                    []service.Port
	Labels                   map[string]string
	ClusterIP                netip.Addr
	Headless                 bool
	PublishNotReadyAddresses bool
	hints                    hintMode // of trafficDistribution and the topology annotations
	// externalName: the Service is of type ExternalName, which no
	// controller manages (Manages); its other types make the same
	// Endpoints and slices.
	externalName bool
}

// specOf returns what the controller keeps of svc. It and setSpec take
// the Service by pointer: a service.Service is a few hundred bytes, and
// SetService would copy it at each call.
func specOf(svc *service.Service) svcSpec {
	return svcSpec{Selector: svc.Selector, Ports: svc.Ports, Labels: svc.Labels, ClusterIP: svc.ClusterIP,
		externalName: svc.Type == service.ExternalName, Headless: svc.Headless, PublishNotReadyAddresses: svc.PublishNotReadyAddresses,
		hints: hintModeOf(svc)}
}

// setSpec installs a new version of the Service.
func (s *svcState) setSpec(svc *service.Service) {
	s.svc = specOf(svc)
	s.managed = manages(svc)
	s.fixedAT = serviceAddressType(svc)
	s.static = true
	for _, p := range svc.Ports {
		if p.TargetPort.IsNamed() {
			s.static = false
		}
	}
	switch {
	case s.static && s.managed:
		// Groups may share the old list: it is never written again.
		var pb [4]EndpointPort
		ports := resolvePorts(pb[:0], svc.Ports, nil)
		if s.staticPorts == nil || !slices.Equal(ports, s.staticPorts) {
			s.staticPorts = slices.Clone(ports)
		}
	default:
		// Named ports resolve per pod; an unmanaged Service (as
		// kube-apiserver's default/kubernetes) places no pod.
		s.staticPorts = nil
	}
	s.clearCaches()
}

func (s *svcState) clearCaches() {
	s.groupCache = [2]*group{}
	s.selOK, s.lastPorts = nil, nil
}

// selects reports whether the Service selects the pods of label group g
// (not nil).
func (s *svcState) selects(g *labelGroup) bool {
	if g == s.selOK {
		return true
	}
	if !g.selectedBy(s.svc.Selector) {
		return false
	}
	s.selOK = g
	return true
}

// sameMap reports whether a and b are the same map (not just equal).
func sameMap(a, b selector.Set) bool {
	return mapPointer(a) == mapPointer(b)
}

// findGroup returns the group of address type at and port list ports, or
// nil. It keeps nothing of ports (so a caller's stack buffer stays there).
func (s *svcState) findGroup(at AddressType, ports []EndpointPort) *group {
	if g := &s.g0; s.g0Used && g.at == at && slices.Equal(g.ports, ports) {
		return g
	}
	if len(s.groups) == 0 {
		return nil // the inline group is all there is: no key to build
	}
	var kb [128]byte
	return s.groups[string(appendGroupKey(kb[:0], at, ports))]
}

// groupFor returns the group of address type at and port list ports,
// creating it if needed with ports, which it keeps: the caller hands over
// a list nothing changes.
func (s *svcState) groupFor(at AddressType, ports []EndpointPort) *group {
	if g := s.findGroup(at, ports); g != nil {
		return g
	}
	return s.newGroup(at, ports)
}

// newGroup creates the group of address type at and port list ports,
// which findGroup does not find, with ports, which it keeps (see
// groupFor). The first group is kept inline, outside the map (most
// Services have one).
func (s *svcState) newGroup(at AddressType, ports []EndpointPort) *group {
	if !s.g0Used {
		g := &s.g0
		*g = group{at: at, ports: ports}
		g.slices = g.slicesBuf[:0]
		s.g0Used = true
		return g
	}
	g := &group{key: string(appendGroupKey(nil, at, ports)), at: at, ports: ports}
	g.slices = g.slicesBuf[:0]
	if s.groups == nil {
		s.groups = map[string]*group{}
	}
	s.groups[g.key] = g
	return g
}

// newSliceState returns a new slice of the Service with a newly generated
// name: the inline one when free.
func (s *svcState) newSliceState(c *Controller, g *group, at AddressType, capacity int) *sliceState {
	var sl *sliceState
	if !s.sl0Used {
		sl = &s.sl0
		s.sl0Used = true
		eps := sl.eps[:0]
		*sl = sliceState{eps: eps}
	} else {
		sl = &sliceState{}
	}
	sl.svc, sl.grp, sl.at, sl.created = s, g, at, c.now()
	sl.suffix = c.generateName(s.ns, s.prefix)
	if capacity > 0 && cap(sl.eps) < capacity {
		sl.eps = make([]sliceEP, 0, capacity)
	}
	return sl
}

// releaseName frees a deleted slice's name in the namespace.
func (s *svcState) releaseName(sl *sliceState) {
	s.ns.sliceNames.Delete(sliceNameKey{s.prefix, sl.suffix})
}

// dropSliceState forgets a deleted slice (the inline one becomes free).
func (s *svcState) dropSliceState(sl *sliceState) {
	if sl == &s.sl0 {
		s.sl0Used = false
		clear(sl.eps[:cap(sl.eps)])
	}
}

// podAddressType is podAddressType for a pod record, with the Service's
// precomputed family.
func (s *svcState) podAddressType(c *Controller, id podID, p *podRec) (AddressType, bool) {
	if p.terminal || !p.hasIP() {
		return "", false
	}
	at := IPv4
	if p.ipk != ipV4 {
		at = addressTypeOf(c.rare.ip6[id]) // made by setIP
	}
	if s.fixedAT != "" && s.fixedAT != at {
		return "", false
	}
	return at, true
}

// resolveGroup returns the group of a pod with address type at.
func (s *svcState) resolveGroup(c *Controller, at AddressType, p *podRec) *group {
	ai := atIndex(at)
	if s.static {
		if g := s.groupCache[ai]; g != nil {
			return g
		}
		g := s.groupFor(at, s.staticPorts)
		s.groupCache[ai] = g
		return g
	}
	pports := c.portsOf(p)
	if len(pports) > 0 && len(pports) == len(s.lastPorts) && &pports[0] == &s.lastPorts[0] && s.groupCache[ai] != nil {
		return s.groupCache[ai]
	}
	var pb [8]EndpointPort
	ports := resolvePorts(pb[:0], s.svc.Ports, pports)
	g := s.findGroup(at, ports)
	if g == nil {
		g = s.newGroup(at, append([]EndpointPort(nil), ports...)) // its own copy (nil when empty)
	}
	if len(pports) > 0 {
		if len(pports) != len(s.lastPorts) || &pports[0] != &s.lastPorts[0] {
			s.lastPorts, s.groupCache = pports, [2]*group{}
		}
		s.groupCache[ai] = g
	}
	return g
}

func appendGroupKey(b []byte, at AddressType, ports []EndpointPort) []byte {
	b = append(b, at...)
	b = append(b, '|')
	for _, p := range ports {
		b = appendPortKey(b, p)
	}
	return b
}
