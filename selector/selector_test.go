package selector

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"pgregory.net/rapid"
)

// Matching cases from upstream TestSelectorMatches and
// TestRequirementSelectorMatching (apimachinery pkg/labels/selector_test.go).
var matchCases = []struct {
	sel   string
	set   Set
	match bool
}{
	{"", Set{"x": "y"}, true},
	{"x=y", Set{"x": "y"}, true},
	{"x=y,z=w", Set{"x": "y", "z": "w"}, true},
	{"x!=y,z!=w", Set{"x": "z", "z": "a"}, true},
	{"notin=in", Set{"notin": "in"}, true},
	{"x", Set{"x": "z"}, true},
	{"!x", Set{"y": "z"}, true},
	{"x>1", Set{"x": "2"}, true},
	{"x<1", Set{"x": "0"}, true},
	{"x=z", Set{}, false},
	{"x=y", Set{"x": "z"}, false},
	{"x=y,z=w", Set{"x": "w", "z": "w"}, false},
	{"x!=y,z!=w", Set{"x": "z", "z": "w"}, false},
	{"x", Set{"y": "z"}, false},
	{"!x", Set{"x": "z"}, false},
	{"x>1", Set{"x": "0"}, false},
	{"x<1", Set{"x": "2"}, false},
	{"foo=bar", Set{"foo": "bar", "baz": "blah"}, true},
	{"baz=blah", Set{"foo": "bar", "baz": "blah"}, true},
	{"foo=bar,baz=blah", Set{"foo": "bar", "baz": "blah"}, true},
	{"foo=blah", Set{"foo": "bar", "baz": "blah"}, false},
	{"baz=bar", Set{"foo": "bar", "baz": "blah"}, false},
	{"foo=bar,foobar=bar,baz=blah", Set{"foo": "bar", "baz": "blah"}, false},
	{"x in (foo),y notin (alpha)", Set{"x": "foo", "y": "baz"}, true},
	{"x in (foo),y in (alpha)", Set{"x": "foo", "y": "baz"}, false},
	{"x notin (),y", Set{"y": ""}, true},
	{"!x,y", Set{"y": ""}, true},
	{"x notin (),!y", Set{"y": ""}, false},
	{"x in ()", Set{"y": "baz"}, false},
	{"x in ()", Set{"x": ""}, true},
	{"z>1", Set{"z": "2"}, true},
	{"z>1", Set{"z": "v2"}, false},
	// Requirement.Matches, operator by operator
	{"x==a", Set{"x": "a"}, true},
	{"x in (a,b)", Set{}, false},
	{"x in (a,b)", Set{"x": "b"}, true},
	{"x notin (a,b)", Set{}, true},
	{"x notin (a,b)", Set{"x": "b"}, false},
	{"x!=a", Set{}, true},
	{"x", Set{"x": ""}, true},
	{"x>1", Set{}, false},
	{"x>-5", Set{}, false}, // (unparseable: -5 is not a label value; see TestMatchesGtLtLabelValues)
	{"x<10", Set{"x": "-3"}, true},
	{"x<10", Set{"x": "+3"}, true},
	{"x>0", Set{"x": "9223372036854775807"}, true},
	{"x>0", Set{"x": "9223372036854775808"}, false},
	{"x<0", Set{"x": "-9223372036854775808"}, true},
	{"x<0", Set{"x": "-9223372036854775809"}, false},
	{"x>1", Set{"x": "1_0"}, false},
	{"x>1", Set{"x": " 5"}, false},
	{"x>1", Set{"x": "+"}, false},
	{"x>1", Set{"x": ""}, false},
	{"x>1", Set{"x": "0x10"}, false},
	{"x>1", Set{"x": "0010"}, true},
	{"x in (a,b,c,d,e,f,g,h,i,j,k)", Set{"x": "k"}, true},
	{"x in (a,b,c,d,e,f,g,h,i,j,k)", Set{"x": "kk"}, false},
	{"x in (a,b,c,d,e,f,g,h,i,j,k)", Set{"x": ""}, false},
	{"x notin (a,b,c,d,e,f,g,h,i,j,k)", Set{"x": "a"}, false},
	{"x=a,x=b", Set{"x": "a"}, false},
	{"x=a,x!=b", Set{"x": "a"}, true},
}

