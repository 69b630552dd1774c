package sim

import (
	"slices"
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
	return stateTally(c.AppendPodStates(nil, "", selector.Everything()))
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

// AppendPodPorts appends what Pod reports of a pod's ports, for pods with
// ports and without, and reports a missing pod; read again into the slice
// of the previous call, it allocates nothing.
func TestAppendPodPorts(t *testing.T) {
	c := mustNew(t, Config{Seed: 3})
	must(t, c.CreateDeployment(webDeployment(2, 0)))
	_, err := c.CreatePod(pod.Pod{Name: "bare", Labels: selector.Set{"app": "bare"}})
	must(t, err)
	_, err = c.CreatePod(pod.Pod{Name: "two", Namespace: "kube-system", Labels: selector.Set{"app": "two"},
		Ports: []pod.ContainerPort{{Name: "dns", Port: 53, Protocol: pod.UDP}, {Name: "metrics", Port: 9153}}})
	must(t, err)
	must(t, c.Settle())
	kept := pod.ContainerPort{Name: "kept", Port: 1}
	pods := 0
	for _, ns := range []string{"", "default", "kube-system"} {
		for _, p := range c.Pods(ns, selector.Everything()) {
			pods++
			got, ok := c.AppendPodPorts([]pod.ContainerPort{kept}, ns, p.Name)
			require.True(t, ok, p.Name)
			require.Equal(t, append([]pod.ContainerPort{kept}, p.Ports...), got, p.Name)
		}
	}
	require.Greater(t, pods, 6)
	for _, miss := range [][2]string{{"", "nope"}, {"nope", "bare"}, {"kube-system", "bare"}} {
		got, ok := c.AppendPodPorts([]pod.ContainerPort{kept}, miss[0], miss[1])
		require.False(t, ok, miss)
		require.Equal(t, []pod.ContainerPort{kept}, got, miss)
	}
	ports, _ := c.AppendPodPorts(nil, "kube-system", "two")
	require.Len(t, ports, 2)
	if n := testing.AllocsPerRun(100, func() { ports, _ = c.AppendPodPorts(ports[:0], "kube-system", "two") }); n != 0 {
		t.Errorf("AppendPodPorts into a large enough slice: %v allocations, want 0", n)
	}
	ports[0].Port = 1
	p, _ := c.Pod("kube-system", "two")
	require.Equal(t, int32(53), p.Ports[0].Port, "the ports are the caller's")
}

// AppendPodStates lists pods sorted by name in a namespace of a few pods
// (sorted by insertion) and of many (slices.SortFunc), as Pods does.
func TestAppendPodStatesSortedByName(t *testing.T) {
	for _, n := range []int{1, 3, 12, 13, 30} {
		c := mustNew(t, Config{Seed: 3})
		must(t, c.CreateDeployment(webDeployment(n, 0)))
		must(t, c.Settle())
		var want []string
		for _, p := range c.Pods("", selector.Everything()) {
			want = append(want, p.Name)
		}
		var got []string
		for _, s := range c.AppendPodStates(nil, "", selector.Everything()) {
			got = append(got, s.Name)
		}
		require.Len(t, got, n)
		require.True(t, slices.IsSorted(got), "%d pods: %v", n, got)
		require.Equal(t, want, got, "%d pods", n)
	}
}
