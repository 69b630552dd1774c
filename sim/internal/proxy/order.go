package proxy

import (
	"bytes"
	"net/netip"
	"slices"
	"strconv"
)

// SortBackends sorts bs in kube-proxy's endpoint order: by the "IP:port"
// string, byte-wise (byEndpoint in pkg/proxy/endpointslicecache.go), so
// 10.0.0.10:80 comes before 10.0.0.9:80. The iptables KUBE-SVC chain has
// one rule per endpoint in this order. The keys are formatted once into one
// buffer; input already in order (the endpoints controller sorts slices by
// IP string) is left as is after one pass.
func SortBackends(bs []Backend) {
	if len(bs) < 2 {
		return
	}
	buf := make([]byte, 0, 24*len(bs))
	ends := make([]int32, len(bs)+1)
	for i, b := range bs {
		buf = netip.AddrPortFrom(b.IP, uint16(b.Port)).AppendTo(buf)
		ends[i+1] = int32(len(buf))
	}
	key := func(i int32) []byte { return buf[ends[i]:ends[i+1]] }
	sorted := true
	for i := int32(1); i < int32(len(bs)) && sorted; i++ {
		sorted = bytes.Compare(key(i-1), key(i)) <= 0
	}
	if sorted {
		return
	}
	idx := make([]int32, len(bs))
	for i := range idx {
		idx[i] = int32(i)
	}
	slices.SortStableFunc(idx, func(a, b int32) int { return bytes.Compare(key(a), key(b)) })
	out := make([]Backend, len(bs))
	for i, j := range idx {
		out[i] = bs[j]
	}
	copy(bs, out)
}

// endpointString is the "IP:port" form kube-proxy sorts by (IPv6 in
// brackets, as net.JoinHostPort writes it).
func endpointString(b Backend) string {
	return netip.AddrPortFrom(b.IP, uint16(b.Port)).String()
}

// Probability is the probability iptables mode writes on rule i (0-based)
// of a KUBE-SVC chain of n endpoints: 1/(n−i), printed with 10 decimals
// (computeProbability in pkg/proxy/iptables/proxier.go). The last rule
// (i = n−1) has no statistic match and catches the rest: "".
func Probability(i, n int) string {
	if i >= n-1 {
		return ""
	}
	return strconv.FormatFloat(1/float64(n-i), 'f', 10, 64)
}
