package ipam

import (
	"strconv"
	"strings"
)

// PortRange is an inclusive range of ports, Base .. Base+Size−1, as
// apimachinery's pkg/util/net PortRange (the type behind
// --service-node-port-range). The zero PortRange is empty.
type PortRange struct {
	Base int // first port
	Size int // number of ports
}

// ParsePortRange parses the forms upstream's PortRange.Set accepts:
// "N" (one port), "min-max" and "min+offset" (min .. min+offset), both ends
// inclusive, after trimming spaces. Unlike upstream it rejects the empty
// string. Ports above 65535, negative numbers, max < min and mixing '-' and
// '+' are errors (a *PortRangeError).
func ParsePortRange(s string) (PortRange, error) {
	v := strings.TrimSpace(s)
	if v == "" {
		return PortRange{}, &PortRangeError{Input: s, Reason: "empty port range"}
	}
	hyphen, plus := strings.IndexByte(v, '-'), strings.IndexByte(v, '+')
	var lo, hi int
	var err error
	switch {
	case hyphen >= 0 && plus >= 0:
		return PortRange{}, &PortRangeError{Input: s, Reason: "unable to parse port range"}
	case hyphen >= 0:
		if lo, err = parsePortNumber(v[:hyphen]); err == nil {
			hi, err = parsePortNumber(v[hyphen+1:])
		}
	case plus >= 0:
		var off int
		if lo, err = parsePortNumber(v[:plus]); err == nil {
			off, err = parsePortNumber(v[plus+1:])
			hi = lo + off // both <= 65535: no overflow
		}
	default:
		lo, err = parsePortNumber(v)
		hi = lo
	}
	if err != nil {
		return PortRange{}, &PortRangeError{Input: s, Reason: err.Error()}
	}
	if hi > 65535 {
		return PortRange{}, &PortRangeError{Input: s, Reason: "the port range cannot be greater than 65535"}
	}
	if hi < lo {
		return PortRange{}, &PortRangeError{Input: s, Reason: "end port cannot be less than start port"}
	}
	return PortRange{Base: lo, Size: hi - lo + 1}, nil
}

// parsePortNumber parses one decimal number in 0..65535 (digits only).
func parsePortNumber(s string) (int, error) {
	if s == "" {
		return 0, errPortSyntax
	}
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, errPortSyntax
		}
		n = n*10 + int(c-'0')
		if n > 65535 {
			return 0, errPortTooBig
		}
	}
	return n, nil
}

// Last returns the last port of the range, Base+Size−1.
func (r PortRange) Last() int { return r.Base + r.Size - 1 }

// Contains reports whether port is in the range.
func (r PortRange) Contains(port int) bool { return port >= r.Base && port-r.Base < r.Size }

// String returns "base-last", or "" for an empty range, as upstream; the
// result parses back with ParsePortRange.
func (r PortRange) String() string {
	if r.Size <= 0 {
		return ""
	}
	return strconv.Itoa(r.Base) + "-" + strconv.Itoa(r.Last())
}

// PortRangeError reports a port range ParsePortRange rejected; it wraps
// ErrInvalidRange.
type PortRangeError struct {
	Input  string // the text as given
	Reason string
}

// Error returns e.g. `invalid port range "30000-": unable to parse port
// range`.
func (e *PortRangeError) Error() string {
	return "invalid port range " + strconv.Quote(e.Input) + ": " + e.Reason
}

// Unwrap returns ErrInvalidRange.
func (e *PortRangeError) Unwrap() error { return ErrInvalidRange }

type parseError string

func (e parseError) Error() string { return string(e) }

const (
	errPortSyntax = parseError("unable to parse port range")
	errPortTooBig = parseError("the port range cannot be greater than 65535")
)
