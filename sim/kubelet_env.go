package sim

// The service environment variables the kubelet gives a container at each
// start (kubernetes pkg/kubelet/kubelet_pods.go, getServiceEnvVarMap), kept
// as a compacted per-namespace log of Service changes.

import (
	"maps"
	"slices"
	"strings"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/service"
)

// The kubelet computes a container's service env vars when it starts
// (kubelet getServiceEnvVarMap) from the Services that exist then. The
// cluster does not store variables per pod: it keeps, per namespace, a log
// of Service changes stamped with a global generation (envSeq), and a pod
// remembers the generation at its container's last start. The log is
// compacted so that it holds only what a live container (or one started
// from now on) can need: it never grows with churn alone.

// envEntry records a Service change of one namespace for the kubelet's
// env vars: a pod keeps the generation at its container's last start and
// its variables are derived from the services that existed then.
type envEntry struct {
	seq  uint32
	name string
	svc  *service.Service // nil: deleted; shared with the store, never changed
}

// envLog is one log of Service changes with the generations its readers
// (running containers) hold.
type envLog struct {
	entries   []envEntry
	compacted int          // length after the last compaction
	refs      []envReaders // by ascending generation (namespace logs only)
}

// envReaders counts the running containers of a namespace started at one
// generation. A container starts at the latest generation, so a
// namespace's counts are appended in order and stay few: one per Service
// change that running containers straddle.
type envReaders struct {
	seq uint32
	n   int32
}

// envState holds the namespace logs (by namespace index) and the log of
// default/kubernetes, which containers of every namespace see.
type envState struct {
	ns     []envLog
	master envLog
}

// envCompactSlack is the growth a log may have beyond twice its compacted
// length before it is compacted again (amortized O(1) per change).
const envCompactSlack = 64

func (c *Cluster) envNS(ns int32) *envLog {
	for int(ns) >= len(c.env.ns) {
		c.env.ns = append(c.env.ns, envLog{})
	}
	return &c.env.ns[ns]
}

// Room of a namespace log's first entries and reader counts: a small
// cluster's namespaces log one or two Services each (default/kubernetes
// and the user's, kube-system/kube-dns), and their running containers
// straddle few changes. Beyond it the slices grow as append grows them.
const (
	envFirstEntries = 2
	envFirstRefs    = 2
)

// reserve gives a namespace log that holds nothing yet (new, or reset when
// its namespace was released) room for its first entries and reader
// counts, in one allocation: its first Service change or container start
// soon needs both.
func (l *envLog) reserve() {
	if l.entries == nil && l.refs == nil {
		first := new(struct {
			entries [envFirstEntries]envEntry
			refs    [envFirstRefs]envReaders
		})
		l.entries, l.refs = first.entries[:0], first.refs[:0]
	}
}

// logEnv records a change of Service ns/name (s nil: deleted).
func (c *Cluster) logEnv(ns int32, name string, s *service.Service) {
	c.envSeq++
	e := envEntry{seq: c.envSeq, name: name, svc: s}
	l := c.envNS(ns)
	l.reserve()
	l.entries = append(l.entries, e)
	if len(l.entries) > 2*l.compacted+envCompactSlack {
		c.compactEnvNS(ns)
	}
	if name == service.MasterServiceName && c.nsNames[ns] == pod.DefaultNamespace {
		m := &c.env.master
		m.entries = append(m.entries, e)
		if len(m.entries) > 2*m.compacted+envCompactSlack {
			c.compactEnvMaster()
		}
	}
}

// compactEnvNS drops what no reader of namespace ns's log needs.
func (c *Cluster) compactEnvNS(ns int32) {
	l := c.envNS(ns)
	l.entries = compactEnv(l.entries, appendSeqs(nil, l.refs))
	l.compacted = len(l.entries)
}

// compactEnvMaster drops what no reader of default/kubernetes's log needs.
func (c *Cluster) compactEnvMaster() {
	m := &c.env.master
	m.entries = compactEnv(m.entries, c.masterReaders())
	m.compacted = len(m.entries)
}

// masterReaders returns the generations held by running containers outside
// the default namespace (those of the default namespace read its own log).
func (c *Cluster) masterReaders() []uint32 {
	var seqs []uint32
	for ns := range c.env.ns {
		if c.nsNames[ns] != pod.DefaultNamespace {
			seqs = appendSeqs(seqs, c.env.ns[ns].refs)
		}
	}
	slices.Sort(seqs)
	return slices.Compact(seqs)
}

// appendSeqs appends the generations of refs to dst (in refs' order).
func appendSeqs(dst []uint32, refs []envReaders) []uint32 {
	for _, r := range refs {
		dst = append(dst, r.seq)
	}
	return dst
}

