package proxy

import (
	"fmt"
	"math/rand/v2"
	"net/netip"
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
		tb.Program(s, [][]Backend{bs})
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

// BenchmarkProgram reprograms one Service of 100 endpoints.
func BenchmarkProgram(b *testing.B) {
	tb := newTable(1, 3)
	s := webSvc()
	var bs []Backend
	for j := 0; j < 100; j++ {
		bs = append(bs, readyBE(1+j%3, j))
	}
	b.ReportAllocs()
	for b.Loop() {
		tb.Program(s, [][]Backend{bs})
	}
}
