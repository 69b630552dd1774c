package simtest_test

import (
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
	"github.com/svcsim/svcsim/service"
	"github.com/svcsim/svcsim/sim"
	"github.com/svcsim/svcsim/sim/simtest"
)

var update = flag.Bool("update", false, "rewrite the scripts under testdata/")

// setRapidFlags sets rapid's flags for the rest of t, restoring them at
// its end.
func setRapidFlags(t *testing.T, values map[string]string) {
	t.Helper()
	for name, v := range values {
		f := flag.Lookup(name)
		require.NotNil(t, f, name)
		old := f.Value.String()
		require.NoError(t, flag.Set(name, v))
		t.Cleanup(func() { _ = flag.Set(name, old) })
	}
}

// timing matches what changes from one run to the next in rapid's
// output: durations, and the failing case's file.
var timing = regexp.MustCompile(`\(([0-9.]+(ns|µs|ms|s|m))+\)|-rapid\.failfile="[^"]*"`)

// assertScript compares what rapid logged with testdata/name, durations
// masked; -update rewrites the file.
func assertScript(t *testing.T, name string, logs []string) {
	t.Helper()
	got := timing.ReplaceAllString(strings.Join(logs, "\n"), "(…)") + "\n"
	path := filepath.Join("testdata", name)
	if *update {
		require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, string(want), got, "the script changed (go test -update rewrites %s)", path)
}

// TestActionsScript pins what the churn actions draw and log for a fixed
// rapid seed: the same actions on the same targets, logged as the same
// kubectl commands, in the same order, in the default namespace and in
// another one. Making the actions cheaper must not change a single line.
func TestActionsScript(t *testing.T) {
	wd, err := os.Getwd()
	require.NoError(t, err)
	t.Chdir(t.TempDir()) // rapid writes a failing case under testdata/
	setRapidFlags(t, map[string]string{"rapid.seed": "1", "rapid.checks": "2", "rapid.steps": "100", "rapid.v": "true"})
	rec := &recordingTB{name: "TestActionsScript"}
	simtest.Property(rec, sim.Config{Seed: 7}, setupShop, func(rt *rapid.T, c *simtest.Cluster) {
		for _, s := range c.Services("default") {
			if s.Selector != nil {
				simtest.AssertEndpoints(rt, c, "default", s.Name)
			}
		}
	})
	rapid.Check(rec, func(rt *rapid.T) {
		c := simtest.New(rt, sim.Config{Seed: 7, Nodes: 2})
		require.NoError(t, c.CreateNamespace(sim.Namespace{Name: "shop"}))
		require.NoError(t, c.CreateDeployment(sim.Deployment{Namespace: "shop", Name: "cart", Replicas: 2,
			Labels: selector.Set{"app": "cart", "tier": "back"}, Ports: []pod.ContainerPort{{Name: "http", Port: 8080}}}))
		_, err := c.CreateService(service.Service{Namespace: "shop", Name: "cart", Selector: selector.Set{"app": "cart"},
			Ports: []service.Port{{Port: 80, TargetPort: service.TargetPortName("http")}}})
		require.NoError(t, err)
		acts := simtest.Actions(c, simtest.ActionOptions{Namespace: "shop", MaxReplicas: 2, Waits: []time.Duration{time.Minute, 0, time.Minute}})
		acts[""] = simtest.Invariants(c, func(rt *rapid.T, c *simtest.Cluster) {
			simtest.AssertEndpoints(rt, c, "shop", "cart")
		})
		rt.Repeat(acts)
	})
	require.Empty(t, rec.errs)
	t.Chdir(wd)
	assertScript(t, "actions.script", rec.logs)
}

// TestShrunkScript pins what a failing property prints for a fixed rapid
// seed: the shrunk case as a script, the failed invariant and the
// cluster's dump.
func TestShrunkScript(t *testing.T) {
	wd, err := os.Getwd()
	require.NoError(t, err)
	t.Chdir(t.TempDir())
	setRapidFlags(t, map[string]string{"rapid.seed": "1", "rapid.checks": "100", "rapid.steps": "30"})
	rec := &recordingTB{name: "TestWebServes"}
	rapid.Check(rec, func(rt *rapid.T) {
		c := simtest.New(rt, sim.Config{Seed: 7, Nodes: 2})
		if err := c.CreateDeployment(sim.Deployment{Name: "web", Replicas: 2, Labels: selector.Set{"app": "web"},
			Ports: []pod.ContainerPort{{Name: "http", Port: 8080}}}); err != nil {
			rt.Fatal(err)
		}
		if _, err := c.CreateService(webService()); err != nil {
			rt.Fatal(err)
		}
		acts := simtest.Actions(c, simtest.ActionOptions{Namespace: "default", MaxReplicas: 3})
		acts[""] = simtest.Invariants(c, func(rt *rapid.T, c *simtest.Cluster) {
			if len(simtest.ReadyAddresses(c, "default", "web")) < 2 {
				rt.Errorf("Service default/web: fewer than 2 ready addresses")
			}
		})
		rt.Repeat(acts)
	})
	require.NotEmpty(t, rec.errs, "the property must fail")
	t.Chdir(wd)
	assertScript(t, "shrunk.script", append(rec.logs, rec.errs...))
}