func TestMatches(t *testing.T) {
	for _, c := range matchCases {
		sel, err := Parse(c.sel)
		if err != nil {
			if c.sel == "x>-5" {
				continue
			}
			t.Fatalf("Parse(%q): %v", c.sel, err)
		}
		if got := sel.Matches(c.set); got != c.match {
			t.Errorf("Parse(%q).Matches(%v) = %v, want %v", c.sel, c.set, got, c.match)
		}
		if got := refMatches(sel.Requirements(), c.set); got != c.match {
			t.Errorf("reference: %q on %v = %v, want %v", c.sel, c.set, got, c.match)
		}
	}
}

func TestParseInt64(t *testing.T) {
	for _, s := range []string{"", "0", "-0", "+0", "12", "-12", "+12", "007", "9223372036854775807",
		"9223372036854775808", "-9223372036854775808", "-9223372036854775809", "99999999999999999999",
		"1_000", "0x1", "1e3", " 1", "1 ", "+", "-", "--1", "+-1", "١", "18446744073709551616",
		"00000000000000000000000000000000009"} {
		n, ok := parseInt64(s)
		ref, rerr := strconvParseInt(s)
		if ok != (rerr == nil) || ok && n != ref {
			t.Errorf("parseInt64(%q) = %d, %v; strconv gives %d, %v", s, n, ok, ref, rerr)
		}
	}
}

func TestEverythingNothing(t *testing.T) {
	sets := []Set{nil, {}, {"x": "y"}}
	for _, s := range sets {
		if !Everything().Matches(s) || !(Selector{}).Matches(s) || !FromSet(nil).Matches(s) || !MustParse("").Matches(s) {
			t.Errorf("the empty selectors must match %v", s)
		}
		if Nothing().Matches(s) {
			t.Errorf("Nothing matched %v", s)
		}
	}
	if !Everything().Empty() || !(Selector{}).Empty() || !FromSet(Set{}).Empty() || !MustParse(" ").Empty() {
		t.Error("the empty selectors must be Empty")
	}
	if Nothing().Empty() || MustParse("x").Empty() || !Nothing().IsNothing() || Everything().IsNothing() {
		t.Error("Nothing and x are not Empty")
	}
	if Everything().String() != "" || Nothing().String() != "" {
		t.Error("Everything and Nothing print as empty strings")
	}
	if Everything().Requirements() != nil || Nothing().Requirements() != nil {
		t.Error("Everything and Nothing have no requirements")
	}
}

func TestFromSet(t *testing.T) {
	s := Set{"tier": "frontend", "app": "web", "a.b": "x", "empty": ""}
	sel := FromSet(s)
	if got, want := sel.String(), "a.b=x,app=web,empty=,tier=frontend"; got != want {
		t.Errorf("FromSet(%v).String() = %q, want %q", s, got, want)
	}
	// Upstream TestSetMatches.
	labels := Set{"foo": "bar", "baz": "blah"}
	for _, sub := range []Set{{}, {"foo": "bar"}, {"baz": "blah"}, {"foo": "bar", "baz": "blah"}} {
		if !FromSet(sub).Matches(labels) {
			t.Errorf("FromSet(%v) does not match %v", sub, labels)
		}
	}
	if FromSet(Set{"foo": "bar", "x": "y"}).Matches(labels) {
		t.Error("FromSet with an extra key matched")
	}
	// The selector does not alias the set.
	s["app"] = "changed"
	if !sel.Matches(Set{"app": "web", "tier": "frontend", "a.b": "x", "empty": ""}) {
		t.Error("FromSet aliases its argument")
	}
	for _, r := range sel.Requirements() {
		if r.Operator != Equals || len(r.Values) != 1 {
			t.Errorf("FromSet requirement %#v, want key=value", r)
		}
	}
}

