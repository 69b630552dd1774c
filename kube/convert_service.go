package kube

// Services both ways: service.Service and core/v1 Service.

import (
	"net/netip"
	"strconv"
	"strings"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/util/intstr"

	"github.com/svcsim/svcsim/internal/validation"
	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
	"github.com/svcsim/svcsim/service"
	"github.com/svcsim/svcsim/sim"
)

// ToService returns s as the core/v1 Service `kubectl get -o yaml` shows:
// the whole spec svcsim models (clusterIP "None" and clusterIPs ["None"]
// for a headless Service, else clusterIP, clusterIPs, ipFamilies and
// ipFamilyPolicy as s holds them), the allocated load-balancer address as
// status.loadBalancer.ingress (ipMode VIP), and its metadata (uid,
// creationTimestamp, labels, annotations). resourceVersion is left empty:
// the caller sets the one its watch event or list carries.
func ToService(s service.Service) *corev1.Service {
	out := &corev1.Service{
		TypeMeta: metav1.TypeMeta{APIVersion: "v1", Kind: "Service"},
		ObjectMeta: metav1.ObjectMeta{Namespace: pod.NamespaceOrDefault(s.Namespace), Name: s.Name,
			UID: types.UID(uidString(s.UID)), CreationTimestamp: metaTime(s.CreationTimestamp),
			Labels: cloneStrings(s.Labels), Annotations: cloneStrings(s.Annotations)},
		Spec: corev1.ServiceSpec{
			Type:                          corev1.ServiceType(s.Type),
			Selector:                      cloneStrings(s.Selector),
			ExternalName:                  s.ExternalName,
			SessionAffinity:               corev1.ServiceAffinity(s.SessionAffinity),
			ExternalTrafficPolicy:         corev1.ServiceExternalTrafficPolicy(s.ExternalTrafficPolicy),
			HealthCheckNodePort:           s.HealthCheckNodePort,
			PublishNotReadyAddresses:      s.PublishNotReadyAddresses,
			AllocateLoadBalancerNodePorts: clonePtr(s.AllocateLoadBalancerNodePorts),
		},
	}
	for _, p := range s.Ports {
		sp := corev1.ServicePort{Name: p.Name, Protocol: corev1.Protocol(p.Protocol), Port: p.Port, NodePort: p.NodePort}
		switch {
		case p.TargetPort.IsNamed():
			sp.TargetPort = intstr.FromString(p.TargetPort.Name())
		case !p.TargetPort.IsZero():
			sp.TargetPort = intstr.FromInt32(p.TargetPort.Number())
		}
		if p.AppProtocol != "" {
			sp.AppProtocol = ptr(p.AppProtocol)
		}
		out.Spec.Ports = append(out.Spec.Ports, sp)
	}
	switch {
	case s.Headless:
		out.Spec.ClusterIP, out.Spec.ClusterIPs = corev1.ClusterIPNone, []string{corev1.ClusterIPNone}
	case s.ClusterIP.IsValid():
		out.Spec.ClusterIP = s.ClusterIP.String()
	}
	out.Spec.ClusterIPs = append(out.Spec.ClusterIPs, textList(s.ClusterIPs)...)
	for _, f := range s.IPFamilies {
		out.Spec.IPFamilies = append(out.Spec.IPFamilies, corev1.IPFamily(f))
	}
	if s.IPFamilyPolicy != "" {
		out.Spec.IPFamilyPolicy = ptr(corev1.IPFamilyPolicy(s.IPFamilyPolicy))
	}
	for _, ip := range s.ExternalIPs {
		out.Spec.ExternalIPs = append(out.Spec.ExternalIPs, ip.String())
	}
	for _, r := range s.LoadBalancerSourceRanges {
		out.Spec.LoadBalancerSourceRanges = append(out.Spec.LoadBalancerSourceRanges, r.String())
	}
	if s.LoadBalancerClass != "" {
		out.Spec.LoadBalancerClass = ptr(s.LoadBalancerClass)
	}
	if s.InternalTrafficPolicy != "" {
		out.Spec.InternalTrafficPolicy = ptr(corev1.ServiceInternalTrafficPolicy(s.InternalTrafficPolicy))
	}
	if s.TrafficDistribution != "" {
		out.Spec.TrafficDistribution = ptr(s.TrafficDistribution)
	}
	if c := s.SessionAffinityConfig; c != nil {
		out.Spec.SessionAffinityConfig = &corev1.SessionAffinityConfig{}
		if c.ClientIP != nil {
			out.Spec.SessionAffinityConfig.ClientIP = &corev1.ClientIPConfig{TimeoutSeconds: clonePtr(c.ClientIP.TimeoutSeconds)}
		}
	}
	if s.LoadBalancerIP.IsValid() {
		out.Status.LoadBalancer.Ingress = []corev1.LoadBalancerIngress{{IP: s.LoadBalancerIP.String(),
			IPMode: ptr(corev1.LoadBalancerIPModeVIP)}}
	}
	return out
}

