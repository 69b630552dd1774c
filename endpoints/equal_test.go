package endpoints

import (
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"testing"

	"pgregory.net/rapid"

	"github.com/svcsim/svcsim/pod"
)

// The structural EqualEndpoints and EquivalentSlices agree with the
// string-key versions they replaced (keyEqualEndpoints,
// keyEquivalentSlices below), on values drawn from small domains so that
// equal pairs are common. (Protocols are drawn effective: the string keys
// ordered "" and "TCP" of the same port arbitrarily.)
func TestEqualMatchesKeys(t *testing.T) {
	ips := []netip.Addr{netip.MustParseAddr("10.0.0.1"), netip.MustParseAddr("10.0.0.2"), netip.MustParseAddr("fd00::1")}
	port := rapid.Custom(func(t *rapid.T) EndpointPort {
		return EndpointPort{Name: rapid.SampledFrom([]string{"", "http"}).Draw(t, "name"),
			Port: int32(rapid.IntRange(80, 81).Draw(t, "port")), Protocol: rapid.SampledFrom([]pod.Protocol{pod.TCP, pod.UDP}).Draw(t, "proto")}
	})
	ports := rapid.SliceOfN(port, 0, 2)
	addr := rapid.Custom(func(t *rapid.T) Address {
		return Address{IP: rapid.SampledFrom(ips).Draw(t, "ip"), NodeName: rapid.SampledFrom([]string{"", "n1"}).Draw(t, "node"),
			Pod: rapid.SampledFrom([]string{"a", "b"}).Draw(t, "pod")}
	})
	subset := rapid.Custom(func(t *rapid.T) Subset {
		return Subset{Ports: ports.Draw(t, "ports"), Addresses: rapid.SliceOfN(addr, 0, 2).Draw(t, "ready"),
			NotReadyAddresses: rapid.SliceOfN(addr, 0, 1).Draw(t, "notReady")}
	})
	eps := rapid.Custom(func(t *rapid.T) Endpoints {
		return Endpoints{Namespace: "default", Name: "web", Truncated: rapid.IntRange(0, 5).Draw(t, "truncated") == 0,
			Subsets: rapid.SliceOfN(subset, 0, 3).Draw(t, "subsets")}
	})
	endpoint := rapid.Custom(func(t *rapid.T) Endpoint {
		return Endpoint{Addresses: rapid.SliceOfN(rapid.SampledFrom(ips), 1, 2).Draw(t, "addrs"),
			Conditions: Conditions{Ready: rapid.Bool().Draw(t, "ready"), Serving: rapid.Bool().Draw(t, "serving")},
			NodeName:   rapid.SampledFrom([]string{"", "n1"}).Draw(t, "node"), Pod: rapid.SampledFrom([]string{"a", "b"}).Draw(t, "pod")}
	})
	slice := rapid.Custom(func(t *rapid.T) Slice {
		return Slice{Namespace: "default", Name: rapid.SampledFrom([]string{"web-a", "web-b"}).Draw(t, "name"),
			Service:     rapid.SampledFrom([]string{"web", "api"}).Draw(t, "service"),
			AddressType: rapid.SampledFrom([]AddressType{IPv4, IPv6}).Draw(t, "type"),
			Ports:       ports.Draw(t, "ports"), Endpoints: rapid.SliceOfN(endpoint, 0, 2).Draw(t, "endpoints")}
	})
	rapid.Check(t, func(t *rapid.T) {
		a := eps.Draw(t, "a")
		b := a
		if rapid.Bool().Draw(t, "other") {
			b = eps.Draw(t, "b")
		} else {
			b.Subsets = slices.Clone(a.Subsets)
			for i, j := range rapid.Permutation(slices.Collect(func(yield func(int) bool) {
				for i := range a.Subsets {
					yield(i)
				}
			})).Draw(t, "order") {
				b.Subsets[i] = a.Subsets[j]
			}
			if len(b.Subsets) > 0 && rapid.Bool().Draw(t, "tweakSubset") {
				s := &b.Subsets[0]
				switch rapid.IntRange(0, 2).Draw(t, "field") {
				case 0:
					s.Addresses = append(slices.Clone(s.Addresses), Address{IP: ips[0]})
				case 1:
					s.Ports = append(slices.Clone(s.Ports), EndpointPort{Port: 1})
				default: // the same port set
					s.Ports = slices.Clone(s.Ports)
					slices.Reverse(s.Ports)
				}
			}
		}
		if got, want := EqualEndpoints(a, b), keyEqualEndpoints(a, b); got != want {
			t.Fatalf("EqualEndpoints = %v, string keys say %v", got, want)
		}
		x := rapid.SliceOfN(slice, 0, 3).Draw(t, "x")
		y := x
		if rapid.Bool().Draw(t, "otherSlices") {
			y = rapid.SliceOfN(slice, 0, 3).Draw(t, "y")
		} else {
			y = slices.Clone(x)
			slices.Reverse(y)
			if len(y) > 0 && len(y[0].Endpoints) > 0 && rapid.Bool().Draw(t, "tweak") {
				y[0].Endpoints = slices.Clone(y[0].Endpoints)
				e := &y[0].Endpoints[rapid.IntRange(0, len(y[0].Endpoints)-1).Draw(t, "endpoint")]
				switch rapid.IntRange(0, 3).Draw(t, "field") {
				case 0:
					e.Conditions.Ready = !e.Conditions.Ready
				case 1:
					e.Conditions.Terminating = !e.Conditions.Terminating
				case 2:
					e.NodeName += "x"
				default:
					e.Addresses = append(slices.Clone(e.Addresses), ips[0])
				}
			}
		}
		if got, want := EquivalentSlices(x, y), keyEquivalentSlices(x, y); got != want {
			t.Fatalf("EquivalentSlices = %v, string keys say %v", got, want)
		}
	})
}

