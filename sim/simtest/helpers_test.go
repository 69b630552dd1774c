package simtest_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
	"github.com/svcsim/svcsim/service"
	"github.com/svcsim/svcsim/sim"
	"github.com/svcsim/svcsim/sim/simtest"
)

// fakeT is a test that records what it is told instead of failing.
type fakeT struct {
	errs, fatals, logs []string
	cleanups           []func()
}

func (*fakeT) Helper() {}

func (f *fakeT) Errorf(format string, args ...any) {
	f.errs = append(f.errs, fmt.Sprintf(format, args...))
}

func (f *fakeT) Fatalf(format string, args ...any) {
	f.fatals = append(f.fatals, fmt.Sprintf(format, args...))
}

func (f *fakeT) Logf(format string, args ...any) {
	f.logs = append(f.logs, fmt.Sprintf(format, args...))
}

func (f *fakeT) Failed() bool { return len(f.errs)+len(f.fatals) > 0 }

func (f *fakeT) Cleanup(fn func()) { f.cleanups = append(f.cleanups, fn) }

// end runs the cleanups, last first, as a test's end does.
func (f *fakeT) end() {
	for _, fn := range slices.Backward(f.cleanups) {
		fn()
	}
}

// failedWith checks that f failed with one message containing every
// part.
func (f *fakeT) failedWith(t *testing.T, parts ...string) {
	t.Helper()
	require.Len(t, f.errs, 1, "want one error, got %q", f.errs)
	for _, p := range parts {
		require.Contains(t, f.errs[0], p)
	}
}

// webCluster is a settled cluster with the Deployment web (3 replicas,
// port http 8080) and its Service web (80 → http).
func webCluster(t *testing.T, cfg sim.Config) *simtest.Cluster {
	t.Helper()
	c := simtest.New(t, cfg)
	d := sim.Deployment{Name: "web", Replicas: 3, Labels: selector.Set{"app": "web"},
		Ports: []pod.ContainerPort{{Name: "http", Port: 8080}}}
	require.NoError(t, c.CreateDeployment(d))
	_, err := c.CreateService(webService())
	require.NoError(t, err)
	require.NoError(t, c.Settle())
	return c
}

// webService is the Service web: port 80 to the pods' port http.
func webService() service.Service {
	return service.Service{Name: "web", Selector: selector.Set{"app": "web"},
		Ports: []service.Port{{Name: "http", Port: 80, TargetPort: service.TargetPortName("http")}}}
}

// podNames lists the names of the default namespace's web pods.
func podNames(c *simtest.Cluster) []string {
	var names []string
	for _, p := range c.Pods("default", selector.FromSet(selector.Set{"app": "web"})) {
		names = append(names, p.Name)
	}
	return names
}

func lines(s []string) string { return strings.Join(s, "\n") }
