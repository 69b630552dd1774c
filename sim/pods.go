package sim

// Pod records in the pod store and their materialisation as pod.Pod values.

import (
	"encoding/binary"
	"maps"
	"slices"
	"time"

	"github.com/google/uuid"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
)

// template is what pods of one ReplicaSet (or one bare pod) share: the
// namespace, the template labels, containers and their ports (all treated
// as immutable once shared), the readiness delay and the grace period.
type template struct {
	ns         int32
	labels     selector.Set
	containers []pod.Container
	ports      []pod.ContainerPort // the containers' ports (pod.ContainersPorts)
	readyAfter time.Duration
	grace      time.Duration
	tolerCP    bool // tolerates node-role.kubernetes.io/control-plane:NoSchedule (coredns)
	crashLoop  bool // new pods' containers exit at each start
	// hostname and subdomain are the pods' spec.hostname and
	// spec.subdomain; hostIsName gives each pod its own name as hostname
	// (a StatefulSet's pods).
	hostname, subdomain string
	hostIsName          bool
}

// Pod state flags.
const (
	fLive        uint8 = 1 << iota // the slot holds a pod object
	fRunning                       // scheduled and started (has an IP)
	fReady                         // the Ready condition
	fTerminating                   // deletionTimestamp set
	fDown                          // the container has exited and is not running (yet)
	fBackOff                       // fDown, and the kubelet waits out a CrashLoopBackOff delay
	fExited                        // the container exited at least once: lastExit is set
	fCrashLoop                     // the container exits at the instant it starts
)

// podRec is a pod inside the cluster: 80 bytes, no per-pod maps, one
// string. Its place in its node's pod list is found by a scan (at most
// MaxPodsPerNode entries), its name index entry by rehashing its name.
// Labels, ports and timings are the template's (a relabelled pod gets a
// template of its own). Its one string is its key, "namespace/name", the
// name its tail (name): the endpoints controller's record keeps the same
// string (SetPodKeyed), so a pod's name is allocated once. Nothing else
// reads the key's namespace part, which SetPodKeyed checks.
type podRec struct {
	key       string
	tmpl      *template
	created   int64  // virtual time of creation
	readyAt   int64  // virtual time the pod last became ready; once terminating, the end of its grace period
	ownerID   int32  // the owner of kind ownerKind, -1 for bare and orphaned pods
	node      int32  // -1 until scheduled
	ownerPos  int32  // index in the owner's pod list
	ipOff     uint32 // IP as offset in the node's pod CIDR; 0: none
	serial    uint32 // creation serial: the UID derives from it
	life      uint32
	rgen      uint32 // readiness generation: stale readiness timers are ignored
	envSeq    uint32 // service generation at the container's last start
	restarts  int32
	flags     uint8
	ownerKind ownerKind // ownerNone for bare and orphaned pods
	nameAt    uint8     // where the name starts in key: after the namespace (at most 63 bytes) and "/"
}

// name returns the pod's name.
func (p *podRec) name() string { return p.key[p.nameAt:] }

// kubeletRec is the kubelet's state of a pod that most pods never need,
// kept beside the record (Cluster.kubeletRecs, by pod slot) from the
// container's first exit until the slot is freed: the crash back-off
// entry for the container (client-go flowcontrol.Backoff), its level (0:
// none; n: 10 s << (n-1), capped at 300 s) and the time of the restart
// decision that set it (lastUpdate); lastExit is the container's last
// finishedAt. Once the pod is terminating no container restarts, and
// lastUpdate holds the deletion's start; a pod deleted with its
// template's grace period and no exit has no record, its deletion's start
// being its deadline (readyAt) minus that period (deletionStart).
type kubeletRec struct {
	backoff    uint8
	lastUpdate int64
	lastExit   int64
}

func (p *podRec) has(f uint8) bool { return p.flags&f != 0 }

// shorthandContainer is the name of the one container of a pod or
// Deployment given only Ports.
const shorthandContainer = "app"

// newTemplateContainers returns a template's containers and their ports:
// cs (already validated and defaulted), or for the shorthand nil (one
// container "app", made when asked for: apiContainers) and ports.
func newTemplateContainers(cs []pod.Container, ports []pod.ContainerPort) ([]pod.Container, []pod.ContainerPort) {
	if len(cs) == 0 {
		return nil, ports
	}
	return cs, pod.ContainersPorts(cs)
}

// apiContainers returns a copy of the template's containers, the
// shorthand's one container "app" included.
func (t *template) apiContainers() []pod.Container {
	if len(t.containers) == 0 {
		return []pod.Container{{Name: shorthandContainer, Ports: slices.Clone(t.ports)}}
	}
	return pod.CloneContainers(t.containers)
}

// containerName is the name of the container the crash model restarts:
// the pod's first.
func (t *template) containerName() string {
	if len(t.containers) == 0 {
		return shorthandContainer
	}
	return t.containers[0].Name
}

func (p *podRec) set(f uint8, on bool) {
	if on {
		p.flags |= f
	} else {
		p.flags &^= f
	}
}

// pod returns the record in slot i.
func (c *Cluster) pod(i int32) *podRec { return c.store.At(i) }

// podName returns the name of the pod in slot i.
func (c *Cluster) podName(i int32) string { return c.pod(i).name() }

func (c *Cluster) podNS(i int32) string { return c.nsNames[c.pod(i).tmpl.ns] }

// podRef returns "namespace/name".
func (c *Cluster) podRef(i int32) string { return c.podNS(i) + "/" + c.podName(i) }

// podObj returns "pod/namespace/name" for the trace.
func (c *Cluster) podObj(i int32) string { return "pod/" + c.podNS(i) + "/" + c.podName(i) }

