package sim

import (
	"maps"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
)

// summaryOf is the part of a pod PodSummaries reports.
func summaryOf(p pod.Pod) PodSummary {
	return PodSummary{Name: p.Name, Labels: p.Labels, NodeName: p.NodeName, IP: p.IP, Ports: p.Ports,
		Phase: p.Phase, Ready: p.Ready, Terminating: p.Terminating, ContainerReason: p.ContainerReason}
}

// PodSummaries reports what Pods does of each pod it lists, in the same
// order, for pods in every state: running and ready, not ready,
// terminating, crashed, in CrashLoopBackOff, on a failed node, pending.
func TestPodSummaries(t *testing.T) {
	podsInEveryState(t, samePods)
}

// podsInEveryState builds a cluster whose default namespace holds pods in
// every state, calls check on it before and after failing every node,
// and asserts that the states check returned (phase/container reason,
// "terminating", "not ready") cover them all.
func podsInEveryState(t *testing.T, check func(*testing.T, *Cluster) map[string]bool) {
	t.Helper()
	c := mustNew(t, Config{Seed: 3, Nodes: 2})
	must(t, c.CreateDeployment(webDeployment(5, 0)))
	_, err := c.CreatePod(pod.Pod{Name: "bare", Labels: selector.Set{"app": "bare", "tier": "x"},
		Ports: []pod.ContainerPort{{Name: "dns", Port: 53, Protocol: pod.UDP}}})
	must(t, err)
	must(t, c.Settle())
	web := c.Pods("", selector.FromSet(selector.Set{"app": "web"}))
	must(t, c.SetPodReady("", web[0].Name, false))
	must(t, c.DeletePod("", web[1].Name))
	must(t, c.SetCrashLoop("", web[3].Name, true))
	must(t, c.CrashPod("", web[3].Name))
	must(t, c.Advance(2*time.Second)) // relist: web[3] restarts and exits; relist: back-off
	must(t, c.CrashPod("", web[2].Name))
	states := check(t, c)
	for _, n := range c.Nodes() {
		must(t, c.FailNode(n.Name))
	}
	must(t, c.Scale("", "web", 7)) // no node takes the new pods: they stay Pending
	must(t, c.Advance(time.Minute))
	maps.Copy(states, check(t, c))
	for _, st := range []string{"Running/", "Running/Error", "Running/CrashLoopBackOff", "Pending/", "terminating", "not ready"} {
		require.True(t, states[st], "no pod %s in the test: %v", st, states)
	}
}

// samePods checks that PodSummaries reports what Pods does, for every
// namespace and a selector, and returns the states of the default
// namespace's pods: phase/container reason, "terminating", "not ready".
func samePods(t *testing.T, c *Cluster) map[string]bool {
	t.Helper()
	for _, ns := range []string{"", "kube-system", "nope"} {
		for _, sel := range []selector.Selector{selector.Everything(), selector.FromSet(selector.Set{"app": "web"})} {
			var want []PodSummary
			for _, p := range c.Pods(ns, sel) {
				want = append(want, summaryOf(p))
			}
			require.Equal(t, want, c.PodSummaries(ns, sel), "namespace %q, selector %v", ns, sel)
		}
	}
	return stateTally(c.AppendPodStates(nil, "", selector.Everything()))
}

// stateTally returns which states pods are in: "phase/container reason",
// "terminating", "not ready".
func stateTally(pods []PodState) map[string]bool {
	states := map[string]bool{}
	for _, s := range pods {
		states[string(s.Phase)+"/"+s.ContainerReason] = true
		states["terminating"] = states["terminating"] || s.Terminating
		states["not ready"] = states["not ready"] || !s.Ready
	}
	return states
}

// The labels and ports PodSummaries returns are the caller's: changing
// them changes nothing in the cluster.
func TestPodSummariesAreCopies(t *testing.T) {
	c := mustNew(t, Config{Seed: 3})
	_, err := c.CreatePod(pod.Pod{Name: "bare", Labels: selector.Set{"app": "bare"},
		Ports: []pod.ContainerPort{{Name: "http", Port: 8080}}})
	must(t, err)
	_, err = c.CreatePod(pod.Pod{Name: "bare2", Labels: selector.Set{"app": "bare"},
		Ports: []pod.ContainerPort{{Name: "http", Port: 8081}}})
	must(t, err)
	s := c.PodSummaries("", selector.Everything())
	require.Len(t, s, 2)
	s[0].Labels["app"] = "changed"
	s[0].Ports[0].Port = 1
	p, _ := c.Pod("", "bare")
	require.Equal(t, selector.Set{"app": "bare"}, p.Labels)
	require.Equal(t, int32(8080), p.Ports[0].Port)
	// The summaries' ports may share an array, but an append to one
	// leaves the next alone.
	s[0].Ports = append(s[0].Ports, pod.ContainerPort{Name: "extra", Port: 9})
	require.Equal(t, []pod.ContainerPort{{Name: "http", Port: 8081, Protocol: pod.TCP}}, s[1].Ports)
	settleCheck(t, c)
}
