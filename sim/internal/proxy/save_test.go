package proxy

import (
	"math/rand/v2"
	"net/netip"
	"strings"
	"testing"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/service"
)

func TestSaveChainNames(t *testing.T) {
	// Known names from real clusters (kubeadm's default Services).
	tests := map[string]string{
		"default/kubernetes:https" + "tcp":     "NPX46M4PTMTKRN6Y",
		"kube-system/kube-dns:dns" + "udp":     "TCOU7JCQXEZGVUNU",
		"kube-system/kube-dns:dns-tcp" + "tcp": "ERIFXISQEP7F7OF4",
		"kube-system/kube-dns:metrics" + "tcp": "JD5MR3NA4I4DYORP",
	}
	for in, want := range tests {
		if got := chainHash(in); got != want {
			t.Errorf("chainHash(%q) = %s, want %s", in, got, want)
		}
	}
}

func TestSave(t *testing.T) {
	tb := newTable(1, 3)
	tb.SetClusterCIDR(netip.MustParsePrefix("10.244.0.0/16"))
	kube := service.Service{Namespace: "default", Name: "kubernetes", ClusterIP: netip.MustParseAddr("10.96.0.1"),
		Ports: []service.Port{{Name: "https", Port: 443}}}
	tb.Program(&kube, [][]Backend{{{IP: netip.MustParseAddr("172.18.0.2"), Port: 6443, Ready: true, Serving: true}}})
	sticky := webSvc()
	sticky.SessionAffinity = service.SessionAffinityClientIP
	tb.Program(&sticky, [][]Backend{{readyBE(1, 1), readyBE(2, 1)}})
	local := webSvc()
	local.Name, local.ClusterIP, local.LoadBalancerIP = "local", netip.MustParseAddr("10.96.0.11"), netip.MustParseAddr("203.0.113.2")
	local.ExternalTrafficPolicy = service.TrafficPolicyLocal
	local.Ports = []service.Port{{Name: "http", Protocol: pod.TCP, Port: 80, NodePort: 30081}}
	tb.Program(&local, [][]Backend{{readyBE(2, 1)}})
	empty := service.Service{Namespace: "default", Name: "empty", ClusterIP: netip.MustParseAddr("10.96.0.12"),
		Ports: []service.Port{{Port: 80}}}
	tb.Program(&empty, nil)

	save := tb.Save("node-1")
	for _, want := range []string{
		"-A KUBE-SERVICES -d 10.96.0.1/32 -p tcp -m comment --comment \"default/kubernetes:https cluster IP\" -m tcp --dport 443 -j KUBE-SVC-NPX46M4PTMTKRN6Y",
		"-A KUBE-SVC-NPX46M4PTMTKRN6Y ! -s 10.244.0.0/16 -d 10.96.0.1/32 -p tcp -m comment --comment \"default/kubernetes:https cluster IP\" -m tcp --dport 443 -j KUBE-MARK-MASQ",
		"-m tcp -j DNAT --to-destination 172.18.0.2:6443",
		// Two endpoints: 1/2 on the first rule, the second bare; affinity checks first.
		"-m statistic --mode random --probability 0.5000000000 -j KUBE-SEP-",
		"--rsource --rcheck --seconds 10800 --reap -j KUBE-SEP-",
		"--rsource --set -m tcp -j DNAT --to-destination 10.244.1.1:8080",
		"-A KUBE-NODEPORTS -p tcp -m comment --comment default/web:http -m tcp --dport 30080 -j KUBE-EXT-",
		"--comment \"masquerade traffic for default/web:http external destinations\" -j KUBE-MARK-MASQ",
		"-A KUBE-SERVICES -d 203.0.113.1/32 -p tcp -m comment --comment \"default/web:http loadbalancer IP\" -m tcp --dport 80 -j KUBE-EXT-",
		// Local policy, no endpoint on node-1: DROP in the filter table.
		"-A KUBE-EXTERNAL-SERVICES -p tcp -m comment --comment \"default/local:http has no local endpoints\" -m addrtype --dst-type LOCAL -m tcp --dport 30081 -j DROP",
		// No endpoints at all: REJECT.
		"-A KUBE-SERVICES -d 10.96.0.12/32 -p tcp -m comment --comment \"default/empty has no endpoints\" -m tcp --dport 80 -j REJECT --reject-with icmp-port-unreachable",
	} {
		if !strings.Contains(save, want) {
			t.Errorf("Save lacks %q:\n%s", want, save)
		}
	}
	if strings.Contains(save, "KUBE-SVL-") {
		t.Errorf("node-1 has no local endpoint of default/local but got a KUBE-SVL chain:\n%s", save)
	}
	// node-2 holds default/local's endpoint: a KUBE-SVL chain, no DROP.
	save2 := tb.Save("node-2")
	if !strings.Contains(save2, ":KUBE-SVL-") || strings.Contains(save2, "has no local endpoints") {
		t.Errorf("node-2:\n%s", save2)
	}
	// Same programming, same text: Save is a canonical form (affinity state
	// and the random stream do not show).
	other := New(rand.New(rand.NewPCG(99, 1)), 0)
	other.SetClusterCIDR(netip.MustParsePrefix("10.244.0.0/16"))
	for _, s := range []service.Service{empty, local, sticky, kube} {
		var bs [][]Backend
		switch s.Name {
		case "kubernetes":
			bs = [][]Backend{{{IP: netip.MustParseAddr("172.18.0.2"), Port: 6443, Ready: true, Serving: true}}}
		case "web":
			bs = [][]Backend{{readyBE(2, 1), readyBE(1, 1)}}
		case "local":
			bs = [][]Backend{{readyBE(2, 1)}}
		}
		other.Program(&s, bs)
	}
	tb.Route(podReq(1, ap(vip, 80)))
	if got := other.Save("node-1"); got != save {
		t.Errorf("equal programming, different Save:\n%s\nvs\n%s", got, save)
	}
}

