package sim

import (
	"strings"
	"testing"
)

// TestCheckPodIPHeldTwice: a pod given another pod's IP (same node, same
// offset) is reported as holding an IP that pod also holds.
func TestCheckPodIPHeldTwice(t *testing.T) {
	c := smallCluster(t)
	must(t, c.Check())
	a, _ := c.lookupPod("default", "client")
	var b int32 = -1
	for i := range c.store.Slots() {
		if p := c.pod(i); i != a && p.has(fLive) && p.tmpl.ns == c.nsIdx["default"] && p.node >= 0 {
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
