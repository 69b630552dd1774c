package sim

// Check: every invariant, recomputed from scratch.

import (
	"errors"
	"fmt"
	"maps"
	"net/netip"
	"slices"

	"github.com/svcsim/svcsim/service"
)

// Check verifies every invariant of the cluster against a from-scratch
// recomputation; call it after Settle: with an endpoints sync still
// pending, the lag is reported as a violation ("Sync pending"). It
// checks: the endpoints controller's Endpoints and slices equal
// endpoints.Compute over the current pods; every slice endpoint's zone and
// topology hints follow its node and its Service (checkTopology); no address or node
// port is held twice; every pod IP lies in its node's CIDR and every
// ClusterIP in the service CIDR, unchanged since creation (or the last
// change to or from ExternalName); the allocators hold exactly what the
// objects hold; the indexes and per-ReplicaSet counters agree with the
// pods; a Deployment's ReplicaSets hold distinct revisions, its current
// one (once synced) the highest, which it carries; a pod whose container
// is not running is never Ready; the
// internal tables hold exactly the live objects (checkTables);
// when no kube-proxy sync is pending, the programmed dataplane equals one
// programmed afresh from the Services and slices (checkProxy). It returns
// all violations joined.
func (c *Cluster) Check() error {
	if c.chk == nil {
		c.chk = new(checkScratch)
	}
	var errs []error
	bad := func(format string, a ...any) { errs = append(errs, fmt.Errorf(format, a...)) }
	if err := c.checkEndpoints(); err != nil {
		errs = append(errs, err) // endpoints.ErrInconsistent names the controller already
	}
	c.checkTopology(bad)
	c.checkMaster(bad)
	c.checkPods(bad)
	c.checkServices(bad)
	c.checkWorkloads(bad)
	c.checkStatefulSets(bad)
	c.checkTables(bad)
	c.checkProxy(bad)
	if len(errs) == 0 {
		return nil
	}
	return &mapped{errors.Join(errs...), ErrInconsistent}
}

