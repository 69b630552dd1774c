package sim

// The StatefulSet controller (kubernetes pkg/controller/statefulset,
// stateful_set_control.go updateStatefulSet): pods with stable ordinal
// names, created and deleted in order (OrderedReady) or all at once
// (Parallel), updated from the highest ordinal down to the partition, one
// pod at a time. The MaxUnavailableStatefulSet feature gate is off, as in
// Kubernetes v1.35.4 and later (beta and on in v1.35.0–v1.35.3, turned off
// again after a regression): rolling updates never take more than one pod
// down. Not modelled: volumeClaimTemplates (PVCs), minReadySeconds,
// ordinals.start, revisionHistoryLimit (every revision is kept),
// persistentVolumeClaimRetentionPolicy, and pods in phase Failed or
// Succeeded (the simulated containers restart in place).

import (
	"maps"
	"strconv"
	"strings"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
	"github.com/svcsim/svcsim/sim/internal/workload"
)

// stsRec is a stored StatefulSet.
type stsRec struct {
	ns          int32
	spec        StatefulSet // defaulted, deep-copied; no status
	restartedAt string      // the kubectl.kubernetes.io/restartedAt template annotation
	revs        []stsRevision
	cur, upd    int     // status.currentRevision and updateRevision: indexes in revs
	pods        []int32 // live pods, terminating included
	pending     bool
	deleted     bool
	gen         uint32 // record generation: queued syncs carry it (ids are reused)
	created     int64
}

// stsRevision is a ControllerRevision: one version of the pod template.
type stsRevision struct {
	name string // <set>-<hash>: the pods' controller-revision-hash
	text string // the canonical template text it was hashed from
	tmpl *template
}

// stsTemplateText is the canonical text of a StatefulSet's pod template,
// the input of its revision hash.
func stsTemplateText(s *stsRec) string {
	var b strings.Builder
	b.WriteString("labels:" + s.spec.Labels.String() + ";containers:")
	for _, ct := range s.spec.Containers {
		b.WriteString(ct.Name + "=" + ct.Image + "[")
		for _, p := range ct.Ports {
			b.WriteString(p.Name + "/" + strconv.Itoa(int(p.Port)) + "/" + string(p.Protocol) + ",")
		}
		b.WriteString("]")
	}
	b.WriteString(";readyAfter:" + s.spec.ReadyAfter.String() + ";grace:" + s.spec.TerminationGracePeriod.String())
	if s.restartedAt != "" {
		b.WriteString(";kubectl.kubernetes.io/restartedAt:" + s.restartedAt)
	}
	return b.String()
}

// newSTS stores a validated StatefulSet and returns its id.
func (c *Cluster) newSTS(spec StatefulSet) int32 {
	var id int32
	if n := len(c.stsFree); n > 0 {
		id = c.stsFree[n-1]
		c.stsFree = c.stsFree[:n-1]
	} else {
		c.stss = append(c.stss, nil)
		id = int32(len(c.stss) - 1)
	}
	c.objGen++
	s := &stsRec{ns: c.namespace(spec.Namespace), spec: spec, gen: c.objGen, created: c.now}
	c.stss[id] = s
	c.setUpdateRevision(s)
	s.cur = s.upd
	if c.stsByName == nil {
		c.stsByName = map[nsName]int32{}
	}
	c.stsByName[nsName{spec.Namespace, spec.Name}] = id
	c.nsCount[s.ns]++
	return id
}

// setUpdateRevision makes the revision of the current template the update
// revision: an existing equal one is reused (getStatefulSetRevisions),
// otherwise a new one is added.
func (c *Cluster) setUpdateRevision(s *stsRec) {
	text := stsTemplateText(s)
	for k, r := range s.revs {
		if r.text == text {
			s.upd = k
			return
		}
	}
	name := s.spec.Name + "-" + c.revisionHash(s, text)
	t := &template{ns: s.ns, labels: s.spec.Labels, readyAfter: s.spec.ReadyAfter,
		grace: s.spec.TerminationGracePeriod, subdomain: s.spec.ServiceName, hostIsName: true}
	t.containers, t.ports = newTemplateContainers(pod.CloneContainers(s.spec.Containers), nil)
	s.revs = append(s.revs, stsRevision{name: name, text: text, tmpl: t})
	s.upd = len(s.revs) - 1
}

