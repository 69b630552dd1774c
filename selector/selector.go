package selector

import (
	"slices"
	"strings"
)

// Selector is a label selector: the AND of its requirements, kept sorted by
// key. The zero Selector has no requirements and selects everything, like
// [Everything]. A Selector is immutable and safe for concurrent use; it
// never shares memory with the strings, sets or slices passed in or handed
// out.
type Selector struct {
	reqs    []req // sorted by key, as Parse sorts them (sort.Sort(ByKey))
	nothing bool
	eqOnly  bool // every requirement is = or ==: Matches takes its fast path
}

// newSelector wraps requirements already sorted by key.
func newSelector(reqs []req) Selector {
	eq := true
	for i := range reqs {
		if reqs[i].op != opEquals && reqs[i].op != opDoubleEquals {
			eq = false
			break
		}
	}
	return Selector{reqs: reqs, eqOnly: eq}
}

// Everything returns the selector that matches every label set
// (labels.Everything). It equals the zero Selector and Parse("").
func Everything() Selector { return Selector{} }

// Nothing returns the selector that matches no label set (labels.Nothing).
// Its String is "" and it is not Empty.
func Nothing() Selector { return Selector{nothing: true} }

// FromSet returns the equality selector that matches exactly the label
// sets containing every pair of s, as labels.SelectorFromSet does: one
// "key=value" requirement per pair, sorted by key. Like upstream it does not
// validate s (use [Set.Validate]). A nil or empty Set gives [Everything];
// callers that treat an empty Service selector as "select nothing" must
// check for that themselves.
func FromSet(s Set) Selector {
	if len(s) == 0 {
		return Selector{}
	}
	reqs := make([]req, 0, len(s))
	for k, v := range s {
		reqs = append(reqs, req{key: k, op: opEquals, val: v})
	}
	sortReqs(reqs)
	return Selector{reqs: reqs, eqOnly: true}
}

// sortReqs sorts by key with the same algorithm (pdqsort, insertion sort
// below 13 elements) and comparisons as sort.Sort(ByKey(...)) in
// apimachinery, so requirements with equal keys end up in the same order.
func sortReqs(reqs []req) {
	slices.SortFunc(reqs, func(a, b req) int { return strings.Compare(a.key, b.key) })
}

// Matches reports whether every requirement of sel matches the label set s
// (labels.Selector.Matches). It does not allocate.
func (sel Selector) Matches(s Set) bool {
	if sel.eqOnly {
		for i := range sel.reqs {
			r := &sel.reqs[i]
			if v, ok := s[r.key]; !ok || v != r.val {
				return false
			}
		}
		return true
	}
	if sel.nothing {
		return false
	}
	for i := range sel.reqs {
		if !sel.reqs[i].matches(s) {
			return false
		}
	}
	return true
}

// Empty reports whether sel does not restrict the selection at all, as
// labels.Selector.Empty: true for Everything, Parse("") and FromSet(nil);
// false for Nothing.
func (sel Selector) Empty() bool { return !sel.nothing && len(sel.reqs) == 0 }

// IsNothing reports whether sel is [Nothing].
func (sel Selector) IsNothing() bool { return sel.nothing }

// String returns the canonical form, byte for byte what
// labels.Selector.String returns: requirements sorted by key and joined by
// ",", set values sorted ("key in (a,b)"). Everything and Nothing give "".
// Parse(sel.String()) gives back an equivalent selector.
func (sel Selector) String() string {
	if len(sel.reqs) == 0 {
		return ""
	}
	n := len(sel.reqs) - 1
	for i := range sel.reqs {
		n += sel.reqs[i].strlen()
	}
	var b strings.Builder
	b.Grow(n)
	for i := range sel.reqs {
		if i > 0 {
			b.WriteByte(',')
		}
		sel.reqs[i].write(&b)
	}
	return b.String()
}

// Requirements returns a copy of sel's requirements, sorted by key. It
// returns nil for Everything and Nothing.
func (sel Selector) Requirements() []Requirement {
	if sel.nothing || len(sel.reqs) == 0 {
		return nil
	}
	out := make([]Requirement, len(sel.reqs))
	for i := range sel.reqs {
		out[i] = sel.reqs[i].public()
	}
	return out
}

// Len returns the number of requirements.
func (sel Selector) Len() int { return len(sel.reqs) }

// Equal reports whether sel and other have the same requirements in the
// same order (and both or neither are Nothing); equal selectors have equal
// Strings and match the same sets.
func (sel Selector) Equal(other Selector) bool {
	if sel.nothing != other.nothing || len(sel.reqs) != len(other.reqs) {
		return false
	}
	for i := range sel.reqs {
		a, b := &sel.reqs[i], &other.reqs[i]
		if a.key != b.key || a.op != b.op || a.val != b.val || !slices.Equal(a.vals, b.vals) {
			return false
		}
	}
	return true
}
