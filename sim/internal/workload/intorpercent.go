package workload

import (
	"math"
	"strconv"
)

// IntOrPercent is an absolute number or a percentage, the two forms of
// apimachinery's intstr.IntOrString as used by maxSurge and maxUnavailable.
// It is a small comparable value; the zero value is the integer 0.
type IntOrPercent struct {
	value   int32
	percent bool
}

// Int returns the absolute number n ("n").
func Int(n int32) IntOrPercent { return IntOrPercent{value: n} }

// Percent returns the percentage p ("p%").
func Percent(p int32) IntOrPercent { return IntOrPercent{value: p, percent: true} }

// Value returns the number, without the percent sign for a percentage.
func (v IntOrPercent) Value() int32 { return v.value }

// IsPercent reports whether v is a percentage.
func (v IntOrPercent) IsPercent() bool { return v.percent }

// String returns v as Kubernetes writes it: "3" or "25%".
func (v IntOrPercent) String() string {
	s := strconv.FormatInt(int64(v.value), 10)
	if v.percent {
		s += "%"
	}
	return s
}

// ParseIntOrPercent parses "N" (an absolute count) or "N%" (a percentage),
// where N is a non-negative decimal integer that fits in an int32 — the forms
// apps/v1 validation accepts for maxSurge and maxUnavailable
// (ValidatePositiveIntOrPercent: a percent string must match ^[0-9]+%$, an
// int must be ≥ 0). Signs, spaces, fractions and the empty string are
// rejected with a *[FieldError] wrapping [ErrInvalid]; the caller applies the
// 25% default for an empty field before parsing (see [ParseRollingUpdate]).
// Percentages above 100 parse: only maxUnavailable forbids them
// ([ValidateStrategy]).
func ParseIntOrPercent(s string) (IntOrPercent, error) {
	digits, percent := s, false
	if n := len(s); n > 0 && s[n-1] == '%' {
		digits, percent = s[:n-1], true
	}
	if digits == "" {
		return IntOrPercent{}, &FieldError{Value: s, Detail: "must be an integer or percentage (e.g. '5%')"}
	}
	var n int64
	for i := 0; i < len(digits); i++ {
		c := digits[i]
		if c < '0' || c > '9' {
			detail := "must be an integer or percentage (e.g. '5%')"
			if i == 0 && c == '-' {
				detail = "must be greater than or equal to 0"
			}
			return IntOrPercent{}, &FieldError{Value: s, Detail: detail}
		}
		n = n*10 + int64(c-'0')
		if n > math.MaxInt32 {
			return IntOrPercent{}, &FieldError{Value: s, Detail: "must fit in a 32-bit integer"}
		}
	}
	return IntOrPercent{value: int32(n), percent: percent}, nil
}

// ScaledValue resolves v against total, as apimachinery
// intstr.GetScaledValueFromIntOrPercent does: an absolute value is returned
// as is; a percentage p gives p×total/100 rounded up (roundUp, used for
// maxSurge) or down (maxUnavailable). Upstream computes through float64; this
// uses exact integer arithmetic, which agrees for every int32 input that
// float64 represents exactly (all realistic replica counts) and rounds
// negative products towards −∞/+∞ correctly.
func ScaledValue(v IntOrPercent, total int, roundUp bool) int {
	if !v.percent {
		return int(v.value)
	}
	p := int64(v.value) * int64(total)
	q, r := p/100, p%100
	if r != 0 {
		if roundUp && r > 0 {
			q++
		} else if !roundUp && r < 0 {
			q--
		}
	}
	return int(q)
}
