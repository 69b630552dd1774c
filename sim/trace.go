package sim

// The trace: recording events as they happen and Events() reading them.

import (
	"strconv"
	"time"

	"github.com/svcsim/svcsim/sim/internal/trace"
)

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
	evReplicaSetCreated   // side: the pod-template-hash
	evScalingReplicaSet   // side: the ReplicaSet's name; a: from<<32 | to
	evServiceCreated      // side: the Service's spec (describeService)
	evServiceUpdated      // side: "<old spec> -> <new spec>"
	evDeploymentCreated   // side: the strategy; a: replicas
	evDeploymentScaled    // a: old<<32 | new spec.replicas
	evDeploymentRestarted // side: the restartedAt time
	evPodRestarted        // a: the restart count
	evPodLabelsChanged    // side: the old and the new labels
	evPodOrphaned         // side: the owner's kind and name
	evPodAdopted          // side: the owner's kind and name
	evNodeFailed          // the node events: NS is nsDefault (see nodeEvent)
	evNodeNotReady
	evNodeEvicting
	evNodeReady
)

var evKindName = [...]string{
	evPodCreatedPending:   KindPodCreated,
	evPodCreated:          KindPodCreated,
	evPodScheduled:        KindPodScheduled,
	evPodReady:            KindPodReady,
	evPodNotReady:         KindPodNotReady,
	evPodTerminating:      KindPodTerminating,
	evPodDeleted:          KindPodDeleted,
	evEndpointsUpdated:    KindEndpointsUpdated,
	evEndpointsDeleted:    KindEndpointsDeleted,
	evProxyProgrammed:     KindProxyProgrammed,
	evReplicaSetCreated:   KindReplicaSetCreated,
	evScalingReplicaSet:   KindScalingReplicaSet,
	evServiceCreated:      KindServiceCreated,
	evServiceUpdated:      KindServiceUpdated,
	evDeploymentCreated:   KindDeploymentCreated,
	evDeploymentScaled:    KindDeploymentScaled,
	evDeploymentRestarted: KindDeploymentRestarted,
	evPodRestarted:        KindPodRestarted,
	evPodLabelsChanged:    KindPodLabelsChanged,
	evPodOrphaned:         KindPodOrphaned,
	evPodAdopted:          KindPodAdopted,
	evNodeFailed:          KindNodeFailed,
	evNodeNotReady:        KindNodeNotReady,
	evNodeEvicting:        KindNodeEvicting,
	evNodeReady:           KindNodeReady,
}

// tracing reports whether events are recorded. Callers test it before
// building messages, so a cluster without a trace never formats strings.
func (c *Cluster) tracing() bool { return c.tr.On() }

// emit records an event at the current virtual time.
func (c *Cluster) emit(kind, object, msg string) {
	if !c.tr.On() {
		return
	}
	c.tr.PushStr(kind)
	c.tr.PushStr(object)
	c.tr.PushStr(msg)
	c.record(trace.Rec{Kind: evRaw, Strs: 3})
}

// emitPod records a compact event of pod i.
func (c *Cluster) emitPod(kind uint8, i int32, a int64) {
	p := c.pod(i)
	c.record(trace.Rec{Name: p.name(), NS: p.tmpl.ns, Kind: kind, A: a})
}

// nodeEvent records a compact event of node n. A node has no namespace:
// the record names the default one, which is never released, so the
// count of records naming each namespace (nsTrace) keeps no index alive.
func (c *Cluster) nodeEvent(kind uint8, n int32) {
	c.record(trace.Rec{Name: c.nodes[n].name, NS: nsDefault, Kind: kind})
}

// podAddr packs a pod's node and IP offset for evRec.a.
func podAddr(p *podRec) int64 { return int64(p.node)<<32 | int64(p.ipOff) }

// record appends r, whose side values were pushed just before, at the
// current time.
func (c *Cluster) record(r trace.Rec) {
	if !c.tr.On() {
		return
	}
	r.T = c.now
	c.traceNamed(r)
	if c.tr.Push(r) {
		c.traceDropped(c.tr.DropOldest())
	}
}

