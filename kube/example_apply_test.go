package kube_test

import (
	"fmt"

	"github.com/svcsim/svcsim/kube"
	"github.com/svcsim/svcsim/selector"
	"github.com/svcsim/svcsim/sim"
)

// A manifest applied as kubectl applies it, then the cluster run until
// its controllers are done.
func ExampleApply() {
	c, err := sim.New(sim.Config{Seed: 1})
	if err != nil {
		panic(err)
	}
	manifest := []byte(`
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
        ports:
        - {name: http, containerPort: 8080}
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  type: NodePort
  selector: {app: web}
  ports:
  - {port: 80, targetPort: http, nodePort: 30080}
`)
	if _, err := kube.Apply(c, manifest); err != nil {
		panic(err)
	}
	if err := c.Settle(); err != nil {
		panic(err)
	}
	svc, _ := c.Service("default", "web")
	fmt.Println("service", svc.Name, svc.Type, svc.Ports[0].NodePort)
	fmt.Println("pods", len(c.Pods("default", selector.MustParse("app=web"))))

	// Scaled by hand, then applied again: the manifest's replicas win,
	// the allocated ClusterIP stays.
	if err := c.Scale("default", "web", 5); err != nil {
		panic(err)
	}
	if _, err := kube.Apply(c, manifest); err != nil {
		panic(err)
	}
	d, _ := c.Deployment("default", "web")
	again, _ := c.Service("default", "web")
	fmt.Println("replicas", d.Replicas, "same clusterIP", again.ClusterIP == svc.ClusterIP)

	// A bad manifest changes nothing and names the document.
	_, err = kube.Apply(c, []byte("apiVersion: v1\nkind: Service\nmetadata: {name: a}\nspec: {ports: [{port: 80}]}\n---\n"+
		"apiVersion: v1\nkind: Service\nmetadata: {name: b}\nspec:\n  type: NodePort\n  ports: [{port: 80, nodePort: 30080}]\n"))
	fmt.Println(err)
	_, found := c.Service("default", "a")
	fmt.Println("service a created:", found)
	// Output:
	// service web NodePort 30080
	// pods 2
	// replicas 2 same clusterIP true
	// document 2 (line 6): service default/b: spec.ports[0].nodePort: Invalid value: 30080: failed to allocate port 30080: provided port is already allocated
	// service a created: false
}
