package selector

import (
	"errors"
	"strings"
	"testing"
)

// goodSelectors maps input → canonical String. Sources: apimachinery
// pkg/labels/selector.go (Parse, parseValues, Requirement.String) and its
// tests TestSelectorParse, TestSetSelectorParser, TestSelectorMatches and
// TestToString.
var goodSelectors = []struct{ in, out string }{
	// canonical String (Requirement.String, requirements sorted by key) and
	// upstream TestSelectorParse (String is the input minus spaces)
	{"x=a,y=b,z=c", "x=a,y=b,z=c"},
	{"", ""},
	{"x!=a,y=b", "x!=a,y=b"},
	{"x=", "x="},
	{"x= ", "x="},
	{"x=,z= ", "x=,z="},
	{"x= ,z= ", "x=,z="},
	{"!x", "!x"},
	{"x>1", "x>1"},
	{"x>1,z<5", "x>1,z<5"},
	{"a=x,x=a", "a=x,x=a"},
	{"x=a,a=x", "a=x,x=a"},
	{"x notin (abc,,def),bar,z in (),w", "bar,w,x notin (,abc,def),z in ()"},
	// the grammar's corners: keywords as identifiers, empty values and sets
	{"notin=in", "notin=in"},
	{"x=,z=", "x=,z="},
	{"x in (abc,abc)", "x in (abc)"},
	{"x in ()", "x in ()"},
	{"x in (abc,)", "x in (,abc)"},
	{"x in (a,,,)", "x in (,a)"},
	{"x notin ( )", "x notin ()"},
	{"x==a", "x==a"},
	// upstream TestSetSelectorParser
	{"\rx", "x"},
	{"this-is-a-dns.domain.com/key-with-dash", "this-is-a-dns.domain.com/key-with-dash"},
	{"this-is-another-dns.domain.com/key-with-dash in (so,what)", "this-is-another-dns.domain.com/key-with-dash in (so,what)"},
	{"0.1.2.domain/99 notin (10.10.100.1, tick.tack.clock)", "0.1.2.domain/99 notin (10.10.100.1,tick.tack.clock)"},
	{"foo  in\t (abc)", "foo in (abc)"},
	{"x notin\n (abc)", "x notin (abc)"},
	{"x  notin\t\t\t(abc,def)", "x notin (abc,def)"},
	{"x in (abc,def)", "x in (abc,def)"},
	{"x,y in (a)", "x,y in (a)"},
	{"x=a", "x=a"},
	{"x<7", "x<7"},
	{"x=a,y!=b", "x=a,y!=b"},
	{"x=a,y!=b,z in (h,i,j)", "x=a,y!=b,z in (h,i,j)"},
	{"x notin (, a)", "x notin (,a)"},
	{"a ", "a"},
	{"a in (x,y,notin, z,in)", "a in (in,notin,x,y,z)"},
	// upstream TestToString, rendered from parsed input
	{"x in (def,abc),y notin (jkl),z", "x in (abc,def),y notin (jkl),z"},
	{"x notin (abc,def),y!=jkl,!z", "x notin (abc,def),y!=jkl,!z"},
	{"x notin (abc),y in (jkl,mno),z notin ()", "x notin (abc),y in (jkl,mno),z notin ()"},
	{"x=abc,y==jkl,z!=a,z", "x=abc,y==jkl,z!=a,z"},
	{"x>2,y<8,z", "x>2,y<8,z"},
	// keywords as keys and values, whitespace, operators glued together
	{"in in (in)", "in in (in)"},
	{"notin notin (notin,in)", "notin notin (in,notin)"},
	{"!in", "!in"},
	{"in", "in"},
	{"x=in,y==notin", "x=in,y==notin"},
	{" \t\r\nx \n=\ty\r ", "x=y"},
	{"x!=", "x!="},
	{"x==", "x=="},
	{"x==,y!=", "x==,y!="},
	{"x>007", "x>007"},
	{"x<9223372036854775807", "x<9223372036854775807"},
	{"example.com/a=B.c-d_E", "example.com/a=B.c-d_E"},
	{"x in (b,a,c,b)", "x in (a,b,c)"},
	{"x in(a)", "x in (a)"},
	{"x notin(a)", "x notin (a)"},
	{"x in (,)", "x in ()"},
	{"x in (,a,)", "x in (,a)"},
	{"x in (a,,b)", "x in (,a,b)"},
	{"x,x", "x,x"},
	{"b=1,a=2,b=0", "a=2,b=1,b=0"}, // equal keys keep upstream's (insertion-sort) order
	// a NUL byte reads as end of input to upstream's lexer
	{"x=a \x00garbage", "x=a"},
	{"x=a\x00,y=b", "x=a,y=b"},
	{"x=\x00a", "x=a"},
	{"\x00", ""},
	{"x\x00", "x"},
}

