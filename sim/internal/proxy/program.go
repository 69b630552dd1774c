package proxy

import (
	"net/netip"
	"slices"
	"time"

	"github.com/svcsim/svcsim/service"
)

// HasRules reports whether Program installs rules for svc's ports: an
// ExternalName or headless Service gets none, so its backends are not
// read and need not be listed.
func HasRules(svc *service.Service) bool {
	return svc.Type != service.ExternalName && !svc.Headless
}

// Program installs or replaces the rules of *svc, as one kube-proxy sync
// does for a changed Service or EndpointSlice (svc is read, not kept).
// backends[i] are the EndpointSlice endpoints of svc.Ports[i], whatever
// their conditions (missing entries mean none); the table sorts and
// categorizes its own copy, so the caller may reuse the slices. Headless
// and ExternalName Services get no rules.
// Session-affinity entries survive reprogramming while their endpoint stays.
//
// Reprogramming a Service whose ports and addresses are unchanged (the
// common case: an endpoint change) rewrites only the endpoint lists, in
// place, and allocates nothing unless a list outgrows its storage.
func (t *Table) Program(svc *service.Service, backends [][]Backend) {
	key := svcKey{nsOrDefault(svc.Namespace), svc.Name}
	var held svcEntry
	old := t.entry(key, &held)
	if old != nil && t.sameShape(old, svc) {
		for i := range old.ports {
			sp := &old.ports[i]
			var bs []Backend
			if i < len(backends) {
				bs = backends[i]
			}
			t.compilePort(sp, bs)
		}
		return
	}
	t.unindex(key, old)
	if !HasRules(svc) {
		t.services.Set(key, svcEntry{})
		if old != nil {
			t.forgetAffinity(old)
			clear(old.ports) // they may be in the first block, which keeps them
		}
		return
	}
	e := &svcEntry{ports: take(&t.portRoom, len(svc.Ports))}
	t.services.Set(key, *e)
	var name string
	if old != nil && len(old.ports) > 0 {
		name = old.ports[0].svc // the same string: no new copy
	} else {
		name = key.ns + "/" + key.name
	}
	sh := shapeOf(svc)
	var outside *outsideAddrs
	if sh.lbIP.IsValid() || len(sh.extIPs) > 0 || len(sh.ranges) > 0 {
		outside = &outsideAddrs{lbIP: sh.lbIP, extIPs: sh.extIPs, ranges: sh.ranges}
	}
	for i, p := range svc.Ports {
		var bs []Backend
		if i < len(backends) {
			bs = backends[i]
		}
		sp := &e.ports[i]
		*sp = svcPort{recs: sp.recs[:0], svc: name, port: specOf(p), clusterIP: svc.ClusterIP, outside: outside,
			affTTL: sh.affTTL, affinity: sh.affinity,
			ext: sh.ext, local: sh.local, intLocal: sh.intLocal}
		sp.id = t.portID(old, sp.port)
		t.compilePort(sp, bs)
		// A later port or address overwrites an earlier one of the same
		// key; a port of another Service that owned a key has lost it.
		var buf [4]vipEntryKey // the ClusterIP, the load-balancer IP and an external IP or two
		vips, np, hasNP := sp.indexKeys(buf[:0])
		for _, v := range vips {
			if o, ok := t.vips.Get(v.k); ok && !e.owns(o.sp) {
				o.sp.lost = true
			}
			t.vips.Set(v.k, vipEntry{sp: sp, via: v.via})
		}
		if hasNP {
			if o := t.nodePorts[np]; o != nil && !e.owns(o) {
				o.lost = true
			}
			if t.nodePorts == nil {
				t.nodePorts = make(map[npKey]*svcPort)
			}
			t.nodePorts[np] = sp
		}
	}
	if old != nil {
		t.forgetAffinityExcept(old, e)
		clear(old.ports) // they may be in the first block, which keeps them
	}
}

// sameShape reports whether programming svc over e would install the same
// ports, addresses, index entries and affinity ids, so that only the
// endpoint lists need rewriting. That also requires every index entry e
// installed to still be its own: another Service may have taken an
// address since (its port is then marked lost), and a full Program takes
// it back. Only a full Program overwrites index entries, and Remove and
// Program delete only their own.
func (t *Table) sameShape(e *svcEntry, svc *service.Service) bool {
	if !HasRules(svc) || len(e.ports) != len(svc.Ports) || len(e.ports) == 0 {
		return false
	}
	sh := shapeOf(svc)
	for i := range e.ports {
		sp := &e.ports[i]
		p := specOf(svc.Ports[i])
		if !sp.hasSpec(p, svc.ClusterIP, &sh) {
			return false
		}
		// portID would give the first old port of this name and protocol's id.
		for j := range e.ports[:i] {
			if o := &e.ports[j]; o.port.Name == p.Name && o.port.Protocol == p.Protocol {
				if o.id != sp.id {
					return false
				}
				break
			}
		}
	}
	for pi := range e.ports {
		sp := &e.ports[pi]
		if sp.lost {
			return false
		}
	}
	return true
}

