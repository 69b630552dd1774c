package sim

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
	"github.com/svcsim/svcsim/service"
)

// regSvc is upstream's svctest.MakeService("foo", ...) of kubernetes
// pkg/api/service/testing: selector k=v, one unnamed port 93 -> 76, then
// the type and tweaks.
func regSvc(typ service.Type, tweaks ...func(*service.Service)) service.Service {
	s := service.Service{Name: "foo", Type: typ, Selector: selector.Set{"k": "v"},
		Ports: []service.Port{{Port: 93, TargetPort: service.TargetPortNumber(76)}}}
	switch typ {
	case service.NodePort, service.LoadBalancer:
		s.ExternalTrafficPolicy = service.TrafficPolicyCluster
	case service.ExternalName:
		s.ExternalName = "example.com"
	}
	for _, f := range tweaks {
		f(&s)
	}
	return s
}

func withHeadless(s *service.Service) { s.Headless = true }

func withLocal(s *service.Service) { s.ExternalTrafficPolicy = service.TrafficPolicyLocal }

func withIPs(a ...string) func(*service.Service) {
	return func(s *service.Service) { s.ClusterIPs = addrs(a...); s.ClusterIP = s.ClusterIPs[0] }
}

func withNodePorts(np ...int32) func(*service.Service) {
	return func(s *service.Service) {
		for i := range s.Ports {
			if i < len(np) {
				s.Ports[i].NodePort = np[i]
			}
		}
	}
}

func withHCNP(p int32) func(*service.Service) {
	return func(s *service.Service) { s.HealthCheckNodePort = p }
}

func withPQ(s *service.Service) {
	s.Ports = []service.Port{{Name: "p", Port: 867, TargetPort: service.TargetPortNumber(867)},
		{Name: "q", Port: 5309, TargetPort: service.TargetPortNumber(5309)}}
}

// holds says what an upstream case expects a Service to hold
// (verifyExpectations): cluster IPs, headless, node ports on every port,
// a health-check node port; none of them when false.
type holds struct{ ips, headless, nodePorts, hcnp bool }

func (h holds) check(t *testing.T, s service.Service) {
	t.Helper()
	require.Equal(t, h.ips, len(s.ClusterIPs) > 0 && s.ClusterIP == s.ClusterIPs[0], "clusterIPs %v", s.ClusterIPs)
	require.Equal(t, h.headless, s.Headless, "headless")
	for i, p := range s.Ports {
		require.Equal(t, h.nodePorts, p.NodePort != 0, "ports[%d].nodePort %d", i, p.NodePort)
	}
	require.Equal(t, h.hcnp, s.HealthCheckNodePort != 0, "healthCheckNodePort %d", s.HealthCheckNodePort)
}

// regCase: create, then replace with update (nil: create only); err: that
// step is refused (an update refused leaves the Service unchanged); prove
// checks more of the updated Service.
type regCase struct {
	name           string
	create, update service.Service
	createErr      bool
	created        holds
	err            bool
	updated        holds
	prove          func(t *testing.T, s service.Service)
}

// runRegCases runs the cases as helpTestCreateUpdateDelete does, on a
// dual-stack cluster with upstream's service ranges.
func runRegCases(t *testing.T, cases []regCase) {
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := newSettled(t, famsConfig(v4, v6))
			created, err := c.CreateService(tc.create)
			if tc.createErr {
				require.Error(t, err)
				settleCheck(t, c)
				return
			}
			require.NoError(t, err)
			tc.created.check(t, created)
			if tc.update.Name != "" {
				updated, err := c.UpdateService(tc.update)
				if tc.err {
					require.Error(t, err)
					got, _ := c.Service("", "foo")
					require.Equal(t, created, got)
				} else {
					require.NoError(t, err)
					tc.updated.check(t, updated)
					if tc.prove != nil {
						tc.prove(t, updated)
					}
				}
			}
			settleCheck(t, c)
			require.NoError(t, c.DeleteService("", "foo"))
			settleCheck(t, c)
		})
	}
}

