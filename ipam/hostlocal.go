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
	a := new(Allocator)
	if err := a.InitHostLocal(subnet); err != nil {
		return nil, err
	}
	return a, nil
}

// InitHostLocal makes a the allocator NewHostLocal(subnet) returns, in
// place, or returns its error (a is then left empty): for a caller that
// keeps the allocator inside a record of its own (a node's) rather than
// as an allocation of its own. Like a Go map, a used Allocator value
// refers to its bitmap: a copy shares it, so keep only one of them.
func (a *Allocator) InitHostLocal(subnet netip.Prefix) error {
	*a = Allocator{}
	if subnet.IsValid() && subnet.Addr().BitLen()-subnet.Bits() < 2 {
		return &RangeError{Range: subnet.String(), Reason: "network is too small to allocate from"}
	}
	if err := a.init(subnet, []Option{Sequential()}); err != nil {
		return err
	}
	if err := a.AllocateAddr(subnet.Addr().Next()); err != nil {
		*a = Allocator{}
		return err // unreachable: the subnet has at least 2 usable addresses
	}
	return nil
}
