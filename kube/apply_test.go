package kube

import (
	"errors"
	"fmt"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
	"github.com/svcsim/svcsim/service"
	"github.com/svcsim/svcsim/sim"
)

func newCluster(t testing.TB) *sim.Cluster {
	t.Helper()
	c, err := sim.New(sim.Config{Seed: 11})
	require.NoError(t, err)
	return c
}

func manifest(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "manifests", name))
	require.NoError(t, err)
	return b
}

func mustApply(t testing.TB, c *sim.Cluster, m string) []string {
	t.Helper()
	w, err := Apply(c, []byte(m))
	require.NoError(t, err)
	return w
}

// snapshot is everything observable of c that an Apply could change.
func snapshot(c *sim.Cluster) string {
	var b strings.Builder
	fmt.Fprintln(&b, "rv", c.ResourceVersion(), "now", c.Now())
	for _, ns := range []string{"default", "guestbook", "kube-system", "shop"} {
		for _, s := range c.Services(ns) {
			fmt.Fprintf(&b, "%+v\n", s)
			if e, ok := c.Endpoints(ns, s.Name); ok {
				fmt.Fprintf(&b, "%+v\n", e)
			}
			for _, sl := range c.EndpointSlices(ns, s.Name) {
				fmt.Fprintf(&b, "%+v\n", sl)
			}
		}
		for _, d := range c.Deployments(ns) {
			fmt.Fprintf(&b, "%+v\n", d)
		}
		for _, s := range c.StatefulSets(ns) {
			fmt.Fprintf(&b, "%+v\n", s)
		}
		for _, p := range c.Pods(ns, selector.Everything()) {
			fmt.Fprintf(&b, "%+v\n", p)
		}
	}
	for _, e := range c.Events() {
		fmt.Fprintln(&b, e)
	}
	return b.String()
}

// followUp makes calls that draw from every random stream (ClusterIPs,
// node ports, pod names, scheduling, UIDs) and runs the clock.
func followUp(t testing.TB, c *sim.Cluster) {
	t.Helper()
	_, err := c.CreateService(service.Service{Name: "after", Type: service.LoadBalancer, Selector: selector.Set{"app": "after"},
		Ports: []service.Port{{Port: 80}}})
	require.NoError(t, err)
	require.NoError(t, c.CreateDeployment(sim.Deployment{Name: "after", Replicas: 3, Labels: selector.Set{"app": "after"},
		Containers: []sim.Container{{Name: "app", Image: "app:1"}}}))
	require.NoError(t, c.Settle())
	require.NoError(t, c.Advance(time.Minute))
}

// requireUntouched applies bad to a cluster prepared by setup and checks
// that the Apply failed with an error containing want and changed
// nothing: the cluster looks the same, and the same calls afterwards give
// the same trace as on a twin that never saw the Apply.
func requireUntouched(t *testing.T, setup func(*sim.Cluster), bad []byte, want ...string) error {
	t.Helper()
	failed, twin := newCluster(t), newCluster(t)
	setup(failed)
	setup(twin)
	before := snapshot(failed)
	_, err := Apply(failed, bad)
	require.Error(t, err)
	for _, w := range want {
		assert.Contains(t, err.Error(), w)
	}
	var de *DocumentError
	assert.True(t, errors.As(err, &de), "%v is not a *DocumentError", err)
	require.Equal(t, before, snapshot(failed), "a failed Apply changed the cluster")
	followUp(t, failed)
	followUp(t, twin)
	require.Equal(t, snapshot(twin), snapshot(failed), "a failed Apply moved a random stream")
	return err
}