// TestFeatureType ports kubernetes
// pkg/registry/core/service/storage/storage_test.go, TestFeatureType:
// every change of type, with what is allocated and released.
func TestFeatureType(t *testing.T) {
	cip, np, lb, en := service.ClusterIP, service.NodePort, service.LoadBalancer, service.ExternalName
	ips, nps := holds{ips: true}, holds{ips: true, nodePorts: true}
	runRegCases(t, []regCase{
		{name: "ExternalName-ClusterIP", create: regSvc(en), update: regSvc(cip), updated: ips},
		{name: "ClusterIP-ExternalName", create: regSvc(cip), created: ips, update: regSvc(en)},
		{name: "ExternalName-NodePort", create: regSvc(en), update: regSvc(np), updated: nps},
		{name: "NodePort-ExternalName", create: regSvc(np), created: nps, update: regSvc(en)},
		{name: "ExternalName-LoadBalancer", create: regSvc(en), update: regSvc(lb), updated: nps},
		{name: "LoadBalancer-ExternalName", create: regSvc(lb), created: nps, update: regSvc(en)},
		{name: "ClusterIP-NodePort", create: regSvc(cip), created: ips, update: regSvc(np), updated: nps},
		{name: "NodePort-ClusterIP", create: regSvc(np), created: nps, update: regSvc(cip), updated: ips},
		{name: "ClusterIP-LoadBalancer", create: regSvc(cip), created: ips, update: regSvc(lb), updated: nps},
		{name: "LoadBalancer-ClusterIP", create: regSvc(lb), created: nps, update: regSvc(cip), updated: ips},
		{name: "NodePort-LoadBalancer", create: regSvc(np), created: nps, update: regSvc(lb), updated: nps},
		{name: "LoadBalancer-NodePort", create: regSvc(lb), created: nps, update: regSvc(np), updated: nps},
		{name: "Headless-ExternalName", create: regSvc(cip, withHeadless), created: holds{headless: true}, update: regSvc(en)},
		{name: "ExternalName-Headless", create: regSvc(en), update: regSvc(cip, withHeadless), updated: holds{headless: true}},
		{name: "Headless-NodePort", create: regSvc(cip, withHeadless), created: holds{headless: true}, update: regSvc(np), err: true},
		{name: "NodePort-Headless", create: regSvc(np), created: nps, update: regSvc(cip, withHeadless), err: true},
		{name: "Headless-LoadBalancer", create: regSvc(cip, withHeadless), created: holds{headless: true}, update: regSvc(lb), err: true},
		{name: "LoadBalancer-Headless", create: regSvc(lb), created: nps, update: regSvc(cip, withHeadless), err: true},
	})
}

