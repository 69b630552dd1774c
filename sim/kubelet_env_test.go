package sim

import (
	"fmt"
	"maps"
	"reflect"
	"testing"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
	"github.com/svcsim/svcsim/service"
)

// A namespace's own Service named kubernetes gives its pods the
// KUBERNETES_* variables in place of default/kubernetes, unless it has no
// cluster IP (kubelet getServiceEnvVarMap: only Services with a cluster
// IP count, and the pod's namespace wins over the master Service).
func TestEnvOwnKubernetesService(t *testing.T) {
	for _, tc := range []struct {
		name     string
		headless bool
		want     string // KUBERNETES_SERVICE_PORT
	}{
		{"with a cluster IP", false, "8080"},
		{"headless", true, "443"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := mustNew(t, Config{Seed: 1})
			_, err := c.CreateService(service.Service{Namespace: "team", Name: "kubernetes", Headless: tc.headless,
				Ports: []service.Port{{Port: 8080}}})
			must(t, err)
			p, err := c.CreatePod(pod.Pod{Namespace: "team", Name: "client"})
			must(t, err)
			if got := p.Env["KUBERNETES_SERVICE_PORT"]; got != tc.want {
				t.Errorf("KUBERNETES_SERVICE_PORT = %q, want %q (env %v)", got, tc.want, p.Env)
			}
		})
	}
}

// A container's variables cost what service.EnvVars builds (the map, its
// text, its scratch) and little more: one array of the Services the
// container sees (the index by name stays on the stack).
func TestEnvForAllocs(t *testing.T) {
	c := smallCluster(t)
	i, ok := c.lookupPod("default", "client")
	if !ok {
		t.Fatal("no client pod")
	}
	p := c.pod(i)
	if env := c.envFor(p.tmpl.ns, p.envSeq); len(env) != 16 {
		t.Fatalf("env: %v", env)
	}
	f := func() { c.envFor(p.tmpl.ns, p.envSeq) }
	allocs := testing.AllocsPerRun(100, f)
	_, bytes := allocated(100, f)
	if allocs > 12 || bytes > 3700 {
		t.Errorf("envFor: %v allocations, %.0f bytes, want at most 12 and 3700", allocs, bytes)
	}
}

// The calls that copy many pods (Pods, a watch's replay) build each start
// generation's variables once and give every pod a map of its own: each
// equals what Pod returns, across namespaces and generations, and
// changing one pod's map changes no other's.
func TestListedPodsEnv(t *testing.T) {
	c := smallCluster(t)
	// A second namespace, whose pods see other Services, and pods of
	// default started after one more Service.
	for _, ns := range []string{"default", "other"} {
		_, err := c.CreateService(service.Service{Namespace: ns, Name: "extra", Ports: []service.Port{{Port: 81}}})
		must(t, err)
		for _, name := range []string{"late-1", "late-2"} {
			_, err := c.CreatePod(pod.Pod{Namespace: ns, Name: name})
			must(t, err)
		}
	}
	must(t, c.Settle())
	var replayed []pod.Pod
	stop, err := c.Watch(WatchPods, WatchOptions{Replay: true}, func(e WatchEvent) {
		if p := e.Object.(pod.Pod); p.Namespace != "kube-system" {
			replayed = append(replayed, p)
		}
	})
	must(t, err)
	stop()
	listed := append(c.Pods("default", selector.Everything()), c.Pods("other", selector.Everything())...)
	for what, pods := range map[string][]pod.Pod{"Pods": listed, "watch replay": replayed} {
		if len(pods) != 8 { // web ×3, client, late-1 and -2 in each namespace
			t.Fatalf("%s: %d pods", what, len(pods))
		}
		seen := map[string]bool{}
		for _, p := range pods {
			one, _ := c.Pod(p.Namespace, p.Name)
			if len(p.Env) == 0 || !maps.Equal(p.Env, one.Env) {
				t.Errorf("%s: pod %s: env %v, Pod gives %v", what, p.Key(), p.Env, one.Env)
			}
			seen[fmt.Sprint(p.Env)] = true
			p.Env["KUBERNETES_SERVICE_HOST"] = "changed"
		}
		if len(seen) != 3 {
			t.Errorf("%s: %d distinct environments, want 3", what, len(seen))
		}
		for _, p := range pods {
			one, _ := c.Pod(p.Namespace, p.Name)
			if one.Env["KUBERNETES_SERVICE_HOST"] == "changed" {
				t.Fatalf("%s: changing a copy changed the cluster's pod %s", what, p.Key())
			}
		}
		owner := map[uintptr]string{}
		for _, p := range pods {
			if q, ok := owner[mapPtr(p.Env)]; ok {
				t.Errorf("%s: pods %s and %s share an env map", what, q, p.Key())
			}
			owner[mapPtr(p.Env)] = p.Key()
		}
	}
}

func mapPtr(m map[string]string) uintptr { return reflect.ValueOf(m).Pointer() }

// Listing the small cluster's four pods of default, started at one
// generation, builds their variables' text once: 41 allocations and 9.8
// KB (44 and 11.7 KB when each pod built its own).
func TestPodsEnvBuiltOnce(t *testing.T) {
	c := smallCluster(t)
	f := func() { c.Pods("default", selector.Everything()) }
	allocs := testing.AllocsPerRun(100, f)
	_, bytes := allocated(100, f)
	if allocs > 42 || bytes > 10500 {
		t.Errorf("Pods: %v allocations, %.0f bytes, want at most 42 and 10500", allocs, bytes)
	}
}
