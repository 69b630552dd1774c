package timeline

import (
	"net/netip"
	"strconv"
	"strings"
	"time"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
	"github.com/svcsim/svcsim/service"
	"github.com/svcsim/svcsim/sim"
)

// state is what a pod line shows between two samples.
type state uint8

const (
	starting    state = iota // running or not, but not Ready: not in Endpoints
	ready                    // Ready: a Service endpoint
	terminating              // deleted, draining within its grace period
)

func stateOf(p pod.Pod) state {
	switch {
	case p.Terminating:
		return terminating
	case p.Ready:
		return ready
	}
	return starting
}

// span is a time range a pod spent in one state.
type span struct {
	from, to time.Time
	st       state
}

type podTrack struct {
	key, name, node string
	group           int
	ip              netip.Addr
	spans           []span
	last            time.Time // last sample that saw it
}

type svcTrack struct {
	key, name, addr string
	from, to        time.Time
}

type group struct{ key, label string }

type mark struct {
	at    time.Time
	label string
}

type conn struct {
	at   time.Time
	pod  string
	ok   bool
	node string
}

// Recorder collects samples of pods and Services over virtual time and
// renders them with WriteSVG. The zero value is not usable; call New.
type Recorder struct {
	title, subtitle string
	quiet           time.Duration
	started         bool
	start, end      time.Time
	lastSample      time.Time

	pods   []*podTrack
	podIdx map[string]int
	svcs   []*svcTrack
	svcIdx map[string]int
	groups []group
	grpIdx map[string]int
	marks  []mark
	conns  []conn
}

// New returns an empty Recorder whose picture carries title.
func New(title string) *Recorder {
	return &Recorder{title: title, podIdx: map[string]int{}, svcIdx: map[string]int{}, grpIdx: map[string]int{}}
}

// SqueezeQuiet draws every stretch longer than d in which nothing changes
// (no pod changes state, no step is marked) as if it lasted d, with a break
// on the time axis; 0, the default, draws time to scale. Use it when a
// story waits minutes (a node eviction) between busy seconds.
func (r *Recorder) SqueezeQuiet(d time.Duration) { r.quiet = d }

// SetSubtitle sets the line printed under the title.
func (r *Recorder) SetSubtitle(s string) { r.subtitle = s }

func (r *Recorder) touch(now time.Time) {
	if !r.started || now.Before(r.start) {
		r.start = now
	}
	if !r.started || now.After(r.end) {
		r.end = now
	}
	r.started = true
}

// Sample records the pods and Services as they are at now. A pod without an
// IP yet is not drawn; a pod absent from a sample has ended (its line stops
// at the last sample that saw it); between two samples a pod keeps the state
// of the earlier one. Samples must come in time order.
func (r *Recorder) Sample(now time.Time, pods []pod.Pod, svcs ...service.Service) {
	r.touch(now)
	for _, p := range pods {
		if !p.IP.IsValid() {
			continue
		}
		key := p.Key()
		st := stateOf(p)
		i, ok := r.podIdx[key]
		if !ok {
			i = len(r.pods)
			r.podIdx[key] = i
			r.pods = append(r.pods, &podTrack{key: key, name: p.Name, node: p.NodeName, ip: p.IP, group: r.groupOf(p)})
		}
		t := r.pods[i]
		if n := len(t.spans); n > 0 && t.last.Equal(r.lastSample) && r.started {
			t.spans[n-1].to = now
			if t.spans[n-1].st != st {
				t.spans = append(t.spans, span{from: now, to: now, st: st})
			}
		} else {
			t.spans = append(t.spans, span{from: now, to: now, st: st})
		}
		t.last = now
	}
	for _, s := range svcs {
		key := s.Key()
		i, ok := r.svcIdx[key]
		if !ok {
			i = len(r.svcs)
			r.svcIdx[key] = i
			r.svcs = append(r.svcs, &svcTrack{key: key, name: s.Name, addr: svcAddr(s), from: now})
		}
		r.svcs[i].to = now
	}
	r.lastSample = now
}

// Observe samples the pods of namespace matching sel and the named Services
// of c at its current virtual time.
func (r *Recorder) Observe(c *sim.Cluster, namespace string, sel selector.Selector, services ...string) {
	var svcs []service.Service
	for _, name := range services {
		if s, ok := c.Service(namespace, name); ok {
			svcs = append(svcs, s)
		}
	}
	r.Sample(c.Now(), c.Pods(namespace, sel), svcs...)
}

// Mark records a numbered step of the story at now ("scale 3 → 5").
func (r *Recorder) Mark(now time.Time, label string) {
	r.touch(now)
	r.marks = append(r.marks, mark{at: now, label: label})
}

// Conn records a connection attempt at now: ok and landing on pod
// ("namespace/name") draws a dot on that pod's line; a failure draws a
// cross on that pod's line if pod is known, else on the first Service's.
func (r *Recorder) Conn(now time.Time, pod string, ok bool) {
	r.touch(now)
	r.conns = append(r.conns, conn{at: now, pod: pod, ok: ok})
}

// Pods returns how many pod lines the picture has.
func (r *Recorder) Pods() int { return len(r.pods) }

// svcAddr is the stable front end of s as the picture labels it.
func svcAddr(s service.Service) string {
	var b strings.Builder
	switch {
	case s.Headless:
		b.WriteString("None (headless)")
	case s.ClusterIP.IsValid():
		b.WriteString(s.ClusterIP.String())
	default:
		b.WriteString("<none>")
	}
	if len(s.Ports) > 0 {
		b.WriteByte(':')
		b.WriteString(strconv.Itoa(int(s.Ports[0].Port)))
	}
	return b.String()
}

// groupOf returns the index of p's ReplicaSet (or its own, for a bare pod),
// keyed by its pod-template-hash label.
func (r *Recorder) groupOf(p pod.Pod) int {
	key, label := p.Name, p.Name
	if h := p.Labels["pod-template-hash"]; h != "" {
		key = "hash:" + h
		if i := strings.Index(p.Name, "-"+h+"-"); i >= 0 {
			label = p.Name[:i+1+len(h)]
		} else {
			label = "pod-template-hash=" + h
		}
	} else if i := strings.LastIndexByte(p.Name, '-'); i > 0 {
		key, label = "prefix:"+p.Name[:i], p.Name[:i]
	}
	if i, ok := r.grpIdx[key]; ok {
		return i
	}
	r.grpIdx[key] = len(r.groups)
	r.groups = append(r.groups, group{key: key, label: label})
	return len(r.groups) - 1
}
