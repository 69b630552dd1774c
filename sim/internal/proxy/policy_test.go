package proxy

import (
	"errors"
	"net/netip"
	"testing"
	"time"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/service"
)

func TestAffinity(t *testing.T) {
	svc := webSvc()
	svc.SessionAffinity = service.SessionAffinityClientIP
	tb := newTable(7, 3)
	bs := []Backend{readyBE(1, 1), readyBE(2, 1), readyBE(3, 1), readyBE(3, 2)}
	tb.Program(&svc, [][]Backend{bs})
	req := podReq(1, ap(vip, 80))
	first, err := tb.Route(req)
	if err != nil || first.Affinity {
		t.Fatalf("first: %+v, %v", first, err)
	}
	now := t0
	for i := 0; i < 50; i++ {
		now = now.Add(time.Hour) // each use refreshes the entry
		req.Now = now
		d, err := tb.Route(req)
		if err != nil || !d.Affinity || d.Backend != first.Backend {
			t.Fatalf("use %d: %v affinity=%v, want %v", i, d.Backend.IP, d.Affinity, first.Backend.IP)
		}
	}
	// Exactly the timeout later still matches (--rcheck --seconds is inclusive).
	req.Now = now.Add(DefaultAffinityTimeout)
	if d, _ := tb.Route(req); !d.Affinity {
		t.Fatal("entry expired at exactly the timeout")
	}
	// One nanosecond past the timeout: a fresh random choice.
	req.Now = req.Now.Add(DefaultAffinityTimeout + time.Nanosecond)
	if d, _ := tb.Route(req); d.Affinity {
		t.Fatal("entry did not expire")
	}
	// Affinity is per node: the same client IP through node-2's kube-proxy
	// (a NodePort from a pod-less client is external; use the pod path) has
	// its own table.
	other := req
	other.SrcNode = "node-2"
	if d, _ := tb.Route(other); d.Affinity {
		t.Fatal("node-2 used node-1's affinity entry")
	}
	// The remembered endpoint leaves the set: a new random choice.
	d, _ := tb.Route(req)
	var rest []Backend
	for _, b := range bs {
		if b != d.Backend {
			rest = append(rest, b)
		}
	}
	tb.Program(&svc, [][]Backend{rest})
	if d2, _ := tb.Route(req); d2.Affinity || d2.Backend == d.Backend {
		t.Fatalf("after removal: %+v", d2)
	}
	// Reprogramming keeps affinity while the endpoint stays.
	d3, _ := tb.Route(req)
	tb.Program(&svc, [][]Backend{rest})
	if d4, _ := tb.Route(req); !d4.Affinity || d4.Backend != d3.Backend {
		t.Fatalf("reprogram lost affinity: %+v vs %+v", d4, d3)
	}
	// Remove forgets it.
	tb.Remove("default", "web")
	tb.Program(&svc, [][]Backend{rest})
	if d5, _ := tb.Route(req); d5.Affinity {
		t.Fatal("affinity survived Remove")
	}
}

func TestExternalTrafficPolicy(t *testing.T) {
	local := webSvc()
	local.ExternalTrafficPolicy = service.TrafficPolicyLocal
	tb := newTable(3, 3)
	bs := []Backend{readyBE(2, 1), readyBE(2, 2), readyBE(3, 1)}
	tb.Program(&local, [][]Backend{bs})

	// External to node-1:30080, no local endpoint: dropped.
	d, err := tb.Route(extReq(ap(nodeIP(1), 30080)))
	if !errors.Is(err, ErrDropped) || d.Drop != DropNoLocalEndpoints || d.Node != "node-1" {
		t.Fatalf("node-1: %+v, %v", d, err)
	}
	// External to node-2: only node-2's endpoints, no SNAT.
	for i := 0; i < 50; i++ {
		d, err = tb.Route(extReq(ap(nodeIP(2), 30080)))
		if err != nil || d.Backend.Node != "node-2" || d.SNAT || !d.Local || d.Candidates != 2 {
			t.Fatalf("node-2: %+v, %v", d, err)
		}
	}
	// A pod's packet to node-1:30080 is short-circuited to any endpoint.
	seen := map[string]bool{}
	for i := 0; i < 100; i++ {
		d, err = tb.Route(podReq(1, ap(nodeIP(1), 30080)))
		if err != nil || d.Local || d.Candidates != 3 {
			t.Fatalf("pod to node-1: %+v, %v", d, err)
		}
		seen[d.Backend.Node] = true
	}
	if !seen["node-2"] || !seen["node-3"] {
		t.Fatalf("short-circuit reached %v", seen)
	}
	// The load balancer sends only to nodes passing the health check.
	seen = map[string]bool{}
	for i := 0; i < 100; i++ {
		d, err = tb.Route(extReq(ap(lbIP, 80)))
		if err != nil || d.Node == "node-1" || d.Backend.Node != d.Node || d.LBNodes != 2 {
			t.Fatalf("LB: %+v, %v", d, err)
		}
		seen[d.Node] = true
	}
	if len(seen) != 2 {
		t.Fatalf("LB used %v", seen)
	}
	// Terminating-only local endpoints: node-3's health check fails, but a
	// packet sent straight to node-3 uses them (local fallback).
	tb.Program(&local, [][]Backend{{readyBE(2, 1), be(3, 1, false, true, true)}})
	for i := 0; i < 30; i++ {
		if d, _ := tb.Route(extReq(ap(lbIP, 80))); d.Node != "node-2" {
			t.Fatalf("LB sent to %s", d.Node)
		}
	}
	d, err = tb.Route(extReq(ap(nodeIP(3), 30080)))
	if err != nil || !d.Fallback || d.Backend.Node != "node-3" {
		t.Fatalf("node-3 fallback: %+v, %v", d, err)
	}
	// No node passes: the load balancer drops.
	tb.Program(&local, [][]Backend{{be(3, 1, false, true, true)}})
	if d, err := tb.Route(extReq(ap(lbIP, 80))); !errors.Is(err, ErrDropped) || d.Drop != DropNoHealthyNode {
		t.Fatalf("LB no healthy node: %+v, %v", d, err)
	}

	// Cluster policy: any endpoint, SNAT to the node IP.
	tb.Program(new(webSvc()), [][]Backend{bs})
	d, err = tb.Route(extReq(ap(nodeIP(1), 30080)))
	if err != nil || !d.SNAT || d.Local || d.Node != "node-1" || d.NodeIP != nodeIP(1) {
		t.Fatalf("Cluster policy: %+v, %v", d, err)
	}
}

