package service

import (
	"errors"
	"net/netip"
	"slices"
	"testing"

	"github.com/svcsim/svcsim/selector"
)

func ips(ss ...string) []netip.Addr {
	out := make([]netip.Addr, len(ss))
	for i, s := range ss {
		out[i] = netip.MustParseAddr(s)
	}
	return out
}

func fams(fs ...IPFamily) []IPFamily { return fs }

var (
	v4Cluster   = fams(IPv4Protocol)
	dualCluster = fams(IPv4Protocol, IPv6Protocol)
)

// TestValidateIPFamilyFieldsCreate ports the cases of kubernetes
// pkg/apis/core/validation/validation_test.go, TestValidateServiceCreate,
// that touch clusterIPs, ipFamilies and ipFamilyPolicy, with upstream's
// field paths and messages.
func TestValidateIPFamilyFieldsCreate(t *testing.T) {
	base := func() Service {
		return Service{Namespace: "default", Name: "web", Selector: selector.Set{"app": "web"},
			Ports: []Port{{Port: 80}}}
	}
	tests := []struct {
		name   string
		mutate func(*Service)
		want   string // the whole error; "" for none
	}{
		// upstream's "valid. no field set", "valid, nil service ipFamilies",
		// "valid cluster ip - empty"
		{"valid: no families, no policy", func(*Service) {}, ""},
		{"valid: SingleStack IPv4", func(s *Service) {
			s.IPFamilyPolicy, s.IPFamilies = IPFamilyPolicySingleStack, fams(IPv4Protocol)
		}, ""},
		{"valid: PreferDualStack IPv6 first", func(s *Service) {
			s.IPFamilyPolicy, s.IPFamilies = IPFamilyPolicyPreferDualStack, fams(IPv6Protocol, IPv4Protocol)
		}, ""},
		// upstream's "valid, multi ips, multi ipfamilies (4,6)"
		{"valid: RequireDualStack with both cluster IPs", func(s *Service) {
			s.IPFamilyPolicy, s.IPFamilies = IPFamilyPolicyRequireDualStack, fams(IPv4Protocol, IPv6Protocol)
			s.ClusterIP, s.ClusterIPs = ips("10.0.0.1")[0], ips("10.0.0.1", "2001::1")
		}, ""},
		{"valid: headless with both families", func(s *Service) {
			s.Headless, s.IPFamilies = true, fams(IPv4Protocol, IPv6Protocol)
			s.IPFamilyPolicy = IPFamilyPolicyRequireDualStack
		}, ""},
		{"invalid: ipFamilyPolicy", func(s *Service) { s.IPFamilyPolicy = "not-valid" },
			`service default/web: spec.ipFamilyPolicy: Unsupported value: "not-valid": supported values: "PreferDualStack", "RequireDualStack", "SingleStack"`},
		// upstream's "invalid, service with invalid ipFamilies"
		{"invalid: ipFamilies", func(s *Service) { s.IPFamilies = fams("IPv5") },
			`service default/web: spec.ipFamilies[0]: Unsupported value: "IPv5": supported values: "IPv4", "IPv6"`},
		// upstream's "invalid, service with same ip families" (IPv6 twice)
		{"invalid: duplicate ipFamilies", func(s *Service) { s.IPFamilies = fams(IPv4Protocol, IPv4Protocol) },
			`service default/web: spec.ipFamilies[1]: Duplicate value: "IPv4"`},
		// upstream's "invalid cluster ip != clusterIP in multi ip service"
		{"invalid: clusterIPs[0] does not match clusterIP", func(s *Service) {
			s.ClusterIP, s.ClusterIPs = ips("10.0.0.2")[0], ips("10.0.0.1", "2001::1")
		}, "service default/web: spec.clusterIPs: Invalid value: [\"10.0.0.1\",\"2001::1\"]: first value must match `clusterIP`"},
		{"invalid: clusterIPs without clusterIP", func(s *Service) { s.ClusterIPs = ips("10.0.0.1") },
			"service default/web: spec.clusterIPs: Invalid value: [\"10.0.0.1\"]: must be empty when `clusterIP` is not specified"},
		{"invalid: None with another value", func(s *Service) {
			s.Headless, s.ClusterIP, s.ClusterIPs = true, ips("10.0.0.1")[0], ips("10.0.0.1")
		}, `service default/web: spec.clusterIPs: Invalid value: ["None","10.0.0.1"]: 'None' must be the first and only value`},
		{"invalid: more than two clusterIPs", func(s *Service) {
			s.ClusterIP, s.ClusterIPs = ips("10.0.0.1")[0], ips("10.0.0.1", "2001::1", "10.0.0.2")
		}, `service default/web: spec.clusterIPs: Invalid value: ["10.0.0.1","2001::1","10.0.0.2"]: may only hold up to 2 values`},
		{"invalid: two IPv4 cluster IPs", func(s *Service) {
			s.ClusterIP, s.ClusterIPs = ips("10.0.0.1")[0], ips("10.0.0.1", "10.0.0.2")
		}, `service default/web: spec.clusterIPs: Invalid value: ["10.0.0.1","10.0.0.2"]: may specify no more than one IP for each IP family`},
		// upstream's "invalid, families don't match (v6=>v4)"
		{"invalid: IPv6 address for an IPv4 family", func(s *Service) {
			s.IPFamilies, s.ClusterIP, s.ClusterIPs = fams(IPv4Protocol), ips("2001::1")[0], ips("2001::1")
		}, "service default/web: spec.clusterIPs[0]: Invalid value: \"2001::1\": expected an IPv4 value as indicated by `ipFamilies[0]`"},
		// upstream's "invalid, same ip family (v4)"
		{"invalid: IPv4 address for an IPv6 family", func(s *Service) {
			s.IPFamilies = fams(IPv4Protocol, IPv6Protocol)
			s.ClusterIP, s.ClusterIPs = ips("10.0.0.1")[0], ips("10.0.0.1", "10.0.0.2")
		}, "service default/web: [spec.clusterIPs: Invalid value: [\"10.0.0.1\",\"10.0.0.2\"]: may specify no more than one IP for each IP family, spec.clusterIPs[1]: Invalid value: \"10.0.0.2\": expected an IPv6 value as indicated by `ipFamilies[1]`]"},
		// The unspecified address parses (IsValidIPForLegacyField); the
		// allocator refuses it as out of range.
		{"valid: unspecified address", func(s *Service) { s.ClusterIP, s.ClusterIPs = ips("0.0.0.0")[0], ips("0.0.0.0") }, ""},
		{"invalid: None for NodePort", func(s *Service) { s.Type, s.Headless = NodePort, true },
			`service default/web: spec.clusterIPs[0]: Invalid value: "None": may not be set to 'None' for NodePort services`},
		{"invalid: ExternalName with families and policy", func(s *Service) {
			*s = Service{Name: "ext", Type: ExternalName, ExternalName: "example.com",
				IPFamilies: fams(IPv4Protocol), IPFamilyPolicy: IPFamilyPolicySingleStack}
		}, `service default/ext: [spec.ipFamilies: Forbidden: may not be set for ExternalName services, spec.ipFamilyPolicy: Forbidden: may not be set for ExternalName services]`},
		// upstream's "invalid ExternalName clusterIP (valid IP)"
		{"invalid: ExternalName with clusterIPs", func(s *Service) {
			*s = Service{Name: "ext", Type: ExternalName, ExternalName: "example.com", ClusterIP: ips("10.0.0.1")[0]}
		}, `service default/ext: spec.clusterIPs: Forbidden: may not be set for ExternalName services`},

		// Upstream's cases by name, where the ones above do not already
		// hold them. ipFamilyPolicy with the number of families or cluster
		// IPs is checked by the allocation step (DefaultIPFamilies), not
		// here, as upstream's alloc.go.
		{"invalid, service with invalid ipFamilies (2nd)", func(s *Service) {
			s.IPFamilyPolicy, s.IPFamilies = IPFamilyPolicyRequireDualStack, fams(IPv4Protocol, "not-a-valid-ip-family")
		}, `service default/web: spec.ipFamilies[1]: Unsupported value: "not-a-valid-ip-family": supported values: "IPv4", "IPv6"`},
		{"IPFamilyPolicy(singleStack) is set for two families", func(s *Service) {
			s.IPFamilyPolicy, s.IPFamilies = IPFamilyPolicySingleStack, fams(IPv4Protocol, IPv6Protocol)
		}, ""},
		{"valid, IPFamilyPolicy(preferDualStack) is set for two families (note: alloc sets families)", func(s *Service) {
			s.IPFamilyPolicy, s.IPFamilies = IPFamilyPolicyPreferDualStack, fams(IPv4Protocol, IPv6Protocol)
		}, ""},
		{"invalid, service with 2+ ipFamilies", func(s *Service) {
			s.IPFamilyPolicy, s.IPFamilies = IPFamilyPolicyRequireDualStack, fams(IPv4Protocol, IPv6Protocol, IPv4Protocol)
		}, `service default/web: spec.ipFamilies[2]: Duplicate value: "IPv4"`},
		{"valid, service with valid ipFamilies (v4)", func(s *Service) { s.IPFamilies = fams(IPv4Protocol) }, ""},
		{"valid, service with valid ipFamilies (v6)", func(s *Service) { s.IPFamilies = fams(IPv6Protocol) }, ""},
		// upstream's "valid,  multi ipfamilies (4,6)" is the same case
		{"valid, service with valid ipFamilies(v4,v6)", func(s *Service) {
			s.IPFamilyPolicy, s.IPFamilies = IPFamilyPolicyRequireDualStack, fams(IPv4Protocol, IPv6Protocol)
		}, ""},
		// upstream's "valid, multi ipfamilies (6,4)" is the same case
		{"valid, service with valid ipFamilies(v6,v4)", func(s *Service) {
			s.IPFamilyPolicy, s.IPFamilies = IPFamilyPolicyRequireDualStack, fams(IPv6Protocol, IPv4Protocol)
		}, ""},
		{"valid, service preferred dual stack with single family", func(s *Service) {
			s.IPFamilyPolicy, s.IPFamilies = IPFamilyPolicyPreferDualStack, fams(IPv6Protocol)
		}, ""},
		{"invalid, NONE + IP", func(s *Service) {
			s.IPFamilyPolicy, s.Headless, s.ClusterIPs = IPFamilyPolicyRequireDualStack, true, ips("2001::1")
		}, `service default/web: spec.clusterIPs: Invalid value: ["None","2001::1"]: 'None' must be the first and only value`},
		// An empty entry is the zero address.
		{"invalid, EMPTY STRING + IP", func(s *Service) {
			s.IPFamilyPolicy, s.ClusterIPs = IPFamilyPolicyRequireDualStack, []netip.Addr{{}, ips("2001::1")[0]}
		}, "service default/web: [spec.clusterIPs: Invalid value: [\"\",\"2001::1\"]: must be empty when `clusterIP` is not specified, " +
			`spec.clusterIPs[0]: Invalid value: "": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)]`},
		{"invalid, IP + EMPTY STRING", func(s *Service) {
			s.IPFamilyPolicy = IPFamilyPolicyRequireDualStack
			s.ClusterIP, s.ClusterIPs = ips("2001::1")[0], []netip.Addr{ips("2001::1")[0], {}}
		}, `service default/web: spec.clusterIPs[1]: Invalid value: "": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)`},
		{"invalid, same ip family (v6)", func(s *Service) {
			s.IPFamilyPolicy, s.IPFamilies = IPFamilyPolicyRequireDualStack, fams(IPv4Protocol, IPv6Protocol)
			s.ClusterIP, s.ClusterIPs = ips("2001::1")[0], ips("2001::1", "2001::4")
		}, "service default/web: [spec.clusterIPs: Invalid value: [\"2001::1\",\"2001::4\"]: may specify no more than one IP for each IP family, " +
			"spec.clusterIPs[0]: Invalid value: \"2001::1\": expected an IPv4 value as indicated by `ipFamilies[0]`]"},
		{"invalid, more than two ips", func(s *Service) {
			s.IPFamilyPolicy, s.IPFamilies = IPFamilyPolicyRequireDualStack, fams(IPv4Protocol, IPv6Protocol)
			s.ClusterIP, s.ClusterIPs = ips("10.0.0.1")[0], ips("10.0.0.1", "2001::1", "10.0.0.10")
		}, `service default/web: spec.clusterIPs: Invalid value: ["10.0.0.1","2001::1","10.0.0.10"]: may only hold up to 2 values`},
		// Not an upstream case: more than two of one family break both
		// rules (netutils.IsDualStackIPStrings over the whole list).
		{"three IPv4 cluster IPs", func(s *Service) {
			s.ClusterIP, s.ClusterIPs = ips("10.0.0.1")[0], ips("10.0.0.1", "10.0.0.2", "10.0.0.3")
		}, `service default/web: [spec.clusterIPs: Invalid value: ["10.0.0.1","10.0.0.2","10.0.0.3"]: may only hold up to 2 values, ` +
			`spec.clusterIPs: Invalid value: ["10.0.0.1","10.0.0.2","10.0.0.3"]: may specify no more than one IP for each IP family]`},
		{" multi ip, dualstack not set (request for downgrade)", func(s *Service) {
			s.IPFamilyPolicy, s.IPFamilies = IPFamilyPolicySingleStack, fams(IPv4Protocol, IPv6Protocol)
			s.ClusterIP, s.ClusterIPs = ips("10.0.0.1")[0], ips("10.0.0.1", "2001::1")
		}, ""},
		{"valid, headless-no-selector + multi family + gate off", func(s *Service) {
			s.IPFamilyPolicy, s.Headless, s.Selector = IPFamilyPolicyRequireDualStack, true, nil
			s.IPFamilies = fams(IPv4Protocol, IPv6Protocol)
		}, ""},
		{"valid, multi ip, single ipfamilies preferDualStack", func(s *Service) {
			s.IPFamilyPolicy, s.IPFamilies = IPFamilyPolicyPreferDualStack, fams(IPv4Protocol)
			s.ClusterIP, s.ClusterIPs = ips("10.0.0.1")[0], ips("10.0.0.1", "2001::1")
		}, ""},
		{"valid, multi ip, single ipfamilies (must match when provided) + requireDualStack", func(s *Service) {
			s.IPFamilyPolicy, s.IPFamilies = IPFamilyPolicyRequireDualStack, fams(IPv4Protocol)
			s.ClusterIP, s.ClusterIPs = ips("10.0.0.1")[0], ips("10.0.0.1", "2001::1")
		}, ""},
		{"invalid, families don't match (v4=>v6)", func(s *Service) {
			s.IPFamilies, s.ClusterIP, s.ClusterIPs = fams(IPv6Protocol), ips("10.0.0.1")[0], ips("10.0.0.1")
		}, "service default/web: spec.clusterIPs[0]: Invalid value: \"10.0.0.1\": expected an IPv6 value as indicated by `ipFamilies[0]`"},
		{"valid, single ip", func(s *Service) {
			s.IPFamilyPolicy, s.ClusterIP, s.ClusterIPs = IPFamilyPolicySingleStack, ips("10.0.0.1")[0], ips("10.0.0.1")
		}, ""},
		{"valid, single family", func(s *Service) {
			s.IPFamilyPolicy, s.IPFamilies = IPFamilyPolicySingleStack, fams(IPv6Protocol)
		}, ""},
		{"valid, single ip + single family", func(s *Service) {
			s.IPFamilyPolicy, s.IPFamilies = IPFamilyPolicySingleStack, fams(IPv6Protocol)
			s.ClusterIP, s.ClusterIPs = ips("2001::1")[0], ips("2001::1")
		}, ""},
		{"valid, single ip + single family (dual stack requested)", func(s *Service) {
			s.IPFamilyPolicy, s.IPFamilies = IPFamilyPolicyPreferDualStack, fams(IPv6Protocol)
			s.ClusterIP, s.ClusterIPs = ips("2001::1")[0], ips("2001::1")
		}, ""},
		{"valid, single ip, multi ipfamilies", func(s *Service) {
			s.IPFamilyPolicy, s.IPFamilies = IPFamilyPolicyRequireDualStack, fams(IPv4Protocol, IPv6Protocol)
			s.ClusterIP, s.ClusterIPs = ips("10.0.0.1")[0], ips("10.0.0.1")
		}, ""},
		{"valid, ips, multi ipfamilies (6,4)", func(s *Service) {
			s.IPFamilyPolicy, s.IPFamilies = IPFamilyPolicyRequireDualStack, fams(IPv6Protocol, IPv4Protocol)
			s.ClusterIP, s.ClusterIPs = ips("2001::1")[0], ips("2001::1", "10.0.0.1")
		}, ""},
		{"valid, multi ips (6,4)", func(s *Service) {
			s.IPFamilyPolicy = IPFamilyPolicyRequireDualStack
			s.ClusterIP, s.ClusterIPs = ips("2001::1")[0], ips("2001::1", "10.0.0.1")
		}, ""},
		{"valid, multi ips (4,6)", func(s *Service) {
			s.IPFamilyPolicy = IPFamilyPolicyRequireDualStack
			s.ClusterIP, s.ClusterIPs = ips("10.0.0.1")[0], ips("10.0.0.1", "2001::1")
		}, ""},
		{"valid, dual stack", func(s *Service) { s.IPFamilyPolicy = IPFamilyPolicyRequireDualStack }, ""},
		{"invalid cluster ip != clusterIP in single ip service", func(s *Service) {
			s.ClusterIP, s.ClusterIPs = ips("10.0.0.10")[0], ips("10.0.0.1")
		}, "service default/web: spec.clusterIPs: Invalid value: [\"10.0.0.1\"]: first value must match `clusterIP`"},
		{"valid cluster ip - none ", func(s *Service) { s.Headless = true }, ""},
		{"invalid ExternalName clusterIP (None)", func(s *Service) {
			*s = Service{Name: "ext", Type: ExternalName, ExternalName: "foo.bar.example.com", Headless: true}
		}, `service default/ext: spec.clusterIPs: Forbidden: may not be set for ExternalName services`},
		{"LoadBalancer type cannot have None ClusterIP", func(s *Service) { s.Type, s.Headless = LoadBalancer, true },
			`service default/web: spec.clusterIPs[0]: Invalid value: "None": may not be set to 'None' for LoadBalancer services`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := base()
			tt.mutate(&s)
			err := s.Validate()
			checkErr(t, err, tt.want)
		})
	}
}

