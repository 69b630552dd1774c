package selector

import (
	"fmt"
	"slices"
	"strings"
)

// ParseError is the error [Parse] returns (as *ParseError): where in Input
// the selector went wrong and why.
type ParseError struct {
	// Input is the whole string given to Parse.
	Input string
	// Pos is the byte offset in Input of the token, key or value at fault
	// (len(Input) for a premature end of input).
	Pos int
	// Msg says what is wrong, e.g. "found '=', expected ',' or end of string".
	Msg string
	// Err is the underlying *LabelError when a key or value is invalid, or nil.
	Err error
}

// Error returns e.g. `selector "x==a==b": offset 4: found '==', expected ',' or end of string`.
// An input longer than 128 bytes is shown as the 48 bytes either side of
// Pos, with its length, so that the message does not grow with the input.
func (e *ParseError) Error() string {
	const whole, side = 128, 48
	if len(e.Input) <= whole {
		return fmt.Sprintf("selector %q: offset %d: %s", e.Input, e.Pos, e.Msg)
	}
	lo, hi := max(e.Pos-side, 0), min(e.Pos+side, len(e.Input))
	before, after := "", ""
	if lo > 0 {
		before = "..."
	}
	if hi < len(e.Input) {
		after = "..."
	}
	return fmt.Sprintf("selector %s%q%s (%d bytes): offset %d: %s", before, e.Input[lo:hi], after, len(e.Input), e.Pos, e.Msg)
}

// Unwrap returns the underlying *LabelError, if any (errors.Is(err,
// ErrInvalidLabel) holds for invalid keys and values).
func (e *ParseError) Unwrap() error { return e.Err }

// Parse parses a label selector in the grammar of
// k8s.io/apimachinery/pkg/labels.Parse and accepts exactly the strings it
// accepts:
//
//	selector    := "" | requirement ("," requirement)*
//	requirement := ["!"] KEY
//	             | KEY ("=" | "==" | "!=") [VALUE]
//	             | KEY (">" | "<") INTEGER
//	             | KEY ("in" | "notin") "(" [VALUE] ("," [VALUE])* ")"
//
// Whitespace (space, \t, \r, \n) may surround every token; a missing VALUE
// is the empty string; "in" and "notin" may be keys and values; every key
// and value must pass [ValidateKey] and [ValidateValue]; the value of > and
// < must be a base-10 int64. The requirements are sorted by key, as
// upstream sorts them. Parse("") is [Everything]. Errors are *[ParseError].
//
// Parse allocates one slice for the requirements and, when there are "in"
// or "notin" sets, one for their values; keys and values share the input.
func Parse(s string) (Selector, error) {
	p := parser{lx: lexer{s: s}}
	if err := p.parse(); err != nil {
		return Selector{}, err
	}
	sortReqs(p.reqs)
	return newSelector(p.reqs), nil
}

// MustParse is like [Parse] but panics if s is not a valid selector. It is
// meant for tests, examples and constant selectors.
func MustParse(s string) Selector {
	sel, err := Parse(s)
	if err != nil {
		panic(err)
	}
	return sel
}

type parser struct {
	lx   lexer
	cur  token // the lookahead token
	reqs []req
	vals []string // backing array of every set's values
}

// take consumes the lookahead token and returns it.
func (p *parser) take() token {
	t := p.cur
	p.cur = p.lx.next()
	return t
}

// asValue is the token kind where a key or value is expected: upstream's
// "Values" parser context, in which "in" and "notin" are identifiers.
func asValue(t token) tokKind {
	if t.kind == tokIn || t.kind == tokNotIn {
		return tokIdent
	}
	return t.kind
}

func (p *parser) text(t token) string { return p.lx.s[t.start:t.end] }

// found describes t for an error message.
func (p *parser) found(t token) string {
	if t.kind == tokEnd {
		return "found end of string"
	}
	return "found '" + p.text(t) + "'"
}

func (p *parser) fail(pos int, msg string, err error) error {
	return &ParseError{Input: p.lx.s, Pos: pos, Msg: msg, Err: err}
}

func (p *parser) parse() error {
	p.cur = p.lx.next()
	for {
		t := p.cur
		switch asValue(t) {
		case tokIdent, tokNot:
			if err := p.requirement(); err != nil {
				return err
			}
			t = p.take()
			switch asValue(t) {
			case tokEnd:
				return nil
			case tokComma:
				if k := asValue(p.cur); k != tokIdent && k != tokNot {
					return p.fail(p.cur.start, p.found(p.cur)+", expected an identifier or '!' after ','", nil)
				}
			default:
				return p.fail(t.start, p.found(t)+", expected ',' or end of string", nil)
			}
		case tokEnd:
			return nil
		default:
			return p.fail(t.start, p.found(t)+", expected '!', an identifier or end of string", nil)
		}
	}
}

