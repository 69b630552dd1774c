package sim

import (
	"errors"
	"fmt"
	"net/netip"
	"reflect"
	"testing"

	"pgregory.net/rapid"

	"github.com/svcsim/svcsim/ipam"
	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
	"github.com/svcsim/svcsim/service"
)

func nodePortService(name string) service.Service {
	return service.Service{Name: name, Type: service.NodePort, Selector: selector.Set{"app": "web"},
		Ports: []service.Port{{Name: "http", Port: 80, TargetPort: service.TargetPortNumber(8080)}}}
}

// A NodePort create refused for a full node-port range draws no ClusterIP:
// later ClusterIPs are those of a cluster that never saw the call.
func TestRefusedNodePortDrawsNothing(t *testing.T) {
	run := func(refused bool) []string {
		c := mustNew(t, Config{Seed: 7, NodePortRange: [2]int{30000, 30000}})
		_, err := c.CreateService(nodePortService("a"))
		must(t, err)
		if refused {
			_, err := c.CreateService(nodePortService("b"))
			if !errors.Is(err, ErrFull) || !errors.Is(err, ipam.ErrFull) {
				t.Fatalf("second NodePort service: %v", err)
			}
		}
		var ips []string
		for k := range 5 {
			s, err := c.CreateService(service.Service{Name: fmt.Sprint("c", k), Selector: selector.Set{"app": "web"},
				Ports: []service.Port{{Port: 80}}})
			must(t, err)
			ips = append(ips, s.ClusterIP.String())
		}
		return ips
	}
	if with, without := run(true), run(false); !reflect.DeepEqual(with, without) {
		t.Errorf("ClusterIPs after a refused call %v, without it %v", with, without)
	}
}

// refusable is a call that may be refused.
type refusable struct {
	name string
	call func(c *Cluster) error
}

// The same successful calls, with and without refused calls interleaved,
// give identical traces, pod names and addresses.
func TestRefusedCallsChangeNothing(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		cfg := Config{Seed: rapid.Int64().Draw(t, "seed"), NodePortRange: [2]int{30000, 30002}, MaxPods: 8,
			LoadBalancerClassPools: map[string]netip.Prefix{"example.com/lb": netip.MustParsePrefix("192.0.2.0/30")}}
		var calls []refusable
		for k := range rapid.IntRange(1, 25).Draw(t, "calls") {
			name := fmt.Sprint("o", rapid.IntRange(0, 5).Draw(t, "name"))
			var r refusable
			switch rapid.IntRange(0, 9).Draw(t, fmt.Sprint("kind", k)) {
			case 0:
				r = refusable{"nodeport " + name, func(c *Cluster) error { _, err := c.CreateService(nodePortService(name)); return err }}
			case 1:
				r = refusable{"clusterip " + name, func(c *Cluster) error {
					_, err := c.CreateService(service.Service{Name: name, Selector: selector.Set{"app": "web"}, Ports: []service.Port{{Port: 80}}})
					return err
				}}
			case 2:
				r = refusable{"pod " + name, func(c *Cluster) error {
					_, err := c.CreatePod(pod.Pod{Name: name, Labels: selector.Set{"app": "web"}})
					return err
				}}
			case 3:
				n := rapid.IntRange(0, 6).Draw(t, "replicas")
				r = refusable{"deployment " + name, func(c *Cluster) error { return c.CreateDeployment(webDeploymentNamed(name, n)) }}
			case 4:
				r = refusable{"delete service " + name, func(c *Cluster) error { return c.DeleteService("", name) }}
			case 5:
				r = refusable{"delete pod " + name, func(c *Cluster) error { return c.DeletePod("", name) }}
			case 6:
				n := rapid.IntRange(-1, 6).Draw(t, "scale")
				r = refusable{"scale " + name, func(c *Cluster) error { return c.Scale("", name, n) }}
			case 7:
				r = refusable{"bad service " + name, func(c *Cluster) error {
					_, err := c.CreateService(service.Service{Name: name, Type: service.NodePort,
						Ports: []service.Port{{Port: 80, NodePort: 1}}})
					return err
				}}
			case 8:
				hc := int32(rapid.IntRange(29999, 30002).Draw(t, "healthCheckNodePort"))
				r = refusable{"local lb " + name, func(c *Cluster) error {
					s := nodePortService(name)
					s.Type, s.ExternalTrafficPolicy, s.HealthCheckNodePort = service.LoadBalancer, service.TrafficPolicyLocal, hc
					s.AllocateLoadBalancerNodePorts = new(false)
					_, err := c.CreateService(s)
					return err
				}}
			case 9:
				lb := netip.AddrFrom4([4]byte{192, 0, 2, byte(rapid.IntRange(0, 4).Draw(t, "lbIP"))})
				r = refusable{"classed lb " + name, func(c *Cluster) error {
					s := nodePortService(name)
					s.Type, s.LoadBalancerClass, s.LoadBalancerIP = service.LoadBalancer, "example.com/lb", lb
					s.AllocateLoadBalancerNodePorts = new(false)
					_, err := c.CreateService(s)
					return err
				}}
			}
			calls = append(calls, r)
		}
		a := mustNewRapid(t, cfg)
		var ok []refusable
		for _, r := range calls {
			if err := r.call(a); err != nil {
				continue
			}
			ok = append(ok, r)
			if err := a.Settle(); err != nil {
				t.Fatal(err)
			}
		}
		b := mustNewRapid(t, cfg)
		for _, r := range ok {
			if err := r.call(b); err != nil {
				t.Fatalf("%s: refused without the refused calls: %v", r.name, err)
			}
			if err := b.Settle(); err != nil {
				t.Fatal(err)
			}
		}
		sa, sb := takeSnapshot(a), takeSnapshot(b)
		if !reflect.DeepEqual(sa, sb) {
			t.Fatalf("refused calls changed the cluster:\nwith:    %+v\nwithout: %+v", sa, sb)
		}
	})
}

func webDeploymentNamed(name string, replicas int) Deployment {
	d := webDeployment(replicas, 0)
	d.Name = name
	return d
}

func mustNewRapid(t *rapid.T, cfg Config) *Cluster {
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c
}
