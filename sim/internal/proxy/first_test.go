package proxy

import (
	"testing"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/service"
)

// TestFirstBlocks: a table's first ports and endpoint lists are in its
// record, and a Service that changes its ports or is removed leaves no
// reference to its endpoints there (the block is never taken back).
func TestFirstBlocks(t *testing.T) {
	tb := newTable(1, 3)
	svc := webSvc()
	key := svcKey{"default", "web"}
	tb.Program(&svc, [][]Backend{{readyBE(1, 1), readyBE(2, 1), readyBE(3, 1)}})
	var held svcEntry
	e := tb.entry(key, &held)
	if &e.ports[0] != &tb.first.ports[0] || &e.ports[0].recs[0] != &tb.first.recs[0] {
		t.Fatal("the first port and its endpoints are not in the table's first blocks")
	}
	svc.Ports = append(svc.Ports, service.Port{Name: "https", Protocol: pod.TCP, Port: 443, NodePort: 30443})
	tb.Program(&svc, [][]Backend{{readyBE(1, 1)}, {readyBE(2, 1)}})
	e = tb.entry(key, &held)
	if &e.ports[0] != &tb.first.ports[1] || len(e.ports) != 2 {
		t.Errorf("the Service's new ports are not the next ones of the first block")
	}
	if tb.first.ports[0].recs != nil {
		t.Error("a replaced port keeps its endpoints")
	}
	tb.Remove("default", "web")
	if tb.first.ports[1].recs != nil || tb.first.ports[2].recs != nil {
		t.Error("a removed Service's ports keep their endpoints")
	}
}
