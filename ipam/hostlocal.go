package ipam

import "net/netip"

// NewHostLocal returns the pod IP allocator of one node subnet in CNI
// host-local's model (containernetworking/plugins plugins/ipam/host-local
// backend/allocator range.go and allocator.go): a Sequential allocator over
// subnet whose gateway, the first address (.1), is already allocated, so the
// first pod gets .2 and a /24 leaves .2–.254 (253 addresses) for pods.
// Used() counts the gateway. Subnets with fewer than 4 addresses (IPv4
// longer than /30, IPv6 longer than /126) are rejected as "too small to
// allocate from".
//
// The same model without the helper: New(subnet, Sequential()) followed by
// AllocateAddr(subnet.Addr().Next()), which is what NewHostLocal does.
func NewHostLocal(subnet netip.Prefix) (*Allocator, error) {
	if subnet.IsValid() && subnet.Addr().BitLen()-subnet.Bits() < 2 {
		return nil, &RangeError{Range: subnet.String(), Reason: "network is too small to allocate from"}
	}
	a, err := New(subnet, Sequential())
	if err != nil {
		return nil, err
	}
	if err := a.AllocateAddr(subnet.Addr().Next()); err != nil {
		return nil, err // unreachable: the subnet has at least 2 usable addresses
	}
	return a, nil
}
