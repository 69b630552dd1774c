package endpoints

import (
	"net/netip"

	"github.com/google/uuid"

	"github.com/svcsim/svcsim/pod"
)

// podID is a small dense id of a pod record.
type podID uint32

// podRec is the controller's compact record of a pod, 112 bytes: the
// address is 4 bytes when IPv4 (other addresses in rareState.ip6), the
// node and phase are small ids into the controller's name tables, the
// pod's name is the tail of key, its label set a shared label group (pods
// of one template share one, which also memoizes their Services), its
// container ports an interned list (Controller.plists), its first Service
// membership inline (mset.m0).
//
// The rest of a pod's cost: live pods are found by name through an
// open-addressing table of record ids (podTable); a slice endpoint is a pod
// id and condition bits (sliceEP, 8 bytes), its address, node and pod name
// read from the record when materialized (a membership whose pod's address
// or node changed since its Service's last Sync keeps the old data aside in
// Controller.stale, so reads stay as of that Sync); the Endpoints object is
// derived from the slice endpoints (fEpIn, fEpReady) when read. In all,
// ≈ 305 bytes per live pod in the 150,000-pod benchmark
// (BenchmarkFixtureMemory).
type podRec struct {
	// Hot fields first: a Sync reads these.
	seen uint64 // epoch of the last Sync that processed it
	ns   *nsState
	// lg is the pod's label group (its labels, and its place in the label
	// index at lgPos); nil once the pod is deleted.
	lg     *labelGroup
	mships mset   // the Services whose slices hold this pod
	key    string // namespace/name
	uid    uuid.UUID
	lgPos  int32
	ports  uint32 // interned container ports (Controller.plists)
	ghost  podID  // 1 + the dead record of the same name this pod replaced, or 0
	node   uint32 // index in Controller.nodes
	ip4    [4]byte
	ipk    uint8 // ipNone, ipV4 (in ip4), ipOther (in rareState.ip6)
	phase  uint8 // index in Controller.phases
	alive  bool
	ready  bool
	term   bool
	// terminal: phase Succeeded or Failed.
	terminal bool
	ghosted  bool // dead, lingering, listed in ns.ghosts unless reborn
	reborn   bool // ghosted and replaced by a pod of the same name
	// nstale counts the memberships whose slice endpoint still shows an
	// address or node older than the record's (see Controller.stale).
	nstale int32
}

// The address kinds of a pod record.
const (
	ipNone uint8 = iota
	ipV4
	ipOther
)

// name returns the pod's name.
func (r *podRec) name() string { return r.key[len(r.ns.name)+1:] }

// hasName reports whether the pod's name (name) is n: the key's tail past
// its namespace's name and a slash. A record without a namespace, or with
// a key too short for it, has no name, so that Check reports such a
// corrupted record as unknown rather than panic in finding it.
func (r *podRec) hasName(n string) bool {
	return r.ns != nil && len(r.key) == len(r.ns.name)+1+len(n) && r.key[len(r.key)-len(n):] == n
}

// hasIP reports whether the pod has an address.
func (r *podRec) hasIP() bool { return r.ipk != ipNone }

// ip returns the pod's address.
func (c *Controller) ip(id podID, r *podRec) netip.Addr {
	switch r.ipk {
	case ipV4:
		return netip.AddrFrom4(r.ip4)
	case ipOther:
		return c.rare.ip6[id] // made by setIP
	}
	return netip.Addr{}
}

// setIP stores the pod's address.
func (c *Controller) setIP(id podID, r *podRec, ip netip.Addr) {
	if r.ipk == ipOther {
		delete(c.rare.ip6, id)
	}
	switch {
	case !ip.IsValid():
		r.ipk, r.ip4 = ipNone, [4]byte{}
	case ip.Is4():
		r.ipk, r.ip4 = ipV4, ip.As4()
	default:
		r.ipk, r.ip4 = ipOther, [4]byte{}
		x := c.rareState()
		if x.ip6 == nil {
			x.ip6 = map[podID]netip.Addr{}
		}
		x.ip6[id] = ip
	}
}

// sameIP reports whether the record's address is ip.
func (c *Controller) sameIP(id podID, r *podRec, ip netip.Addr) bool {
	switch r.ipk {
	case ipNone:
		return !ip.IsValid()
	case ipV4:
		return ip.Is4() && ip.As4() == r.ip4
	}
	return c.rare.ip6[id] == ip // ipOther: made by setIP
}

// nodeID returns the id of a node name, interning it.
func (c *Controller) nodeID(name string) uint32 { return uint32(c.nodes.Intern(name)) }

// nodeName returns the name of node id.
func (c *Controller) nodeName(id uint32) string { return c.nodes.Key(int32(id)) }

// phaseOther marks a record whose phase is in rareState.phaseX: the
// phase table interns the first 255 distinct phases (upstream has five).
const phaseOther = 255

