package kube

import (
	"testing"

	"github.com/svcsim/svcsim/selector"
	"github.com/svcsim/svcsim/sim"
)

// BenchmarkToPod converts the pods of a 1,000-pod Deployment on 50 nodes:
// what an informer on pods costs per event.
func BenchmarkToPod(b *testing.B) {
	c, err := sim.New(sim.Config{Seed: 1, Nodes: 50})
	if err != nil {
		b.Fatal(err)
	}
	if err := c.CreateDeployment(sim.Deployment{Name: "web", Replicas: 1000, Labels: selector.Set{"app": "web"},
		Containers: []sim.Container{{Name: "web", Image: "nginx"}}}); err != nil {
		b.Fatal(err)
	}
	if err := c.Settle(); err != nil {
		b.Fatal(err)
	}
	pods := c.Pods("", selector.MustParse("app=web"))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		ToPod(c, pods[i%len(pods)])
	}
}
