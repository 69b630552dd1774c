package pod

import (
	"strconv"

	"github.com/svcsim/svcsim/internal/validation"
)

// Container is one container of a pod's spec (core/v1 Container, the
// fields svcsim models): its name, image and ports.
type Container struct {
	Name, Image string
	Ports       []ContainerPort
}

// ContainersPorts returns the ports of cs in container order: Pod.Ports,
// the list a named Service targetPort is looked up in, first match wins
// (FindPort in pkg/api/v1/pod/util.go walks the containers in order).
func ContainersPorts(cs []Container) []ContainerPort {
	var out []ContainerPort
	for _, c := range cs {
		out = append(out, c.Ports...)
	}
	return out
}

// CloneContainers returns a deep copy of cs.
func CloneContainers(cs []Container) []Container {
	if cs == nil {
		return nil
	}
	out := make([]Container, len(cs))
	for i, c := range cs {
		out[i] = Container{Name: c.Name, Image: c.Image, Ports: append([]ContainerPort(nil), c.Ports...)}
	}
	return out
}

// ValidateContainers checks a container list at path (spec.containers of
// a pod, spec.template.spec.containers of a workload) as
// validateContainers does in kubernetes
// pkg/apis/core/validation/validation.go: at least one container; each
// name required, a DNS-1123 label, unique; an image required; the ports of
// each container valid, their names unique within it. Errors name obj.
func ValidateContainers(obj, path string, cs []Container) ErrorList {
	var errs ErrorList
	if len(cs) == 0 {
		return append(errs, &FieldError{Object: obj, Field: path, Type: ErrorTypeRequired})
	}
	names := make(map[string]bool, len(cs))
	for i, c := range cs {
		idx := path + "[" + strconv.Itoa(i) + "]"
		if c.Name == "" {
			errs = append(errs, &FieldError{Object: obj, Field: idx + ".name", Type: ErrorTypeRequired})
		} else {
			errs = append(errs, NameErrors(obj, idx+".name", c.Name, validation.DNS1123LabelMaxLength, validation.IsDNS1123Label, nil)...)
		}
		if names[c.Name] {
			errs = append(errs, &FieldError{Object: obj, Field: idx + ".name", Type: ErrorTypeDuplicate, Value: c.Name})
		}
		names[c.Name] = true
		if c.Image == "" {
			errs = append(errs, &FieldError{Object: obj, Field: idx + ".image", Type: ErrorTypeRequired})
		}
		errs = appendContainerPorts(errs, obj, idx+".ports", c.Ports)
	}
	return errs
}