func keyEqualEndpoints(a, b Endpoints) bool {
	if a.Namespace != b.Namespace || a.Name != b.Name || a.Truncated != b.Truncated ||
		len(a.Subsets) != len(b.Subsets) {
		return false
	}
	return slices.Equal(subsetKeys(a.Subsets), subsetKeys(b.Subsets))
}

func keyEquivalentSlices(a, b []Slice) bool {
	return slices.Equal(keySliceContent(a), keySliceContent(b))
}

func subsetKeys(ss []Subset) []string {
	keys := make([]string, len(ss))
	for i, s := range ss {
		var b strings.Builder
		ports := slices.Clone(s.Ports)
		slices.SortFunc(ports, comparePort)
		for _, p := range ports {
			b.Write(appendPortKey(nil, p))
		}
		b.WriteByte('|')
		writeAddrs(&b, s.Addresses)
		b.WriteByte('|')
		writeAddrs(&b, s.NotReadyAddresses)
		keys[i] = b.String()
	}
	slices.Sort(keys)
	return keys
}

func writeAddrs(b *strings.Builder, addrs []Address) {
	for _, a := range addrs {
		b.WriteString(a.IP.String())
		b.WriteByte(0)
		b.WriteString(a.NodeName)
		b.WriteByte(0)
		b.WriteString(a.Pod)
		b.WriteByte(1)
	}
}

func keySliceContent(ss []Slice) []string {
	var out []string
	types := map[string]bool{}
	for _, s := range ss {
		ports := slices.Clone(s.Ports)
		slices.SortFunc(ports, comparePort)
		head := s.Namespace + "/" + s.Service + "|" + string(appendGroupKey(nil, s.AddressType, ports)) + "|"
		types["type:"+s.Namespace+"/"+s.Service+"|"+string(s.AddressType)] = true
		for _, e := range s.Endpoints {
			var b strings.Builder
			b.WriteString(head)
			for _, ip := range e.Addresses {
				b.WriteString(ip.String())
				b.WriteByte(',')
			}
			b.WriteString("|" + e.NodeName + "|" + e.Pod + "|")
			b.WriteString(strconv.FormatBool(e.Conditions.Ready) + strconv.FormatBool(e.Conditions.Serving) +
				strconv.FormatBool(e.Conditions.Terminating))
			out = append(out, b.String())
		}
	}
	for t := range types {
		out = append(out, t)
	}
	slices.Sort(out)
	return out
}

