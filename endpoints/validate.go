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
	var v epValidator
	if ep.Name == "" {
		v.add("metadata.name", pod.ErrorTypeRequired, nil, "name or generateName is required")
	} else {
		v.name("metadata.name", ep.Name, validation.DNS1123SubdomainMaxLength, validation.IsDNS1123Subdomain)
	}
	if ep.Namespace != "" {
		v.name("metadata.namespace", ep.Namespace, validation.DNS1123LabelMaxLength, validation.IsDNS1123Label)
	}
	for i, ss := range ep.Subsets {
		if len(ss.Addresses) == 0 && len(ss.NotReadyAddresses) == 0 {
			v.add(subsetItem{i: i}.field(""), pod.ErrorTypeRequired, nil, "must specify `addresses` or `notReadyAddresses`")
		}
		for j, a := range ss.Addresses {
			v.address(a, subsetItem{i, "addresses", j})
		}
		for j, a := range ss.NotReadyAddresses {
			v.address(a, subsetItem{i, "notReadyAddresses", j})
		}
		for j, p := range ss.Ports {
			v.port(p, len(ss.Ports) > 1, subsetItem{i, "ports", j})
		}
	}
	if len(v.errs) == 0 {
		return nil
	}
	obj := "endpoints " + pod.NamespaceOrDefault(ep.Namespace) + "/" + ep.Name
	for _, e := range v.errs {
		e.Object = obj
	}
	return v.errs
}

// epValidator collects the errors of an object named obj (ValidateEndpoints
// leaves obj empty and names its errors, if any, at the end: a valid object
// costs no text).
type epValidator struct {
	obj  string
	errs pod.ErrorList
}

// subsetItem is where an item of a subset is, its field path rendered only for an
// error: subsets[i].list[j], or subsets[i] when list is "".
type subsetItem struct {
	i    int
	list string
	j    int
}

// field renders the path of field name of the item ("" for the item
// itself).
func (a subsetItem) field(name string) string {
	p := "subsets[" + strconv.Itoa(a.i) + "]"
	if a.list != "" {
		p += "." + a.list + "[" + strconv.Itoa(a.j) + "]"
	}
	if name != "" {
		p += "." + name
	}
	return p
}

func (v *epValidator) add(field string, t pod.ErrorType, value any, detail string) {
	v.errs = append(v.errs, &pod.FieldError{Object: v.obj, Field: field, Type: t, Value: value, Detail: detail, Sentinel: ErrInvalid})
}

// name validates a name of at most max bytes with check (pod.NameErrors: a
// longer one is a TooLong error that omits it).
func (v *epValidator) name(field, value string, max int, check func(string) []string) {
	v.errs = append(v.errs, pod.NameErrors(v.obj, field, value, max, check, ErrInvalid)...)
}

// itemName is name for field of the item at a, its path rendered only for
// an error.
func (v *epValidator) itemName(a subsetItem, field, value string, max int, check func(string) []string) {
	if len(value) <= max && len(check(value)) == 0 {
		return
	}
	v.name(a.field(field), value, max, check)
}

// address is validateEndpointAddress: the IP as the legacy IP parser
// sees it, the hostname, the node name, then ValidateEndpointIP. An IP with a zone does
// not parse upstream (netutils.ParseIPSloppy).
func (v *epValidator) address(a Address, item subsetItem) {
	ip := a.IP
	if !ip.IsValid() || ip.Zone() != "" {
		text := ""
		if ip.IsValid() {
			text = ip.String()
		}
		v.add(item.field("ip"), pod.ErrorTypeInvalid, text, validation.InvalidIPMsg)
		v.hostAndNode(a, item)
		v.add(item.field("ip"), pod.ErrorTypeInvalid, text, "must be a valid IP address")
		return
	}
	v.hostAndNode(a, item)
	if len(validation.EndpointIPReasons(ip)) > 0 {
		v.endpointIP(ip, item.field("ip"))
	}
}

// endpointIP is ValidateEndpointIP's range checks.
func (v *epValidator) endpointIP(ip netip.Addr, field string) {
	for _, m := range validation.EndpointIPReasons(ip) {
		v.add(field, pod.ErrorTypeInvalid, ip.String(), m)
	}
}

// hostAndNode validates the address's hostname and node name, if set.
func (v *epValidator) hostAndNode(a Address, item subsetItem) {
	if a.Hostname != "" {
		v.itemName(item, "hostname", a.Hostname, validation.DNS1123LabelMaxLength, validation.IsDNS1123Label)
	}
	if a.NodeName != "" {
		v.itemName(item, "nodeName", a.NodeName, validation.DNS1123SubdomainMaxLength, validation.IsDNS1123Subdomain)
	}
}

// port is validateEndpointPort.
func (v *epValidator) port(p EndpointPort, requireName bool, item subsetItem) {
	switch {
	case requireName && p.Name == "":
		v.add(item.field("name"), pod.ErrorTypeRequired, nil, "")
	case p.Name != "":
		v.itemName(item, "name", p.Name, validation.DNS1123LabelMaxLength, validation.IsDNS1123Label)
	}
	if p.Port < 1 || p.Port > 65535 {
		v.add(item.field("port"), pod.ErrorTypeInvalid, p.Port, validation.PortRangeMsg)
	}
	if !pod.ValidProtocol(p.Protocol) {
		v.add(item.field("protocol"), pod.ErrorTypeNotSupported, string(p.Protocol), pod.SupportedProtocolsMsg)
	}
	if p.AppProtocol != "" {
		for _, m := range pod.QualifiedNameReasons(p.AppProtocol) {
			v.add(item.field("appProtocol"), pod.ErrorTypeInvalid, p.AppProtocol, m)
		}
	}
}
