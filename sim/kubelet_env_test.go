package sim

import (
	"testing"

	"github.com/svcsim/svcsim/pod"
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
