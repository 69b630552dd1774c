package service

import (
	"strconv"
	"strings"

	"github.com/svcsim/svcsim/internal/validation"
	"github.com/svcsim/svcsim/pod"
)

// Validate checks s as the apiserver's ValidateService does for the fields
// svcsim models (kubernetes pkg/apis/core/validation/validation.go,
// ValidateService). Unset defaulted fields (type, protocol, targetPort,
// session affinity and its config, the traffic policies,
// allocateLoadBalancerNodePorts) count as their defaults; an unset
// healthCheckNodePort as not yet allocated. All problems are reported: one *pod.FieldError, or a
// pod.ErrorList of several; each wraps ErrInvalid. Node-port ranges and
// address ranges are checked by the allocators, not here, as upstream.
func (s Service) Validate() error {
	v := validator{errs: s.validate(nil)}
	return v.named(&s)
}

// validate is ValidateServiceCreate (old nil): the metadata, then
// validateService. On an update (old the stored Service) it is
// validateService alone: ValidateUpdate checks the metadata as
// ValidateObjectMetaUpdate does, and old serves the checks that depend on
// it. The errors are unnamed: the caller names them (validator.named).
func (s *Service) validate(old *Service) pod.ErrorList {
	s = withPlural(s)
	var v validator
	if old == nil {
		v.errs = appendName(v.errs, unnamed, s.Name)
		if s.Namespace != "" {
			v.name("metadata.namespace", s.Namespace, validation.DNS1123LabelMaxLength, validation.IsDNS1123Label)
		}
		v.meta(s)
	}
	v.topologyAnnotations(s)
	t := effectiveType(s.Type)
	switch t {
	case ClusterIP, NodePort, LoadBalancer, ExternalName:
	default:
		v.add("spec.type", pod.ErrorTypeNotSupported, string(s.Type),
			`supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"`)
	}
	v.clusterIP(s, t, old)
	v.ports(s, t)
	if t == ExternalName {
		v.externalName(s.ExternalName)
	}
	switch s.SessionAffinity {
	case "", SessionAffinityNone, SessionAffinityClientIP:
	default:
		v.add("spec.sessionAffinity", pod.ErrorTypeNotSupported, string(s.SessionAffinity),
			`supported values: "ClientIP", "None"`)
	}
	v.affinityConfig(s)
	v.externalIPs(s)
	v.sourceRanges(s, t, old)
	v.trafficPolicy(s)
	v.internalTrafficPolicy(s)
	v.trafficDistribution(s)
	v.errs = append(v.errs, pod.LabelErrors(unnamed, "spec.selector", s.Selector, ErrInvalid)...)
	if s.LoadBalancerIP.IsValid() && t != LoadBalancer {
		v.add("spec.loadBalancerIP", pod.ErrorTypeForbidden, nil, "may only be used when `type` is 'LoadBalancer'")
	}
	v.loadBalancerFields(s, t)
	return v.errs
}

// validator collects the field errors of one Service, unnamed: named
// names the Service only when there are errors, so that a valid Service
// costs no text.
type validator struct {
	errs pod.ErrorList
}

// unnamed is the object of an error until validator.named names it.
const unnamed = ""

func (v *validator) add(field string, t pod.ErrorType, val any, detail string) {
	v.errs = append(v.errs, &pod.FieldError{Object: unnamed, Field: field, Type: t, Value: val, Detail: detail, Sentinel: ErrInvalid})
}

// name validates a name of at most max bytes with check (pod.NameErrors: a
// longer one is a TooLong error that omits it) and reports whether it is valid.
func (v *validator) name(field, value string, max int, check func(string) []string) bool {
	bad := pod.NameErrors(unnamed, field, value, max, check, ErrInvalid)
	v.errs = append(v.errs, bad...)
	return len(bad) == 0
}

// appendName validates metadata.name as a DNS-1035 label (NameIsDNS1035Label).
func appendName(errs pod.ErrorList, obj, name string) pod.ErrorList {
	if name == "" {
		return append(errs, &pod.FieldError{Object: obj, Field: "metadata.name", Type: pod.ErrorTypeRequired,
			Detail: "name or generateName is required", Sentinel: ErrInvalid})
	}
	return append(errs, pod.NameErrors(obj, "metadata.name", name,
		validation.DNS1035LabelMaxLength, validation.IsDNS1035Label, ErrInvalid)...)
}

// clusterIP checks the address fields by type (validateService): an
// ExternalName Service may hold no clusterIPs, ipFamilies or
// ipFamilyPolicy, a NodePort or LoadBalancer one may not be headless; then
// ValidateServiceClusterIPsRelatedFields (clusterIPsRelated).
func (v *validator) clusterIP(s *Service, t Type, old *Service) {
	switch {
	case t == ExternalName:
		if s.ClusterIP.IsValid() || s.Headless || len(s.ClusterIPs) > 0 {
			v.add("spec.clusterIPs", pod.ErrorTypeForbidden, nil, "may not be set for ExternalName services")
		}
		if len(s.IPFamilies) > 0 {
			v.add("spec.ipFamilies", pod.ErrorTypeForbidden, nil, "may not be set for ExternalName services")
		}
		if s.IPFamilyPolicy != "" {
			v.add("spec.ipFamilyPolicy", pod.ErrorTypeForbidden, nil, "may not be set for ExternalName services")
		}
	case isHeadless(s) && (t == NodePort || t == LoadBalancer):
		v.add("spec.clusterIPs[0]", pod.ErrorTypeInvalid, "None",
			"may not be set to 'None' for "+string(t)+" services")
	}
	v.clusterIPsRelated(s, old)
}