// revisionHash returns the hash of a new revision of s: the template's
// (controller.ComputeHash, as history.HashControllerRevision), with the
// collision count raised while another template already has that name.
func (c *Cluster) revisionHash(s *stsRec, text string) string {
	for collision := int32(0); ; collision++ {
		h := workload.TemplateHash(text, collision)
		taken := false
		for _, r := range s.revs {
			taken = taken || r.name == s.spec.Name+"-"+h
		}
		if !taken {
			return h
		}
	}
}

// touchSTS queues a sync of StatefulSet id.
func (c *Cluster) touchSTS(id int32) {
	s := c.stss[id]
	if c.watched != 0 {
		c.markSTS(id)
	}
	if !s.pending && !s.deleted {
		s.pending = true
		c.schedule(0, tkSTSSync, id, s.gen)
	}
}

// stsOrdinal returns the ordinal of pod name in StatefulSet set: the
// decimal after "<set>-" (getOrdinal), or -1.
func stsOrdinal(set, name string) int {
	rest, ok := strings.CutPrefix(name, set+"-")
	if !ok || rest == "" || (len(rest) > 1 && rest[0] == '0') {
		return -1
	}
	n, err := strconv.Atoi(rest)
	if err != nil || n < 0 {
		return -1
	}
	return n
}

// stsParent splits a pod name "<set>-<ordinal>" (getParentNameAndOrdinal).
func stsParent(name string) (string, int) {
	k := strings.LastIndexByte(name, '-')
	if k <= 0 {
		return "", -1
	}
	return name[:k], stsOrdinal(name[:k], name)
}

// podRevision returns pod i's controller-revision-hash label.
func (c *Cluster) podRevision(i int32) string { return c.pod(i).tmpl.labels[LabelControllerRevision] }

// healthy reports whether pod i is Running and Ready and not terminating
// (isHealthy; available too, minReadySeconds being 0).
func (c *Cluster) healthy(i int32) bool {
	p := c.pod(i)
	return p.has(fRunning) && p.has(fReady) && !p.has(fTerminating)
}

func (c *Cluster) runningReady(i int32) bool {
	p := c.pod(i)
	return p.has(fRunning) && p.has(fReady)
}

// runSTSSync is one sync of StatefulSet id (updateStatefulSet): the
// replicas in ascending ordinal (create the missing, wait for the
// unhealthy when monotonic), then the condemned in descending ordinal,
// then, under RollingUpdate, the update scan from the highest ordinal
// down to the partition; last the status's currentRevision.
func (c *Cluster) runSTSSync(id int32, gen uint32) {
	defer c.passQuotaRoom(ownerStatefulSet, id)
	s := c.stss[id]
	if s == nil || s.gen != gen {
		return
	}
	s.pending = false
	if s.deleted {
		return
	}
	c.stsSync(id, s)
	c.completeRollingUpdate(s)
}

