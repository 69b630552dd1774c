package dns

import (
	"fmt"
	"net/netip"
	"testing"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/service"
)

// benchView holds 1000 ClusterIP Services over 10 namespaces, in maps.
func benchView() *fakeView {
	f := newFake()
	for i := 0; i < 1000; i++ {
		f.add(service.Service{Namespace: fmt.Sprintf("ns%d", i%10), Name: fmt.Sprintf("svc%d", i),
			ClusterIP: netip.AddrFrom4([4]byte{10, 96, byte(i >> 8), byte(i)}),
			Ports:     []service.Port{{Name: "http", Protocol: pod.TCP, Port: 80}}})
	}
	return f
}

// BenchmarkLookup resolves "svc999.ns9" (second search suffix hits) with the
// Resolver and with the reference, which builds every Service's records and
// searches them (what an unindexed DNS server would do per query).
func BenchmarkLookup(b *testing.B) {
	f := benchView()
	r := NewResolver("", f)
	b.Run("resolver", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := r.Lookup("ns1", "svc999.ns9"); err != nil {
				b.Fatal(err)
			}
		}
	})
	svcs := make([]service.Service, 0, len(f.svcs))
	for _, s := range f.svcs {
		svcs = append(svcs, s)
	}
	b.Run("reference-scan", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, _, ok := buildRef(svcs, nil).lookup("ns1", "svc999.ns9", false); !ok {
				b.Fatal("not found")
			}
		}
	})
}
