package sim

// Check's StatefulSet part: identities, ordinals, the pod lists and the
// status, recomputed from the pods as the API returns them.

import (
	"slices"
	"strconv"
)

// checkStatefulSets verifies every StatefulSet: its pods are its own, one
// per ordinal, each with its identity (hostname = name, subdomain =
// serviceName, the controller's labels, a revision of the set); its status
// equals one recomputed from the pod values; and once its controller is
// idle with every pod healthy, it has exactly the ordinals 0…replicas-1,
// updated from the partition up (RollingUpdate).
func (c *Cluster) checkStatefulSets(bad func(string, ...any)) {
	free := 0
	for id, s := range c.stss {
		if s == nil {
			free++
			continue
		}
		name := s.spec.Namespace + "/" + s.spec.Name
		switch {
		case s.deleted && len(s.pods) == 0:
			bad("statefulset %s: deleted, without pods, still stored", name)
		case !s.deleted && c.stsByName[nsName{s.spec.Namespace, s.spec.Name}] != int32(id):
			bad("statefulset %s: not indexed by name", name)
		}
		revs := map[string]bool{}
		for _, r := range s.revs {
			revs[r.name] = true
		}
		seen := map[int]bool{}
		healthy := true
		var want StatefulSetStatus
		want.CurrentRevision, want.UpdateRevision = s.revs[s.cur].name, s.revs[s.upd].name
		for k, i := range s.pods {
			p := c.pod(i)
			if !p.has(fLive) || p.ownerKind != ownerStatefulSet || p.ownerID != int32(id) || int(p.ownerPos) != k {
				bad("statefulset %s: pod list broken", name)
				continue
			}
			v := c.podValue(i)
			ord := stsOrdinal(s.spec.Name, v.Name)
			if ord < 0 || seen[ord] {
				bad("statefulset %s: pod %s: no ordinal, or a second pod of ordinal %d", name, v.Name, ord)
			}
			seen[ord] = true
			if v.Hostname != v.Name || v.Subdomain != s.spec.ServiceName || v.Labels[LabelStatefulSetPodName] != v.Name ||
				v.Labels[LabelPodIndex] != strconv.Itoa(ord) || !revs[v.Labels[LabelControllerRevision]] {
				bad("statefulset %s: pod %s: identity %q.%q, labels %v", name, v.Name, v.Hostname, v.Subdomain, v.Labels)
			}
			want.Replicas++
			if v.Phase == "Running" && v.Ready {
				want.ReadyReplicas++
				want.AvailableReplicas++
			}
			if !v.Terminating {
				if r := v.Labels[LabelControllerRevision]; r == want.CurrentRevision {
					want.CurrentReplicas++
				}
				if r := v.Labels[LabelControllerRevision]; r == want.UpdateRevision {
					want.UpdatedReplicas++
				}
			}
			healthy = healthy && v.Phase == "Running" && v.Ready && !v.Terminating
		}
		if got := c.stsStatus(s); got != want {
			bad("statefulset %s: status %+v, recomputed %+v", name, got, want)
		}
		if s.deleted || s.pending || !healthy || c.store.Len() >= c.cfg.MaxPods {
			continue
		}
		var ords []int
		for o := range seen {
			ords = append(ords, o)
		}
		slices.Sort(ords)
		if len(ords) != s.spec.Replicas || (len(ords) > 0 && ords[len(ords)-1] != len(ords)-1) {
			if !c.nameHeldByOther(s) {
				bad("statefulset %s: idle with ordinals %v, want 0…%d", name, ords, s.spec.Replicas-1)
			}
			continue
		}
		if s.spec.UpdateStrategy == RollingUpdate {
			for _, i := range s.pods {
				if ord := stsOrdinal(s.spec.Name, c.podName(i)); ord >= s.spec.Partition && c.podRevision(i) != want.UpdateRevision {
					bad("statefulset %s: idle with pod %s not at the update revision", name, c.podName(i))
				}
			}
			if s.spec.Partition == 0 && s.cur != s.upd {
				bad("statefulset %s: every pod updated and ready but the current revision is not the update revision", name)
			}
		}
	}
	if free != len(c.stsFree) {
		bad("statefulsets: %d free records, %d on the free list", free, len(c.stsFree))
	}
}

// nameHeldByOther reports whether a pod that is not s's holds the name of
// one of its ordinals (the set cannot create it: FailedCreate).
func (c *Cluster) nameHeldByOther(s *stsRec) bool {
	for ord := range s.spec.Replicas {
		if i, ok := c.store.Lookup(s.ns, s.spec.Name+"-"+strconv.Itoa(ord)); ok {
			if p := c.pod(i); p.ownerKind != ownerStatefulSet || c.stss[p.ownerID] != s {
				return true
			}
		}
	}
	return false
}
