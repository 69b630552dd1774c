package endpoints

import (
	"net/netip"
	"strconv"

	"github.com/svcsim/svcsim/internal/validation"
	"github.com/svcsim/svcsim/pod"
)

// ValidateEndpoints returns the problems the apiserver finds in an
// Endpoints object a user writes (ValidateEndpoints, validateEndpointSubsets,
// validateEndpointAddress, ValidateEndpointIP and validateEndpointPort in
// kubernetes pkg/apis/core/validation/validation.go), as a pod.ErrorList
// wrapping ErrInvalid, or nil: the name must be a DNS-1123 subdomain and
// the namespace a DNS-1123 label (empty means default); every subset needs
// addresses or notReadyAddresses, its ports are optional; an address must
// be an IP (no zone) that is not unspecified, loopback, link-local or
// link-local multicast, its hostname, if any, a DNS-1123 label and its
// node name, if any, a DNS-1123 subdomain; a
// port needs a number in 1-65535 and a protocol among TCP, UDP and SCTP
// (empty means TCP here, as defaulted), and a name (a DNS-1123 label) when
// the subset has more than one port; names may repeat.
func ValidateEndpoints(ep Endpoints) error {
	v := epValidator{obj: "endpoints " + pod.NamespaceOrDefault(ep.Namespace) + "/" + ep.Name}
	if ep.Name == "" {
		v.add("metadata.name", pod.ErrorTypeRequired, nil, "name or generateName is required")
	} else {
		v.name("metadata.name", ep.Name, validation.DNS1123SubdomainMaxLength, validation.IsDNS1123Subdomain)
	}
	if ep.Namespace != "" {
		v.name("metadata.namespace", ep.Namespace, validation.DNS1123LabelMaxLength, validation.IsDNS1123Label)
	}
	for i, ss := range ep.Subsets {
		path := "subsets[" + strconv.Itoa(i) + "]"
		if len(ss.Addresses) == 0 && len(ss.NotReadyAddresses) == 0 {
			v.add(path, pod.ErrorTypeRequired, nil, "must specify `addresses` or `notReadyAddresses`")
		}
		for j, a := range ss.Addresses {
			v.address(a, path+".addresses["+strconv.Itoa(j)+"]")
		}
		for j, a := range ss.NotReadyAddresses {
			v.address(a, path+".notReadyAddresses["+strconv.Itoa(j)+"]")
		}
		for j, p := range ss.Ports {
			v.port(p, len(ss.Ports) > 1, path+".ports["+strconv.Itoa(j)+"]")
		}
	}
	if len(v.errs) == 0 {
		return nil
	}
	return v.errs
}

type epValidator struct {
	obj  string
	errs pod.ErrorList
}

func (v *epValidator) add(field string, t pod.ErrorType, value any, detail string) {
	v.errs = append(v.errs, &pod.FieldError{Object: v.obj, Field: field, Type: t, Value: value, Detail: detail, Sentinel: ErrInvalid})
}

// name validates a name of at most max bytes with check (pod.NameErrors: a
// longer one is a TooLong error that omits it).
func (v *epValidator) name(field, value string, max int, check func(string) []string) {
	v.errs = append(v.errs, pod.NameErrors(v.obj, field, value, max, check, ErrInvalid)...)
}

// address is validateEndpointAddress: the IP as the legacy IP parser
// sees it, the hostname, the node name, then ValidateEndpointIP. An IP with a zone does
// not parse upstream (netutils.ParseIPSloppy).
func (v *epValidator) address(a Address, path string) {
	ip, field := a.IP, path+".ip"
	text := ""
	if ip.IsValid() {
		text = ip.String()
	}
	parses := ip.IsValid() && ip.Zone() == ""
	if !parses {
		v.add(field, pod.ErrorTypeInvalid, text, validation.InvalidIPMsg)
	}
	if a.Hostname != "" {
		v.name(path+".hostname", a.Hostname, validation.DNS1123LabelMaxLength, validation.IsDNS1123Label)
	}
	if a.NodeName != "" {
		v.name(path+".nodeName", a.NodeName, validation.DNS1123SubdomainMaxLength, validation.IsDNS1123Subdomain)
	}
	if !parses {
		v.add(field, pod.ErrorTypeInvalid, text, "must be a valid IP address")
		return
	}
	v.endpointIP(ip, field)
}

// endpointIP is ValidateEndpointIP's range checks.
func (v *epValidator) endpointIP(ip netip.Addr, field string) {
	for _, m := range validation.EndpointIPReasons(ip) {
		v.add(field, pod.ErrorTypeInvalid, ip.String(), m)
	}
}

// port is validateEndpointPort.
func (v *epValidator) port(p EndpointPort, requireName bool, path string) {
	switch {
	case requireName && p.Name == "":
		v.add(path+".name", pod.ErrorTypeRequired, nil, "")
	case p.Name != "":
		v.name(path+".name", p.Name, validation.DNS1123LabelMaxLength, validation.IsDNS1123Label)
	}
	if p.Port < 1 || p.Port > 65535 {
		v.add(path+".port", pod.ErrorTypeInvalid, p.Port, validation.PortRangeMsg)
	}
	if !pod.ValidProtocol(p.Protocol) {
		v.add(path+".protocol", pod.ErrorTypeNotSupported, string(p.Protocol), pod.SupportedProtocolsMsg)
	}
	if p.AppProtocol != "" {
		for _, m := range pod.QualifiedNameReasons(p.AppProtocol) {
			v.add(path+".appProtocol", pod.ErrorTypeInvalid, p.AppProtocol, m)
		}
	}
}