func checkErr(t *testing.T, err error, want string) {
	t.Helper()
	switch {
	case want == "" && err != nil:
		t.Fatalf("unexpected error: %v", err)
	case want != "" && err == nil:
		t.Fatalf("no error, want %s", want)
	case want != "" && err.Error() != want:
		t.Fatalf("got  %v\nwant %s", err, want)
	case want != "" && !errors.Is(err, ErrInvalid):
		t.Fatalf("%v does not wrap ErrInvalid", err)
	}
}

// TestDefaultIPFamilies ports the defaulting cases of kubernetes
// pkg/registry/core/service/storage/storage_test.go
// (TestCreateInitIPFields, TestCreateDualStackHeadless...): policy and
// families on single- and dual-stack clusters.
func TestDefaultIPFamilies(t *testing.T) {
	svc := func(mut func(*Service)) Service {
		s := Service{Namespace: "default", Name: "web", Selector: selector.Set{"app": "web"}, Ports: []Port{{Port: 80}}}
		mut(&s)
		return s
	}
	tests := []struct {
		name       string
		cluster    []IPFamily
		in         Service
		policy     IPFamilyPolicy
		families   []IPFamily
		wantErr    string
		clusterIPs []netip.Addr
	}{
		{"single: defaults", v4Cluster, svc(func(*Service) {}), IPFamilyPolicySingleStack, fams(IPv4Protocol), "", nil},
		{"single: PreferDualStack gets one", v4Cluster, svc(func(s *Service) { s.IPFamilyPolicy = IPFamilyPolicyPreferDualStack }),
			IPFamilyPolicyPreferDualStack, fams(IPv4Protocol), "", nil},
		{"single: RequireDualStack refused", v4Cluster, svc(func(s *Service) { s.IPFamilyPolicy = IPFamilyPolicyRequireDualStack }),
			"", nil, `service default/web: spec.ipFamilyPolicy: Invalid value: "RequireDualStack": this cluster is not configured for dual-stack services`, nil},
		{"single: IPv6 family refused", v4Cluster, svc(func(s *Service) { s.IPFamilies = fams(IPv6Protocol) }),
			"", nil, `service default/web: spec.ipFamilies[0]: Invalid value: "IPv6": not configured on this cluster`, nil},
		{"single: IPv6 cluster IP refused", v4Cluster, svc(func(s *Service) { s.ClusterIP = ips("2001::1")[0] }),
			"", nil, `service default/web: spec.clusterIPs[0]: Invalid value: ["2001::1"]: IPv6 is not configured on this cluster`, nil},
		{"single: headless selectorless gets both", v4Cluster, svc(func(s *Service) { s.Headless, s.Selector = true, nil }),
			IPFamilyPolicyRequireDualStack, fams(IPv4Protocol, IPv6Protocol), "", nil},
		{"single: headless with selector single", v4Cluster, svc(func(s *Service) { s.Headless = true }),
			IPFamilyPolicySingleStack, fams(IPv4Protocol), "", nil},
		{"dual: defaults single", dualCluster, svc(func(*Service) {}), IPFamilyPolicySingleStack, fams(IPv4Protocol), "", nil},
		{"dual: PreferDualStack gets both", dualCluster, svc(func(s *Service) { s.IPFamilyPolicy = IPFamilyPolicyPreferDualStack }),
			IPFamilyPolicyPreferDualStack, fams(IPv4Protocol, IPv6Protocol), "", nil},
		{"dual: RequireDualStack IPv6 first", dualCluster, svc(func(s *Service) {
			s.IPFamilyPolicy, s.IPFamilies = IPFamilyPolicyRequireDualStack, fams(IPv6Protocol)
		}), IPFamilyPolicyRequireDualStack, fams(IPv6Protocol, IPv4Protocol), "", nil},
		{"dual: families inferred from cluster IPs", dualCluster, svc(func(s *Service) {
			s.IPFamilyPolicy = IPFamilyPolicyRequireDualStack
			s.ClusterIP, s.ClusterIPs = ips("2001::1")[0], ips("2001::1", "10.0.0.1")
		}), IPFamilyPolicyRequireDualStack, fams(IPv6Protocol, IPv4Protocol), "", ips("2001::1", "10.0.0.1")},
		{"dual: SingleStack with two IPs", dualCluster, svc(func(s *Service) {
			s.IPFamilyPolicy = IPFamilyPolicySingleStack
			s.ClusterIP, s.ClusterIPs = ips("10.0.0.1")[0], ips("10.0.0.1", "2001::1")
		}), "", nil, `service default/web: spec.ipFamilyPolicy: Invalid value: "SingleStack": must be 'RequireDualStack' or 'PreferDualStack' when multiple cluster IPs are specified`, nil},
		{"dual: SingleStack with two families", dualCluster, svc(func(s *Service) {
			s.IPFamilyPolicy, s.IPFamilies = IPFamilyPolicySingleStack, fams(IPv4Protocol, IPv6Protocol)
		}), "", nil, `service default/web: spec.ipFamilyPolicy: Invalid value: "SingleStack": must be 'RequireDualStack' or 'PreferDualStack' when multiple IP families are specified`, nil},
		{"dual: headless selectorless SingleStack", dualCluster, svc(func(s *Service) {
			s.Headless, s.Selector, s.IPFamilyPolicy = true, nil, IPFamilyPolicySingleStack
		}), IPFamilyPolicySingleStack, fams(IPv4Protocol), "", nil},
		{"ExternalName untouched", dualCluster, Service{Name: "x", Type: ExternalName, ExternalName: "a.b"}, "", nil, "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := DefaultIPFamilies(tt.in, nil, tt.cluster)
			checkErr(t, err, tt.wantErr)
			if err != nil {
				return
			}
			if got.IPFamilyPolicy != tt.policy || !slices.Equal(got.IPFamilies, tt.families) {
				t.Errorf("got %s %v, want %s %v", got.IPFamilyPolicy, got.IPFamilies, tt.policy, tt.families)
			}
			if tt.clusterIPs != nil && !slices.Equal(got.ClusterIPs, tt.clusterIPs) {
				t.Errorf("clusterIPs %v, want %v", got.ClusterIPs, tt.clusterIPs)
			}
		})
	}
}

