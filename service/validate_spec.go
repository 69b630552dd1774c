package service

import (
	"slices"
	"strconv"
	"strings"

	"github.com/svcsim/svcsim/internal/validation"
	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
)

// The checks of the Service fields beyond name, type, ports and
// clusterIP, in the order kubernetes pkg/apis/core/validation/validation.go
// (validateService and the validators it calls) reports them. old is the
// stored Service on an update, nil on create.

// totalAnnotationSizeLimit is apimachinery's TotalAnnotationSizeLimitB
// (256 KiB, keys and values together).
const totalAnnotationSizeLimit = 256 * 1024

// meta validates metadata.labels (ValidateLabels) and metadata.annotations
// (ValidateAnnotations: each key a qualified name once lower-cased, and
// the total size at most 256 KiB), as both ValidateObjectMeta (create) and
// ValidateObjectMetaUpdate do.
func (v *validator) meta(s *Service) {
	v.errs = append(v.errs, pod.LabelErrors(unnamed, "metadata.labels", selector.Set(s.Labels), ErrInvalid)...)
	keys := make([]string, 0, len(s.Annotations))
	size := 0
	for k, val := range s.Annotations {
		keys = append(keys, k)
		size += len(k) + len(val)
	}
	slices.Sort(keys)
	for _, k := range keys {
		for _, m := range pod.QualifiedNameReasons(strings.ToLower(k)) {
			v.add("metadata.annotations", pod.ErrorTypeInvalid, k, m)
		}
	}
	if size > totalAnnotationSizeLimit {
		v.errs = append(v.errs, pod.TooLong(unnamed, "metadata.annotations", totalAnnotationSizeLimit, ErrInvalid))
	}
}

// topologyAnnotations is validateService's first check: the
// topology-mode annotation must agree with its deprecated predecessor.
func (v *validator) topologyAnnotations(s *Service) {
	mode, okMode := s.Annotations[AnnotationTopologyMode]
	hints, okHints := s.Annotations[DeprecatedAnnotationTopologyAwareHints]
	if okMode && okHints && mode != hints {
		v.add("metadata.annotations["+AnnotationTopologyMode+"]", pod.ErrorTypeInvalid, mode,
			"must match annotations["+DeprecatedAnnotationTopologyAwareHints+"] when both are specified")
	}
}

// qualifiedName reports each reason value is not a qualified name as an
// Invalid error on field (ValidateQualifiedName).
func (v *validator) qualifiedName(field, value string) {
	for _, m := range pod.QualifiedNameReasons(value) {
		v.add(field, pod.ErrorTypeInvalid, value, m)
	}
}

// affinityConfig is validateClientIPAffinityConfig and the None check. A
// nil config of a ClientIP Service counts as the default one.
func (v *validator) affinityConfig(s *Service) {
	c := s.SessionAffinityConfig
	const path = "spec.sessionAffinityConfig"
	switch s.SessionAffinity {
	case SessionAffinityClientIP:
		const why = "when session affinity type is ClientIP"
		switch {
		case c == nil:
		case c.ClientIP == nil:
			v.add(path+".clientIP", pod.ErrorTypeRequired, nil, why)
		case c.ClientIP.TimeoutSeconds == nil:
			v.add(path+".clientIP.timeoutSeconds", pod.ErrorTypeRequired, nil, why)
		case *c.ClientIP.TimeoutSeconds <= 0 || *c.ClientIP.TimeoutSeconds > MaxClientIPServiceAffinitySeconds:
			v.add(path+".clientIP.timeoutSeconds", pod.ErrorTypeInvalid, *c.ClientIP.TimeoutSeconds,
				"must be greater than 0 and less than "+strconv.Itoa(int(MaxClientIPServiceAffinitySeconds)))
		}
	case "", SessionAffinityNone:
		if c != nil {
			v.add(path, pod.ErrorTypeForbidden, nil, "must not be set when session affinity is None")
		}
	}
}

// externalIPs validates each entry as the legacy IP parser (an address
// with a zone does not parse) and then ValidateEndpointIP.
func (v *validator) externalIPs(s *Service) {
	for i, ip := range s.ExternalIPs {
		field := "spec.externalIPs[" + strconv.Itoa(i) + "]"
		if !ip.IsValid() || ip.Zone() != "" {
			text := ""
			if ip.IsValid() {
				text = ip.String()
			}
			v.add(field, pod.ErrorTypeInvalid, text, validation.InvalidIPMsg)
			continue
		}
		for _, m := range validation.EndpointIPReasons(ip) {
			v.add(field, pod.ErrorTypeInvalid, ip.String(), m)
		}
	}
}

