package service

import (
	"strconv"

	"github.com/svcsim/svcsim/pod"
)

// IsZero reports whether t is unset, meaning "same as the Service port"
// (SetDefaults_Service).
func (t TargetPort) IsZero() bool { return t.num == 0 && t.name == "" }

// IsNamed reports whether t names a container port (a string IntOrString).
func (t TargetPort) IsNamed() bool { return t.name != "" }

// Number returns the numeric target port, or 0 for a named or zero one.
func (t TargetPort) Number() int32 { return t.num }

// Name returns the container-port name, or "" for a numeric or zero one.
func (t TargetPort) Name() string { return t.name }

// String returns the number or the name, as kubectl prints an IntOrString;
// the zero TargetPort prints as "0".
func (t TargetPort) String() string {
	if t.name != "" {
		return t.name
	}
	return strconv.Itoa(int(t.num))
}

// ResolveTargetPort returns the port number to reach on a pod with the
// given container ports, as upstream FindPort (pkg/api/v1/pod/util.go): a
// numeric targetPort is used as is (never checked against the container
// ports), a zero one means Port, and a named one resolves to the first
// container port with that name and the same protocol (empty means TCP).
// No match returns false: the pod is left out for this Service port only. It
// does not allocate.
func (p Port) ResolveTargetPort(containerPorts []pod.ContainerPort) (int32, bool) {
	if p.TargetPort.name != "" {
		return pod.FindPort(containerPorts, p.TargetPort.name, p.Protocol)
	}
	if p.TargetPort.num != 0 {
		return p.TargetPort.num, true
	}
	return p.Port, true
}

// PortByName returns the Service port named name and whether it exists.
func (s Service) PortByName(name string) (Port, bool) {
	for _, p := range s.Ports {
		if p.Name == name {
			return p, true
		}
	}
	return Port{}, false
}