func TestRefusedVersusUnreachable(t *testing.T) {
	tb := newTable(1, 3)
	svc := webSvc()
	tb.Program(&svc, [][]Backend{{be(1, 1, false, false, false), be(2, 1, false, false, true)}})
	for _, req := range []Request{podReq(1, ap(vip, 80)), extReq(ap(nodeIP(2), 30080)), extReq(ap(lbIP, 80)), podReq(2, ap(lbIP, 80))} {
		if d, err := tb.Route(req); !errors.Is(err, ErrRejected) || d.Service != "default/web" {
			t.Errorf("%v: %+v, %v; want rejected", req.Dst, d, err)
		}
	}
	// Local policy without any usable endpoint anywhere: REJECT (not DROP) at a node.
	local := svc
	local.ExternalTrafficPolicy = service.TrafficPolicyLocal
	tb.Program(&local, nil)
	if _, err := tb.Route(extReq(ap(nodeIP(1), 30080))); !errors.Is(err, ErrRejected) {
		t.Errorf("Local, no endpoints: %v, want rejected", err)
	}
	tb.Program(&svc, [][]Backend{{readyBE(1, 1)}})
	tests := []struct {
		name string
		req  Request
		err  error
		drop Drop
	}{
		{"ClusterIP from outside", extReq(ap(vip, 80)), ErrDropped, DropClusterIPExternal},
		{"ClusterIP unknown port", podReq(1, ap(vip, 81)), ErrNoRule, DropNone},
		{"ClusterIP wrong protocol", Request{Src: outside, SrcNode: "node-1", Dst: ap(vip, 80), Protocol: pod.UDP}, ErrNoRule, DropNone},
		{"node IP, no NodePort", extReq(ap(nodeIP(1), 22)), ErrNoRule, DropNone},
		{"unknown address", podReq(1, ap(netip.MustParseAddr("10.244.9.9"), 80)), ErrNoRule, DropNone},
	}
	for _, tc := range tests {
		d, err := tb.Route(tc.req)
		if !errors.Is(err, tc.err) || d.Drop != tc.drop {
			t.Errorf("%s: %+v, %v; want %v drop %d", tc.name, d, err, tc.err, tc.drop)
		}
	}
	// A node that is down answers nothing and gets no LB traffic.
	tb.SetNode("node-1", nodeIP(1), false)
	if d, err := tb.Route(extReq(ap(nodeIP(1), 30080))); !errors.Is(err, ErrDropped) || d.Drop != DropNodeDown {
		t.Errorf("node down: %+v, %v", d, err)
	}
	for i := 0; i < 30; i++ {
		if d, err := tb.Route(extReq(ap(lbIP, 80))); err != nil || d.Node == "node-1" || d.LBNodes != 2 {
			t.Fatalf("LB with node-1 down: %+v, %v", d, err)
		}
	}
	tb.RemoveNode("node-1")
	if _, err := tb.Route(extReq(ap(nodeIP(1), 30080))); !errors.Is(err, ErrNoRule) {
		t.Errorf("removed node: %v", err)
	}
}
