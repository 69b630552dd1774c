package sim

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// AppendNodeStates reports what Nodes does of each node, in the same
// order, appended after what dst held, Ready or not; read again into the
// slice of the previous call, it allocates nothing.
func TestAppendNodeStates(t *testing.T) {
	c := mustNew(t, Config{Seed: 3, Nodes: 4})
	same := func() {
		t.Helper()
		want := []NodeState{{Name: "kept"}}
		for _, n := range c.Nodes() {
			want = append(want, NodeState{Name: n.Name, Ready: n.Ready})
		}
		require.Equal(t, want, c.AppendNodeStates([]NodeState{{Name: "kept"}}))
	}
	same()
	must(t, c.FailNode("node-2"))
	must(t, c.FailNode("node-4"))
	same() // failed, still Ready until the node lifecycle controller notices
	must(t, c.Advance(time.Minute))
	same()
	require.Equal(t, []NodeState{{"node-1", true}, {"node-2", false}, {"node-3", true}, {"node-4", false}}, c.AppendNodeStates(nil))
	must(t, c.RecoverNode("node-2"))
	must(t, c.Settle())
	same()
	nodes := c.AppendNodeStates(nil)
	if n := testing.AllocsPerRun(100, func() { nodes = c.AppendNodeStates(nodes[:0]) }); n != 0 {
		t.Errorf("AppendNodeStates into a large enough slice: %v allocations, want 0", n)
	}
}
