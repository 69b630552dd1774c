package kube

import (
	"bytes"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	"sigs.k8s.io/yaml"

	"github.com/svcsim/svcsim/selector"
	"github.com/svcsim/svcsim/sim"
)

// A realistic manifest, decoded into k8s.io/api values and converted,
// creates a working app: the conversions give the cluster's calls what
// they take (the readiness probe's delay, initialDelaySeconds 3 +
// periodSeconds 2 × (successThreshold 2 − 1) = 5 s, reaches the pods),
// and the ignored fields come back as warnings.
func TestManifestObjectsWork(t *testing.T) {
	b, err := os.ReadFile("testdata/convert_guestbook.yaml")
	require.NoError(t, err)
	c, err := sim.New(sim.Config{Seed: 3})
	require.NoError(t, err)
	var warnings []string
	for _, doc := range bytes.Split(b, []byte("\n---\n")) {
		var tm struct{ Kind string }
		require.NoError(t, yaml.Unmarshal(doc, &tm))
		var ws []string
		switch tm.Kind {
		case "Namespace":
			var k corev1.Namespace
			require.NoError(t, yaml.UnmarshalStrict(doc, &k))
			n, w, err := FromNamespace(&k)
			require.NoError(t, err)
			ws = w
			require.NoError(t, c.CreateNamespace(n))
		case "Deployment":
			var k appsv1.Deployment
			require.NoError(t, yaml.UnmarshalStrict(doc, &k))
			d, w, err := FromDeployment(&k)
			require.NoError(t, err)
			ws = w
			require.Equal(t, 5*time.Second, d.ReadyAfter)
			require.NoError(t, c.CreateDeployment(d))
		case "StatefulSet":
			var k appsv1.StatefulSet
			require.NoError(t, yaml.UnmarshalStrict(doc, &k))
			s, w, err := FromStatefulSet(&k)
			require.NoError(t, err)
			ws = w
			require.NoError(t, c.CreateStatefulSet(s))
		case "Service":
			var k corev1.Service
			require.NoError(t, yaml.UnmarshalStrict(doc, &k))
			s, w, err := FromService(&k)
			require.NoError(t, err)
			ws = w
			_, err = c.CreateService(s)
			require.NoError(t, err)
		default:
			t.Fatalf("kind %q", tm.Kind)
		}
		warnings = append(warnings, ws...)
	}
	require.Equal(t, []string{
		ignoredWarning("deployment guestbook/frontend", "spec.template.spec.containers[0].env"),
		ignoredWarning("deployment guestbook/frontend", "spec.template.spec.containers[0].resources"),
	}, warnings)
	require.NoError(t, c.Advance(4*time.Second))
	ep, _ := c.Endpoints("guestbook", "frontend")
	require.Len(t, ep.Subsets, 1)
	require.Empty(t, ep.Subsets[0].Addresses, "not ready before the probe's delay")
	require.Len(t, ep.Subsets[0].NotReadyAddresses, 3)
	require.NoError(t, c.Settle())
	require.NoError(t, c.Check())
	ep, _ = c.Endpoints("guestbook", "frontend")
	require.Len(t, ep.Subsets, 1)
	require.Len(t, ep.Subsets[0].Addresses, 3)
	require.Equal(t, int32(80), ep.Subsets[0].Ports[0].Port)
	ns, ok := c.Namespace("guestbook")
	require.True(t, ok)
	require.Equal(t, selector.Set{"team": "web", sim.LabelMetadataName: "guestbook"}, ns.Labels)
	addrs, err := c.Resolve("guestbook", "redis-1.redis")
	require.NoError(t, err)
	require.Len(t, addrs, 1)
	st, _ := c.StatefulSet("guestbook", "redis")
	require.Equal(t, 10*time.Second, st.TerminationGracePeriod)
}
