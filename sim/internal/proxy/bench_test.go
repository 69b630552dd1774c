package proxy

import (
	"fmt"
	"math/rand/v2"
	"net/netip"
	"strconv"
	"testing"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/service"
)

// benchSetup programs 1000 Services of 10 endpoints each into a Table and
// the reference model, and returns a ClusterIP connection to the last one.
func benchSetup() (*Table, *model, Request) {
	tb := newTable(1, 3)
	m := &model{r: rand.New(rand.NewPCG(1, 1)), aff: map[string]affEntry{}}
	for i := 1; i <= 3; i++ {
		m.nodes = append(m.nodes, modelNode{nodeName(i), nodeIP(i), true})
	}
	var last netip.Addr
	for i := 0; i < 1000; i++ {
		last = netip.AddrFrom4([4]byte{10, 96, byte(i >> 8), byte(i)})
		s := service.Service{Namespace: "default", Name: fmt.Sprintf("svc%d", i), Type: service.NodePort, ClusterIP: last,
			ExternalTrafficPolicy: service.TrafficPolicyCluster,
			Ports:                 []service.Port{{Name: "http", Protocol: pod.TCP, Port: 80, NodePort: int32(30000 + i)}}}
		var bs []Backend
		for j := 0; j < 10; j++ {
			bs = append(bs, Backend{IP: netip.AddrFrom4([4]byte{10, 244, byte(i >> 4), byte(j + 16*(i&15))}), Port: 8080,
				Node: nodeName(1 + j%3), Ready: true, Serving: true})
		}
		tb.Program(&s, [][]Backend{bs})
		m.program(s, [][]Backend{bs})
	}
	return tb, m, podReq(1, ap(last, 80))
}

// BenchmarkRoute routes a new connection to a ClusterIP (and a NodePort)
// among 1000 Services with the Table (indexed, categorized at Program time)
// and with the reference model (scans every Service and categorizes per
// connection, as a naive implementation would).
func BenchmarkRoute(b *testing.B) {
	tb, m, req := benchSetup()
	np := extReq(ap(nodeIP(2), 30999))
	b.Run("table/clusterIP", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := tb.Route(req); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("table/nodePort", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := tb.Route(np); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("table/path", func(b *testing.B) {
		b.ReportAllocs()
		var buf []string
		for b.Loop() {
			d, err := tb.Route(req)
			buf = d.AppendPath(buf[:0], err)
		}
	})
	b.Run("reference/clusterIP", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := m.route(req); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// rolloutBackends is a Service port's endpoint list in the middle of a
// rolling update: n endpoints in slice order (not sorted), each pod on its
// own node, a few not ready and a few terminating; variant v moves the
// rollout one step on (one endpoint terminates, one becomes ready).
func rolloutBackends(n, v int) []Backend {
	bs := make([]Backend, n)
	for j := range bs {
		node := 1 + (j*7919)%5000
		bs[j] = Backend{IP: netip.AddrFrom4([4]byte{10, byte(128 + node>>8), byte(node), byte(2 + j%200)}), Port: 8080,
			Node: "node-" + strconv.Itoa(node), Pod: "default/app-7-5d4f8b9c6d-" + strconv.Itoa(j), Ready: true, Serving: true}
		switch {
		case j%8 == v%8:
			bs[j].Ready, bs[j].Terminating = false, true
		case j%8 == (v+1)%8:
			bs[j].Ready, bs[j].Serving = false, false
		}
	}
	return bs
}

// BenchmarkProgram reprograms one Service port of n endpoints, alternating
// two lists one rollout step apart (what a kube-proxy sync does during a
// rolling update), in place ("table"), with an unchanged list
// ("table/unchanged"), and the naive way: rebuild the port from scratch,
// sorting by formatted "IP:port" strings ("naive", naiveCompile). Also
// with externalTrafficPolicy=Local (the per-node sets are built too).
func BenchmarkProgram(b *testing.B) {
	for _, n := range []int{20, 100} {
		lists := [2][]Backend{rolloutBackends(n, 0), rolloutBackends(n, 1)}
		for _, local := range []bool{false, true} {
			svc := webSvc()
			suffix := ""
			if local {
				svc.ExternalTrafficPolicy = service.TrafficPolicyLocal
				suffix = "/local"
			}
			b.Run(fmt.Sprintf("n=%d%s/table", n, suffix), func(b *testing.B) {
				tb := newTable(1, 3)
				b.ReportAllocs()
				i := 0
				for b.Loop() {
					i++
					tb.Program(&svc, [][]Backend{lists[i&1]})
				}
			})
			b.Run(fmt.Sprintf("n=%d%s/table/unchanged", n, suffix), func(b *testing.B) {
				tb := newTable(1, 3)
				b.ReportAllocs()
				for b.Loop() {
					tb.Program(&svc, [][]Backend{lists[0]})
				}
			})
			b.Run(fmt.Sprintf("n=%d%s/naive", n, suffix), func(b *testing.B) {
				b.ReportAllocs()
				i := 0
				for b.Loop() {
					i++
					if sp := naiveCompile(lists[i&1]); len(sp.cluster) == 0 {
						b.Fatal("no endpoints")
					}
				}
			})
		}
	}
}
