package dns

import (
	"cmp"
	"net/netip"
	"slices"
	"strings"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/service"
)

// rcode is the outcome of one query to the cluster DNS server.
type rcode uint8

const (
	rcOK     rcode = iota // NOERROR with an answer
	rcNoData              // NOERROR, empty answer
	rcNX                  // NXDOMAIN
)

// qtype is what a query asks for: addresses (A and AAAA together, as
// getaddrinfo asks both) or SRV.
type qtype uint8

const (
	qAddr qtype = iota
	qSRV
)

// response is the server's answer to one query. A CNAME answer (an
// ExternalName Service) has rc rcOK and cname set, nothing else: the chase
// is the caller's.
type response struct {
	rc    rcode
	cname string
	addrs []netip.Addr
	srv   []SRV
}

// request is a query name split the way CoreDNS's parseRequest does
// (plugin/kubernetes/parse.go): [endpoint.]service.namespace.(svc|pod) or
// _port._protocol.service.namespace.(svc|pod), below the zone.
type request struct {
	port, protocol, endpoint, service, namespace, podOrSvc string
}

// query answers one absolute name (lowercase, no trailing dot) as the
// CoreDNS kubernetes plugin does. Names outside the zone are NXDOMAIN: the
// simulated cluster has no upstream resolver.
func (r *Resolver) query(name string, qt qtype) response {
	zone := r.zone
	base, ok := inZone(name, zone)
	if !ok {
		return response{rc: rcNX}
	}
	// Apex, svc.<zone> and pod.<zone>: the plugin answers NODATA.
	if base == "" || base == "svc" || base == "pod" {
		return response{rc: rcNoData}
	}
	if base == "dns-version" { // only a TXT record lives there
		return response{rc: rcNoData}
	}
	req, ok := parseRequest(base)
	if !ok {
		return response{rc: rcNX}
	}
	if !r.View.NamespaceExists(req.namespace) {
		return response{rc: rcNX}
	}
	if req.service == "" { // <ns>.svc.<zone>: NODATA for an existing namespace
		return response{rc: rcNoData}
	}
	if req.podOrSvc == "pod" {
		return r.podRecord(req, qt)
	}
	return r.serviceRecords(req, zone, qt)
}

// parseRequest splits base (the name without the zone) into its labels,
// from the last one. More labels than the two forms allow is an invalid
// request (NXDOMAIN).
func parseRequest(base string) (request, bool) {
	var req request
	rest, label, more := cutLast(base)
	req.podOrSvc = label
	if req.podOrSvc != "svc" && req.podOrSvc != "pod" {
		return req, false
	}
	if !more {
		return req, true
	}
	if rest, req.namespace, more = cutLast(rest); !more {
		return req, true
	}
	if rest, req.service, more = cutLast(rest); !more {
		return req, true
	}
	// One label left is an endpoint, two are _port._protocol.
	port, proto, two := strings.Cut(rest, ".")
	switch {
	case !two:
		req.endpoint = rest
	case !strings.Contains(proto, "."):
		req.port = strings.TrimPrefix(port, "_")
		req.protocol = strings.TrimPrefix(proto, "_")
	default:
		return req, false
	}
	return req, true
}

// cutLast splits s at its last dot: the labels before it and the last
// one; more is false when s is one label.
func cutLast(s string) (rest, last string, more bool) {
	i := strings.LastIndexByte(s, '.')
	if i < 0 {
		return "", s, false
	}
	return s[:i], s[i+1:], true
}

// podRecord answers <a-b-c-d>.<ns>.pod.<zone> in `pods insecure` mode: the
// address is read from the label (three dashes and no "--": IPv4, else
// IPv6 with "-" for ":"), whether or not a pod holds it (findPods). Deeper
// names under a pod label are NXDOMAIN here; SRV of a pod name is NODATA.
func (r *Resolver) podRecord(req request, qt qtype) response {
	if req.endpoint != "" || req.port != "" || req.protocol != "" {
		return response{rc: rcNX}
	}
	label := req.service
	var s string
	if strings.Count(label, "-") == 3 && !strings.Contains(label, "--") {
		s = strings.ReplaceAll(label, "-", ".")
	} else {
		s = strings.ReplaceAll(label, "-", ":")
	}
	ip, err := netip.ParseAddr(s)
	if err != nil || ip.Zone() != "" {
		return response{rc: rcNX}
	}
	if qt != qAddr {
		return response{rc: rcNoData}
	}
	return response{rc: rcOK, addrs: []netip.Addr{ip}}
}

// matchPortAndProtocol is CoreDNS's matcher: an empty request label matches
// every port name or protocol.
func matchPortAndProtocol(reqPort, port, reqProto string, proto pod.Protocol) bool {
	return (reqPort == "" || reqPort == port) &&
		(reqProto == "" || strings.EqualFold(reqProto, string(pod.EffectiveProtocol(proto))))
}

