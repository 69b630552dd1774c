package simtest_test

import (
	"fmt"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
	"github.com/svcsim/svcsim/service"
	"github.com/svcsim/svcsim/sim"
	"github.com/svcsim/svcsim/sim/simtest"
)

// logT stands in for a test's *testing.T that has failed: it prints what
// the test logs and runs its cleanups when it ends.
type logT struct {
	printT
	cleanups []func()
}

func (t *logT) Logf(format string, args ...any) { fmt.Printf(format+"\n", args...) }
func (t *logT) Cleanup(f func())                { t.cleanups = append(t.cleanups, f) }

func (t *logT) end() {
	for i := len(t.cleanups) - 1; i >= 0; i-- {
		t.cleanups[i]()
	}
}

// A test that fails prints, as it ends, the cluster it ran on: the
// virtual time and seed, the last events, and the kubectl tables of the
// namespaces it touched.
func ExampleNew() {
	t := &logT{}
	c := simtest.New(t, sim.Config{Seed: 1, Nodes: 1})
	c.CreateDeployment(sim.Deployment{Name: "web", Replicas: 1, Labels: selector.Set{"app": "web"},
		Ports: []pod.ContainerPort{{Name: "http", Port: 8080}}})
	c.CreateService(service.Service{Name: "web", Selector: selector.Set{"app": "web"},
		Ports: []service.Port{{Port: 80, TargetPort: service.TargetPortName("http")}}})
	c.Settle()
	t.Errorf("web answered 503")
	t.end()
	// Output:
	// FAIL: web answered 503
	// svcsim cluster at 2025-01-01T00:00:01.000Z (virtual time), seed 1
	//
	// 23 events:
	//   00:00:00.000 ServiceCreated service/default/kubernetes: ClusterIP clusterIP 10.96.0.1 ports 443/TCP
	//   00:00:00.000 DeploymentCreated deployment/kube-system/coredns: replicas 2 strategy RollingUpdate
	//   00:00:00.000 ServiceCreated service/kube-system/kube-dns: ClusterIP clusterIP 10.96.0.10 ports 53/UDP,53/TCP,9153/TCP
	//   00:00:00.000 DeploymentCreated deployment/default/web: replicas 1 strategy RollingUpdate
	//   00:00:00.000 ServiceCreated service/default/web: ClusterIP clusterIP 10.107.233.25 ports 80/TCP
	//   00:00:00.000 EndpointsUpdated endpoints/default/kubernetes: 1 ready (+172.18.0.2)
	//   00:00:00.000 ReplicaSetCreated replicaset/kube-system/coredns-77fb9bf648: pod-template-hash 77fb9bf648
	//   00:00:00.000 ScalingReplicaSet deployment/kube-system/coredns: Scaled up replica set coredns-77fb9bf648 from 0 to 2
	//   00:00:00.000 EndpointsUpdated endpoints/kube-system/kube-dns: 0 ready
	//   00:00:00.000 ReplicaSetCreated replicaset/default/web-6f4b8666dd: pod-template-hash 6f4b8666dd
	//   00:00:00.000 ScalingReplicaSet deployment/default/web: Scaled up replica set web-6f4b8666dd from 0 to 1
	//   00:00:00.000 EndpointsUpdated endpoints/default/web: 0 ready
	//   00:00:00.000 PodCreated pod/kube-system/coredns-77fb9bf648-cqdlz: node node-1 ip 10.244.0.2
	//   00:00:00.000 PodReady pod/kube-system/coredns-77fb9bf648-cqdlz: 10.244.0.2
	//   00:00:00.000 PodCreated pod/kube-system/coredns-77fb9bf648-88jwh: node node-1 ip 10.244.0.3
	//   00:00:00.000 PodReady pod/kube-system/coredns-77fb9bf648-88jwh: 10.244.0.3
	//   00:00:00.000 PodCreated pod/default/web-6f4b8666dd-b5znd: node node-1 ip 10.244.0.4
	//   00:00:00.000 PodReady pod/default/web-6f4b8666dd-b5znd: 10.244.0.4
	//   00:00:00.000 EndpointsUpdated endpoints/kube-system/kube-dns: 2 ready (+10.244.0.2 +10.244.0.3)
	//   00:00:00.000 EndpointsUpdated endpoints/default/web: 1 ready (+10.244.0.4)
	//   00:00:01.000 ProxyProgrammed service/default/kubernetes: 1 ready backends
	//   00:00:01.000 ProxyProgrammed service/kube-system/kube-dns: 6 ready backends
	//   00:00:01.000 ProxyProgrammed service/default/web: 1 ready backends
	//
	// $ kubectl get nodes
	// NAME     STATUS   ROLES           AGE   VERSION
	// node-1   Ready    control-plane   1s    v1.35.0
	//
	// $ kubectl get pods -o wide -n default
	// NAME                   READY   STATUS    RESTARTS   AGE   IP           NODE     NOMINATED NODE   READINESS GATES
	// web-6f4b8666dd-b5znd   1/1     Running   0          1s    10.244.0.4   node-1   <none>           <none>
	//
	// $ kubectl get services -o wide -n default
	// NAME         TYPE        CLUSTER-IP      EXTERNAL-IP   PORT(S)   AGE   SELECTOR
	// kubernetes   ClusterIP   10.96.0.1       <none>        443/TCP   1s    <none>
	// web          ClusterIP   10.107.233.25   <none>        80/TCP    1s    app=web
	//
	// $ kubectl get endpoints -n default
	// NAME         ENDPOINTS         AGE
	// kubernetes   172.18.0.2:6443   1s
	// web          10.244.0.4:8080   1s
	//
	// $ kubectl get endpointslices -n default
	// NAME         ADDRESSTYPE   PORTS   ENDPOINTS    AGE
	// kubernetes   IPv4          6443    172.18.0.2   1s
	// web-2mz94    IPv4          8080    10.244.0.4   1s
}

// AssertEndpoints recomputes from the pods what a Service's Endpoints and
// slices owe: right after a readiness probe fails, before the endpoints
// controller has run, they still list the pod; once it has, they agree.
func ExampleAssertEndpoints() {
	t := &printT{}
	c := exampleWeb(t)
	p := c.Pods("default", selector.Everything())[0]
	c.SetPodReady("default", p.Name, false)
	fmt.Println(simtest.AssertEndpoints(t, c, "default", "web"))
	c.Settle()
	fmt.Println(simtest.AssertEndpoints(t, c, "default", "web"))
	// Output:
	// FAIL: Service default/web: the ready addresses of its Endpoints differ from its ready, matching pods (port address/protocol pod):
	//   listed, not a ready matching pod: - 10.244.2.2:8080/TCP default/web-568664c657-b5znd
	// FAIL: Service default/web: the ready endpoints of its EndpointSlices differ from its ready, matching pods (port address/protocol pod):
	//   listed, not a ready matching pod: - 10.244.2.2:8080/TCP default/web-568664c657-b5znd
	// false
	// true
}