func (c *Cluster) stsSync(id int32, s *stsRec) {
	n := s.spec.Replicas
	monotonic := s.spec.PodManagementPolicy != Parallel
	replicas := make([]int32, n)
	for k := range replicas {
		replicas[k] = -1
	}
	var condemned []int32
	for _, i := range s.pods {
		if ord := stsOrdinal(s.spec.Name, c.podName(i)); ord < n {
			replicas[ord] = i
		} else {
			condemned = append(condemned, i)
		}
	}
	sortByOrdinalDesc(c, s.spec.Name, condemned)
	firstUnhealthy, found := int32(-1), false
	for _, l := range [2][]int32{replicas, condemned} {
		for _, i := range l {
			if !found && (i < 0 || !c.healthy(i)) {
				firstUnhealthy, found = i, true
			}
		}
	}
	// The replicas, ascending (processReplica).
	for ord, i := range replicas {
		if i < 0 {
			if replicas[ord] = c.createSTSPod(id, s, ord); replicas[ord] < 0 || monotonic {
				return
			}
			continue
		}
		if monotonic && (c.pod(i).has(fTerminating) || !c.runningReady(i)) {
			return
		}
	}
	// The condemned, descending (processCondemned).
	for _, i := range condemned {
		if c.pod(i).has(fTerminating) {
			if monotonic {
				return
			}
			continue
		}
		if monotonic && !c.runningReady(i) && i != firstUnhealthy {
			return
		}
		c.deleteSTSPod(s, i)
		if monotonic {
			return
		}
	}
	if s.spec.UpdateStrategy == OnDelete {
		return
	}
	// The rolling update, one pod at a time (MaxUnavailableStatefulSet off).
	for ord := len(replicas) - 1; ord >= s.spec.Partition; ord-- {
		i := replicas[ord]
		if c.podRevision(i) != s.revs[s.upd].name && !c.pod(i).has(fTerminating) {
			c.deleteSTSPod(s, i)
			return
		}
		if !c.healthy(i) {
			return
		}
	}
}

func sortByOrdinalDesc(c *Cluster, set string, l []int32) {
	for a := 1; a < len(l); a++ {
		for b := a; b > 0 && stsOrdinal(set, c.podName(l[b])) > stsOrdinal(set, c.podName(l[b-1])); b-- {
			l[b], l[b-1] = l[b-1], l[b]
		}
	}
}

// createSTSPod creates the pod of ordinal ord (newVersionedStatefulSetPod:
// below the partition at the current revision, else at the update
// revision) and returns its slot, or -1. A refusal is a FailedCreate event:
// by the quota (the set waits for room) or because a pod that is not the
// set's holds the name (the set is synced again when it is gone).
func (c *Cluster) createSTSPod(id int32, s *stsRec, ord int) int32 {
	key := c.nsNames[s.ns] + "/" + s.spec.Name + "-" + strconv.Itoa(ord) // the pod's key, its name the tail
	name := key[len(c.nsNames[s.ns])+1:]
	obj := "statefulset/" + s.spec.Namespace + "/" + s.spec.Name
	if err := c.admitPod(name); err != nil {
		if c.tracing() {
			c.emit(KindFailedCreate, obj, "create Pod "+name+" in StatefulSet "+s.spec.Name+" failed error: "+err.Error())
		}
		c.waitQuota(ownerStatefulSet, id)
		return -1
	}
	if _, taken := c.store.Lookup(s.ns, name); taken {
		// A pod that is not the set's holds the name (stsNameFreed syncs
		// the set when it is gone).
		if c.tracing() {
			c.emit(KindFailedCreate, obj, "create Pod "+name+" in StatefulSet "+s.spec.Name+
				" failed error: pods \""+name+"\" already exists")
		}
		return -1
	}
	rev := s.upd
	if s.spec.UpdateStrategy == RollingUpdate && ord < s.spec.Partition {
		rev = s.cur
	}
	base := s.revs[rev]
	t := *base.tmpl
	t.labels = maps.Clone(base.tmpl.labels)
	t.labels[LabelControllerRevision] = base.name
	t.labels[LabelStatefulSetPodName] = name
	t.labels[LabelPodIndex] = strconv.Itoa(ord)
	if c.tracing() {
		c.emit(KindSuccessfulCreate, obj, "create Pod "+name+" in StatefulSet "+s.spec.Name+" successful")
	}
	return c.addPod(&t, ownerStatefulSet, id, key, -1)
}

// deleteSTSPod deletes pod i of s gracefully (DeleteStatefulPod).
func (c *Cluster) deleteSTSPod(s *stsRec, i int32) {
	if c.tracing() {
		c.emit(KindSuccessfulDelete, "statefulset/"+s.spec.Namespace+"/"+s.spec.Name,
			"delete Pod "+c.podName(i)+" in StatefulSet "+s.spec.Name+" successful")
	}
	c.terminate(i, "deleted by statefulset "+s.spec.Name)
}

