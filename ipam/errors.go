package ipam

import (
	"errors"
	"net/netip"
	"strconv"
)

// ErrFull is returned by Allocate when no free value remains. Its message is
// upstream's "range is full" (pkg/registry/core/service/ipallocator and
// portallocator), which the API server wraps as "failed to allocate a
// serviceIP: range is full" (HTTP 500).
var ErrFull = errors.New("range is full")

// ErrAllocated is wrapped by AddrError and PortError when a requested value
// is already in use (upstream ErrAllocated, "provided IP is already
// allocated" / "provided port is already allocated").
var ErrAllocated = errors.New("already allocated")

// ErrNotInRange is wrapped by AddrError, PortError and SubnetError when a
// requested value is outside the usable range: outside the prefix, or the
// network or IPv4 broadcast address (upstream ErrNotInRange).
var ErrNotInRange = errors.New("not in the valid range")

// ErrInvalidRange is wrapped by RangeError when a constructor is given a
// range it cannot allocate from.
var ErrInvalidRange = errors.New("invalid range")

// AddrError reports a failed request for a specific address. Err is
// ErrAllocated or ErrNotInRange, so errors.Is works on it.
type AddrError struct {
	Addr  netip.Addr   // the requested address
	Range netip.Prefix // the allocator's prefix
	Err   error        // ErrAllocated or ErrNotInRange
}

// Error returns the message the API server builds in storage/alloc.go
// allocIPs, e.g. "failed to allocate IP 10.0.0.5: provided IP is already
// allocated".
func (e *AddrError) Error() string {
	return "failed to allocate IP " + e.Addr.String() + ": " + e.Detail()
}

// Detail returns upstream's bare message ("provided IP is already
// allocated", "provided IP 10.0.0.0 is not in the valid range"), for callers
// that build their own field error around it.
func (e *AddrError) Detail() string {
	switch e.Err {
	case ErrAllocated:
		return "provided IP is already allocated"
	case ErrNotInRange:
		return "provided IP " + e.Addr.String() + " is not in the valid range"
	}
	return e.Err.Error()
}

// Unwrap returns Err.
func (e *AddrError) Unwrap() error { return e.Err }

// PortError reports a failed request for a specific port. Err is
// ErrAllocated or ErrNotInRange, so errors.Is works on it.
type PortError struct {
	Port        int   // the requested port
	First, Last int   // the allocator's range, both ends inclusive
	Err         error // ErrAllocated or ErrNotInRange
}

// Error names the port and ends with upstream's message, e.g. "failed to
// allocate port 80: provided port is not in the valid range. The range of
// valid ports is 30000-32767".
func (e *PortError) Error() string {
	return "failed to allocate port " + strconv.Itoa(e.Port) + ": " + e.Detail()
}

// Detail returns upstream's bare message (portallocator ErrAllocated and
// ErrNotInRange), which initNodePorts puts after
// "spec.ports[i].nodePort: Invalid value: <port>: ".
func (e *PortError) Detail() string {
	switch e.Err {
	case ErrAllocated:
		return "provided port is already allocated"
	case ErrNotInRange:
		return "provided port is not in the valid range. The range of valid ports is " +
			strconv.Itoa(e.First) + "-" + strconv.Itoa(e.Last)
	}
	return e.Err.Error()
}

// Unwrap returns Err.
func (e *PortError) Unwrap() error { return e.Err }

// RangeError reports a range a constructor rejected. It wraps
// ErrInvalidRange.
type RangeError struct {
	Range  string // the range as given, e.g. "10.0.0.1/24" or "0-10"
	Reason string // why it was rejected
}

// Error returns e.g. `invalid range "2001:db8::/48": shortest allowed prefix
// length for an IPv6 range is 64`.
func (e *RangeError) Error() string {
	return "invalid range " + strconv.Quote(e.Range) + ": " + e.Reason
}

// Unwrap returns ErrInvalidRange.
func (e *RangeError) Unwrap() error { return ErrInvalidRange }