func TestSetString(t *testing.T) {
	cases := []struct {
		set  Set
		want string
	}{
		{nil, ""},
		{Set{}, ""},
		{Set{"a": "1"}, "a=1"},
		{Set{"b": "2", "a": "1"}, "a=1,b=2"},
		// labels.Set.String sorts whole "k=v" strings: '.' < '='.
		{Set{"a": "1", "a.b": "2"}, "a.b=2,a=1"},
		{Set{"x": ""}, "x="},
	}
	for _, c := range cases {
		if got := c.set.String(); got != c.want {
			t.Errorf("%#v.String() = %q, want %q", c.set, got, c.want)
		}
	}
}

func TestMatchesNoAllocs(t *testing.T) {
	sel := MustParse("app=web,tier in (frontend,backend),!canary,x notin (a),v>3")
	set := Set{"app": "web", "tier": "frontend", "v": "10"}
	if !sel.Matches(set) {
		t.Fatal("no match")
	}
	if n := testing.AllocsPerRun(100, func() { sel.Matches(set); sel.Matches(Set{"v": "junk"}) }); n != 0 {
		t.Errorf("Matches allocates %v times", n)
	}
}

// --- property tests ---

var (
	genKeys   = []string{"a", "b", "app", "in", "notin", "example.com/x", "Z9"}
	genValues = []string{"", "1", "2", "10", "x", "y", "in", "007", "-3", "web"}
)

// genRequirement draws a valid requirement over a small alphabet.
func genRequirement(t *rapid.T) Requirement {
	key := rapid.SampledFrom(genKeys).Draw(t, "key")
	ops := []Operator{Equals, DoubleEquals, NotEquals, In, NotIn, Exists, DoesNotExist, GreaterThan, LessThan}
	o := rapid.SampledFrom(ops).Draw(t, "op")
	r := Requirement{Key: key, Operator: o}
	switch o {
	case Equals, DoubleEquals, NotEquals:
		r.Values = []string{rapid.SampledFrom(genValues[:8]).Draw(t, "v")}
	case GreaterThan, LessThan:
		r.Values = []string{rapid.SampledFrom([]string{"0", "1", "2", "10", "007"}).Draw(t, "n")}
	case In, NotIn:
		vs := rapid.SliceOfN(rapid.SampledFrom(genValues[:8]), 1, 4).Draw(t, "vs")
		slices.Sort(vs)
		r.Values = slices.Compact(vs)
	}
	return r
}

// render writes r in selector text, with random spacing and set order.
func render(t *rapid.T, r Requirement) string {
	sp := func(label string) string {
		return rapid.SampledFrom([]string{"", "", " ", "\t", " \n "}).Draw(t, label)
	}
	switch r.Operator {
	case Exists:
		return sp("s0") + r.Key + sp("s1")
	case DoesNotExist:
		return sp("s0") + "!" + sp("s1") + r.Key + sp("s2")
	case In, NotIn:
		return sp("s0") + r.Key + " " + string(r.Operator) + sp("s1") + "(" + strings.Join(renderMembers(t, r.Values), ","+sp("s2")) + ")" + sp("s3")
	case GreaterThan:
		return r.Key + sp("s0") + ">" + sp("s1") + r.Values[0]
	case LessThan:
		return r.Key + sp("s0") + "<" + sp("s1") + r.Values[0]
	}
	return sp("s0") + r.Key + sp("s1") + string(r.Operator) + sp("s2") + r.Values[0] + sp("s3")
}

// renderMembers lists a set's values as members of "(...)" in random
// order, some repeated; "" becomes one or more empty members, each at a
// random position: first, between two values or commas, or last.
func renderMembers(t *rapid.T, vals []string) []string {
	var members []string
	for _, v := range vals {
		if v != "" {
			members = append(members, slices.Repeat([]string{v}, rapid.IntRange(1, 2).Draw(t, "copies"))...)
		}
	}
	members = rapid.Permutation(members).Draw(t, "order")
	if slices.Contains(vals, "") {
		for range rapid.IntRange(1, 3).Draw(t, "empties") {
			at := rapid.IntRange(0, len(members)).Draw(t, "at")
			members = slices.Insert(members, at, "")
		}
	}
	return members
}

func genSet(t *rapid.T) Set {
	return rapid.MapOfN(rapid.SampledFrom(genKeys), rapid.SampledFrom(genValues), 0, 5).Draw(t, "set")
}

