package service

import (
	"net/netip"
	"slices"
	"strconv"

	"github.com/svcsim/svcsim/pod"
)

// The IP-family fields of a Service: spec.clusterIPs, spec.ipFamilies and
// spec.ipFamilyPolicy, their defaulting (kubernetes
// pkg/registry/core/service/storage/alloc.go, initIPFamilyFields;
// storage.go, normalizeClusterIPs and patchAllocatedValues) and validation
// (pkg/apis/core/validation/validation.go,
// ValidateServiceClusterIPsRelatedFields, validateUpgradeDowngradeClusterIPs,
// validateUpgradeDowngradeIPFamilies).

// FamilyOf returns the IP family of ip.
func FamilyOf(ip netip.Addr) IPFamily {
	if ip.Is4() || ip.Is4In6() {
		return IPv4Protocol
	}
	return IPv6Protocol
}

// ClusterIPOf returns the Service's ClusterIP of family f, if it has one.
func (s Service) ClusterIPOf(f IPFamily) (netip.Addr, bool) {
	for _, ip := range s.ClusterIPs {
		if FamilyOf(ip) == f {
			return ip, true
		}
	}
	return netip.Addr{}, false
}

// HasFamily reports whether f is one of the Service's IPFamilies.
func (s Service) HasFamily(f IPFamily) bool { return slices.Contains(s.IPFamilies, f) }

// otherFamily returns the family that is not f.
func otherFamily(f IPFamily) IPFamily {
	if f == IPv4Protocol {
		return IPv6Protocol
	}
	return IPv4Protocol
}

// isHeadless is upstream's isHeadlessService: clusterIPs is exactly
// ["None"].
func isHeadless(s *Service) bool {
	return s.Headless && len(s.ClusterIPs) == 0 && !s.ClusterIP.IsValid()
}

// clusterIPsText renders spec.clusterIPs as the API holds it: "None" for a
// headless Service, then the addresses; nil when unset.
func clusterIPsText(s *Service) []string {
	var out []string
	if s.Headless {
		out = append(out, "None")
	}
	for _, ip := range s.ClusterIPs {
		out = append(out, addrText(ip))
	}
	return out
}

// clusterIPsLen is len(clusterIPsText(s)), counted without rendering.
func clusterIPsLen(s *Service) int {
	if s.Headless {
		return 1 + len(s.ClusterIPs)
	}
	return len(s.ClusterIPs)
}

// sameClusterIPEntry reports whether clusterIPsText(a)[i] equals
// clusterIPsText(b)[i], comparing without rendering: "None" only equals
// "None", and an address's text is its own (the zero address's "" too).
func sameClusterIPEntry(a, b *Service, i int) bool {
	aNone, bNone := a.Headless && i == 0, b.Headless && i == 0
	if aNone || bNone {
		return aNone == bNone
	}
	addr := func(s *Service) netip.Addr {
		if s.Headless {
			return s.ClusterIPs[i-1] // after "None"
		}
		return s.ClusterIPs[i]
	}
	return addr(a) == addr(b)
}

// addrText is an address as the API writes it: the zero address, an
// empty entry, is "".
func addrText(ip netip.Addr) string {
	if !ip.IsValid() {
		return ""
	}
	return ip.String()
}

// familyField is the path of spec.ipFamilies[i], built only for an error.
func familyField(i int) string { return "spec.ipFamilies[" + strconv.Itoa(i) + "]" }

// familiesText renders spec.ipFamilies as a list of strings.
func familiesText(fs []IPFamily) []string {
	if fs == nil {
		return nil
	}
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = string(f)
	}
	return out
}

// policyValue is spec.ipFamilyPolicy as an error value: null when unset.
func policyValue(p IPFamilyPolicy) any {
	if p == "" {
		return nil
	}
	return string(p)
}

// pluralIPs returns s's ClusterIPs, or [ClusterIP] (a new slice) when only
// the singular field is set: what every path into the apiserver's
// validation sees (normalizeClusterIPs on create, the stored list on
// update), so Validate and ValidateUpdate accept a Service written with
// ClusterIP alone.
func pluralIPs(s *Service) []netip.Addr {
	if s.ClusterIP.IsValid() && len(s.ClusterIPs) == 0 {
		return []netip.Addr{s.ClusterIP}
	}
	return s.ClusterIPs
}

