package selector

import (
	"errors"
	"testing"
)

// derivedSets builds label sets that exercise sel's requirements: none of
// its keys, each key with each of its values, with "" and with numbers.
func derivedSets(sel Selector) []Set {
	sets := []Set{nil, {}}
	all, empty, low, high := Set{}, Set{}, Set{}, Set{}
	for _, r := range sel.Requirements() {
		empty[r.Key] = ""
		low[r.Key] = "-1"
		high[r.Key] = "9223372036854775807"
		for _, v := range r.Values {
			all[r.Key] = v
			sets = append(sets, Set{r.Key: v})
		}
		if len(r.Values) == 0 {
			all[r.Key] = "x"
		}
	}
	return append(sets, all, empty, low, high)
}

// FuzzParse: Parse never panics; it agrees with the reference parser on
// acceptance and canonical form; whatever it accepts re-parses from its
// String to the same String and the same matching.
func FuzzParse(f *testing.F) {
	for _, c := range goodSelectors {
		f.Add(c.in)
	}
	for _, c := range badSelectors {
		f.Add(c.in)
	}
	for _, c := range matchCases {
		f.Add(c.sel)
	}
	f.Fuzz(func(t *testing.T, s string) {
		sel, err := Parse(s)
		ref, rerr := refParse(s)
		if (err == nil) != (rerr == nil) {
			t.Fatalf("Parse(%q) error %v, reference error %v", s, err, rerr)
		}
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) || pe.Input != s || pe.Pos < 0 || pe.Pos > len(s) || pe.Msg == "" {
				t.Fatalf("Parse(%q): bad error %#v", s, err)
			}
			return
		}
		str := sel.String()
		if len(ref) <= 12 { // beyond that, upstream's unstable sort may order equal keys differently
			if w := refString(ref); str != w {
				t.Fatalf("Parse(%q).String() = %q, reference %q", s, str, w)
			}
		}
		again, err := Parse(str)
		if err != nil {
			t.Fatalf("Parse(%q) gave %q, which does not parse: %v", s, str, err)
		}
		if again.String() != str {
			t.Fatalf("Parse(%q) = %q, re-parsed %q", s, str, again.String())
		}
		for _, set := range derivedSets(sel) {
			m := sel.Matches(set)
			if again.Matches(set) != m {
				t.Fatalf("%q and its re-parse %q disagree on %v", s, str, set)
			}
			if refMatches(ref, set) != m {
				t.Fatalf("%q on %v: Matches %v, reference %v", s, set, m, !m)
			}
		}
	})
}
