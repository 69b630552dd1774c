package workload

import (
	"errors"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"testing"

	"pgregory.net/rapid"
)

func TestParseIntOrPercent(t *testing.T) {
	tests := []struct {
		in      string
		want    IntOrPercent
		wantErr string // substring of the error; "" for success
	}{
		{"25%", Percent(25), ""},
		{"0%", Percent(0), ""},
		{"100%", Percent(100), ""},
		{"150%", Percent(150), ""}, // fine for maxSurge
		{"1", num(1), ""},
		{"0", num(0), ""},
		{"007", num(7), ""},
		{"2147483647", num(math.MaxInt32), ""},
		{"", IntOrPercent{}, "must be an integer or percentage"},
		{"%", IntOrPercent{}, "must be an integer or percentage"},
		{"-1", IntOrPercent{}, "greater than or equal to 0"},
		{"-5%", IntOrPercent{}, "greater than or equal to 0"},
		{"+1", IntOrPercent{}, "must be an integer or percentage"},
		{" 1", IntOrPercent{}, "must be an integer or percentage"},
		{"1.5%", IntOrPercent{}, "must be an integer or percentage"},
		{"25%%", IntOrPercent{}, "must be an integer or percentage"},
		{"abc", IntOrPercent{}, "must be an integer or percentage"},
		{"2147483648", IntOrPercent{}, "32-bit"},
		{"99999999999999999999%", IntOrPercent{}, "32-bit"},
	}
	for _, tc := range tests {
		got, err := ParseIntOrPercent(tc.in)
		if tc.wantErr == "" {
			if err != nil || got != tc.want {
				t.Errorf("ParseIntOrPercent(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
			}
			continue
		}
		var fe *FieldError
		if err == nil || !errors.Is(err, ErrInvalid) || !errors.As(err, &fe) || fe.Value != tc.in {
			t.Errorf("ParseIntOrPercent(%q) error = %v; want a *FieldError for the input wrapping ErrInvalid", tc.in, err)
			continue
		}
		if !regexp.MustCompile(regexp.QuoteMeta(tc.wantErr)).MatchString(err.Error()) {
			t.Errorf("ParseIntOrPercent(%q) error = %q; want it to mention %q", tc.in, err, tc.wantErr)
		}
	}
}

var intOrPercentRE = regexp.MustCompile(`^[0-9]+%?$`)

func FuzzParseIntOrPercent(f *testing.F) {
	for _, s := range []string{"25%", "1", "", "-1", "100%", "2147483648", "1.5%", "%"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := ParseIntOrPercent(s)
		if err != nil {
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("error %v does not wrap ErrInvalid", err)
			}
			if intOrPercentRE.MatchString(s) {
				digits := s
				if digits[len(digits)-1] == '%' {
					digits = digits[:len(digits)-1]
				}
				if n, perr := strconv.ParseInt(digits, 10, 32); perr == nil {
					t.Fatalf("rejected valid %q (%d): %v", s, n, err)
				}
			}
			return
		}
		if !intOrPercentRE.MatchString(s) || v.Value() < 0 {
			t.Fatalf("accepted %q as %v", s, v)
		}
		// Round trip through the canonical form.
		w, err := ParseIntOrPercent(v.String())
		if err != nil || w != v {
			t.Fatalf("round trip of %q: %v → %v, %v", s, v, w, err)
		}
	})
}

// refScaled is intstr.GetScaledValueFromIntOrPercent as upstream writes it,
// in float64.
func refScaled(v IntOrPercent, total int, roundUp bool) int {
	if !v.IsPercent() {
		return int(v.Value())
	}
	x := float64(v.Value()) * float64(total) / 100
	if roundUp {
		return int(math.Ceil(x))
	}
	return int(math.Floor(x))
}