// sourceRanges validates spec.loadBalancerSourceRanges (written
// "spec.LoadBalancerSourceRanges" upstream) or, when the field is empty,
// the load-balancer-source-ranges annotation, whose CIDRs are checked on
// create and when the annotation changed, with the legacy parser of v1.35
// (leading zeros allowed).
func (v *validator) sourceRanges(s *Service, t Type, old *Service) {
	const forbidden = "may only be used when `type` is 'LoadBalancer'"
	if len(s.LoadBalancerSourceRanges) > 0 {
		const path = "spec.LoadBalancerSourceRanges"
		if t != LoadBalancer {
			v.add(path, pod.ErrorTypeForbidden, nil, forbidden)
		}
		for i, p := range s.LoadBalancerSourceRanges {
			if !p.IsValid() {
				v.add(path+"["+strconv.Itoa(i)+"]", pod.ErrorTypeInvalid, "", validation.InvalidCIDRMsg)
			}
		}
		return
	}
	val, ok := s.Annotations[AnnotationLoadBalancerSourceRanges]
	if !ok {
		return
	}
	path := "metadata.annotations[" + AnnotationLoadBalancerSourceRanges + "]"
	if t != LoadBalancer {
		v.add(path, pod.ErrorTypeForbidden, nil, forbidden)
	}
	if old != nil && old.Annotations[AnnotationLoadBalancerSourceRanges] == val {
		return
	}
	if val = strings.TrimSpace(val); val == "" {
		return
	}
	for _, cidr := range strings.Split(val, ",") {
		cidr = strings.TrimSpace(cidr)
		if _, ok := validation.ParseCIDRSloppy(cidr); !ok {
			v.add(path, pod.ErrorTypeInvalid, cidr, validation.InvalidCIDRMsg)
		}
	}
}

// trafficPolicy validates spec.externalTrafficPolicy and
// spec.healthCheckNodePort (validateServiceExternalTrafficPolicy). An unset
// policy of an externally accessible Service counts as its default, and an
// unset health-check port of a Service that needs one as not yet
// allocated (allocation runs before validation upstream).
func (v *validator) trafficPolicy(s *Service) {
	p := s.ExternalTrafficPolicy
	switch {
	case !ExternallyAccessible(s) && p != "":
		v.add("spec.externalTrafficPolicy", pod.ErrorTypeInvalid, string(p),
			"may only be set for externally-accessible services")
	case p != "" && p != TrafficPolicyCluster && p != TrafficPolicyLocal:
		v.add("spec.externalTrafficPolicy", pod.ErrorTypeNotSupported, string(p), `supported values: "Cluster", "Local"`)
	}
	switch hc := s.HealthCheckNodePort; {
	case !NeedsHealthCheck(s) && hc != 0:
		v.add("spec.healthCheckNodePort", pod.ErrorTypeInvalid, hc,
			"may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'")
	case hc != 0 && !validation.IsValidPortNum(hc):
		v.add("spec.healthCheckNodePort", pod.ErrorTypeInvalid, hc, validation.PortRangeMsg)
	}
}

// internalTrafficPolicy is validateServiceInternalTrafficFieldsValue; unset
// counts as the default.
func (v *validator) internalTrafficPolicy(s *Service) {
	switch p := s.InternalTrafficPolicy; p {
	case "", TrafficPolicyCluster, TrafficPolicyLocal:
	default:
		v.add("spec.internalTrafficPolicy", pod.ErrorTypeNotSupported, string(p), `supported values: "Cluster", "Local"`)
	}
}

// trafficDistribution is validateServiceTrafficDistribution with
// PreferSameTrafficDistribution on (GA in v1.35).
func (v *validator) trafficDistribution(s *Service) {
	switch d := s.TrafficDistribution; d {
	case "", TrafficDistributionPreferClose, TrafficDistributionPreferSameZone, TrafficDistributionPreferSameNode:
	default:
		v.add("spec.trafficDistribution", pod.ErrorTypeNotSupported, d,
			`supported values: "PreferClose", "PreferSameZone", "PreferSameNode"`)
	}
}

// loadBalancerFields validates spec.loadBalancerClass
// (loadBalancerClass) and spec.allocateLoadBalancerNodePorts; an unset
// allocateLoadBalancerNodePorts of a LoadBalancer counts as its default,
// true.
func (v *validator) loadBalancerFields(s *Service, t Type) {
	v.loadBalancerClass(nil, s, t)
	if t != LoadBalancer && s.AllocateLoadBalancerNodePorts != nil {
		v.add("spec.allocateLoadBalancerNodePorts", pod.ErrorTypeForbidden, nil, "may only be used when `type` is 'LoadBalancer'")
	}
}

// loadBalancerClass is validateLoadBalancerClassField: with old (an
// update), the class may not change while both are LoadBalancer; it must
// be a qualified name, and is forbidden on the other types.
func (v *validator) loadBalancerClass(old *Service, s *Service, t Type) {
	if old != nil && effectiveType(old.Type) == LoadBalancer && t == LoadBalancer && old.LoadBalancerClass != s.LoadBalancerClass {
		var val any
		if s.LoadBalancerClass != "" {
			val = s.LoadBalancerClass
		}
		v.add("spec.loadBalancerClass", pod.ErrorTypeInvalid, val, "may not change once set")
	}
	if s.LoadBalancerClass == "" {
		return
	}
	if t == LoadBalancer {
		v.qualifiedName("spec.loadBalancerClass", s.LoadBalancerClass)
	} else {
		v.add("spec.loadBalancerClass", pod.ErrorTypeForbidden, nil, "may only be used when `type` is 'LoadBalancer'")
	}
}
