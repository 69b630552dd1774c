package sim

// Namespaces: interned as small indexes while they hold objects, released
// with their last object so that a namespace per test case costs nothing
// once its objects are gone.

import "github.com/svcsim/svcsim/sim/internal/trace"

// A namespace exists while it holds objects (pods, Services,
// Deployments; a ReplicaSet lives only with its Deployment or its pods),
// as cluster DNS sees it, and default always; a declared namespace (a
// Namespace object, api_namespaces.go) counts as one object of its own,
// so it exists until it is deleted. Records hold a namespace as
// its index; per-namespace state (the pods' name index, the env log) lives
// by index. When the last object goes, the namespace is released: its
// name leaves nsIdx and its state is dropped. The trace also names
// namespaces by index, formatted only when read, so a released index
// stays reserved for its name while a kept trace record names it
// (nsTrace), and is reused only after the last such record is dropped.
// Free indexes are reused last freed first: the same calls give the same
// indexes.

// nsDefault is the index of the default namespace, interned first and
// never released.
const nsDefault int32 = 0

// namespace returns the index of a namespace, interning it on first use
// (an object is about to be added to it).
func (c *Cluster) namespace(ns string) int32 {
	if i, ok := c.nsIdx.Get(ns); ok {
		return i
	}
	var i int32
	if n := len(c.nsFree); n > 0 {
		i = c.nsFree[n-1]
		c.nsFree = c.nsFree[:n-1]
		c.nsNames[i] = ns
		c.nsMade[i] = c.now
	} else {
		i = int32(len(c.nsNames))
		c.nsNames = append(c.nsNames, ns)
		c.nsCount = append(c.nsCount, 0)
		c.nsTrace = append(c.nsTrace, 0)
		c.nsMade = append(c.nsMade, c.now)
	}
	c.nsIdx.Set(ns, i)
	if c.watched != 0 {
		c.watchNamespace(ns)
	}
	return i
}

// nsLive reports whether index i is interned (not released).
func (c *Cluster) nsLive(i int32) bool {
	j, ok := c.nsIdx.Get(c.nsNames[i])
	return ok && j == i
}

// releaseNS releases namespace ns if its last object is gone: call it
// once a call is done with a namespace whose count dropped.
func (c *Cluster) releaseNS(ns int32) {
	if ns == nsDefault || !c.nsLive(ns) {
		return // default is never released nor terminating (immortalNamespace)
	}
	if c.nsDecl.Value(c.nsNames[ns]).terminating && c.nsCount[ns] == 1 {
		c.finishNS(ns) // its last object is gone: the declaration goes too
	}
	if c.nsCount[ns] > 0 {
		return
	}
	name := c.nsNames[ns]
	c.nsIdx.Delete(name)
	if c.watched != 0 {
		c.watchNamespace(name)
	}
	if int(ns) < len(c.env.ns) {
		c.env.ns[ns] = envLog{}
	}
	c.store.DropNS(ns)
	if c.nsTrace[ns] == 0 {
		c.freeNS(ns)
	}
}

// freeNS makes the index of a released namespace free for reuse.
func (c *Cluster) freeNS(ns int32) {
	c.nsNames[ns] = ""
	c.nsFree = append(c.nsFree, ns)
}

// traceNamed counts a trace record naming a namespace (a compact one).
func (c *Cluster) traceNamed(r trace.Rec) {
	if r.Kind != evRaw {
		c.nsTrace[r.NS]++
	}
}

// traceDropped is given each record the bounded trace drops (record): the last
// record naming a released namespace frees its index.
func (c *Cluster) traceDropped(r trace.Rec) {
	if r.Kind == evRaw {
		return
	}
	if c.nsTrace[r.NS]--; c.nsTrace[r.NS] == 0 && !c.nsLive(r.NS) {
		c.freeNS(r.NS)
	}
}