func TestApplyGuestbook(t *testing.T) {
	c := newCluster(t)
	w, err := Apply(c, manifest(t, "guestbook.yaml"))
	require.NoError(t, err)
	assert.Equal(t, sim.Epoch, c.Now(), "Apply moves no clock")
	assert.Empty(t, c.Pods("guestbook", selector.Everything()), "the controllers react when the cluster runs")
	assert.Equal(t, []string{"Warning: document 4 (line 46): deployment guestbook/frontend: " +
		"spec.template.spec.containers[0].resources: ignored (svcsim does not model it; it does not change Service networking)"}, w)
	ns, ok := c.Namespace("guestbook")
	require.True(t, ok)
	assert.Equal(t, sim.NamespaceActive, ns.Phase)
	require.NoError(t, c.Settle())
	require.NoError(t, c.Check())

	front, ok := c.Service("guestbook", "frontend")
	require.True(t, ok)
	assert.Equal(t, service.LoadBalancer, front.Type)
	assert.True(t, front.LoadBalancerIP.IsValid())
	pods := c.Pods("guestbook", selector.MustParse("tier=frontend"))
	assert.Len(t, pods, 3)
	conn, err := c.Connect(sim.External(netip.MustParseAddr("198.51.100.7")), front.LoadBalancerIP.String()+":80")
	require.NoError(t, err)
	assert.Contains(t, conn.Pod, "guestbook/frontend-")

	// The redis Service targets the named port "redis" of its pod.
	conn, err = c.Connect(sim.FromPod("guestbook", pods[0].Name), "redis:6379")
	require.NoError(t, err)
	assert.Equal(t, uint16(6379), conn.Backend.Port())
}

func TestApplyStatefulSet(t *testing.T) {
	c := newCluster(t)
	mustApply(t, c, string(manifest(t, "statefulset.yaml")))
	require.NoError(t, c.Settle())
	require.NoError(t, c.Check())
	svc, _ := c.Service("default", "nginx")
	assert.True(t, svc.Headless)
	addrs, err := c.Resolve("default", "web-1.nginx")
	require.NoError(t, err)
	p, ok := c.Pod("default", "web-1")
	require.True(t, ok)
	assert.Equal(t, []netip.Addr{p.IP}, addrs)
}

func TestApplyExternalNameJSON(t *testing.T) {
	c := newCluster(t)
	mustApply(t, c, string(manifest(t, "externalname.yaml")))
	cname, err := c.LookupCNAME("default", "database")
	require.NoError(t, err)
	assert.Equal(t, "db.example.com", cname)
}

func TestApplyNodePortNamedTargetPorts(t *testing.T) {
	c := newCluster(t)
	mustApply(t, c, string(manifest(t, "nodeport.yaml")))
	require.NoError(t, c.Settle())
	require.NoError(t, c.Check())
	svc, _ := c.Service("default", "echo")
	assert.Equal(t, int32(30080), svc.Ports[0].NodePort)
	metricsPort := svc.Ports[1].NodePort
	assert.NotZero(t, metricsPort)
	node := c.Nodes()[0].IP
	conn, err := c.Connect(sim.External(netip.MustParseAddr("198.51.100.7")), netip.AddrPortFrom(node, 30080).String())
	require.NoError(t, err)
	assert.Equal(t, uint16(8080), conn.Backend.Port())
	conn, err = c.Connect(sim.External(netip.MustParseAddr("198.51.100.7")), netip.AddrPortFrom(node, uint16(metricsPort)).String())
	require.NoError(t, err)
	assert.Equal(t, uint16(9090), conn.Backend.Port())

	// Re-applied, nothing changes: the allocated node port and ClusterIP stay.
	events := len(c.Events())
	mustApply(t, c, string(manifest(t, "nodeport.yaml")))
	again, _ := c.Service("default", "echo")
	assert.Equal(t, svc, again)
	assert.Len(t, c.Events(), events)
}

const appV1 = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: app
spec:
  selector:
    matchLabels: {app: app}
  template:
    metadata:
      labels: {app: app}
    spec:
      containers:
      - name: app
        image: app:1
