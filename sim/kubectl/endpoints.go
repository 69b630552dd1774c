package kubectl

import (
	"cmp"
	"io"
	"net/netip"
	"slices"
	"strconv"
	"strings"

	"github.com/svcsim/svcsim/endpoints"
)

// listMax is how many items kubectl lists in an ENDPOINTS or PORTS cell
// before it writes " + N more...".
const listMax = 3

// Endpoints prints Endpoints objects as `kubectl get endpoints` (NAME
// ENDPOINTS AGE). The ENDPOINTS cell follows formatEndpoints upstream: the
// ready addresses of each subset joined with each of its ports as
// "ip:port", at most three, then " + N more..." counting the rest;
// "<none>" for an object without subsets. Not-ready addresses are not
// listed, so an object whose subsets hold only not-ready addresses prints
// an empty cell, as kubectl does.
func Endpoints(w io.Writer, eps []endpoints.Endpoints, o Options) error {
	t := newTable(o, "NAME", "ENDPOINTS", "AGE")
	s := slices.Clone(eps)
	slices.SortStableFunc(s, func(a, b endpoints.Endpoints) int {
		return cmp.Or(cmp.Compare(nsOrDefault(a.Namespace), nsOrDefault(b.Namespace)), cmp.Compare(a.Name, b.Name))
	})
	for _, e := range s {
		t.add(o, e.Namespace, e.Name, FormatEndpoints(e), age(o.Now, e.CreationTimestamp))
	}
	return t.write(w)
}

// FormatEndpoints returns the ENDPOINTS cell of e, as kubectl prints it
// ("10.244.1.5:8080,10.244.2.3:8080,10.244.3.4:8080 + 2 more...").
func FormatEndpoints(e endpoints.Endpoints) string {
	if len(e.Subsets) == 0 {
		return "<none>"
	}
	var list []string
	more := false
	count := 0
	for _, ss := range e.Subsets {
		if len(ss.Ports) == 0 { // headless Service without ports
			count += len(ss.Addresses)
			for _, a := range ss.Addresses {
				if len(list) == listMax {
					more = true
					break
				}
				list = append(list, a.IP.String())
			}
			continue
		}
		for _, p := range ss.Ports {
			count += len(ss.Addresses)
			for _, a := range ss.Addresses {
				if len(list) == listMax {
					more = true
					break
				}
				list = append(list, netip.AddrPortFrom(a.IP, uint16(p.Port)).String())
			}
		}
	}
	ret := strings.Join(list, ",")
	if more {
		return ret + " + " + strconv.Itoa(count-listMax) + " more..."
	}
	return ret
}

// EndpointSlices prints EndpointSlices as `kubectl get endpointslices`
// (NAME ADDRESSTYPE PORTS ENDPOINTS AGE), following printEndpointSlice
// upstream: PORTS lists the port numbers, ENDPOINTS every endpoint's
// addresses whatever its conditions, each at most three then
// " + N more...", and "<unset>" when empty.
func EndpointSlices(w io.Writer, slcs []endpoints.Slice, o Options) error {
	t := newTable(o, "NAME", "ADDRESSTYPE", "PORTS", "ENDPOINTS", "AGE")
	s := slices.Clone(slcs)
	slices.SortStableFunc(s, func(a, b endpoints.Slice) int {
		return cmp.Or(cmp.Compare(nsOrDefault(a.Namespace), nsOrDefault(b.Namespace)), cmp.Compare(a.Name, b.Name))
	})
	for _, sl := range s {
		t.add(o, sl.Namespace, sl.Name, string(sl.AddressType), FormatSlicePorts(sl.Ports),
			FormatSliceEndpoints(sl.Endpoints),
			age(o.Now, sl.CreationTimestamp))
	}
	return t.write(w)
}

// FormatSlicePorts returns the PORTS cell of an EndpointSlice
// (formatDiscoveryPorts upstream): the port numbers, "*" for a port
// without a number.
func FormatSlicePorts(ports []endpoints.EndpointPort) string {
	var list []string
	for _, p := range ports {
		if len(list) == listMax {
			break
		}
		switch {
		case p.Port != 0:
			list = append(list, strconv.Itoa(int(p.Port)))
		case p.Name != "":
			list = append(list, p.Name)
		default:
			list = append(list, "*")
		}
	}
	return listWithMore(list, len(ports))
}

// FormatSliceEndpoints returns the ENDPOINTS cell of an EndpointSlice
// (formatDiscoveryEndpoints upstream).
func FormatSliceEndpoints(eps []endpoints.Endpoint) string {
	var list []string
	count := 0
	for _, e := range eps {
		for _, a := range e.Addresses {
			if len(list) < listMax {
				list = append(list, a.String())
			}
			count++
		}
	}
	return listWithMore(list, count)
}

func listWithMore(list []string, count int) string {
	ret := strings.Join(list, ",")
	if count > listMax {
		return ret + " + " + strconv.Itoa(count-listMax) + " more..."
	}
	if ret == "" {
		return "<unset>"
	}
	return ret
}
