package kube

// A watch served by the Clientset: the cluster's changes of one kind,
// queued without bound while the Clientset's lock is held and handed to
// the consumer by one goroutine per watch (an API server's watch stream).

import (
	"sync"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/watch"
)

// watchItem is one change queued for a watch.
type watchItem struct {
	typ watch.EventType // Added, Modified, Deleted or Bookmark
	rv  uint64          // the cluster's counter at the change
	key objKey
	// obj is the object (its last state for Deleted), shared with the
	// Clientset's store: a consumer gets a copy. Nil for a bookmark.
	obj runtime.Object
	// initialEnd marks the bookmark that ends the initial events of a
	// watch that asked for them (metav1.InitialEventsAnnotationKey).
	initialEnd bool
}

// watcher is one open watch. The Clientset pushes items under its lock;
// run filters and copies them and sends them on result.
type watcher struct {
	kind      *kindInfo
	namespace string // "" for every namespace
	labels    labels.Selector
	fields    fields.Selector
	selective bool            // a label or field selector that is not Everything
	inside    map[objKey]bool // selective: the objects the consumer was told exist
	bookmarks bool            // AllowWatchBookmarks

	result chan watch.Event
	done   chan struct{}
	stop   sync.Once
	remove func(*watcher) // takes it off the Clientset's list

	mu       sync.Mutex
	queue    []watchItem
	wake     chan struct{} // capacity 1: the queue is not empty
	pushed   uint64        // items ever queued
	handled  uint64        // items sent or filtered out
	waiting  bool          // someone waits on progress
	progress chan struct{} // closed when handled grows while waiting
}

func newWatcher(k *kindInfo, namespace string, ls labels.Selector, fs fields.Selector, bookmarks bool) *watcher {
	w := &watcher{kind: k, namespace: namespace, labels: ls, fields: fs, bookmarks: bookmarks,
		result: make(chan watch.Event), done: make(chan struct{}), wake: make(chan struct{}, 1),
		progress: make(chan struct{})}
	w.selective = !ls.Empty() || !fs.Empty()
	if w.selective {
		w.inside = map[objKey]bool{}
	}
	return w
}

// ResultChan implements watch.Interface.
func (w *watcher) ResultChan() <-chan watch.Event { return w.result }

// Stop implements watch.Interface: the watch ends, its channel closes, and
// the changes still queued are dropped.
func (w *watcher) Stop() {
	w.stop.Do(func() {
		close(w.done)
		w.remove(w)
	})
}

// push queues it. It never blocks: the queue grows as needed.
func (w *watcher) push(it watchItem) {
	w.mu.Lock()
	w.queue = append(w.queue, it)
	w.pushed++
	w.mu.Unlock()
	select {
	case w.wake <- struct{}{}:
	default:
	}
}

// run hands the queued items to the consumer, in order, until Stop.
func (w *watcher) run() {
	defer close(w.result)
	var batch []watchItem
	for {
		w.mu.Lock()
		for len(w.queue) == 0 {
			w.mu.Unlock()
			select {
			case <-w.wake:
			case <-w.done:
				return
			}
			w.mu.Lock()
		}
		batch, w.queue = w.queue, batch[:0]
		w.mu.Unlock()
		for i := range batch {
			if ev, ok := w.event(&batch[i]); ok {
				select {
				case w.result <- ev:
				case <-w.done:
					return
				}
			}
			batch[i] = watchItem{}
			w.advance()
		}
	}
}

// advance counts one item handled and wakes a waiter.
func (w *watcher) advance() {
	w.mu.Lock()
	w.handled++
	if w.waiting {
		close(w.progress)
		w.progress, w.waiting = make(chan struct{}), false
	}
	w.mu.Unlock()
}

// caughtUp returns whether the items queued up to target have been
// handled, else a channel closed at the next progress.
func (w *watcher) caughtUp(target uint64) (bool, <-chan struct{}) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.handled >= target {
		return true, nil
	}
	w.waiting = true
	return false, w.progress
}

// event converts it into what the consumer sees, if anything: a watch
// with a selector sees an object enter (Added) and leave (Deleted) it, as
// the API server's watch filter reports (apiserver
// pkg/storage/cacher/cache_watcher.go, convertToWatchEvent).
func (w *watcher) event(it *watchItem) (watch.Event, bool) {
	if it.typ == watch.Bookmark {
		if !w.bookmarks {
			return watch.Event{}, false
		}
		o := w.kind.empty()
		m := metaOf(o)
		m.ResourceVersion = formatRV(it.rv)
		if it.initialEnd {
			m.Annotations = map[string]string{metav1.InitialEventsAnnotationKey: "true"}
		}
		return watch.Event{Type: watch.Bookmark, Object: o}, true
	}
	if w.namespace != "" && it.key.ns != w.namespace {
		return watch.Event{}, false
	}
	o := it.obj.DeepCopyObject()
	if !w.selective {
		return watch.Event{Type: it.typ, Object: o}, true
	}
	in := it.typ != watch.Deleted && w.kind.matches(o, w.labels, w.fields)
	was := w.inside[it.key]
	switch {
	case in && !was:
		w.inside[it.key] = true
		return watch.Event{Type: watch.Added, Object: o}, true
	case in:
		return watch.Event{Type: watch.Modified, Object: o}, true
	case was:
		delete(w.inside, it.key)
		return watch.Event{Type: watch.Deleted, Object: o}, true
	}
	return watch.Event{}, false
}

// metaOf returns the object's metadata for writing.
func metaOf(o runtime.Object) *metav1.ObjectMeta {
	return o.(metav1.ObjectMetaAccessor).GetObjectMeta().(*metav1.ObjectMeta)
}
