package sim

// Check's bookkeeping part: allocators and internal tables hold exactly
// the live objects.

import (
	"slices"

	"github.com/svcsim/svcsim/sim/internal/podstore"
)

// checkTables verifies that the internal tables hold exactly the live
// objects: no record, index entry, key or log entry of a deleted object
// outlives what still needs it (a deleted ReplicaSet lives while it has
// terminating pods, its Deployment while it has ReplicaSets, a deleted
// Service's key while a sync of it is queued).
func (c *Cluster) checkTables(bad func(string, ...any)) {
	c.checkWorkloadTables(bad)
	c.checkServiceTables(bad)
	c.checkEnvTables(bad)
	c.checkNamespaceTables(bad)
}

// checkNamespaceTables verifies that the namespace table holds exactly the
// namespaces with objects or declared, and default: each counts its
// objects (a declaration one of them; a terminating namespace has more), every
// other index is free or kept only for the trace records that name it,
// and no record, name index or env log is kept under an index that is not
// live. The name index and the declarations are read by index, one
// lookup each: an index is live when the name index gives it back for
// its name, and the name index holds nothing else when it holds as many
// names as there are live indexes (so are the declarations, all of them
// of live indexes). It trusts the per-index counts of trace records
// (nsTrace), so that Check's cost follows the cluster's objects, not the
// length of its history; checkTraceRefs, run by the tests after every
// step, recounts them from the trace.
func (c *Cluster) checkNamespaceTables(bad func(string, ...any)) {
	n := len(c.nsNames)
	if len(c.nsCount) != n || len(c.nsTrace) != n || len(c.nsMade) != n {
		bad("namespaces: %d names, %d counts, %d trace counts, %d creation times", n, len(c.nsCount), len(c.nsTrace), len(c.nsMade))
		return
	}
	// Objects, as nsCount counts them, whether some record holds the
	// index, and whether it is live, per namespace index.
	objs, held, live := c.chk.namespaces.counts(n)
	interned, declared := 0, 0
	for i := range int32(n) {
		name := c.nsNames[i]
		if j, ok := c.nsIdx.Get(name); !ok || j != i {
			continue
		}
		live[i] = true
		interned++
		if d, ok := c.nsDecl.Get(name); ok {
			declared++
			objs[i]++
			if d.terminating && c.nsCount[i] == 1 {
				bad("namespace %s: terminating and empty, not gone", name)
			}
		}
	}
	if interned != c.nsIdx.Len() {
		for name, i := range c.nsIdx.All() {
			if int(i) >= n || c.nsNames[i] != name {
				bad("namespace %s: indexed as %d, not its name there", name, i)
			}
		}
		return
	}
	if declared != c.nsDecl.Len() {
		for name := range c.nsDecl.All() {
			if _, ok := c.nsIdx.Get(name); !ok {
				bad("namespace %s: declared, not interned", name)
			}
		}
		return
	}
	for _, d := range c.deps {
		if d != nil {
			held[d.ns] = true
			if !d.deleted {
				objs[d.ns]++
			}
		}
	}
	for _, r := range c.rss {
		if r != nil {
			held[r.tmpl.ns] = true
		}
	}
	for _, r := range c.svcs {
		if r != nil {
			objs[r.ns]++
		}
	}
	for _, s := range c.stss {
		if s != nil && !s.deleted {
			objs[s.ns]++
		}
	}
	// A namespace's live pods are its name table's: checkPods finds every
	// live pod there under its name and the tables holding as many names
	// as there are live pods.
	for i := range int32(n) {
		objs[i] += c.store.LenIn(i)
	}
	if !slices.Equal(objs, c.nsCount) {
		bad("namespaces: object counts %v, recomputed %v", c.nsCount, objs)
		return
	}
	free := 0
	for i := range int32(n) {
		name := c.nsNames[i]
		switch {
		case live[i]:
			if objs[i] == 0 && i != nsDefault {
				bad("namespace %s: kept without objects", name)
			}
			continue
		case name == "":
			free++
			if !slices.Contains(c.nsFree, i) {
				bad("namespace index %d: neither named nor free", i)
			}
		case c.nsTrace[i] == 0:
			bad("namespace %s: released, its index %d neither free nor named by the trace", name, i)
		}
		if objs[i] > 0 || held[i] {
			bad("namespace %s: has objects or records but is not in the namespace table", name)
		}
		if c.store.HasNS(i) || int(i) < len(c.env.ns) && (c.env.ns[i].entries != nil || c.env.ns[i].refs != nil) {
			bad("namespace %s: released but its pod name index or env log is kept", name)
		}
	}
	if free != len(c.nsFree) {
		bad("namespaces: %d indexes, %d free, free list %v", n, free, c.nsFree)
	}
}

