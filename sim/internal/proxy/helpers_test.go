package proxy

import (
	"fmt"
	"math/rand/v2"
	"net/netip"
	"time"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/service"
)

var (
	t0      = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	vip     = netip.MustParseAddr("10.96.0.10")
	lbIP    = netip.MustParseAddr("203.0.113.1")
	outside = netip.MustParseAddr("198.51.100.7")
)

func nodeIP(i int) netip.Addr { return netip.AddrFrom4([4]byte{172, 18, 0, byte(i + 1)}) }
func nodeName(i int) string   { return fmt.Sprintf("node-%d", i) }

// newTable returns a table with nodes node-1..node-n (IPs 172.18.0.2...).
func newTable(seed uint64, n int) *Table {
	t := New(rand.New(rand.NewPCG(seed, 1)), 0)
	for i := 1; i <= n; i++ {
		t.SetNode(nodeName(i), nodeIP(i), true)
	}
	return t
}

// webSvc is a LoadBalancer Service on 10.96.0.10:80, nodePort 30080, LB
// 203.0.113.1.
func webSvc() service.Service {
	return service.Service{Namespace: "default", Name: "web", Type: service.LoadBalancer, ClusterIP: vip,
		LoadBalancerIP: lbIP, ExternalTrafficPolicy: service.TrafficPolicyCluster,
		Ports: []service.Port{{Name: "http", Protocol: pod.TCP, Port: 80, NodePort: 30080}}}
}

// be is a backend 10.244.<node>.<i>:8080 on node-<node>.
func be(node, i int, ready, serving, terminating bool) Backend {
	return Backend{IP: netip.AddrFrom4([4]byte{10, 244, byte(node), byte(i)}), Port: 8080, Node: nodeName(node),
		Pod: fmt.Sprintf("default/web-%d-%d", node, i), Ready: ready, Serving: serving, Terminating: terminating}
}

func readyBE(node, i int) Backend { return be(node, i, true, true, false) }

func podReq(srcNode int, dst netip.AddrPort) Request {
	return Request{Src: netip.AddrFrom4([4]byte{10, 244, byte(srcNode), 200}), SrcNode: nodeName(srcNode), Dst: dst, Now: t0}
}

func extReq(dst netip.AddrPort) Request { return Request{Src: outside, Dst: dst, Now: t0} }

func ap(a netip.Addr, port uint16) netip.AddrPort { return netip.AddrPortFrom(a, port) }