// TestUpdatePatchAllocatedValues ports kubernetes
// pkg/registry/core/service/storage/storage_test.go,
// TestUpdatePatchAllocatedValues: an update that leaves clusterIPs, node
// ports or the health-check node port unset keeps the allocated ones
// (10.0.0.99 and 2000::99 stand for upstream's 10.0.0.1 and 2000::1, see
// famsConfig).
func TestUpdatePatchAllocatedValues(t *testing.T) {
	lb := service.LoadBalancer
	all := holds{ips: true, nodePorts: true, hcnp: true}
	created := func(tweaks ...func(*service.Service)) service.Service {
		return regSvc(lb, append([]func(*service.Service){withLocal, withPQ, withNodePorts(30093, 30076), withHCNP(30118)}, tweaks...)...)
	}
	prove := func(ips []string, nodePorts []int32, hcnp int32) func(*testing.T, service.Service) {
		return func(t *testing.T, s service.Service) {
			if ips != nil {
				require.Equal(t, addrs(ips...), s.ClusterIPs[:len(ips)])
			}
			for i, p := range nodePorts {
				require.Equal(t, p, s.Ports[i].NodePort, "ports[%d]", i)
			}
			require.Equal(t, hcnp, s.HealthCheckNodePort)
		}
	}
	dual := func(s *service.Service) {
		s.IPFamilyPolicy = service.IPFamilyPolicyPreferDualStack
		withIPs("10.0.0.99", "2000::99")(s)
	}
	runRegCases(t, []regCase{
		{name: "single-ip_single-port",
			create:  regSvc(lb, withLocal, withIPs("10.0.0.99"), withNodePorts(30093), withHCNP(30118)),
			created: all, update: regSvc(lb, withLocal), updated: all,
			prove: prove([]string{"10.0.0.99"}, []int32{30093}, 30118)},
		{name: "multi-ip_multi-port", create: created(dual), created: all,
			update: regSvc(lb, withLocal, withPQ), updated: all,
			prove: prove([]string{"10.0.0.99", "2000::99"}, []int32{30093, 30076}, 30118)},
		{name: "multi-ip_partial", create: created(dual), created: all,
			update: regSvc(lb, withLocal, withIPs("10.0.0.99")), err: true},
		{name: "multi-port_partial", create: created(), created: all,
			update: regSvc(lb, withLocal, withPQ, withNodePorts(30093, 0)), updated: all,
			prove: prove(nil, []int32{30093, 30076}, 30118)},
		{name: "swap-ports", create: created(), created: all,
			update: regSvc(lb, withLocal, func(s *service.Service) {
				withPQ(s)
				s.Ports[0], s.Ports[1] = s.Ports[1], s.Ports[0]
			}), updated: all,
			prove: prove(nil, []int32{30076, 30093}, 30118)},
		{name: "partial-swap-ports", create: created(), created: all,
			update: regSvc(lb, withLocal, withPQ, withNodePorts(30076, 0), withHCNP(30118)), updated: all,
			prove: func(t *testing.T, s service.Service) {
				require.Equal(t, int32(30076), s.Ports[0].NodePort)
				require.NotEqual(t, int32(30076), s.Ports[1].NodePort)
				require.Equal(t, int32(30118), s.HealthCheckNodePort)
			}},
		{name: "swap-port-with-hcnp", create: created(), created: all,
			update: regSvc(lb, withLocal, withPQ, withNodePorts(30076, 30118)), err: true},
		{name: "partial-swap-port-with-hcnp", create: created(), created: all,
			update: regSvc(lb, withLocal, withPQ, withNodePorts(30118, 0)), err: true},
		{name: "update-hcnp", create: created(), created: all,
			update: regSvc(lb, withLocal, withPQ, withNodePorts(30093, 30076), withHCNP(30111)), err: true},
	})
}

func withETP(p service.TrafficPolicy) func(*service.Service) {
	return func(s *service.Service) { s.ExternalTrafficPolicy = p }
}

