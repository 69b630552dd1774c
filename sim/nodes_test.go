package sim

import (
	"errors"
	"net/netip"
	"reflect"
	"strconv"
	"testing"
	"time"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
)

func TestNodeFailure(t *testing.T) {
	c := mustNew(t, Config{Seed: 1})
	d := webDeployment(3, 0)
	d.TerminationGracePeriod = 10 * time.Second
	must(t, c.CreateDeployment(d))
	_, err := c.CreateService(webService())
	must(t, err)
	settleCheck(t, c)
	must(t, c.FailNode("node-1"))
	var lost pod.Pod
	for _, p := range podsOf(c) {
		if p.NodeName == "node-1" {
			lost = p
		}
	}
	must(t, c.Advance(49*time.Second))
	if got := readyIPs(c, "", "web"); len(got) != 3 || !c.Nodes()[0].Ready {
		t.Fatalf("NotReady too early: %v", got)
	}
	must(t, c.Advance(time.Second))
	if got := readyIPs(c, "", "web"); len(got) != 2 || c.Nodes()[0].Ready {
		t.Fatalf("after the grace period: %v %v", got, c.Nodes()[0])
	}
	must(t, c.Advance(299*time.Second))
	if p, _ := c.Pod("", lost.Name); p.Terminating {
		t.Fatal("evicted before the toleration")
	}
	must(t, c.Advance(time.Second))
	if p, _ := c.Pod("", lost.Name); !p.Terminating {
		t.Fatal("not evicted after the toleration")
	}
	settleCheck(t, c)
	if p, ok := c.Pod("", lost.Name); !ok || !p.Terminating {
		t.Fatal("evicted pod should stay Terminating while its node is down")
	}
	if got := readyIPs(c, "", "web"); len(got) != 3 {
		t.Fatalf("replacement missing: %v", got)
	}
	for _, p := range podsOf(c) {
		if !p.Terminating && p.NodeName == "node-1" {
			t.Fatalf("pod %s scheduled on the failed node", p.Name)
		}
	}
	if err := c.FailNode("node-1"); !errors.Is(err, ErrInvalid) {
		t.Fatalf("double fail: %v", err)
	}
	must(t, c.RecoverNode("node-1"))
	settleCheck(t, c)
	if _, ok := c.Pod("", lost.Name); ok {
		t.Fatal("evicted pod survived recovery")
	}
	if !c.Nodes()[0].Ready {
		t.Fatal("node not ready after recovery")
	}
}

// A Deployment with more pods than the nodes hold leaves the rest Pending
// until room appears.
func TestPendingUntilRoom(t *testing.T) {
	c := mustNew(t, Config{Seed: 1, Nodes: 1})
	free := MaxPodsPerNode - CoreDNSReplicas // the coredns pods take two places
	must(t, c.CreateDeployment(webDeployment(free+2, 0)))
	settleCheck(t, c)
	pending := 0
	for _, p := range podsOf(c) {
		if p.Phase == pod.Pending {
			pending++
			if p.IP.IsValid() || p.NodeName != "" {
				t.Fatalf("pending pod with a node: %+v", p)
			}
		}
	}
	if pending != 2 {
		t.Fatalf("%d pending", pending)
	}
	must(t, c.Scale("", "web", free-1))
	settleCheck(t, c)
	for _, p := range podsOf(c) {
		if p.Phase == pod.Pending {
			t.Fatalf("pod %s still pending", p.Name)
		}
	}
}

// CNI host-local: a freed address is not handed out again until the
// cursor wraps; the next pod gets the next address.
func TestHostLocalNoImmediateReuse(t *testing.T) {
	c := mustNew(t, Config{Seed: 1, Nodes: 1})
	settleCheck(t, c) // the coredns pods take 10.244.0.2 and .3
	a, err := c.CreatePod(pod.Pod{Name: "a"})
	must(t, err)
	must(t, c.DeletePod("", "a"))
	settleCheck(t, c)
	b, err := c.CreatePod(pod.Pod{Name: "b"})
	must(t, err)
	if a.IP != netip.MustParseAddr("10.244.0.4") || b.IP != netip.MustParseAddr("10.244.0.5") {
		t.Fatalf("a %s, b %s", a.IP, b.IP)
	}
}

