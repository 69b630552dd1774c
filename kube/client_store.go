package kube

// What the Clientset keeps of each kind it has been asked about: the
// objects as last reported with their resourceVersions (an API server's
// storage), a window of recent changes (its watch cache) and the open
// watches.

import (
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/watch"

	"github.com/svcsim/svcsim/sim"
)

// historyLimit bounds the changes kept per kind for watches that start
// at a past resourceVersion (a client's list, then its watch). A watch
// from further back fails with Gone, as from an API server whose watch
// cache moved on, and its client lists again.
const historyLimit = 256

// kindState is the Clientset's view of one kind.
type kindState struct {
	objs map[objKey]stored
	// history holds the kind's changes after historyFrom, oldest first.
	history     []watchItem
	historyFrom uint64
	watchers    []*watcher
}

// stored is an object at its last change, converted then (the
// conversion reads the cluster: a pod's owner, its readiness probe), with
// that change's resourceVersion. Nothing writes to it: readers get copies.
type stored struct {
	obj runtime.Object
	rv  uint64
}

// state returns k's view, subscribing to the cluster's changes of k on
// first use. The caller holds cs.mu.
func (cs *Clientset) state(k *kindInfo) (*kindState, error) {
	if ks := cs.kind[k]; ks != nil {
		return ks, nil
	}
	ks := &kindState{objs: map[objKey]stored{}, historyFrom: cs.c.ResourceVersion()}
	cs.replaying = true
	_, err := cs.c.Watch(k.sim, sim.WatchOptions{Replay: true}, func(ev sim.WatchEvent) { cs.observe(k, ks, ev) })
	cs.replaying = false
	if err != nil {
		return nil, err
	}
	cs.kind[k] = ks
	return ks, nil
}

// observe records one change the cluster reports and queues it for the
// kind's watches. A deleted object is shown in its last state, at the
// deletion's resourceVersion, as the API server's DELETED event shows it.
func (cs *Clientset) observe(k *kindInfo, ks *kindState, ev sim.WatchEvent) {
	key := keyOf(ev.Object)
	var o runtime.Object
	if ev.Type == sim.WatchDeleted {
		o = ks.objs[key].obj.DeepCopyObject()
		metaOf(o).ResourceVersion = formatRV(ev.ResourceVersion)
		delete(ks.objs, key)
	} else {
		o = k.object(cs.c, ev.Object, ev.ResourceVersion)
		ks.objs[key] = stored{o, ev.ResourceVersion}
	}
	if cs.replaying {
		return
	}
	it := watchItem{typ: watch.EventType(ev.Type), rv: ev.ResourceVersion, key: key, obj: o}
	if len(ks.history) == 2*historyLimit {
		ks.historyFrom = ks.history[historyLimit-1].rv
		ks.history = append(ks.history[:0], ks.history[historyLimit:]...)
		clear(ks.history[historyLimit : 2*historyLimit])
	}
	ks.history = append(ks.history, it)
	for _, w := range ks.watchers {
		w.push(it)
	}
}
