package selector

// A slow, obviously-correct reference for the tests and the baselines of
// the benchmarks: a parser that first cuts the input into a slice of
// tokens and checks keys and values with regular expressions, and a
// matcher written straight from apimachinery pkg/labels/selector.go,
// Requirement.Matches, one operator at a time.

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
)

var (
	refNameRE      = regexp.MustCompile(`^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$`)
	refSubdomainRE = regexp.MustCompile(`^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$`)
)

func refValidKey(k string) bool {
	parts := strings.Split(k, "/")
	name := parts[len(parts)-1]
	switch len(parts) {
	case 1:
	case 2:
		if len(parts[0]) > 253 || !refSubdomainRE.MatchString(parts[0]) {
			return false
		}
	default:
		return false
	}
	return len(name) <= 63 && refNameRE.MatchString(name)
}

func refValidValue(v string) bool {
	return v == "" || len(v) <= 63 && refNameRE.MatchString(v)
}

type refTok struct{ kind, text string } // kind: "id", "end" or the operator text

// refLex cuts s into tokens. A NUL byte ends the input where a token
// would start and is otherwise dropped after the token it follows.
func refLex(s string) []refTok {
	var out []refTok
	i := 0
	for {
		for i < len(s) && strings.IndexByte(" \t\r\n", s[i]) >= 0 {
			i++
		}
		if i >= len(s) || s[i] == 0 {
			return append(out, refTok{kind: "end"})
		}
		var tk refTok
		switch {
		case strings.HasPrefix(s[i:], "!=") || strings.HasPrefix(s[i:], "=="):
			tk = refTok{s[i : i+2], s[i : i+2]}
		case strings.IndexByte("=!(),<>", s[i]) >= 0:
			tk = refTok{s[i : i+1], s[i : i+1]}
		default:
			j := i
			for j < len(s) && strings.IndexByte("=!(),<> \t\r\n\x00", s[j]) < 0 {
				j++
			}
			tk = refTok{"id", s[i:j]}
			if tk.text == "in" || tk.text == "notin" {
				tk.kind = tk.text
			}
		}
		out = append(out, tk)
		i += len(tk.text)
		if i < len(s) && s[i] == 0 {
			i++
		}
	}
}

// refParse parses s into requirements sorted by key (stable), or fails.
func refParse(s string) ([]Requirement, error) {
	toks := refLex(s)
	pos := 0
	peek := func() refTok { return toks[pos] }
	isIdent := func(t refTok) bool { return t.kind == "id" || t.kind == "in" || t.kind == "notin" }
	var reqs []Requirement
	if peek().kind == "end" {
		return nil, nil
	}
	for {
		r := Requirement{Operator: Exists}
		if peek().kind == "!" {
			r.Operator = DoesNotExist
			pos++
		}
		if !isIdent(peek()) {
			return nil, fmt.Errorf("want key, got %q", peek().text)
		}
		r.Key = peek().text
		pos++
		if !refValidKey(r.Key) {
			return nil, fmt.Errorf("bad key %q", r.Key)
		}
		if k := peek().kind; k != "," && k != "end" {
			if r.Operator == DoesNotExist {
				return nil, fmt.Errorf("! with operator")
			}
			opTok := peek()
			pos++
			switch opTok.kind {
			case "in", "notin":
				r.Operator = map[string]Operator{"in": In, "notin": NotIn}[opTok.kind]
				if peek().kind != "(" {
					return nil, fmt.Errorf("want (")
				}
				pos++
				// The members are the texts between "(", the commas and
				// ")": each a value or empty; "()" is one empty member.
				set := map[string]bool{}
				member, filled := "", false
				for closed := false; !closed; pos++ {
					switch t := peek(); {
					case isIdent(t) && !filled:
						member, filled = t.text, true
					case t.kind == "," || t.kind == ")":
						set[member] = true
						member, filled, closed = "", false, t.kind == ")"
					default:
						return nil, fmt.Errorf("want value, ',' or ')'")
					}
				}
				for v := range set {
					if !refValidValue(v) {
						return nil, fmt.Errorf("bad value %q", v)
					}
					r.Values = append(r.Values, v)
				}
				sort.Strings(r.Values)
			case "=", "==", "!=", ">", "<":
				r.Operator = map[string]Operator{"=": Equals, "==": DoubleEquals, "!=": NotEquals, ">": GreaterThan, "<": LessThan}[opTok.kind]
				v := ""
				if k := peek().kind; k != "," && k != "end" {
					if !isIdent(peek()) {
						return nil, fmt.Errorf("want value")
					}
					v = peek().text
					pos++
				}
				if !refValidValue(v) {
					return nil, fmt.Errorf("bad value %q", v)
				}
				if r.Operator == GreaterThan || r.Operator == LessThan {
					if _, err := strconv.ParseInt(v, 10, 64); err != nil {
						return nil, err
					}
				}
				r.Values = []string{v}
			default:
				return nil, fmt.Errorf("want operator")
			}
		}
		reqs = append(reqs, r)
		switch t := peek(); t.kind {
		case "end":
			sort.SliceStable(reqs, func(i, j int) bool { return reqs[i].Key < reqs[j].Key })
			return reqs, nil
		case ",":
			pos++
			if !isIdent(peek()) && peek().kind != "!" {
				return nil, fmt.Errorf("want requirement after ,")
			}
		default:
			return nil, fmt.Errorf("want , or end")
		}
	}
}

// refMatches is apimachinery's Requirement.Matches, operator by operator:
// =, == and in need the key present with a listed value; != and notin match
// when the key is absent or its value is not listed; exists and ! look only
// at the key; > and < need the key present with an int64 value.
func refMatches(reqs []Requirement, s Set) bool {
	for _, r := range reqs {
		v, ok := s[r.Key]
		var m bool
		switch r.Operator {
		case Equals, DoubleEquals, In:
			m = ok && slices.Contains(r.Values, v)
		case NotEquals, NotIn:
			m = !ok || !slices.Contains(r.Values, v)
		case Exists:
			m = ok
		case DoesNotExist:
			m = !ok
		case GreaterThan, LessThan:
			if ok {
				lv, err1 := strconv.ParseInt(v, 10, 64)
				rv, err2 := strconv.ParseInt(r.Values[0], 10, 64)
				if err1 == nil && err2 == nil {
					m = r.Operator == GreaterThan && lv > rv || r.Operator == LessThan && lv < rv
				}
			}
		}
		if !m {
			return false
		}
	}
	return true
}

// refString renders requirements as apimachinery's Requirement.String and
// internalSelector.String do: key, operator, sorted values, joined by ",".
func refString(reqs []Requirement) string {
	parts := make([]string, len(reqs))
	for i, r := range reqs {
		switch r.Operator {
		case Exists:
			parts[i] = r.Key
		case DoesNotExist:
			parts[i] = "!" + r.Key
		case In, NotIn:
			parts[i] = r.Key + " " + string(r.Operator) + " (" + strings.Join(r.Values, ",") + ")"
		case GreaterThan:
			parts[i] = r.Key + ">" + r.Values[0]
		case LessThan:
			parts[i] = r.Key + "<" + r.Values[0]
		default:
			parts[i] = r.Key + string(r.Operator) + r.Values[0]
		}
	}
	return strings.Join(parts, ",")
}

func strconvParseInt(s string) (int64, error) { return strconv.ParseInt(s, 10, 64) }