func (c *Cluster) checkPods(bad func(string, ...any)) {
	perNode := make([]uint64, len(c.nodes))
	span := uint64(1) << min(63, c.cfg.PodCIDR.Addr().BitLen()-nodeMaskBits(c.cfg.PodCIDR)) // offsets of a node's block
	// sides counts the kubelet side records found under live pods.
	live, withIP, sides := 0, 0, 0
	for i := range c.store.Slots() {
		p := c.pod(i)
		if !p.has(fLive) {
			continue
		}
		live++
		ref := podRefOf{c, i}
		// The namespace's own index is checkNamespaceTables'.
		if j, ok := c.store.Lookup(p.tmpl.ns, p.name()); !ok || j != i {
			bad("pod %s: not found by name", ref)
		}
		switch {
		case p.has(fDown) && p.has(fReady):
			bad("pod %s: Ready while its container is not running", ref)
		case p.has(fDown) && (!p.has(fRunning) || !p.has(fExited)):
			bad("pod %s: container down without having started and exited", ref)
		case p.has(fBackOff) && !p.has(fDown):
			bad("pod %s: in CrashLoopBackOff with its container running", ref)
		}
		if p.has(fExited) || p.has(fTerminating) { // may hold a side record
			if _, side := c.kubeletRecs[i]; side {
				sides++
			} else if p.has(fExited) {
				bad("pod %s: exited without a kubelet side record", ref)
			}
		}
		if p.node < 0 {
			if p.has(fRunning) || p.ipOff != 0 {
				bad("pod %s: running without a node", ref)
			}
			continue
		}
		nd := &c.nodes[p.node]
		if !slices.Contains(nd.pods, i) {
			bad("pod %s: node index broken", ref)
		}
		if p.ipOff == 0 {
			bad("pod %s: scheduled without an IP", ref)
			continue
		}
		// The pod's address is the one at its offset in its node's block of
		// the pod CIDR (podIPAt): it lies in the node's CIDR when the offset
		// is within the block and the node's CIDR is that block (checked
		// below); it is formed only for a message.
		ip := podIPOf{c, p.node, p.ipOff}
		perNode[p.node]++
		withIP++
		if uint64(p.ipOff) >= span {
			bad("pod %s: ip %s outside node %s CIDR %s", ref, ip, nd.name, nd.cidr)
		}
		if !nd.alloc.AllocatedAt(uint64(p.ipOff)) { // its range starts at nd.cidr's (checked below)
			bad("pod %s: ip %s not allocated", ref, ip)
		}
		// The IP index holds one pod per IP: of two pods holding one IP,
		// it finds one at most. It is keyed by node and offset (podIPKey
		// of the IP).
		if j, ok := c.store.AtIP(ipKey(p.node, p.ipOff)); !ok {
			bad("pod %s: ip %s not in the ip index", ref, ip)
		} else if j != i {
			bad("pod %s: ip %s also held by %s", ref, ip, podRefOf{c, j})
		}
		if c.svcIPs2 != nil {
			ip2 := c.secondaryIPAt(p.node, p.ipOff)
			if cidr := nodeCIDRAt(c.cfg.SecondaryPodCIDR, p.node); !cidr.Contains(ip2) || ip2.Is4() == c.cfg.PodCIDR.Addr().Is4() {
				bad("pod %s: secondary ip %s outside node %s CIDR %s or of the primary family", ref, ip2, nd.name, cidr)
			}
			if j, ok := c.podAtIPSlot(ip2); !ok || j != i {
				bad("pod %s: secondary ip index broken", ref)
			}
		}
	}
	if names, byIP, _, _ := c.store.Counts(); live != c.store.Len() || byIP != withIP || names != live {
		bad("pods: %d live, counter %d, %d in the IP index, %d with IPs, %d in the name index", live, c.store.Len(),
			byIP, withIP, names)
	}
	if sides != len(c.kubeletRecs) {
		c.reportSideRecords(bad)
	}
	reserved := c.reservedPerNode() // the gateway (and a cut range's end), on every node
	for n := range c.nodes {
		nd := &c.nodes[n]
		if want := nodeCIDRAt(c.cfg.PodCIDR, int32(n)); nd.cidr != want {
			bad("node %s: pod CIDR %s, not its block %s of %s", nd.name, nd.cidr, want, c.cfg.PodCIDR)
		}
		if a := nd.alloc.Prefix().Addr(); a != nd.cidr.Addr() {
			bad("node %s: allocator range %s does not start at its CIDR %s", nd.name, nd.alloc.Prefix(), nd.cidr)
		}
		if got := nd.alloc.Used(); got != perNode[n]+reserved {
			bad("node %s: allocator holds %d addresses, pods %d + gateway", nd.name, got, perNode[n])
		}
		if nd.noSchedule { // else the node takes any pod
			for _, i := range nd.pods {
				if p := c.pod(i); p.ownerKind != ownerNone && !p.tmpl.tolerCP {
					bad("pod %s: scheduled on %s despite its NoSchedule taint", p.name(), nd.name)
				}
			}
		}
		if in := c.sched.Has(int32(n)); in != c.schedulable(int32(n)) {
			bad("node %s: in the scheduler %v, schedulable %v", nd.name, in, !in)
		} else if in && c.sched.KeyOf(int32(n)) != loadKey(len(nd.pods), int32(n)) {
			bad("node %s: filed in the scheduler as %+v with %d pods", nd.name, c.sched.KeyOf(int32(n)), len(nd.pods))
		}
	}
}

// reportSideRecords reports the kubelet side records checkPods did not
// find under a live pod that exited or is being deleted, by slot (an
// error path: it sorts the slots so that the first error does not depend
// on the map's order).
func (c *Cluster) reportSideRecords(bad func(string, ...any)) {
	for _, i := range slices.Sorted(maps.Keys(c.kubeletRecs)) {
		if i < 0 || i >= c.store.Slots() || !c.pod(i).has(fLive) {
			bad("pods: a kubelet side record of slot %d, not a live pod", i)
		} else if p := c.pod(i); !p.has(fExited) && !p.has(fTerminating) {
			bad("pod %s: a kubelet side record without an exit or a deletion", podRefOf{c, i})
		}
	}
}