// TestFeatureExternalTrafficPolicy ports kubernetes
// pkg/registry/core/service/storage/storage_test.go,
// TestFeatureExternalTrafficPolicy. Left out: "NodePort_policy:none_hcnp:none"
// and "LoadBalancer_policy:none_hcnp:none", refused upstream only because
// its internal-API test object skips the v1 defaulting of
// externalTrafficPolicy to Cluster (both are accepted over the API, as here).
func TestFeatureExternalTrafficPolicy(t *testing.T) {
	cip, np, lb, en := service.ClusterIP, service.NodePort, service.LoadBalancer, service.ExternalName
	cluster, local := service.TrafficPolicyCluster, service.TrafficPolicyLocal
	ips, nps, hc := holds{ips: true}, holds{ips: true, nodePorts: true}, holds{ips: true, nodePorts: true, hcnp: true}
	runRegCases(t, []regCase{
		{name: "ExternalName_policy:none_hcnp:specified", create: regSvc(en, withETP(""), withHCNP(30000)), createErr: true},
		{name: "ExternalName_policy:Cluster_hcnp:none", create: regSvc(en, withETP(cluster)), createErr: true},
		{name: "ExternalName_policy:Cluster_hcnp:specified", create: regSvc(en, withETP(cluster), withHCNP(30000)), createErr: true},
		{name: "ExternalName_policy:Local_hcnp:none", create: regSvc(en, withETP(local)), createErr: true},
		{name: "ExternalName_policy:Local_hcnp:specified", create: regSvc(en, withETP(local), withHCNP(30000)), createErr: true},
		{name: "ClusterIP_policy:none_hcnp:none_policy:Cluster_hcnp:none", create: regSvc(cip, withETP("")), created: ips,
			update: regSvc(cip, withETP(cluster)), err: true},
		{name: "ClusterIP_policy:none_hcnp:specified", create: regSvc(cip, withETP(""), withHCNP(30000)), createErr: true},
		{name: "ClusterIP_policy:Cluster_hcnp:none", create: regSvc(cip, withETP(cluster)), createErr: true},
		{name: "ClusterIP_policy:Cluster_hcnp:specified", create: regSvc(cip, withETP(cluster), withHCNP(30000)), createErr: true},
		{name: "ClusterIP_policy:Local_hcnp:none", create: regSvc(cip, withETP(local)), createErr: true},
		{name: "ClusterIP_policy:Local_hcnp:specified", create: regSvc(cip, withETP(local), withHCNP(30000)), createErr: true},
		{name: "NodePort_policy:none_hcnp:specified", create: regSvc(np, withETP(""), withHCNP(30000)), createErr: true},
		{name: "NodePort_policy:Cluster_hcnp:none_policy:Local_hcnp:none", create: regSvc(np, withETP(cluster)), created: nps,
			update: regSvc(np, withETP(local)), updated: nps},
		{name: "NodePort_policy:Cluster_hcnp:specified", create: regSvc(np, withETP(cluster), withHCNP(30000)), createErr: true},
		{name: "NodePort_policy:Local_hcnp:none_policy:Cluster_hcnp:none", create: regSvc(np, withETP(local)), created: nps,
			update: regSvc(np, withETP(cluster)), updated: nps},
		{name: "NodePort_policy:Local_hcnp:specified", create: regSvc(np, withETP(local), withHCNP(30000)), createErr: true},
		{name: "LoadBalancer_policy:none_hcnp:specified", create: regSvc(lb, withETP(""), withHCNP(30000)), createErr: true},
		{name: "LoadBalancer_policy:Cluster_hcnp:none_policy:Local_hcnp:none", create: regSvc(lb, withETP(cluster)), created: nps,
			update: regSvc(lb, withETP(local)), updated: hc},
		{name: "LoadBalancer_policy:Cluster_hcnp:none_policy:Local_hcnp:specified", create: regSvc(lb, withETP(cluster)), created: nps,
			update: regSvc(lb, withETP(local), withHCNP(30000)), updated: hc,
			prove: func(t *testing.T, s service.Service) { require.Equal(t, int32(30000), s.HealthCheckNodePort) }},
		{name: "LoadBalancer_policy:Cluster_hcnp:specified", create: regSvc(lb, withETP(cluster), withHCNP(30000)), createErr: true},
		{name: "LoadBalancer_policy:Local_hcnp:none_policy:Cluster_hcnp:none", create: regSvc(lb, withETP(local)), created: hc,
			update: regSvc(lb, withETP(cluster)), updated: nps},
		{name: "LoadBalancer_policy:Local_hcnp:specified_policy:Cluster_hcnp:none", create: regSvc(lb, withETP(local), withHCNP(30000)), created: hc,
			update: regSvc(lb, withETP(cluster)), updated: nps},
		{name: "LoadBalancer_policy:Local_hcnp:specified_policy:Cluster_hcnp:different", create: regSvc(lb, withETP(local), withHCNP(30000)), created: hc,
			update: regSvc(lb, withETP(local), withHCNP(30001)), err: true},
		{name: "LoadBalancer_policy:Local_hcnp:none_policy:Inalid", create: regSvc(lb, withETP(local)), created: hc,
			update: regSvc(lb, withETP("Invalid")), err: true},
		{name: "LoadBalancer_policy:Local_hcnp:negative", create: regSvc(lb, withETP(local), withHCNP(-1)), createErr: true},
	})
}