// nsCounts is storage for a count and two flags per namespace index.
type nsCounts struct {
	objs       []int
	held, live []bool
}

// counts returns n zero counts and two sets of n false flags, in s's
// storage.
func (s *nsCounts) counts(n int) ([]int, []bool, []bool) {
	s.objs = slices.Grow(s.objs[:0], n)[:n]
	s.held, s.live = slices.Grow(s.held[:0], n)[:n], slices.Grow(s.live[:0], n)[:n]
	clear(s.objs)
	clear(s.held)
	clear(s.live)
	return s.objs, s.held, s.live
}

// checkWorkloadTables verifies the Deployment and ReplicaSet records and
// their indexes. An index is read entry by entry: each entry must name a
// record under that record's own key, no record twice, and there must be
// as many entries as records to index, so that every record is found
// under its key (without a lookup per record).
func (c *Cluster) checkWorkloadTables(bad func(string, ...any)) {
	free, named, listed := 0, 0, 0
	// Whether a Deployment lists the ReplicaSet, by id: one listed twice
	// is found there.
	seen := slices.Grow(c.chk.rsListed[:0], len(c.rss))[:len(c.rss)]
	clear(seen)
	c.chk.rsListed = seen
	for id, d := range c.deps {
		if d == nil {
			free++
			continue
		}
		listed += len(d.rss)
		if d.deleted {
			if len(d.rss) == 0 {
				bad("deployment %s: deleted, without ReplicaSets, still stored", d.name)
			}
		} else {
			named++
		}
		for _, rs := range d.rss {
			if r := at(c.rss, rs); r == nil || r.dep != int32(id) || seen[rs] {
				bad("deployment %s: ReplicaSet %d freed, not its own or listed twice", d.name, rs)
				continue
			}
			seen[rs] = true
		}
	}
	for k, id := range c.depByName.All() {
		if d := at(c.deps, id); d == nil || d.deleted || d.name != k.name || d.spec.Namespace != k.ns {
			bad("deployment %s/%s: indexed by name as record %d, not its own", k.ns, k.name, id)
		}
	}
	if free != len(c.depFree) || named != c.depByName.Len() {
		bad("deployments: %d slots, %d free, free list %d, %d by name", len(c.deps), free, len(c.depFree), c.depByName.Len())
	}
	free, named = 0, 0
	live := 0
	for _, r := range c.rss {
		if r == nil {
			free++
			continue
		}
		live++
		if r.deleted {
			if len(r.pods) == 0 {
				bad("replicaset %s: deleted, without pods, still stored", r.name)
			}
		} else {
			named++
		}
	}
	for k, id := range c.rsByName.All() {
		if r := at(c.rss, id); r == nil || r.deleted || r.name != k.name || c.nsNames[r.tmpl.ns] != k.ns {
			bad("replicaset %s/%s: indexed by name as record %d, not its own", k.ns, k.name, id)
		}
	}
	hashed := 0
	for k, l := range c.rsByHash.All() {
		for j, id := range l {
			if r := at(c.rss, id); r == nil || r.tmpl.ns != k.ns || r.hash != k.hash || slices.Contains(l[:j], id) {
				bad("replicasets: record %d indexed by hash %s, not its own or twice", id, k.hash)
			}
		}
		hashed += len(l)
	}
	if free != len(c.rsFree) || named != c.rsByName.Len() || hashed != live || listed != live {
		bad("replicasets: %d live, %d free (list %d), %d/%d named, %d by hash, %d listed by deployments", live, free,
			len(c.rsFree), named, c.rsByName.Len(), hashed, listed)
	}
	slots := c.store.Slots()
	if _, _, free, blocks := c.store.Counts(); int(slots)-free != c.store.Len() ||
		blocks != podstore.BlocksFor(slots) {
		bad("pods: %d slots in %d blocks - %d free != %d live", slots, blocks, free, c.store.Len())
	}
}

// at returns s[id], nil when id is out of range.
func at[T any](s []*T, id int32) *T {
	if id < 0 || int(id) >= len(s) {
		return nil
	}
	return s[id]
}