// lookupPod finds a live pod by namespace (already defaulted) and name.
func (c *Cluster) lookupPod(ns, name string) (int32, bool) {
	nsi, ok := nsDefault, ns == pod.DefaultNamespace // interned first, never released
	if !ok {
		nsi, ok = c.nsIdx.Get(ns)
	}
	if !ok {
		return -1, false
	}
	return c.store.Lookup(nsi, name)
}

// podValue materializes the pod in slot i. Labels, Ports and Containers are
// shared with the store (Containers nil for the Ports shorthand): callers
// outside the cluster must get a clone (apiPod).
func (c *Cluster) podValue(i int32) pod.Pod {
	p := c.pod(i)
	v := c.endpointsView(i)
	v.Containers = p.tmpl.containers
	v.CreationTimestamp = Epoch.Add(time.Duration(p.created))
	v.RestartCount = p.restarts
	if p.has(fTerminating) {
		v.DeletionTimestamp = Epoch.Add(time.Duration(p.readyAt))
		v.DeletionGracePeriod = time.Duration(p.readyAt - c.deletionStart(i))
	}
	if p.has(fExited) {
		v.LastTerminationTime = Epoch.Add(time.Duration(c.kubeletRecs[i].lastExit))
	}
	v.ContainerReason = p.containerReason()
	return v
}

// phase is the pod's phase: Running once its container has started,
// Pending before.
func (p *podRec) phase() pod.Phase {
	if p.has(fRunning) {
		return pod.Running
	}
	return pod.Pending
}

// containerReason is why the pod's container is not running:
// CrashLoopBackOff while the kubelet backs off, Error once it exited, ""
// while it runs.
func (p *podRec) containerReason() string {
	switch {
	case p.has(fBackOff):
		return pod.ReasonCrashLoopBackOff
	case p.has(fDown):
		return pod.ReasonError
	}
	return ""
}

// endpointsView is the part of pod i that the endpoints and EndpointSlice
// controllers read (kubernetes staging/src/k8s.io/endpointslice/utils.go
// podToEndpoint, pkg/controller/endpoint/endpoints_controller.go
// podToEndpointAddressForService, pkg/api/v1/pod FindPort):
// namespace, name, UID, labels, node, IP, ports, phase, readiness,
// deletion, hostname and subdomain. Every pod event hands it to the
// controller; podValue adds the rest (containers, timestamps, restarts,
// the container's state).
func (c *Cluster) endpointsView(i int32) pod.Pod {
	var v pod.Pod
	c.fillEndpointsView(&v, i)
	return v
}

// fillEndpointsView sets the fields of endpointsView(i) in v, a zero
// pod: where a list of views is built, each is written in place.
func (c *Cluster) fillEndpointsView(v *pod.Pod, i int32) {
	p := c.pod(i)
	v.Namespace, v.Name, v.UID = c.nsNames[p.tmpl.ns], p.name(), c.uidOf(p)
	v.Labels, v.Ports = p.tmpl.labels, p.tmpl.ports
	v.NodeName, v.IP, v.Phase = c.nodeName(p.node), c.ipOf(p), p.phase()
	v.Ready, v.Terminating = p.has(fReady), p.has(fTerminating)
	v.Hostname, v.Subdomain = p.tmpl.hostname, p.tmpl.subdomain
	if p.tmpl.hostIsName {
		v.Hostname = p.name()
	}
}

// apiPod is podValue deep-copied, with the container's service env vars.
func (c *Cluster) apiPod(i int32) pod.Pod {
	return c.listPod(i, nil)
}

// listPod is apiPod for a call that copies many pods: envs, when not nil,
// holds the env vars already built in this call, by namespace and start
// generation, and takes those this pod's build.
func (c *Cluster) listPod(i int32, envs envsBuilt) pod.Pod {
	v := c.podValue(i)
	v.Labels = maps.Clone(v.Labels)
	v.Ports = slices.Clone(v.Ports)
	v.Containers = c.pod(i).tmpl.apiContainers()
	v.IPs = c.podIPs(i)
	if p := c.pod(i); p.has(fRunning) {
		v.Env = envs.env(c, p.tmpl.ns, p.envSeq)
	}
	return v
}

// appendPodViews appends every live pod as the endpoints controllers see
// it (endpointsView: shared labels and ports) to dst, for Check.
func (c *Cluster) appendPodViews(dst []pod.Pod) []pod.Pod {
	for i, p := range c.store.All() {
		if p.has(fLive) {
			dst = append(dst, pod.Pod{})
			c.fillEndpointsView(&dst[len(dst)-1], i)
		}
	}
	return dst
}

// podUID returns pod i's UID: a version-4 UUID drawn from the UID stream
// keyed by the pod's creation serial (a SplitMix64 of seed and serial), so
// the pod need not store 16 bytes and UIDs stay seeded and reproducible.
func (c *Cluster) podUID(i int32) uuid.UUID { return c.uidOf(c.pod(i)) }

// uidOf is podUID of the pod of record p.
func (c *Cluster) uidOf(p *podRec) uuid.UUID {
	x := c.uidSeed + uint64(p.serial)*0x9e3779b97f4a7c15
	var u uuid.UUID
	binary.LittleEndian.PutUint64(u[0:8], splitmix(&x))
	binary.LittleEndian.PutUint64(u[8:16], splitmix(&x))
	u[6] = u[6]&0x0f | 0x40
	u[8] = u[8]&0x3f | 0x80
	return u
}

func splitmix(x *uint64) uint64 {
	*x += 0x9e3779b97f4a7c15
	z := *x
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	return z ^ z>>31
}
