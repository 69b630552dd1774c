package sim

import (
	"net/netip"
	"strconv"
	"time"
	"unsafe"
)

// traceChunk is the block size of the event log: appending never copies
// the log, and a bounded trace reuses its blocks as a ring.
const traceChunk = 4096

// ring is a FIFO of values in fixed-size blocks: pushing never copies,
// popping the oldest value frees whole blocks as they empty.
type ring[T any] struct {
	blocks [][]T
	first  int // index of the oldest value in blocks[0]
	n      int
}

func (r *ring[T]) push(v T) {
	last := len(r.blocks) - 1
	if last < 0 || len(r.blocks[last]) == traceChunk {
		r.blocks = append(r.blocks, make([]T, 0, traceChunk))
		last++
	}
	r.blocks[last] = append(r.blocks[last], v)
	r.n++
}

// pop drops the oldest value.
func (r *ring[T]) pop() {
	var zero T
	r.blocks[0][r.first] = zero
	r.first++
	r.n--
	if r.first == traceChunk {
		r.blocks[0] = nil
		r.blocks = r.blocks[1:]
		r.first = 0
	}
}

// cursor reads a ring from its oldest value on.
type cursor[T any] struct {
	r    *ring[T]
	b, i int
}

func (r *ring[T]) cursor() cursor[T] { return cursor[T]{r: r, i: r.first} }

func (c *cursor[T]) next() T {
	blk := c.r.blocks[c.b]
	v := blk[c.i]
	c.i++
	if c.i == len(blk) {
		c.b++
		c.i = 0
	}
	return v
}

// Event kinds with a compact record; every other event is stored as
// strings (evRaw).
const (
	evRaw uint8 = iota
	evPodCreatedPending
	evPodCreated   // "node <node> ip <ip>"
	evPodScheduled // "node <node> ip <ip>"
	evPodReady     // "<ip>"
	evPodNotReady  // "<ip>"
	evPodTerminating
	evPodDeleted
	evEndpointsUpdated
	evEndpointsDeleted
	evProxyProgrammed
	evReplicaSetCreated // side: the pod-template-hash
	evScalingReplicaSet // side: the ReplicaSet's name; a: from<<32 | to
)

var evKindName = [...]string{
	evPodCreatedPending: "PodCreated",
	evPodCreated:        "PodCreated",
	evPodScheduled:      "PodScheduled",
	evPodReady:          "PodReady",
	evPodNotReady:       "PodNotReady",
	evPodTerminating:    "PodTerminating",
	evPodDeleted:        "PodDeleted",
	evEndpointsUpdated:  "EndpointsUpdated",
	evEndpointsDeleted:  "EndpointsDeleted",
	evProxyProgrammed:   "ProxyProgrammed",
	evReplicaSetCreated: "ReplicaSetCreated",
	evScalingReplicaSet: "ScalingReplicaSet",
}

// evRec is one event as recorded (packed into an evPacked): its Event is
// formatted only by Events().
// The name is shared with the object's own record; a holds the message's
// numbers (a pod's node and IP offset, a grace period, counts); strings
// and addresses of the message go to the trace's side rings, in order.
type evRec struct {
	t    int64 // virtual time
	name string
	a    int64
	ns   int32 // index in Cluster.nsNames
	kind uint8
	side uint8 // side-ring entries of this event
}

// evPacked is an evRec as stored (32 bytes): the name as a pointer and a
// length (longNameLen: the name is the event's last side string instead).
type evPacked struct {
	t    int64
	a    int64
	np   *byte
	ns   int32
	nl   uint16
	kind uint8
	side uint8
}

const longNameLen = 1<<16 - 1

// trace keeps the event log: unbounded (limit 0), the last limit events
// (limit > 0), or nothing (limit < 0).
type trace struct {
	limit int
	recs  ring[evPacked]
	strs  ring[string]     // evRaw: kind, object, message; evPodTerminating: reason
	addrs ring[netip.Addr] // evEndpointsUpdated: added then removed addresses
	ready []netip.Addr     // scratch of traceEndpoints
	plus  []netip.Addr     // scratch of traceEndpoints
	minus []netip.Addr     // scratch of traceEndpoints
}

// tracing reports whether events are recorded. Callers test it before
// building messages, so a cluster without a trace never formats strings.
func (c *Cluster) tracing() bool { return c.tr.limit >= 0 }

// emit records an event at the current virtual time.
func (c *Cluster) emit(kind, object, msg string) {
	t := &c.tr
	if t.limit < 0 {
		return
	}
	t.strs.push(kind)
	t.strs.push(object)
	t.strs.push(msg)
	c.record(evRec{kind: evRaw, side: 3})
}

// emitPod records a compact event of pod i.
func (c *Cluster) emitPod(kind uint8, i int32, a int64) {
	p := c.pod(i)
	c.record(evRec{name: p.name, ns: p.tmpl.ns, kind: kind, a: a})
}

// podAddr packs a pod's node and IP offset for evRec.a.
func podAddr(p *podRec) int64 { return int64(p.node)<<32 | int64(p.ipOff) }

