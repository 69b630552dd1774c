package workload

import (
	"errors"
	"strconv"
)

// ErrInvalid is wrapped by every validation and parse error of this package,
// so callers can test errors.Is(err, workload.ErrInvalid) and re-wrap with
// their own sentinel.
var ErrInvalid = errors.New("invalid value")

// FieldError describes one invalid field value in the style of apimachinery
// field.Invalid: `spec.strategy.rollingUpdate.maxSurge: Invalid value:
// "-1": must be an integer or percentage (e.g. '5%')`. Field is empty when
// the error comes from [ParseIntOrPercent], which does not know the field.
// It unwraps to [ErrInvalid].
type FieldError struct {
	Field  string // e.g. "spec.strategy.rollingUpdate.maxUnavailable"; may be empty
	Value  string // the offending input, as written
	Detail string // why it is invalid
}

// Error formats the error as Kubernetes' field.Error does.
func (e *FieldError) Error() string {
	s := "Invalid value: " + strconv.Quote(e.Value) + ": " + e.Detail
	if e.Field != "" {
		s = e.Field + ": " + s
	}
	return s
}

// Unwrap returns [ErrInvalid].
func (e *FieldError) Unwrap() error { return ErrInvalid }
