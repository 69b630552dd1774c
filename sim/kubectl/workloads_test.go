package kubectl_test

import (
	"bytes"
	"testing"
	"time"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
	"github.com/svcsim/svcsim/sim"
	"github.com/svcsim/svcsim/sim/kubectl"
)

// rollingWeb is a cluster in the middle of a rollout from nginx:1.26 to
// nginx:1.27 of a 3-replica Deployment with two containers.
func rollingWeb(t *testing.T) *sim.Cluster {
	t.Helper()
	c, err := sim.New(sim.Config{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	d := sim.Deployment{Name: "web", Replicas: 3, Labels: selector.Set{"app": "web"}, ReadyAfter: 10 * time.Second,
		Containers: []sim.Container{
			{Name: "nginx", Image: "nginx:1.26", Ports: []pod.ContainerPort{{Name: "http", Port: 80}}},
			{Name: "envoy", Image: "envoy:1.31", Ports: []pod.ContainerPort{{Name: "admin", Port: 9901}}},
		}}
	must(c.CreateDeployment(d))
	must(c.Settle())
	must(c.Advance(time.Minute))
	must(c.SetImage("", "web", "nginx", "nginx:1.27"))
	must(c.Advance(time.Second))
	return c
}

func TestGetDeployments(t *testing.T) {
	c := rollingWeb(t)
	var b bytes.Buffer
	if err := kubectl.Deployments(&b, c.Deployments(""), kubectl.For(c)); err != nil {
		t.Fatal(err)
	}
	want := "" +
		"NAME   READY   UP-TO-DATE   AVAILABLE   AGE\n" +
		"web    3/3     1            3           71s\n"
	if b.String() != want {
		t.Errorf("got:\n%s\nwant:\n%s", b.String(), want)
	}
	b.Reset()
	if err := kubectl.Deployments(&b, c.Deployments(""), kubectl.For(c).WithWide()); err != nil {
		t.Fatal(err)
	}
	want = "" +
		"NAME   READY   UP-TO-DATE   AVAILABLE   AGE   CONTAINERS    IMAGES                  SELECTOR\n" +
		"web    3/3     1            3           71s   nginx,envoy   nginx:1.27,envoy:1.31   app=web\n"
	if b.String() != want {
		t.Errorf("got:\n%s\nwant:\n%s", b.String(), want)
	}
}

func TestGetReplicaSets(t *testing.T) {
	c := rollingWeb(t)
	rss := c.ReplicaSets("", selector.Everything())
	var b bytes.Buffer
	if err := kubectl.ReplicaSets(&b, rss, kubectl.For(c).WithWide()); err != nil {
		t.Fatal(err)
	}
	oldRS, newRS := rss[0], rss[1]
	if oldRS.Replicas != 3 {
		oldRS, newRS = newRS, oldRS
	}
	rows := map[string]string{
		oldRS.Name: oldRS.Name + "   3         3         3       71s   nginx,envoy   nginx:1.26,envoy:1.31   app=web,pod-template-hash=" + oldRS.PodTemplateHash,
		newRS.Name: newRS.Name + "   1         1         0       1s    nginx,envoy   nginx:1.27,envoy:1.31   app=web,pod-template-hash=" + newRS.PodTemplateHash,
	}
	want := "NAME             DESIRED   CURRENT   READY   AGE   CONTAINERS    IMAGES                  SELECTOR\n" +
		rows[rss[0].Name] + "\n" + rows[rss[1].Name] + "\n"
	if b.String() != want {
		t.Errorf("got:\n%s\nwant:\n%s", b.String(), want)
	}
}

func TestGetDeploymentsEmpty(t *testing.T) {
	var b bytes.Buffer
	if err := kubectl.Deployments(&b, nil, kubectl.Options{}); err != nil {
		t.Fatal(err)
	}
	if b.String() != "No resources found in default namespace.\n" {
		t.Errorf("got %q", b.String())
	}
}