// serviceRecords answers a name under <ns>.svc.<zone> (findServices).
func (r *Resolver) serviceRecords(req request, zone string, qt qtype) response {
	svc := r.View.Service(req.namespace, req.service)
	if svc == nil {
		return response{rc: rcNX}
	}
	if svc.Type == service.ExternalName {
		// No endpoints, ports or protocols below an ExternalName.
		if req.endpoint != "" || req.port != "" || req.protocol != "" || svc.ExternalName == "" {
			return response{rc: rcNX}
		}
		target := strings.ToLower(strings.TrimSuffix(svc.ExternalName, "."))
		if ip, err := netip.ParseAddr(target); err == nil {
			// CoreDNS answers an IP-shaped externalName with an address.
			if qt == qAddr {
				return response{rc: rcOK, addrs: []netip.Addr{ip}}
			}
			return response{rc: rcNoData}
		}
		return response{rc: rcOK, cname: target}
	}
	fqdn := "" // the Service's name, the target of its SRV records
	if qt == qSRV {
		fqdn = req.service + "." + req.namespace + ".svc." + zone
	}
	if svc.Headless || req.endpoint != "" {
		return r.endpointRecords(svc, req, fqdn, qt)
	}
	var out response
	matched := false
	for _, p := range svc.Ports {
		if !matchPortAndProtocol(req.port, p.Name, req.protocol, p.Protocol) {
			continue
		}
		matched = true
		if !svc.ClusterIP.IsValid() {
			continue
		}
		if qt == qAddr {
			// A and AAAA: every address of spec.clusterIPs (CoreDNS keeps
			// them all; dual-stack answers both families).
			if len(svc.ClusterIPs) > 0 {
				out.addrs = append(out.addrs, svc.ClusterIPs...)
			} else {
				out.addrs = append(out.addrs, svc.ClusterIP)
			}
		} else {
			out.srv = append(out.srv, SRV{Target: fqdn, Port: uint16(p.Port)})
		}
	}
	return finish(out, matched)
}

// endpointRecords answers a headless Service, or an <endpoint>.<svc> name
// of any Service: one record per published endpoint and matching port
// (fqdn is the Service's name, for SRV targets; "" for other queries). A
// plain address query takes every published endpoint (AppendAddresses:
// CoreDNS's port -1 sentinel for port-less slices); SRV and port-qualified
// queries go port by port.
func (r *Resolver) endpointRecords(svc *service.Service, req request, fqdn string, qt qtype) response {
	var out response
	matched := false
	var buf [8]Endpoint
	add := func(eps []Endpoint, hasPort bool) {
		for _, e := range eps {
			host := strings.ToLower(service.EndpointHostname(service.Endpoint{IP: e.IP, Hostname: e.Hostname}))
			if req.endpoint != "" && req.endpoint != host {
				continue
			}
			matched = true
			if qt == qAddr {
				out.addrs = append(out.addrs, e.IP)
			} else if hasPort {
				out.srv = append(out.srv, SRV{Target: host + "." + fqdn, Port: uint16(e.Port)})
			}
		}
	}
	if qt == qAddr && req.port == "" && req.protocol == "" {
		add(r.View.AppendAddresses(svc.Namespace, svc.Name, buf[:0]), false)
		return finish(out, matched)
	}
	if len(svc.Ports) == 0 && req.port == "" && req.protocol == "" {
		add(r.View.AppendAddresses(svc.Namespace, svc.Name, buf[:0]), false) // addresses, no SRV
	}
	for _, p := range svc.Ports {
		if matchPortAndProtocol(req.port, p.Name, req.protocol, p.Protocol) {
			add(r.View.AppendEndpoints(svc.Namespace, svc.Name, p.Name, buf[:0]), true)
		}
	}
	return finish(out, matched)
}

// finish turns collected records into a response: nothing matched is
// NXDOMAIN, matched without records of the asked type is NODATA. Records are
// sorted and duplicates dropped (an address with several ports is one A
// record); SRV weights are CoreDNS's floor(100/n) over the answer.
func finish(out response, matched bool) response {
	slices.SortFunc(out.addrs, netip.Addr.Compare)
	out.addrs = slices.Compact(out.addrs)
	slices.SortFunc(out.srv, compareSRV)
	out.srv = slices.Compact(out.srv)
	w := service.SRVWeight(len(out.srv))
	for i := range out.srv {
		out.srv[i].Weight = w
	}
	switch {
	case !matched:
		out.rc = rcNX
	case len(out.addrs) == 0 && len(out.srv) == 0:
		out.rc = rcNoData
	default:
		out.rc = rcOK
	}
	return out
}

// compareSRV orders SRV records by priority, target, then port.
func compareSRV(a, b SRV) int {
	return cmp.Or(cmp.Compare(a.Priority, b.Priority), strings.Compare(a.Target, b.Target), cmp.Compare(a.Port, b.Port))
}