func TestBarePod(t *testing.T) {
	c := mustNew(t, Config{Seed: 1})
	p, err := c.CreatePod(pod.Pod{Name: "client", NodeName: "node-3", Labels: selector.Set{"app": "client"},
		IP: netip.MustParseAddr("1.2.3.4"), Ready: false})
	must(t, err)
	if p.NodeName != "node-3" || p.IP != netip.MustParseAddr("10.244.2.2") || !p.Ready || p.Phase != pod.Running {
		t.Fatalf("%+v", p)
	}
	if _, err := c.CreatePod(pod.Pod{Name: "client"}); !errors.Is(err, ErrAlreadyExists) {
		t.Fatalf("duplicate: %v", err)
	}
	if _, err := c.CreatePod(pod.Pod{Name: "x", NodeName: "node-9"}); !errors.Is(err, ErrNotFound) {
		t.Fatalf("unknown node: %v", err)
	}
	must(t, c.DeletePod("", "client"))
	settleCheck(t, c)
	if len(podsOf(c)) != 0 {
		t.Fatal("bare pod replaced")
	}
}

// A bare pod whose labels match a ReplicaSet's selector is adopted; the
// ReplicaSet then has one pod too many and scales down.
func TestAdoption(t *testing.T) {
	c := mustNew(t, Config{Seed: 1})
	must(t, c.CreateDeployment(webDeployment(2, 0)))
	settleCheck(t, c)
	labels := podsOf(c)[0].Labels
	_, err := c.CreatePod(pod.Pod{Name: "stray", Labels: labels})
	must(t, err)
	settleCheck(t, c)
	live := 0
	for _, p := range podsOf(c) {
		if !p.Terminating {
			live++
		}
	}
	if live != 2 || len(eventsOf(c, "PodAdopted")) != 1 {
		t.Fatalf("%d live pods, adopted %d", live, len(eventsOf(c, "PodAdopted")))
	}
	// Relabelled out and back in: orphaned, then adopted again.
	p := podsOf(c)[0]
	must(t, c.SetPodLabels("", p.Name, selector.Set{"app": "x"}))
	must(t, c.SetPodLabels("", p.Name, p.Labels))
	settleCheck(t, c)
	if len(eventsOf(c, "PodAdopted")) != 2 {
		t.Fatalf("adopted %d", len(eventsOf(c, "PodAdopted")))
	}
}

// Node reads one node by name, as Nodes lists it.
func TestNodeByName(t *testing.T) {
	c := mustNew(t, Config{Seed: 1, Nodes: 3})
	for _, n := range c.Nodes() {
		got, ok := c.Node(n.Name)
		if !ok || !reflect.DeepEqual(got, n) {
			t.Fatalf("Node(%s) = %+v, %v; want %+v", n.Name, got, ok, n)
		}
	}
	for _, name := range []string{"node-9", "node-4", "node-0", "node-01", "node-1x", "node-", "node", "", "Node-1",
		"node-+1", "node--1", "node-99999999999999999999999", "node-1/"} {
		if _, ok := c.Node(name); ok {
			t.Errorf("Node(%q) exists", name)
		}
	}
}

// The nodes are named node-1, node-2, ... past the constant names of the
// first few as before them, and each is found by its name.
func TestNodeNames(t *testing.T) {
	c := mustNew(t, Config{Seed: 1, Nodes: len(firstNodeNames) + 3})
	for i, n := range c.Nodes() {
		if want := "node-" + strconv.Itoa(i+1); n.Name != want {
			t.Errorf("node %d is named %q, want %q", i, n.Name, want)
		}
		if got, ok := c.nodeIndex(n.Name); !ok || got != int32(i) {
			t.Errorf("nodeIndex(%q) = %d, %v; want %d", n.Name, got, ok, i)
		}
	}
}

// nodeAtIP finds every node by its address, on IPv4 and IPv6 node CIDRs,
// and no node at the addresses around and between theirs.
func TestNodeAtIP(t *testing.T) {
	for _, cidr := range []string{"172.18.0.0/16", "fd00:18::/64"} {
		c := mustNew(t, Config{Seed: 1, Nodes: 5, NodeCIDR: netip.MustParsePrefix(cidr)})
		for _, n := range c.nodes {
			if name, ok := c.nodeAtIP(n.ip); !ok || name != n.name {
				t.Errorf("%s: nodeAtIP(%s) = %q, %v; want %q", cidr, n.ip, name, ok, n.name)
			}
		}
		base := netip.MustParsePrefix(cidr).Addr()
		for _, ip := range []netip.Addr{base, base.Next(), c.nodes[4].ip.Next(), netip.MustParseAddr("10.0.0.1"), netip.MustParseAddr("::1")} {
			if name, ok := c.nodeAtIP(ip); ok {
				t.Errorf("%s: nodeAtIP(%s) = %q, want none", cidr, ip, name)
			}
		}
	}
}