// TestIPFamilyUpdates ports the upgrade/downgrade cases of kubernetes
// pkg/apis/core/validation/validation_test.go, TestValidateServiceUpdate,
// and the update defaulting of initIPFamilyFields, on a dual-stack
// cluster: the result of PrepareUpdate and DefaultIPFamilies validated
// with ValidateUpdate.
func TestIPFamilyUpdates(t *testing.T) {
	single := Service{Namespace: "default", Name: "web", Selector: selector.Set{"app": "web"}, Ports: []Port{{Port: 80}},
		ClusterIP: ips("10.0.0.1")[0], ClusterIPs: ips("10.0.0.1"), IPFamilies: fams(IPv4Protocol),
		IPFamilyPolicy: IPFamilyPolicySingleStack}
	dual := single.Clone()
	dual.ClusterIPs, dual.IPFamilies, dual.IPFamilyPolicy = ips("10.0.0.1", "2001::1"), fams(IPv4Protocol, IPv6Protocol), IPFamilyPolicyRequireDualStack
	headless := Service{Namespace: "default", Name: "web", Selector: selector.Set{"app": "web"}, Headless: true,
		IPFamilies: fams(IPv4Protocol), IPFamilyPolicy: IPFamilyPolicySingleStack}
	tests := []struct {
		name     string
		old      Service
		mutate   func(*Service)
		families []IPFamily
		want     string
	}{
		{"upgrade by policy", single, func(s *Service) { s.IPFamilyPolicy = IPFamilyPolicyPreferDualStack },
			fams(IPv4Protocol, IPv6Protocol), ""},
		{"upgrade with a requested secondary", single, func(s *Service) {
			s.IPFamilyPolicy, s.ClusterIPs = IPFamilyPolicyRequireDualStack, ips("10.0.0.1", "2001::5")
		}, fams(IPv4Protocol, IPv6Protocol), ""},
		{"downgrade by policy alone", dual, func(s *Service) { s.IPFamilyPolicy = IPFamilyPolicySingleStack },
			fams(IPv4Protocol), ""},
		{"unchanged policy left unset", dual, func(s *Service) { s.IPFamilyPolicy = "" },
			fams(IPv4Protocol, IPv6Protocol), ""},
		{"remove secondary IP without SingleStack", dual, func(s *Service) { s.ClusterIPs = ips("10.0.0.1") },
			nil, `service default/web: spec.ipFamilyPolicy: Invalid value: "RequireDualStack": must be 'SingleStack' to release the secondary cluster IP`},
		{"remove secondary family without SingleStack", dual, func(s *Service) { s.IPFamilies = fams(IPv4Protocol) },
			nil, `service default/web: spec.ipFamilyPolicy: Invalid value: "RequireDualStack": must be 'SingleStack' to release the secondary IP family`},
		{"change primary cluster IP", single, func(s *Service) { s.ClusterIP, s.ClusterIPs = ips("10.0.0.50")[0], ips("10.0.0.50") },
			nil, `service default/web: spec.clusterIPs[0]: Invalid value: ["10.0.0.50"]: may not change once set`},
		{"change primary cluster IP, singular only", single, func(s *Service) { s.ClusterIP = ips("10.0.0.50")[0] },
			nil, `service default/web: spec.clusterIPs[0]: Invalid value: ["10.0.0.50"]: may not change once set`},
		{"change secondary cluster IP", dual, func(s *Service) { s.ClusterIPs = ips("10.0.0.1", "2001::9") },
			nil, `service default/web: spec.clusterIPs[1]: Invalid value: ["10.0.0.1","2001::9"]: may not change once set`},
		{"change primary family", dual, func(s *Service) {
			s.ClusterIP, s.ClusterIPs, s.IPFamilies = ips("2001::1")[0], ips("2001::1", "10.0.0.1"), fams(IPv6Protocol, IPv4Protocol)
		}, nil, `service default/web: [spec.clusterIPs[0]: Invalid value: ["2001::1","10.0.0.1"]: may not change once set, spec.clusterIPs[1]: Invalid value: ["2001::1","10.0.0.1"]: may not change once set, spec.ipFamilies[0]: Invalid value: ["IPv6","IPv4"]: may not change once set, spec.ipFamilies[0]: Invalid value: ["IPv6","IPv4"]: may not change once set]`},
		{"headful to headless", single, func(s *Service) { s.ClusterIP, s.ClusterIPs, s.Headless = netip.Addr{}, nil, true },
			nil, `service default/web: spec.clusterIPs[0]: Invalid value: ["None"]: may not change once set`},
		{"headless may change families", headless, func(s *Service) {
			s.IPFamilyPolicy, s.IPFamilies = IPFamilyPolicyRequireDualStack, fams(IPv6Protocol, IPv4Protocol)
		}, fams(IPv6Protocol, IPv4Protocol), ""},
		{"downgrade with both lists trimmed", dual, func(s *Service) {
			s.IPFamilyPolicy, s.ClusterIPs, s.IPFamilies = IPFamilyPolicySingleStack, ips("10.0.0.1"), fams(IPv4Protocol)
		}, fams(IPv4Protocol), ""},
		{"remove secondary IP, policy unset (kept RequireDualStack)", dual, func(s *Service) {
			s.IPFamilyPolicy, s.ClusterIPs, s.IPFamilies = "", ips("10.0.0.1"), fams(IPv4Protocol)
		}, nil, `service default/web: [spec.ipFamilyPolicy: Invalid value: "RequireDualStack": must be 'SingleStack' to release the secondary cluster IP, spec.ipFamilyPolicy: Invalid value: "RequireDualStack": must be 'SingleStack' to release the secondary IP family]`},
		{"SingleStack upgrade refused", single, func(s *Service) {
			s.ClusterIPs, s.IPFamilies = ips("10.0.0.1", "2001::1"), fams(IPv4Protocol, IPv6Protocol)
		}, nil, `service default/web: [spec.ipFamilyPolicy: Invalid value: "SingleStack": must be 'RequireDualStack' or 'PreferDualStack' when multiple cluster IPs are specified, spec.ipFamilyPolicy: Invalid value: "SingleStack": must be 'RequireDualStack' or 'PreferDualStack' when multiple IP families are specified]`},
		{"from ExternalName: families defaulted afresh", Service{Namespace: "default", Name: "web", Type: ExternalName, ExternalName: "a.b"},
			func(s *Service) {
				s.Type, s.ExternalName, s.Selector, s.Ports = ClusterIP, "", selector.Set{"app": "web"}, []Port{{Port: 80}}
				s.IPFamilyPolicy = IPFamilyPolicyPreferDualStack
			}, fams(IPv4Protocol, IPv6Protocol), ""},
		{"to ExternalName drops the fields", dual, func(s *Service) { s.Type, s.ExternalName = ExternalName, "example.com" },
			nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			upd := tt.old.Clone()
			tt.mutate(&upd)
			n := PrepareUpdate(tt.old, upd)
			n, err := DefaultIPFamilies(n, &tt.old, dualCluster)
			if err == nil {
				err = ValidateUpdate(tt.old, n)
			}
			checkErr(t, err, tt.want)
			if err == nil && !slices.Equal(n.IPFamilies, tt.families) {
				t.Errorf("families %v, want %v", n.IPFamilies, tt.families)
			}
		})
	}
}

