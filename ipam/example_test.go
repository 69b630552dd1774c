package ipam_test

import (
	"errors"
	"fmt"
	"net/netip"

	"github.com/svcsim/svcsim/ipam"
)

// A /30 has two usable addresses: the network and broadcast addresses are
// never handed out (upstream TestAllocateSmall).
func ExampleNew() {
	a, err := ipam.New(netip.MustParsePrefix("192.168.1.0/30"))
	if err != nil {
		panic(err)
	}
	x, _ := a.Allocate()
	y, _ := a.Allocate()
	_, err = a.Allocate()
	fmt.Println(x.Less(y) || y.Less(x), a.Allocated(netip.MustParseAddr("192.168.1.1")), a.Allocated(netip.MustParseAddr("192.168.1.2")))
	fmt.Println(err, errors.Is(err, ipam.ErrFull))
	fmt.Println(a)
	// Output:
	// true true true
	// range is full true
	// 192.168.1.0/30: 2/2 used
}

// An IPv6 /64 is usable whole: 2^64−1 addresses (only the network address
// is excluded), and memory follows the addresses in use.
func ExampleNew_ipv6() {
	a, _ := ipam.New(netip.MustParsePrefix("fd00:10:96::/64"), ipam.Sequential())
	ip, _ := a.Allocate()
	fmt.Println(ip, a.Size())
	fmt.Println(a.AllocateAddr(netip.MustParseAddr("fd00:10:96::ffff:ffff:ffff:ffff")))
	_, err := ipam.New(netip.MustParsePrefix("fd00::/48"))
	fmt.Println(err)
	// Output:
	// fd00:10:96::1 18446744073709551615
	// <nil>
	// invalid range "fd00::/48": shortest allowed prefix length for an IPv6 range is 64
}

// The same seed gives the same sequence. Random allocation starts in the
// upper (dynamic) band: on a /24 the static band is .1–.16 (KEP-3070), so
// the first 238 addresses all come from .17–.254.
func ExampleWithSeed() {
	a, _ := ipam.New(netip.MustParsePrefix("10.96.0.0/24"), ipam.WithSeed(7))
	b, _ := ipam.New(netip.MustParsePrefix("10.96.0.0/24"), ipam.WithSeed(7))
	same, upper := true, true
	for range 238 {
		x, _ := a.Allocate()
		y, _ := b.Allocate()
		same = same && x == y
		upper = upper && x.As4()[3] >= 17
	}
	next, _ := a.Allocate()
	fmt.Println(a.StaticBand(), same, upper, next.As4()[3] <= 16)
	// Output:
	// 16 true true true
}

// Sequential is CNI host-local's round-robin: a released address is reused
// only after the cursor laps the range.
func ExampleSequential() {
	a, _ := ipam.New(netip.MustParsePrefix("10.244.1.0/29"), ipam.Sequential())
	first, _ := a.Allocate()
	second, _ := a.Allocate()
	a.Release(first)
	third, _ := a.Allocate()
	fmt.Println(first, second, third)
	// Output:
	// 10.244.1.1 10.244.1.2 10.244.1.3
}

// Requests for specific addresses fail with errors to branch on.
func ExampleAllocator_AllocateAddr() {
	a, _ := ipam.New(netip.MustParsePrefix("10.96.0.0/12"))
	fmt.Println(a.AllocateAddr(netip.MustParseAddr("10.96.0.10")))
	err := a.AllocateAddr(netip.MustParseAddr("10.96.0.10"))
	fmt.Println(errors.Is(err, ipam.ErrAllocated), err)
	err = a.AllocateAddr(netip.MustParseAddr("10.96.0.0"))
	fmt.Println(errors.Is(err, ipam.ErrNotInRange), err)
	fmt.Println(a)
	// Output:
	// <nil>
	// true failed to allocate IP 10.96.0.10: provided IP is already allocated
	// true failed to allocate IP 10.96.0.0: provided IP 10.96.0.0 is not in the valid range
	// 10.96.0.0/12: 1/1048574 used
}

// The default NodePort range: 86 static ports (30000-30085, KEP-3668), and
// upstream's error messages.
func ExampleNewPorts() {
	p, _ := ipam.NewPorts(ipam.DefaultNodePortFirst, ipam.DefaultNodePortLast, ipam.WithSeed(1))
	port, _ := p.Allocate()
	fmt.Println(p.Size(), p.StaticBand(), port >= 30086)
	var pe *ipam.PortError
	if err := p.AllocatePort(80); errors.As(err, &pe) {
		fmt.Println(pe.Detail())
	}
	fmt.Println(p.AllocatePort(port))
	// Output:
	// 2768 86 true
	// provided port is not in the valid range. The range of valid ports is 30000-32767
	// failed to allocate port 32582: provided port is already allocated
}

// ParsePortRange reads --service-node-port-range values.
func ExampleParsePortRange() {
	for _, s := range []string{"30000-32767", "30000+2767", "8080", "32767-30000"} {
		r, err := ipam.ParsePortRange(s)
		fmt.Println(r, r.Size, err)
	}
	// Output:
	// 30000-32767 2768 <nil>
	// 30000-32767 2768 <nil>
	// 8080-8080 1 <nil>
	//  0 invalid port range "32767-30000": end port cannot be less than start port
}

// Node pod CIDRs come out in order, index 0 first (nodeipam cidrset).
func ExampleNewSubnets() {
	s, _ := ipam.NewSubnets(netip.MustParsePrefix("10.244.0.0/16"), 24)
	for range 3 {
		p, _ := s.Allocate()
		fmt.Println(p)
	}
	fmt.Println(s)
	// Output:
	// 10.244.0.0/24
	// 10.244.1.0/24
	// 10.244.2.0/24
	// 10.244.0.0/16 into /24: 3/256 used
}

// Pod IPs on a node: the gateway .1 is reserved, the first pod gets .2.
func ExampleNewHostLocal() {
	a, _ := ipam.NewHostLocal(netip.MustParsePrefix("10.244.3.0/24"))
	ip, _ := a.Allocate()
	fmt.Println(ip, a.Free())
	// Output:
	// 10.244.3.2 252
}
