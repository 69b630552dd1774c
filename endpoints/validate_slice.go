package endpoints

import (
	"errors"
	"strconv"

	"github.com/svcsim/svcsim/internal/validation"
	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
)

// The limits of kubernetes pkg/apis/discovery/validation/validation.go.
const (
	maxSliceEndpoints = 1000
	maxSliceAddresses = 100
	maxSlicePorts     = 20000
	maxHints          = 8
)

// errorTypeTooMany is field.TooMany's "Too many" ("<field>: Too many:
// <n>: must have at most <max> items").
const errorTypeTooMany pod.ErrorType = "Too many"

// ValidateSlice returns the problems the apiserver finds in an
// EndpointSlice a user writes (ValidateEndpointSlice, validateAddressType,
// validateEndpoints, validateHints and validateEndpointPorts in kubernetes
// pkg/apis/discovery/validation/validation.go), as a pod.ErrorList
// wrapping ErrInvalid, or nil: the name a DNS-1123 subdomain, the
// namespace a DNS-1123 label (empty means default), the labels valid;
// addressType IPv4, IPv6 or FQDN; at most 1000 endpoints, each with 1 to
// 100 addresses of the slice's family that are valid endpoint IPs
// (ValidateEndpointIP), a hostname that is a DNS-1123 label, a node name
// that is a DNS-1123 subdomain, at most 8 zone and 8 node hints, none twice;
// at most 20000 ports with distinct names that are DNS-1123 labels, a
// protocol among TCP, UDP and SCTP (empty means TCP here, as defaulted) and
// a qualified-name appProtocol. An FQDN slice cannot carry IP addresses.
func ValidateSlice(sl Slice) error {
	v := epValidator{obj: "endpointslice " + pod.NamespaceOrDefault(sl.Namespace) + "/" + sl.Name}
	if sl.Name == "" {
		v.add("metadata.name", pod.ErrorTypeRequired, nil, "name or generateName is required")
	} else {
		v.name("metadata.name", sl.Name, validation.DNS1123SubdomainMaxLength, validation.IsDNS1123Subdomain)
	}
	if sl.Namespace != "" {
		v.name("metadata.namespace", sl.Namespace, validation.DNS1123LabelMaxLength, validation.IsDNS1123Label)
	}
	v.errs = append(v.errs, pod.LabelErrors(v.obj, "metadata.labels", selector.Set(sl.Labels), ErrInvalid)...)
	switch sl.AddressType {
	case "":
		v.add("addressType", pod.ErrorTypeRequired, nil, "")
	case IPv4, IPv6, FQDN:
	default:
		v.add("addressType", pod.ErrorTypeNotSupported, string(sl.AddressType), `supported values: "FQDN", "IPv4", "IPv6"`)
	}
	if len(sl.Endpoints) > maxSliceEndpoints {
		v.add("endpoints", errorTypeTooMany, len(sl.Endpoints), "must have at most "+strconv.Itoa(maxSliceEndpoints)+" items")
	} else {
		for i, e := range sl.Endpoints {
			v.sliceEndpoint(e, sl.AddressType, "endpoints["+strconv.Itoa(i)+"]")
		}
	}
	if len(sl.Ports) > maxSlicePorts {
		v.add("ports", errorTypeTooMany, len(sl.Ports), "must have at most "+strconv.Itoa(maxSlicePorts)+" items")
	} else {
		seen := map[string]bool{}
		for i, p := range sl.Ports {
			path := "ports[" + strconv.Itoa(i) + "]"
			if p.Name != "" {
				v.name(path+".name", p.Name, validation.DNS1123LabelMaxLength, validation.IsDNS1123Label)
			}
			if seen[p.Name] {
				v.add(path+".name", pod.ErrorTypeDuplicate, p.Name, "")
			}
			seen[p.Name] = true
			if !pod.ValidProtocol(p.Protocol) {
				v.add(path+".protocol", pod.ErrorTypeNotSupported, string(p.Protocol), pod.SupportedProtocolsMsg)
			}
			if p.AppProtocol != "" {
				for _, m := range pod.QualifiedNameReasons(p.AppProtocol) {
					v.add(path+".appProtocol", pod.ErrorTypeInvalid, p.AppProtocol, m)
				}
			}
		}
	}
	if len(v.errs) == 0 {
		return nil
	}
	return v.errs
}

