package selector

import "strings"

// Operator relates a requirement's key to its values. The strings are those
// of k8s.io/apimachinery/pkg/selection.
type Operator string

// The operators of k8s.io/apimachinery/pkg/selection. GreaterThan and
// LessThan are written ">" and "<" in selector text; DoesNotExist is
// written as a "!" before the key and Exists as the bare key.
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

// Requirement is one clause of a selector: Key, Operator and Values.
// Values are sorted and deduplicated; they are empty for Exists and
// DoesNotExist and hold exactly one value for =, ==, !=, gt and lt.
// A Requirement obtained from [Selector.Requirements] is a copy.
type Requirement struct {
	Key      string
	Operator Operator
	Values   []string
}

// String renders r as labels.Requirement.String does: "key=v", "key==v",
// "key!=v", "key>n", "key<n", "key", "!key", "key in (a,b)",
// "key notin (a,b)".
func (r Requirement) String() string {
	var b strings.Builder
	op, ok := opFromOperator(r.Operator)
	if !ok {
		return ""
	}
	q := req{key: r.Key, op: op, vals: r.Values}
	if len(r.Values) == 1 {
		q.val = r.Values[0]
	}
	q.write(&b)
	return b.String()
}

// op is the internal operator code.
type op uint8

const (
	opEquals op = iota
	opDoubleEquals
	opNotEquals
	opIn
	opNotIn
	opExists
	opDoesNotExist
	opGreaterThan
	opLessThan
)

var opOperators = [...]Operator{Equals, DoubleEquals, NotEquals, In, NotIn, Exists, DoesNotExist, GreaterThan, LessThan}

func opFromOperator(o Operator) (op, bool) {
	for i, x := range opOperators {
		if x == o {
			return op(i), true
		}
	}
	return 0, false
}

// req is a requirement in its matching form.
type req struct {
	key  string
	op   op
	val  string   // =, ==, !=, gt, lt
	vals []string // in, notin: sorted, deduplicated, never empty
	num  int64    // gt, lt: val as a number
}

// matches is labels.Requirement.Matches (apimachinery selector.go), without
// allocating or logging.
func (r *req) matches(s Set) bool {
	v, ok := s[r.key]
	switch r.op {
	case opEquals, opDoubleEquals:
		return ok && v == r.val
	case opNotEquals:
		return !ok || v != r.val
	case opIn:
		return ok && r.has(v)
	case opNotIn:
		return !ok || !r.has(v)
	case opExists:
		return ok
	case opDoesNotExist:
		return !ok
	case opGreaterThan:
		n, good := parseInt64(v)
		return ok && good && n > r.num
	case opLessThan:
		n, good := parseInt64(v)
		return ok && good && n < r.num
	}
	return false
}

// has reports whether v is one of the sorted values.
func (r *req) has(v string) bool {
	vals := r.vals
	if len(vals) <= 8 {
		for _, x := range vals {
			if x == v {
				return true
			}
		}
		return false
	}
	lo, hi := 0, len(vals)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if vals[m] < v {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo < len(vals) && vals[lo] == v
}

// positive reports whether r can only match sets that have r.key.
func (r *req) positive() bool {
	switch r.op {
	case opEquals, opDoubleEquals, opIn, opExists, opGreaterThan, opLessThan:
		return true
	}
	return false
}

func (r *req) public() Requirement {
	out := Requirement{Key: r.key, Operator: opOperators[r.op]}
	switch r.op {
	case opIn, opNotIn:
		out.Values = append([]string(nil), r.vals...)
	case opExists, opDoesNotExist:
	default:
		out.Values = []string{r.val}
	}
	return out
}

// strlen is the length of r's canonical form.
func (r *req) strlen() int {
	n := len(r.key)
	switch r.op {
	case opEquals, opNotEquals, opDoubleEquals, opGreaterThan, opLessThan:
		n += len(opText[r.op]) + len(r.val)
	case opIn, opNotIn:
		n += len(opText[r.op]) + 1 + len(r.vals) // ( ) and commas
		for _, v := range r.vals {
			n += len(v)
		}
	case opDoesNotExist:
		n++
	}
	return n
}

var opText = [...]string{
	opEquals: "=", opDoubleEquals: "==", opNotEquals: "!=", opIn: " in (", opNotIn: " notin (",
	opGreaterThan: ">", opLessThan: "<",
}

// write appends r's canonical form (labels.Requirement.String).
func (r *req) write(b *strings.Builder) {
	switch r.op {
	case opExists:
		b.WriteString(r.key)
	case opDoesNotExist:
		b.WriteByte('!')
		b.WriteString(r.key)
	case opIn, opNotIn:
		b.WriteString(r.key)
		b.WriteString(opText[r.op])
		for i, v := range r.vals {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(v)
		}
		b.WriteByte(')')
	default:
		b.WriteString(r.key)
		b.WriteString(opText[r.op])
		b.WriteString(r.val)
	}
}

// parseInt64 is strconv.ParseInt(s, 10, 64) without the error allocation:
// an optional sign, then one or more decimal digits, within int64 range.
func parseInt64(s string) (int64, bool) {
	if s == "" {
		return 0, false
	}
	neg := false
	switch s[0] {
	case '+':
		s = s[1:]
	case '-':
		neg = true
		s = s[1:]
	}
	if s == "" {
		return 0, false
	}
	const cutoff = 1 << 63 // magnitude limit (for negatives; positives one less)
	var n uint64
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		if n > (cutoff-1)/10+1 { // certainly overflows
			return 0, false
		}
		n = n*10 + uint64(c-'0')
		if n > cutoff {
			return 0, false
		}
	}
	if !neg {
		if n > cutoff-1 {
			return 0, false
		}
		return int64(n), true
	}
	return -int64(n), true
}