// completeRollingUpdate makes the update revision current once every pod
// is updated and ready (RollingUpdate only, as upstream: under OnDelete
// currentRevision stays).
func (c *Cluster) completeRollingUpdate(s *stsRec) {
	if s.spec.UpdateStrategy != RollingUpdate || s.cur == s.upd {
		return
	}
	st := c.stsStatus(s)
	if st.UpdatedReplicas == st.Replicas && st.ReadyReplicas == st.Replicas {
		s.cur = s.upd
		if c.watched != 0 {
			c.markSTS(c.stsByName[nsName{s.spec.Namespace, s.spec.Name}])
		}
	}
}

// stsStatus computes a StatefulSet's status from its pods
// (computeReplicaStatus).
func (c *Cluster) stsStatus(s *stsRec) StatefulSetStatus {
	st := StatefulSetStatus{CurrentRevision: s.revs[s.cur].name, UpdateRevision: s.revs[s.upd].name}
	for _, i := range s.pods {
		p := c.pod(i)
		st.Replicas++
		if c.runningReady(i) {
			st.ReadyReplicas++
			st.AvailableReplicas++
		}
		if !p.has(fTerminating) {
			switch rev := c.podRevision(i); {
			case rev == st.CurrentRevision && rev == st.UpdateRevision:
				st.CurrentReplicas++
				st.UpdatedReplicas++
			case rev == st.CurrentRevision:
				st.CurrentReplicas++
			case rev == st.UpdateRevision:
				st.UpdatedReplicas++
			}
		}
	}
	return st
}

// freeSTS frees the record of a deleted StatefulSet without pods.
func (c *Cluster) freeSTS(id int32) {
	c.stss[id] = nil
	c.stsFree = append(c.stsFree, id)
}

// stsNameFreed tells the StatefulSet whose pod name ns/name is that the
// name is free again (a pod not its own held it, or its own was removed).
func (c *Cluster) stsNameFreed(ns int32, name string) {
	set, ord := stsParent(name)
	if ord < 0 {
		return
	}
	if id, ok := c.stsByName[nsName{c.nsNames[ns], set}]; ok {
		c.touchSTS(id)
	}
}

// stsOwner is the StatefulSet kind of pod owner.
type stsOwner struct{ c *Cluster }

func (stsOwner) kindName() string                   { return "statefulset" }
func (o stsOwner) name(id int32) string             { return o.c.stss[id].spec.Name }
func (o stsOwner) pods(id int32) *[]int32           { return &o.c.stss[id].pods }
func (o stsOwner) podsChanged(id int32)             { o.c.touchSTS(id) }
func (o stsOwner) readyChanged(id int32)            { o.c.touchSTS(id) }
func (stsOwner) acct(id int32, p *podRec, sign int) {} // the status is computed from the pods

func (o stsOwner) selects(id int32, labels selector.Set) bool {
	return selector.FromSet(o.c.stss[id].spec.Labels).Matches(labels)
}

// emptied forgets a deleted StatefulSet with its last pod.
func (o stsOwner) emptied(id int32) bool {
	if o.c.stss[id].deleted {
		o.c.freeSTS(id)
		return false
	}
	return true
}

// claim returns the StatefulSet that adopts pod i, an orphan: the live set
// named by the pod's name "<set>-<ordinal>" (isMemberOf) whose selector
// matches its labels. Only pods made by a StatefulSet of that name and
// service (hostname = name, subdomain = serviceName, as the controller
// would have to set them) are adopted, since those fields are immutable.
func (o stsOwner) claim(i int32) int32 {
	c := o.c
	p := c.pod(i)
	set, ord := stsParent(p.name())
	if ord < 0 {
		return -1
	}
	id, ok := c.stsByName[nsName{c.nsNames[p.tmpl.ns], set}]
	if !ok {
		return -1
	}
	s := c.stss[id]
	if !p.tmpl.hostIsName || p.tmpl.subdomain != s.spec.ServiceName || !o.selects(id, p.tmpl.labels) {
		return -1
	}
	return id
}
