package kube

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/svcsim/svcsim/sim"
)

// TestGetYAML: an object as `kubectl get KIND NAME -o yaml` prints it:
// its k8s.io/api form, keys sorted; an unknown one is NotFound.
func TestGetYAML(t *testing.T) {
	c := newCluster(t)
	require.NoError(t, c.Settle())
	y, err := GetYAML(c, "Service", "", "kubernetes")
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(string(y), "apiVersion: v1\nkind: Service\nmetadata:\n"), string(y))
	assert.Contains(t, string(y), "  clusterIP: 10.96.0.1\n")
	for _, k := range []struct{ kind, ns, name string }{
		{"Node", "", "node-1"}, {"Deployment", "kube-system", "coredns"}, {"Endpoints", "default", "kubernetes"},
		{"Service", "kube-system", "kube-dns"},
	} {
		y, err := GetYAML(c, k.kind, k.ns, k.name)
		require.NoError(t, err, k)
		assert.Contains(t, string(y), "kind: "+k.kind+"\n")
	}
	_, err = GetYAML(c, "Deployment", "default", "nope")
	assert.True(t, errors.Is(err, sim.ErrNotFound), "%v", err)
	_, err = GetYAML(c, "CronJob", "default", "x")
	assert.Error(t, err)
}