func TestClusterIPOf(t *testing.T) {
	s := Service{ClusterIPs: ips("10.0.0.1", "2001::1"), IPFamilies: fams(IPv4Protocol, IPv6Protocol)}
	if ip, ok := s.ClusterIPOf(IPv6Protocol); !ok || ip != ips("2001::1")[0] {
		t.Errorf("ClusterIPOf(IPv6) = %v %v", ip, ok)
	}
	if _, ok := (Service{ClusterIPs: ips("10.0.0.1")}).ClusterIPOf(IPv6Protocol); ok {
		t.Error("an IPv4-only Service has an IPv6 ClusterIP")
	}
	if !s.HasFamily(IPv6Protocol) || (Service{IPFamilies: fams(IPv4Protocol)}).HasFamily(IPv6Protocol) {
		t.Error("HasFamily")
	}
	if FamilyOf(ips("::ffff:10.0.0.1")[0]) != IPv4Protocol || FamilyOf(ips("fd00::1")[0]) != IPv6Protocol {
		t.Error("FamilyOf")
	}
}

// TestNormalizeClusterIPs ports kubernetes
// pkg/registry/core/service/storage/storage_test.go, TestNormalizeClusterIPs.
// "None" is Headless here. Left out: "update - user changed from None to
// ClusterIP" (clusterIP an address with clusterIPs ["None"]), which a
// Service here cannot hold.
func TestNormalizeClusterIPs(t *testing.T) {
	svc := func(clusterIP string, clusterIPs ...string) *Service {
		s := &Service{ClusterIPs: ips(clusterIPs...)}
		if len(clusterIPs) == 0 {
			s.ClusterIPs = nil
		}
		switch clusterIP {
		case "":
		case "None":
			s.Headless = true
		default:
			s.ClusterIP = ip(clusterIP)
		}
		return s
	}
	tests := []struct {
		name     string
		old, new *Service
		want     *Service
	}{
		{"new - only clusterip used", nil, svc("10.0.0.10"), svc("10.0.0.10", "10.0.0.10")},
		{"new - only clusterips used", nil, svc("", "10.0.0.10"), svc("", "10.0.0.10")},
		{"new - both used", nil, svc("10.0.0.10", "10.0.0.10"), svc("10.0.0.10", "10.0.0.10")},
		{"update - no change", svc("10.0.0.10", "10.0.0.10"), svc("10.0.0.10", "10.0.0.10"), svc("10.0.0.10", "10.0.0.10")},
		{"update - malformed change", svc("10.0.0.10", "10.0.0.10"), svc("10.0.0.11", "10.0.0.11"), svc("10.0.0.11", "10.0.0.11")},
		{"update - malformed change on secondary ip", svc("10.0.0.10", "10.0.0.10", "2000::1"), svc("10.0.0.11", "10.0.0.11", "3000::1"),
			svc("10.0.0.11", "10.0.0.11", "3000::1")},
		{"update - upgrade", svc("10.0.0.10", "10.0.0.10"), svc("10.0.0.10", "10.0.0.10", "2000::1"), svc("10.0.0.10", "10.0.0.10", "2000::1")},
		{"update - downgrade", svc("10.0.0.10", "10.0.0.10", "2000::1"), svc("10.0.0.10", "10.0.0.10"), svc("10.0.0.10", "10.0.0.10")},
		{"update - user cleared cluster IP", svc("10.0.0.10", "10.0.0.10"), svc("", "10.0.0.10"), svc("")},
		{"update - user cleared clusterIPs", svc("10.0.0.10", "10.0.0.10"), svc("10.0.0.10"), svc("10.0.0.10", "10.0.0.10")},
		{"update - user cleared both", svc("10.0.0.10", "10.0.0.10"), svc(""), svc("")},
		{"update - user cleared ClusterIP but changed clusterIPs", svc("10.0.0.10", "10.0.0.10"), svc("", "10.0.0.11"), svc("", "10.0.0.11")},
		{"update - user cleared ClusterIPs but changed ClusterIP", svc("10.0.0.10", "10.0.0.10", "2000::1"), svc("10.0.0.11"), svc("10.0.0.11")},
		{"update - user changed from ClusterIP to None", svc("10.0.0.10", "10.0.0.10"), svc("None", "10.0.0.10"), svc("None")},
		{"update - user changed from ClusterIP to None and changed ClusterIPs in a dual stack (new client making a mistake)",
			svc("10.0.0.10", "10.0.0.10", "2000::1"), svc("None", "10.0.0.11", "2000::1"), svc("None", "10.0.0.11", "2000::1")},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := NormalizeClusterIPs(*tc.new, tc.old)
			if got.ClusterIP != tc.want.ClusterIP || got.Headless != tc.want.Headless || !slices.Equal(got.ClusterIPs, tc.want.ClusterIPs) {
				t.Errorf("got %v %v headless=%v, want %v %v headless=%v",
					got.ClusterIP, got.ClusterIPs, got.Headless, tc.want.ClusterIP, tc.want.ClusterIPs, tc.want.Headless)
			}
		})
	}
}
