package ipam

import (
	"errors"
	"net/netip"
)

// ErrFull is returned when no free value remains ("range is full").
var ErrFull = errors.New("range is full")

// ErrAllocated is returned when a requested value is already in use.
var ErrAllocated = errors.New("already allocated")

// ErrNotInRange is returned when a requested value is outside the usable range.
var ErrNotInRange = errors.New("not in the valid range")

type options struct {
	seed       uint64
	sequential bool
}

// Option configures an allocator.
type Option func(*options)

// WithSeed makes the random allocation order come from seed.
func WithSeed(seed uint64) Option { return func(o *options) { o.seed = seed } }

// Sequential selects round-robin allocation without bands.
func Sequential() Option { return func(o *options) { o.sequential = true } }

// Allocator hands out addresses of one prefix. (Work in progress.)
type Allocator struct{ prefix netip.Prefix }

// New returns an allocator over prefix.
func New(prefix netip.Prefix, opts ...Option) (*Allocator, error) {
	return &Allocator{prefix: prefix}, nil
}

// Allocate returns a free address.
func (a *Allocator) Allocate() (netip.Addr, error) { return netip.Addr{}, ErrFull }

// AllocateAddr marks ip as used.
func (a *Allocator) AllocateAddr(ip netip.Addr) error { return ErrNotInRange }

// Release frees ip.
func (a *Allocator) Release(ip netip.Addr) error { return nil }

// Allocated reports whether ip is in use.
func (a *Allocator) Allocated(ip netip.Addr) bool { return false }

// Size returns the number of usable addresses.
func (a *Allocator) Size() uint64 { return 0 }

// Used returns the number of addresses in use.
func (a *Allocator) Used() uint64 { return 0 }

// Free returns Size()-Used().
func (a *Allocator) Free() uint64 { return 0 }

// PortAllocator hands out ports of one range. (Work in progress.)
type PortAllocator struct{}

// NewPorts returns a port allocator over first..last.
func NewPorts(first, last int, opts ...Option) (*PortAllocator, error) {
	return &PortAllocator{}, nil
}

// Allocate returns a free port.
func (p *PortAllocator) Allocate() (int, error) { return 0, ErrFull }

// AllocatePort marks port as used.
func (p *PortAllocator) AllocatePort(port int) error { return ErrNotInRange }

// Release frees port.
func (p *PortAllocator) Release(port int) error { return nil }

// Allocated reports whether port is in use.
func (p *PortAllocator) Allocated(port int) bool { return false }

// Size returns the number of ports.
func (p *PortAllocator) Size() uint64 { return 0 }

// Used returns the number of ports in use.
func (p *PortAllocator) Used() uint64 { return 0 }

// Free returns Size()-Used().
func (p *PortAllocator) Free() uint64 { return 0 }
