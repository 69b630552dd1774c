package service_test

import (
	"errors"
	"fmt"
	"maps"
	"net/netip"
	"slices"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
	"github.com/svcsim/svcsim/service"
)

// A Service is the front end of its pods: defaulted and validated as the
// apiserver does, reached by one DNS name, and sending its port 80 to the
// container port named "http", whatever number each pod gives it.
func Example() {
	s := service.Service{Name: "web", Selector: selector.Set{"app": "web"},
		Ports: []service.Port{{Port: 80, TargetPort: service.TargetPortName("http")}}}.WithDefaults()
	fmt.Println(s.Validate())
	s.ClusterIP = netip.MustParseAddr("10.96.0.10") // as the cluster allocates it
	fmt.Println(s)
	fmt.Println(s.FQDN(service.DefaultClusterDomain))

	v1 := []pod.ContainerPort{{Name: "http", Port: 8080}}
	v2 := []pod.ContainerPort{{Name: "http", Port: 9090}}
	fmt.Println(s.Ports[0].ResolveTargetPort(v1))
	fmt.Println(s.Ports[0].ResolveTargetPort(v2))
	// Output:
	// <nil>
	// default/web ClusterIP 10.96.0.10 <none> 80/TCP
	// web.default.svc.cluster.local
	// 8080 true
	// 9090 true
}

// The variables the kubelet gives a container for Service redis-primary
// (kubernetes pkg/kubelet/envvars/envvars.go, FromServices).
func ExampleEnvVars() {
	redis := service.Service{Namespace: "default", Name: "redis-primary",
		ClusterIP: netip.MustParseAddr("10.0.0.11"),
		Ports:     []service.Port{{Name: "redis", Port: 6379}}}
	env := service.EnvVars([]service.Service{redis})
	for _, k := range slices.Sorted(maps.Keys(env)) {
		fmt.Printf("%s=%s\n", k, env[k])
	}
	// Output:
	// REDIS_PRIMARY_PORT=tcp://10.0.0.11:6379
	// REDIS_PRIMARY_PORT_6379_TCP=tcp://10.0.0.11:6379
	// REDIS_PRIMARY_PORT_6379_TCP_ADDR=10.0.0.11
	// REDIS_PRIMARY_PORT_6379_TCP_PORT=6379
	// REDIS_PRIMARY_PORT_6379_TCP_PROTO=tcp
	// REDIS_PRIMARY_SERVICE_HOST=10.0.0.11
	// REDIS_PRIMARY_SERVICE_PORT=6379
	// REDIS_PRIMARY_SERVICE_PORT_REDIS=6379
}

func ExampleServicesForPod() {
	all := []service.Service{
		{Namespace: "default", Name: "kubernetes", ClusterIP: netip.MustParseAddr("10.96.0.1"), Ports: []service.Port{{Name: "https", Port: 443}}},
		{Namespace: "shop", Name: "cart", ClusterIP: netip.MustParseAddr("10.96.0.20"), Ports: []service.Port{{Port: 80}}},
		{Namespace: "shop", Name: "db", Headless: true},
		{Namespace: "blog", Name: "posts", ClusterIP: netip.MustParseAddr("10.96.0.30"), Ports: []service.Port{{Port: 80}}},
	}
	for _, links := range []bool{true, false} {
		var keys []string
		for _, s := range service.ServicesForPod("shop", all, links) {
			keys = append(keys, s.Key())
		}
		fmt.Println(keys)
	}
	// Output:
	// [shop/cart default/kubernetes]
	// [default/kubernetes]
}

func ExampleService_Validate() {
	s := service.Service{Namespace: "default", Name: "web",
		Ports: []service.Port{{Name: "http", Port: 80}, {Port: 0}}}
	err := s.Validate()
	fmt.Println(err)
	fmt.Println(errors.Is(err, service.ErrInvalid))
	var l pod.ErrorList
	if errors.As(err, &l) {
		for _, fe := range l {
			fmt.Println(fe.Field, "|", fe.Type)
		}
	}
	// Output:
	// service default/web: [spec.ports[1].name: Required value, spec.ports[1].port: Invalid value: 0: must be between 1 and 65535, inclusive]
	// true
	// spec.ports[1].name | Required value
	// spec.ports[1].port | Invalid value
}

