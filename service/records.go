package service

import "strings"

// Records returns every DNS record CoreDNS (kubeadm's Corefile, with the
// reverse zones) serves for s, in the formats of the Kubernetes DNS
// specification (kubernetes/dns docs/specification.md), with the given TTL
// (DefaultTTL is kubeadm's). ready are the ready addresses of a
// headless Service (its Endpoints "addresses"; ignored otherwise); sim
// supplies them since service cannot import endpoints. The order is fixed:
//
//   - ExternalName: one CNAME <fqdn>. → <externalName>. (no ports, no SRV).
//   - ClusterIP/NodePort/LoadBalancer with a ClusterIP: the A or AAAA record
//     of the ClusterIP; an SRV _<port>._<proto>.<fqdn>. per named port
//     (priority 0, weight 100, target <fqdn>.); CoreDNS's SRV of the bare
//     <fqdn>. with one record per port, named or not; the PTR of the
//     ClusterIP. Nothing before a ClusterIP is allocated.
//   - Headless: one A/AAAA <fqdn>. per ready address; one A/AAAA
//     <hostname>.<fqdn>. per address (hostname: EndpointHostname); for each
//     named port one SRV per address targeting <hostname>.<fqdn>.; the bare
//     <fqdn>. SRV per port and address; one PTR per address. A headless
//     SRV's port is the endpoint's port: the target port resolved against
//     the Endpoint's container ports (Port.ResolveTargetPort); an address
//     whose pod lacks a named target port has no SRV for that port. No
//     ready address: no records (NXDOMAIN).
//
// An answer lists each distinct record once (two Service ports with one
// number, 53/UDP and 53/TCP, give one bare-name SRV per target), and SRV
// weights are CoreDNS's floor(100/n) over the n records of that answer.
func (s Service) Records(clusterDomain string, ttl uint32, ready []Endpoint) []Record {
	fqdn := s.FQDN(clusterDomain) + "."
	switch {
	case effectiveType(s.Type) == ExternalName:
		if s.ExternalName == "" {
			return nil
		}
		target := s.ExternalName
		if !strings.HasSuffix(target, ".") {
			target += "."
		}
		return []Record{{Name: fqdn, TTL: ttl, Type: TypeCNAME, Target: target}}
	case s.Headless:
		return s.headlessRecords(fqdn, ttl, ready)
	case s.ClusterIP.IsValid():
		return s.clusterIPRecords(fqdn, ttl)
	}
	return nil
}

func (s Service) clusterIPRecords(fqdn string, ttl uint32) []Record {
	out := make([]Record, 0, 2+2*len(s.Ports))
	out = append(out, Record{Name: fqdn, TTL: ttl, Type: addrType(s.ClusterIP), Addr: s.ClusterIP})
	for _, p := range s.Ports {
		if p.Name != "" {
			out = append(out, Record{Name: "_" + p.Name + "." + protoLabel(p.Protocol) + "." + fqdn, TTL: ttl,
				Type: TypeSRV, Weight: SRVWeight(1), Port: uint16(p.Port), Target: fqdn})
		}
	}
	bare := len(out)
	for _, p := range s.Ports {
		out = appendSRVOnce(out, bare, Record{Name: fqdn, TTL: ttl, Type: TypeSRV, Port: uint16(p.Port), Target: fqdn})
	}
	setSRVWeights(out[bare:])
	return append(out, Record{Name: ReverseName(s.ClusterIP), TTL: ttl, Type: TypePTR, Target: fqdn})
}

func (s Service) headlessRecords(fqdn string, ttl uint32, ready []Endpoint) []Record {
	eps := make([]Endpoint, 0, len(ready))
	for _, e := range ready {
		if e.IP.IsValid() {
			eps = append(eps, e)
		}
	}
	if len(eps) == 0 {
		return nil
	}
	hosts := make([]string, len(eps))
	for i, e := range eps {
		hosts[i] = EndpointHostname(e) + "." + fqdn
	}
	out := make([]Record, 0, len(eps)*(3+2*len(s.Ports)))
	for _, e := range eps {
		out = append(out, Record{Name: fqdn, TTL: ttl, Type: addrType(e.IP), Addr: e.IP})
	}
	for i, e := range eps {
		out = append(out, Record{Name: hosts[i], TTL: ttl, Type: addrType(e.IP), Addr: e.IP})
	}
	for i, p := range s.Ports {
		if p.Name == "" {
			continue
		}
		out = appendHeadlessSRV(out, "_"+p.Name+"."+protoLabel(p.Protocol)+"."+fqdn, ttl, s.Ports[i:i+1], eps, hosts)
	}
	out = appendHeadlessSRV(out, fqdn, ttl, s.Ports, eps, hosts)
	for i, e := range eps {
		out = append(out, Record{Name: ReverseName(e.IP), TTL: ttl, Type: TypePTR, Target: hosts[i]})
	}
	return out
}

// appendHeadlessSRV adds the SRV answer of owner name for the Service ports
// ps: one record per endpoint serving a port, each distinct (target, port)
// once.
func appendHeadlessSRV(out []Record, name string, ttl uint32, ps []Port, eps []Endpoint, hosts []string) []Record {
	start := len(out)
	for _, p := range ps {
		for i, e := range eps {
			if port, ok := p.ResolveTargetPort(e.Ports); ok {
				out = appendSRVOnce(out, start, Record{Name: name, TTL: ttl, Type: TypeSRV, Port: uint16(port), Target: hosts[i]})
			}
		}
	}
	setSRVWeights(out[start:])
	return out
}

// appendSRVOnce appends r unless out[start:] (one answer) already holds the
// same record: a DNS answer never repeats a record (RFC 2181 §5), so two
// Service ports with one number (53/UDP and 53/TCP) give one SRV.
func appendSRVOnce(out []Record, start int, r Record) []Record {
	for _, q := range out[start:] {
		if q.Port == r.Port && q.Target == r.Target {
			return out
		}
	}
	return append(out, r)
}

// setSRVWeights gives the records of one answer CoreDNS's weight
// floor(100/n), n being the number of records in it (coredns
// plugin/backend_lookup.go, SRV).
func setSRVWeights(answer []Record) {
	w := SRVWeight(len(answer))
	for i := range answer {
		answer[i].Weight = w
	}
}
