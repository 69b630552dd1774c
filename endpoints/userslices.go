package endpoints

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/svcsim/svcsim/pod"
)

// ErrNameTaken is wrapped by the error SetSlice returns for a name that
// a slice of the controllers holds in the namespace.
var ErrNameTaken = errors.New("endpointslice name taken")

// userSlices are the EndpointSlices of one Service written by a user
// (SetSlice): as written, by name, and as shown since the key's last Sync.
type userSlices struct {
	key    ServiceKey
	want   map[string]Slice
	shown  []Slice // ordered by name
	queued bool
	gen    uint64
}

type nsName struct{ ns, name string }

// SetSlice writes an EndpointSlice as a user does beside the controllers:
// validated (ValidateSlice; nothing changes on error) and copied, filed
// under the Service its kubernetes.io/service-name label (Slice.Service)
// names, and appends that key to dirty: at its next Sync the slice is
// shown with the Service's other slices, and kube-proxy and DNS read it as
// they read any (AppendBackends, AppendAddresses). Writing a slice of the
// same name again replaces it.
//
// Refused (ErrInvalid): a slice without a Service name, or one whose
// endpointslice.kubernetes.io/managed-by label names the endpointslice or
// mirroring controller (that controller would take it over; svcsim keeps
// their slices their own). Refused with ErrNameTaken: a name another
// slice of the namespace holds. DeleteService removes the Service's user
// slices (svcsim keeps them only beside their Service).
func (c *Controller) SetSlice(sl Slice, dirty []ServiceKey) ([]ServiceKey, error) {
	if sl.Service == "" {
		sl.Service = sl.Labels[LabelServiceName]
	}
	if err := c.CheckSlice(sl); err != nil {
		return dirty, err
	}
	key := keyOf(sl.Namespace, sl.Service)
	id := nsName{key.Namespace, sl.Name}
	oldKey, mine := c.userNames[id]
	ns := c.namespace(key.Namespace)
	sl = cloneSlices([]Slice{sl})[0]
	sl.Namespace = key.Namespace
	sl.Labels = maps.Clone(sl.Labels)
	if sl.Labels == nil {
		sl.Labels = map[string]string{}
	}
	sl.Labels[LabelServiceName] = sl.Service
	sl.CreationTimestamp = c.now()
	if mine {
		old := c.user.Value(oldKey)
		if prev, ok := old.want[sl.Name]; ok {
			sl.CreationTimestamp = prev.CreationTimestamp
			if oldKey == key && sameSlices([]Slice{prev}, []Slice{sl}) && maps.Equal(prev.Labels, sl.Labels) {
				return dirty, nil
			}
		}
		if oldKey != key {
			delete(old.want, sl.Name)
			c.queueUser(old)
			dirty = append(dirty, oldKey)
		}
	}
	if c.uqueued == nil {
		c.uqueued, c.userNames = map[ServiceKey]*userSlices{}, map[nsName]ServiceKey{}
	}
	u := c.user.Value(key)
	if u == nil {
		u = &userSlices{key: key, want: map[string]Slice{}}
		c.user.Set(key, u)
	}
	u.want[sl.Name] = sl
	c.userNames[id] = key
	ns.sliceNames.Set(nameKey(sl.Name), struct{}{})
	c.queueUser(u)
	return append(dirty, key), nil
}

// CheckSlice returns the error SetSlice would return for sl, and changes
// nothing.
func (c *Controller) CheckSlice(sl Slice) error {
	if sl.Service == "" {
		sl.Service = sl.Labels[LabelServiceName]
	}
	ns := pod.NamespaceOrDefault(sl.Namespace)
	if old, ok := c.UserSlice(ns, sl.Name); ok {
		if err := ValidateSliceUpdate(sl, old); err != nil {
			return err
		}
	} else if err := ValidateSlice(sl); err != nil {
		return err
	}
	obj := "endpointslice " + pod.NamespaceOrDefault(sl.Namespace) + "/" + sl.Name
	fail := func(field string, t pod.ErrorType, value any, detail string) error {
		return &pod.FieldError{Object: obj, Field: field, Type: t, Value: value, Detail: detail, Sentinel: ErrInvalid}
	}
	label := "metadata.labels[" + LabelServiceName + "]"
	switch v, ok := sl.Labels[LabelServiceName]; {
	case sl.Service == "":
		return fail(label, pod.ErrorTypeRequired, nil, "svcsim files an EndpointSlice under its Service")
	case ok && v != sl.Service:
		return fail(label, pod.ErrorTypeInvalid, v, "must be the slice's Service, "+sl.Service)
	}
	if m := sl.Labels[LabelManagedBy]; m == ControllerName || m == MirroringControllerName {
		return fail("metadata.labels["+LabelManagedBy+"]", pod.ErrorTypeInvalid, m, "svcsim reserves it for that controller's own slices")
	}
	if _, mine := c.userNames[nsName{ns, sl.Name}]; !mine && c.SliceNameTaken(ns, sl.Name) {
		return fmt.Errorf("%s: %w", obj, ErrNameTaken)
	}
	return nil
}

// UserSlice returns the EndpointSlice namespace/name a user wrote
// (SetSlice), as written, and false for none.
func (c *Controller) UserSlice(namespace, name string) (Slice, bool) {
	id := nsName{pod.NamespaceOrDefault(namespace), name}
	key, ok := c.userNames[id]
	if !ok {
		return Slice{}, false
	}
	return cloneSlices([]Slice{c.user.Value(key).want[name]})[0], true
}

// DeleteSlice deletes the user's EndpointSlice namespace/name and appends
// its Service's key to dirty; false when SetSlice wrote no such slice.
func (c *Controller) DeleteSlice(namespace, name string, dirty []ServiceKey) ([]ServiceKey, bool) {
	id := nsName{pod.NamespaceOrDefault(namespace), name}
	key, ok := c.userNames[id]
	if !ok {
		return dirty, false
	}
	c.dropUserSlice(id, key)
	return append(dirty, key), true
}

func (c *Controller) dropUserSlice(id nsName, key ServiceKey) {
	u := c.user.Value(key)
	delete(u.want, id.name)
	delete(c.userNames, id)
	c.namespace(id.ns).sliceNames.Delete(nameKey(id.name))
	c.queueUser(u)
}

// dropUser removes every user slice of key (its Service was deleted).
func (c *Controller) dropUser(key ServiceKey) {
	if u := c.user.Value(key); u != nil {
		for name := range u.want {
			c.dropUserSlice(nsName{key.Namespace, name}, key)
		}
	}
}

func (c *Controller) queueUser(u *userSlices) {
	if !u.queued {
		u.queued = true
		c.uqueued[u.key] = u
	}
}

// syncUser shows the user slices of u as written and reports whether that
// changed anything.
func (c *Controller) syncUser(u *userSlices) bool {
	u.queued = false
	delete(c.uqueued, u.key)
	want := slices.Collect(maps.Values(u.want))
	slices.SortFunc(want, func(a, b Slice) int { return strings.Compare(a.Name, b.Name) })
	changed := !sameSlices(u.shown, want) || !slices.EqualFunc(u.shown, want, func(a, b Slice) bool { return maps.Equal(a.Labels, b.Labels) })
	u.shown = want
	if len(u.want) == 0 {
		c.user.Delete(u.key)
	}
	return changed
}

// userShown returns the user slices of key as of its last Sync.
func (c *Controller) userShown(namespace, name string) []Slice {
	if c.user.Len() == 0 {
		return nil
	}
	if u := c.user.Value(keyOf(namespace, name)); u != nil {
		return u.shown
	}
	return nil
}