func TestScaledValueMatchesFloatReference(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		var v IntOrPercent
		if rapid.Bool().Draw(t, "percent") {
			v = Percent(rapid.Int32Range(-1000, 1000).Draw(t, "p"))
		} else {
			v = num(rapid.Int32().Draw(t, "n"))
		}
		total := rapid.IntRange(-1_000_000, 1_000_000).Draw(t, "total")
		up := rapid.Bool().Draw(t, "roundUp")
		if got, want := ScaledValue(v, total, up), refScaled(v, total, up); got != want {
			t.Fatalf("ScaledValue(%v, %d, %v) = %d, want %d", v, total, up, got, want)
		}
	})
}

func TestResolveFencepostsDefaults(t *testing.T) {
	// The 25%/25% defaults: maxSurge rounds up, maxUnavailable down, and
	// both 0 makes unavailable 1 (deployment_util.go ResolveFenceposts).
	tests := []struct {
		replicas, surge, unavailable, maxPods, minAvailable int
	}{
		{1, 1, 0, 2, 1},
		{2, 1, 0, 3, 2},
		{3, 1, 0, 4, 3},
		{4, 1, 1, 5, 3},
		{5, 2, 1, 7, 4},
		{7, 2, 1, 9, 6},
		{10, 3, 2, 13, 8},
		{100, 25, 25, 125, 75},
	}
	for _, tc := range tests {
		s, u := ResolveFenceposts(DefaultMaxSurge, DefaultMaxUnavailable, tc.replicas)
		if s != tc.surge || u != tc.unavailable {
			t.Errorf("replicas %d: ResolveFenceposts = (%d, %d), want (%d, %d)", tc.replicas, s, u, tc.surge, tc.unavailable)
		}
		if tc.replicas+s != tc.maxPods || tc.replicas-MaxUnavailable(u, tc.replicas) != tc.minAvailable {
			t.Errorf("replicas %d: max pods %d, min available %d; want %d, %d", tc.replicas,
				tc.replicas+s, tc.replicas-MaxUnavailable(u, tc.replicas), tc.maxPods, tc.minAvailable)
		}
	}
}

func TestResolveFencepostsEdges(t *testing.T) {
	tests := []struct {
		surge, unavail string
		replicas       int
		wantS, wantU   int
	}{
		{"0", "0", 10, 0, 1},      // both zero → unavailable 1
		{"0%", "10%", 5, 0, 1},    // 10% of 5 floors to 0 → unavailable 1
		{"0", "25%", 3, 0, 1},     // floor(0.75) = 0
		{"1%", "0", 1, 1, 0},      // ceil(0.01) = 1
		{"25%", "25%", 0, 0, 1},   // size 0: both 0 → 1 (MaxUnavailable caps it to 0)
		{"3", "2", 10, 3, 2},      // absolute values unchanged
		{"200%", "100%", 3, 6, 3}, // surge above 100% is allowed
		{"5", "50", 4, 5, 50},     // not capped here
	}
	for _, tc := range tests {
		s, u := ResolveFenceposts(mustParse(tc.surge), mustParse(tc.unavail), tc.replicas)
		if s != tc.wantS || u != tc.wantU {
			t.Errorf("ResolveFenceposts(%s, %s, %d) = (%d, %d), want (%d, %d)", tc.surge, tc.unavail, tc.replicas, s, u, tc.wantS, tc.wantU)
		}
	}
	if MaxUnavailable(1, 0) != 0 || MaxUnavailable(50, 4) != 4 || MaxUnavailable(2, 10) != 2 {
		t.Error("MaxUnavailable: want 0 for size 0 and a cap at replicas")
	}
}