// TestFeatureClusterIPs ports kubernetes
// pkg/registry/core/service/storage/storage_test.go, TestFeatureClusterIPs:
// clusterIP and clusterIPs may not change, nor headlessness.
func TestFeatureClusterIPs(t *testing.T) {
	cip := service.ClusterIP
	prefer := func(s *service.Service) { s.IPFamilyPolicy = service.IPFamilyPolicyPreferDualStack }
	runRegCases(t, []regCase{
		{name: "clusterIP:valid-headless", create: regSvc(cip), created: holds{ips: true}, update: regSvc(cip, withHeadless), err: true},
		{name: "clusterIP:headless-valid", create: regSvc(cip, withHeadless), created: holds{headless: true},
			update: regSvc(cip, withIPs("10.0.0.93")), err: true},
		{name: "clusterIP:valid-valid", create: regSvc(cip, withIPs("10.0.0.93")), created: holds{ips: true},
			update: regSvc(cip, withIPs("10.0.0.76")), err: true},
		{name: "clusterIPs:valid-valid", create: regSvc(cip, prefer, withIPs("10.0.0.93", "2000::93")), created: holds{ips: true},
			update: regSvc(cip, prefer, withIPs("10.0.0.76", "2000::76")), err: true},
	})
}

// TestFeatureInternalTrafficPolicy ports kubernetes
// pkg/registry/core/service/storage/storage_test.go,
// TestFeatureInternalTrafficPolicy: Cluster by default except for
// ExternalName, Local kept when asked for.
func TestFeatureInternalTrafficPolicy(t *testing.T) {
	cip, np, lb, en := service.ClusterIP, service.NodePort, service.LoadBalancer, service.ExternalName
	itp := func(p service.TrafficPolicy) func(*service.Service) {
		return func(s *service.Service) { s.InternalTrafficPolicy = p }
	}
	want := func(p service.TrafficPolicy) func(*testing.T, service.Service) {
		return func(t *testing.T, s service.Service) { require.Equal(t, p, s.InternalTrafficPolicy) }
	}
	local, cluster := service.TrafficPolicyLocal, service.TrafficPolicyCluster
	ips, nps, hl := holds{ips: true}, holds{ips: true, nodePorts: true}, holds{headless: true}
	runRegCases(t, []regCase{
		{name: "ExternalName_policy:none-ExternalName_policy:none", create: regSvc(en), update: regSvc(en), prove: want("")},
		{name: "ClusterIP_policy:none-ClusterIP_policy:Local", create: regSvc(cip), created: ips,
			update: regSvc(cip, itp(local)), updated: ips, prove: want(local)},
		{name: "ClusterIP_policy:Cluster-ClusterIP_policy:Local", create: regSvc(cip, itp(cluster)), created: ips,
			update: regSvc(cip, itp(local)), updated: ips, prove: want(local)},
		{name: "NodePort_policy:none-NodePort_policy:Local", create: regSvc(np), created: nps,
			update: regSvc(np, itp(local)), updated: nps, prove: want(local)},
		{name: "NodePort_policy:Cluster-NodePort_policy:Local", create: regSvc(np, itp(cluster)), created: nps,
			update: regSvc(np, itp(local)), updated: nps, prove: want(local)},
		{name: "LoadBalancer_policy:none-LoadBalancer_policy:Local", create: regSvc(lb), created: nps,
			update: regSvc(lb, itp(local)), updated: nps, prove: want(local)},
		{name: "LoadBalancer_policy:Cluster-LoadBalancer_policy:Local", create: regSvc(lb, itp(cluster)), created: nps,
			update: regSvc(lb, itp(local)), updated: nps, prove: want(local)},
		{name: "Headless_policy:none-Headless_policy:Local", create: regSvc(cip, withHeadless), created: hl,
			update: regSvc(cip, withHeadless, itp(local)), updated: hl, prove: want(local)},
		{name: "Headless_policy:Cluster-Headless_policy:Local", create: regSvc(cip, withHeadless, itp(cluster)), created: hl,
			update: regSvc(cip, withHeadless, itp(local)), updated: hl, prove: want(local)},
	})
}

