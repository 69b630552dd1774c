package selector

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// Set is a set of labels, as labels.Set in k8s.io/apimachinery.
type Set map[string]string

// String returns the labels as sorted "key=value" pairs joined by ",".
func (s Set) String() string {
	out := make([]string, 0, len(s))
	for k, v := range s {
		out = append(out, k+"="+v)
	}
	sort.Strings(out)
	return strings.Join(out, ",")
}

// Validate reports whether every key and value is valid.
func (s Set) Validate() error { return nil }

// ValidateKey reports whether key is a valid label key.
func ValidateKey(key string) error { return nil }

// ValidateValue reports whether v is a valid label value.
func ValidateValue(v string) error { return nil }

// Operator is a requirement operator.
type Operator string

// Operators, as in k8s.io/apimachinery/pkg/selection.
const (
	Equals       Operator = "="
	DoubleEquals Operator = "=="
	NotEquals    Operator = "!="
	In           Operator = "in"
	NotIn        Operator = "notin"
	Exists       Operator = "exists"
	DoesNotExist Operator = "!"
	GreaterThan  Operator = "gt"
	LessThan     Operator = "lt"
)

// Requirement is one requirement of a selector.
type Requirement struct {
	Key      string
	Operator Operator
	Values   []string
}

// ParseError is the error Parse returns.
type ParseError struct {
	Input string
	Pos   int
	Msg   string
}

func (e *ParseError) Error() string {
	return fmt.Sprintf("selector %q: position %d: %s", e.Input, e.Pos, e.Msg)
}

// Selector is a label selector. The zero Selector selects everything.
type Selector struct {
	reqs    []Requirement
	nothing bool
}

// Parse parses a selector.
func Parse(s string) (Selector, error) { return Selector{}, errors.New("not implemented") }

// MustParse is Parse that panics on error.
func MustParse(s string) Selector {
	sel, err := Parse(s)
	if err != nil {
		panic(err)
	}
	return sel
}

// FromSet returns an equality selector.
func FromSet(s Set) Selector {
	var sel Selector
	for k, v := range s {
		sel.reqs = append(sel.reqs, Requirement{Key: k, Operator: Equals, Values: []string{v}})
	}
	sort.Slice(sel.reqs, func(i, j int) bool { return sel.reqs[i].Key < sel.reqs[j].Key })
	return sel
}

// Everything selects everything.
func Everything() Selector { return Selector{} }

// Nothing selects nothing.
func Nothing() Selector { return Selector{nothing: true} }

// Matches reports whether the selector matches the set.
func (sel Selector) Matches(s Set) bool {
	if sel.nothing {
		return false
	}
	for _, r := range sel.reqs {
		if v, ok := s[r.Key]; !ok || v != r.Values[0] {
			return false
		}
	}
	return true
}

// Empty reports whether the selector selects everything.
func (sel Selector) Empty() bool { return !sel.nothing && len(sel.reqs) == 0 }

// String returns the canonical form.
func (sel Selector) String() string { return "" }

// Requirements returns the requirements.
func (sel Selector) Requirements() []Requirement { return nil }
