package ipam

import (
	"errors"
	"testing"
)

// TestPortBands checks the KEP-3668 offsets of kubernetes
// pkg/registry/core/service/portallocator/allocator.go, calculateRangeOffset
// (0 up to 16 ports, else size/32 clamped to [16, 128]), and that the
// default range 30000-32767 splits into 30000-30085 (static) and
// 30086-32767 (dynamic).
func TestPortBands(t *testing.T) {
	tests := []struct{ first, last, offset int }{
		{30000, 32767, 86}, {1, 16, 0}, {1, 17, 16}, {1, 512, 16}, {1, 1024, 32},
		{1, 4096, 128}, {1, 65535, 128}, {80, 80, 0},
	}
	for _, tt := range tests {
		p, err := NewPorts(tt.first, tt.last)
		if err != nil {
			t.Fatal(err)
		}
		if got := p.StaticBand(); got != uint64(tt.offset) {
			t.Errorf("%d-%d: StaticBand() = %d, want %d", tt.first, tt.last, got, tt.offset)
		}
		if p.Size() != uint64(tt.last-tt.first+1) {
			t.Errorf("%d-%d: Size() = %d", tt.first, tt.last, p.Size())
		}
	}
	p, _ := NewPorts(DefaultNodePortFirst, DefaultNodePortLast, WithSeed(9))
	for range 2682 {
		port, err := p.Allocate()
		if err != nil || port < 30086 || port > 32767 {
			t.Fatalf("Allocate = %d, %v; want the dynamic band 30086-32767 first", port, err)
		}
	}
	for range 86 {
		port, err := p.Allocate()
		if err != nil || port < 30000 || port > 30085 {
			t.Fatalf("Allocate = %d, %v; want the static band 30000-30085 last", port, err)
		}
	}
	if _, err := p.Allocate(); err != ErrFull || err.Error() != "range is full" {
		t.Fatalf("Allocate on a full range = %v", err)
	}
	for port := 30000; port <= 32767; port++ {
		if !p.Allocated(port) {
			t.Fatalf("port %d not allocated after exhaustion", port)
		}
	}
}

func TestPortErrors(t *testing.T) {
	p, _ := NewPorts(30000, 32767)
	if err := p.AllocatePort(30500); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		port     int
		sentinel error
		detail   string
	}{
		{30500, ErrAllocated, "provided port is already allocated"},
		{80, ErrNotInRange, "provided port is not in the valid range. The range of valid ports is 30000-32767"},
		{32768, ErrNotInRange, "provided port is not in the valid range. The range of valid ports is 30000-32767"},
		{-1, ErrNotInRange, "provided port is not in the valid range. The range of valid ports is 30000-32767"},
	}
	for _, tt := range tests {
		err := p.AllocatePort(tt.port)
		var pe *PortError
		if !errors.Is(err, tt.sentinel) || !errors.As(err, &pe) || pe.Port != tt.port || pe.Detail() != tt.detail {
			t.Errorf("AllocatePort(%d) = %v, want %q wrapping %v", tt.port, err, tt.detail, tt.sentinel)
		}
	}
	if got, want := p.AllocatePort(80).Error(), "failed to allocate port 80: provided port is not in the valid range. The range of valid ports is 30000-32767"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	for _, r := range [][2]int{{0, 10}, {10, 9}, {1, 65536}, {-5, 5}} {
		if _, err := NewPorts(r[0], r[1]); !errors.Is(err, ErrInvalidRange) {
			t.Errorf("NewPorts(%d, %d) = %v, want ErrInvalidRange", r[0], r[1], err)
		}
	}
	if p.Release(80) != nil || p.Release(30001) != nil || p.Used() != 1 {
		t.Fatal("releasing a free or out-of-range port must be a no-op")
	}
	if err := p.Release(30500); err != nil || p.Allocated(30500) || p.Used() != 0 {
		t.Fatal("Release(30500) did not free it")
	}
	if got, want := p.String(), "30000-32767: 0/2768 used"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
}

func TestPortsSequentialAndAll(t *testing.T) {
	p, _ := NewPorts(100, 104, Sequential())
	for want := 100; want <= 102; want++ {
		if got, _ := p.Allocate(); got != want {
			t.Fatalf("Allocate = %d, want %d", got, want)
		}
	}
	p.Release(101)
	var got []int
	for x := range p.All() {
		got = append(got, x)
	}
	if len(got) != 2 || got[0] != 100 || got[1] != 102 {
		t.Fatalf("All = %v, want [100 102]", got)
	}
	first, last := p.Range()
	if first != 100 || last != 104 {
		t.Fatalf("Range = %d, %d", first, last)
	}
	for _, want := range []int{103, 104, 101} {
		if got, _ := p.Allocate(); got != want {
			t.Fatalf("Allocate = %d, want %d (round-robin reuses 101 after the wrap)", got, want)
		}
	}
}
