package sim

import (
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/svcsim/svcsim/ipam"
)

// TestCheckPodIPHeldTwice: a pod given another pod's IP (same node, same
// offset) is reported as holding an IP that pod also holds.
func TestCheckPodIPHeldTwice(t *testing.T) {
	c := smallCluster(t)
	must(t, c.Check())
	a, _ := c.lookupPod("default", "client")
	var b int32 = -1
	for i := range c.store.Slots() {
		if p := c.pod(i); i != a && p.has(fLive) && p.tmpl.ns == c.nsIdx.Value("default") && p.node >= 0 {
			b = i
			break
		}
	}
	if b < 0 {
		t.Fatal("no second scheduled pod")
	}
	c.pod(b).node, c.pod(b).ipOff = c.pod(a).node, c.pod(a).ipOff
	err := c.Check()
	if err == nil || !strings.Contains(err.Error(), "ip "+c.podIP(a).String()+" also held by") {
		t.Fatalf("Check: %v, want an IP held twice", err)
	}
}

// Check sees each way a pod's indexes and side records can disagree with
// the pod records: a pod its name or IP index does not find, a namespace
// index without the pod's namespace, a node list without it, a kubelet
// side record without an exit, of a free slot or missing after an exit.
func TestCheckPodIndexes(t *testing.T) {
	for _, tc := range []struct {
		name    string
		corrupt func(c *Cluster, i int32)
	}{
		{"renamed behind the name index", func(c *Cluster, i int32) { c.pod(i).key = "default/renamed" }},
		{"name read from the whole key", func(c *Cluster, i int32) { c.pod(i).nameAt = 0 }},
		{"out of the IP index", func(c *Cluster, i int32) { c.store.DropIP(ipKey(c.pod(i).node, c.pod(i).ipOff), i) }},
		{"moved behind the IP index", func(c *Cluster, i int32) { c.pod(i).ipOff += 100 }},
		{"namespace not indexed", func(c *Cluster, i int32) { c.nsIdx.Delete("default") }},
		{"out of its node's list", func(c *Cluster, i int32) {
			nd := &c.nodes[c.pod(i).node]
			nd.pods = slices.DeleteFunc(nd.pods, func(j int32) bool { return j == i })
		}},
		{"side record without an exit", func(c *Cluster, i int32) { c.kubeletRecs = map[int32]kubeletRec{i: {}} }},
		{"side record of a free slot", func(c *Cluster, i int32) { c.kubeletRecs = map[int32]kubeletRec{c.store.Slots() + 5: {}} }},
		{"side record of a negative slot", func(c *Cluster, i int32) { c.kubeletRecs = map[int32]kubeletRec{-1: {}} }},
		{"exit without a side record", func(c *Cluster, i int32) { c.pod(i).flags |= fExited }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, i := checkedSmallCluster(t)
			tc.corrupt(c, i)
			if err := c.Check(); err == nil {
				t.Fatal("Check passed")
			}
		})
	}
}

// TestCheckPodAllocator: Check reads a pod's address by its offset in its
// node's block, so it sees an offset beyond the block, a node CIDR that is
// not its block of the pod CIDR (even one holding the pods' addresses),
// the address released in the node's allocator, and a node allocator over
// another range, even one that holds the same offsets.
func TestCheckPodAllocator(t *testing.T) {
	for _, tc := range []struct {
		name, want string
		corrupt    func(t *testing.T, c *Cluster, i int32)
	}{
		{"address released", "not allocated", func(t *testing.T, c *Cluster, i int32) {
			p := c.pod(i)
			must(t, c.nodes[p.node].alloc.Release(c.podIPAt(p.node, p.ipOff)))
			must(t, c.nodes[p.node].alloc.AllocateAddr(c.podIPAt(p.node, 200))) // the count still holds
		}},
		{"address beyond its node's block", "outside node", func(t *testing.T, c *Cluster, i int32) {
			c.pod(i).ipOff += 256 // the same offset of the next node's block
		}},
		{"node CIDR moved", "not its block", func(t *testing.T, c *Cluster, i int32) {
			nd := &c.nodes[c.pod(i).node]
			nd.cidr = netip.PrefixFrom(nd.cidr.Addr(), nd.cidr.Bits()-1).Masked() // still holds its pods
		}},
		{"allocator of another range", "does not start at its CIDR", func(t *testing.T, c *Cluster, i int32) {
			nd := &c.nodes[c.pod(i).node]
			other := nodeCIDRAt(c.cfg.PodCIDR, int32(len(c.nodes)))
			var a ipam.Allocator
			must(t, c.initNodeAllocator(&a, other))
			for _, j := range nd.pods {
				must(t, a.AllocateAddr(addrAt(other, 0, c.pod(j).ipOff)))
			}
			nd.alloc = a
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, i := checkedSmallCluster(t)
			tc.corrupt(t, c, i)
			if err := c.Check(); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Check: %v, want %q", err, tc.want)
			}
		})
	}
}

