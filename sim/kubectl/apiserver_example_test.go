package kubectl_test

import (
	"os"
	"time"

	"github.com/svcsim/svcsim/endpoints"
	"github.com/svcsim/svcsim/sim"
	"github.com/svcsim/svcsim/sim/kubectl"
)

// A new cluster: `kubectl get endpoints,endpointslices` shows kube-apiserver
// behind default/kubernetes, on the control-plane node's IP (node-1 in a
// kind cluster is 172.18.0.2), as its endpoint reconciler writes them.
func ExampleEndpoints_newCluster() {
	c, _ := sim.New(sim.Config{Seed: 1})
	_ = c.Advance(5 * time.Minute)
	ep, _ := c.Endpoints("default", "kubernetes")
	o := kubectl.For(c)
	_ = kubectl.Endpoints(os.Stdout, []endpoints.Endpoints{ep}, o)
	_ = kubectl.EndpointSlices(os.Stdout, c.EndpointSlices("default", "kubernetes"), o)
	// Output:
	// NAME         ENDPOINTS         AGE
	// kubernetes   172.18.0.2:6443   5m
	// NAME         ADDRESSTYPE   PORTS   ENDPOINTS    AGE
	// kubernetes   IPv4          6443    172.18.0.2   5m
}
