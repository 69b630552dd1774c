package kube

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"k8s.io/apimachinery/pkg/api/equality"
	"k8s.io/apimachinery/pkg/runtime"
	"sigs.k8s.io/yaml"

	"github.com/svcsim/svcsim/sim"
)

// updateConvert rewrites the conversion tests' golden files (a name of its
// own: the package's other tests may have their -update).
var updateConvert = flag.Bool("update-convert", false, "rewrite the conversion tests' golden files")

// convertGolden compares got with testdata/name, or rewrites it with
// -update-convert.
func convertGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *updateConvert {
		require.NoError(t, os.MkdirAll("testdata", 0o755))
		require.NoError(t, os.WriteFile(path, got, 0o644))
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test -update-convert to write it")
	require.Equal(t, string(want), string(got))
}

// One object of each kind, as `kubectl get <kind> <name> -o yaml` prints
// it, kept in testdata/convert_get.yaml (documents in kind order).
func TestGetYAMLGolden(t *testing.T) {
	c := liveCluster(t)
	var out bytes.Buffer
	for _, g := range []struct {
		kind      sim.WatchKind
		namespace string
		name      string
	}{
		{sim.WatchNamespaces, "", "shop"},
		{sim.WatchNodes, "", "node-3"},
		{sim.WatchServices, "", "web"},
		{sim.WatchServices, "", "db"},
		{sim.WatchEndpoints, "", "web"},
		{sim.WatchDeployments, "", "web"},
		{sim.WatchStatefulSets, "", "db"},
		{sim.WatchPods, "", "db-0"},
		{sim.WatchPods, "", "bare"},
	} {
		obj, ok := Get(c, g.kind, g.namespace, g.name)
		require.True(t, ok, "%s %s", g.kind, g.name)
		b, err := YAML(obj)
		require.NoError(t, err)
		out.WriteString("---\n")
		out.Write(b)
	}
	for _, kind := range []sim.WatchKind{sim.WatchReplicaSets, sim.WatchEndpointSlices} {
		objs := List(c, kind, "default")
		require.NotEmpty(t, objs)
		b, err := YAML(objs[0])
		require.NoError(t, err)
		out.WriteString("---\n")
		out.Write(b)
	}
	crash := List(c, sim.WatchPods, "shop")
	require.NotEmpty(t, crash)
	b, err := YAML(crash[0])
	require.NoError(t, err)
	out.WriteString("---\n")
	out.Write(b)
	convertGolden(t, "convert_get.yaml", out.Bytes())
}

// apiKinds are the watch kinds that are API resources.
var apiKinds = []sim.WatchKind{sim.WatchPods, sim.WatchServices, sim.WatchEndpoints, sim.WatchEndpointSlices,
	sim.WatchNodes, sim.WatchDeployments, sim.WatchReplicaSets, sim.WatchStatefulSets, sim.WatchNamespaces}

// YAML prints the top-level keys sorted, as kubectl does: apiVersion and
// kind first (an EndpointSlice's addressType comes before them); what it
// prints reads back as the same object.
func TestYAMLReadsBack(t *testing.T) {
	c := liveCluster(t)
	for _, kind := range apiKinds {
		objs := List(c, kind, "")
		require.NotEmpty(t, objs, kind.String())
		for _, obj := range objs {
			b, err := YAML(obj)
			require.NoError(t, err)
			if kind == sim.WatchEndpointSlices {
				require.True(t, strings.HasPrefix(string(b), "addressType: IPv4\napiVersion: discovery.k8s.io/v1\n"), string(b))
			} else {
				require.True(t, strings.HasPrefix(string(b), "apiVersion: "), string(b))
			}
			back := reflect.New(reflect.TypeOf(obj).Elem()).Interface().(runtime.Object)
			require.NoError(t, yaml.Unmarshal(b, back))
			require.True(t, equality.Semantic.DeepEqual(obj, back), "%s", b)
		}
	}
}

// A list prints as kubectl's List, empty or not.
func TestListYAML(t *testing.T) {
	b, err := ListYAML(nil)
	require.NoError(t, err)
	require.Equal(t, "apiVersion: v1\nitems: []\nkind: List\nmetadata:\n  resourceVersion: \"\"\n", string(b))
	c := liveCluster(t)
	b, err = ListYAML(List(c, sim.WatchNamespaces, ""))
	require.NoError(t, err)
	require.True(t, strings.HasPrefix(string(b), "apiVersion: v1\nitems:\n- apiVersion: v1\n  kind: Namespace\n"), string(b))
	require.True(t, strings.HasSuffix(string(b), "kind: List\nmetadata:\n  resourceVersion: \"\"\n"), string(b))
}