func TestValidateStrategy(t *testing.T) {
	tests := []struct {
		surge, unavail IntOrPercent
		field, detail  string // "" field: valid
	}{
		{Percent(25), Percent(25), "", ""},
		{num(0), num(1), "", ""},
		{num(1), num(0), "", ""},
		{Percent(300), Percent(100), "", ""},
		{num(0), num(0), FieldMaxUnavailable, "may not be 0 when `maxSurge` is 0"},
		{Percent(0), num(0), FieldMaxUnavailable, "may not be 0"},
		{num(0), Percent(0), FieldMaxUnavailable, "may not be 0"},
		{num(1), Percent(101), FieldMaxUnavailable, "must not be greater than 100%"},
		{num(-1), num(1), FieldMaxSurge, "greater than or equal to 0"},
		{num(1), Percent(-1), FieldMaxUnavailable, "greater than or equal to 0"},
	}
	for _, tc := range tests {
		err := ValidateStrategy(tc.surge, tc.unavail)
		if tc.field == "" {
			if err != nil {
				t.Errorf("ValidateStrategy(%v, %v) = %v, want nil", tc.surge, tc.unavail, err)
			}
			continue
		}
		var fe *FieldError
		if !errors.As(err, &fe) || !errors.Is(err, ErrInvalid) || fe.Field != tc.field ||
			!regexp.MustCompile(regexp.QuoteMeta(tc.detail)).MatchString(fe.Detail) {
			t.Errorf("ValidateStrategy(%v, %v) = %v; want %s error %q", tc.surge, tc.unavail, err, tc.field, tc.detail)
		}
	}
}

func TestParseRollingUpdate(t *testing.T) {
	s, u, err := ParseRollingUpdate("", "")
	if err != nil || s != Percent(25) || u != Percent(25) {
		t.Fatalf("defaults: %v %v %v", s, u, err)
	}
	s, u, err = ParseRollingUpdate("1", "0")
	if err != nil || s != num(1) || u != num(0) {
		t.Fatalf("1/0: %v %v %v", s, u, err)
	}
	for _, tc := range []struct{ s, u, field string }{
		{"x", "", FieldMaxSurge},
		{"", "-1", FieldMaxUnavailable},
		{"0", "0%", FieldMaxUnavailable},
		{"", "120%", FieldMaxUnavailable},
	} {
		_, _, err := ParseRollingUpdate(tc.s, tc.u)
		var fe *FieldError
		if !errors.As(err, &fe) || fe.Field != tc.field {
			t.Errorf("ParseRollingUpdate(%q, %q) = %v, want an error on %s", tc.s, tc.u, err, tc.field)
		}
	}
	_, _, err = ParseRollingUpdate("", "120%")
	if want := `spec.strategy.rollingUpdate.maxUnavailable: Invalid value: "120%": must not be greater than 100%`; err == nil || err.Error() != want {
		t.Errorf("error text = %v, want %s", err, want)
	}
}

func ExampleResolveFenceposts() {
	surge, unavailable := DefaultMaxSurge, DefaultMaxUnavailable
	fmt.Println("replicas surge unavailable maxPods minAvailable")
	for _, replicas := range []int{1, 2, 3, 4, 5, 7, 10, 100} {
		s, u := ResolveFenceposts(surge, unavailable, replicas)
		fmt.Printf("%8d %5d %11d %7d %12d\n", replicas, s, u, replicas+s, replicas-MaxUnavailable(u, replicas))
	}
	// Output:
	// replicas surge unavailable maxPods minAvailable
	//        1     1           0       2            1
	//        2     1           0       3            2
	//        3     1           0       4            3
	//        4     1           1       5            3
	//        5     2           1       7            4
	//        7     2           1       9            6
	//       10     3           2      13            8
	//      100    25          25     125           75
}

func ExampleParseRollingUpdate() {
	_, _, err := ParseRollingUpdate("0", "0")
	fmt.Println(err)
	s, u, _ := ParseRollingUpdate("", "1")
	fmt.Println(s, u)
	// Output:
	// spec.strategy.rollingUpdate.maxUnavailable: Invalid value: "0": may not be 0 when `maxSurge` is 0
	// 25% 1
}

// num is the absolute value n.
func num(n int32) IntOrPercent { return IntOrPercent{value: n} }

// mustParse is ParseIntOrPercent for values known to be valid.
func mustParse(s string) IntOrPercent {
	v, err := ParseIntOrPercent(s)
	if err != nil {
		panic(err)
	}
	return v
}
