package pod_test

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"net/netip"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
)

// A pod as a Service sees it: labels to be selected by, an IP once it runs
// on a node, a named port for a targetPort, and readiness; once it is
// deleted it is Terminating and no longer counts for its ReplicaSet.
func Example() {
	p := pod.Pod{Namespace: "default", Name: "web-77bddd4677-6ttd8",
		Labels: selector.Set{"app": "web", "pod-template-hash": "77bddd4677"},
		Ports:  []pod.ContainerPort{{Name: "http", Port: 8080}}}
	fmt.Println(p.Validate())
	fmt.Println(p)

	p.NodeName, p.IP = "node-1", netip.MustParseAddr("10.244.0.4")
	p.Phase, p.Ready = pod.Running, true
	fmt.Println(p)
	fmt.Println(p.FindPort("http", pod.TCP))

	p.Terminating, p.Ready = true, false
	fmt.Println(p, p.IsActive())
	// Output:
	// <nil>
	// default/web-77bddd4677-6ttd8 0/1 Pending <none> <none>
	// default/web-77bddd4677-6ttd8 1/1 Running 10.244.0.4 node-1
	// 8080 true
	// default/web-77bddd4677-6ttd8 0/1 Terminating 10.244.0.4 node-1 false
}

func ExamplePod_Validate() {
	p := pod.Pod{Namespace: "default", Name: "web-1",
		Ports: []pod.ContainerPort{{Name: "http", Port: 8080}, {Name: "Bad_Name", Port: 9090}}}
	err := p.Validate()
	fmt.Println(err)
	fmt.Println(errors.Is(err, pod.ErrInvalid))
	// Output:
	// pod default/web-1: spec.containers[0].ports[1].name: Invalid value: "Bad_Name": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)
	// true
}

func ExampleNewUID() {
	r := rand.New(rand.NewPCG(42, 0))
	u := pod.NewUID(r)
	fmt.Println(u.Version(), u == pod.NewUID(rand.New(rand.NewPCG(42, 0))))
	// Output: VERSION_4 true
}

func ExamplePod_FindPort() {
	p := pod.Pod{Ports: []pod.ContainerPort{{Name: "dns", Port: 53, Protocol: pod.UDP}, {Name: "dns", Port: 5353}}}
	fmt.Println(p.FindPort("dns", pod.UDP))
	fmt.Println(p.FindPort("dns", pod.TCP))
	fmt.Println(p.FindPort("http", pod.TCP))
	// Output:
	// 53 true
	// 5353 true
	// 0 false
}