// record appends r at the current time, dropping the oldest event of a
// full bounded trace.
func (c *Cluster) record(r evRec) {
	t := &c.tr
	pk := evPacked{t: c.now, a: r.a, ns: r.ns, kind: r.kind, side: r.side}
	if len(r.name) < longNameLen {
		pk.np, pk.nl = unsafe.StringData(r.name), uint16(len(r.name))
	} else {
		pk.nl = longNameLen
		t.strs.push(r.name)
	}
	t.recs.push(pk)
	if t.limit > 0 && t.recs.n > t.limit {
		old := t.recs.blocks[0][t.recs.first]
		t.recs.pop()
		if old.nl == longNameLen {
			t.strs.pop()
		}
		for range old.side {
			switch old.kind {
			case evEndpointsUpdated:
				t.addrs.pop()
			default:
				t.strs.pop()
			}
		}
	}
}

// Events returns a copy of the trace in the order the changes happened
// (virtual-time order). With Config.TraceLimit > 0 only the last
// TraceLimit events are kept; with a negative TraceLimit the trace is
// empty.
func (c *Cluster) Events() []Event {
	t := &c.tr
	out := make([]Event, 0, t.recs.n)
	if t.recs.n == 0 {
		return out
	}
	rc, sc, ac := t.recs.cursor(), t.strs.cursor(), t.addrs.cursor()
	for range t.recs.n {
		r := rc.next()
		e := Event{Time: epoch.Add(time.Duration(r.t))}
		if r.kind == evRaw {
			e.Kind, e.Object, e.Message = sc.next(), sc.next(), sc.next()
			out = append(out, e)
			continue
		}
		e.Kind = evKindName[r.kind]
		switch r.kind {
		case evPodCreatedPending:
			e.Message = "Pending: no schedulable node"
		case evPodCreated, evPodScheduled:
			n := int32(r.a >> 32)
			e.Message = "node " + c.nodes[n].name + " ip " + c.podIPAt(n, uint32(r.a)).String()
		case evPodReady, evPodNotReady:
			e.Message = c.podIPAt(int32(r.a>>32), uint32(r.a)).String()
		case evPodTerminating:
			e.Message = sc.next() + ", grace " + time.Duration(r.a).String()
		case evPodDeleted:
			if uint32(r.a) == 0 {
				e.Message = "object removed"
			} else {
				e.Message = "ip " + c.podIPAt(int32(r.a>>32), uint32(r.a)).String() + " released"
			}
		case evProxyProgrammed:
			e.Message = strconv.FormatInt(r.a, 10) + " ready backends"
		case evEndpointsUpdated:
			e.Message = formatEndpoints(r, &ac)
		case evReplicaSetCreated:
			e.Message = "pod-template-hash " + sc.next()
		case evScalingReplicaSet:
			from, to := r.a>>32, r.a&(1<<32-1)
			verb := "up"
			if to < from {
				verb = "down"
			}
			e.Message = "Scaled " + verb + " replica set " + sc.next() + " from " +
				strconv.FormatInt(from, 10) + " to " + strconv.FormatInt(to, 10)
		}
		ns := c.nsNames[r.ns]
		var name string
		if r.nl == longNameLen {
			name = sc.next()
		} else {
			name = unsafe.String(r.np, int(r.nl))
		}
		switch r.kind {
		case evEndpointsUpdated, evEndpointsDeleted:
			e.Object = "endpoints/" + ns + "/" + name
		case evProxyProgrammed:
			e.Object = "service/" + ns + "/" + name
		case evReplicaSetCreated:
			e.Object = "replicaset/" + ns + "/" + name
		case evScalingReplicaSet:
			e.Object = "deployment/" + ns + "/" + name
		default:
			e.Object = "pod/" + ns + "/" + name
		}
		out = append(out, e)
	}
	return out
}

// Packing of evEndpointsUpdated's a: ready and not-ready counts, and how
// many of the event's side addresses were added (the rest were removed).
const (
	epCountBits = 24
	epCountMax  = 1<<epCountBits - 1
)

func formatEndpoints(r evPacked, ac *cursor[netip.Addr]) string {
	ready := r.a & epCountMax
	notReady := r.a >> epCountBits & epCountMax
	plus := int(r.a >> (2 * epCountBits))
	b := make([]byte, 0, 32)
	b = strconv.AppendInt(b, ready, 10)
	b = append(b, " ready"...)
	if notReady > 0 {
		b = append(b, ", "...)
		b = strconv.AppendInt(b, notReady, 10)
		b = append(b, " not ready"...)
	}
	for j := range int(r.side) {
		if j == 0 {
			b = append(b, " ("...)
		} else {
			b = append(b, ' ')
		}
		if j < plus {
			b = append(b, '+')
		} else {
			b = append(b, '-')
		}
		a := ac.next()
		b = a.AppendTo(b)
	}
	if r.side > 0 {
		b = append(b, ')')
	}
	return string(b)
}
