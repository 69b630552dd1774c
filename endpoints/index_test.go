package endpoints

import (
	"reflect"
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
