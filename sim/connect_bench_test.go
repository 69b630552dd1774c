package sim

import (
	"fmt"
	"math/rand/v2"
	"net/netip"
	"testing"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
	"github.com/svcsim/svcsim/service"
)

// benchNetCluster has 200 Services of 5 pods each (1000 pods) on 10 nodes
// and a client pod.
func benchNetCluster(b *testing.B) *Cluster {
	c, err := New(Config{Seed: 1, Nodes: 10, TraceLimit: -1})
	if err != nil {
		b.Fatal(err)
	}
	for i := 0; i < 200; i++ {
		name := fmt.Sprintf("svc%d", i)
		if err := c.CreateDeployment(Deployment{Name: name, Replicas: 5, Labels: selector.Set{"app": name},
			Ports: []pod.ContainerPort{{Name: "http", Port: 8080}}}); err != nil {
			b.Fatal(err)
		}
		if _, err := c.CreateService(service.Service{Name: name, Type: service.NodePort, Selector: selector.Set{"app": name},
			Ports: []service.Port{{Name: "http", Port: 80, TargetPort: service.TargetPortName("http")}}}); err != nil {
			b.Fatal(err)
		}
	}
	if _, err := c.CreatePod(pod.Pod{Name: "client"}); err != nil {
		b.Fatal(err)
	}
	if err := c.Settle(); err != nil {
		b.Fatal(err)
	}
	return c
}

// naiveConnect is the baseline: resolve by scanning every Service through
// the public API, read the EndpointSlices (copies) and pick a ready
// endpoint, on every connection.
func naiveConnect(c *Cluster, r *rand.Rand, name string) (netip.AddrPort, error) {
	for _, s := range c.Services("default") {
		if s.Name != name {
			continue
		}
		var ready []netip.AddrPort
		for _, sl := range c.EndpointSlices("default", name) {
			for _, e := range sl.Endpoints {
				if e.Conditions.Ready {
					ready = append(ready, netip.AddrPortFrom(e.Addresses[0], uint16(sl.Ports[0].Port)))
				}
			}
		}
		if len(ready) == 0 {
			return netip.AddrPort{}, ErrConnectionRefused
		}
		return ready[r.IntN(len(ready))], nil
	}
	return netip.AddrPort{}, ErrNXDomain
}

// BenchmarkConnect measures a new connection from a pod by Service name
// (DNS search + kube-proxy + delivery, with the Path text), by ClusterIP,
// and from outside through a NodePort, beside the naive baseline.
func BenchmarkConnect(b *testing.B) {
	c := benchNetCluster(b)
	svc, _ := c.Service("default", "svc199")
	node := c.Nodes()[3]
	from := FromPod("", "client")
	for _, bc := range []struct {
		name   string
		from   Client
		target string
	}{
		{"name", from, "svc199:80"},
		{"clusterIP", from, svc.ClusterIP.String() + ":80"},
		{"nodePort", External(netip.MustParseAddr("198.51.100.7")), fmt.Sprintf("%s:%d", node.IP, svc.Ports[0].NodePort)},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := c.Connect(bc.from, bc.target); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	b.Run("naive-baseline", func(b *testing.B) {
		r := rand.New(rand.NewPCG(1, 1))
		b.ReportAllocs()
		for b.Loop() {
			if _, err := naiveConnect(c, r, "svc199"); err != nil {
				b.Fatal(err)
			}
		}
	})
}