// envRef counts (delta 1) or uncounts (delta -1) a running container of
// namespace ns started at generation seq.
func (c *Cluster) envRef(ns int32, seq uint32, delta int32) {
	l := c.envNS(ns)
	l.reserve()
	// The counts are in generation order and a container starts at the
	// latest generation: look from the end.
	i := len(l.refs)
	for i > 0 && l.refs[i-1].seq >= seq {
		i--
	}
	if i == len(l.refs) || l.refs[i].seq != seq {
		l.refs = slices.Insert(l.refs, i, envReaders{seq: seq}) // at the end when starting
	}
	if l.refs[i].n += delta; l.refs[i].n == 0 {
		l.refs = slices.Delete(l.refs, i, i+1)
	}
}

// compactEnv returns log compacted for readers at generations seqs
// (sorted) and for containers started from now on (which read it all).
// Between two consecutive reader generations only the last change of each
// name matters, and a deletion of a name absent at the start of the
// interval changes nothing: a reader replaying the result up to its
// generation gets the same Services as from the full log.
func compactEnv(log []envEntry, seqs []uint32) []envEntry {
	present := map[string]bool{}
	last := map[string]int{}
	var out []envEntry
	var keep []int
	start := 0
	for start < len(log) {
		// The interval of entries up to the next reader generation.
		end := len(log)
		if k, _ := slices.BinarySearch(seqs, log[start].seq); k < len(seqs) {
			end = start
			for end < len(log) && log[end].seq <= seqs[k] {
				end++
			}
		}
		clear(last)
		for i := start; i < end; i++ {
			last[log[i].name] = i
		}
		keep = keep[:0]
		for _, i := range last {
			e := log[i]
			if e.svc != nil || present[e.name] {
				keep = append(keep, i)
			}
		}
		slices.Sort(keep)
		for _, i := range keep {
			out = append(out, log[i])
			present[log[i].name] = log[i].svc != nil
		}
		start = end
	}
	return out
}

// envFor returns the service env vars of a container of namespace ns
// started at service generation seq (kubelet getServiceEnvVarMap): from
// the namespace's Services with a cluster IP then, and default/kubernetes
// unless one of them has its name (getServiceEnvVarMap, as
// service.ServicesForPod chooses), in name order.
func (c *Cluster) envFor(ns int32, seq uint32) map[string]string {
	// The namespace's Services at generation seq: the last entry of each
	// name up to seq (nil when deleted), found by a stable sort by name.
	var ebuf [8]envEntry // on the stack: most namespaces log few changes
	entries := ebuf[:0]
	for _, e := range c.envNS(ns).entries {
		if e.seq > seq {
			break
		}
		entries = append(entries, e)
	}
	slices.SortStableFunc(entries, func(a, b envEntry) int { return strings.Compare(a.name, b.name) })
	var buf [4]*service.Service // on the stack: most pods see few Services
	svcs := buf[:0]
	var nsMaster *service.Service
	for i, e := range entries {
		if i+1 < len(entries) && entries[i+1].name == e.name {
			continue // changed again later
		}
		if e.name == service.MasterServiceName {
			nsMaster = e.svc
		}
		if hasClusterIP(e.svc) {
			svcs = append(svcs, e.svc)
		}
	}
	if c.nsNames[ns] != pod.DefaultNamespace && !hasClusterIP(nsMaster) {
		var master *service.Service
		for _, e := range c.env.master.entries {
			if e.seq > seq {
				break
			}
			master = e.svc
		}
		if hasClusterIP(master) {
			svcs = append(svcs, master)
			slices.SortFunc(svcs, func(a, b *service.Service) int { return strings.Compare(a.Name, b.Name) })
		}
	}
	return service.EnvVarsOf(svcs)
}

// envsBuilt holds the env vars one call that copies many pods has built,
// by namespace and start generation: pods started between the same two
// Service changes see the same variables, whose text is built once (each
// pod gets a map of its own). Nil builds every time.
type envsBuilt map[envStart]map[string]string

type envStart struct {
	ns  int32
	seq uint32
}

// env returns the env vars of a container of namespace ns started at
// generation seq (envFor), a copy when m has built them already.
func (m envsBuilt) env(c *Cluster, ns int32, seq uint32) map[string]string {
	if m == nil {
		return c.envFor(ns, seq)
	}
	k := envStart{ns, seq}
	if env, ok := m[k]; ok {
		return maps.Clone(env)
	}
	env := c.envFor(ns, seq)
	m[k] = env
	return env
}

// hasClusterIP reports whether s exists and gives env vars by its cluster
// IP (neither headless nor without one).
func hasClusterIP(s *service.Service) bool {
	return s != nil && s.ClusterIP.IsValid() && !s.Headless
}
