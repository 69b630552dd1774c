package kube

// EndpointSlices both ways: endpoints.Slice and discovery/v1 EndpointSlice.

import (
	"net/netip"
	"strconv"

	corev1 "k8s.io/api/core/v1"
	discoveryv1 "k8s.io/api/discovery/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"

	"github.com/svcsim/svcsim/endpoints"
	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/sim"
)

// ToEndpointSlice returns s, an EndpointSlice of cluster c, as
// discovery/v1 EndpointSlice: its labels (kubernetes.io/service-name,
// endpointslice.kubernetes.io/managed-by, …), the controller's
// ownerReference (the Service for the EndpointSlice controller's slices,
// the Endpoints for the mirroring controller's), every endpoint with its
// conditions, hostname, nodeName and a targetRef naming its pod (with the
// pod's UID while c holds it). The UID is derived (DerivedUID);
// resourceVersion is left to the caller.
func ToEndpointSlice(c *sim.Cluster, s endpoints.Slice) *discoveryv1.EndpointSlice {
	ns := pod.NamespaceOrDefault(s.Namespace)
	out := &discoveryv1.EndpointSlice{
		TypeMeta: metav1.TypeMeta{APIVersion: "discovery.k8s.io/v1", Kind: "EndpointSlice"},
		ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: s.Name,
			UID:               types.UID(DerivedUID("EndpointSlice", ns, s.Name, s.CreationTimestamp)),
			CreationTimestamp: metaTime(s.CreationTimestamp), Labels: cloneStrings(s.Labels)},
		AddressType: discoveryv1.AddressType(s.AddressType),
		Ports:       []discoveryv1.EndpointPort{},
		Endpoints:   []discoveryv1.Endpoint{},
	}
	switch s.Labels[endpoints.LabelManagedBy] {
	case endpoints.ControllerName:
		if svc, ok := c.Service(ns, s.Service); ok {
			out.OwnerReferences = []metav1.OwnerReference{controllerRef("v1", "Service", svc.Name, uidString(svc.UID))}
		}
	case endpoints.MirroringControllerName:
		if e, ok := c.Endpoints(ns, s.Service); ok {
			out.OwnerReferences = []metav1.OwnerReference{controllerRef("v1", "Endpoints", e.Name,
				DerivedUID("Endpoints", ns, e.Name, e.CreationTimestamp))}
		}
	}
	for _, p := range s.Ports {
		kp := discoveryv1.EndpointPort{Name: ptr(p.Name), Port: ptr(p.Port), Protocol: ptr(corev1.Protocol(p.Protocol))}
		if p.AppProtocol != "" {
			kp.AppProtocol = ptr(p.AppProtocol)
		}
		out.Ports = append(out.Ports, kp)
	}
	for _, e := range s.Endpoints {
		ke := discoveryv1.Endpoint{Conditions: discoveryv1.EndpointConditions{Ready: ptr(e.Conditions.Ready),
			Serving: ptr(e.Conditions.Serving), Terminating: ptr(e.Conditions.Terminating)}}
		for _, a := range e.Addresses {
			ke.Addresses = append(ke.Addresses, a.String())
		}
		if e.Hostname != "" {
			ke.Hostname = ptr(e.Hostname)
		}
		if e.NodeName != "" {
			ke.NodeName = ptr(e.NodeName)
		}
		ke.TargetRef = podRef(c, e.Pod)
		out.Endpoints = append(out.Endpoints, ke)
	}
	return out
}

// FromEndpointSlice returns the endpoints.Slice k describes, with the
// warnings for what svcsim ignores (an endpoint's zone, hints and
// deprecatedTopology: svcsim routes without topology hints). Service is
// the kubernetes.io/service-name label. Errors name the field: an address
// that does not parse (wrapping sim.ErrInvalid), a targetRef of another
// kind than Pod (wrapping ErrUnsupported).
func FromEndpointSlice(k *discoveryv1.EndpointSlice) (endpoints.Slice, []string, error) {
	obj := objectName("endpointslice", k.Namespace, k.Name)
	warnings, err := readMeta(obj, &k.ObjectMeta, true)
	if err != nil {
		return endpoints.Slice{}, nil, err
	}
	s := endpoints.Slice{Namespace: k.Namespace, Name: k.Name, Service: k.Labels[endpoints.LabelServiceName],
		AddressType: endpoints.AddressType(k.AddressType), Labels: cloneStrings(k.Labels),
		CreationTimestamp: k.CreationTimestamp.Time}
	for _, p := range k.Ports {
		s.Ports = append(s.Ports, endpoints.EndpointPort{Name: deref(p.Name), Port: deref(p.Port),
			Protocol: pod.Protocol(deref(p.Protocol)), AppProtocol: deref(p.AppProtocol)})
	}
	for i, ke := range k.Endpoints {
		path := "endpoints[" + strconv.Itoa(i) + "]"
		e := endpoints.Endpoint{Hostname: deref(ke.Hostname), NodeName: deref(ke.NodeName),
			Conditions: endpoints.Conditions{Ready: deref(ke.Conditions.Ready), Serving: deref(ke.Conditions.Serving),
				Terminating: deref(ke.Conditions.Terminating)}}
		for j, a := range ke.Addresses {
			ip, err := netip.ParseAddr(a)
			if err != nil {
				return endpoints.Slice{}, nil, invalid(obj, path+".addresses["+strconv.Itoa(j)+"]", a,
					"must be a valid IP address", sim.ErrInvalid)
			}
			e.Addresses = append(e.Addresses, ip)
		}
		if r := ke.TargetRef; r != nil {
			if r.Kind != "" && r.Kind != "Pod" {
				return endpoints.Slice{}, nil, unsupported(obj, path+".targetRef.kind", "svcsim's endpoints name pods")
			}
			e.Pod = pod.NamespaceOrDefault(r.Namespace) + "/" + r.Name
		}
		for _, f := range []struct {
			name string
			set  bool
		}{{"zone", ke.Zone != nil}, {"hints", ke.Hints != nil}, {"deprecatedTopology", len(ke.DeprecatedTopology) > 0}} {
			if f.set {
				warnings = append(warnings, ignoredWarning(obj, path+"."+f.name))
			}
		}
		s.Endpoints = append(s.Endpoints, e)
	}
	return s, warnings, nil
}
