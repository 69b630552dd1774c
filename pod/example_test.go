package pod_test

import (
	"errors"
	"fmt"
	"math/rand/v2"

	"github.com/svcsim/svcsim/pod"
)

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

func ExampleIsDNS1035Label() {
	fmt.Println(pod.IsDNS1035Label("web"))
	fmt.Println(pod.IsDNS1035Label("123-abc"))
	fmt.Println(pod.IsDNS1123Label("123-abc"))
	// Output:
	// []
	// [a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')]
	// []
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
