package timeline

import (
	"testing"
	"time"

	"pgregory.net/rapid"
)

// TestAxisProperties: whatever the change points and the squeeze, time maps
// onto [x0, x1] without ever going backwards, the ends land on the ends,
// and with no squeeze the map is the plain linear one (the reference).
func TestAxisProperties(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		end := rapid.IntRange(1, 1000).Draw(t, "end")
		var changes []time.Time
		for range rapid.IntRange(0, 20).Draw(t, "changes") {
			changes = append(changes, sec(rapid.IntRange(-50, 1050).Draw(t, "change")))
		}
		quiet := time.Duration(rapid.IntRange(0, 100).Draw(t, "quiet")) * time.Second
		a := newAxis(sec(0), sec(end), 100, 900, changes, quiet)
		prev := 0.0
		for s := 0; s <= end; s++ {
			x := a.x(sec(s))
			if x < prev-1e-9 || x < 100 || x > 900 {
				t.Fatalf("x(%ds) = %v after %v", s, x, prev)
			}
			prev = x
			if quiet == 0 {
				if want := 100 + 800*float64(s)/float64(end); x-want > 1e-6 || want-x > 1e-6 {
					t.Fatalf("unsqueezed x(%ds) = %v, linear reference %v", s, x, want)
				}
			}
		}
		if a.x(sec(0)) != 100 || a.x(sec(end)) != 900 {
			t.Fatalf("ends map to %v, %v", a.x(sec(0)), a.x(sec(end)))
		}
		for _, b := range a.breaks() {
			if b[1].Sub(b[0]) <= quiet {
				t.Fatalf("break %v shorter than quiet %v", b, quiet)
			}
		}
	})
}
