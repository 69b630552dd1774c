package sim

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
	"github.com/svcsim/svcsim/service"
)

// AppendServicePodStates appends what AppendPodStates does with the
// selector ServiceSelector returns, for Services selecting one label,
// two, none of the pods, and without a selector, in two namespaces,
// after what dst held; a missing Service leaves dst as it was.
func TestAppendServicePodStatesIsAppendPodStates(t *testing.T) {
	c := mustNew(t, Config{Seed: 3})
	must(t, c.CreateDeployment(webDeployment(4, 0)))
	_, err := c.CreatePod(pod.Pod{Name: "front", Labels: selector.Set{"app": "web", "tier": "front"}})
	must(t, err)
	_, err = c.CreatePod(pod.Pod{Name: "bare", Labels: selector.Set{"app": "bare"}})
	must(t, err)
	_, err = c.CreatePod(pod.Pod{Name: "other", Namespace: "kube-system", Labels: selector.Set{"app": "web"}})
	must(t, err)
	for _, s := range []service.Service{
		webService(),
		{Name: "two", Selector: selector.Set{"app": "web", "tier": "front"}, Ports: []service.Port{{Port: 80}}},
		{Name: "none", Selector: selector.Set{"app": "nope"}, Ports: []service.Port{{Port: 80}}},
		{Name: "manual", Ports: []service.Port{{Port: 80}}},
		{Name: "web", Namespace: "kube-system", Selector: selector.Set{"app": "web"}, Ports: []service.Port{{Port: 80}}},
	} {
		_, err := c.CreateService(s)
		must(t, err)
	}
	must(t, c.Settle())
	kept := PodState{Name: "kept"}
	counts := map[string]int{}
	for _, ns := range []string{"", "default", "kube-system"} {
		for _, s := range c.Services(ns) {
			sel, _ := c.ServiceSelector(ns, s.Name)
			want := c.AppendPodStates([]PodState{kept}, ns, sel)
			got, ok := c.AppendServicePodStates([]PodState{kept}, ns, s.Name)
			require.True(t, ok, s.Name)
			require.Equal(t, want, got, "%s/%s", ns, s.Name)
			counts[ns+"/"+s.Name] = len(got) - 1
		}
	}
	require.Equal(t, 5, counts["/web"])
	require.Equal(t, 1, counts["/two"])
	require.Equal(t, 0, counts["/none"])
	require.Equal(t, 1, counts["kube-system/web"])
	require.Equal(t, 6, counts["/manual"], "every pod of the namespace")
	for _, miss := range [][2]string{{"", "nope"}, {"nope", "web"}, {"kube-system", "two"}} {
		got, ok := c.AppendServicePodStates([]PodState{kept}, miss[0], miss[1])
		require.False(t, ok, miss)
		require.Equal(t, []PodState{kept}, got, miss)
	}
}

// Read again into the slice of the previous call, AppendServicePodStates
// allocates nothing, and it follows an update of the selector.
func TestAppendServicePodStatesAllocs(t *testing.T) {
	c := mustNew(t, Config{Seed: 3})
	must(t, c.CreateDeployment(webDeployment(20, 0)))
	_, err := c.CreateService(webService())
	must(t, err)
	must(t, c.Settle())
	states, _ := c.AppendServicePodStates(nil, "", "web")
	require.Len(t, states, 20)
	if n := testing.AllocsPerRun(100, func() { states, _ = c.AppendServicePodStates(states[:0], "", "web") }); n != 0 {
		t.Errorf("AppendServicePodStates into a large enough slice: %v allocations, want 0", n)
	}
	require.Len(t, states, 20)
	s, _ := c.Service("", "web")
	s.Selector = selector.Set{"app": "other"}
	_, err = c.UpdateService(s)
	must(t, err)
	states, ok := c.AppendServicePodStates(states[:0], "", "web")
	require.True(t, ok)
	require.Empty(t, states)
}
