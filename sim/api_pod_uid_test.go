package sim

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
)

// PodUID is the UID Pod reports, without building the pod.
func TestPodUID(t *testing.T) {
	c, err := New(Config{Seed: 4})
	require.NoError(t, err)
	_, err = c.CreatePod(pod.Pod{Name: "bare", Labels: selector.Set{"app": "x"}})
	require.NoError(t, err)
	require.NoError(t, c.Settle())
	pods := c.Pods("", selector.Everything())
	pods = append(pods, c.Pods("kube-system", selector.Everything())...)
	require.NotEmpty(t, pods)
	for _, p := range pods {
		uid, ok := c.PodUID(p.Namespace, p.Name)
		require.True(t, ok, p.Name)
		require.Equal(t, p.UID, uid, p.Name)
	}
	_, ok := c.PodUID("", "nope")
	require.False(t, ok)
}