func ExampleService_Records() {
	s := service.Service{Namespace: "default", Name: "web", ClusterIP: netip.MustParseAddr("10.96.0.10"),
		Ports: []service.Port{{Name: "http", Port: 80}}}
	fmt.Println(s.FQDN("cluster.local"))
	for _, r := range s.Records("cluster.local", service.DefaultTTL, nil) {
		fmt.Println(r)
	}
	// Output:
	// web.default.svc.cluster.local
	// web.default.svc.cluster.local. 30 IN A 10.96.0.10
	// _http._tcp.web.default.svc.cluster.local. 30 IN SRV 0 100 80 web.default.svc.cluster.local.
	// web.default.svc.cluster.local. 30 IN SRV 0 100 80 web.default.svc.cluster.local.
	// 10.0.96.10.in-addr.arpa. 30 IN PTR web.default.svc.cluster.local.
}

func ExampleService_Records_headless() {
	s := service.Service{Namespace: "default", Name: "db", Headless: true}
	ready := []service.Endpoint{{IP: netip.MustParseAddr("10.244.1.5")}, {IP: netip.MustParseAddr("fd00::5")}}
	for _, r := range s.Records("cluster.local", service.DefaultTTL, ready) {
		fmt.Println(r)
	}
	// Output:
	// db.default.svc.cluster.local. 30 IN A 10.244.1.5
	// db.default.svc.cluster.local. 30 IN AAAA fd00::5
	// 10-244-1-5.db.default.svc.cluster.local. 30 IN A 10.244.1.5
	// fd00--5.db.default.svc.cluster.local. 30 IN AAAA fd00::5
	// 5.1.244.10.in-addr.arpa. 30 IN PTR 10-244-1-5.db.default.svc.cluster.local.
	// 5.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.d.f.ip6.arpa. 30 IN PTR fd00--5.db.default.svc.cluster.local.
}

func ExamplePort_ResolveTargetPort() {
	containers := []pod.ContainerPort{{Name: "http", Port: 8080}}
	fmt.Println(service.Port{Port: 80, TargetPort: service.TargetPortName("http")}.ResolveTargetPort(containers))
	fmt.Println(service.Port{Port: 80, TargetPort: service.TargetPortNumber(9000)}.ResolveTargetPort(containers))
	fmt.Println(service.Port{Port: 80, TargetPort: service.TargetPortName("grpc")}.ResolveTargetPort(containers))
	// Output:
	// 8080 true
	// 9000 true
	// 0 false
}

func ExampleService_WithDefaults() {
	s := service.Service{Name: "web", Type: service.NodePort, Ports: []service.Port{{Port: 80}}}.WithDefaults()
	fmt.Println(s.Namespace, s.SessionAffinity, s.ExternalTrafficPolicy, s.Ports[0].Protocol, s.Ports[0].TargetPort)
	// Output: default None Cluster TCP 80
}

func ExamplePrepareUpdate() {
	old := service.Service{Namespace: "default", Name: "web", Type: service.NodePort,
		ClusterIP: netip.MustParseAddr("10.96.0.10"),
		Ports:     []service.Port{{Port: 80, NodePort: 30080}}}
	upd := old.Clone()
	upd.Type = service.ClusterIP
	prepared := service.PrepareUpdate(old, upd)
	fmt.Println(prepared)
	fmt.Println(service.ValidateUpdate(old, prepared))
	fmt.Println(service.Released(old, prepared).NodePorts)
	// Output:
	// default/web ClusterIP 10.96.0.10 <none> 80/TCP
	// <nil>
	// [30080]
}