// Events returns a copy of the trace in the order the changes happened
// (virtual-time order). With Config.TraceLimit > 0 only the last
// TraceLimit events are kept; with a negative TraceLimit the trace is
// empty.
func (c *Cluster) Events() []Event {
	out := make([]Event, 0, c.tr.Len())
	if c.tr.Len() == 0 {
		return out
	}
	rd := c.tr.Reader()
	for range c.tr.Len() {
		r := rd.Next()
		e := Event{Time: Epoch.Add(time.Duration(r.T))}
		if r.Kind == evRaw {
			e.Kind, e.Object, e.Message = rd.Str(), rd.Str(), rd.Str()
			out = append(out, e)
			continue
		}
		e.Kind = evKindName[r.Kind]
		switch r.Kind {
		case evPodCreatedPending:
			e.Message = "Pending: no schedulable node"
		case evPodCreated, evPodScheduled:
			n := int32(r.A >> 32)
			e.Message = "node " + c.nodes[n].name + " ip " + c.podIPAt(n, uint32(r.A)).String()
		case evPodReady, evPodNotReady:
			e.Message = c.podIPAt(int32(r.A>>32), uint32(r.A)).String()
		case evPodTerminating:
			e.Message = rd.Str() + ", grace " + time.Duration(r.A).String()
		case evPodDeleted:
			if uint32(r.A) == 0 {
				e.Message = "object removed"
			} else {
				e.Message = "ip " + c.podIPAt(int32(r.A>>32), uint32(r.A)).String() + " released"
			}
		case evProxyProgrammed:
			e.Message = strconv.FormatInt(r.A, 10) + " ready backends"
		case evEndpointsUpdated:
			e.Message = formatEndpoints(r, &rd)
		case evReplicaSetCreated:
			e.Message = "pod-template-hash " + rd.Str()
		case evScalingReplicaSet:
			from, to := r.A>>32, r.A&(1<<32-1)
			verb := "up"
			if to < from {
				verb = "down"
			}
			e.Message = "Scaled " + verb + " replica set " + rd.Str() + " from " +
				strconv.FormatInt(from, 10) + " to " + strconv.FormatInt(to, 10)
		case evServiceCreated, evServiceUpdated:
			e.Message = rd.Str()
		case evDeploymentCreated:
			e.Message = "replicas " + strconv.FormatInt(r.A, 10) + " strategy " + rd.Str()
		case evDeploymentScaled:
			e.Message = "replicas " + strconv.FormatInt(r.A>>32, 10) + " -> " + strconv.FormatInt(r.A&(1<<32-1), 10)
		case evDeploymentRestarted:
			e.Message = "restartedAt " + rd.Str()
		case evPodRestarted:
			e.Message = "container restarted (restarts " + strconv.FormatInt(r.A, 10) + ")"
		case evPodLabelsChanged:
			e.Message = rd.Str() + " -> " + rd.Str()
		case evPodOrphaned:
			e.Message = "released by " + rd.Str() + " " + rd.Str()
		case evPodAdopted:
			e.Message = "by " + rd.Str() + " " + rd.Str()
		case evNodeFailed:
			e.Message = "stopped answering"
		case evNodeNotReady:
			e.Message = "no status for " + NodeMonitorGracePeriod.String() + "; pods marked not ready"
		case evNodeEvicting:
			e.Message = "taint node.kubernetes.io/unreachable tolerated for " + DefaultTolerationSeconds.String()
		case evNodeReady:
			e.Message = "recovered"
		}
		ns, name := c.nsNames[r.NS], r.Name
		switch r.Kind {
		case evEndpointsUpdated, evEndpointsDeleted:
			e.Object = "endpoints/" + ns + "/" + name
		case evProxyProgrammed, evServiceCreated, evServiceUpdated:
			e.Object = "service/" + ns + "/" + name
		case evReplicaSetCreated:
			e.Object = "replicaset/" + ns + "/" + name
		case evScalingReplicaSet, evDeploymentCreated, evDeploymentScaled, evDeploymentRestarted:
			e.Object = "deployment/" + ns + "/" + name
		case evNodeFailed, evNodeNotReady, evNodeEvicting, evNodeReady:
			e.Object = "node//" + name
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

func formatEndpoints(r trace.Rec, rd *trace.Reader) string {
	ready := r.A & epCountMax
	notReady := r.A >> epCountBits & epCountMax
	plus := int(r.A >> (2 * epCountBits))
	b := make([]byte, 0, 32)
	b = strconv.AppendInt(b, ready, 10)
	b = append(b, " ready"...)
	if notReady > 0 {
		b = append(b, ", "...)
		b = strconv.AppendInt(b, notReady, 10)
		b = append(b, " not ready"...)
	}
	for j := range int(r.Addrs) {
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
		a := rd.Addr()
		b = a.AppendTo(b)
	}
	if r.Addrs > 0 {
		b = append(b, ')')
	}
	return string(b)
}
