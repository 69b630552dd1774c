package htmlview

import (
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"strings"
	"time"

	"github.com/svcsim/svcsim/endpoints"
	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/service"
	"github.com/svcsim/svcsim/sim"
)

// DefaultMaxBytes bounds the recorded history when Options.MaxBytes is 0.
const DefaultMaxBytes = 4 << 20

// Options tunes a Recorder.
type Options struct {
	Title string // the page's title; "svcsim timeline" when empty
	// MaxBytes bounds the encoded changes, markers and connections the
	// page keeps (0: DefaultMaxBytes); older instants are folded into the
	// starting state. It must be at least 4096.
	MaxBytes int
}

// change is one object's new state at an instant; Obj is nil when it is
// gone.
type change struct {
	frame     int
	kind, key string
	obj       json.RawMessage
}

type marker struct {
	frame int
	label string
}

type connRec struct {
	frame          int
	target, pod    string
	errText        string
	count          int
	ok             bool
	bytes          int // counted once, when recorded
	node, endpoint string
}

// Recorder follows a cluster from New until Close and writes what it saw
// with Write. The zero value is not usable; call New.
type Recorder struct {
	c        *sim.Cluster
	title    string
	maxBytes int
	stops    []func()

	start  time.Time       // when the recording started
	frames []time.Duration // since start; frames[i] is instant i, increasing
	folded bool            // instants before frames[0] were folded into base

	// shown is the last state recorded of every live object, by kind and
	// key, encoded; base is the state before the changes of instant 0.
	shown   map[string]map[string]json.RawMessage
	base    map[string]map[string]json.RawMessage
	changes []change
	marks   []marker
	conns   []connRec
	bytes   int // encoded size of changes, marks and conns kept

	// The connections of the latest instant with connections, by outcome:
	// their index in conns.
	connFrame int
	connAt    map[connKey]int
}

type connKey struct {
	target, pod, errText, node, endpoint string
	ok                                   bool
}

// watched are the kinds the page shows, in the order New subscribes.
var watched = []sim.WatchKind{sim.WatchNodes, sim.WatchServices, sim.WatchPods, sim.WatchEndpoints, sim.WatchProxy}

// New attaches a Recorder to c: it takes the cluster's current objects as
// the page's starting state and records every change from now on. Call
// it before the scenario runs, not from a watch callback.
func New(c *sim.Cluster, opts Options) (*Recorder, error) {
	if c == nil {
		return nil, errors.New("htmlview: nil cluster")
	}
	switch {
	case opts.MaxBytes == 0:
		opts.MaxBytes = DefaultMaxBytes
	case opts.MaxBytes < 4096:
		return nil, fmt.Errorf("htmlview: MaxBytes %d: must be at least 4096", opts.MaxBytes)
	}
	if opts.Title == "" {
		opts.Title = "svcsim timeline"
	}
	r := &Recorder{c: c, title: opts.Title, maxBytes: opts.MaxBytes, start: c.Now(),
		frames: []time.Duration{0}, shown: map[string]map[string]json.RawMessage{}, connFrame: -1}
	for _, k := range watched {
		stop, err := c.Watch(k, sim.WatchOptions{Replay: true}, r.observe)
		if err != nil {
			r.Close()
			return nil, fmt.Errorf("htmlview: %w", err)
		}
		r.stops = append(r.stops, stop)
	}
	// The replayed objects are the starting state, not changes.
	r.base = map[string]map[string]json.RawMessage{}
	for _, ch := range r.changes {
		setObj(r.base, ch.kind, ch.key, ch.obj)
	}
	r.changes, r.bytes = nil, 0
	return r, nil
}

// Close stops following the cluster; what was recorded stays writable.
// Calling it again does nothing.
func (r *Recorder) Close() {
	for _, stop := range r.stops {
		stop()
	}
	r.stops = nil
}

// frame returns the index of the cluster's current instant, adding it.
func (r *Recorder) frame() int {
	d := r.c.Now().Sub(r.start)
	if n := len(r.frames); r.frames[n-1] < d {
		r.frames = append(r.frames, d)
	}
	return len(r.frames) - 1
}