// hasSpec reports whether sp has port p, clusterIP and shape sh.
func (sp *svcPort) hasSpec(p portSpec, clusterIP netip.Addr, sh *shape) bool {
	return sp.port == p && sp.clusterIP == clusterIP && sp.lbIP() == sh.lbIP && sp.affinity == sh.affinity &&
		sp.ext == sh.ext && sp.local == sh.local && sp.intLocal == sh.intLocal && sp.affTTL == sh.affTTL &&
		slices.Equal(sp.extIPs(), sh.extIPs) && slices.Equal(sp.ranges(), sh.ranges)
}

// shape is what every port of a Service shares in the rules.
type shape struct {
	lbIP                           netip.Addr
	extIPs                         []netip.Addr
	ranges                         []netip.Prefix
	affTTL                         time.Duration
	affinity, ext, local, intLocal bool
}

// shapeOf reads svc's shape. Only the externalIPs of the ClusterIP's
// family and the source ranges of the load-balancer address's family are
// kept: kube-proxy's proxier of one family ignores the others
// (pkg/proxy/iptables/proxier.go; the meta-proxier splits them). The
// slices are filtered only when needed, so a Service without them
// allocates nothing here.
func shapeOf(svc *service.Service) shape {
	ext := service.ExternallyAccessible(svc)
	sh := shape{ext: ext, local: ext && svc.ExternalTrafficPolicy == service.TrafficPolicyLocal,
		intLocal: svc.InternalTrafficPolicy == service.TrafficPolicyLocal,
		affinity: svc.SessionAffinity == service.SessionAffinityClientIP,
		affTTL:   time.Duration(svc.SessionAffinityConfig.Timeout()) * time.Second}
	if svc.Type == service.LoadBalancer {
		sh.lbIP = svc.LoadBalancerIP
	}
	for _, ip := range svc.ExternalIPs {
		if ip.IsValid() && ip.Is4() == svc.ClusterIP.Is4() {
			sh.extIPs = append(sh.extIPs, ip)
		}
	}
	if sh.lbIP.IsValid() {
		for _, p := range svc.LoadBalancerSourceRanges {
			if p.IsValid() && p.Addr().Is4() == sh.lbIP.Is4() {
				sh.ranges = append(sh.ranges, p.Masked())
			}
		}
	}
	return sh
}

// portID keeps a Service port's affinity identity across reprogramming
// (same name and protocol), and draws a fresh one for a new port.
func (t *Table) portID(old *svcEntry, p portSpec) uint32 {
	if old != nil {
		for pi := range old.ports {
			o := &old.ports[pi]
			if o.port.Name == p.Name && o.port.Protocol == p.Protocol {
				return o.id
			}
		}
	}
	t.nextID++
	return t.nextID
}

// Remove deletes the rules of namespace/name and their affinity state
// (no-op if absent).
func (t *Table) Remove(namespace, name string) {
	key := svcKey{nsOrDefault(namespace), name}
	var held svcEntry
	old := t.entry(key, &held)
	if old == nil {
		return
	}
	t.unindex(key, old)
	t.services.Delete(key)
	t.forgetAffinity(old)
	clear(old.ports) // they may be in the first block, which keeps them
}

// unindex deletes the index entries old owns (and only those: another
// Service may have taken an address since).
func (t *Table) unindex(key svcKey, old *svcEntry) {
	if old == nil {
		return
	}
	for pi := range old.ports {
		sp := &old.ports[pi]
		var buf [4]vipEntryKey
		vips, np, hasNP := sp.indexKeys(buf[:0])
		for _, v := range vips {
			if o, ok := t.vips.Get(v.k); ok && old.owns(o.sp) {
				t.vips.Delete(v.k)
			}
		}
		if !hasNP {
			continue
		}
		if o, ok := t.nodePorts[np]; ok && old.owns(o) {
			delete(t.nodePorts, np)
		}
	}
}

func (t *Table) forgetAffinity(old *svcEntry) { t.forgetAffinityExcept(old, nil) }

// forgetAffinityExcept drops the affinity entries of old's ports that cur
// no longer has (cur nil: all of them). Reprogramming with the same ports,
// the common case, costs no allocation and no scan.
func (t *Table) forgetAffinityExcept(old, cur *svcEntry) {
	var gone []uint32
	for pi := range old.ports {
		o := &old.ports[pi]
		if cur == nil || !cur.hasPortID(o.id) {
			gone = append(gone, o.id)
		}
	}
	if len(gone) == 0 {
		return
	}
	for _, n := range t.nodeByID {
		if n == nil {
			continue
		}
		for k := range n.aff {
			if slices.Contains(gone, k.port) {
				delete(n.aff, k)
			}
		}
	}
}
