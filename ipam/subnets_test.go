package ipam

import (
	"errors"
	"net/netip"
	"testing"
)

func mustSubnets(t testing.TB, cluster string, bits int) *SubnetAllocator {
	t.Helper()
	a, err := NewSubnets(netip.MustParsePrefix(cluster), bits)
	if err != nil {
		t.Fatalf("NewSubnets(%s, %d): %v", cluster, bits, err)
	}
	return a
}

// TestSubnetsOrder follows kubernetes
// pkg/controller/nodeipam/ipam/cidrset/cidr_set.go, AllocateNext:
// 10.244.0.0/16 into /24s gives 10.244.0.0/24 (index 0 is usable),
// .1.0/24, .2.0/24, ...; a released block is reused only after the cursor
// wraps; exhaustion wraps ErrFull.
func TestSubnetsOrder(t *testing.T) {
	a := mustSubnets(t, "10.244.0.0/16", 24)
	if a.Size() != 256 {
		t.Fatalf("Size() = %d, want 256", a.Size())
	}
	for _, want := range []string{"10.244.0.0/24", "10.244.1.0/24", "10.244.2.0/24"} {
		got, err := a.Allocate()
		if err != nil || got.String() != want {
			t.Fatalf("Allocate = %v, %v; want %s", got, err, want)
		}
	}
	if err := a.Release(netip.MustParsePrefix("10.244.1.0/24")); err != nil {
		t.Fatal(err)
	}
	if got, _ := a.Allocate(); got.String() != "10.244.3.0/24" {
		t.Fatalf("Allocate after a release = %v, want 10.244.3.0/24 (no reuse before the wrap)", got)
	}
	for range 252 {
		if _, err := a.Allocate(); err != nil {
			t.Fatal(err)
		}
	}
	if got, _ := a.Allocate(); got.String() != "10.244.1.0/24" {
		t.Fatalf("Allocate after the wrap = %v, want 10.244.1.0/24", got)
	}
	_, err := a.Allocate()
	if !errors.Is(err, ErrFull) {
		t.Fatalf("Allocate on a full cluster CIDR = %v, want ErrFull", err)
	}
	if want := "CIDR allocation failed; there are no remaining CIDRs left to allocate in the accepted range 10.244.0.0/16 (256 /24 subnets): range is full"; err.Error() != want {
		t.Errorf("error = %q, want %q", err, want)
	}
	if got, want := a.String(), "10.244.0.0/16 into /24: 256/256 used"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
}

// TestSubnetsScale: the simulator needs 5,000 node /24s from a /9.
func TestSubnetsScale(t *testing.T) {
	a := mustSubnets(t, "10.128.0.0/9", 24)
	var last netip.Prefix
	for range 5000 {
		p, err := a.Allocate()
		if err != nil {
			t.Fatal(err)
		}
		last = p
	}
	if last.String() != "10.147.135.0/24" || a.Used() != 5000 || a.Size() != 32768 {
		t.Fatalf("5000th subnet %v, Used %d, Size %d", last, a.Used(), a.Size())
	}
}

func TestSubnetsIPv6(t *testing.T) {
	a := mustSubnets(t, "fd00:10:244::/48", 64)
	for _, want := range []string{"fd00:10:244::/64", "fd00:10:244:1::/64"} {
		if got, _ := a.Allocate(); got.String() != want {
			t.Fatalf("Allocate = %v, want %s", got, want)
		}
	}
	b := mustSubnets(t, "fd00::/60", 76)
	b.AllocatePrefix(netip.MustParsePrefix("fd00:0:0:f:fff0::/76"))
	var got []string
	for p := range b.All() {
		got = append(got, p.String())
	}
	if len(got) != 1 || got[0] != "fd00:0:0:f:fff0::/76" || b.Size() != 1<<16 {
		t.Fatalf("All = %v, Size %d", got, b.Size())
	}
}

func TestSubnetsErrors(t *testing.T) {
	bad := []struct {
		cluster string
		bits    int
	}{
		{"10.244.0.1/16", 24}, {"10.244.0.0/16", 15}, {"10.244.0.0/16", 33},
		{"10.0.0.0/7", 32}, {"fd00::/47", 64}, {"fd00::/64", 129},
	}
	for _, tt := range bad {
		if _, err := NewSubnets(netip.MustParsePrefix(tt.cluster), tt.bits); !errors.Is(err, ErrInvalidRange) {
			t.Errorf("NewSubnets(%s, %d) = %v, want ErrInvalidRange", tt.cluster, tt.bits, err)
		}
	}
	if _, err := NewSubnets(netip.Prefix{}, 24); !errors.Is(err, ErrInvalidRange) {
		t.Errorf("NewSubnets(zero prefix) = %v", err)
	}
	for _, ok := range []struct {
		cluster string
		bits    int
	}{{"10.0.0.0/8", 32}, {"fd00::/48", 64}, {"10.0.0.0/24", 24}} {
		if _, err := NewSubnets(netip.MustParsePrefix(ok.cluster), ok.bits); err != nil {
			t.Errorf("NewSubnets(%s, %d) = %v", ok.cluster, ok.bits, err)
		}
	}
	a := mustSubnets(t, "10.244.0.0/16", 24)
	if err := a.AllocatePrefix(netip.MustParsePrefix("10.244.7.0/24")); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"10.245.0.0/24", "10.244.0.0/25", "10.244.0.0/16", "fd00::/24"} {
		err := a.AllocatePrefix(netip.MustParsePrefix(p))
		var se *SubnetError
		if !errors.Is(err, ErrNotInRange) || !errors.As(err, &se) {
			t.Errorf("AllocatePrefix(%s) = %v, want ErrNotInRange", p, err)
		}
		if err := a.Release(netip.MustParsePrefix(p)); !errors.Is(err, ErrNotInRange) {
			t.Errorf("Release(%s) = %v, want ErrNotInRange", p, err)
		}
	}
	err := a.AllocatePrefix(netip.MustParsePrefix("10.244.7.0/24"))
	if !errors.Is(err, ErrAllocated) || err.Error() != "subnet 10.244.7.0/24: already allocated" {
		t.Errorf("AllocatePrefix(taken) = %v", err)
	}
	if got, _ := a.Allocate(); got.String() != "10.244.0.0/24" {
		t.Errorf("AllocatePrefix moved the cursor: Allocate = %v", got)
	}
	if a.Release(netip.MustParsePrefix("10.244.9.0/24")) != nil || a.Used() != 2 {
		t.Errorf("releasing a free subnet must be a no-op")
	}
}

