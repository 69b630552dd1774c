package kube

// Endpoints both ways: endpoints.Endpoints and core/v1 Endpoints.

import (
	"net/netip"
	"strconv"
	"strings"

	corev1 "k8s.io/api/core/v1"
	discoveryv1 "k8s.io/api/discovery/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"

	"github.com/svcsim/svcsim/endpoints"
	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/sim"
)

// The Endpoints labels and annotation the endpoints controller writes
// (kubernetes pkg/controller/endpoint/endpoints_controller.go).
const (
	// LabelEndpointsManagedBy marks the Endpoints the controller owns
	// (since v1.33), with the value EndpointsControllerName.
	LabelEndpointsManagedBy = "endpoints.kubernetes.io/managed-by"
	EndpointsControllerName = "endpoint-controller"
	// AnnotationOverCapacity is set to "truncated" on an Endpoints object
	// the controller cut to 1000 addresses.
	AnnotationOverCapacity = "endpoints.kubernetes.io/over-capacity"
)

// ToEndpoints returns e, an Endpoints object of cluster c, as core/v1
// Endpoints. The Endpoints of a Service with a selector carry the labels
// the endpoints controller writes (the Service's,
// service.kubernetes.io/headless set for a Service without a ClusterIP and
// removed for one with, endpoints.kubernetes.io/managed-by); an object
// with SkipMirror carries endpointslice.kubernetes.io/skip-mirror "true"
// (default/kubernetes, as kube-apiserver writes it); each address
// names its pod by a targetRef with the pod's UID while c holds it. The
// UID is derived (DerivedUID); resourceVersion is left to the caller.
func ToEndpoints(c *sim.Cluster, e endpoints.Endpoints) *corev1.Endpoints {
	ns := pod.NamespaceOrDefault(e.Namespace)
	out := &corev1.Endpoints{
		TypeMeta: metav1.TypeMeta{APIVersion: "v1", Kind: "Endpoints"},
		ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: e.Name,
			UID:               types.UID(DerivedUID("Endpoints", ns, e.Name, e.CreationTimestamp)),
			CreationTimestamp: metaTime(e.CreationTimestamp)},
	}
	if svc, ok := c.Service(ns, e.Name); ok && len(svc.Selector) > 0 {
		labels := make(map[string]string, len(svc.Labels)+2)
		for k, v := range svc.Labels {
			labels[k] = v
		}
		// Added without a ClusterIP, removed with one (syncService:
		// CloneAndAddLabel / CloneAndRemoveLabel on IsServiceIPSet).
		if svc.Headless || !svc.ClusterIP.IsValid() {
			labels[endpoints.LabelHeadless] = ""
		} else {
			delete(labels, endpoints.LabelHeadless)
		}
		labels[LabelEndpointsManagedBy] = EndpointsControllerName
		out.Labels = labels
	}
	if e.SkipMirror {
		out.Labels = map[string]string{discoveryv1.LabelSkipMirror: "true"}
	}
	if e.Truncated {
		out.Annotations = map[string]string{AnnotationOverCapacity: "truncated"}
	}
	for _, s := range e.Subsets {
		ks := corev1.EndpointSubset{}
		for _, a := range s.Addresses {
			ks.Addresses = append(ks.Addresses, toEndpointAddress(c, a))
		}
		for _, a := range s.NotReadyAddresses {
			ks.NotReadyAddresses = append(ks.NotReadyAddresses, toEndpointAddress(c, a))
		}
		for _, p := range s.Ports {
			kp := corev1.EndpointPort{Name: p.Name, Port: p.Port, Protocol: corev1.Protocol(p.Protocol)}
			if p.AppProtocol != "" {
				kp.AppProtocol = ptr(p.AppProtocol)
			}
			ks.Ports = append(ks.Ports, kp)
		}
		out.Subsets = append(out.Subsets, ks)
	}
	return out
}