// The rules of externalIPs, loadBalancerSourceRanges, internalTrafficPolicy
// Local and a sessionAffinityConfig timeout, as syncProxyRules writes them.
func TestSaveSpecFields(t *testing.T) {
	tb := newTable(1, 3)
	tb.SetClusterCIDR(netip.MustParsePrefix("10.244.0.0/16"))
	s := webSvc() // LoadBalancer 10.96.0.10, 203.0.113.1
	s.ExternalIPs = []netip.Addr{netip.MustParseAddr("192.0.2.10")}
	s.LoadBalancerSourceRanges = []netip.Prefix{netip.MustParsePrefix("198.51.100.0/24")}
	s.InternalTrafficPolicy = service.TrafficPolicyLocal
	s.SessionAffinity = service.SessionAffinityClientIP
	timeout := int32(60)
	s.SessionAffinityConfig = &service.SessionAffinityConfig{ClientIP: &service.ClientIPConfig{TimeoutSeconds: &timeout}}
	tb.Program(&s, [][]Backend{{readyBE(2, 1)}})
	h := chainHash("default/web:http" + "tcp")
	on1, on2 := tb.Save("node-1"), tb.Save("node-2")
	for _, want := range []string{
		`-A KUBE-SERVICES -d 192.0.2.10/32 -p tcp -m comment --comment "default/web:http external IP" -m tcp --dport 80 -j KUBE-EXT-` + h,
		`-A KUBE-SERVICES -d 203.0.113.1/32 -p tcp -m comment --comment "default/web:http loadbalancer IP" -m tcp --dport 80 -j KUBE-FW-` + h,
		`-A KUBE-FW-` + h + ` -m comment --comment "default/web:http loadbalancer IP" -s 198.51.100.0/24 -j KUBE-EXT-` + h,
		":KUBE-PROXY-FIREWALL - [0:0]",
		`-A KUBE-PROXY-FIREWALL -d 203.0.113.1/32 -p tcp -m comment --comment "default/web:http traffic not accepted by KUBE-FW-` + h + `" -m tcp --dport 80 -j DROP`,
		`-A KUBE-SERVICES -d 10.96.0.10/32 -p tcp -m comment --comment "default/web:http has no local endpoints" -m tcp --dport 80 -j DROP`,
		"--rcheck --seconds 60 --reap",
	} {
		if !strings.Contains(on1, want) {
			t.Errorf("node-1 lacks %s\n%s", want, on1)
		}
	}
	for _, want := range []string{
		`-A KUBE-SERVICES -d 10.96.0.10/32 -p tcp -m comment --comment "default/web:http cluster IP" -m tcp --dport 80 -j KUBE-SVL-` + h,
		`-A KUBE-SVL-` + h + ` ! -s 10.244.0.0/16 -d 10.96.0.10/32`,
	} {
		if !strings.Contains(on2, want) {
			t.Errorf("node-2 lacks %s\n%s", want, on2)
		}
	}
}
