package pod

import (
	"errors"

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
		if le.IsValue {
			v = le.Value
		}
		for _, r := range le.Reasons {
			out = append(out, &FieldError{Object: obj, Field: field, Type: ErrorTypeInvalid,
				Value: v, Detail: r, Sentinel: sentinel, Cause: le})
		}
	}
	return out
}