// withPlural returns s when its ClusterIPs are set or it has no ClusterIP,
// else a copy with ClusterIPs [ClusterIP] (pluralIPs): a Service is some
// 400 bytes, copied only when it must be.
func withPlural(s *Service) *Service {
	if ips := pluralIPs(s); len(ips) != len(s.ClusterIPs) {
		c := *s
		c.ClusterIPs = ips
		return &c
	}
	return s
}

// NormalizeClusterIPs reconciles the singular and plural clusterIP fields
// as the apiserver does before anything else (kubernetes
// pkg/registry/core/service/storage/storage.go, normalizeClusterIPs): on
// create (old nil) a ClusterIP given without ClusterIPs becomes
// ClusterIPs [ClusterIP]; on an update, ClusterIPs omitted with ClusterIP
// unchanged are the old ones (an old client), a cleared ClusterIP with
// ClusterIPs unchanged clears them, and a changed ClusterIP with ClusterIPs
// unchanged replaces them (so that validation sees the change); Headless
// newly set is clusterIP "None" and drops the addresses left unchanged.
// The slices of s are never written: a changed one is a new slice.
func NormalizeClusterIPs(s Service, old *Service) Service {
	normalizeClusterIPs(&s, old)
	return s
}

// normalizeClusterIPs is NormalizeClusterIPs on *s, in place.
func normalizeClusterIPs(s *Service, old *Service) {
	if old == nil {
		if s.ClusterIP.IsValid() && len(s.ClusterIPs) == 0 {
			s.ClusterIPs = []netip.Addr{s.ClusterIP}
		}
		return
	}
	if s.Headless && !old.Headless {
		// clusterIP set to None: the addresses the user left are the old ones.
		if s.ClusterIP == old.ClusterIP {
			s.ClusterIP = netip.Addr{}
		}
		if len(s.ClusterIPs) == 0 || slices.Equal(s.ClusterIPs, old.ClusterIPs) {
			s.ClusterIPs = nil
		}
		return
	}
	if len(old.ClusterIPs) > 0 && len(s.ClusterIPs) == 0 && old.ClusterIP == s.ClusterIP {
		s.ClusterIPs = slices.Clone(old.ClusterIPs)
	}
	if old.ClusterIP != s.ClusterIP {
		same := slices.Equal(old.ClusterIPs, s.ClusterIPs)
		switch {
		case old.ClusterIP.IsValid() && !s.ClusterIP.IsValid():
			if same {
				s.ClusterIPs = nil
			}
		case same:
			s.ClusterIPs = []netip.Addr{s.ClusterIP}
		}
	}
}

// DefaultIPFamilies fills spec.ipFamilyPolicy, spec.ipFamilies and (on an
// update) trims spec.clusterIPs as kube-apiserver does before allocating
// (kubernetes pkg/registry/core/service/storage/alloc.go,
// initIPFamilyFields). cluster lists the families of the cluster's service
// CIDRs, the primary first. old is the stored Service on an update, nil on
// create. ExternalName Services are returned as they are. The errors are
// upstream's, wrapping ErrInvalid. The slices of s are never written: a
// changed one is a new slice or a shorter view, and the result may share
// cluster's backing array (clipped).
//
//   - The policy defaults to the stored one on an update, to
//     RequireDualStack for a headless Service without selector, else to
//     SingleStack.
//   - The fields are checked first as ValidateServiceClusterIPsRelatedFields
//     checks them.
//   - On an update, SingleStack with unchanged clusterIPs or ipFamilies
//     trims them to the primary (a downgrade); another policy with a
//     removed secondary is refused.
//   - SingleStack with two IPs or two families is refused; families are
//     inferred from requested IPs (refused when the cluster lacks one).
//   - A headless Service without selector gets the cluster's primary
//     family, plus the other one unless SingleStack, whatever the cluster.
//   - RequireDualStack on a single-stack cluster, or a family the cluster
//     lacks, is refused; no family means the cluster's primary; a dual-stack
//     policy on a dual-stack cluster gets the other family appended.
func DefaultIPFamilies(s Service, old *Service, cluster []IPFamily) (Service, error) {
	err := defaultIPFamilies(&s, old, cluster)
	return s, err
}