// checkClusterIPs checks the IP-family fields of Service id: families and
// policy defaulted (none for ExternalName), clusterIP == clusterIPs[0], one
// cluster IP per family in that family's range, allocated and indexed as
// its own (indexedAs). n counts the addresses held per allocator.
func (c *Cluster) checkClusterIPs(s *service.Service, id int32, n *[2]uint64, bad func(string, ...any)) {
	key := svcRefOf{s}
	if s.Type == service.ExternalName {
		if len(s.ClusterIPs) > 0 || len(s.IPFamilies) > 0 || s.IPFamilyPolicy != "" || s.ClusterIP.IsValid() {
			bad("service %s: ExternalName with IP-family fields %v %v %q", key, s.ClusterIPs, s.IPFamilies, s.IPFamilyPolicy)
		}
		return
	}
	if len(s.IPFamilies) == 0 || len(s.IPFamilies) > len(c.families) && !s.Headless || s.IPFamilyPolicy == "" {
		bad("service %s: ipFamilies %v, ipFamilyPolicy %q not defaulted for this cluster", key, s.IPFamilies, s.IPFamilyPolicy)
	}
	if s.IPFamilyPolicy == service.IPFamilyPolicySingleStack && len(s.IPFamilies) != 1 {
		bad("service %s: SingleStack with families %v", key, s.IPFamilies)
	}
	if s.Headless { // needs no cluster IP (nor does ExternalName, returned above)
		if len(s.ClusterIPs) > 0 || s.ClusterIP.IsValid() {
			bad("service %s: headless with clusterIPs %v", key, s.ClusterIPs)
		}
		return
	}
	if len(s.ClusterIPs) != len(s.IPFamilies) || len(s.ClusterIPs) == 0 || s.ClusterIPs[0] != s.ClusterIP {
		bad("service %s: clusterIP %s, clusterIPs %v for families %v", key, s.ClusterIP, s.ClusterIPs, s.IPFamilies)
		return
	}
	for i, ip := range s.ClusterIPs {
		f := service.FamilyOf(ip)
		if f != s.IPFamilies[i] {
			bad("service %s: clusterIPs[%d] %s is not %s", key, i, ip, s.IPFamilies[i])
		}
		a := c.svcIPsOf(f)
		if a == c.svcIPs {
			n[0]++
		} else {
			n[1]++
		}
		if !a.Allocated(ip) { // nor then in its range
			bad("service %s: clusterIP %s not allocated in %s", key, ip, a.Prefix())
		}
		if o, ok := c.byClusterIP.Get(ip); !ok || o != id {
			bad("service %s: clusterIP %s %s", key, ip, c.indexedAs(o, ok))
		}
	}
}

// checkServices checks each Service's addresses and node ports against
// the allocators and the cluster's indexes: every address or node port a
// Service holds is allocated and indexed as its own, and the indexes and
// allocators hold as many as the Services do. A value two Services hold
// is indexed as one's at most, so the other's is reported (the address
// ranges of the allocators do not overlap: a value can be held twice
// only within one of them).
func (c *Cluster) checkServices(bad func(string, ...any)) {
	var nIPs [2]uint64 // cluster IPs held of the primary and the secondary family
	var nLB, nNP uint64
	var byNodePort map[int32]int32
	var byLBIP map[netip.Addr]int32
	if c.rare != nil {
		byNodePort, byLBIP = c.rare.byNodePort, c.rare.byLBIP
	}
	for id, r := range c.svcs {
		if r == nil {
			continue
		}
		s := r.svc
		key := svcRefOf{s}
		c.checkClusterIPs(s, int32(id), &nIPs, bad)
		if s.ClusterIP != r.createdIP {
			bad("service %s: clusterIP changed from %s to %s", key, r.createdIP, s.ClusterIP)
		}
		if s.LoadBalancerIP.IsValid() {
			nLB++
			if pool, _ := c.lbPool(s.LoadBalancerClass); pool == nil || !pool.Allocated(s.LoadBalancerIP) {
				bad("service %s: load-balancer IP %s not allocated", key, s.LoadBalancerIP)
			}
			if o, ok := byLBIP[s.LoadBalancerIP]; !ok || o != int32(id) {
				bad("service %s: load-balancer IP %s %s", key, s.LoadBalancerIP, c.indexedAs(o, ok))
			}
		}
		c.chk.nodePorts = appendNodePorts(c.chk.nodePorts[:0], s)
		for _, np := range c.chk.nodePorts {
			nNP++
			if !c.nodePorts.Allocated(int(np)) {
				bad("service %s: node port %d not allocated", key, np)
			}
			if o, ok := byNodePort[np]; !ok || o != int32(id) {
				bad("service %s: node port %d %s", key, np, c.indexedAs(o, ok))
			}
		}
		if service.ShouldAllocateNodePorts(s) {
			for i, p := range s.Ports {
				if p.NodePort == 0 {
					bad("service %s: ports[%d] has no node port", key, i)
				}
			}
		}
		if service.NeedsHealthCheck(s) != (s.HealthCheckNodePort != 0) {
			bad("service %s: healthCheckNodePort %d with type %s, externalTrafficPolicy %s", key,
				s.HealthCheckNodePort, s.Type, s.ExternalTrafficPolicy)
		}
	}
	if c.svcIPs.Used() != nIPs[0] || c.byClusterIP.Len() != int(nIPs[0]+nIPs[1]) {
		bad("service IPs: allocator holds %d, services %d, index %d", c.svcIPs.Used(), nIPs[0]+nIPs[1], c.byClusterIP.Len())
	}
	if c.svcIPs2 != nil && c.svcIPs2.Used() != nIPs[1] {
		bad("secondary service IPs: allocator holds %d, services %d", c.svcIPs2.Used(), nIPs[1])
	}
	if c.nodePorts.Used() != nNP || len(byNodePort) != int(nNP) {
		bad("node ports: allocator holds %d, services %d, index %d", c.nodePorts.Used(), nNP, len(byNodePort))
	}
	if c.lbUsed() != nLB || len(byLBIP) != int(nLB) {
		bad("load-balancer IPs: allocators hold %d, services %d, index %d", c.lbUsed(), nLB, len(byLBIP))
	}
}