// badSelectors: inputs Parse rejects, with a fragment of the reason and the
// byte offset reported. Sources: apimachinery pkg/labels/selector.go
// (Parser.parse, parseRequirement, NewRequirement) and its tests
// TestSelectorParse and TestSetSelectorParser.
var badSelectors = []struct {
	in, why string
	pos     int
}{
	{"x=a||y=b", `invalid label value "a||y"`, 2},
	{"x==a==b", "found '==', expected ',' or end of string", 4},
	{"!x=a", "'!' only allows a bare key", 2},
	{"x<a", "must be a base-10 64-bit integer", 2},
	{"x,,y", "found ',', expected an identifier or '!' after ','", 2},
	{",x,y", "found ','", 0},
	{"x nott in (y)", "found 'nott', expected an operator", 2},
	{"a in (xyz),", "found end of string, expected an identifier or '!' after ','", 11},
	{"a in (xyz)b notin ()", "found 'b', expected ',' or end of string", 10},
	{"a notin(", "found end of string, expected ',', ')' or a value", 8},
	{"a (", "found '(', expected an operator", 2},
	{"(", "found '('", 0},
	{"a in (xyz abc)", "found 'abc', expected ',' or ')'", 10},
	{"Example.com/x=1", `invalid label key "Example.com/x"`, 0},
	{"x=-a", `invalid label value "-a" for key "x"`, 2},
	// more
	{"x>", "must be a base-10 64-bit integer", 2},
	{"x>-1", `invalid label value "-1"`, 2},
	{"x>+1", `invalid label value "+1"`, 2},
	{"x>1.5", "integer", 2},
	{"x>9223372036854775808", "integer", 2},
	{"x in (a,,=)", "found '=', expected ',' or a value", 9},
	{"x in (,,", "found end of string, expected ',' or a value", 8},
	{"x in (a,,b", "found end of string, expected ',' or ')'", 10},
	{"x in (,,b c)", "found 'c', expected ',' or ')'", 10},
	{"x in", "found end of string, expected '('", 4},
	{"x in a", "found 'a', expected '('", 5},
	{"x in (a", "found end of string, expected ',' or ')'", 7},
	{"x in (a,", "found end of string, expected ',' or a value", 8},
	{"x in (=)", "found '='", 6},
	{"x=(", "found '(', expected a value", 2},
	{"x=a b", "found 'b'", 4},
	{"x y", "found 'y', expected an operator", 2},
	{"!", "found end of string, expected an identifier", 1},
	{"!!x", "found '!'", 1},
	{"!x in (a)", "'!' only allows a bare key", 3},
	{"x=a,", "after ','", 4},
	{"=", "found '='", 0},
	{"x===a", "found '=', expected a value", 3},
	{"x!==a", "found '=', expected a value", 3},
	{"x=a)", "found ')'", 3},
	{"/x", "prefix part must be non-empty", 0},
	{"a/b/c", "a valid label key", 0},
	{strings.Repeat("k", 64), "no more than 63", 0},
	{"x=" + strings.Repeat("v", 64), "no more than 63", 2},
	{"x in (a b)", "found 'b'", 8},
	{"x in (ok,-bad)", `invalid label value "-bad"`, 9},
	{"x=a\x00garbage", "found 'garbage'", 4},
	{"x=a,\x00", "after ','", 5},
	{"ä=1", "invalid label key", 0},
	{"x~=1", "invalid label key", 0},
}

func TestParseGood(t *testing.T) {
	for _, c := range goodSelectors {
		sel, err := Parse(c.in)
		if err != nil {
			t.Errorf("Parse(%q): %v", c.in, err)
			continue
		}
		if got := sel.String(); got != c.out {
			t.Errorf("Parse(%q).String() = %q, want %q", c.in, got, c.out)
		}
		// The canonical form is a fixed point.
		again, err := Parse(c.out)
		if err != nil || again.String() != c.out {
			t.Errorf("Parse(%q) = %q, %v: not a fixed point", c.out, again.String(), err)
		}
	}
}

func TestParseBad(t *testing.T) {
	for _, c := range badSelectors {
		sel, err := Parse(c.in)
		if err == nil {
			t.Errorf("Parse(%q) = %q, want error", c.in, sel.String())
			continue
		}
		var pe *ParseError
		if !errors.As(err, &pe) {
			t.Errorf("Parse(%q): error %T, want *ParseError", c.in, err)
			continue
		}
		if pe.Input != c.in || pe.Pos != c.pos || !strings.Contains(pe.Msg, c.why) {
			t.Errorf("Parse(%q) = {Pos: %d, Msg: %q}, want Pos %d and a message containing %q", c.in, pe.Pos, pe.Msg, c.pos, c.why)
		}
		if !strings.Contains(err.Error(), c.why) {
			t.Errorf("Parse(%q).Error() = %q lacks %q", c.in, err, c.why)
		}
		if !sel.Empty() {
			t.Errorf("Parse(%q) returned a non-zero selector with its error", c.in)
		}
	}
}

