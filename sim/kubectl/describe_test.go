package kubectl_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/svcsim/svcsim/selector"
	"github.com/svcsim/svcsim/service"
	"github.com/svcsim/svcsim/sim"
	"github.com/svcsim/svcsim/sim/kubectl"
)

func describeEqual(t *testing.T, what string, print func(*bytes.Buffer) error, want string) {
	t.Helper()
	var b bytes.Buffer
	if err := print(&b); err != nil {
		t.Fatal(err)
	}
	if want = strings.TrimPrefix(want, "\n"); b.String() != want {
		t.Errorf("%s: got:\n%s\nwant:\n%s", what, b.String(), want)
	}
}

// describedWeb is rollingWeb two seconds later, with its Service.
func describedWeb(t *testing.T) *sim.Cluster {
	t.Helper()
	c := rollingWeb(t)
	_, err := c.CreateService(service.Service{Name: "web", Selector: selector.Set{"app": "web"},
		Ports: []service.Port{{Name: "http", Port: 80, TargetPort: service.TargetPortName("http")}}})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Advance(2 * time.Second); err != nil {
		t.Fatal(err)
	}
	return c
}

// TestDescribeServiceAndDeployment describes a Service and a Deployment
// in mid-rollout (three old pods ready, one new not yet: the Endpoints
// line lists three ready addresses and counts the fourth, not ready,
// toward "more", as formatEndpointSlices does).
func TestDescribeServiceAndDeployment(t *testing.T) {
	c := describedWeb(t)
	s, _ := c.Service("", "web")
	describeEqual(t, "service", func(b *bytes.Buffer) error {
		return kubectl.DescribeService(b, s, c.EndpointSlices("", "web"))
	}, `
Name:                     web
Namespace:                default
Labels:                   <none>
Annotations:              <none>
Selector:                 app=web
Type:                     ClusterIP
IP Family Policy:         SingleStack
IP Families:              IPv4
IP:                       10.107.233.25
IPs:                      10.107.233.25
Port:                     http  80/TCP
TargetPort:               http/TCP
Endpoints:                10.244.2.2:80,10.244.0.3:80,10.244.1.3:80 + 0 more...
Session Affinity:         None
Internal Traffic Policy:  Cluster
`)
	d, _ := c.Deployment("", "web")
	describeEqual(t, "deployment", func(b *bytes.Buffer) error {
		return kubectl.DescribeDeployment(b, d, c.ReplicaSets("", selector.Everything()))
	}, `
Name:                   web
Namespace:              default
CreationTimestamp:      Wed, 01 Jan 2025 00:00:00 +0000
Labels:                 <none>
Annotations:            deployment.kubernetes.io/revision: 2
Selector:               app=web
Replicas:               3 desired | 1 updated | 4 total | 3 available | 1 unavailable
StrategyType:           RollingUpdate
MinReadySeconds:        0
RollingUpdateStrategy:  25% max unavailable, 25% max surge
Pod Template:
  Labels:  app=web
  Containers:
   nginx:
    Image:        nginx:1.27
    Port:         80/TCP
    Host Port:    0/TCP
    Environment:  <none>
    Mounts:       <none>
   envoy:
    Image:         envoy:1.31
    Port:          9901/TCP
    Host Port:     0/TCP
    Environment:   <none>
    Mounts:        <none>
  Volumes:         <none>
  Node-Selectors:  <none>
  Tolerations:     <none>
Conditions:
  Type           Status  Reason
  ----           ------  ------
  Available      True    MinimumReplicasAvailable
  Progressing    True    ReplicaSetUpdated
OldReplicaSets:  web-555bb78bd7 (3/3 replicas created)
NewReplicaSet:   web-687bf9f676 (1/1 replicas created)
`)
}

