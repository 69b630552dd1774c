package kubectl

import (
	"strings"
	"time"

	"github.com/svcsim/svcsim/sim"
)

// Options say how a table is printed. The zero value prints the default
// columns with AGE "<unknown>" and RESTARTS 0.
type Options struct {
	// Now is the (virtual) time AGE is measured to.
	Now time.Time
	// History holds creation and restart times; nil: none known.
	History *History
	// Born is the creation time assumed for an object the History does not
	// know, typically the cluster's start (nodes and the default/kubernetes
	// Service exist before the first event). Zero: AGE "<unknown>".
	Born time.Time
	// Wide adds the columns of `-o wide`.
	Wide bool
	// AllNamespaces adds a leading NAMESPACE column, as `-A` does.
	AllNamespaces bool
	// Namespace is the namespace listed (kubectl's -n; "" means default),
	// named by the line an empty list prints: "No resources found in
	// default namespace.". With AllNamespaces, and for nodes, the line is
	// "No resources found".
	Namespace string
}

// Epoch is the virtual clock's start of every sim.Cluster
// (2025-01-01T00:00:00Z); For uses it as Options.Born.
var Epoch = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)

// For returns the Options to print c's objects now: its virtual clock, a
// History read from its event trace and Epoch as the birth of objects that
// have no event (nodes, default/kubernetes).
func For(c *sim.Cluster) Options {
	return Options{Now: c.Now(), History: NewHistory(c.Events()), Born: Epoch}
}

// WithWide returns o with Wide set, for `-o wide`.
func (o Options) WithWide() Options { o.Wide = true; return o }

// WithAllNamespaces returns o with AllNamespaces set, for `-A`.
func (o Options) WithAllNamespaces() Options { o.AllNamespaces = true; return o }

// created returns the creation time of the first of objects
// ("kind/namespace/name") the History knows, else o.Born.
func (o Options) created(objects ...string) time.Time {
	for _, obj := range objects {
		if t, ok := o.History.Created(obj); ok {
			return t
		}
	}
	return o.Born
}

// History is what a cluster's event trace says about each object: when it
// was created and when its container restarted. kubectl reads these from
// metadata.creationTimestamp and the container statuses; svcsim's API values
// do not carry them, so History rebuilds them from sim.Event values.
//
// A History is immutable once built and safe for concurrent reads.
type History struct {
	created  map[string]time.Time
	restarts map[string][]time.Time
}

// RestartKind is the kind of the event sim records when a pod's container
// restarts in place (sim.Cluster.CrashPod); each one counts one restart.
const RestartKind = "PodRestarted"

// NewHistory reads events, in trace order. An object's creation time is the
// time of its last event whose Kind ends in "Created" (a name deleted and
// created again starts over, and so does its restart count); objects
// without such an event (nodes, which exist before the first event) have
// none, and the printers fall back to Options.Born. Each event whose Kind is
// RestartKind counts one restart of the pod it names.
func NewHistory(events []sim.Event) *History {
	h := &History{created: map[string]time.Time{}, restarts: map[string][]time.Time{}}
	for _, e := range events {
		obj := e.Object
		if strings.HasSuffix(e.Kind, "Created") {
			h.created[obj] = e.Time
			delete(h.restarts, obj)
			continue
		}
		if e.Kind == RestartKind {
			h.restarts[obj] = append(h.restarts[obj], e.Time)
		}
	}
	return h
}

// Created returns the creation time of object, named as in sim.Event.Object
// ("pod/default/web-7c5ddbdf54-x2kqp").
func (h *History) Created(object string) (time.Time, bool) {
	if h == nil {
		return time.Time{}, false
	}
	t, ok := h.created[object]
	return t, ok
}

// Restarts returns how often the pod's container restarted and when it last
// did (zero if never).
func (h *History) Restarts(namespace, name string) (n int, last time.Time) {
	if h == nil {
		return 0, time.Time{}
	}
	ts := h.restarts[objectName("pod", namespace, name)]
	if len(ts) == 0 {
		return 0, time.Time{}
	}
	return len(ts), ts[len(ts)-1]
}

// objectName is the sim.Event.Object form of an object's name:
// "kind/namespace/name", the namespace empty for a node ("node//node-1").
func objectName(kind, namespace, name string) string {
	if kind == "node" {
		namespace = ""
	} else if namespace == "" {
		namespace = "default"
	}
	return kind + "/" + namespace + "/" + name
}
