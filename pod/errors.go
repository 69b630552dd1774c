package pod

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// ErrorType is the kind of a field validation error, spelled as
// apimachinery's field.ErrorType prints it.
type ErrorType string

// The field error types of k8s.io/apimachinery/pkg/util/validation/field.
const (
	ErrorTypeRequired     ErrorType = "Required value"
	ErrorTypeInvalid      ErrorType = "Invalid value"
	ErrorTypeDuplicate    ErrorType = "Duplicate value"
	ErrorTypeNotSupported ErrorType = "Unsupported value"
	ErrorTypeForbidden    ErrorType = "Forbidden"
	ErrorTypeTooLong      ErrorType = "Too long"
)

// FieldError is one validation problem of one field of one object, printed
// as Kubernetes prints a field.Error, prefixed by the object:
//
//	pod default/web-1: spec.containers[0].ports[1].name: Invalid value: "Bad_Name": must ...
//
// It is shared by pod and service (and sim): Unwrap yields Sentinel (pod's
// ErrInvalid when nil) and Cause, so errors.Is works with both.
type FieldError struct {
	Object string    // "pod default/web-1"
	Field  string    // "spec.containers[0].ports[1].name"
	Type   ErrorType // Required value, Invalid value, ...
	Value  any       // the offending value (shown for Invalid, Duplicate, Unsupported)
	Detail string    // the explanation, may be empty
	// Sentinel is what the error wraps: the owning package's ErrInvalid.
	// Nil means pod.ErrInvalid.
	Sentinel error
	// Cause is an optional underlying error (e.g. ipam.ErrAllocated).
	Cause error
}

// Error formats the error as Kubernetes' field.Error.Error, prefixed with the
// object: "<object>: <field>: <type>[: <value>][: <detail>]".
func (e *FieldError) Error() string {
	var b strings.Builder
	if e.Object != "" {
		writeObject(&b, e.Object)
		b.WriteString(": ")
	}
	e.writeBody(&b)
	return b.String()
}

func (e *FieldError) writeBody(b *strings.Builder) {
	b.WriteString(e.Field)
	b.WriteString(": ")
	b.WriteString(string(e.Type))
	switch e.Type {
	case ErrorTypeRequired, ErrorTypeForbidden, ErrorTypeTooLong:
	default:
		b.WriteString(": ")
		b.WriteString(FormatValue(e.Value))
	}
	if e.Detail != "" {
		b.WriteString(": ")
		b.WriteString(e.Detail)
	}
}

// Unwrap returns the sentinel (ErrInvalid by default) and the cause, if any.
func (e *FieldError) Unwrap() []error {
	s := e.Sentinel
	if s == nil {
		s = ErrInvalid
	}
	if e.Cause != nil {
		return []error{s, e.Cause}
	}
	return []error{s}
}

// FormatValue renders a value the way field.Error does: strings (and
// fmt.Stringers such as netip.Addr) quoted, numbers and booleans bare, nil as
// null, a list of strings as JSON (["10.96.0.1","fd00::1"]; a nil list
// null, an empty one []).
func FormatValue(v any) string {
	switch v := v.(type) {
	case nil:
		return "null"
	case string:
		return strconv.Quote(v)
	case []string:
		if v == nil {
			return "null"
		}
		var b strings.Builder
		b.WriteByte('[')
		for i, s := range v {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(strconv.Quote(s))
		}
		b.WriteByte(']')
		return b.String()
	case fmt.Stringer:
		return strconv.Quote(v.String())
	case int, int32, int64, uint16, uint32, uint64, bool:
		return fmt.Sprint(v)
	}
	return fmt.Sprintf("%#v", v)
}

// ErrorList is several FieldErrors of one validation, in field order. Its
// message lists them all; errors.Is and errors.As see each of them.
type ErrorList []*FieldError

// Error joins the errors as Kubernetes' aggregate does, after the object:
// "<object>: [<field>: ..., <field>: ...]"; one error prints alone.
func (l ErrorList) Error() string {
	if len(l) == 1 {
		return l[0].Error()
	}
	var b strings.Builder
	if len(l) > 0 && l[0].Object != "" {
		writeObject(&b, l[0].Object)
		b.WriteString(": ")
	}
	b.WriteByte('[')
	for i, e := range l {
		if i > 0 {
			b.WriteString(", ")
		}
		e.writeBody(&b)
	}
	b.WriteByte(']')
	return b.String()
}

// Unwrap exposes each FieldError to errors.Is and errors.As.
func (l ErrorList) Unwrap() []error {
	out := make([]error, len(l))
	for i, e := range l {
		out[i] = e
	}
	return out
}

// Err returns nil for an empty list, the single *FieldError for one, and
// the list itself otherwise.
func (l ErrorList) Err() error {
	switch len(l) {
	case 0:
		return nil
	case 1:
		return l[0]
	}
	return l
}

// maxObject bounds the object named in front of an error: "pod
// <namespace>/<name>" with a name over its limit is cut, so that no message
// grows with the input (the name's own error is a TooLong one).
const maxObject = 320

// writeObject writes obj, cut to maxObject bytes (on a UTF-8 boundary) and
// marked with "..." when longer.
func writeObject(b *strings.Builder, obj string) {
	if len(obj) <= maxObject {
		b.WriteString(obj)
		return
	}
	cut := maxObject
	for cut > 0 && !utf8.RuneStart(obj[cut]) {
		cut--
	}
	b.WriteString(obj[:cut])
	b.WriteString("...")
}
