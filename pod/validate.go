package pod

import (
	"slices"
	"strconv"

	"github.com/svcsim/svcsim/internal/validation"
)

// DefaultNamespace is the namespace an empty Namespace means, as kubectl.
const DefaultNamespace = "default"

// NamespaceOrDefault returns ns, or "default" when ns is empty.
func NamespaceOrDefault(ns string) string {
	if ns == "" {
		return DefaultNamespace
	}
	return ns
}

// Validate checks p as the apiserver's ValidatePodCreate would for the
// fields svcsim models (pkg/apis/core/validation/validation.go): the name is
// a DNS-1123 subdomain, the namespace a DNS-1123 label (empty means
// default), the labels valid, and every container port in 1-65535 with a
// supported protocol (empty means TCP) and a unique IANA_SVC_NAME name if
// named, the hostname and subdomain, if set, DNS-1123 labels. All problems are returned: one *FieldError, or an ErrorList of
// several; each wraps ErrInvalid. Status fields (IP, Phase, Ready, ...) are
// not checked except that a Phase, if set, must be a known one.
func (p Pod) Validate() error {
	errs := p.validate()
	if len(errs) == 0 {
		return nil
	}
	obj := "pod " + p.Key()
	for _, e := range errs {
		e.Object = obj
	}
	return errs.Err()
}

// validate is Validate with its errors unnamed (Object empty): a valid pod
// costs no text.
func (p Pod) validate() ErrorList {
	const obj = ""
	var errs ErrorList
	errs = appendName(errs, obj, p.Name, validation.DNS1123SubdomainMaxLength, validation.IsDNS1123Subdomain)
	if p.Namespace != "" {
		errs = append(errs, NameErrors(obj, "metadata.namespace", p.Namespace,
			validation.DNS1123LabelMaxLength, validation.IsDNS1123Label, nil)...)
	}
	errs = append(errs, LabelErrors(obj, "metadata.labels", p.Labels, nil)...)
	if len(p.Containers) > 0 {
		errs = append(errs, ValidateContainers(obj, "spec.containers", p.Containers)...)
		if len(p.Ports) > 0 && !slices.Equal(p.Ports, ContainersPorts(p.Containers)) {
			errs = append(errs, &FieldError{Object: obj, Field: "ports", Type: ErrorTypeInvalid, Value: len(p.Ports),
				Detail: "must be empty or the union of the containers' ports when containers are given"})
		}
	} else {
		errs = appendPorts(errs, obj, p.Ports)
	}
	for _, f := range [...]struct{ path, v string }{{"spec.hostname", p.Hostname}, {"spec.subdomain", p.Subdomain}} {
		if f.v != "" { // ValidatePodSpec: ValidateDNS1123Label when set
			errs = append(errs, NameErrors(obj, f.path, f.v, validation.DNS1123LabelMaxLength, validation.IsDNS1123Label, nil)...)
		}
	}
	switch p.Phase {
	case "", Pending, Running, Succeeded, Failed, Unknown:
	default:
		errs = append(errs, &FieldError{Object: obj, Field: "status.phase", Type: ErrorTypeNotSupported, Value: string(p.Phase),
			Detail: `supported values: "Failed", "Pending", "Running", "Succeeded", "Unknown"`})
	}
	return errs
}

// appendName validates metadata.name with fn, as ValidateObjectMeta does.
func appendName(errs ErrorList, obj, name string, max int, fn func(string) []string) ErrorList {
	if name == "" {
		return append(errs, &FieldError{Object: obj, Field: "metadata.name", Type: ErrorTypeRequired,
			Detail: "name or generateName is required"})
	}
	return append(errs, NameErrors(obj, "metadata.name", name, max, fn, nil)...)
}

// SupportedProtocolsMsg is the detail of an Unsupported protocol error.
const SupportedProtocolsMsg = `supported values: "SCTP", "TCP", "UDP"`

// ValidProtocol reports whether p is TCP, UDP, SCTP or empty (TCP).
func ValidProtocol(p Protocol) bool {
	return p == "" || p == TCP || p == UDP || p == SCTP
}

// appendPorts validates the ports of the (single) container as
// validateContainerPorts does.
func appendPorts(errs ErrorList, obj string, ports []ContainerPort) ErrorList {
	return appendContainerPorts(errs, obj, "spec.containers[0].ports", ports)
}

// appendContainerPorts validates one container's ports, at path (as
// validateContainerPorts: names unique within the container). The fields
// of the errors are rendered only for the errors.
func appendContainerPorts(errs ErrorList, obj, path string, ports []ContainerPort) ErrorList {
	var names validation.Seen[string]
	for i, cp := range ports {
		if cp.Name != "" {
			if len(cp.Name) > validation.PortNameMaxLength || len(validation.IsValidPortName(cp.Name)) > 0 {
				errs = append(errs, NameErrors(obj, portField(path, i, "name"), cp.Name, validation.PortNameMaxLength, validation.IsValidPortName, nil)...)
			} else if names.Add(cp.Name) {
				errs = append(errs, &FieldError{Object: obj, Field: portField(path, i, "name"), Type: ErrorTypeDuplicate, Value: cp.Name})
			}
		}
		if cp.Port == 0 {
			errs = append(errs, &FieldError{Object: obj, Field: portField(path, i, "containerPort"), Type: ErrorTypeRequired})
		} else if !validation.IsValidPortNum(cp.Port) {
			errs = append(errs, &FieldError{Object: obj, Field: portField(path, i, "containerPort"), Type: ErrorTypeInvalid, Value: cp.Port, Detail: validation.PortRangeMsg})
		}
		if !ValidProtocol(cp.Protocol) {
			errs = append(errs, &FieldError{Object: obj, Field: portField(path, i, "protocol"), Type: ErrorTypeNotSupported,
				Value: string(cp.Protocol), Detail: SupportedProtocolsMsg})
		}
	}
	return errs
}

// portField is the path of field of port i: "<path>[i].<field>".
func portField(path string, i int, field string) string {
	return path + "[" + strconv.Itoa(i) + "]." + field
}
