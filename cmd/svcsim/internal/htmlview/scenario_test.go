package htmlview

import (
	"encoding/json"
	"maps"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
	"github.com/svcsim/svcsim/service"
	"github.com/svcsim/svcsim/sim"
)

// tour runs the tour's story in miniature, marking each command as the
// scenario language would: a Deployment behind a Service, a client,
// scaling, a deleted pod whose stale rules fail a connection, a rolling
// restart and a node failure. Each step ends with the work due at its
// instant done (Advance(0)), as the scenario language's commands do; then
// tour calls at (if not nil), so a test can compare the recorder's state.
func tour(t testing.TB, opts Options, at func(c *sim.Cluster, r *Recorder)) *Recorder {
	t.Helper()
	c, err := sim.New(sim.Config{Seed: 42})
	require.NoError(t, err)
	r, err := New(c, opts)
	require.NoError(t, err)
	step := func(label string, f func() error) {
		t.Helper()
		r.Mark(label)
		require.NoError(t, f(), label)
		require.NoError(t, c.Advance(0), label)
		if at != nil {
			at(c, r)
		}
	}
	curl := func(n int) {
		for range n {
			conn, err := c.Connect(sim.FromPod("default", "client"), "web:80")
			r.Conn("web:80", conn, err)
		}
	}
	step("kubectl create deployment web --image=agnhost --replicas=3 --port=8080", func() error {
		return c.CreateDeployment(sim.Deployment{Name: "web", Replicas: 3, Labels: selector.Set{"app": "web"},
			Ports: []pod.ContainerPort{{Name: "http", Port: 8080}}, ReadyAfter: 2 * time.Second})
	})
	step("kubectl expose deployment web --port=80 --target-port=8080", func() error {
		_, err := c.CreateService(service.Service{Name: "web", Selector: selector.Set{"app": "web"},
			Ports: []service.Port{{Port: 80, TargetPort: service.TargetPortNumber(8080)}}})
		return err
	})
	step("kubectl run client --image=busybox", func() error {
		_, err := c.CreatePod(pod.Pod{Name: "client", Labels: selector.Set{"run": "client"}})
		return err
	})
	step("sim settle", c.Settle)
	step("kubectl exec client -- curl -s web:80", func() error { curl(6); return nil })
	step("kubectl scale deployment/web --replicas=5", func() error { return c.Scale("default", "web", 5) })
	step("sim advance 5s", func() error { return c.Advance(5 * time.Second) })
	victim := c.Pods("default", selector.MustParse("app=web"))[0].Name
	step("kubectl delete pod "+victim+" --force --grace-period=0", func() error { return c.ForceDeletePod("default", victim) })
	step("kubectl exec client -- curl -s web:80", func() error { curl(20); return nil })
	step("sim advance 1s", func() error { return c.Advance(time.Second) })
	step("kubectl rollout restart deployment/web", func() error { return c.Rollout("default", "web") })
	step("sim advance 30s", func() error { return c.Advance(30 * time.Second) })
	step("sim fail node-2", func() error { return c.FailNode("node-2") })
	step("sim advance 6m", func() error { return c.Advance(6 * time.Minute) })
	step("kubectl exec client -- curl -s web:80", func() error { curl(6); return nil })
	r.Close()
	return r
}

// stateAt returns the state the page shows at instant f (0 is the first
// it keeps), computed as its script computes it.
func (r *Recorder) stateAt(f int) map[string]map[string]json.RawMessage {
	s := map[string]map[string]json.RawMessage{}
	for k, m := range r.base {
		s[k] = maps.Clone(m)
	}
	for _, ch := range r.changes {
		if ch.frame > f {
			break
		}
		setObj(s, ch.kind, ch.key, ch.obj)
	}
	return s
}

// clusterState is the cluster's state now as the page shows it, read
// with the cluster's list calls rather than its watch.
func clusterState(t testing.TB, c *sim.Cluster) map[string]map[string]json.RawMessage {
	s := map[string]map[string]json.RawMessage{}
	put := func(kind, key string, v any) {
		b, err := json.Marshal(v)
		require.NoError(t, err)
		setObj(s, kind, key, b)
	}
	for _, ns := range []string{"default"} {
		for _, p := range c.Pods(ns, selector.Everything()) {
			put(kindPod, ns+"/"+p.Name, viewPod(p))
		}
		for _, sv := range c.Services(ns) {
			put(kindService, ns+"/"+sv.Name, viewService(sv))
			if e, ok := c.Endpoints(ns, sv.Name); ok {
				put(kindEndpoint, ns+"/"+sv.Name, viewEndpoints(e))
			}
			if ps, ok := c.ProxyService(ns, sv.Name); ok {
				put(kindProxy, ns+"/"+sv.Name, viewProxy(ps))
			}
		}
	}
	for _, n := range c.Nodes() {
		put(kindNode, n.Name, viewNode(n))
	}
	return s
}

// TestSnapshotsEqualCluster: the state the page rebuilds at each step's
// instant equals what the cluster's reads return at the end of it (the
// page shows an instant as its last step left it).
func TestSnapshotsEqualCluster(t *testing.T) {
	type seen struct {
		step  string
		state map[string]map[string]json.RawMessage
	}
	want := map[int]seen{}
	r := tour(t, Options{}, func(c *sim.Cluster, r *Recorder) {
		want[r.frame()] = seen{r.marks[len(r.marks)-1].label, clusterState(t, c)}
	})
	require.Greater(t, r.instants(), 10)
	require.GreaterOrEqual(t, len(want), 6)
	for f, w := range want {
		got := r.stateAt(f)
		for _, kind := range []string{kindPod, kindService, kindEndpoint, kindProxy, kindNode} {
			require.Equal(t, jsonMap(w.state[kind]), jsonMap(got[kind]), "instant %d (after %s), %s", f, w.step, kind)
		}
	}
}

// jsonMap makes a state's objects readable in a failure's diff.
func jsonMap(m map[string]json.RawMessage) map[string]string {
	out := map[string]string{}
	for k, v := range m {
		out[k] = string(v)
	}
	return out
}

// longStory scales a Deployment between 10 and 30 replicas cycles times,
// 20 virtual seconds apart, with a connection from outside each time: a
// story with thousands of changes.
func longStory(t testing.TB, opts Options, cycles int) *Recorder {
	t.Helper()
	c, err := sim.New(sim.Config{Seed: 1})
	require.NoError(t, err)
	r, err := New(c, opts)
	require.NoError(t, err)
	require.NoError(t, c.CreateDeployment(sim.Deployment{Name: "web", Replicas: 10, Labels: selector.Set{"app": "web"},
		Ports: []pod.ContainerPort{{Name: "http", Port: 8080}}, ReadyAfter: time.Second}))
	_, err = c.CreateService(service.Service{Name: "web", Selector: selector.Set{"app": "web"},
		Ports: []service.Port{{Name: "http", Port: 80, TargetPort: service.TargetPortNumber(8080)}, {Name: "metrics", Port: 9090}}})
	require.NoError(t, err)
	for i := range cycles {
		n := 10 + 20*(1-i%2)
		r.Mark("kubectl scale deployment/web --replicas=" + strconv.Itoa(n))
		require.NoError(t, c.Scale("default", "web", n))
		require.NoError(t, c.Advance(20*time.Second))
		conn, err := c.Connect(sim.External(c.Nodes()[0].IP), "web:80")
		r.Conn("web:80", conn, err)
	}
	r.Close()
	return r
}