// Mark records a scenario command (or any step) at the current virtual
// instant: a numbered marker on the timeline.
func (r *Recorder) Mark(label string) {
	m := marker{frame: r.frame(), label: label}
	r.marks = append(r.marks, m)
	r.add(len(label) + 16)
}

// Conn records a connection's outcome at the current virtual instant, as
// Cluster.Connect returned it: conn and err for target (as the client
// named it, "web:80"). The connections of one instant with the same
// outcome are stored once, with their count. A connection that landed is a dot on its backend
// pod's line; a failed one a cross on the stale backend's line when the
// packet got to one, else on the line of the Service target names.
func (r *Recorder) Conn(target string, conn sim.Conn, err error) {
	c := connRec{frame: r.frame(), target: target, pod: conn.Pod, ok: err == nil, node: conn.Node, count: 1}
	if conn.Backend.IsValid() {
		c.endpoint = conn.Backend.String()
	}
	if err != nil {
		c.errText = err.Error()
	}
	k := connKey{c.target, c.pod, c.errText, c.node, c.endpoint, c.ok}
	if r.connFrame != c.frame {
		r.connFrame, r.connAt = c.frame, map[connKey]int{}
	}
	if i, ok := r.connAt[k]; ok {
		r.conns[i].count++
		return
	}
	r.connAt[k] = len(r.conns)
	c.bytes = len(c.target) + len(c.pod) + len(c.errText) + len(c.node) + len(c.endpoint) + 40
	r.conns = append(r.conns, c)
	r.add(c.bytes)
}

// observe is the watch callback: it records the object's new state if
// the page shows a difference.
func (r *Recorder) observe(ev sim.WatchEvent) {
	kind, key, v, ok := project(ev.Object)
	if !ok {
		return
	}
	var obj json.RawMessage
	if ev.Type != sim.WatchDeleted {
		b, err := json.Marshal(v)
		if err != nil {
			panic(fmt.Sprintf("htmlview: encoding %s %s: %v", kind, key, err)) // unreachable: plain strings and bools
		}
		obj = b
	}
	old, had := r.shown[kind][key]
	if had == (obj != nil) && string(old) == string(obj) {
		return
	}
	setObj(r.shown, kind, key, obj)
	r.changes = append(r.changes, change{frame: r.frame(), kind: kind, key: key, obj: obj})
	r.add(len(kind) + len(key) + len(obj) + 16)
}

// project returns the page's kind, key and view of a watched object; ok
// is false for what the page leaves out (kube-system).
func project(o any) (kind, key string, v any, ok bool) {
	switch o := o.(type) {
	case pod.Pod:
		return kindPod, o.Namespace + "/" + o.Name, viewPod(o), o.Namespace != sim.KubeSystem
	case service.Service:
		return kindService, o.Namespace + "/" + o.Name, viewService(o), o.Namespace != sim.KubeSystem
	case endpoints.Endpoints:
		return kindEndpoint, o.Namespace + "/" + o.Name, viewEndpoints(o), o.Namespace != sim.KubeSystem
	case sim.ProxyService:
		return kindProxy, o.Namespace + "/" + o.Name, viewProxy(o), o.Namespace != sim.KubeSystem
	case sim.Node:
		return kindNode, o.Name, viewNode(o), true
	}
	return "", "", nil, false
}

// setObj sets (obj non-nil) or deletes an object of a state.
func setObj(state map[string]map[string]json.RawMessage, kind, key string, obj json.RawMessage) {
	m := state[kind]
	if obj == nil {
		delete(m, key)
		return
	}
	if m == nil {
		m = map[string]json.RawMessage{}
		state[kind] = m
	}
	m[key] = obj
}

// targetHost is the Service name a connection target starts with ("web"
// of "web.default.svc:80"); empty for an address.
func targetHost(target string) string {
	host, _, err := net.SplitHostPort(target)
	if err != nil {
		host = target
	}
	if _, err := netip.ParseAddr(host); err == nil {
		return ""
	}
	name, _, _ := strings.Cut(host, ".")
	return name
}