// The equality forms used when comparing two sorted contents agree with
// the orders they stand for: sameEndpointFields with
// compareEndpointFields, sameSubset with compareSubset.
func TestSameMatchesCompare(t *testing.T) {
	strs := func(t *rapid.T, label string) []string {
		return rapid.SliceOfN(rapid.SampledFrom([]string{"a", "b"}), 0, 2).Draw(t, label)
	}
	endpoint := rapid.Custom(func(t *rapid.T) Endpoint {
		e := Endpoint{Addresses: rapid.SliceOfN(rapid.SampledFrom([]netip.Addr{netip.MustParseAddr("10.0.0.1"),
			netip.MustParseAddr("fd00::1"), netip.MustParseAddr("fd00::1%eth0")}), 0, 2).Draw(t, "addrs"),
			Conditions: Conditions{Ready: rapid.Bool().Draw(t, "ready"), Terminating: rapid.Bool().Draw(t, "terminating")},
			NodeName:   rapid.SampledFrom([]string{"", "n1"}).Draw(t, "node"), Pod: rapid.SampledFrom([]string{"a", "b"}).Draw(t, "pod"),
			Hostname: rapid.SampledFrom([]string{"", "h"}).Draw(t, "hostname"), Zone: rapid.SampledFrom([]string{"", "z"}).Draw(t, "zone")}
		if rapid.Bool().Draw(t, "hinted") {
			e.Hints = &Hints{ForZones: strs(t, "zones"), ForNodes: strs(t, "nodes")}
		}
		return e
	})
	addr := rapid.Custom(func(t *rapid.T) Address {
		return Address{IP: rapid.SampledFrom([]netip.Addr{netip.MustParseAddr("10.0.0.1"), netip.MustParseAddr("10.0.0.2")}).Draw(t, "ip"),
			Pod: rapid.SampledFrom([]string{"a", "b"}).Draw(t, "pod"), Hostname: rapid.SampledFrom([]string{"", "h"}).Draw(t, "hostname")}
	})
	subset := rapid.Custom(func(t *rapid.T) Subset {
		return Subset{Ports: rapid.SliceOfN(rapid.Custom(func(t *rapid.T) EndpointPort {
			return EndpointPort{Port: int32(rapid.IntRange(80, 81).Draw(t, "port")), AppProtocol: rapid.SampledFrom([]string{"", "h2c"}).Draw(t, "app")}
		}), 0, 2).Draw(t, "ports"), Addresses: rapid.SliceOfN(addr, 0, 2).Draw(t, "ready"), NotReadyAddresses: rapid.SliceOfN(addr, 0, 1).Draw(t, "notReady")}
	})
	rapid.Check(t, func(t *rapid.T) {
		x, y := endpoint.Draw(t, "x"), endpoint.Draw(t, "y")
		if same, cmp := sameEndpointFields(&x, &y), compareEndpointFields(&x, &y); same != (cmp == 0) {
			t.Fatalf("endpoints %+v, %+v: same %v, compare %d", x, y, same, cmp)
		}
		a, b := subset.Draw(t, "a"), subset.Draw(t, "b")
		if same, cmp := sameSubset(a, b), compareSubset(a, b); same != (cmp == 0) {
			t.Fatalf("subsets %+v, %+v: same %v, compare %d", a, b, same, cmp)
		}
	})
}

// EqualEndpoints keeps no reference to the objects it compares: objects
// built for a comparison stay on the stack.
func TestEqualEndpointsAllocs(t *testing.T) {
	ip := netip.MustParseAddr("10.0.0.1")
	equal := true
	n := testing.AllocsPerRun(100, func() {
		a := Endpoints{Name: "web", Subsets: []Subset{{Addresses: []Address{{IP: ip, Pod: "default/a"}},
			Ports: []EndpointPort{{Name: "http", Port: 80, Protocol: pod.TCP}}}}}
		b := Endpoints{Name: "web", Subsets: []Subset{{Addresses: []Address{{IP: ip, Pod: "default/a"}},
			Ports: []EndpointPort{{Name: "http", Port: 80, Protocol: pod.TCP}}}}}
		equal = equal && EqualEndpoints(a, b)
	})
	if !equal || n != 0 {
		t.Fatalf("equal %v, %v allocations", equal, n)
	}
}