// indexedAs describes an index entry that does not name the Service
// holding the value: missing, naming no Service (record id), or another
// Service (found ok), which then holds the value too unless the index is
// wrong.
func (c *Cluster) indexedAs(id int32, ok bool) string {
	switch r := at(c.svcs, id); {
	case !ok:
		return "not in its index"
	case r == nil:
		return fmt.Sprintf("indexed as record %d, not a Service", id)
	default:
		return "indexed as held by " + r.svc.Key()
	}
}

// checkWorkloads recounts each ReplicaSet's pods, active and available,
// against its counters (the recount kept for checkDeploymentStatus),
// checks its replicas, then each Deployment's revisions and status.
func (c *Cluster) checkWorkloads(bad func(string, ...any)) {
	recount := c.chk.rsPods[:0]
	for id, r := range c.rss {
		recount = append(recount, rsCount{})
		if r == nil {
			continue
		}
		active, avail := 0, 0
		for k, i := range r.pods {
			p := c.pod(i)
			if !p.has(fLive) || p.ownerKind != ownerReplicaSet || p.ownerID != int32(id) || int(p.ownerPos) != k {
				bad("replicaset %s: pod list broken", r.name)
				continue
			}
			if !p.has(fTerminating) {
				active++
				if p.has(fReady) && p.has(fRunning) {
					avail++
				}
			}
		}
		recount[id] = rsCount{active, avail}
		if active != r.active || avail != r.available {
			bad("replicaset %s: counters %d/%d, pods say %d/%d", r.name, r.active, r.available, active, avail)
		}
		full := c.store.Len() >= c.cfg.MaxPods
		if !r.deleted && !r.pending && active != r.replicas && c.waitingPods() == 0 && !(full && active < r.replicas) {
			bad("replicaset %s: %d active pods, want %d", r.name, active, r.replicas)
		}
		if !r.deleted && !r.pending && active < r.replicas && full &&
			(r.failure == nil || !c.waitsQuota(ownerReplicaSet, int32(id))) {
			bad("replicaset %s: refused pods by the quota but not failed and waiting", r.name)
		}
	}
	c.chk.rsPods = recount
	if n := c.store.Len(); n > c.cfg.MaxPods {
		bad("%d pods, beyond maxPods %d", n, c.cfg.MaxPods)
	}
	for _, d := range c.deps {
		if d == nil || d.deleted {
			continue
		}
		cur, _, _, _ := c.currentRS(d)
		c.checkRevisions(d, cur, bad)
		if !d.pending {
			c.checkDeploymentStatus(d, cur, bad)
		}
	}
}

// rsCount is a ReplicaSet's pods as checkWorkloads recounts them: active
// (not terminating) and available (active, running and ready).
type rsCount struct{ active, avail int }

