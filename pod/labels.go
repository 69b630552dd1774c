package pod

import (
	"errors"
	"strings"

	"github.com/svcsim/svcsim/selector"
)

// LabelErrors validates a label set as apimachinery's ValidateLabels does
// and returns one FieldError per broken rule, on field (e.g.
// "metadata.labels" or "spec.selector") of obj: Invalid value "<key>" for a
// bad key, Invalid value "<value>" for a bad value, keys in sorted order.
// Each wraps sentinel (nil: ErrInvalid) and the *selector.LabelError.
func LabelErrors(obj, field string, set selector.Set, sentinel error) ErrorList {
	err := set.Validate()
	if err == nil {
		return nil
	}
	var errs []error
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		errs = j.Unwrap()
	} else {
		errs = []error{err}
	}
	var out ErrorList
	for _, e := range errs {
		var le *selector.LabelError
		if !errors.As(e, &le) {
			out = append(out, &FieldError{Object: obj, Field: field, Type: ErrorTypeInvalid,
				Value: set.String(), Detail: e.Error(), Sentinel: sentinel, Cause: e})
			continue
		}
		v := le.Key
		max := keyTooLong(le.Key)
		if le.IsValue {
			v = le.Value
			max = 0
			if len(v) > labelValueMaxLength {
				max = labelValueMaxLength
			}
		}
		if max > 0 {
			out = append(out, TooLong(obj, field, max, sentinel))
			continue
		}
		for _, r := range le.Reasons {
			out = append(out, &FieldError{Object: obj, Field: field, Type: ErrorTypeInvalid,
				Value: v, Detail: r, Sentinel: sentinel, Cause: le})
		}
	}
	return out
}

// The lengths of a label's parts (apimachinery pkg/util/validation:
// IsQualifiedName, IsValidLabelValue).
const (
	labelValueMaxLength  = 63
	labelNameMaxLength   = 63
	labelPrefixMaxLength = 253
)

// keyTooLong returns the limit a label key's prefix or name part is over,
// or 0.
func keyTooLong(key string) int {
	prefix, name, hasPrefix := strings.Cut(key, "/")
	if !hasPrefix {
		name = prefix
	}
	switch {
	case hasPrefix && len(prefix) > labelPrefixMaxLength:
		return labelPrefixMaxLength
	case len(name) > labelNameMaxLength:
		return labelNameMaxLength
	}
	return 0
}

// QualifiedNameReasons returns why name is not a qualified name
// ([prefix/]name, apimachinery's IsQualifiedName, the rule of label keys),
// nil when it is one. ValidateQualifiedName upstream reports each as an
// Invalid error.
func QualifiedNameReasons(name string) []string {
	err := selector.ValidateKey(name)
	if err == nil {
		return nil
	}
	var le *selector.LabelError
	if errors.As(err, &le) {
		return le.Reasons
	}
	return []string{err.Error()}
}
