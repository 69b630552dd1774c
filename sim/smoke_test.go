package sim

import (
	"fmt"
	"testing"
	"time"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
	"github.com/svcsim/svcsim/service"
)

func TestSmoke(t *testing.T) {
	c, err := New(Config{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.CreateDeployment(Deployment{Name: "web", Replicas: 3, Labels: selector.Set{"app": "web"},
		Ports: []pod.ContainerPort{{Name: "http", Port: 8080}}, ReadyAfter: 2 * time.Second}); err != nil {
		t.Fatal(err)
	}
	svc, err := c.CreateService(service.Service{Name: "web", Selector: selector.Set{"app": "web"},
		Ports: []service.Port{{Port: 80, TargetPort: service.TargetPortName("http")}}})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Settle(); err != nil {
		t.Fatal(err)
	}
	if err := c.Rollout("", "web"); err != nil {
		t.Fatal(err)
	}
	if err := c.Settle(); err != nil {
		t.Fatal(err)
	}
	if err := c.Check(); err != nil {
		t.Fatal(err)
	}
	for _, e := range c.Events() {
		fmt.Println(e)
	}
	fmt.Println(svc)
	ep, _ := c.Endpoints("", "web")
	fmt.Println(ep)
}