// TestCheckSideRecordsInSlotOrder: kubelet side records of no live pod
// are reported by slot, whatever the order of their map: the first error
// is the lowest slot's, and a side record of a running pod is named.
func TestCheckSideRecordsInSlotOrder(t *testing.T) {
	c := smallCluster(t)
	must(t, c.Check())
	i, _ := c.lookupPod("default", "client")
	n := c.store.Slots()
	want := "a kubelet side record of slot " + strconv.Itoa(int(n)+1) + ", not a live pod"
	for range 20 { // a Go map of a few entries ranges from a random one
		c.kubeletRecs = map[int32]kubeletRec{n + 3: {}, n + 1: {}, n + 2: {}, i: {}}
		err := c.Check()
		if err == nil || !strings.Contains(err.Error(), want) ||
			strings.Index(err.Error(), want) > strings.Index(err.Error(), "slot "+strconv.Itoa(int(n)+2)) ||
			!strings.Contains(err.Error(), "pod default/client: a kubelet side record without an exit or a deletion") {
			t.Fatalf("Check: %v, want %q first", err, want)
		}
	}
	// A terminating pod may hold one.
	c.kubeletRecs = map[int32]kubeletRec{i: {}}
	c.pod(i).flags |= fTerminating
	if err := c.Check(); err != nil && strings.Contains(err.Error(), "side record") {
		t.Fatalf("Check: %v, want a terminating pod's side record accepted", err)
	}
}

// checkedSmallCluster returns a smallCluster that passes Check and its
// client pod's slot, for a test to corrupt.
func checkedSmallCluster(t *testing.T) (*Cluster, int32) {
	t.Helper()
	c := smallCluster(t)
	must(t, c.Check())
	i, ok := c.lookupPod("default", "client")
	if !ok {
		t.Fatal("no client pod")
	}
	return c, i
}

// TestCheckNoScheduleTaint: a ReplicaSet's pod on a node tainted
// NoSchedule is reported when its template does not tolerate the taint,
// on every node (Check reads the pods of the tainted nodes only), and not
// when it does; a pod of no owner (the client) may be there.
func TestCheckNoScheduleTaint(t *testing.T) {
	const msg = "despite its NoSchedule taint"
	sawOwned := false
	for n := range 3 {
		c := smallCluster(t)
		must(t, c.Check())
		nd := &c.nodes[n]
		owned := slices.ContainsFunc(nd.pods, func(i int32) bool {
			p := c.pod(i)
			return p.ownerKind != ownerNone && !p.tmpl.tolerCP
		})
		sawOwned = sawOwned || owned
		nd.noSchedule = true
		if err := c.Check(); owned != (err != nil && strings.Contains(err.Error(), msg)) {
			t.Fatalf("node %s tainted, holding a pod of a ReplicaSet without the toleration %v: Check %v", nd.name, owned, err)
		}
		for _, i := range nd.pods {
			c.pod(i).tmpl.tolerCP = true
		}
		if err := c.Check(); err != nil && strings.Contains(err.Error(), msg) {
			t.Fatalf("node %s: tolerated, Check %v", nd.name, err)
		}
	}
	if !sawOwned {
		t.Fatal("no node holds a pod of a ReplicaSet")
	}
}