// TestDescribePod describes a crash-looping pod and a terminating one.
func TestDescribePod(t *testing.T) {
	c := describedWeb(t)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	p := c.Pods("", selector.Everything())[0]
	must(c.CrashPod("", p.Name))
	must(c.Advance(2 * time.Second))
	must(c.CrashPod("", p.Name))
	must(c.Advance(2 * time.Second))
	p, _ = c.Pod("", p.Name)
	describeEqual(t, "crashed pod", func(b *bytes.Buffer) error {
		return kubectl.DescribePod(b, p, c.Nodes(), c.ReplicaSets("", selector.Everything()), kubectl.For(c))
	}, `
Name:         web-555bb78bd7-b5znd
Namespace:    default
Node:         node-3/172.18.0.4
Start Time:   Wed, 01 Jan 2025 00:00:00 +0000
Labels:       app=web
              pod-template-hash=555bb78bd7
Annotations:  <none>
Status:       Running
IP:           10.244.2.2
IPs:
  IP:           10.244.2.2
Controlled By:  ReplicaSet/web-555bb78bd7
Containers:
  nginx:
    Image:          nginx:1.26
    Port:           80/TCP
    Host Port:      0/TCP
    State:          Waiting
      Reason:       CrashLoopBackOff
    Last State:     Terminated
      Reason:       Error
      Finished:     Wed, 01 Jan 2025 00:01:15 +0000
    Ready:          False
    Restart Count:  1
    Environment:    <none>
    Mounts:         <none>
  envoy:
    Image:          envoy:1.31
    Port:           9901/TCP
    Host Port:      0/TCP
    State:          Running
      Started:      Wed, 01 Jan 2025 00:00:00 +0000
    Ready:          True
    Restart Count:  0
    Environment:    <none>
    Mounts:         <none>
Conditions:
  Type                        Status
  PodReadyToStartContainers   True 
  Initialized                 True 
  Ready                       False 
  ContainersReady             False 
  PodScheduled                True 
Volumes:                      <none>
QoS Class:                    BestEffort
Node-Selectors:               <none>
Tolerations:                  node.kubernetes.io/not-ready:NoExecute op=Exists for 300s
                              node.kubernetes.io/unreachable:NoExecute op=Exists for 300s
`)
	q := c.Pods("", selector.Everything())[1]
	must(c.DeletePodGrace("", q.Name, 20*time.Second))
	must(c.Advance(5 * time.Second))
	q, _ = c.Pod("", q.Name)
	describeEqual(t, "terminating pod", func(b *bytes.Buffer) error {
		return kubectl.DescribePod(b, q, c.Nodes(), c.ReplicaSets("", selector.Everything()), kubectl.For(c))
	}, `
Name:                      web-555bb78bd7-k6q6q
Namespace:                 default
Node:                      node-1/172.18.0.2
Start Time:                Wed, 01 Jan 2025 00:00:00 +0000
Labels:                    app=web
                           pod-template-hash=555bb78bd7
Annotations:               <none>
Status:                    Terminating (lasts <invalid>)
Termination Grace Period:  20s
IP:                        10.244.0.3
IPs:
  IP:           10.244.0.3
Controlled By:  ReplicaSet/web-555bb78bd7
Containers:
  nginx:
    Image:          nginx:1.26
    Port:           80/TCP
    Host Port:      0/TCP
    State:          Running
      Started:      Wed, 01 Jan 2025 00:00:00 +0000
    Ready:          True
    Restart Count:  0
    Environment:    <none>
    Mounts:         <none>
  envoy:
    Image:          envoy:1.31
    Port:           9901/TCP
    Host Port:      0/TCP
    State:          Running
      Started:      Wed, 01 Jan 2025 00:00:00 +0000
    Ready:          True
    Restart Count:  0
    Environment:    <none>
    Mounts:         <none>
Conditions:
  Type                        Status
  PodReadyToStartContainers   True 
  Initialized                 True 
  Ready                       True 
  ContainersReady             True 
  PodScheduled                True 
Volumes:                      <none>
QoS Class:                    BestEffort
Node-Selectors:               <none>
Tolerations:                  node.kubernetes.io/not-ready:NoExecute op=Exists for 300s
                              node.kubernetes.io/unreachable:NoExecute op=Exists for 300s
`)
}
