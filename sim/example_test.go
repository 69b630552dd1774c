package sim_test

import (
	"fmt"
	"strings"
	"time"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
	"github.com/svcsim/svcsim/service"
	"github.com/svcsim/svcsim/sim"
)

func ExampleNew() {
	c, err := sim.New(sim.Config{Seed: 1})
	if err != nil {
		panic(err)
	}
	for _, n := range c.Nodes() {
		fmt.Println(n.Name, n.IP, n.PodCIDR, n.Ready)
	}
	k, _ := c.Service("default", "kubernetes")
	fmt.Println(k.Name, k.ClusterIP, k.Ports[0].Name, k.Ports[0].Port, k.Ports[0].TargetPort)
	fmt.Println(c.Now())
	// Output:
	// node-1 172.18.0.2 10.244.0.0/24 true
	// node-2 172.18.0.3 10.244.1.0/24 true
	// node-3 172.18.0.4 10.244.2.0/24 true
	// kubernetes 10.96.0.1 https 443 6443
	// 2025-01-01 00:00:00 +0000 UTC
}

// A rolling restart: watch the pods come and go in the trace.
func ExampleCluster_Rollout() {
	c, _ := sim.New(sim.Config{Seed: 1})
	_ = c.CreateDeployment(sim.Deployment{Name: "web", Replicas: 2, Labels: selector.Set{"app": "web"},
		Ports: []pod.ContainerPort{{Name: "http", Port: 8080}}, ReadyAfter: 2 * time.Second,
		TerminationGracePeriod: 5 * time.Second})
	_ = c.Settle()
	start := len(c.Events())
	_ = c.Rollout("default", "web")
	_ = c.Settle()
	for _, e := range c.Events()[start:] {
		if strings.HasPrefix(e.Kind, "Pod") || e.Kind == "ScalingReplicaSet" {
			fmt.Println(e)
		}
	}
	// Output:
	// 00:00:02.000 ScalingReplicaSet deployment/default/web: Scaled up replica set web-5d98b49d6d from 0 to 1
	// 00:00:02.000 PodCreated pod/default/web-5d98b49d6d-wnjjb: node node-2 ip 10.244.1.3
	// 00:00:04.000 PodReady pod/default/web-5d98b49d6d-wnjjb: 10.244.1.3
	// 00:00:04.000 ScalingReplicaSet deployment/default/web: Scaled down replica set web-7bc7b5458 from 2 to 1
	// 00:00:04.000 PodTerminating pod/default/web-7bc7b5458-b5znd: scaled down, grace 5s
	// 00:00:04.000 ScalingReplicaSet deployment/default/web: Scaled up replica set web-5d98b49d6d from 1 to 2
	// 00:00:04.000 PodCreated pod/default/web-5d98b49d6d-6ttd8: node node-3 ip 10.244.2.3
	// 00:00:06.000 PodReady pod/default/web-5d98b49d6d-6ttd8: 10.244.2.3
	// 00:00:06.000 ScalingReplicaSet deployment/default/web: Scaled down replica set web-7bc7b5458 from 1 to 0
	// 00:00:06.000 PodTerminating pod/default/web-7bc7b5458-k6q6q: scaled down, grace 5s
	// 00:00:09.000 PodDeleted pod/default/web-7bc7b5458-b5znd: ip 10.244.2.2 released
	// 00:00:11.000 PodDeleted pod/default/web-7bc7b5458-k6q6q: ip 10.244.0.3 released
}

// A deleted pod leaves the Endpoints at once but keeps serving (slices say
// terminating) until its grace period ends.
func ExampleCluster_DeletePod() {
	c, _ := sim.New(sim.Config{Seed: 1})
	_ = c.CreateDeployment(sim.Deployment{Name: "web", Replicas: 2, Labels: selector.Set{"app": "web"},
		Ports: []pod.ContainerPort{{Name: "http", Port: 8080}}})
	_, _ = c.CreateService(service.Service{Name: "web", Selector: selector.Set{"app": "web"},
		Ports: []service.Port{{Port: 80, TargetPort: service.TargetPortName("http")}}})
	_ = c.Settle()
	victim := c.Pods("default", selector.Everything())[0]
	_ = c.DeletePod("default", victim.Name)
	_ = c.Advance(0)
	p, _ := c.Pod("default", victim.Name)
	fmt.Println(p.Name, p.Status())
	ep, _ := c.Endpoints("default", "web")
	inEndpoints := false
	for _, a := range ep.Subsets[0].Addresses {
		inEndpoints = inEndpoints || a.IP == p.IP
	}
	fmt.Println("in Endpoints:", inEndpoints)
	for _, sl := range c.EndpointSlices("default", "web") {
		for _, e := range sl.Endpoints {
			if e.Pod == "default/"+p.Name {
				fmt.Printf("slice: %+v\n", e.Conditions)
			}
		}
	}
	_ = c.Advance(30 * time.Second)
	_, ok := c.Pod("default", victim.Name)
	fmt.Println("still there after 30s:", ok)
	// Output:
	// web-6f4b8666dd-b5znd Terminating
	// in Endpoints: false
	// slice: {Ready:false Serving:true Terminating:true}
	// still there after 30s: false
}