func (v *validator) ports(s *Service, t Type) {
	if len(s.Ports) == 0 && t != ExternalName && !s.Headless {
		v.add("spec.ports", pod.ErrorTypeRequired, nil, "")
	}
	requireName := len(s.Ports) > 1
	nodePortsOK := t == NodePort || t == LoadBalancer
	// What the earlier ports used, as upstream's allPortNames and ports sets.
	var names validation.Seen[string]
	var ports, nodePorts validation.Seen[protoPort]
	for i, p := range s.Ports {
		proto := pod.EffectiveProtocol(p.Protocol)
		switch {
		case requireName && p.Name == "":
			v.add(portField(i, ".name"), pod.ErrorTypeRequired, nil, "")
		case p.Name != "":
			switch {
			case !validName(p.Name, validation.DNS1123LabelMaxLength, validation.IsDNS1123Label):
				v.name(portField(i, ".name"), p.Name, validation.DNS1123LabelMaxLength, validation.IsDNS1123Label)
			case names.Add(p.Name):
				v.add(portField(i, ".name"), pod.ErrorTypeDuplicate, p.Name, "")
			}
		}
		if !validation.IsValidPortNum(p.Port) {
			v.add(portField(i, ".port"), pod.ErrorTypeInvalid, p.Port, validation.PortRangeMsg)
		}
		if !pod.ValidProtocol(p.Protocol) {
			v.add(portField(i, ".protocol"), pod.ErrorTypeNotSupported, string(p.Protocol), pod.SupportedProtocolsMsg)
		}
		switch {
		case p.TargetPort.IsNamed() && !validName(p.TargetPort.name, validation.PortNameMaxLength, validation.IsValidPortName):
			v.name(portField(i, ".targetPort"), p.TargetPort.name, validation.PortNameMaxLength, validation.IsValidPortName)
		case p.TargetPort.num != 0 && !validation.IsValidPortNum(p.TargetPort.num):
			v.add(portField(i, ".targetPort"), pod.ErrorTypeInvalid, p.TargetPort.num, validation.PortRangeMsg)
		}
		if p.NodePort != 0 {
			dup := nodePorts.Add(protoPort{p.NodePort, proto})
			if !nodePortsOK {
				v.add(portField(i, ".nodePort"), pod.ErrorTypeForbidden, nil, "may not be used when `type` is '"+string(t)+"'")
			} else if !validation.IsValidPortNum(p.NodePort) {
				v.add(portField(i, ".nodePort"), pod.ErrorTypeInvalid, p.NodePort, validation.PortRangeMsg)
			} else if dup {
				v.add(portField(i, ".nodePort"), pod.ErrorTypeDuplicate, p.NodePort, "")
			}
		}
		if p.AppProtocol != "" {
			v.qualifiedName(portField(i, ".appProtocol"), p.AppProtocol)
		}
		if dup := ports.Add(protoPort{p.Port, proto}); dup && pod.ValidProtocol(p.Protocol) {
			v.add(portField(i, ""), pod.ErrorTypeDuplicate, strconv.Itoa(int(p.Port))+"/"+string(proto), "")
		}
	}
}

// portField is the path of field sub ("" for the whole port) of port i,
// built only for an error.
func portField(i int, sub string) string { return "spec.ports[" + strconv.Itoa(i) + "]" + sub }

// validName reports whether pod.NameErrors finds nothing wrong with value,
// without building the errors.
func validName(value string, max int, check func(string) []string) bool {
	return len(value) <= max && len(check(value)) == 0
}

// protoPort is a port number with its (effective) protocol.
type protoPort struct {
	port  int32
	proto pod.Protocol
}

// externalName validates spec.externalName as ValidateService does: one
// trailing dot is dropped, then it is required ("." alone is missing) and
// must be a lowercase DNS-1123 subdomain.
func (v *validator) externalName(name string) {
	cname := strings.TrimSuffix(name, ".")
	if cname == "" {
		v.add("spec.externalName", pod.ErrorTypeRequired, nil, "")
		return
	}
	if len(cname) > validation.DNS1123SubdomainMaxLength {
		v.errs = append(v.errs, pod.TooLong(unnamed, "spec.externalName", validation.DNS1123SubdomainMaxLength, ErrInvalid))
		return
	}
	for _, m := range validation.IsDNS1123Subdomain(cname) {
		v.add("spec.externalName", pod.ErrorTypeInvalid, name, m)
	}
}