`

func TestApplyKeepsWhatTheManifestLeavesOut(t *testing.T) {
	c := newCluster(t)
	mustApply(t, c, appV1)
	d, _ := c.Deployment("", "app")
	assert.Equal(t, 1, d.Replicas, "replicas defaults to 1")
	require.NoError(t, c.Scale("", "app", 4))
	require.NoError(t, c.Settle())

	// kubectl apply of the same manifest after a scale: the count stays.
	mustApply(t, c, appV1)
	d, _ = c.Deployment("", "app")
	assert.Equal(t, 4, d.Replicas)

	// A manifest that sets replicas sets it; one that then drops the
	// field resets it to the default, as the field was last applied.
	withReplicas := strings.Replace(appV1, "spec:\n  selector", "spec:\n  replicas: 2\n  selector", 1)
	mustApply(t, c, withReplicas)
	d, _ = c.Deployment("", "app")
	assert.Equal(t, 2, d.Replicas)
	mustApply(t, c, appV1)
	d, _ = c.Deployment("", "app")
	assert.Equal(t, 1, d.Replicas)
}

func TestApplyCrashLoopAnnotation(t *testing.T) {
	c := newCluster(t)
	mustApply(t, c, appV1)
	crashing := strings.Replace(appV1, "      labels: {app: app}\n    spec:", "      labels: {app: app}\n"+
		"      annotations: {svcsim.dev/crash-loop: \"true\"}\n    spec:", 1)
	mustApply(t, c, crashing)
	d, _ := c.Deployment("", "app")
	assert.True(t, d.CrashLoop)
	mustApply(t, c, appV1) // the annotation removed from the manifest
	d, _ = c.Deployment("", "app")
	assert.False(t, d.CrashLoop)
}

func TestApplyTemplateChangeRollsOut(t *testing.T) {
	c := newCluster(t)
	mustApply(t, c, strings.Replace(appV1, "spec:\n  selector", "spec:\n  replicas: 3\n  selector", 1))
	require.NoError(t, c.Settle())
	old := c.ReplicaSets("", selector.Everything())
	require.Len(t, old, 1)
	mustApply(t, c, strings.Replace(strings.Replace(appV1, "app:1", "app:2", 1), "spec:\n  selector", "spec:\n  replicas: 3\n  selector", 1))
	require.NoError(t, c.Settle())
	rss := c.ReplicaSets("", selector.Everything())
	require.Len(t, rss, 2)
	for _, p := range c.Pods("", selector.MustParse("app=app")) {
		assert.Equal(t, "app:2", p.Containers[0].Image)
	}
	require.NoError(t, c.Check())
}

func TestApplyLabelsMergeKeyByKey(t *testing.T) {
	c := newCluster(t)
	mustApply(t, c, "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  labels: {a: '1', b: '2'}\nspec:\n  ports: [{port: 80}]\n")
	s, _ := c.Service("", "web")
	s.Labels["c"] = "3" // set by someone else
	_, err := c.UpdateService(s)
	require.NoError(t, err)
	mustApply(t, c, "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  labels: {a: '9'}\nspec:\n  ports: [{port: 80}]\n")
	s, _ = c.Service("", "web")
	assert.Equal(t, map[string]string{"a": "9", "c": "3"}, map[string]string(s.Labels))
}

// TestApplyTwiceChangesNothing: re-applying a manifest makes no call, as
// kubectl reports every object "unchanged".
func TestApplyTwiceChangesNothing(t *testing.T) {
	for _, file := range []string{"guestbook.yaml", "statefulset.yaml", "externalname.yaml", "nodeport.yaml", "external-db.yaml"} {
		t.Run(file, func(t *testing.T) {
			c := newCluster(t)
			mustApply(t, c, string(manifest(t, file)))
			require.NoError(t, c.Settle())
			before := snapshot(c)
			mustApply(t, c, string(manifest(t, file)))
			assert.Equal(t, before, snapshot(c))
		})
	}
}

func TestApplyNamespaces(t *testing.T) {
	c := newCluster(t)
	shop := "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels: {team: a}\n"
	mustApply(t, c, shop)
	require.NoError(t, c.Settle())
	ns, ok := c.Namespace("shop")
	require.True(t, ok, "a declared namespace persists, empty")
	assert.Equal(t, "a", ns.Labels["team"])
	assert.Empty(t, mustApply(t, c, shop), "re-applied: unchanged")
	w := mustApply(t, c, strings.Replace(shop, "team: a", "team: b", 1))
	assert.Equal(t, []string{"Warning: document 1 (line 1): namespace shop: metadata.labels: not changed (svcsim cannot change " +
		"the labels of an existing namespace; they do not change Service networking)"}, w)

	// A namespace that exists only by its objects is declared by Apply.
	_, err := c.CreatePod(pod.Pod{Namespace: "tmp", Name: "p"})
	require.NoError(t, err)
	mustApply(t, c, "apiVersion: v1\nkind: Namespace\nmetadata: {name: tmp}\n")
	require.NoError(t, c.DeletePod("tmp", "p"))
	require.NoError(t, c.Settle())
	_, ok = c.Namespace("tmp")
	assert.True(t, ok)

	// The namespace kube-system is declared already: nothing to do.
	assert.Empty(t, mustApply(t, c, "apiVersion: v1\nkind: Namespace\nmetadata: {name: kube-system}\n"))
}

func TestApplyTerminatingNamespace(t *testing.T) {
	terminating := func(c *sim.Cluster) {
		_, err := c.CreatePod(pod.Pod{Namespace: "shop", Name: "last"})
		require.NoError(t, err)
		require.NoError(t, c.Settle())
		require.NoError(t, c.DeleteNamespace("shop"))
	}
	requireUntouched(t, terminating, []byte("apiVersion: v1\nkind: Service\nmetadata: {name: a}\nspec: {ports: [{port: 80}]}\n---\n"+
		"apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: shop}\nspec: {ports: [{port: 80}]}\n"),
		`document 2 (line 6): services "web" is forbidden: unable to create new content in namespace shop because it is being terminated`)
}

func TestApplyBarePod(t *testing.T) {
	const bare = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: tools\n  labels: {app: tools}\n" +
		"spec:\n  containers: [{name: sh, image: busybox}]\n"
	c := newCluster(t)
	mustApply(t, c, bare)
	p, ok := c.Pod("", "tools")
	require.True(t, ok)
	assert.Equal(t, "busybox", p.Containers[0].Image)

	// Labels change in place; other fields of a pod's spec may not.
	mustApply(t, c, strings.Replace(bare, "{app: tools}", "{app: tools, tier: debug}", 1))
	p, _ = c.Pod("", "tools")
	assert.Equal(t, "debug", p.Labels["tier"])
	requireUntouched(t, func(c *sim.Cluster) { mustApply(t, c, bare) }, []byte(strings.Replace(bare, "spec:\n", "spec:\n  nodeName: node-2\n", 1)),
		"document 1 (line 1): pod default/tools: spec: Forbidden: pod updates may not change fields other than")
	err := requireUntouched(t, func(c *sim.Cluster) { mustApply(t, c, bare) }, []byte(strings.Replace(bare, "busybox", "alpine", 1)),
		"document 1 (line 1): pod default/tools: spec.containers[0].image: Forbidden: svcsim cannot change the image")
	assert.ErrorIs(t, err, ErrUnsupported)
}

func TestApplyTestdataErrors(t *testing.T) {
	tests := []struct {
		file string
		want []string
	}{
		{"broken-yaml.yaml", []string{"document 2 (line 9)", "error converting YAML to JSON"}},
		{"broken-kind.yaml", []string{"document 2 (line 9)", `no matches for kind "Ingress" in version "networking.k8s.io/v1beta7"`}},
		{"broken-field.yaml", []string{"document 2 (line 9)", `unknown field "spec.template.spec.containers[0].ports[0].protocl"`}},
		{"broken-invalid.yaml", []string{"document 2 (line 9)", "service default/web: spec.ports[1].name: Duplicate value"}},
		{"broken-unsupported.yaml", []string{"document 2 (line 9)", "spec.template.spec.initContainers"}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			requireUntouched(t, func(*sim.Cluster) {}, manifest(t, tt.file), tt.want...)
		})
	}
}

func TestApplyAllOrNothing(t *testing.T) {
	existing := func(c *sim.Cluster) {
		mustApply(t, c, string(manifest(t, "nodeport.yaml")))
		require.NoError(t, c.Settle())
	}
	tests := []struct {
		name, manifest string
		want           []string
	}{{
		name: "node port taken by the cluster",
		manifest: "apiVersion: v1\nkind: Service\nmetadata: {name: a}\nspec:\n  ports: [{port: 80}]\n---\n" +
			"apiVersion: v1\nkind: Service\nmetadata: {name: b}\nspec:\n  type: NodePort\n  ports: [{port: 80, nodePort: 30080}]\n",
		want: []string{"document 2 (line 7)", "service default/b: spec.ports[0].nodePort: Invalid value: 30080: failed to allocate port 30080: provided port is already allocated"},
	}, {
		name: "node port requested twice in the manifest",
		manifest: "apiVersion: v1\nkind: Service\nmetadata: {name: a}\nspec:\n  type: NodePort\n  ports: [{port: 80, nodePort: 31000}]\n---\n" +
			"apiVersion: v1\nkind: Service\nmetadata: {name: b}\nspec:\n  type: NodePort\n  ports: [{port: 80, nodePort: 31000}]\n",
		want: []string{"document 2 (line 8)", "service default/b: spec.ports[0].nodePort: Invalid value: 31000: failed to allocate port 31000: provided port is already allocated"},
	}, {
		name: "ClusterIP requested twice in the manifest",
		manifest: "apiVersion: v1\nkind: Service\nmetadata: {name: a}\nspec:\n  clusterIP: 10.96.1.1\n  ports: [{port: 80}]\n---\n" +
			"apiVersion: v1\nkind: Service\nmetadata: {name: b}\nspec:\n  clusterIP: 10.96.1.1\n  ports: [{port: 80}]\n",
		want: []string{"document 2 (line 8)", `service default/b: spec.clusterIPs: Invalid value: ["10.96.1.1"]: failed to allocate IP 10.96.1.1: provided IP is already allocated`},
	}, {
		name: "immutable clusterIP",
		manifest: "apiVersion: v1\nkind: Service\nmetadata: {name: a}\nspec:\n  ports: [{port: 80}]\n---\n" +
			"apiVersion: v1\nkind: Service\nmetadata: {name: echo}\nspec:\n  clusterIP: 10.96.1.1\n  ports: [{port: 80}]\n",
		want: []string{"document 2 (line 7)", `service default/echo: spec.clusterIPs[0]: Invalid value: ["10.96.1.1"]: may not change once set`},
	}, {
		name: "immutable selector",
		manifest: "apiVersion: v1\nkind: Service\nmetadata: {name: a}\nspec:\n  ports: [{port: 80}]\n---\n" +
			"apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: echo}\nspec:\n  selector: {matchLabels: {app: echo, v: '2'}}\n" +
			"  template:\n    metadata: {labels: {app: echo, v: '2'}}\n    spec: {containers: [{name: echo, image: e}]}\n",
		want: []string{"document 2 (line 7)", "deployment default/echo: spec.selector", "field is immutable"},
	}, {
		name: "invalid deployment after a valid one",
		manifest: "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ok}\nspec:\n  selector: {matchLabels: {app: ok}}\n" +
			"  template:\n    metadata: {labels: {app: ok}}\n    spec: {containers: [{name: ok, image: ok}]}\n---\n" +
			"apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: bad}\nspec:\n  replicas: -1\n  selector: {matchLabels: {app: bad}}\n" +
			"  template:\n    metadata: {labels: {app: bad}}\n    spec: {containers: [{name: bad, image: bad}]}\n",
		want: []string{"document 2 (line 10)", "spec.replicas"},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			requireUntouched(t, existing, []byte(tt.manifest), tt.want...)
		})
	}
}
