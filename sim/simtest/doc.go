// Package simtest helps tests that run on a simulated cluster, as
// net/http/httptest helps those of net/http: build the cluster with New
// from the test, assert on what its Services promise, and drive it with
// random churn under rapid.
//
//	func TestWeb(t *testing.T) {
//		c := simtest.New(t, sim.Config{Seed: 1}) // prints itself if the test fails
//		// ... c.CreateDeployment, c.CreateService, c.Settle()
//		front := simtest.FrontEnd(c, "default", "web")
//		c.Rollout("default", "web")
//		simtest.Eventually(t, c, func(t simtest.T) {
//			simtest.AssertEndpoints(t, c, "default", "web")
//		}, time.Minute, time.Second)
//		simtest.AssertFrontEnd(t, c, front)
//	}
//
//	func TestWebUnderChurn(t *testing.T) {
//		simtest.Property(t, sim.Config{Seed: 1}, setup, func(rt *rapid.T, c *simtest.Cluster) {
//			simtest.AssertEndpoints(rt, c, "default", "web")
//		})
//	}
//
// # The cluster
//
// New returns a Cluster: a *sim.Cluster (every method works) that
// remembers the namespaces the test created objects in or asserted on.
// When the test has failed by its end, Cluster.Dump is logged: the virtual
// time and seed, the last DumpEvents events, and kubectl's tables of the
// nodes and of those namespaces' pods, Services, Endpoints and
// EndpointSlices.
//
// # Assertions
//
// Each takes a T (a *testing.T, *rapid.T, or anything with Helper and
// Errorf), fails it with a message naming the object, returns whether it
// passed, and never panics, not even on a nil Cluster:
//
//   - AssertEndpoints: the Service's Endpoints and slices list exactly its
//     ready, matching pods, per port, by the endpoints controller's rules
//     recomputed from the pods.
//   - FrontEnd and AssertFrontEnd: type, ClusterIP, ports and node ports,
//     load-balancer address and DNS answer are what they were.
//   - Eventually: a condition holds within a bound of virtual time,
//     checked after every step; it fails with what the last check saw.
//
// ReadyAddresses returns what a Service routes to, as a flat sorted list.
//
// # Properties (rapid)
//
// Actions returns churn actions for rapid's T.Repeat (scale, delete pod,
// crash, relabel, set ready, rollout, fail and recover node, update
// service, advance) that pick their targets among the objects present,
// log each step as a kubectl command so a shrunk case reads as a script,
// and never change a Service's front end. Invariants is the check to run
// after every step (Settle, Cluster.Check, the test's own invariants);
// Check puts the two together for one run, Property for a whole test.
//
// Everything here uses package sim's public API only. Like sim.Cluster,
// nothing is safe for concurrent use.
package simtest
