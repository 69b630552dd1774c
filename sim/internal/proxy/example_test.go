package proxy_test

import (
	"fmt"
	"math/rand/v2"
	"net/netip"
	"strings"
	"time"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/service"
	"github.com/svcsim/svcsim/sim/internal/proxy"
)

// A pod on node-1 connects to a ClusterIP: node-1's kube-proxy DNATs to
// a ready endpoint; the terminating one is not used while a ready one
// exists.
func ExampleTable_Route() {
	t := proxy.New(rand.New(rand.NewPCG(1, 2)), 0)
	t.SetNode("node-1", netip.MustParseAddr("172.18.0.2"), true)
	t.SetNode("node-2", netip.MustParseAddr("172.18.0.3"), true)
	svc := service.Service{Namespace: "default", Name: "web", ClusterIP: netip.MustParseAddr("10.96.0.10"),
		Ports: []service.Port{{Name: "http", Protocol: pod.TCP, Port: 80}}}
	t.Program(&svc, [][]proxy.Backend{{
		{IP: netip.MustParseAddr("10.244.1.7"), Port: 8080, Node: "node-2", Pod: "default/web-1", Ready: true, Serving: true},
		{IP: netip.MustParseAddr("10.244.0.5"), Port: 8080, Node: "node-1", Pod: "default/web-2", Serving: true, Terminating: true},
	}})
	d, err := t.Route(proxy.Request{Src: netip.MustParseAddr("10.244.0.9"), SrcNode: "node-1",
		Dst: netip.MustParseAddrPort("10.96.0.10:80"),
		Now: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)})
	fmt.Println(d.Backend.Pod, err)
	for _, hop := range d.AppendPath(nil, err) {
		fmt.Println(hop)
	}
	// The ready endpoint goes away: kube-proxy falls back to the serving
	// terminating one (KEP-1669) rather than rejecting.
	t.Program(&svc, [][]proxy.Backend{{
		{IP: netip.MustParseAddr("10.244.0.5"), Port: 8080, Node: "node-1", Pod: "default/web-2", Serving: true, Terminating: true},
	}})
	d, err = t.Route(d.Req)
	fmt.Println(d.AppendPath(nil, err)[0])
	// Nothing usable at all: REJECT.
	t.Program(&svc, nil)
	d, err = t.Route(d.Req)
	fmt.Println(d.AppendPath(nil, err)[0])
	// Output:
	// default/web-1 <nil>
	// node-1 kube-proxy: DNAT 10.96.0.10:80 → 10.244.1.7:8080 (1 of 1 ready endpoints)
	// node-1 kube-proxy: DNAT 10.96.0.10:80 → 10.244.0.5:8080 (1 of 1 serving terminating endpoints, no ready one)
	// node-1 kube-proxy: REJECT 10.96.0.10:80 (default/web has no usable endpoints): connection refused
}

// The rules kube-proxy writes for a ClusterIP Service with three endpoints:
// rule i of n matches with probability 1/(n−i), the last one catches the
// rest, so each endpoint gets 1/3. Endpoints sort by their "IP:port"
// string, which puts 10.244.2.10 before 10.244.2.9.
func ExampleTable_Save() {
	t := proxy.New(nil, 0) // Save and Program draw nothing
	svc := service.Service{Namespace: "default", Name: "web", ClusterIP: netip.MustParseAddr("10.96.0.10"),
		Ports: []service.Port{{Port: 80}}}
	var bs []proxy.Backend
	for _, ip := range []string{"10.244.2.9", "10.244.1.4", "10.244.2.10"} {
		bs = append(bs, proxy.Backend{IP: netip.MustParseAddr(ip), Port: 8080, Ready: true, Serving: true})
	}
	t.Program(&svc, [][]proxy.Backend{bs})
	for _, line := range strings.Split(t.Save("node-1"), "\n") {
		if strings.HasPrefix(line, "-A KUBE-SVC-") {
			fmt.Println(line)
		}
	}
	// Output:
	// -A KUBE-SVC-LOLE4ISW44XBNF3G -m comment --comment "default/web -> 10.244.1.4:8080" -m statistic --mode random --probability 0.3333333333 -j KUBE-SEP-4EFWFBAFH3CG7QWO
	// -A KUBE-SVC-LOLE4ISW44XBNF3G -m comment --comment "default/web -> 10.244.2.10:8080" -m statistic --mode random --probability 0.5000000000 -j KUBE-SEP-6UPWGGTAKQAHVD27
	// -A KUBE-SVC-LOLE4ISW44XBNF3G -m comment --comment "default/web -> 10.244.2.9:8080" -j KUBE-SEP-Z4ZH5U6FGNIZRSBY
}
