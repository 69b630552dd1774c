package ipam

import (
	"iter"
	"strconv"
)

// Default NodePort range of kube-apiserver's --service-node-port-range
// (30000-32767, 2768 ports).
const (
	DefaultNodePortFirst = 30000
	DefaultNodePortLast  = 32767
)

// PortAllocator hands out the ports of one inclusive range, like
// kube-apiserver's NodePort allocator (pkg/registry/core/service/
// portallocator/allocator.go). The default order is random with KEP-3668's
// static/dynamic bands: for the default range 30000-32767 the static band is
// 30000-30085 and random allocation starts in 30086-32767 (see WithSeed).
// A NodePort is unique cluster-wide regardless of protocol, so one allocator
// serves all protocols.
//
// The zero PortAllocator has no ports; use NewPorts. A PortAllocator is not
// safe for concurrent use.
type PortAllocator struct {
	first, last int
	s           space
}

// NewPorts returns an empty allocator over the ports first..last, both
// inclusive. It returns a *RangeError wrapping ErrInvalidRange unless
// 1 <= first <= last <= 65535.
func NewPorts(first, last int, opts ...Option) (*PortAllocator, error) {
	if first < 1 || last > 65535 || last < first {
		return nil, &RangeError{
			Range:  strconv.Itoa(first) + "-" + strconv.Itoa(last),
			Reason: "want 1 <= first <= last <= 65535",
		}
	}
	size := uint64(last - first + 1)
	a := &PortAllocator{first: first, last: last}
	a.s.init(size, portOffset(size), opts)
	return a, nil
}

// portOffset is upstream's portallocator calculateRangeOffset (KEP-3668):
// 0 when size <= 16, else size/32 clamped to [16, 128].
func portOffset(size uint64) uint64 {
	const lo, hi, step = 16, 128, 32
	if size <= 16 {
		return 0
	}
	return min(max(size/step, lo), hi)
}

// index returns the index of port, or false if it is outside the range.
func (p *PortAllocator) index(port int) (uint64, bool) {
	if port < p.first || port > p.last || p.s.size == 0 {
		return 0, false
	}
	return uint64(port - p.first), true
}

// Allocate hands out a free port in the configured order, or returns
// ErrFull ("range is full") when none is left.
func (p *PortAllocator) Allocate() (int, error) {
	i, ok := p.s.alloc()
	if !ok {
		return 0, ErrFull
	}
	return p.first + int(i), nil
}

// AllocatePort marks port as used, in either band. It returns a *PortError
// wrapping ErrNotInRange ("provided port is not in the valid range. The
// range of valid ports is 30000-32767") or ErrAllocated ("provided port is
// already allocated"). In Sequential mode the next Allocate continues after
// port.
func (p *PortAllocator) AllocatePort(port int) error {
	i, ok := p.index(port)
	if !ok {
		return &PortError{Port: port, First: p.first, Last: p.last, Err: ErrNotInRange}
	}
	if !p.s.take(i, true) {
		return &PortError{Port: port, First: p.first, Last: p.last, Err: ErrAllocated}
	}
	return nil
}

// Release frees port. Releasing a free or out-of-range port does nothing, as
// upstream; the error is always nil.
func (p *PortAllocator) Release(port int) error {
	if i, ok := p.index(port); ok {
		p.s.release(i)
	}
	return nil
}

// Allocated reports whether port is in use.
func (p *PortAllocator) Allocated(port int) bool {
	i, ok := p.index(port)
	return ok && p.s.has(i)
}

// Size returns the number of ports in the range.
func (p *PortAllocator) Size() uint64 { return p.s.size }

// Used returns the number of ports in use.
func (p *PortAllocator) Used() uint64 { return p.s.used }

// Free returns Size() − Used().
func (p *PortAllocator) Free() uint64 { return p.s.size - p.s.used }

// Range returns the first and last port of the range.
func (p *PortAllocator) Range() (first, last int) { return p.first, p.last }

// StaticBand returns the number of ports in the lower (static) band,
// first .. first+StaticBand()−1 (86 for the default range; 0 for Sequential
// allocators and ranges of at most 16 ports).
func (p *PortAllocator) StaticBand() uint64 { return p.s.offset }

// All yields the ports in use in ascending order. The allocator must not be
// changed during the iteration.
func (p *PortAllocator) All() iter.Seq[int] {
	return func(yield func(int) bool) {
		p.s.each(func(i uint64) bool { return yield(p.first + int(i)) })
	}
}

// String returns e.g. "30000-32767: 3/2768 used".
func (p *PortAllocator) String() string {
	return strconv.Itoa(p.first) + "-" + strconv.Itoa(p.last) + ": " +
		strconv.FormatUint(p.s.used, 10) + "/" + strconv.FormatUint(p.s.size, 10) + " used"
}
