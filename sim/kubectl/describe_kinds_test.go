package kubectl

import (
	"bytes"
	"net/netip"
	"testing"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
	"github.com/svcsim/svcsim/service"
)

// TestDescribeServiceKinds: a LoadBalancer (status ingress with ipMode
// VIP, a node port), a headless Service (no ports) and an ExternalName
// (no IP family, no internal traffic policy).
func TestDescribeServiceKinds(t *testing.T) {
	want := map[string]string{"web-lb": `
Name:                     web-lb
Namespace:                default
Labels:                   <none>
Annotations:              <none>
Selector:                 <none>
Type:                     LoadBalancer
IP Family Policy:         SingleStack
IP Families:              IPv4
IP:                       10.96.9.9
IPs:                      10.96.9.9
LoadBalancer Ingress:     203.0.113.1 (VIP)
Port:                     <unset>  80/TCP
TargetPort:               80/TCP
NodePort:                 <unset>  31000/TCP
Endpoints:                <none>
Session Affinity:         None
Internal Traffic Policy:  Cluster
`, "web-headless": `
Name:                     web-headless
Namespace:                default
Labels:                   <none>
Annotations:              <none>
Selector:                 app=web
Type:                     ClusterIP
IP Family Policy:         SingleStack
IP Families:              IPv4
IP:                       None
IPs:                      None
Session Affinity:         None
Internal Traffic Policy:  Cluster
`, "db": `
Name:              db
Namespace:         other
Labels:            <none>
Annotations:       <none>
Selector:          <none>
Type:              ExternalName
IP Families:       <none>
IP:                
IPs:               <none>
External Name:     db.example.com
Session Affinity:  None
`}
	for _, s := range fixtureServices() {
		w, ok := want[s.Name]
		if !ok {
			continue
		}
		var b bytes.Buffer
		if err := DescribeService(&b, s, nil); err != nil {
			t.Fatal(err)
		}
		check(t, b, w)
	}
}

func TestDescribePendingPod(t *testing.T) {
	var b bytes.Buffer
	p := pod.Pod{Namespace: "default", Name: "client", Phase: pod.Pending, CreationTimestamp: at(0)}
	if err := DescribePod(&b, p, nil, nil, opts()); err != nil {
		t.Fatal(err)
	}
	check(t, b, `
Name:         client
Namespace:    default
Node:         <none>
Labels:       <none>
Annotations:  <none>
Status:       Pending
IP:           
IPs:          <none>
Containers:
  app:
    Image:        
    Port:         <none>
    Host Port:    <none>
    Environment:  <none>
    Mounts:       <none>
Conditions:
  Type           Status
  PodScheduled   False 
Volumes:         <none>
QoS Class:       BestEffort
Node-Selectors:  <none>
Tolerations:     node.kubernetes.io/not-ready:NoExecute op=Exists for 300s
                 node.kubernetes.io/unreachable:NoExecute op=Exists for 300s
`)
}

// TestDescribeDualStackService: describe prints the Service's own policy
// and families and every cluster IP, as kubectl joins them with ",".
func TestDescribeDualStackService(t *testing.T) {
	s := service.Service{Namespace: "default", Name: "web", Selector: selector.Set{"app": "web"},
		ClusterIP: netip.MustParseAddr("10.96.0.20"), ClusterIPs: []netip.Addr{netip.MustParseAddr("10.96.0.20"), netip.MustParseAddr("fd00:10:96::20")},
		IPFamilies: []service.IPFamily{service.IPv4Protocol, service.IPv6Protocol}, IPFamilyPolicy: service.IPFamilyPolicyPreferDualStack,
		Ports: []service.Port{{Port: 80}}}
	var b bytes.Buffer
	if err := DescribeService(&b, s, nil); err != nil {
		t.Fatal(err)
	}
	check(t, b, `
Name:                     web
Namespace:                default
Labels:                   <none>
Annotations:              <none>
Selector:                 app=web
Type:                     ClusterIP
IP Family Policy:         PreferDualStack
IP Families:              IPv4,IPv6
IP:                       10.96.0.20
IPs:                      10.96.0.20,fd00:10:96::20
Port:                     <unset>  80/TCP
TargetPort:               80/TCP
Endpoints:                <none>
Session Affinity:         None
Internal Traffic Policy:  Cluster
`)
	var g bytes.Buffer
	if err := Services(&g, []service.Service{s}, Options{}); err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(g.Bytes(), []byte("web    ClusterIP   10.96.0.20   <none>")) {
		t.Errorf("kubectl get svc shows the primary ClusterIP only:\n%s", g.String())
	}
}