func toEndpointAddress(c *sim.Cluster, a endpoints.Address) corev1.EndpointAddress {
	out := corev1.EndpointAddress{IP: a.IP.String(), Hostname: a.Hostname}
	if a.NodeName != "" {
		out.NodeName = ptr(a.NodeName)
	}
	out.TargetRef = podRef(c, a.Pod)
	return out
}

// podRef returns the targetRef naming pod "namespace/name" of c, nil for
// an address without a pod.
func podRef(c *sim.Cluster, key string) *corev1.ObjectReference {
	ns, name, ok := strings.Cut(key, "/")
	if !ok {
		return nil
	}
	ref := &corev1.ObjectReference{Kind: "Pod", Namespace: ns, Name: name}
	if uid, ok := c.PodUID(ns, name); ok {
		ref.UID = types.UID(uidString(uid))
	}
	return ref
}

// FromEndpoints returns the endpoints.Endpoints k describes (the
// Endpoints of a selector-less Service, or what ToEndpoints wrote), with
// the warnings for what svcsim ignores. The controller's labels are not
// kept (they derive from the Service); endpointslice.kubernetes.io/skip-mirror
// "true" is (SkipMirror), other labels are not modelled; an address's
// targetRef must name a Pod. Errors name the field: an address that does not parse (wrapping
// sim.ErrInvalid), a targetRef of another kind (wrapping ErrUnsupported).
func FromEndpoints(k *corev1.Endpoints) (endpoints.Endpoints, []string, error) {
	obj := objectName("endpoints", k.Namespace, k.Name)
	warnings, err := readMeta(obj, &k.ObjectMeta, false)
	if err != nil {
		return endpoints.Endpoints{}, nil, err
	}
	e := endpoints.Endpoints{Namespace: k.Namespace, Name: k.Name, CreationTimestamp: k.CreationTimestamp.Time,
		Truncated:  k.Annotations[AnnotationOverCapacity] == "truncated",
		SkipMirror: k.Labels[discoveryv1.LabelSkipMirror] == "true"}
	for i, s := range k.Subsets {
		path := "subsets[" + strconv.Itoa(i) + "]"
		var sub endpoints.Subset
		for j := range s.Addresses {
			a, err := fromEndpointAddress(obj, path+".addresses["+strconv.Itoa(j)+"]", &s.Addresses[j])
			if err != nil {
				return endpoints.Endpoints{}, nil, err
			}
			sub.Addresses = append(sub.Addresses, a)
		}
		for j := range s.NotReadyAddresses {
			a, err := fromEndpointAddress(obj, path+".notReadyAddresses["+strconv.Itoa(j)+"]", &s.NotReadyAddresses[j])
			if err != nil {
				return endpoints.Endpoints{}, nil, err
			}
			sub.NotReadyAddresses = append(sub.NotReadyAddresses, a)
		}
		for _, p := range s.Ports {
			sub.Ports = append(sub.Ports, endpoints.EndpointPort{Name: p.Name, Port: p.Port,
				Protocol: pod.Protocol(p.Protocol), AppProtocol: deref(p.AppProtocol)})
		}
		e.Subsets = append(e.Subsets, sub)
	}
	return e, warnings, nil
}

func fromEndpointAddress(obj, path string, a *corev1.EndpointAddress) (endpoints.Address, error) {
	ip, err := netip.ParseAddr(a.IP)
	if err != nil {
		return endpoints.Address{}, invalid(obj, path+".ip", a.IP, "must be a valid IP address", sim.ErrInvalid)
	}
	out := endpoints.Address{IP: ip, Hostname: a.Hostname, NodeName: deref(a.NodeName)}
	if r := a.TargetRef; r != nil {
		if r.Kind != "" && r.Kind != "Pod" {
			return endpoints.Address{}, unsupported(obj, path+".targetRef.kind", "svcsim's endpoints name pods")
		}
		out.Pod = pod.NamespaceOrDefault(r.Namespace) + "/" + r.Name
	}
	return out, nil
}
