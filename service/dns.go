package service

import (
	"net/netip"
	"strconv"
	"strings"

	"github.com/svcsim/svcsim/pod"
)

// RRType is a DNS resource-record type.
type RRType string

// The record types a Service publishes (kubernetes/dns
// docs/specification.md, schema 1.1.0, as CoreDNS's kubernetes plugin
// answers it).
const (
	TypeA     RRType = "A"
	TypeAAAA  RRType = "AAAA"
	TypeSRV   RRType = "SRV"
	TypePTR   RRType = "PTR"
	TypeCNAME RRType = "CNAME"
)

// DefaultTTL is the TTL of kubeadm's Corefile (`ttl 30`); CoreDNS's own
// default is 5 s (defaultTTL in plugin/kubernetes).
const DefaultTTL = 30

// Record is one DNS resource record. Names and targets are absolute, with
// a trailing dot. Addr is set for A/AAAA; Target for SRV, PTR and CNAME;
// Priority, Weight and Port for SRV.
type Record struct {
	Name     string
	TTL      uint32
	Type     RRType
	Addr     netip.Addr
	Target   string
	Priority uint16
	Weight   uint16
	Port     uint16
}

// String renders r in zone-file form, e.g.
// "web.default.svc.cluster.local. 30 IN A 10.96.0.10" or
// "_http._tcp.web.default.svc.cluster.local. 30 IN SRV 0 100 80 web.default.svc.cluster.local.".
func (r Record) String() string {
	b := make([]byte, 0, 96)
	b = append(b, r.Name...)
	b = append(b, ' ')
	b = strconv.AppendUint(b, uint64(r.TTL), 10)
	b = append(b, " IN "...)
	b = append(b, r.Type...)
	b = append(b, ' ')
	switch r.Type {
	case TypeA, TypeAAAA:
		b = r.Addr.AppendTo(b)
	case TypeSRV:
		b = strconv.AppendUint(b, uint64(r.Priority), 10)
		b = append(b, ' ')
		b = strconv.AppendUint(b, uint64(r.Weight), 10)
		b = append(b, ' ')
		b = strconv.AppendUint(b, uint64(r.Port), 10)
		b = append(b, ' ')
		b = append(b, r.Target...)
	default:
		b = append(b, r.Target...)
	}
	return string(b)
}

// Endpoint is one ready address of a headless Service as DNS sees it: the IP,
// the endpoint's hostname (empty: CoreDNS derives one from the IP) and the
// pod's container ports, against which named target ports resolve (a
// headless Service's SRV records carry the endpoint port, i.e. the resolved
// target port, as CoreDNS reads it from the Endpoints subset).
type Endpoint struct {
	IP       netip.Addr
	Hostname string
	Ports    []pod.ContainerPort
}

// EndpointHostname returns the DNS label of a headless Service's endpoint,
// as CoreDNS's endpointHostname (plugin/kubernetes/kubernetes.go, without
// endpoint_pod_names): the hostname if set, otherwise the IP with "." (IPv4)
// or ":" (IPv6) turned into "-", and a "0" appended if that ends in "-".
func EndpointHostname(e Endpoint) string {
	if e.Hostname != "" {
		return e.Hostname
	}
	if !e.IP.IsValid() {
		return ""
	}
	ip := e.IP.String()
	if strings.Contains(ip, ".") {
		return strings.ReplaceAll(ip, ".", "-")
	}
	h := strings.ReplaceAll(ip, ":", "-")
	if strings.HasSuffix(h, "-") {
		h += "0"
	}
	return h
}

// ReverseName returns the PTR owner name of ip: the reversed octets under
// in-addr.arpa. for IPv4, the reversed nibbles under ip6.arpa. for IPv6
// (RFC 1035 §3.5, RFC 3596 §2.5). The zero Addr gives "".
func ReverseName(ip netip.Addr) string {
	if !ip.IsValid() {
		return ""
	}
	ip = ip.Unmap()
	var b []byte
	if ip.Is4() {
		a := ip.As4()
		b = make([]byte, 0, 29)
		for i := 3; i >= 0; i-- {
			b = strconv.AppendUint(b, uint64(a[i]), 10)
			b = append(b, '.')
		}
		return string(append(b, "in-addr.arpa."...))
	}
	const hex = "0123456789abcdef"
	a := ip.As16()
	b = make([]byte, 0, 73)
	for i := 15; i >= 0; i-- {
		b = append(b, hex[a[i]&0xf], '.', hex[a[i]>>4], '.')
	}
	return string(append(b, "ip6.arpa."...))
}

// SRVWeight is CoreDNS's SRV weight for an answer of n records:
// floor(100/n), at least 1 (plugin/backend_lookup.go).
func SRVWeight(n int) uint16 {
	if n <= 0 {
		return 100
	}
	w := 100 / n
	if w < 1 {
		w = 1
	}
	return uint16(w)
}

func addrType(ip netip.Addr) RRType {
	if ip.Is4() {
		return TypeA
	}
	return TypeAAAA
}

func protoLabel(p pod.Protocol) string { return "_" + lowerProto(pod.EffectiveProtocol(p)) }