// defaultIPFamilies is DefaultIPFamilies on *s, in place (partly done on
// error).
func defaultIPFamilies(s *Service, old *Service, cluster []IPFamily) error {
	s.ClusterIPs = pluralIPs(s)
	if old != nil {
		old = withPlural(old)
	}
	if effectiveType(s.Type) == ExternalName || len(cluster) == 0 {
		return nil
	}
	if s.IPFamilyPolicy == "" {
		switch {
		case old != nil && old.IPFamilyPolicy != "":
			s.IPFamilyPolicy = old.IPFamilyPolicy
		case isHeadless(s) && len(s.Selector) == 0:
			s.IPFamilyPolicy = IPFamilyPolicyRequireDualStack
		default:
			s.IPFamilyPolicy = IPFamilyPolicySingleStack
		}
	}
	var v validator
	v.clusterIPsRelated(s, old)
	if len(v.errs) > 0 {
		return v.named(s)
	}
	single := s.IPFamilyPolicy == IPFamilyPolicySingleStack
	if old != nil {
		if single {
			if slices.Equal(old.ClusterIPs, s.ClusterIPs) && len(s.ClusterIPs) > 1 {
				s.ClusterIPs = s.ClusterIPs[:1]
			}
			if slices.Equal(old.IPFamilies, s.IPFamilies) && len(s.IPFamilies) > 1 {
				s.IPFamilies = s.IPFamilies[:1]
			}
		} else {
			if len(s.ClusterIPs) < len(old.ClusterIPs) && len(s.ClusterIPs) > 0 {
				v.add("spec.ipFamilyPolicy", pod.ErrorTypeInvalid, policyValue(s.IPFamilyPolicy),
					"must be 'SingleStack' to release the secondary cluster IP")
			}
			if len(s.IPFamilies) < len(old.IPFamilies) && len(s.IPFamilies) > 0 {
				v.add("spec.ipFamilyPolicy", pod.ErrorTypeInvalid, policyValue(s.IPFamilyPolicy),
					"must be 'SingleStack' to release the secondary IP family")
			}
		}
	}
	if single {
		if len(s.ClusterIPs) == 2 {
			v.add("spec.ipFamilyPolicy", pod.ErrorTypeInvalid, string(s.IPFamilyPolicy),
				"must be 'RequireDualStack' or 'PreferDualStack' when multiple cluster IPs are specified")
		}
		if len(s.IPFamilies) == 2 {
			v.add("spec.ipFamilyPolicy", pod.ErrorTypeInvalid, string(s.IPFamilyPolicy),
				"must be 'RequireDualStack' or 'PreferDualStack' when multiple IP families are specified")
		}
	}
	if !s.Headless {
		for i, ip := range s.ClusterIPs {
			if i < len(s.IPFamilies) {
				continue
			}
			if f := FamilyOf(ip); slices.Contains(cluster, f) {
				s.IPFamilies = append(slices.Clip(s.IPFamilies), f)
			} else {
				v.add("spec.clusterIPs["+strconv.Itoa(i)+"]", pod.ErrorTypeInvalid, clusterIPsText(s),
					string(f)+" is not configured on this cluster")
			}
		}
	}
	if len(v.errs) > 0 {
		return v.named(s)
	}
	if isHeadless(s) && len(s.Selector) == 0 {
		if len(s.IPFamilies) == 0 {
			s.IPFamilies = cluster[:1:1]
		}
		if len(s.IPFamilies) < 2 && s.IPFamilyPolicy != IPFamilyPolicySingleStack {
			s.IPFamilies = append(slices.Clip(s.IPFamilies), otherFamily(s.IPFamilies[0]))
		}
		return nil
	}
	if s.IPFamilyPolicy == IPFamilyPolicyRequireDualStack && len(cluster) < 2 {
		v.add("spec.ipFamilyPolicy", pod.ErrorTypeInvalid, string(s.IPFamilyPolicy),
			"this cluster is not configured for dual-stack services")
	}
	for i, f := range s.IPFamilies {
		if !slices.Contains(cluster, f) {
			v.add("spec.ipFamilies["+strconv.Itoa(i)+"]", pod.ErrorTypeInvalid, string(f), "not configured on this cluster")
		}
	}
	if len(v.errs) > 0 {
		return v.named(s)
	}
	if len(s.IPFamilies) == 0 {
		s.IPFamilies = cluster[:1:1]
	}
	if !single && len(s.IPFamilies) == 1 && len(cluster) == 2 {
		s.IPFamilies = append(slices.Clip(s.IPFamilies), otherFamily(s.IPFamilies[0]))
	}
	return nil
}

