package kube

// The Clientset's reactions: each call of a typed client arrives here as
// a client-go testing Action; reads are served from the Clientset's view
// of the cluster, watches open a watcher, writes go to the cluster.

import (
	"fmt"
	"slices"
	"sort"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/watch"
	k8stesting "k8s.io/client-go/testing"
)

// react serves every call but watch.
func (cs *Clientset) react(a k8stesting.Action) (bool, runtime.Object, error) {
	gvr := a.GetResource()
	k, ok := kindFor(gvr)
	if !ok {
		return true, nil, notServed(a)
	}
	cs.mu.Lock()
	defer cs.mu.Unlock()
	var (
		o   runtime.Object
		err error
	)
	// Actions are told apart by verb: their interfaces overlap (a delete
	// has a get's methods).
	switch a.GetVerb() {
	case "get":
		name := a.(k8stesting.GetAction).GetName()
		switch a.GetSubresource() {
		case "":
			o, err = cs.get(k, a.GetNamespace(), name)
		case "scale":
			o, err = cs.getScale(k, a.GetNamespace(), name)
		default:
			err = notSupported(k, a)
		}
	case "list":
		o, err = cs.list(k, a.GetNamespace(), a.(k8stesting.ListAction).GetListRestrictions())
	default:
		o, err = cs.write(k, a)
	}
	return true, o, err
}

// notServed is the error for a resource the simulated API server does
// not serve: 404, as from a server without it.
func notServed(a k8stesting.Action) error {
	name := ""
	if n, ok := a.(interface{ GetName() string }); ok {
		name = n.GetName()
	}
	return apierrors.NewNotFound(a.GetResource().GroupResource(), name)
}

// notSupported is the error for a verb or subresource svcsim does not
// model on a served kind (405 MethodNotAllowed).
func notSupported(k *kindInfo, a k8stesting.Action) error {
	verb := a.GetVerb()
	if s := a.GetSubresource(); s != "" {
		verb += " " + s
	}
	return apierrors.NewMethodNotSupported(k.gvr.GroupResource(), verb)
}

// get returns one object.
func (cs *Clientset) get(k *kindInfo, ns, name string) (runtime.Object, error) {
	ks, err := cs.state(k)
	if err != nil {
		return nil, apiError(k, name, err)
	}
	if !k.namespaced {
		ns = ""
	}
	st, ok := ks.objs[objKey{ns, name}]
	if !ok {
		return nil, apierrors.NewNotFound(k.gvr.GroupResource(), name)
	}
	return st.obj.DeepCopyObject(), nil
}

// list returns the objects in ns ("" for all) that pass the selectors,
// sorted by namespace and name, as the API server lists them.
func (cs *Clientset) list(k *kindInfo, ns string, r k8stesting.ListRestrictions) (runtime.Object, error) {
	if err := checkFields(k, r.Fields); err != nil {
		return nil, err
	}
	ks, err := cs.state(k)
	if err != nil {
		return nil, apiError(k, "", err)
	}
	var objs []runtime.Object
	for _, key := range ks.keys(k, ns) {
		if o := ks.objs[key].obj; k.matches(o, r.Labels, r.Fields) {
			objs = append(objs, o.DeepCopyObject())
		}
	}
	return k.list(objs, formatRV(cs.c.ResourceVersion())), nil
}

// checkFields refuses a field selector naming a field the kind cannot be
// selected by, as the API server does (400 BadRequest).
func checkFields(k *kindInfo, fs fields.Selector) error {
	if f, ok := k.checkFields(fs); !ok {
		return apierrors.NewBadRequest(fmt.Sprintf("field label not supported: %s", f))
	}
	return nil
}

// keys returns the keys of the objects in ns ("" for all), sorted.
func (ks *kindState) keys(k *kindInfo, ns string) []objKey {
	if !k.namespaced {
		ns = ""
	}
	out := make([]objKey, 0, len(ks.objs))
	for key := range ks.objs {
		if ns == "" || key.ns == ns {
			out = append(out, key)
		}
	}
	slices.SortFunc(out, compareKeys)
	return out
}

// reactWatch opens a watch.
func (cs *Clientset) reactWatch(a k8stesting.Action) (bool, watch.Interface, error) {
	k, ok := kindFor(a.GetResource())
	if !ok {
		return true, nil, notServed(a)
	}
	wa, ok := a.(k8stesting.WatchActionImpl)
	if !ok {
		return true, nil, notSupported(k, a)
	}
	if err := checkFields(k, wa.WatchRestrictions.Fields); err != nil {
		return true, nil, err
	}
	cs.mu.Lock()
	defer cs.mu.Unlock()
	ks, err := cs.state(k)
	if err != nil {
		return true, nil, apiError(k, "", err)
	}
	opts := wa.ListOptions
	ns := a.GetNamespace()
	if !k.namespaced {
		ns = ""
	}
	w := newWatcher(k, ns, wa.WatchRestrictions.Labels, wa.WatchRestrictions.Fields, opts.AllowWatchBookmarks)
	now := cs.c.ResourceVersion()
	initial := opts.SendInitialEvents != nil && *opts.SendInitialEvents
	switch rv := opts.ResourceVersion; {
	case initial || rv == "" || rv == "0":
		// The state now, as Added events (the API server's synthetic
		// initial events); with sendInitialEvents, a bookmark ends them.
		for _, key := range ks.keys(k, ns) {
			st := ks.objs[key]
			w.push(watchItem{typ: watch.Added, rv: st.rv, key: key, obj: st.obj})
		}
		if initial {
			w.push(watchItem{typ: watch.Bookmark, rv: now, initialEnd: true})
		}
	default:
		from, ok := parseRV(rv)
		switch {
		case !ok:
			return true, nil, apierrors.NewBadRequest(fmt.Sprintf("invalid resource version %q", rv))
		case from < ks.historyFrom:
			return true, nil, apierrors.NewResourceExpired(fmt.Sprintf("too old resource version: %s (%s)", rv, formatRV(ks.historyFrom)))
		case from > now:
			return true, nil, apierrors.NewTimeoutError(fmt.Sprintf("Too large resource version: %s, current: %s", rv, formatRV(now)), 1)
		}
		i := sort.Search(len(ks.history), func(i int) bool { return ks.history[i].rv > from })
		for _, it := range ks.history[i:] {
			w.push(it)
		}
	}
	w.remove = cs.removeWatcher
	ks.watchers = append(ks.watchers, w)
	go w.run()
	return true, w, nil
}

// removeWatcher takes a stopped watch off its kind's list.
func (cs *Clientset) removeWatcher(w *watcher) {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	ks := cs.kind[w.kind]
	ks.watchers = slices.DeleteFunc(ks.watchers, func(x *watcher) bool { return x == w })
}