// FromService returns the service.Service k describes, with the warnings
// for the fields svcsim ignores. A requested spec.loadBalancerIP is the
// LoadBalancerIP asked for; without one, status.loadBalancer.ingress's
// address is read back (what ToService writes). Errors are
// *pod.FieldError values naming the field: an address that does not parse
// (wrapping sim.ErrInvalid; in spec.clusterIPs[i] worded as upstream
// words an invalid IP), a value svcsim does not model (wrapping
// ErrUnsupported): more than one load-balancer ingress, an ingress
// hostname or an ipMode other than VIP. The IP-family fields
// (clusterIPs, ipFamilies, ipFamilyPolicy) are read as written
// (readClusterIPs); status.conditions are ignored with a warning.
func FromService(k *corev1.Service) (service.Service, []string, error) {
	obj := objectName("service", k.Namespace, k.Name)
	warnings, err := readMeta(obj, &k.ObjectMeta, false)
	if err != nil {
		return service.Service{}, nil, err
	}
	sp := &k.Spec
	s := service.Service{Namespace: k.Namespace, Name: k.Name, Type: service.Type(sp.Type),
		Selector: selector.Set(cloneStrings(sp.Selector)), ExternalName: sp.ExternalName,
		SessionAffinity:               service.SessionAffinity(sp.SessionAffinity),
		ExternalTrafficPolicy:         service.TrafficPolicy(sp.ExternalTrafficPolicy),
		HealthCheckNodePort:           sp.HealthCheckNodePort,
		PublishNotReadyAddresses:      sp.PublishNotReadyAddresses,
		AllocateLoadBalancerNodePorts: clonePtr(sp.AllocateLoadBalancerNodePorts),
		LoadBalancerClass:             deref(sp.LoadBalancerClass),
		TrafficDistribution:           deref(sp.TrafficDistribution),
		Labels:                        cloneStrings(k.Labels), Annotations: cloneStrings(k.Annotations),
		CreationTimestamp: k.CreationTimestamp.Time,
	}
	if k.UID != "" {
		u, err := parseUID(string(k.UID))
		if err != nil {
			return service.Service{}, nil, invalid(obj, "metadata.uid", string(k.UID), err.Error(), sim.ErrInvalid)
		}
		s.UID = u
	}
	if sp.InternalTrafficPolicy != nil {
		s.InternalTrafficPolicy = service.TrafficPolicy(*sp.InternalTrafficPolicy)
	}
	for _, p := range sp.Ports {
		port := service.Port{Name: p.Name, Protocol: pod.Protocol(p.Protocol), Port: p.Port, NodePort: p.NodePort,
			AppProtocol: deref(p.AppProtocol)}
		switch {
		case p.TargetPort.Type == intstr.String:
			port.TargetPort = service.TargetPortName(p.TargetPort.StrVal)
		case p.TargetPort.IntVal != 0:
			port.TargetPort = service.TargetPortNumber(p.TargetPort.IntVal)
		}
		s.Ports = append(s.Ports, port)
	}
	if err := readClusterIPs(obj, sp, &s); err != nil {
		return service.Service{}, nil, err
	}
	for i, a := range sp.ExternalIPs {
		ip, ok := validation.ParseAddrSloppy(a)
		if !ok {
			return service.Service{}, nil, invalid(obj, "spec.externalIPs["+strconv.Itoa(i)+"]", a, validation.InvalidIPMsg, sim.ErrInvalid)
		}
		s.ExternalIPs = append(s.ExternalIPs, ip)
	}
	for i, r := range sp.LoadBalancerSourceRanges {
		// Space around a range is allowed, and the field is named with a
		// capital as upstream's validateService names it.
		r = strings.TrimSpace(r)
		pfx, ok := validation.ParseCIDRSloppy(r)
		if !ok {
			return service.Service{}, nil, invalid(obj, "spec.LoadBalancerSourceRanges["+strconv.Itoa(i)+"]", r,
				validation.InvalidCIDRMsg, sim.ErrInvalid)
		}
		s.LoadBalancerSourceRanges = append(s.LoadBalancerSourceRanges, pfx)
	}
	if c := sp.SessionAffinityConfig; c != nil {
		s.SessionAffinityConfig = &service.SessionAffinityConfig{}
		if c.ClientIP != nil {
			s.SessionAffinityConfig.ClientIP = &service.ClientIPConfig{TimeoutSeconds: clonePtr(c.ClientIP.TimeoutSeconds)}
		}
	}
	if err := readLoadBalancerIP(obj, k, &s); err != nil {
		return service.Service{}, nil, err
	}
	if len(k.Status.Conditions) > 0 {
		warnings = append(warnings, ignoredWarning(obj, "status.conditions"))
	}
	return s, warnings, nil
}

