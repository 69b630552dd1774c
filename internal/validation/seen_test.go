package validation

import (
	"fmt"
	"testing"
)

// Seen reports a value seen before, inline and past its inline values,
// and allocates nothing for a few values.
func TestSeen(t *testing.T) {
	var s Seen[string]
	for i := range 3 * seenInline {
		if s.Add(fmt.Sprint(i)) {
			t.Fatalf("%d reported as a duplicate", i)
		}
		for j := range i + 1 {
			if !s.Add(fmt.Sprint(j)) {
				t.Fatalf("after %d values: %d not a duplicate", i+1, j)
			}
		}
	}
	if s.n != seenInline || len(s.rest) != 2*seenInline {
		t.Fatalf("%d inline, %d in the map", s.n, len(s.rest))
	}
	names := []string{"a", "b", "c", "a"}
	if n := testing.AllocsPerRun(100, func() {
		var few Seen[string]
		for _, v := range names {
			few.Add(v)
		}
	}); n != 0 {
		t.Errorf("%d values: %v allocations", len(names), n)
	}
}