// TestFeatureSessionAffinity ports kubernetes
// pkg/registry/core/service/storage/storage_test.go,
// TestFeatureSessionAffinity. Left out: "None-ClientIPNoConfig" and
// "ClientIP-NoneWithConfig", refused upstream only because its
// internal-API objects skip SetDefaults_Service, which fills in the
// ClientIP timeout and drops the config of None (both are accepted over
// the API, as here).
func TestFeatureSessionAffinity(t *testing.T) {
	cip := service.ClusterIP
	clientIP := func(s *service.Service) {
		s.SessionAffinity = service.SessionAffinityClientIP
		s.SessionAffinityConfig = &service.SessionAffinityConfig{ClientIP: &service.ClientIPConfig{TimeoutSeconds: new(int32(10))}}
	}
	none := func(s *service.Service) {
		s.SessionAffinity, s.SessionAffinityConfig = service.SessionAffinityNone, nil
	}
	ips := holds{ips: true}
	runRegCases(t, []regCase{
		{name: "None-ClientIP", create: regSvc(cip, none), created: ips, update: regSvc(cip, clientIP), updated: ips},
		{name: "ClientIP-None", create: regSvc(cip, clientIP), created: ips, update: regSvc(cip, none), updated: ips},
	})
}

// TestFeaturePorts ports kubernetes
// pkg/registry/core/service/storage/storage_test.go, TestFeaturePorts:
// ports added, removed, swapped or changed, with and without a change of
// type; a Service left without ports is refused.
func TestFeaturePorts(t *testing.T) {
	cip, np := service.ClusterIP, service.NodePort
	port := func(name string, n int32, proto pod.Protocol) service.Port {
		return service.Port{Name: name, Port: n, TargetPort: service.TargetPortNumber(n), Protocol: proto}
	}
	ports := func(p ...service.Port) func(*service.Service) {
		return func(s *service.Service) { s.Ports = p }
	}
	tcp, udp := pod.TCP, pod.UDP
	p80, q443 := port("p", 80, tcp), port("q", 443, tcp)
	ips, nps := holds{ips: true}, holds{ips: true, nodePorts: true}
	runRegCases(t, []regCase{
		{name: "add_port", create: regSvc(cip, ports(p80)), created: ips, update: regSvc(cip, ports(p80, q443)), updated: ips},
		{name: "add_port_ClusterIP-NodePort", create: regSvc(cip, ports(p80)), created: ips, update: regSvc(np, ports(p80, q443)), updated: nps},
		{name: "add_port_NodePort-ClusterIP", create: regSvc(np, ports(p80)), created: nps, update: regSvc(cip, ports(p80, q443)), updated: ips},
		{name: "remove_port", create: regSvc(cip, ports(p80, q443)), created: ips, update: regSvc(cip, ports(p80)), updated: ips},
		{name: "remove_port_ClusterIP-NodePort", create: regSvc(cip, ports(p80, q443)), created: ips, update: regSvc(np, ports(p80)), updated: nps},
		{name: "remove_port_NodePort-ClusterIP", create: regSvc(np, ports(p80, q443)), created: nps, update: regSvc(cip, ports(p80)), updated: ips},
		{name: "swap_ports", create: regSvc(np, ports(p80, q443)), created: nps, update: regSvc(np, ports(q443, p80)), updated: nps},
		{name: "modify_ports", create: regSvc(np, ports(p80, q443)), created: nps,
			update: regSvc(np, ports(port("p", 8080, tcp), port("q", 8443, tcp))), updated: nps},
		{name: "modify_protos", create: regSvc(np, ports(p80, q443)), created: nps,
			update: regSvc(np, ports(port("p", 80, udp), port("q", 443, udp))), updated: nps},
		{name: "modify_ports_and_protos", create: regSvc(np, ports(p80, q443)), created: nps,
			update: regSvc(np, ports(port("r", 53, tcp), port("s", 53, udp))), updated: nps},
		{name: "add_alt_proto", create: regSvc(np, ports(port("p", 53, tcp))), created: nps,
			update: regSvc(np, ports(port("p", 53, tcp), port("q", 53, udp))), updated: nps},
		{name: "wipe_all", create: regSvc(np, ports(p80, q443)), created: nps, update: regSvc(np, ports()), err: true},
	})
}
