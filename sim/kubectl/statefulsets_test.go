package kubectl

import (
	"bytes"
	"testing"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/sim"
)

func fixtureSTS() []sim.StatefulSet {
	return []sim.StatefulSet{
		{Namespace: "default", Name: "web", Replicas: 3, CreationTimestamp: at(60),
			Containers: []sim.Container{{Name: "nginx", Image: "registry.k8s.io/nginx-slim:0.24",
				Ports: []pod.ContainerPort{{Name: "web", Port: 80}}}},
			Status: sim.StatefulSetStatus{Replicas: 3, ReadyReplicas: 2}},
		{Namespace: "default", Name: "db", Replicas: 1, CreationTimestamp: at(290),
			Containers: []sim.Container{{Name: "pg", Image: "postgres:17"}, {Name: "exporter", Image: "pg-exporter:1"}}},
	}
}

// StatefulSets prints as printStatefulSet (kubernetes
// pkg/printers/internalversion/printers.go): READY is readyReplicas/replicas.
func TestStatefulSets(t *testing.T) {
	var b bytes.Buffer
	if err := StatefulSets(&b, fixtureSTS(), opts()); err != nil {
		t.Fatal(err)
	}
	check(t, b, `
NAME   READY   AGE
db     0/1     10s
web    2/3     4m
`)
	b.Reset()
	if err := StatefulSets(&b, fixtureSTS(), opts().WithWide()); err != nil {
		t.Fatal(err)
	}
	check(t, b, `
NAME   READY   AGE   CONTAINERS    IMAGES
db     0/1     10s   pg,exporter   postgres:17,pg-exporter:1
web    2/3     4m    nginx         registry.k8s.io/nginx-slim:0.24
`)
	b.Reset()
	if err := StatefulSets(&b, nil, opts()); err != nil {
		t.Fatal(err)
	}
	check(t, b, "No resources found in default namespace.\n")
}
