package kube

import (
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
	"github.com/svcsim/svcsim/service"
	"github.com/svcsim/svcsim/sim"
)

// cpu returns the process's CPU time so far, user and system.
func cpu(t testing.TB) time.Duration {
	var ru syscall.Rusage
	require.NoError(t, syscall.Getrusage(syscall.RUSAGE_SELF, &ru))
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// rolloutCluster returns a settled cluster running a Deployment of 1,000
// pods behind a Service.
func rolloutCluster(t testing.TB) *sim.Cluster {
	c, err := sim.New(sim.Config{Seed: 9, Nodes: 12})
	require.NoError(t, err)
	require.NoError(t, c.CreateDeployment(sim.Deployment{Name: "web", Replicas: 1000, Labels: selector.Set{"app": "web"},
		Ports: []pod.ContainerPort{{Name: "http", Port: 8080}}, ReadyAfter: time.Second}))
	_, err = c.CreateService(service.Service{Name: "web", Selector: selector.Set{"app": "web"},
		Ports: []service.Port{{Name: "http", Port: 80, TargetPort: service.TargetPortName("http")}}})
	require.NoError(t, err)
	require.NoError(t, c.Settle())
	return c
}

// The cost of a clientset: a 1,000-pod rolling update with informers on
// every served kind, from Rollout until every informer has handled every
// change, in process CPU (the simulation, the conversions, the watches,
// client-go's informers), logged beside the bare simulation's (go test
// -run TestRolloutCost -v). The target is a second; the test fails past
// two, a margin for a loaded machine, where CPU time grows with the
// contention.
func TestRolloutCost(t *testing.T) {
	if raceEnabled || testing.Short() {
		t.Skip("a CPU measure: not under -race or -short")
	}
	rollout := func(c *sim.Cluster) error {
		if err := c.Rollout("default", "web"); err != nil {
			return err
		}
		return c.Settle()
	}

	c := rolloutCluster(t)
	start := cpu(t)
	require.NoError(t, rollout(c))
	bare := cpu(t) - start

	c = rolloutCluster(t)
	cs := NewClientset(c)
	notes := newCounter()
	startInformers(t, cs, notes)
	want := simCounts(t, cs)
	start = cpu(t)
	require.NoError(t, cs.Do(rollout))
	require.NoError(t, cs.WaitForWatchers(ctx(t)))
	waitCounts(t, notes, want)
	with := cpu(t) - start

	changes := 0
	for _, n := range want {
		changes += n
	}
	t.Logf("1,000-pod rolling update: %v CPU bare, %v with informers on every kind (%d changes delivered)",
		bare.Round(time.Millisecond), with.Round(time.Millisecond), changes)
	require.LessOrEqual(t, with, 2*time.Second)
}
