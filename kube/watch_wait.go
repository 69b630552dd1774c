package kube

// Waiting until the watches have caught up with the cluster.

import (
	"context"

	"k8s.io/apimachinery/pkg/watch"
)

// WaitForWatchers returns when every watch open at the call has handed
// its consumer every change the cluster made before the call, or with
// ctx's error. A watch that allows bookmarks (as informers' do) is sent a
// bookmark at the cluster's resourceVersion first, so its consumer learns
// it is current (an API server's progress notification).
//
// How a test waits for informers after Advance or Settle: start the
// informers and wait for their caches to sync (cache.WaitForCacheSync),
// change the cluster through Do, then call WaitForWatchers. When it
// returns, each informer's reflector has received every change; the
// informer then applies them to its store and calls its handlers in
// order on its own goroutines, so a test checks a controller's state
// once the controller has handled what the informer delivered (see the
// example controller's test).
func (cs *Clientset) WaitForWatchers(ctx context.Context) error {
	type target struct {
		w *watcher
		n uint64
	}
	var targets []target
	cs.mu.Lock()
	now := cs.c.ResourceVersion()
	for _, ks := range cs.kind {
		for _, w := range ks.watchers {
			w.push(watchItem{typ: watch.Bookmark, rv: now})
			w.mu.Lock()
			targets = append(targets, target{w, w.pushed})
			w.mu.Unlock()
		}
	}
	cs.mu.Unlock()
	for _, t := range targets {
		for {
			done, progress := t.w.caughtUp(t.n)
			if done {
				break
			}
			select {
			case <-progress:
			case <-t.w.done:
				done = true
			case <-ctx.Done():
				return ctx.Err()
			}
			if done {
				break
			}
		}
	}
	return nil
}