// ValidateSliceUpdate returns the problems the apiserver finds in sl
// replacing old (ValidateEndpointSliceUpdate in kubernetes
// pkg/apis/discovery/validation/validation.go): ValidateSlice's, and an
// addressType that changed (it is immutable).
func ValidateSliceUpdate(sl, old Slice) error {
	var errs pod.ErrorList
	if err := ValidateSlice(sl); err != nil {
		errs = err.(pod.ErrorList)
	}
	if sl.AddressType != old.AddressType {
		v := epValidator{obj: "endpointslice " + pod.NamespaceOrDefault(sl.Namespace) + "/" + sl.Name}
		v.add("addressType", pod.ErrorTypeInvalid, string(sl.AddressType), "field is immutable")
		errs = append(errs, v.errs...)
	}
	if len(errs) == 0 {
		return nil
	}
	return errs
}

// sliceEndpoint is validateEndpoints for one endpoint.
func (v *epValidator) sliceEndpoint(e Endpoint, at AddressType, path string) {
	ap := path + ".addresses"
	switch {
	case len(e.Addresses) == 0:
		v.add(ap, pod.ErrorTypeRequired, nil, "must contain at least 1 address")
	case len(e.Addresses) > maxSliceAddresses:
		v.add(ap, errorTypeTooMany, len(e.Addresses), "must have at most "+strconv.Itoa(maxSliceAddresses)+" items")
	}
	for i, ip := range e.Addresses {
		field := ap + "[" + strconv.Itoa(i) + "]"
		text := ""
		if ip.IsValid() {
			text = ip.String()
		}
		ok := ip.IsValid() && ip.Zone() == ""
		switch at {
		case IPv4:
			if !ok || !ip.Is4() && !ip.Is4In6() {
				v.add(field, pod.ErrorTypeInvalid, text, "must be a valid IPv4 address")
				continue
			}
		case IPv6:
			if !ok || ip.Is4() || ip.Is4In6() {
				v.add(field, pod.ErrorTypeInvalid, text, "must be a valid IPv6 address")
				continue
			}
		case FQDN:
			v.add(field, pod.ErrorTypeInvalid, text, "should be a domain with at least two segments separated by dots")
			continue
		default:
			continue // unknown types fall through unvalidated
		}
		v.endpointIP(ip, field)
	}
	if e.NodeName != "" {
		v.name(path+".nodeName", e.NodeName, validation.DNS1123SubdomainMaxLength, validation.IsDNS1123Subdomain)
	}
	if e.Hostname != "" {
		v.name(path+".hostname", e.Hostname, validation.DNS1123LabelMaxLength, validation.IsDNS1123Label)
	}
	if e.Hints != nil {
		v.hints(e.Hints.ForZones, path+".hints.forZones", func(f, z string) {
			if err := selector.ValidateValue(z); err != nil {
				var le *selector.LabelError
				if errors.As(err, &le) {
					for _, r := range le.Reasons {
						v.add(f, pod.ErrorTypeInvalid, z, r)
					}
				}
			}
		})
		v.hints(e.Hints.ForNodes, path+".hints.forNodes", func(f, n string) {
			v.name(f, n, validation.DNS1123SubdomainMaxLength, validation.IsDNS1123Subdomain)
		})
	}
}

// hints is validateHints for one list: at most 8 names, none twice, each
// checked by check.
func (v *epValidator) hints(names []string, path string, check func(field, name string)) {
	if len(names) > maxHints {
		v.add(path, errorTypeTooMany, len(names), "must have at most "+strconv.Itoa(maxHints)+" items")
		return
	}
	seen := map[string]bool{}
	for i, n := range names {
		f := path + "[" + strconv.Itoa(i) + "].name"
		if seen[n] {
			v.add(f, pod.ErrorTypeDuplicate, n, "")
		}
		seen[n] = true
		check(f, n)
	}
}