func (c *Cluster) checkServiceTables(bad func(string, ...any)) {
	free := 0
	for id, k := range c.svcKeys {
		switch {
		case c.svcs[id] != nil:
			if c.svcKeyID.Value(k) != int32(id) {
				bad("service %s: key not interned", k)
			}
		case slices.Contains(c.keyFree, int32(id)):
			free++
		case !c.marks[id].gone || c.svcKeyID.Value(k) != int32(id):
			bad("service key %d (%s): neither live, free nor waiting for its syncs", id, k)
		}
	}
	if free != len(c.keyFree) || c.svcKeyID.Len() != len(c.svcKeys)-free {
		bad("service keys: %d, %d free (list %d), %d interned", len(c.svcKeys), free, len(c.keyFree), c.svcKeyID.Len())
	}
	if c.q.Len() == 0 && len(c.svcGone) > 0 {
		bad("service keys: %d deleted Services kept with no sync queued", len(c.svcGone))
	}
	queued := 0
	for id, r := range c.svcs {
		if r != nil && r.lbQueued {
			queued++
			if _, pending := c.lbPool(r.svc.LoadBalancerClass); pending == nil || !slices.Contains(*pending, int32(id)) {
				bad("service %s: marked as waiting for a load-balancer address, not queued", r.svc.Key())
			}
		}
	}
	if queued != c.lbWaiting() {
		bad("load-balancer queues: %d entries, %d services waiting", c.lbWaiting(), queued)
	}
}

// checkEnvTables checks the running-container counts behind the env logs
// and that no log grew beyond its amortized bound: twice what its readers
// needed at its last compaction, plus envCompactSlack. The running
// containers' log positions are recounted by sorting them (Check's
// storage): a run of one position is one reader entry of its namespace's
// log, its length the count.
func (c *Cluster) checkEnvTables(bad func(string, ...any)) {
	rs := c.chk.envReaders[:0]
	for i, p := range c.store.All() {
		if !p.has(fLive) || !p.has(fRunning) {
			continue
		}
		if int(p.tmpl.ns) >= len(c.env.ns) {
			bad("pod %s: namespace without an env log", c.podRef(i))
			continue
		}
		rs = append(rs, envReaderOf(p.tmpl.ns, p.envSeq))
	}
	slices.Sort(rs)
	c.chk.envReaders = rs
	for ns := range c.env.ns {
		l := &c.env.ns[ns]
		n := 0
		for n < len(rs) && rs[n].ns() == int32(ns) {
			n++
		}
		if !countsReaders(l.refs, rs[:n]) {
			bad("namespace %s: env readers %v, recomputed %v", c.nsNames[ns], l.refs, readerCounts(rs[:n]))
		}
		rs = rs[n:]
		if len(l.entries) > 2*l.compacted+envCompactSlack {
			bad("namespace %s: env log of %d entries, %d at the last compaction", c.nsNames[ns], len(l.entries), l.compacted)
		}
	}
	if m := &c.env.master; len(m.entries) > 2*m.compacted+envCompactSlack {
		bad("env log of default/kubernetes: %d entries, %d at the last compaction", len(m.entries), m.compacted)
	}
}

// envReader is a running container's position in its namespace's env
// log, the namespace index in the high half and the generation it
// started at in the low one: readers sort by namespace, then generation.
type envReader uint64

func envReaderOf(ns int32, seq uint32) envReader {
	return envReader(uint64(uint32(ns))<<32 | uint64(seq))
}

func (r envReader) ns() int32   { return int32(r >> 32) }
func (r envReader) seq() uint32 { return uint32(r) }

// countsReaders reports whether refs holds exactly the readers rs (one
// namespace's, sorted): one entry per generation, in order, its count.
func countsReaders(refs []envReaders, rs []envReader) bool {
	entries := 0
	for k := 0; k < len(rs); entries++ {
		j := k + 1
		for j < len(rs) && rs[j] == rs[k] {
			j++
		}
		if entries >= len(refs) || refs[entries] != (envReaders{seq: rs[k].seq(), n: int32(j - k)}) {
			return false
		}
		k = j
	}
	return entries == len(refs)
}

// readerCounts is the refs readers rs (sorted) make, for a message.
func readerCounts(rs []envReader) []envReaders {
	var out []envReaders
	for _, r := range rs {
		if n := len(out); n > 0 && out[n-1].seq == r.seq() {
			out[n-1].n++
		} else {
			out = append(out, envReaders{seq: r.seq(), n: 1})
		}
	}
	return out
}
