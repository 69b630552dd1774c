package sim

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
)

// An object's resourceVersion is that of its last change a watch of its
// kind was told; a kind nobody watches has no per-object numbers: its
// objects report the cluster's counter.
func TestObjectResourceVersion(t *testing.T) {
	c := mustNew(t, Config{Seed: 1})
	_, err := c.CreatePod(pod.Pod{Name: "before", Labels: selector.Set{"a": "b"}})
	must(t, err)
	settleCheck(t, c)
	require.Equal(t, c.ResourceVersion(), c.ObjectResourceVersion(WatchPods, "", "before"), "unwatched kind")

	rvs := map[string]uint64{}
	stop, err := c.Watch(WatchPods, WatchOptions{}, func(ev WatchEvent) {
		rvs[ev.Object.(pod.Pod).Name] = ev.ResourceVersion
	})
	must(t, err)
	start := c.ResourceVersion()
	require.Equal(t, start, c.ObjectResourceVersion(WatchPods, "default", "before"), "listed at the watch's start")
	_, err = c.CreatePod(pod.Pod{Name: "p", Labels: selector.Set{"a": "b"}})
	must(t, err)
	settleCheck(t, c)
	require.Equal(t, rvs["p"], c.ObjectResourceVersion(WatchPods, "", "p"))
	require.Greater(t, rvs["p"], start)
	require.Equal(t, start, c.ObjectResourceVersion(WatchPods, "", "before"), "unchanged since")
	must(t, c.SetPodLabels("", "before", selector.Set{"a": "c"}))
	require.Equal(t, rvs["before"], c.ObjectResourceVersion(WatchPods, "", "before"))
	require.Greater(t, rvs["before"], rvs["p"])
	require.Zero(t, c.ObjectResourceVersion(WatchPods, "", "nope"))
	require.Zero(t, c.ObjectResourceVersion(WatchKind(0), "", "p"))
	stop()
	require.Equal(t, c.ResourceVersion(), c.ObjectResourceVersion(WatchPods, "", "p"), "no longer watched")
}