// Parse of rendered random requirements gives the requirements back, the
// reference String, and the reference matching.
func TestParseRoundTripProperty(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		reqs := rapid.SliceOfN(rapid.Custom(genRequirement), 0, 8).Draw(t, "reqs")
		parts := make([]string, len(reqs))
		for i, r := range reqs {
			parts[i] = render(t, r)
		}
		text := strings.Join(parts, ",")
		sel, err := Parse(text)
		if err != nil {
			t.Fatalf("Parse(%q): %v", text, err)
		}
		want := slices.Clone(reqs)
		slices.SortStableFunc(want, func(a, b Requirement) int { return strings.Compare(a.Key, b.Key) })
		if got, w := sel.String(), refString(want); got != w {
			t.Fatalf("Parse(%q).String() = %q, want %q", text, got, w)
		}
		again := MustParse(sel.String())
		for range 4 {
			s := genSet(t)
			if got, w := sel.Matches(s), refMatches(want, s); got != w {
				t.Fatalf("Parse(%q).Matches(%v) = %v, reference %v", text, s, got, w)
			}
			if again.Matches(s) != sel.Matches(s) {
				t.Fatalf("re-parsed %q matches %v differently", sel.String(), s)
			}
		}
	})
}

// Parse agrees with the reference parser on strings made of grammar
// fragments, valid or not.
func TestParseDifferentialProperty(t *testing.T) {
	frags := []string{"x", "y", "in", "notin", "a.b/c", "-a", "1", "=", "==", "!=", "!", ">", "<", "(", ")",
		",", " ", "\t", "", "A", "B/c", "\x00", "~", "_"}
	rapid.Check(t, func(t *rapid.T) {
		for i := range 20 {
			parts := rapid.SliceOfN(rapid.SampledFrom(frags), 0, 12).Draw(t, fmt.Sprint("parts", i))
			text := strings.Join(parts, "")
			sel, err := Parse(text)
			ref, rerr := refParse(text)
			if (err == nil) != (rerr == nil) {
				t.Fatalf("Parse(%q) error %v, reference error %v", text, err, rerr)
			}
			if err != nil {
				continue
			}
			if got, w := sel.String(), refString(ref); got != w {
				t.Fatalf("Parse(%q).String() = %q, reference %q", text, got, w)
			}
		}
	})
}

// Parse agrees with the reference parser on "in" and "notin" sets whose
// members are drawn from values, commas, spaces and stray tokens, so that
// empty members come in every position.
func TestParseSetDifferentialProperty(t *testing.T) {
	frags := []string{"a", "b", "in", ",", ",", ",", " "}
	stray := []string{"-a", "=", "(", ")", "!"}
	rapid.Check(t, func(t *rapid.T) {
		head := rapid.SampledFrom([]string{"x in (", "x notin (", "x in(", "y=1,x in ( "}).Draw(t, "head")
		body := rapid.SliceOfN(rapid.SampledFrom(frags), 0, 10).Draw(t, "body")
		if rapid.IntRange(0, 4).Draw(t, "stray?") == 0 {
			at := rapid.IntRange(0, len(body)).Draw(t, "at")
			body = slices.Insert(body, at, rapid.SampledFrom(stray).Draw(t, "stray"))
		}
		tail := rapid.SampledFrom([]string{")", ")", ",z", "", ") ,y notin (,)"}).Draw(t, "tail")
		text := head + strings.Join(body, "") + tail
		sel, err := Parse(text)
		ref, rerr := refParse(text)
		if (err == nil) != (rerr == nil) {
			t.Fatalf("Parse(%q) error %v, reference error %v", text, err, rerr)
		}
		if err == nil && sel.String() != refString(ref) {
			t.Fatalf("Parse(%q).String() = %q, reference %q", text, sel.String(), refString(ref))
		}
	})
}

// A single label, a pod's own often, is rendered with one allocation.
func TestSetStringOneLabelAllocs(t *testing.T) {
	one := Set{"app": "web"}
	if n := testing.AllocsPerRun(100, func() { _ = one.String() }); n > 1 {
		t.Errorf("one label: %v allocations, want 1", n)
	}
}
