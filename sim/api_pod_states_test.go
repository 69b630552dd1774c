package sim

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
)

// AppendPodStates reports what PodSummaries does of each pod it lists, in
// the same order, for pods in every state.
func TestAppendPodStates(t *testing.T) {
	podsInEveryState(t, sameStates)
}

// sameStates checks that AppendPodStates reports what PodSummaries does,
// for every namespace and a selector, appended after what dst held, and
// returns the states of the default namespace's pods as samePods does.
func sameStates(t *testing.T, c *Cluster) map[string]bool {
	t.Helper()
	before := PodState{Name: "kept"}
	for _, ns := range []string{"", "kube-system", "nope"} {
		for _, sel := range []selector.Selector{selector.Everything(), selector.FromSet(selector.Set{"app": "web"})} {
			want := []PodState{before}
			for _, s := range c.PodSummaries(ns, sel) {
				want = append(want, PodState{Name: s.Name, NodeName: s.NodeName, IP: s.IP, Phase: s.Phase,
					Ready: s.Ready, Terminating: s.Terminating, ContainerReason: s.ContainerReason})
			}
			require.Equal(t, want, c.AppendPodStates([]PodState{before}, ns, sel), "namespace %q, selector %v", ns, sel)
		}
	}
	states := map[string]bool{}
	for _, s := range c.AppendPodStates(nil, "", selector.Everything()) {
		states[string(s.Phase)+"/"+s.ContainerReason] = true
		states["terminating"] = states["terminating"] || s.Terminating
		states["not ready"] = states["not ready"] || !s.Ready
	}
	return states
}

// Read again into the slice of the previous call, AppendPodStates
// allocates nothing.
func TestAppendPodStatesAllocs(t *testing.T) {
	c := mustNew(t, Config{Seed: 3})
	must(t, c.CreateDeployment(webDeployment(20, 0)))
	_, err := c.CreatePod(pod.Pod{Name: "bare", Labels: selector.Set{"app": "bare"}})
	must(t, err)
	must(t, c.Settle())
	states := c.AppendPodStates(nil, "", selector.Everything())
	require.Len(t, states, 21)
	sel := selector.FromSet(selector.Set{"app": "web"})
	if n := testing.AllocsPerRun(100, func() { states = c.AppendPodStates(states[:0], "", sel) }); n != 0 {
		t.Errorf("AppendPodStates into a large enough slice: %v allocations, want 0", n)
	}
	require.Len(t, states, 20)
}
