package pod

import (
	"maps"
	"slices"
	"strings"
)

// Key returns "namespace/name", the cache key Kubernetes uses
// (cache.MetaNamespaceKeyFunc), with an empty namespace shown as default.
func (p Pod) Key() string { return NamespaceOrDefault(p.Namespace) + "/" + p.Name }

// Clone returns a deep copy of p: Labels, Ports and Env are copied, so
// changing the copy never changes p. Nil stays nil.
func (p Pod) Clone() Pod {
	p.Labels = maps.Clone(p.Labels)
	p.Ports = slices.Clone(p.Ports)
	p.IPs = slices.Clone(p.IPs)
	p.Env = maps.Clone(p.Env)
	return p
}

// EffectiveProtocol returns p, or TCP when p is empty (the API default).
func EffectiveProtocol(p Protocol) Protocol {
	if p == "" {
		return TCP
	}
	return p
}

// FindPort returns the number of the first container port named name whose
// protocol equals proto (empty means TCP on either side), as FindPort in
// pkg/api/v1/pod/util.go resolves a named Service targetPort. It does not
// allocate.
func (p Pod) FindPort(name string, proto Protocol) (int32, bool) {
	return FindPort(p.Ports, name, proto)
}

// FindPort is Pod.FindPort over a bare slice of container ports.
func FindPort(ports []ContainerPort, name string, proto Protocol) (int32, bool) {
	proto = EffectiveProtocol(proto)
	for i := range ports {
		if ports[i].Name == name && EffectiveProtocol(ports[i].Protocol) == proto {
			return ports[i].Port, true
		}
	}
	return 0, false
}

// Status returns the STATUS column kubectl get pods shows (printPod in
// pkg/printers/internalversion/printers.go, simplified to one container):
// Terminating for a pod being deleted, the container's reason while it is
// down (CrashLoopBackOff, Error), Pending before it is scheduled,
// ContainerCreating once scheduled but not yet running, Running, Completed
// for Succeeded, Error for Failed and Unknown for a pod on a lost node.
func (p Pod) Status() string {
	switch {
	case p.Phase == Unknown:
		return "Unknown"
	case p.Terminating:
		return "Terminating"
	case p.ContainerReason != "":
		return p.ContainerReason
	}
	switch p.Phase {
	case Pending, "":
		if p.NodeName == "" {
			return "Pending"
		}
		return "ContainerCreating"
	case Succeeded:
		return "Completed"
	case Failed:
		return "Error"
	}
	return string(p.Phase)
}

// String returns a line like kubectl get pods -o wide, with the namespace:
// "default/web-1 1/1 Running 10.244.1.5 node-1" (READY is 1/1 or 0/1;
// <none> for an unset IP or node).
func (p Pod) String() string {
	var b strings.Builder
	b.WriteString(p.Key())
	if p.Ready {
		b.WriteString(" 1/1 ")
	} else {
		b.WriteString(" 0/1 ")
	}
	b.WriteString(p.Status())
	b.WriteByte(' ')
	if p.IP.IsValid() {
		b.WriteString(p.IP.String())
	} else {
		b.WriteString("<none>")
	}
	b.WriteByte(' ')
	if p.NodeName != "" {
		b.WriteString(p.NodeName)
	} else {
		b.WriteString("<none>")
	}
	return b.String()
}

// IsActive reports whether p still counts for its controller: not
// terminating and not in a terminal phase (controller.IsPodActive).
func (p Pod) IsActive() bool {
	return !p.Terminating && p.Phase != Succeeded && p.Phase != Failed
}
