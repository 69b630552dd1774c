package pod

import "strconv"

// TooLong is a TooLong error on field of obj: the value is omitted, as
// apimachinery's field.TooLong omits it ("Too long: may not be more than 253
// bytes"), so no message grows with the input. It wraps sentinel (nil:
// ErrInvalid).
func TooLong(obj, field string, max int, sentinel error) *FieldError {
	unit := " bytes"
	if max == 1 {
		unit = " byte"
	}
	return &FieldError{Object: obj, Field: field, Type: ErrorTypeTooLong,
		Detail: "may not be more than " + strconv.Itoa(max) + unit, Sentinel: sentinel}
}

// NameErrors validates value, a name of at most max bytes, with check (one of
// internal/validation's Is… functions) and returns one Invalid error on field
// per problem, as upstream's validators report them; a value longer than max
// is one TooLong error instead, and check is not run on it. Each error wraps
// sentinel (nil: ErrInvalid).
func NameErrors(obj, field, value string, max int, check func(string) []string, sentinel error) ErrorList {
	if len(value) > max {
		return ErrorList{TooLong(obj, field, max, sentinel)}
	}
	var errs ErrorList
	for _, m := range check(value) {
		errs = append(errs, &FieldError{Object: obj, Field: field, Type: ErrorTypeInvalid,
			Value: value, Detail: m, Sentinel: sentinel})
	}
	return errs
}
