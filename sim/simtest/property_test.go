package simtest_test

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
	"github.com/svcsim/svcsim/service"
	"github.com/svcsim/svcsim/sim"
	"github.com/svcsim/svcsim/sim/simtest"
)

// setupShop creates web (a Deployment and its Service), api (a
// Deployment and a Service publishing not-ready addresses) and a bare
// client pod.
func setupShop(rt *rapid.T, c *simtest.Cluster) {
	for _, app := range []string{"web", "api"} {
		if err := c.CreateDeployment(sim.Deployment{Name: app, Replicas: 3, Labels: selector.Set{"app": app},
			Ports: []pod.ContainerPort{{Name: "http", Port: 8080}}}); err != nil {
			rt.Fatal(err)
		}
	}
	if _, err := c.CreateService(webService()); err != nil {
		rt.Fatal(err)
	}
	if _, err := c.CreateService(service.Service{Name: "api", Type: service.NodePort, Selector: selector.Set{"app": "api"},
		PublishNotReadyAddresses: true, Ports: []service.Port{{Port: 80, TargetPort: service.TargetPortNumber(8080)}}}); err != nil {
		rt.Fatal(err)
	}
	if _, err := c.CreatePod(pod.Pod{Name: "client", Labels: selector.Set{"app": "client"}}); err != nil {
		rt.Fatal(err)
	}
}

// TestChurnKeepsEndpointsAndFrontEnds is simtest checked against sim
// under every churn action: after each step, every Service's endpoints
// are its ready matching pods (AssertEndpoints' from-scratch expectation
// agrees with the endpoints controllers) and the front ends recorded at
// the start hold (the actions never change one).
func TestChurnKeepsEndpointsAndFrontEnds(t *testing.T) {
	var fronts []simtest.Front
	simtest.Property(t, sim.Config{Seed: 7}, func(rt *rapid.T, c *simtest.Cluster) {
		setupShop(rt, c)
		if err := c.Settle(); err != nil {
			rt.Fatal(err)
		}
		fronts = []simtest.Front{simtest.FrontEnd(c, "", "web"), simtest.FrontEnd(c, "", "api")}
	}, func(rt *rapid.T, c *simtest.Cluster) {
		for _, s := range c.Services("default") {
			if s.Selector != nil {
				simtest.AssertEndpoints(rt, c, "default", s.Name)
			}
		}
		for _, f := range fronts {
			simtest.AssertFrontEnd(rt, c, f)
		}
	})
}

// recordingTB is a rapid.TB that records what rapid reports.
type recordingTB struct {
	fakeT
	name string
}

func (r *recordingTB) Name() string         { return r.name }
func (r *recordingTB) Log(args ...any)      { r.Logf("%s", fmt.Sprint(args...)) }
func (r *recordingTB) Error(args ...any)    { r.Errorf("%s", fmt.Sprint(args...)) }
func (r *recordingTB) Fatal(args ...any)    { r.Fatalf("%s", fmt.Sprint(args...)) }
func (r *recordingTB) Skipf(string, ...any) {}
func (r *recordingTB) Skip(...any)          {}
func (r *recordingTB) SkipNow()             {}
func (r *recordingTB) FailNow()             { r.fatals = append(r.fatals, "FailNow") }
func (r *recordingTB) Fail()                { r.errs = append(r.errs, "Fail") }

// TestAFailingPropertyShrinksToAScript breaks an invariant (web always
// has a ready address) that churn can break, and checks what rapid
// reports: the shrunk case, its steps as kubectl commands, and the
// cluster as it was when the invariant failed.
func TestAFailingPropertyShrinksToAScript(t *testing.T) {
	t.Chdir(t.TempDir()) // rapid writes the failing case under testdata/
	rec := &recordingTB{name: "TestWebServes"}
	rapid.Check(rec, func(rt *rapid.T) {
		c := simtest.New(rt, sim.Config{Seed: 7, Nodes: 1})
		if err := c.CreateDeployment(sim.Deployment{Name: "web", Replicas: 2, Labels: selector.Set{"app": "web"},
			Ports: []pod.ContainerPort{{Name: "http", Port: 8080}}}); err != nil {
			rt.Fatal(err)
		}
		if _, err := c.CreateService(webService()); err != nil {
			rt.Fatal(err)
		}
		acts := simtest.Actions(c, simtest.ActionOptions{MaxReplicas: 3})
		for _, keep := range []string{simtest.ActionScale, simtest.ActionDeletePod, simtest.ActionSetReady, simtest.ActionAdvance} {
			require.Contains(t, acts, keep)
		}
		maps.DeleteFunc(acts, func(name string, _ func(*rapid.T)) bool {
			return !slices.Contains([]string{simtest.ActionScale, simtest.ActionDeletePod, simtest.ActionSetReady, simtest.ActionAdvance}, name)
		})
		acts[""] = simtest.Invariants(c, func(rt *rapid.T, c *simtest.Cluster) {
			if len(simtest.ReadyAddresses(c, "default", "web")) == 0 {
				rt.Errorf("Service default/web: no ready address")
			}
		})
		rt.Repeat(acts)
	})
	require.NotEmpty(t, rec.errs, "the property must fail")
	assert.Contains(t, rec.errs[0], "[rapid] failed after")
	out := strings.Join(rec.logs, "\n")
	t.Log(out)
	assert.Contains(t, out, `[rapid] draw action: "scale"`)
	assert.Contains(t, out, "\nkubectl scale deployment web --replicas=0\n")
	assert.Contains(t, out, "Service default/web: no ready address")
	assert.Contains(t, out, "$ kubectl get pods -o wide -n default")
	assert.Less(t, strings.Count(out, "[rapid] draw action:"), 4, "shrunk to a short case")
}