// named returns the collected errors (nil for none), naming s as their
// object.
func (v *validator) named(s *Service) error {
	if len(v.errs) == 0 {
		return nil
	}
	obj := "service " + s.Key()
	for _, e := range v.errs {
		e.Object = obj
	}
	return v.errs.Err()
}

// clusterIPsRelated is ValidateServiceClusterIPsRelatedFields (skipped for
// ExternalName, whose fields must be empty: see clusterIP). old is the
// stored Service on an update: an address it already holds is accepted as
// is.
func (v *validator) clusterIPsRelated(s *Service, old *Service) {
	if effectiveType(s.Type) == ExternalName {
		return
	}
	n := clusterIPsLen(s) // the entries are rendered only for an error
	set := s.Headless || s.ClusterIP.IsValid()
	switch {
	case set && !s.Headless && s.ClusterIPs[0] != s.ClusterIP:
		v.add("spec.clusterIPs", pod.ErrorTypeInvalid, clusterIPsText(s), "first value must match `clusterIP`")
	case !set && n != 0:
		v.add("spec.clusterIPs", pod.ErrorTypeInvalid, clusterIPsText(s), "must be empty when `clusterIP` is not specified")
	}
	for i, f := range s.IPFamilies {
		if f != IPv4Protocol && f != IPv6Protocol {
			v.add(familyField(i), pod.ErrorTypeNotSupported, string(f), `supported values: "IPv4", "IPv6"`)
		}
		if slices.Contains(s.IPFamilies[:i], f) {
			v.add(familyField(i), pod.ErrorTypeDuplicate, string(f), "")
		}
	}
	switch s.IPFamilyPolicy {
	case "", IPFamilyPolicySingleStack, IPFamilyPolicyPreferDualStack, IPFamilyPolicyRequireDualStack:
	default:
		v.add("spec.ipFamilyPolicy", pod.ErrorTypeNotSupported, string(s.IPFamilyPolicy),
			`supported values: "PreferDualStack", "RequireDualStack", "SingleStack"`)
	}
	invalid := false
	if s.Headless && n > 1 {
		invalid = true
		v.add("spec.clusterIPs", pod.ErrorTypeInvalid, clusterIPsText(s), "'None' must be the first and only value")
	}
	for i, ip := range s.ClusterIPs {
		if old != nil && slices.Contains(old.ClusterIPs, ip) {
			continue
		}
		if ip.Zone() != "" || ip.Is4In6() || !ip.IsValid() {
			invalid = true
			idx := i
			if s.Headless {
				idx++
			}
			v.add("spec.clusterIPs["+strconv.Itoa(idx)+"]", pod.ErrorTypeInvalid, addrText(ip),
				"must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)")
		}
	}
	if n > 2 {
		v.add("spec.clusterIPs", pod.ErrorTypeInvalid, clusterIPsText(s), "may only hold up to 2 values")
	}
	if invalid {
		return
	}
	if len(s.ClusterIPs) > 1 && !bothFamilies(s.ClusterIPs) {
		v.add("spec.clusterIPs", pod.ErrorTypeInvalid, clusterIPsText(s), "may specify no more than one IP for each IP family")
	}
	if !isHeadless(s) {
		for i, ip := range s.ClusterIPs {
			if i >= len(s.IPFamilies) {
				break
			}
			switch want := s.IPFamilies[i]; {
			case want == IPv4Protocol && FamilyOf(ip) == IPv6Protocol:
				v.add("spec.clusterIPs["+strconv.Itoa(i)+"]", pod.ErrorTypeInvalid, ip.String(), "expected an IPv4 value as indicated by `ipFamilies["+strconv.Itoa(i)+"]`")
			case want == IPv6Protocol && FamilyOf(ip) != IPv6Protocol:
				v.add("spec.clusterIPs["+strconv.Itoa(i)+"]", pod.ErrorTypeInvalid, ip.String(), "expected an IPv6 value as indicated by `ipFamilies["+strconv.Itoa(i)+"]`")
			}
		}
	}
}

