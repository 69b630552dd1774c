package kubectl_test

import (
	"net/netip"
	"os"
	"time"

	"github.com/svcsim/svcsim/endpoints"
	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
	"github.com/svcsim/svcsim/service"
	"github.com/svcsim/svcsim/sim"
	"github.com/svcsim/svcsim/sim/kubectl"
)

// The pods behind a Service, as `kubectl get pods -o wide` shows them
// 90 virtual seconds after the cluster started: one pod is being
// replaced, its successor is still starting.
func ExamplePods() {
	pods := []pod.Pod{
		{Name: "web-7c5ddbdf54-x2kqp", NodeName: "node-1", IP: netip.MustParseAddr("10.244.0.5"), Phase: pod.Running, Ready: true,
			CreationTimestamp: kubectl.Epoch},
		{Name: "web-7c5ddbdf54-b8mzq", NodeName: "node-2", IP: netip.MustParseAddr("10.244.1.3"), Phase: pod.Running, Ready: true, Terminating: true,
			CreationTimestamp: kubectl.Epoch},
		{Name: "web-7c5ddbdf54-q4t6w", NodeName: "node-3", Phase: pod.Pending, CreationTimestamp: kubectl.Epoch.Add(88 * time.Second)},
	}
	o := kubectl.Options{Now: kubectl.Epoch.Add(90 * time.Second), Wide: true}
	_ = kubectl.Pods(os.Stdout, pods, o)
	// Output:
	// NAME                   READY   STATUS              RESTARTS   AGE   IP           NODE     NOMINATED NODE   READINESS GATES
	// web-7c5ddbdf54-b8mzq   1/1     Terminating         0          90s   10.244.1.3   node-2   <none>           <none>
	// web-7c5ddbdf54-q4t6w   0/1     ContainerCreating   0          2s    <none>       node-3   <none>           <none>
	// web-7c5ddbdf54-x2kqp   1/1     Running             0          90s   10.244.0.5   node-1   <none>           <none>
}

// Each Service type prints its own CLUSTER-IP, EXTERNAL-IP and PORT(S).
func ExampleServices() {
	svcs := []service.Service{
		{Name: "web", ClusterIP: netip.MustParseAddr("10.96.0.10"), Ports: []service.Port{{Port: 80}}},
		{Name: "web-np", Type: service.NodePort, ClusterIP: netip.MustParseAddr("10.96.3.3"),
			Ports: []service.Port{{Port: 80, NodePort: 30080}}},
		{Name: "web-lb", Type: service.LoadBalancer, ClusterIP: netip.MustParseAddr("10.96.7.1"),
			Ports: []service.Port{{Port: 80, NodePort: 31234}}},
		{Name: "web-headless", Headless: true, Ports: []service.Port{{Port: 80}}},
		{Name: "search", Type: service.ExternalName, ExternalName: "search.example.com"},
	}
	for i := range svcs {
		svcs[i].CreationTimestamp = kubectl.Epoch
	}
	_ = kubectl.Services(os.Stdout, svcs, kubectl.Options{Now: kubectl.Epoch})
	// Output:
	// NAME           TYPE           CLUSTER-IP   EXTERNAL-IP          PORT(S)        AGE
	// search         ExternalName   <none>       search.example.com   <none>         0s
	// web            ClusterIP      10.96.0.10   <none>               80/TCP         0s
	// web-headless   ClusterIP      None         <none>               80/TCP         0s
	// web-lb         LoadBalancer   10.96.7.1    <pending>            80:31234/TCP   0s
	// web-np         NodePort       10.96.3.3    <none>               80:30080/TCP   0s
}

// kubectl lists three endpoints and counts the rest.
func ExampleFormatEndpoints() {
	var ss endpoints.Subset
	for i := range 5 {
		ss.Addresses = append(ss.Addresses, endpoints.Address{IP: netip.AddrFrom4([4]byte{10, 244, 1, byte(5 + i)})})
	}
	ss.Ports = []endpoints.EndpointPort{{Port: 8080}}
	_ = kubectl.Endpoints(os.Stdout, []endpoints.Endpoints{{Name: "web", Subsets: []endpoints.Subset{ss}}}, kubectl.Options{})
	// Output:
	// NAME   ENDPOINTS                                                     AGE
	// web    10.244.1.5:8080,10.244.1.6:8080,10.244.1.7:8080 + 2 more...   <unknown>
}

// The nodes of a default cluster: node-1 is the control plane.
func ExampleNodes() {
	nodes := []sim.Node{
		{Name: "node-1", IP: netip.MustParseAddr("172.18.0.2"), PodCIDR: netip.MustParsePrefix("10.244.0.0/24"), Ready: true,
			Labels: selector.Set{"node-role.kubernetes.io/control-plane": ""}, KubeletVersion: "v1.35.0"},
		{Name: "node-2", IP: netip.MustParseAddr("172.18.0.3"), PodCIDR: netip.MustParsePrefix("10.244.1.0/24"), Ready: false,
			KubeletVersion: "v1.35.0"},
	}
	_ = kubectl.Nodes(os.Stdout, nodes, kubectl.Options{Now: kubectl.Epoch.Add(time.Hour), Born: kubectl.Epoch, Wide: true})
	// Output:
	// NAME     STATUS     ROLES           AGE   VERSION   INTERNAL-IP   EXTERNAL-IP   OS-IMAGE                         KERNEL-VERSION     CONTAINER-RUNTIME
	// node-1   Ready      control-plane   60m   v1.35.0   172.18.0.2    <none>        Debian GNU/Linux 12 (bookworm)   6.8.0-60-generic   containerd://2.1.1
	// node-2   NotReady   <none>          60m   v1.35.0   172.18.0.3    <none>        Debian GNU/Linux 12 (bookworm)   6.8.0-60-generic   containerd://2.1.1
}