// phaseOf returns the pod's phase.
func (c *Controller) phaseOf(id podID, r *podRec) pod.Phase {
	if r.phase == phaseOther {
		return c.rare.phaseX[id] // made by setPhase
	}
	return c.phases[r.phase]
}

// setPhase stores the pod's phase, interning it.
func (c *Controller) setPhase(id podID, r *podRec, p pod.Phase) {
	if r.phase == phaseOther {
		delete(c.rare.phaseX, id)
	}
	for i, q := range c.phases {
		if q == p {
			r.phase = uint8(i)
			return
		}
	}
	if len(c.phases) < phaseOther {
		r.phase = uint8(len(c.phases))
		c.phases = append(c.phases, p)
		return
	}
	x := c.rareState()
	if x.phaseX == nil {
		x.phaseX = map[podID]pod.Phase{}
	}
	r.phase = phaseOther
	x.phaseX[id] = p
}

// hostSpec is a pod's spec.hostname and spec.subdomain.
type hostSpec struct{ hostname, subdomain string }

// hostOf returns the hostname and subdomain of record id: kept aside in
// the controller's rare state, as few pods have them.
func (c *Controller) hostOf(id podID) hostSpec {
	if c.rare == nil || len(c.rare.hosts) == 0 {
		return hostSpec{}
	}
	return c.rare.hosts[id]
}

// setHost stores the hostname and subdomain of record id.
func (c *Controller) setHost(id podID, h hostSpec) {
	if h == (hostSpec{}) {
		if c.rare != nil {
			delete(c.rare.hosts, id)
		}
		return
	}
	x := c.rareState()
	if x.hosts == nil {
		x.hosts = map[podID]hostSpec{}
	}
	x.hosts[id] = h
}

// hostname returns the hostname the endpoint of record id carries in
// Service s (hostnameFor).
func (c *Controller) hostname(s *svcState, id podID) string {
	h := c.hostOf(id)
	return hostnameFor(s.key.Name, h.hostname, h.subdomain)
}

// epData is the part of a slice endpoint read from its pod record: the
// address and node.
type epData struct {
	ip   netip.Addr
	node uint32
}

// staleKey names a membership whose endpoint data is older than its pod
// record: the pod's address or node changed after the Service last synced
// it.
type staleKey struct {
	id podID
	s  *svcState
}

// data returns the address and node the slices of s show for pod id: the
// record's, unless they changed since s last synced the pod.
func (c *Controller) data(s *svcState, id podID, r *podRec) epData {
	if r.nstale > 0 {
		if d, ok := c.stale[staleKey{id, s}]; ok {
			return d
		}
	}
	return epData{c.ip(id, r), r.node}
}

// markStale is called before the record's address or node change: every
// membership not already stale keeps the data its slice shows.
func (c *Controller) markStale(id podID, r *podRec) {
	if r.mships.len() == 0 {
		return
	}
	d := epData{c.ip(id, r), r.node}
	for i := range r.mships.len() {
		m := r.mships.at(i)
		if !m.stale {
			m.stale = true
			r.nstale++
			if c.stale == nil {
				c.stale = map[staleKey]epData{}
			}
			c.stale[staleKey{id, m.sl.svc}] = d
		}
	}
}

// unstale forgets the old data of membership m of pod id.
func (c *Controller) unstale(id podID, r *podRec, m *mship) {
	if m.stale {
		m.stale = false
		r.nstale--
		delete(c.stale, staleKey{id, m.sl.svc})
	}
}

// mset is a pod's memberships: the first inline (most pods belong to one
// Service), the others in a slice allocated on first need. Order carries
// no meaning.
type mset struct {
	m0   mship // m0.sl == nil: no membership
	more *[]mship
}

func (m *mset) len() int {
	if m.m0.sl == nil {
		return 0
	}
	if m.more == nil {
		return 1
	}
	return 1 + len(*m.more)
}

func (m *mset) at(i int) *mship {
	if i == 0 {
		return &m.m0
	}
	return &(*m.more)[i-1]
}

func (m *mset) add(x mship) {
	if m.m0.sl == nil {
		m.m0 = x
		return
	}
	if m.more == nil {
		m.more = new([]mship)
	}
	*m.more = append(*m.more, x)
}

// del removes membership i (the last one takes its place).
func (m *mset) del(i int) {
	n := m.len()
	if i != n-1 {
		*m.at(i) = *m.at(n - 1)
	}
	if n == 1 {
		m.m0 = mship{}
		return
	}
	more := *m.more
	more[len(more)-1] = mship{}
	*m.more = more[:len(more)-1]
}

// emptied returns an empty set keeping the overflow buffer.
func (m *mset) emptied() mset {
	if m.more != nil {
		clear(*m.more)
		*m.more = (*m.more)[:0]
	}
	return mset{more: m.more}
}