// TestParseErrorBounded: the message of a syntax error does not grow with
// the input. Upstream's parser errors quote only the token at fault
// ("found '(', expected: ',' or 'end of string'"); a long input is shown
// as a window around the offset, and Input still holds all of it.
func TestParseErrorBounded(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"x=a,y=b,z=(" + strings.Repeat("a", 1<<20),
			`selector "x=a,y=b,z=(aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"... (1048587 bytes): offset 10: found '(', expected a value`},
		{strings.Repeat("a,", 1<<19) + "x==a==b",
			`selector ..."a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,x==a==b" (1048583 bytes): offset 1048580: found '==', expected ',' or end of string`},
		{strings.Repeat("a,", 50) + "x==a==b," + strings.Repeat("b", 100),
			`selector ..."a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,x==a==b,bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"... (208 bytes): offset 104: found '==', expected ',' or end of string`},
	} {
		_, err := Parse(c.in)
		var pe *ParseError
		if !errors.As(err, &pe) || pe.Input != c.in {
			t.Fatalf("Parse: %T %v, want a *ParseError holding the input", err, err)
		}
		if got := err.Error(); got != c.want {
			t.Errorf("Parse(%d bytes) error\n%.300s\nwant\n%s", len(c.in), got, c.want)
		}
	}
}

func TestParseErrorWrapsLabelError(t *testing.T) {
	_, err := Parse("app=web,tier=-x")
	var le *LabelError
	if !errors.Is(err, ErrInvalidLabel) || !errors.As(err, &le) || le.Key != "tier" || le.Value != "-x" {
		t.Fatalf("got %v, want a ParseError wrapping the value's LabelError", err)
	}
	_, err = Parse("x>abc")
	if errors.Is(err, ErrInvalidLabel) {
		t.Fatalf("a non-integer > value is a grammar error, not a label error: %v", err)
	}
}

// TestParseEmptySetMembers: an empty member may stand in every position of
// an "in" / "notin" set (first, between two commas, last, alone, repeated)
// and adds "" to the set once. Results of apimachinery v0.35.0
// labels.Parse (pkg/labels/selector.go, parseValues and
// parseIdentifiersList): String, Matches of a set without x and of {x: ""}.
func TestParseEmptySetMembers(t *testing.T) {
	for _, c := range []struct {
		in, out             string
		absent, emptyString bool
	}{
		{"x in ()", "x in ()", false, true},
		{"x in ( )", "x in ()", false, true},
		{"x in (,)", "x in ()", false, true},
		{"x in (,,)", "x in ()", false, true},
		{"x in (,,,)", "x in ()", false, true},
		{"x in (,a)", "x in (,a)", false, true},
		{"x in (,,a)", "x in (,a)", false, true},
		{"x in ( , a )", "x in (,a)", false, true},
		{"x in (a,)", "x in (,a)", false, true},
		{"x in (a,,)", "x in (,a)", false, true},
		{"x in (a,,,)", "x in (,a)", false, true},
		{"x in (a,,b)", "x in (,a,b)", false, true},
		{"x in (a,,,b)", "x in (,a,b)", false, true},
		{"x in (,a,)", "x in (,a)", false, true},
		{"x in (,a,,b,)", "x in (,a,b)", false, true},
		{"x in (a,,a,,a,,a,,)", "x in (,a)", false, true},
		{"x in(,,)", "x in ()", false, true},
		{"x notin ( )", "x notin ()", true, false},
		{"x notin (,)", "x notin ()", true, false},
		{"x notin (,,)", "x notin ()", true, false},
		{"x notin (a,,)", "x notin (,a)", true, false},
		{"x in (in,notin)", "x in (in,notin)", false, false},
		{"x in (a,b)", "x in (a,b)", false, false},
		{"x in (a,,),y in (,,)", "x in (,a),y in ()", false, false},
	} {
		sel, err := Parse(c.in)
		if err != nil {
			t.Errorf("Parse(%q): %v", c.in, err)
			continue
		}
		if got := sel.String(); got != c.out {
			t.Errorf("Parse(%q).String() = %q, want %q", c.in, got, c.out)
		}
		if got := sel.Matches(Set{}); got != c.absent {
			t.Errorf("Parse(%q).Matches(no x) = %v, want %v", c.in, got, c.absent)
		}
		if got := sel.Matches(Set{"x": ""}); got != c.emptyString {
			t.Errorf("Parse(%q).Matches(x=\"\") = %v, want %v", c.in, got, c.emptyString)
		}
	}
}