func (p *parser) addReq(r req) {
	if p.reqs == nil {
		p.reqs = make([]req, 0, strings.Count(p.lx.s, ",")+1)
	}
	p.reqs = append(p.reqs, r)
}

func (p *parser) requirement() error {
	t := p.take()
	neg := t.kind == tokNot
	if neg {
		t = p.take()
	}
	if asValue(t) != tokIdent {
		return p.fail(t.start, p.found(t)+", expected an identifier (a label key)", nil)
	}
	key := p.text(t)
	if !validKey(key) {
		err := ValidateKey(key)
		return p.fail(t.start, err.Error(), err)
	}
	if k := asValue(p.cur); k == tokEnd || k == tokComma {
		if neg {
			p.addReq(req{key: key, op: opDoesNotExist})
		} else {
			p.addReq(req{key: key, op: opExists})
		}
		return nil
	}
	if neg {
		return p.fail(p.cur.start, p.found(p.cur)+", expected ',' or end of string ('!' only allows a bare key)", nil)
	}
	ot := p.take() // upstream's KeyAndOperator context: "in" and "notin" are operators
	switch ot.kind {
	case tokIn:
		return p.set(key, opIn)
	case tokNotIn:
		return p.set(key, opNotIn)
	case tokEq:
		return p.exact(key, opEquals)
	case tokDoubleEq:
		return p.exact(key, opDoubleEquals)
	case tokNotEq:
		return p.exact(key, opNotEquals)
	case tokGt:
		return p.exact(key, opGreaterThan)
	case tokLt:
		return p.exact(key, opLessThan)
	}
	return p.fail(ot.start, p.found(ot)+", expected an operator: in, notin, =, ==, !=, >, <", nil)
}

// exact parses the single value of =, ==, !=, > and <.
func (p *parser) exact(key string, o op) error {
	t := p.cur
	val := ""
	switch asValue(t) {
	case tokEnd, tokComma: // a missing value is ""
	case tokIdent:
		p.take()
		val = p.text(t)
	default:
		return p.fail(t.start, p.found(t)+", expected a value", nil)
	}
	if !validValue(val) {
		err := ValidateValue(val)
		err.(*LabelError).Key = key
		return p.fail(t.start, err.Error(), err)
	}
	r := req{key: key, op: o, val: val}
	if o == opGreaterThan || o == opLessThan {
		n, ok := parseInt64(val)
		if !ok {
			return p.fail(t.start, fmt.Sprintf("value %q of '%s' must be a base-10 64-bit integer", val, opText[o]), nil)
		}
		r.num = n
	}
	p.addReq(r)
	return nil
}

// set parses "(" values ")" after in / notin, mirroring upstream's
// parseValues and parseIdentifiersList: a value must be followed by ','
// or ')'; an empty member, in any position ("(,a)", "(a,,b)", "(a,)",
// "(,,)") or "()" itself, adds "" to the set.
func (p *parser) set(key string, o op) error {
	t := p.take()
	if t.kind != tokOpen {
		return p.fail(t.start, p.found(t)+", expected '('", nil)
	}
	if p.vals == nil {
		p.vals = make([]string, 0, strings.Count(p.lx.s, ",")+2)
	}
	start := len(p.vals)
	switch asValue(p.cur) {
	case tokClose:
		p.vals = append(p.vals, "")
	case tokIdent, tokComma:
	list:
		for {
			t := p.take()
			switch asValue(t) {
			case tokIdent:
				v := p.text(t)
				if !validValue(v) {
					err := ValidateValue(v)
					err.(*LabelError).Key = key
					return p.fail(t.start, err.Error(), err)
				}
				p.vals = append(p.vals, v)
				switch asValue(p.cur) {
				case tokComma:
					continue
				case tokClose:
					break list
				default:
					return p.fail(p.cur.start, p.found(p.cur)+", expected ',' or ')'", nil)
				}
			case tokComma:
				if len(p.vals) == start {
					p.vals = append(p.vals, "") // "(,"
				}
				switch asValue(p.cur) {
				case tokClose:
					p.vals = append(p.vals, "") // ",)"
					break list
				case tokComma:
					p.vals = append(p.vals, "") // ",,"
				}
			default:
				return p.fail(t.start, p.found(t)+", expected ',' or a value", nil)
			}
		}
	default:
		return p.fail(p.cur.start, p.found(p.cur)+", expected ',', ')' or a value", nil)
	}
	p.take() // ")"
	vals := p.vals[start:]
	slices.Sort(vals)
	vals = slices.Compact(vals)
	p.vals = p.vals[:start+len(vals)]
	p.addReq(req{key: key, op: o, vals: p.vals[start:len(p.vals):len(p.vals)]})
	return nil
}
