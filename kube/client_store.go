package kube

// What the Clientset keeps of each kind it has been asked about: the
// objects as last reported with their resourceVersions (an API server's
// storage), a window of recent changes (its watch cache) and the open
// watches.

import (
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

// stored is an object at its last change.
type stored struct {
	v  any
	rv uint64
}

// state returns k's view, subscribing to the cluster's changes of k on
// first use. The caller holds cs.mu.
func (cs *Clientset) state(k *kindInfo) (*kindState, error) {
	if ks := cs.kind[k]; ks != nil {
		return ks, nil
	}
	ks := &kindState{objs: map[objKey]stored{}, historyFrom: cs.c.ResourceVersion()}
	cs.replaying = true
	_, err := cs.c.Watch(k.sim, sim.WatchOptions{Replay: true}, func(ev sim.WatchEvent) { cs.observe(ks, ev) })
	cs.replaying = false
	if err != nil {
		return nil, err
	}
	cs.kind[k] = ks
	return ks, nil
}

// observe records one change the cluster reports and queues it for the
// kind's watches.
func (cs *Clientset) observe(ks *kindState, ev sim.WatchEvent) {
	key := keyOf(ev.Object)
	if ev.Type == sim.WatchDeleted {
		delete(ks.objs, key)
	} else {
		ks.objs[key] = stored{ev.Object, ev.ResourceVersion}
	}
	if cs.replaying {
		return
	}
	it := watchItem{typ: watch.EventType(ev.Type), rv: ev.ResourceVersion, key: key, v: ev.Object}
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