func TestParseRequirements(t *testing.T) {
	sel := MustParse("z in (b,a,,b), !y, x, w>3, v!=q, u==p, t=s, notin notin (in)")
	want := []Requirement{
		{"notin", NotIn, []string{"in"}},
		{"t", Equals, []string{"s"}},
		{"u", DoubleEquals, []string{"p"}},
		{"v", NotEquals, []string{"q"}},
		{"w", GreaterThan, []string{"3"}},
		{"x", Exists, nil},
		{"y", DoesNotExist, nil},
		{"z", In, []string{"", "a", "b"}},
	}
	got := sel.Requirements()
	if len(got) != len(want) {
		t.Fatalf("Requirements() = %v, want %v", got, want)
	}
	for i := range want {
		if got[i].Key != want[i].Key || got[i].Operator != want[i].Operator || strings.Join(got[i].Values, "|") != strings.Join(want[i].Values, "|") || len(got[i].Values) != len(want[i].Values) {
			t.Errorf("Requirements()[%d] = %#v, want %#v", i, got[i], want[i])
		}
		if s := got[i].String(); !strings.Contains(sel.String(), s) {
			t.Errorf("Requirement.String() = %q is not part of %q", s, sel.String())
		}
	}
	// Requirements hands out copies.
	got[7].Values[1] = "changed"
	if sel.String() != MustParse(sel.String()).String() || strings.Contains(sel.String(), "changed") {
		t.Fatalf("mutating Requirements() changed the selector: %q", sel.String())
	}
}

func TestMustParsePanics(t *testing.T) {
	defer func() {
		if r := recover(); r == nil {
			t.Fatal("MustParse of a bad selector did not panic")
		}
	}()
	MustParse("x==a==b")
}

func TestLexer(t *testing.T) {
	// Upstream TestLexer / TestLexerSequence, as kinds.
	cases := []struct {
		in    string
		kinds []tokKind
	}{
		{"", nil},
		{",", []tokKind{tokComma}},
		{"notin", []tokKind{tokNotIn}},
		{"in", []tokKind{tokIn}},
		{"=", []tokKind{tokEq}},
		{"==", []tokKind{tokDoubleEq}},
		{">", []tokKind{tokGt}},
		{"<", []tokKind{tokLt}},
		{"!", []tokKind{tokNot}},
		{"!=", []tokKind{tokNotEq}},
		{"(", []tokKind{tokOpen}},
		{")", []tokKind{tokClose}},
		{"~", []tokKind{tokIdent}},
		{"||", []tokKind{tokIdent}},
		{"key in ( value )", []tokKind{tokIdent, tokIn, tokOpen, tokIdent, tokClose}},
		{"key notin ( value1, value2 )", []tokKind{tokIdent, tokNotIn, tokOpen, tokIdent, tokComma, tokIdent, tokClose}},
		{"!key", []tokKind{tokNot, tokIdent}},
		{"x in (),y", []tokKind{tokIdent, tokIn, tokOpen, tokClose, tokComma, tokIdent}},
		{"== != (), = notin", []tokKind{tokDoubleEq, tokNotEq, tokOpen, tokClose, tokComma, tokEq, tokNotIn}},
		{"key>2", []tokKind{tokIdent, tokGt, tokIdent}},
		{"key<1", []tokKind{tokIdent, tokLt, tokIdent}},
		{"===", []tokKind{tokDoubleEq, tokEq}},
		{"!==", []tokKind{tokNotEq, tokEq}},
		{"=!", []tokKind{tokEq, tokNot}},
		{"!!", []tokKind{tokNot, tokNot}},
		{"a\x00b", []tokKind{tokIdent, tokIdent}},
		{"a \x00b", []tokKind{tokIdent}},
		{"inx notinx", []tokKind{tokIdent, tokIdent}},
	}
	for _, c := range cases {
		l := lexer{s: c.in}
		var got []tokKind
		for {
			tk := l.next()
			if tk.kind == tokEnd {
				break
			}
			got = append(got, tk.kind)
		}
		if len(got) != len(c.kinds) {
			t.Errorf("lex %q = %v, want %v", c.in, got, c.kinds)
			continue
		}
		for i := range got {
			if got[i] != c.kinds[i] {
				t.Errorf("lex %q = %v, want %v", c.in, got, c.kinds)
				break
			}
		}
	}
}

func TestParseAllocs(t *testing.T) {
	for _, c := range []struct {
		in  string
		max float64
	}{
		{"", 0},
		{"app=web,tier=frontend", 1},
		{"app=web", 1},
		{"x in (a,b),y notin (c),!z,w>1", 2},
	} {
		if n := testing.AllocsPerRun(100, func() { _, _ = Parse(c.in) }); n > c.max {
			t.Errorf("Parse(%q) allocates %v times, want at most %v", c.in, n, c.max)
		}
	}
}
