package endpoints

import (
	"fmt"
	"testing"

	"pgregory.net/rapid"

	"github.com/svcsim/svcsim/pod"
)

// TestPodTable: the open-addressing name table agrees with a map after any
// sequence of adds and removals (many collisions: small tables, backward
// shifts across the wrap-around).
func TestPodTable(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		c := NewController(Options{})
		ns := c.namespace("default")
		want := map[string]podID{}
		t.Repeat(map[string]func(*rapid.T){
			"put": func(t *rapid.T) {
				name := fmt.Sprintf("p%d", rapid.IntRange(0, 40).Draw(t, "n"))
				if _, ok := want[name]; ok {
					t.Skip("present")
				}
				id := c.allocPod()
				*c.pod(id) = podRec{ns: ns, key: "default/" + name, alive: true}
				ns.pods.put(name, id)
				want[name] = id
			},
			"del": func(t *rapid.T) {
				name := fmt.Sprintf("p%d", rapid.IntRange(0, 40).Draw(t, "n"))
				ns.pods.del(c, name)
				delete(want, name)
			},
			"": func(t *rapid.T) {
				if ns.pods.len() != len(want) {
					t.Fatalf("len %d, want %d", ns.pods.len(), len(want))
				}
				for i := range 41 {
					name := fmt.Sprintf("p%d", i)
					id, ok := ns.pods.get(c, name)
					wid, wok := want[name]
					if ok != wok || id != wid {
						t.Fatalf("get(%s) = %d, %v; want %d, %v", name, id, ok, wid, wok)
					}
				}
			},
		})
	})
}

// TestPortInterning: pods sharing a Ports slice share one interned list,
// freed with its last pod.
func TestPortInterning(t *testing.T) {
	c := NewController(Options{})
	ports := []pod.ContainerPort{{Name: "http", Port: 8080}}
	a := c.internPorts(ports)
	b := c.internPorts(ports)
	if a != b || a == 0 || c.plists[a].refs != 2 {
		t.Fatalf("ids %d %d refs %d", a, b, c.plists[a].refs)
	}
	if c.internPorts(nil) != 0 {
		t.Fatal("empty list interned")
	}
	c.releasePorts(a)
	c.releasePorts(b)
	if len(c.plIdx) != 0 || len(c.rare.plFree) != 1 {
		t.Fatalf("not freed: %d entries, %d free", len(c.plIdx), len(c.rare.plFree))
	}
}

// TestNameTablesGrow: node names and port lists are found by a scan
// while few and through a map past that (smallTable for port lists), with the same ids; a freed
// list is no longer found and its id is reused.
func TestNameTablesGrow(t *testing.T) {
	c := NewController(Options{})
	const n = 3 * smallTable
	lists := make([][]pod.ContainerPort, n)
	nodeIDs, listIDs := make([]uint32, n), make([]uint32, n)
	for i := range n {
		lists[i] = []pod.ContainerPort{{Port: int32(i + 1)}}
		nodeIDs[i], listIDs[i] = c.nodeID(fmt.Sprintf("node-%d", i)), c.internPorts(lists[i])
		if small := i < smallTable; small != (c.plIdx == nil) {
			t.Fatalf("%d entries: port-list map %v", i+1, c.plIdx != nil)
		}
		for j := range i + 1 {
			if id := c.nodeID(fmt.Sprintf("node-%d", j)); id != nodeIDs[j] || c.nodeName(id) != fmt.Sprintf("node-%d", j) {
				t.Fatalf("%d nodes: node-%d has id %d, then %d", i+1, j, nodeIDs[j], id)
			}
			if id, ok := c.findPorts(portListKey{&lists[j][0], 1}); !ok || id != listIDs[j] {
				t.Fatalf("%d lists: list %d has id %d, found %d %v", i+1, j, listIDs[j], id, ok)
			}
		}
	}
	small := NewController(Options{})
	a := small.internPorts(lists[0])
	small.releasePorts(a)
	if _, ok := small.findPorts(portListKey{&lists[0][0], 1}); ok {
		t.Fatal("freed list found")
	}
	if b := small.internPorts(lists[1]); b != a {
		t.Fatalf("freed id %d not reused: %d", a, b)
	}
}

// TestPodNameHashSpread: pod-like names (short, template-generated, with
// a random tail) spread over the low bits the table indexes by, as a
// random hash would: filling a 4,096-slot table to its load limit takes
// under three extra probes per name, and names differing in one byte of
// their tail hash apart.
func TestPodNameHashSpread(t *testing.T) {
	const slots = 1 << 12
	for _, name := range []func(int) string{
		func(i int) string { return fmt.Sprintf("p%d", i) },
		func(i int) string { return fmt.Sprintf("web-7d8f9c6b5-%05x", i*7919) },
		func(i int) string { return fmt.Sprintf("app-%d-%d", i%37, i) },
	} {
		taken := make([]bool, slots)
		probes, n := 0, 3*slots/4
		for i := range n {
			h := podNameHash(name(i)) & (slots - 1)
			for ; taken[h]; h = (h + 1) & (slots - 1) {
				probes++
			}
			taken[h] = true
		}
		if float64(probes)/float64(n) >= 3 {
			t.Errorf("%s...: %.2f extra probes per name", name(0), float64(probes)/float64(n))
		}
	}
	if podNameHash("web-abcdefgh-x") == podNameHash("web-abcdefgh-y") {
		t.Error("names differing in their last byte hash alike")
	}
}

// put adds pod id, whose record holds name, absent from the table: the
// controller adds by a name it has hashed (add); tests add by name.
func (t *podTable) put(name string, id podID) { t.add(newPodName(name), id) }
