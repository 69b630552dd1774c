package endpoints

import (
	"github.com/svcsim/svcsim/selector"
	"slices"
	"strconv"
	"strings"
)

// EqualEndpoints reports whether a and b are the same Endpoints object:
// same namespace, name and truncation flag, and the same subsets compared as
// a set of (ports as a set, addresses in order, not-ready addresses in
// order), since upstream's subset and port order is arbitrary (RepackSubsets
// in kubernetes pkg/api/v1/endpoints/util.go sorts them by a hash).
func EqualEndpoints(a, b Endpoints) bool {
	if a.Namespace != b.Namespace || a.Name != b.Name || a.Truncated != b.Truncated ||
		len(a.Subsets) != len(b.Subsets) {
		return false
	}
	return slices.Equal(subsetKeys(a.Subsets), subsetKeys(b.Subsets))
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

// EquivalentSlices reports whether two sets of EndpointSlices carry the
// same endpoints: per (namespace, service, address type, port list as a
// set), the same multiset of endpoints with the same conditions, node and
// pod, and slices (placeholders included) for the same address types.
// Slice names, the cut into slices and endpoint order are ignored: upstream
// does not rebalance, so a layout is history-dependent.
func EquivalentSlices(a, b []Slice) bool {
	return slices.Equal(sliceContent(a), sliceContent(b))
}

func sliceContent(ss []Slice) []string {
	var out []string
	types := map[string]bool{}
	for _, s := range ss {
		ports := slices.Clone(s.Ports)
		slices.SortFunc(ports, comparePort)
		labels := selector.Set(s.Labels).String()
		head := s.Namespace + "/" + s.Service + "|" + string(s.AddressType) + "|" + labels + "|" + portsKey(ports) + "|"
		types["type:"+s.Namespace+"/"+s.Service+"|"+string(s.AddressType)+"|"+labels] = true
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
