package kube

// The address lists of the API: a pod's status.podIPs, a node's
// spec.podCIDRs, a Service's spec.clusterIPs, read with upstream's words
// for a value that does not parse.

import (
	"net/netip"
	"strconv"

	"github.com/svcsim/svcsim/internal/validation"
	"github.com/svcsim/svcsim/sim"
)

// readAddr parses the address value of field, an error wrapping
// sim.ErrInvalid if it does not parse.
func readAddr(obj, field, value string) (netip.Addr, error) {
	ip, err := netip.ParseAddr(value)
	if err != nil {
		return netip.Addr{}, invalid(obj, field, value, validation.InvalidIPMsg, sim.ErrInvalid)
	}
	return ip, nil
}

// readPrefix parses the CIDR value of field, an error wrapping
// sim.ErrInvalid if it does not parse.
func readPrefix(obj, field, value string) (netip.Prefix, error) {
	p, err := netip.ParsePrefix(value)
	if err != nil {
		return netip.Prefix{}, invalid(obj, field, value, validation.InvalidCIDRMsg, sim.ErrInvalid)
	}
	return p, nil
}

// readList parses values, the entries of the list field, with read; an
// entry that does not parse is an error naming field[i].
func readList[T any](obj, field string, values []string, read func(obj, field, value string) (T, error)) ([]T, error) {
	var out []T
	for i, v := range values {
		x, err := read(obj, field+"["+strconv.Itoa(i)+"]", v)
		if err != nil {
			return nil, err
		}
		out = append(out, x)
	}
	return out, nil
}

// readSingularPlural reads a singular field and its plural as the API
// server converts a v1 object (kubernetes
// pkg/apis/core/v1/conversion.go, Convert_v1_PodStatus_To_core_PodStatus
// and Convert_v1_NodeSpec_To_core_NodeSpec): the singular alone is a list
// of one; when both are given and the singular is not the plural's first
// entry, the singular wins (an older writer's) and the plural is dropped.
func readSingularPlural[T any](obj, singularField, singular, pluralField string, plural []string,
	read func(obj, field, value string) (T, error)) ([]T, error) {
	if singular != "" && (len(plural) == 0 || plural[0] != singular) {
		x, err := read(obj, singularField, singular)
		if err != nil {
			return nil, err
		}
		return []T{x}, nil
	}
	return readList(obj, pluralField, plural, read)
}

// textList renders a list of addresses or CIDRs as strings.
func textList[T interface{ String() string }](xs []T) []string {
	var out []string
	for _, x := range xs {
		out = append(out, x.String())
	}
	return out
}