// A node fails: after the node-monitor grace period (50 s) it is NotReady
// and its pods (a coredns pod among them) leave the endpoints; 300 s later they are evicted and
// replaced elsewhere, but stays Terminating until the node comes back.
func ExampleCluster_FailNode() {
	c, _ := sim.New(sim.Config{Seed: 1, Nodes: 2})
	_ = c.CreateDeployment(sim.Deployment{Name: "web", Replicas: 2, Labels: selector.Set{"app": "web"}})
	_, _ = c.CreateService(service.Service{Name: "web", Selector: selector.Set{"app": "web"},
		Ports: []service.Port{{Port: 80}}})
	_ = c.Settle()
	start := len(c.Events())
	_ = c.FailNode("node-2")
	_ = c.Settle()
	_ = c.RecoverNode("node-2")
	_ = c.Settle()
	for _, e := range c.Events()[start:] {
		switch e.Kind {
		case "ProxyProgrammed", "PodScheduled":
		default:
			fmt.Println(e)
		}
	}
	// Output:
	// 00:00:01.000 NodeFailed node//node-2: stopped answering
	// 00:00:51.000 NodeNotReady node//node-2: no status for 50s; pods marked not ready
	// 00:00:51.000 PodNotReady pod/kube-system/coredns-77fb9bf648-88jwh: 10.244.1.2
	// 00:00:51.000 PodNotReady pod/default/web-7c897cf947-k6q6q: 10.244.1.3
	// 00:00:51.000 EndpointsUpdated endpoints/kube-system/kube-dns: 1 ready, 1 not ready (-10.244.1.2)
	// 00:00:51.000 EndpointsUpdated endpoints/default/web: 1 ready, 1 not ready (-10.244.1.3)
	// 00:05:51.000 NodeEvicting node//node-2: taint node.kubernetes.io/unreachable tolerated for 5m0s
	// 00:05:51.000 PodTerminating pod/kube-system/coredns-77fb9bf648-88jwh: evicted from unreachable node, grace 30s
	// 00:05:51.000 PodTerminating pod/default/web-7c897cf947-k6q6q: evicted from unreachable node, grace 30s
	// 00:05:51.000 PodCreated pod/kube-system/coredns-77fb9bf648-wnjjb: node node-1 ip 10.244.0.4
	// 00:05:51.000 PodReady pod/kube-system/coredns-77fb9bf648-wnjjb: 10.244.0.4
	// 00:05:51.000 PodCreated pod/default/web-7c897cf947-6ttd8: node node-1 ip 10.244.0.5
	// 00:05:51.000 PodReady pod/default/web-7c897cf947-6ttd8: 10.244.0.5
	// 00:05:51.000 EndpointsUpdated endpoints/kube-system/kube-dns: 2 ready (+10.244.0.4)
	// 00:05:51.000 EndpointsUpdated endpoints/default/web: 2 ready (+10.244.0.5)
	// 00:05:52.000 NodeReady node//node-2: recovered
	// 00:06:21.000 PodDeleted pod/kube-system/coredns-77fb9bf648-88jwh: ip 10.244.1.2 released
	// 00:06:21.000 PodDeleted pod/default/web-7c897cf947-k6q6q: ip 10.244.1.3 released
	// 00:06:21.000 EndpointsUpdated endpoints/kube-system/kube-dns: 2 ready
	// 00:06:21.000 EndpointsUpdated endpoints/default/web: 2 ready
}

// A crash-looping pod: the kubelet restarts its container at once the
// first time, then after 10 s, 20 s, 40 s … from each exit (each exit is
// seen at the next whole-second relist), and kubectl shows
// CrashLoopBackOff while it waits.
func ExampleCluster_SetCrashLoop() {
	c, _ := sim.New(sim.Config{Seed: 1})
	_, _ = c.CreatePod(pod.Pod{Name: "app", Labels: selector.Set{"app": "app"}})
	_ = c.Advance(10 * time.Second)
	_ = c.SetCrashLoop("default", "app", true)
	_ = c.CrashPod("default", "app")
	_ = c.Advance(80 * time.Second)
	for _, e := range c.Events() {
		if e.Kind == "PodRestarted" || e.Kind == "BackOff" {
			fmt.Println(e.Time.Format("15:04:05"), e.Kind, e.Message)
		}
	}
	p, _ := c.Pod("default", "app")
	fmt.Println(p.Status(), p.RestartCount, p.LastTerminationTime.Format("15:04:05"))
	// Output:
	// 00:00:11 PodRestarted container restarted (restarts 1)
	// 00:00:12 BackOff Back-off restarting failed container app in pod app_default(f3513862-b32a-4418-8bcc-86381e03cbd8)
	// 00:00:21 PodRestarted container restarted (restarts 2)
	// 00:00:22 BackOff Back-off restarting failed container app in pod app_default(f3513862-b32a-4418-8bcc-86381e03cbd8)
	// 00:00:41 PodRestarted container restarted (restarts 3)
	// 00:00:42 BackOff Back-off restarting failed container app in pod app_default(f3513862-b32a-4418-8bcc-86381e03cbd8)
	// 00:01:21 PodRestarted container restarted (restarts 4)
	// 00:01:22 BackOff Back-off restarting failed container app in pod app_default(f3513862-b32a-4418-8bcc-86381e03cbd8)
	// CrashLoopBackOff 4 00:01:21
}
