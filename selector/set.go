package selector

import (
	"errors"
	"maps"
	"slices"
	"strings"
)

// Set is a set of labels (key → value), as labels.Set in
// k8s.io/apimachinery/pkg/labels. A nil Set is an empty label set.
type Set map[string]string

// String returns the labels as "key=value" pairs joined by ",". The pairs
// are sorted as whole strings, exactly as labels.Set.String sorts them (so
// "a.b=2" sorts before "a=1"). The empty set gives "".
func (s Set) String() string {
	switch len(s) {
	case 0:
		return ""
	case 1: // a pod's own labels often: one string, no sort
		for k, v := range s {
			return k + "=" + v
		}
	}
	pairs := make([]string, 0, len(s))
	n := 0
	for k, v := range s {
		pairs = append(pairs, k+"="+v)
		n += len(k) + len(v) + 2
	}
	slices.Sort(pairs)
	var b strings.Builder
	b.Grow(n)
	for i, p := range pairs {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(p)
	}
	return b.String()
}

// Validate reports whether every key and value of s is a valid label key
// ([ValidateKey]) and label value ([ValidateValue]). Keys are checked in
// sorted order and every problem is reported; each error is a *[LabelError]
// naming the key (and the value), and the result wraps [ErrInvalidLabel].
func (s Set) Validate() error {
	valid := true
	for k, v := range s {
		if !validKey(k) || !validValue(v) {
			valid = false
			break
		}
	}
	if valid {
		return nil // most sets: no sorted key list needed
	}
	keys := make([]string, 0, len(s))
	for k := range s {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var errs []error
	for _, k := range keys {
		if err := ValidateKey(k); err != nil {
			errs = append(errs, err)
		}
		if err := ValidateValue(s[k]); err != nil {
			le := err.(*LabelError)
			le.Key = k
			errs = append(errs, le)
		}
	}
	return errors.Join(errs...)
}

// Clone returns a copy of s that shares no memory with it (nil for nil).
func (s Set) Clone() Set { return maps.Clone(s) }
