package endpoints

import (
	"reflect"
	"strconv"
	"testing"

	"github.com/svcsim/svcsim/selector"
)

// TestMapPointer: a label map's identity is what reflect reports for it,
// nil for a nil map, shared by the copies of one map value and distinct
// for equal maps made apart.
func TestMapPointer(t *testing.T) {
	a := selector.Set{"app": "web"}
	b := selector.Set{"app": "web"}
	alias := a
	for _, m := range []selector.Set{nil, {}, a, b} {
		if got, want := mapPointer(m), reflect.ValueOf(m).UnsafePointer(); got != want {
			t.Errorf("mapPointer(%v) = %p, reflect says %p", m, got, want)
		}
	}
	if mapPointer(nil) != nil {
		t.Error("a nil map has an identity")
	}
	if !sameMap(a, alias) || sameMap(a, b) || sameMap(a, nil) {
		t.Errorf("sameMap: a, alias %v; a, b %v; a, nil %v", sameMap(a, alias), sameMap(a, b), sameMap(a, nil))
	}
}

// A new label group takes one allocation with the label sets it is the
// first to carry (a template's label and pod-template-hash), and a group
// sharing a set with an older one no more; either holds its first pods
// in it.
func TestLabelGroupAllocs(t *testing.T) {
	c := NewController(Options{})
	n := c.namespace("default")
	const runs = 100
	var fresh, revisions []selector.Set
	for i := range runs + 1 {
		fresh = append(fresh, selector.Set{"app": "a" + strconv.Itoa(i), "pod-template-hash": "h" + strconv.Itoa(i)})
		revisions = append(revisions, selector.Set{"app": "a0", "pod-template-hash": "r" + strconv.Itoa(i)})
	}
	for _, tc := range []struct {
		name string
		sets []selector.Set
	}{{"new labels", fresh}, {"a new revision", revisions}} {
		name, sets, i := tc.name, tc.sets, 0
		if got := testing.AllocsPerRun(runs, func() {
			g := n.group(sets[i])
			g.pods = append(g.pods, 1, 2, 3)
			i++
		}); got != 1 {
			t.Errorf("%s: a label group with three pods allocates %v times, want 1", name, got)
		}
	}
}
