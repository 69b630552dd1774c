package kube

// The merge rule of an update, kubectl's three-way merge in spirit
// (k8s.io/kubectl pkg/cmd/apply/patcher.go; strategic merge patch,
// k8s.io/apimachinery pkg/util/strategicpatch): a field the manifest sets
// takes the manifest's value; a field it leaves out keeps the live value,
// unless the last applied manifest set it (the user removed it: it goes
// back to its default). Maps merge key by key under the same rule.

import (
	"maps"
	"strings"
)

// fieldRule tells, for a field path, where an update takes its value.
type fieldRule struct {
	manifest, last map[string]any // the object as written now, and last time (nil: none)
}

// set reports whether the update takes the manifest's value at path
// ("spec.replicas"): the manifest sets it, or the last applied one did.
func (r fieldRule) set(path string) bool {
	return has(r.manifest, path) || has(r.last, path)
}

// setKey is set for the key of the map at path (a key may hold dots).
func (r fieldRule) setKey(path, key string) bool {
	for _, obj := range []map[string]any{r.manifest, r.last} {
		if m, ok := lookup(obj, path).(map[string]any); ok && m[key] != nil {
			return true
		}
	}
	return false
}

// mergeMap merges the map at path: live's entries, less the keys the last
// applied manifest set and this one does not, plus this one's.
func (r fieldRule) mergeMap(path string, live, manifest map[string]string) map[string]string {
	out := maps.Clone(live)
	if out == nil {
		out = map[string]string{}
	}
	if last, ok := lookup(r.last, path).(map[string]any); ok {
		for k := range last {
			if _, keep := manifest[k]; !keep {
				delete(out, k)
			}
		}
	}
	maps.Copy(out, manifest)
	if len(out) == 0 && live == nil {
		return nil
	}
	return out
}

// has reports whether obj sets the field at the dotted path to a value
// other than null.
func has(obj map[string]any, path string) bool {
	return lookup(obj, path) != nil
}

// lookup returns the value at the dotted path of obj, or nil.
func lookup(obj map[string]any, path string) any {
	var v any = obj
	for _, k := range strings.Split(path, ".") {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[k]
	}
	return v
}
