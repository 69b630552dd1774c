package simtest

import (
	"net/netip"
	"strings"

	"github.com/svcsim/svcsim/endpoints"
	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/service"
	"github.com/svcsim/svcsim/sim"
)

// T is what an assertion needs of a test. *testing.T, *testing.B,
// *testing.F, any testing.TB and *rapid.T have it.
type T interface {
	Helper()
	Errorf(format string, args ...any)
}

// TB is what New needs of a test: T, plus stopping it on a bad Config and
// printing the cluster when it has failed. testing.TB and *rapid.T have
// it.
type TB interface {
	T
	Fatalf(format string, args ...any)
	Logf(format string, args ...any)
	Failed() bool
	Cleanup(func())
}

// Cluster is a sim.Cluster made for one test: every method of
// *sim.Cluster works on it, and it remembers the namespaces and Services
// the test created or asserted on, to print them if the test fails.
// Like sim.Cluster, it is not safe for concurrent use.
type Cluster struct {
	*sim.Cluster
	cfg     sim.Config
	touched map[string]bool // namespaces
	// rows are AssertEndpoints' lists (owed, its Endpoints', its slices'),
	// their arrays reused by the next call: it runs after every step of a
	// property, and a passing call keeps nothing.
	rows [3][]endpointRow
	// pods and ports are what AssertEndpoints reads of the pods, svcPorts
	// what it and FrontEnd read of the Service's ports, and flat what it
	// reads of the Service's Endpoints and slices, their arrays reused
	// likewise.
	pods     []sim.PodState
	ports    []pod.ContainerPort
	svcPorts []service.Port
	flat     []endpoints.FlatEndpoint
	// text is the front end's port and DNS text as AssertFrontEnd reads
	// it (readFront), and addrs the DNS answer it renders, their arrays
	// reused likewise.
	text  []byte
	addrs []netip.Addr
}

// New builds a cluster from cfg for the test t, or stops the test
// (t.Fatalf) with New's error. When the test has failed by the time it
// ends (t.Cleanup, t.Failed), the cluster is printed to the test's log:
// the last events and the kubectl tables of the namespaces the test
// touched (see Cluster.Dump).
func New(t TB, cfg sim.Config) *Cluster {
	t.Helper()
	sc, err := sim.New(cfg)
	if err != nil {
		t.Fatalf("simtest.New: %v", err)
		return nil // a fake t may not stop the goroutine
	}
	c := &Cluster{Cluster: sc, cfg: cfg, touched: map[string]bool{}}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("%s", c.Dump())
		}
	})
	return c
}

// touch records that the test works in namespace ns.
func (c *Cluster) touch(ns string) {
	ns = pod.NamespaceOrDefault(ns)
	if c.touched[ns] { // an assertion after every step: a read, not a write
		return
	}
	if c.touched == nil {
		c.touched = map[string]bool{}
	}
	c.touched[ns] = true
}

// CreateDeployment is sim.Cluster.CreateDeployment; the namespace is
// remembered for Dump.
func (c *Cluster) CreateDeployment(d sim.Deployment) error {
	c.touch(d.Namespace)
	return c.Cluster.CreateDeployment(d)
}

// CreateService is sim.Cluster.CreateService; the namespace is remembered
// for Dump.
func (c *Cluster) CreateService(s service.Service) (service.Service, error) {
	c.touch(s.Namespace)
	return c.Cluster.CreateService(s)
}

// CreatePod is sim.Cluster.CreatePod; the namespace is remembered for
// Dump.
func (c *Cluster) CreatePod(p pod.Pod) (pod.Pod, error) {
	c.touch(p.Namespace)
	return c.Cluster.CreatePod(p)
}

// namespaces returns the namespaces to print: those the test created
// objects in or asserted on, and those of the objects in the trace
// (code under test may create them through the embedded *sim.Cluster),
// except kube-system unless the test touched it; sorted.
func (c *Cluster) namespaces() []string {
	seen := map[string]bool{}
	for ns := range c.touched {
		seen[ns] = true
	}
	for _, e := range c.Events() {
		_, rest, _ := strings.Cut(e.Object, "/")
		ns, _, _ := strings.Cut(rest, "/")
		if ns != "" && ns != sim.KubeSystem {
			seen[ns] = true
		}
	}
	return sortedKeys(seen)
}