// readClusterIPs reads spec.clusterIP, spec.clusterIPs, spec.ipFamilies
// and spec.ipFamilyPolicy into s as they are written, for sim's
// CreateService and UpdateService to reconcile the singular and plural
// fields and validate them as kube-apiserver does. s holds the headless
// marker, "None" in clusterIPs[0], as Headless: when clusterIP is not
// "None" too, upstream's validation error is returned here, as s could
// not carry the disagreement. Addresses are read with the legacy parser
// (leading zeros allowed); one that does not parse is an error on
// spec.clusterIPs[i], the field upstream validates (a clusterIP given
// alone is clusterIPs[0], normalizeClusterIPs), each such entry reported;
// an empty entry is the zero address, left to the Service's validation.
func readClusterIPs(obj string, sp *corev1.ServiceSpec, s *service.Service) error {
	ips, first := sp.ClusterIPs, 0
	switch ip := sp.ClusterIP; ip {
	case "":
	case corev1.ClusterIPNone:
		s.Headless = true
	default:
		a, ok := validation.ParseAddrSloppy(ip)
		switch {
		case ok:
			s.ClusterIP = a
		case len(ips) == 0:
			ips = []string{ip}
		case ips[0] != ip:
			return invalid(obj, "spec.clusterIPs", ips, "first value must match `clusterIP`", sim.ErrInvalid)
		}
	}
	if len(ips) > 0 && ips[0] == corev1.ClusterIPNone {
		// kubernetes pkg/apis/core/validation/validation.go,
		// ValidateServiceClusterIPsRelatedFields.
		switch sp.ClusterIP {
		case corev1.ClusterIPNone:
		case "":
			return invalid(obj, "spec.clusterIPs", ips, "must be empty when `clusterIP` is not specified", sim.ErrInvalid)
		default:
			return invalid(obj, "spec.clusterIPs", ips, "first value must match `clusterIP`", sim.ErrInvalid)
		}
		ips, first = ips[1:], 1
	}
	var bad pod.ErrorList
	for i, a := range ips {
		ip, ok := validation.ParseAddrSloppy(a)
		switch {
		case a == "":
			// The zero address: the Service's validation reports it.
		case !ok:
			bad = append(bad, &pod.FieldError{Object: obj, Field: "spec.clusterIPs[" + strconv.Itoa(first+i) + "]",
				Type: pod.ErrorTypeInvalid, Value: a, Detail: validation.InvalidIPMsg, Sentinel: sim.ErrInvalid})
			continue
		}
		s.ClusterIPs = append(s.ClusterIPs, ip)
	}
	if len(bad) > 0 {
		return bad.Err()
	}
	for _, f := range sp.IPFamilies {
		s.IPFamilies = append(s.IPFamilies, service.IPFamily(f))
	}
	if sp.IPFamilyPolicy != nil {
		s.IPFamilyPolicy = service.IPFamilyPolicy(*sp.IPFamilyPolicy)
	}
	return nil
}

// readLoadBalancerIP reads the requested spec.loadBalancerIP or, without
// one, the address of status.loadBalancer.ingress.
func readLoadBalancerIP(obj string, k *corev1.Service, s *service.Service) error {
	if a := k.Spec.LoadBalancerIP; a != "" {
		ip, err := netip.ParseAddr(a)
		if err != nil {
			return invalid(obj, "spec.loadBalancerIP", a, "must be a valid IP address", sim.ErrInvalid)
		}
		s.LoadBalancerIP = ip
		return nil
	}
	ing := k.Status.LoadBalancer.Ingress
	if len(ing) > 1 {
		return unsupported(obj, "status.loadBalancer.ingress", "svcsim gives a Service one load-balancer address")
	}
	if len(ing) == 1 {
		if ing[0].Hostname != "" {
			return unsupported(obj, "status.loadBalancer.ingress[0].hostname", "svcsim's load balancers have addresses")
		}
		if ing[0].IPMode != nil && *ing[0].IPMode != corev1.LoadBalancerIPModeVIP {
			return unsupported(obj, "status.loadBalancer.ingress[0].ipMode", "svcsim's load-balancer addresses are VIPs")
		}
		ip, err := netip.ParseAddr(ing[0].IP)
		if err != nil {
			return invalid(obj, "status.loadBalancer.ingress[0].ip", ing[0].IP, "must be a valid IP address", sim.ErrInvalid)
		}
		s.LoadBalancerIP = ip
	}
	return nil
}