// TestHostLocal follows CNI host-local IPAM (containernetworking/plugins
// plugins/ipam/host-local/backend/allocator, allocator.go and range.go):
// gateway .1 reserved, pods from .2, .254 last on a /24, no reuse before
// the lap.
func TestHostLocal(t *testing.T) {
	a, err := NewHostLocal(netip.MustParsePrefix("10.244.3.0/24"))
	if err != nil {
		t.Fatal(err)
	}
	if !a.Allocated(netip.MustParseAddr("10.244.3.1")) || a.Free() != 253 {
		t.Fatalf("gateway not reserved or wrong free count %d", a.Free())
	}
	for _, want := range []string{"10.244.3.2", "10.244.3.3"} {
		if got, _ := a.Allocate(); got.String() != want {
			t.Fatalf("Allocate = %v, want %s", got, want)
		}
	}
	a.Release(netip.MustParseAddr("10.244.3.2"))
	var last netip.Addr
	for range 251 {
		last, err = a.Allocate()
		if err != nil {
			t.Fatal(err)
		}
	}
	if last.String() != "10.244.3.254" {
		t.Fatalf("last of the lap = %v, want 10.244.3.254", last)
	}
	if got, _ := a.Allocate(); got.String() != "10.244.3.2" {
		t.Fatalf("after the lap = %v, want the freed 10.244.3.2", got)
	}
	if _, err := a.Allocate(); err != ErrFull {
		t.Fatalf("Allocate on a full node = %v", err)
	}
	for _, p := range []string{"10.0.0.0/31", "10.0.0.0/32", "fd00::/127", "fd00::/128"} {
		if _, err := NewHostLocal(netip.MustParsePrefix(p)); !errors.Is(err, ErrInvalidRange) {
			t.Errorf("NewHostLocal(%s) = %v, want ErrInvalidRange", p, err)
		}
	}
	v6, err := NewHostLocal(netip.MustParsePrefix("fd00:1::/64"))
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := v6.Allocate(); got.String() != "fd00:1::2" {
		t.Fatalf("IPv6 first pod = %v, want fd00:1::2", got)
	}
	if _, err := NewHostLocal(netip.MustParsePrefix("10.0.0.0/30")); err != nil {
		t.Fatalf("NewHostLocal(/30) = %v", err)
	}
}

// InitHostLocal makes in place what NewHostLocal returns, over whatever
// the allocator held; refused, it leaves the allocator empty.
func TestInitHostLocal(t *testing.T) {
	var a Allocator
	if err := a.InitHostLocal(netip.MustParsePrefix("10.244.1.0/24")); err != nil {
		t.Fatal(err)
	}
	for range 3 {
		if _, err := a.Allocate(); err != nil {
			t.Fatal(err)
		}
	}
	if err := a.InitHostLocal(netip.MustParsePrefix("10.244.3.0/24")); err != nil {
		t.Fatal(err)
	}
	if got, _ := a.Allocate(); got.String() != "10.244.3.2" || a.Used() != 2 || a.Size() != 254 {
		t.Fatalf("re-made: Allocate = %v, Used %d, Size %d; want 10.244.3.2, 2, 254", got, a.Used(), a.Size())
	}
	for _, p := range []netip.Prefix{netip.MustParsePrefix("10.0.0.0/31"), netip.MustParsePrefix("10.0.0.1/24"), {}} {
		if err := a.InitHostLocal(p); !errors.Is(err, ErrInvalidRange) {
			t.Errorf("InitHostLocal(%v) = %v, want ErrInvalidRange", p, err)
		}
		if a.Size() != 0 || a.Used() != 0 || a.Prefix().IsValid() {
			t.Errorf("InitHostLocal(%v) refused left Size %d, Used %d, range %v; want an empty allocator", p, a.Size(), a.Used(), a.Prefix())
		}
		if _, err := a.Allocate(); err != ErrFull {
			t.Errorf("InitHostLocal(%v) refused: Allocate = %v, want ErrFull", p, err)
		}
	}
}
