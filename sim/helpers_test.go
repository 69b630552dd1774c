package sim

import (
	"strings"
	"testing"
	"time"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
	"github.com/svcsim/svcsim/service"
)

func mustNew(t testing.TB, cfg Config) *Cluster {
	t.Helper()
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

var webPorts = []pod.ContainerPort{{Name: "http", Port: 8080}}

func webDeployment(replicas int, readyAfter time.Duration) Deployment {
	return Deployment{Name: "web", Replicas: replicas, Labels: selector.Set{"app": "web"}, Ports: webPorts,
		ReadyAfter: readyAfter}
}

func webService() service.Service {
	return service.Service{Name: "web", Selector: selector.Set{"app": "web"},
		Ports: []service.Port{{Name: "http", Port: 80, TargetPort: service.TargetPortName("http")}}}
}

func readyIPs(c *Cluster, ns, name string) []string {
	ep, _ := c.Endpoints(ns, name)
	var out []string
	for _, s := range ep.Subsets {
		for _, a := range s.Addresses {
			out = append(out, a.IP.String())
		}
	}
	return out
}

func settleCheck(t testing.TB, c *Cluster) {
	t.Helper()
	must(t, c.Settle())
	must(t, c.Check())
}

func eventsOf(c *Cluster, kind string) []Event {
	var out []Event
	for _, e := range c.Events() {
		if e.Kind == kind {
			out = append(out, e)
		}
	}
	return out
}

func traceText(c *Cluster) string {
	var b strings.Builder
	for _, e := range c.Events() {
		b.WriteString(e.String())
		b.WriteByte('\n')
	}
	return b.String()
}

// podsOf returns the pods of namespace default (the cluster's own
// kube-system pods left out).
func podsOf(c *Cluster) []pod.Pod { return c.Pods("default", selector.Everything()) }