// checkRevisions checks a Deployment's deployment.kubernetes.io/revision
// annotations: no two ReplicaSets share one and, once synced, its current
// ReplicaSet cur holds the highest, which the Deployment carries.
func (c *Cluster) checkRevisions(d *depRec, cur int32, bad func(string, ...any)) {
	revs := c.chk.revs[:0]
	for _, id := range d.rss {
		if r := c.rss[id]; !r.deleted {
			revs = append(revs, r.revision)
		}
	}
	slices.Sort(revs)
	c.chk.revs = revs
	var highest int64
	for k, rev := range revs {
		if k > 0 && rev == revs[k-1] {
			bad("%s: revision %d held by two ReplicaSets", depObject(d.spec.Namespace, d.name), rev)
		}
		highest = max(highest, rev)
	}
	if d.pending || cur < 0 {
		return
	}
	if r := c.rss[cur]; r.revision != highest {
		bad("%s: current ReplicaSet %s has revision %d, not the highest (%d)", depObject(d.spec.Namespace, d.name),
			r.name, r.revision, highest)
	} else if d.revision != r.revision {
		bad("%s: revision %d, its current ReplicaSet's is %d", depObject(d.spec.Namespace, d.name), d.revision, r.revision)
	}
}

// checkDeploymentStatus recomputes a synced Deployment's status from its
// pods, as checkWorkloads recounted them per ReplicaSet, nid its current
// one: the counts, the observed generation, Available from the counts,
// Progressing NewReplicaSetAvailable once complete, ReplicaFailure iff a
// ReplicaSet has one.
func (c *Cluster) checkDeploymentStatus(d *depRec, nid int32, bad func(string, ...any)) {
	var want depCounts
	failed := false
	for _, id := range d.rss {
		r := c.rss[id]
		if r.deleted {
			continue
		}
		failed = failed || r.failure != nil
		want.total += r.replicas
		n := c.chk.rsPods[id]
		want.replicas += int32(n.active)
		if id == nid {
			want.updated = int32(n.active)
		}
		want.ready += int32(n.avail)
		want.available += int32(n.avail)
	}
	name := depRefOf{d}
	// The status as deploymentStatus shows it, read from its parts (its
	// rendering only for a message).
	if got := c.counts(d, nid); got != want {
		bad("%s: status %+v, pods say %+v", name, c.deploymentStatus(d), want)
	}
	if d.observed != d.generation {
		bad("%s: observed generation %d, generation %d", name, d.observed, d.generation)
	}
	shown := func(typ string) Condition { return condition(c.deploymentStatus(d).Conditions, typ) }
	if avail, _ := depCondition(d.conds, cAvailable); avail.status != (int(want.available) >= d.spec.Replicas-maxUnavailable(d)) {
		bad("%s: Available %s with %d available of %d", name, shown(condAvailable).Status, want.available, d.spec.Replicas)
	}
	if prog, _ := depCondition(d.conds, cProgressing); want.complete(d.spec.Replicas) && (!prog.status || prog.reason != rNewRSAvailable) {
		prog := shown(condProgressing)
		bad("%s: complete, but Progressing %s/%s", name, prog.Status, prog.Reason)
	}
	if _, f := depCondition(d.conds, cReplicaFailure); f != failed {
		bad("%s: ReplicaFailure condition %v, a ReplicaSet failed: %v", name, f, failed)
	}
}

// depCondition returns the condition of type typ in conds, and whether
// there is one.
func depCondition(conds []depCond, typ uint8) (depCond, bool) {
	if k := condIndex(conds, typ); k >= 0 {
		return conds[k], true
	}
	return depCond{}, false
}

// podRefOf, podIPOf, svcRefOf and depRefOf name a pod
// ("namespace/name"), a pod's address (at offset off of node's block), a
// Service ("namespace/name") and a Deployment ("deployment
// namespace/name") in Check's messages, rendered only when printed: most
// Checks print none.
type (
	podRefOf struct {
		c *Cluster
		i int32
	}
	podIPOf struct {
		c    *Cluster
		node int32
		off  uint32
	}
	svcRefOf struct{ s *service.Service }
	depRefOf struct{ d *depRec }
)

func (r podRefOf) String() string { return r.c.podRef(r.i) }
func (r podIPOf) String() string  { return r.c.podIPAt(r.node, r.off).String() }
func (r svcRefOf) String() string { return r.s.Key() }
func (r depRefOf) String() string { return "deployment " + r.d.spec.Namespace + "/" + r.d.name }

// condition returns the condition of type typ in conds, or the zero
// Condition.
func condition(conds []Condition, typ string) Condition {
	for _, x := range conds {
		if x.Type == typ {
			return x
		}
	}
	return Condition{}
}
