package simtest_test

import (
	"fmt"
	"time"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
	"github.com/svcsim/svcsim/service"
	"github.com/svcsim/svcsim/sim"
	"github.com/svcsim/svcsim/sim/simtest"
)

// printT stands in for a test's *testing.T here: it prints what the test
// would report.
type printT struct{ failed bool }

func (*printT) Helper() {}

func (p *printT) Errorf(format string, args ...any) {
	p.failed = true
	fmt.Printf("FAIL: "+format+"\n", args...)
}

func (*printT) Fatalf(format string, args ...any) { panic(fmt.Sprintf(format, args...)) }
func (*printT) Logf(string, ...any)               {}
func (p *printT) Failed() bool                    { return p.failed }
func (*printT) Cleanup(func())                    {}

// exampleWeb builds the cluster of the examples: web, 3 replicas ready 5 s
// after they start, behind the Service web.
func exampleWeb(t simtest.TB) *simtest.Cluster {
	c := simtest.New(t, sim.Config{Seed: 1})
	c.CreateDeployment(sim.Deployment{Name: "web", Replicas: 3, Labels: selector.Set{"app": "web"},
		Ports: []pod.ContainerPort{{Name: "http", Port: 8080}}, ReadyAfter: 5 * time.Second})
	c.CreateService(service.Service{Name: "web", Selector: selector.Set{"app": "web"},
		Ports: []service.Port{{Port: 80, TargetPort: service.TargetPortName("http")}}})
	c.Settle()
	return c
}

func ExampleReadyAddresses() {
	c := exampleWeb(&printT{})
	fmt.Println(simtest.ReadyAddresses(c, "default", "web"))
	// Output: [10.244.0.3:8080 10.244.1.3:8080 10.244.2.2:8080]
}

// A rollout changes every pod behind web, and nothing its clients hold.
func ExampleAssertFrontEnd() {
	t := &printT{}
	c := exampleWeb(t)
	front := simtest.FrontEnd(c, "default", "web")
	fmt.Println(front)

	c.Rollout("default", "web")
	c.Settle()
	fmt.Println(simtest.AssertFrontEnd(t, c, front))

	s, _ := c.Service("default", "web")
	s.Type = service.NodePort
	c.UpdateService(s)
	simtest.AssertFrontEnd(t, c, front)
	// Output:
	// default/web ClusterIP 10.107.233.25 80/TCP lb=- dns=[10.107.233.25]
	// true
	// FAIL: Service default/web: front end changed
	//   recorded: default/web ClusterIP 10.107.233.25 80/TCP lb=- dns=[10.107.233.25]
	//        now: default/web NodePort 10.107.233.25 80:31375/TCP lb=- dns=[10.107.233.25]
}

// Mid-rollout, new pods are not ready yet: Eventually advances the
// virtual clock a second at a time until web has three ready addresses
// of the new pods.
func ExampleEventually() {
	t := &printT{}
	c := exampleWeb(t)
	start := c.Now()
	c.Rollout("default", "web")
	ok := simtest.Eventually(t, c, func(t simtest.T) {
		simtest.AssertEndpoints(t, c, "default", "web")
		d, _ := c.Deployment("default", "web")
		if d.Status.UpdatedReplicas != 3 || d.Status.AvailableReplicas != 3 || d.Status.Replicas != 3 {
			t.Errorf("rollout not done: %d updated, %d available, %d in all",
				d.Status.UpdatedReplicas, d.Status.AvailableReplicas, d.Status.Replicas)
		}
	}, time.Minute, time.Second)
	fmt.Println(ok, c.Now().Sub(start))

	simtest.Eventually(t, c, func(t simtest.T) {
		if n := len(simtest.ReadyAddresses(c, "default", "web")); n != 4 {
			t.Errorf("Service default/web: %d ready addresses, want 4", n)
		}
	}, 10*time.Second, 5*time.Second)
	// Output:
	// true 15s
	// FAIL: not true within 10s of virtual time (3 checks, every 5s); at the last, 10s after the start:
	// Service default/web: 3 ready addresses, want 4
}