// bothFamilies reports whether ips hold an address of each family
// (netutils.IsDualStackIPs).
func bothFamilies(ips []netip.Addr) bool {
	var v4, v6 bool
	for _, ip := range ips {
		if FamilyOf(ip) == IPv4Protocol {
			v4 = true
		} else {
			v6 = true
		}
	}
	return v4 && v6
}

// upgradeDowngrade is validateUpgradeDowngradeClusterIPs and
// validateUpgradeDowngradeIPFamilies: clusterIPs[0] and ipFamilies[0] may
// not change, a secondary may be added, and removed only with the policy
// SingleStack. Skipped when either side is ExternalName; headless Services
// may change families.
func (v *validator) upgradeDowngrade(old, s *Service) {
	if effectiveType(s.Type) == ExternalName || effectiveType(old.Type) == ExternalName {
		return
	}
	// The entries are compared unrendered, and rendered only for an error.
	oldN, n := clusterIPsLen(old), clusterIPsLen(s)
	oldHeadless, headless := isHeadless(old), isHeadless(s)
	const changed = "may not change once set"
	if !oldHeadless || !headless {
		switch {
		case oldN == n:
			for i := range n {
				if !sameClusterIPEntry(old, s, i) {
					v.add("spec.clusterIPs["+strconv.Itoa(i)+"]", pod.ErrorTypeInvalid, clusterIPsText(s), changed)
				}
			}
		case oldN > n:
			if n == 0 {
				v.add("spec.clusterIPs[0]", pod.ErrorTypeInvalid, clusterIPsText(s), "primary clusterIP can not be unset")
			}
			if n > 0 && !sameClusterIPEntry(old, s, 0) {
				v.add("spec.clusterIPs[0]", pod.ErrorTypeInvalid, clusterIPsText(s), changed)
			}
			if n == 1 && s.IPFamilyPolicy != IPFamilyPolicySingleStack {
				v.add("spec.ipFamilyPolicy", pod.ErrorTypeInvalid, policyValue(s.IPFamilyPolicy),
					"must be set to 'SingleStack' when releasing the secondary clusterIP")
			}
		default:
			if oldN > 0 && !sameClusterIPEntry(old, s, 0) {
				v.add("spec.clusterIPs[0]", pod.ErrorTypeInvalid, clusterIPsText(s), changed)
			}
		}
	}
	if oldHeadless || headless {
		return
	}
	switch {
	case len(old.IPFamilies) == len(s.IPFamilies):
		for i := range old.IPFamilies {
			if old.IPFamilies[i] != s.IPFamilies[i] {
				v.add("spec.ipFamilies[0]", pod.ErrorTypeInvalid, familiesText(s.IPFamilies), changed)
			}
		}
	case len(old.IPFamilies) > len(s.IPFamilies):
		if n == 0 {
			v.add("spec.ipFamilies[0]", pod.ErrorTypeInvalid, familiesText(s.IPFamilies), "primary ipFamily can not be unset")
		}
		if len(s.IPFamilies) > 0 && s.IPFamilies[0] != old.IPFamilies[0] {
			v.add("spec.ipFamilies[0]", pod.ErrorTypeInvalid, clusterIPsText(s), changed)
		}
		if len(s.IPFamilies) == 1 && s.IPFamilyPolicy != IPFamilyPolicySingleStack {
			v.add("spec.ipFamilyPolicy", pod.ErrorTypeInvalid, policyValue(s.IPFamilyPolicy),
				"must be set to 'SingleStack' when releasing the secondary ipFamily")
		}
	default:
		if len(old.IPFamilies) > 0 && len(s.IPFamilies) > 0 && s.IPFamilies[0] != old.IPFamilies[0] {
			v.add("spec.ipFamilies[0]", pod.ErrorTypeInvalid, clusterIPsText(s), changed)
		}
	}
}
