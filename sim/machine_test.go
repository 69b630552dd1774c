package sim

import (
	"errors"
	"flag"
	"fmt"
	"maps"
	"net/netip"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"testing"
	"time"

	"pgregory.net/rapid"

	"github.com/svcsim/svcsim/endpoints"
	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
	"github.com/svcsim/svcsim/service"
)

// frontEnd is what a Service's clients depend on; it must never change
// behind their back.
type frontEnd struct {
	clusterIP   netip.Addr
	clusterIPs  string
	headless    bool
	nodePorts   string
	lb          netip.Addr
	healthCheck int32
}

func frontOf(s service.Service) frontEnd {
	f := frontEnd{clusterIP: s.ClusterIP, clusterIPs: fmt.Sprint(s.ClusterIPs), headless: s.Headless, lb: s.LoadBalancerIP,
		healthCheck: s.HealthCheckNodePort}
	for _, p := range s.Ports {
		f.nodePorts += fmt.Sprintf("%d/%s:%d,", p.Port, p.Protocol, p.NodePort)
	}
	return f
}

type machine struct {
	c      *Cluster
	dual   bool // the Config is dual-stack: Services draw IP-family fields
	fronts map[string]frontEnd
	env    map[string]map[string]string // pod → env expected since its container started
}

var (
	appLabels  = []string{"web", "api", "db"}
	namespaces = []string{"default", "other"}
)

func (m *machine) anyPod(t *rapid.T) (pod.Pod, bool) {
	var all []pod.Pod
	for _, ns := range namespaces {
		all = append(all, m.c.Pods(ns, selector.Everything())...)
	}
	if len(all) == 0 {
		return pod.Pod{}, false
	}
	return all[rapid.IntRange(0, len(all)-1).Draw(t, "pod")], true
}

// unchanged runs a call that must fail and checks it changed nothing.
func (m *machine) unchanged(t *rapid.T, what string, call func() error) {
	before := takeSnapshot(m.c)
	if err := call(); err == nil {
		t.Fatalf("%s: no error", what)
	}
	if after := takeSnapshot(m.c); !reflect.DeepEqual(before, after) {
		t.Fatalf("%s: failed call changed the cluster", what)
	}
}

func (m *machine) actions() map[string]func(*rapid.T) {
	return map[string]func(*rapid.T){
		"createDeployment": func(t *rapid.T) {
			ns := rapid.SampledFrom(namespaces).Draw(t, "ns")
			app := rapid.SampledFrom(appLabels).Draw(t, "app")
			d := Deployment{Namespace: ns, Name: app + "-" + rapid.StringMatching(`[a-c]`).Draw(t, "n"),
				Replicas: rapid.IntRange(0, 5).Draw(t, "replicas"), Labels: selector.Set{"app": app},
				Ports:                  []pod.ContainerPort{{Name: "http", Port: 8080}},
				ReadyAfter:             time.Duration(rapid.IntRange(0, 3).Draw(t, "ready")) * time.Second,
				TerminationGracePeriod: time.Duration(rapid.IntRange(0, 40).Draw(t, "grace")) * time.Second}
			if rapid.Bool().Draw(t, "recreate") {
				d.Strategy = Recreate
			} else {
				d.MaxSurge = rapid.SampledFrom([]string{"", "1", "0", "50%"}).Draw(t, "surge")
				d.MaxUnavailable = rapid.SampledFrom([]string{"", "1", "25%"}).Draw(t, "unavail")
				if d.MaxSurge == "0" && d.MaxUnavailable == "" {
					d.MaxUnavailable = "1"
				}
			}
			err := m.c.CreateDeployment(d)
			if errors.Is(err, ErrAlreadyExists) {
				m.unchanged(t, "duplicate deployment", func() error { return m.c.CreateDeployment(d) })
				return
			}
			if err != nil {
				t.Fatal(err)
			}
		},
		"scale": func(t *rapid.T) {
			d := m.anyDeployment(t)
			if d == nil {
				return
			}
			if err := m.c.Scale(d.spec.Namespace, d.name, rapid.IntRange(0, 6).Draw(t, "replicas")); err != nil {
				t.Fatal(err)
			}
		},
		"rollout": func(t *rapid.T) {
			if d := m.anyDeployment(t); d != nil {
				if err := m.c.Rollout(d.spec.Namespace, d.name); err != nil {
					t.Fatal(err)
				}
			}
		},
		"updateDeployment": func(t *rapid.T) {
			dr := m.anyDeployment(t)
			if dr == nil {
				return
			}
			d, _ := m.c.Deployment(dr.spec.Namespace, dr.name)
			if rapid.Bool().Draw(t, "changeSelector") {
				bad := d
				bad.Selector = selector.Set{"app": "other"}
				m.unchanged(t, "selector change", func() error { return m.c.UpdateDeployment(bad) })
			}
			d.Replicas = rapid.IntRange(0, 6).Draw(t, "replicas")
			d.ReadyAfter = time.Duration(rapid.IntRange(0, 3).Draw(t, "ready")) * time.Second
			if v := rapid.SampledFrom([]string{"", "v1", "v2"}).Draw(t, "version"); v != "" {
				d.Labels["version"] = v // beyond the selector
			} else {
				delete(d.Labels, "version")
			}
			if rapid.Bool().Draw(t, "toggleStrategy") {
				if d.Strategy == Recreate {
					d.Strategy = RollingUpdate
				} else {
					d.Strategy, d.MaxSurge, d.MaxUnavailable = Recreate, "", ""
				}
			}
			if err := m.c.UpdateDeployment(d); err != nil {
				t.Fatal(err)
			}
		},
		"setImage": func(t *rapid.T) {
			dr := m.anyDeployment(t)
			if dr == nil {
				return
			}
			d, _ := m.c.Deployment(dr.spec.Namespace, dr.name)
			name := "app"
			if len(d.Containers) > 0 {
				name = d.Containers[0].Name
			}
			if err := m.c.SetImage(d.Namespace, d.Name, name, rapid.SampledFrom([]string{"web:1", "web:2"}).Draw(t, "image")); err != nil {
				t.Fatal(err)
			}
		},
		"rolloutUndo": func(t *rapid.T) {
			dr := m.anyDeployment(t)
			if dr == nil {
				return
			}
			ns, name := dr.spec.Namespace, dr.name
			to := rapid.Int64Range(-1, 5).Draw(t, "toRevision")
			target := undoTarget(m.c, ns, name, to)
			undo := func() error { return m.c.RolloutUndo(ns, name, to) }
			if target == "" {
				m.unchanged(t, "rollout undo", undo)
				return
			}
			if err := undo(); err != nil {
				t.Fatal(err)
			}
			if rs, _ := m.c.ReplicaSet(ns, target); !rs.Current {
				t.Fatalf("rollout undo to %d: ReplicaSet %s is not the current one", to, target)
			}
		},
		"deleteDeployment": func(t *rapid.T) {
			if d := m.anyDeployment(t); d != nil {
				if err := m.c.DeleteDeployment(d.spec.Namespace, d.name); err != nil {
					t.Fatal(err)
				}
			}
		},
		"createPod": func(t *rapid.T) {
			p := pod.Pod{Namespace: rapid.SampledFrom(namespaces).Draw(t, "ns"),
				Name:   "bare-" + rapid.StringMatching(`[a-d]`).Draw(t, "n"),
				Labels: selector.Set{"app": rapid.SampledFrom(appLabels).Draw(t, "app")},
				Ports:  []pod.ContainerPort{{Name: "http", Port: 9090}}}
			if q, ok := m.anyPod(t); ok && q.Labels["pod-template-hash"] != "" && rapid.Bool().Draw(t, "adoptable") {
				p.Namespace, p.Labels = q.Namespace, q.Labels // a ReplicaSet will adopt it
			}
			if m.c.store.Len() >= m.c.cfg.MaxPods {
				m.unchanged(t, "createPod beyond the quota", func() error {
					_, err := m.c.CreatePod(p)
					if !errors.Is(err, ErrForbidden) {
						t.Fatalf("createPod beyond the quota: %v", err)
					}
					return err
				})
				return
			}
			if _, err := m.c.CreatePod(p); err != nil && !errors.Is(err, ErrAlreadyExists) && !errors.Is(err, ErrInvalid) {
				t.Fatal(err)
			}
		},
		"deletePod": func(t *rapid.T) {
			if p, ok := m.anyPod(t); ok {
				if err := m.c.DeletePod(p.Namespace, p.Name); err != nil {
					t.Fatal(err)
				}
			}
		},
		"deleteWithGrace": func(t *rapid.T) {
			if p, ok := m.anyPod(t); ok {
				grace := time.Duration(rapid.IntRange(-1, 40).Draw(t, "grace")) * time.Second
				if err := m.c.DeletePodGrace(p.Namespace, p.Name, grace); err != nil {
					t.Fatal(err)
				}
			}
		},
		"crashPod": func(t *rapid.T) {
			if p, ok := m.anyPod(t); ok {
				err := m.c.CrashPod(p.Namespace, p.Name)
				if err != nil && !errors.Is(err, ErrInvalid) {
					t.Fatal(err)
				}
				if err == nil {
					m.env[p.Namespace+"/"+p.Name+"/"+p.UID.String()] = m.expectedEnv(p.Namespace)
				}
			}
		},
		"crashLoop": func(t *rapid.T) {
			// A crash loop for a while, then a container that runs: the
			// machine settles after each action.
			p, ok := m.anyPod(t)
			if !ok {
				return
			}
			if err := m.c.SetCrashLoop(p.Namespace, p.Name, true); err != nil {
				t.Fatal(err)
			}
			crashErr := m.c.CrashPod(p.Namespace, p.Name)
			if crashErr != nil && !errors.Is(crashErr, ErrInvalid) {
				t.Fatal(crashErr)
			}
			for range rapid.IntRange(0, 6).Draw(t, "steps") {
				if err := m.c.Advance(time.Duration(rapid.IntRange(0, 200).Draw(t, "seconds")) * time.Second); err != nil {
					t.Fatal(err)
				}
				m.noDownPodReady(t)
			}
			if q, ok := m.c.Pod(p.Namespace, p.Name); ok {
				if err := m.c.SetCrashLoop(p.Namespace, p.Name, false); err != nil {
					t.Fatal(err)
				}
				if crashErr == nil || q.RestartCount != p.RestartCount { // env recomputed at the (next) restart
					m.env[p.Namespace+"/"+p.Name+"/"+p.UID.String()] = m.expectedEnv(p.Namespace)
				}
			}
		},
		"setPodReady": func(t *rapid.T) {
			if p, ok := m.anyPod(t); ok {
				err := m.c.SetPodReady(p.Namespace, p.Name, rapid.Bool().Draw(t, "ready"))
				if err != nil && !errors.Is(err, ErrInvalid) {
					t.Fatal(err)
				}
			}
		},
		"setPodLabels": func(t *rapid.T) {
			if p, ok := m.anyPod(t); ok {
				l := selector.Set{"app": rapid.SampledFrom(appLabels).Draw(t, "app")}
				if h, ok := p.Labels["pod-template-hash"]; ok && rapid.Bool().Draw(t, "keepHash") {
					l["pod-template-hash"] = h
				}
				if err := m.c.SetPodLabels(p.Namespace, p.Name, l); err != nil {
					t.Fatal(err)
				}
			}
		},
		"failNode": func(t *rapid.T) {
			n := fmt.Sprintf("node-%d", rapid.IntRange(1, 3).Draw(t, "node"))
			if err := m.c.FailNode(n); err != nil && !errors.Is(err, ErrInvalid) {
				t.Fatal(err)
			}
		},
		"recoverNode": func(t *rapid.T) {
			n := fmt.Sprintf("node-%d", rapid.IntRange(1, 3).Draw(t, "node"))
			if err := m.c.RecoverNode(n); err != nil && !errors.Is(err, ErrInvalid) {
				t.Fatal(err)
			}
		},
		"createService": func(t *rapid.T) {
			s := m.genService(t)
			got, err := m.c.CreateService(s)
			if errors.Is(err, ErrAlreadyExists) {
				m.unchanged(t, "duplicate service", func() error { _, err := m.c.CreateService(s); return err })
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			m.fronts[got.Key()] = frontOf(got)
		},
		"updateService": func(t *rapid.T) {
			s := m.genService(t)
			old, ok := m.c.Service(s.Namespace, s.Name)
			if !ok {
				m.unchanged(t, "update of a missing service", func() error { _, err := m.c.UpdateService(s); return err })
				return
			}
			if rapid.Bool().Draw(t, "keepType") {
				s.Type, s.ClusterIP, s.Headless = old.Type, old.ClusterIP, old.Headless
			}
			if rapid.Bool().Draw(t, "badIP") && old.ClusterIP.IsValid() && s.Type != service.ExternalName {
				s.ClusterIP = old.ClusterIP.Next()
				m.unchanged(t, "clusterIP change", func() error { _, err := m.c.UpdateService(s); return err })
				return
			}
			before := takeSnapshot(m.c)
			got, err := m.c.UpdateService(s)
			if err != nil {
				if !errors.Is(err, service.ErrInvalid) {
					t.Fatal(err)
				}
				if after := takeSnapshot(m.c); !reflect.DeepEqual(before, after) {
					t.Fatalf("refused update (%v) changed the cluster", err)
				}
				return
			}
			if old.Type != service.ExternalName && got.Type != service.ExternalName && got.ClusterIP != old.ClusterIP {
				t.Fatalf("update changed clusterIP %s -> %s", old.ClusterIP, got.ClusterIP)
			}
			m.fronts[got.Key()] = frontOf(got)
		},
		"deleteService": func(t *rapid.T) {
			s := m.genService(t)
			err := m.c.DeleteService(s.Namespace, s.Name)
			if errors.Is(err, ErrNotFound) {
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			delete(m.fronts, s.Namespace+"/"+s.Name)
		},
		"deleteKubernetes": func(t *rapid.T) {
			// kube-apiserver re-creates it at its next 10 s tick.
			if _, ok := m.c.Service("default", "kubernetes"); !ok {
				return
			}
			if err := m.c.DeleteService("default", "kubernetes"); err != nil {
				t.Fatal(err)
			}
			delete(m.fronts, "default/kubernetes")
			if err := m.c.Advance(MasterServiceInterval); err != nil {
				t.Fatal(err)
			}
			got, ok := m.c.Service("default", "kubernetes")
			if !ok || got.ClusterIP != m.c.masterService().ClusterIP {
				t.Fatalf("default/kubernetes not re-created: %+v %v", got, ok)
			}
			m.fronts["default/kubernetes"] = frontOf(got)
		},
		"emptyNamespace": func(t *rapid.T) {
			// Every object of "other" deleted: the namespace is released
			// once its pods are gone, and used again by later steps.
			for _, d := range slices.Clone(m.c.deps) {
				if d != nil && !d.deleted && d.spec.Namespace == "other" {
					if err := m.c.DeleteDeployment("other", d.name); err != nil {
						t.Fatal(err)
					}
				}
			}
			for _, s := range m.c.StatefulSets("other") {
				if err := m.c.DeleteStatefulSet("other", s.Name); err != nil {
					t.Fatal(err)
				}
			}
			for _, s := range m.c.Services("other") {
				if err := m.c.DeleteService("other", s.Name); err != nil {
					t.Fatal(err)
				}
				delete(m.fronts, s.Key())
			}
			for _, p := range m.c.Pods("other", selector.Everything()) {
				if err := m.c.DeletePod("other", p.Name); err != nil && !errors.Is(err, ErrNotFound) {
					t.Fatal(err)
				}
			}
			if err := m.c.Settle(); err != nil {
				t.Fatal(err)
			}
			// A pod on a failed node stays Terminating until it recovers.
			left := m.c.Pods("other", selector.Everything())
			if _, ok := m.c.nsIdx.Get("other"); ok != (len(left) > 0) {
				t.Fatalf("namespace other interned %v with pods %v left", ok, left)
			}
		},
		"badInput": func(t *rapid.T) {
			switch rapid.IntRange(0, 5).Draw(t, "kind") {
			case 0:
				m.unchanged(t, "scale unknown", func() error { return m.c.Scale("", "nope", 1) })
			case 1:
				if d := m.anyDeployment(t); d != nil {
					m.unchanged(t, "negative scale", func() error { return m.c.Scale(d.spec.Namespace, d.name, -1) })
				}
			case 2:
				m.unchanged(t, "bad deployment", func() error {
					return m.c.CreateDeployment(Deployment{Name: "Bad_Name", Replicas: 1, Labels: selector.Set{"a": "b"}})
				})
			case 3:
				m.unchanged(t, "bad service", func() error {
					_, err := m.c.CreateService(service.Service{Name: "x", Ports: []service.Port{{Port: 0}}})
					return err
				})
			case 4:
				m.unchanged(t, "delete unknown pod", func() error { return m.c.DeletePod("", "nope-12345") })
			case 5:
				if p, ok := m.anyPod(t); ok {
					m.unchanged(t, "bad labels", func() error {
						return m.c.SetPodLabels(p.Namespace, p.Name, selector.Set{"bad key!": "x"})
					})
				}
			}
		},
		"advance": func(t *rapid.T) {
			d := time.Duration(rapid.IntRange(0, 400).Draw(t, "secs")) * time.Second
			if err := m.c.Advance(d); err != nil {
				t.Fatal(err)
			}
		},
	}
}

func (m *machine) anyDeployment(t *rapid.T) *depRec {
	var live []*depRec
	for _, d := range m.c.deps {
		if d != nil && !d.deleted {
			live = append(live, d)
		}
	}
	if len(live) == 0 {
		return nil
	}
	return live[rapid.IntRange(0, len(live)-1).Draw(t, "dep")]
}

func (m *machine) genService(t *rapid.T) service.Service {
	app := rapid.SampledFrom(appLabels).Draw(t, "app")
	s := service.Service{Namespace: rapid.SampledFrom(namespaces).Draw(t, "ns"),
		Name: "svc-" + rapid.StringMatching(`[a-c]`).Draw(t, "n"),
		Type: rapid.SampledFrom([]service.Type{service.ClusterIP, service.NodePort, service.LoadBalancer,
			service.ExternalName}).Draw(t, "type"),
		Ports: []service.Port{{Name: "http", Port: 80, TargetPort: service.TargetPortName("http")},
			{Name: "dns", Port: 53, Protocol: pod.UDP}, {Name: "dns-tcp", Port: 53}}[:rapid.IntRange(1, 3).Draw(t, "ports")]}
	if rapid.Bool().Draw(t, "selector") {
		s.Selector = selector.Set{"app": app}
	}
	switch s.Type {
	case service.ExternalName:
		s.ExternalName = "db.example.com"
	case service.ClusterIP:
		s.Headless = rapid.IntRange(0, 4).Draw(t, "headless") == 0
	}
	if rapid.Bool().Draw(t, "specFields") {
		genSpecFields(t, &s)
	}
	if m.dual && s.Type != service.ExternalName {
		genFamilies(t, &s)
	}
	return s
}

// genFamilies draws a valid ipFamilyPolicy and ipFamilies for a
// dual-stack cluster: every policy, families unset, either one, or both
// in either order (two only with a dual-stack policy).
func genFamilies(t *rapid.T, s *service.Service) {
	v4, v6 := service.IPv4Protocol, service.IPv6Protocol
	s.IPFamilyPolicy = rapid.SampledFrom([]service.IPFamilyPolicy{"", service.IPFamilyPolicySingleStack,
		service.IPFamilyPolicyPreferDualStack, service.IPFamilyPolicyRequireDualStack}).Draw(t, "ipFamilyPolicy")
	choices := [][]service.IPFamily{nil, {v4}, {v6}}
	if s.IPFamilyPolicy == service.IPFamilyPolicyPreferDualStack || s.IPFamilyPolicy == service.IPFamilyPolicyRequireDualStack {
		choices = append(choices, []service.IPFamily{v4, v6}, []service.IPFamily{v6, v4})
	}
	s.IPFamilies = choices[rapid.IntRange(0, len(choices)-1).Draw(t, "ipFamilies")]
}

// genSpecFields draws the Service fields beyond type, ports and selector:
// external IPs (shared between Services at times), traffic policies,
// affinity timeout, load-balancer class (with a pool, without one, or
// none), source ranges, allocateLoadBalancerNodePorts, labels,
// appProtocol and trafficDistribution; always a valid combination.
func genSpecFields(t *rapid.T, s *service.Service) {
	eips := []netip.Addr{netip.MustParseAddr("192.0.2.10"), netip.MustParseAddr("192.0.2.11")}
	s.ExternalIPs = eips[:rapid.IntRange(0, 2).Draw(t, "externalIPs")]
	if service.ExternallyAccessible(s) && rapid.Bool().Draw(t, "eTPLocal") {
		s.ExternalTrafficPolicy = service.TrafficPolicyLocal
	}
	if s.Type != service.ExternalName && rapid.Bool().Draw(t, "iTPLocal") {
		s.InternalTrafficPolicy = service.TrafficPolicyLocal
	}
	if rapid.Bool().Draw(t, "clientIP") {
		s.SessionAffinity = service.SessionAffinityClientIP
		timeout := int32(rapid.SampledFrom([]int{1, 30, 10800, 86400}).Draw(t, "timeout"))
		s.SessionAffinityConfig = &service.SessionAffinityConfig{ClientIP: &service.ClientIPConfig{TimeoutSeconds: &timeout}}
	}
	if s.Type == service.LoadBalancer {
		s.LoadBalancerClass = rapid.SampledFrom([]string{"", "example.com/pool", "example.com/none"}).Draw(t, "class")
		if rapid.Bool().Draw(t, "ranges") {
			s.LoadBalancerSourceRanges = []netip.Prefix{netip.MustParsePrefix("198.51.100.0/24")}
		}
		if rapid.Bool().Draw(t, "noNodePorts") {
			s.AllocateLoadBalancerNodePorts = new(false)
		}
	}
	if rapid.Bool().Draw(t, "labels") {
		s.Labels = map[string]string{"team": rapid.SampledFrom([]string{"a", "b"}).Draw(t, "team")}
	}
	s.Ports[0].AppProtocol = rapid.SampledFrom([]string{"", "http", "kubernetes.io/h2c"}).Draw(t, "appProtocol")
	s.TrafficDistribution = rapid.SampledFrom([]string{"", "PreferClose", "PreferSameNode"}).Draw(t, "trafficDistribution")
}

// checkHealthChecks compares every health-check node port's answer on
// every node with the distinct ready endpoint IPs the Service's slices
// place there, of the family of the node's address (whose kube-proxy
// answers). A slice without a port places none: kube-proxy files
// endpoints by the slice's ports (kubernetes pkg/proxy/endpointslicecache.go,
// endpointInfoByServicePort), and its health server counts what is filed
// (EndpointsMap.LocalReadyEndpoints).
func (m *machine) checkHealthChecks(t *rapid.T) {
	for _, ns := range namespaces {
		for _, s := range m.c.Services(ns) {
			if s.HealthCheckNodePort == 0 {
				continue
			}
			want := map[string]map[netip.Addr]bool{}
			nodeIs4 := m.c.Nodes()[0].IP.Is4()
			for _, sl := range m.c.EndpointSlices(ns, s.Name) {
				if !slices.ContainsFunc(sl.Ports, func(p endpoints.EndpointPort) bool { return p.Port != 0 }) {
					continue
				}
				for _, e := range sl.Endpoints {
					if e.Conditions.Ready && e.Addresses[0].Is4() == nodeIs4 {
						if want[e.NodeName] == nil {
							want[e.NodeName] = map[netip.Addr]bool{}
						}
						want[e.NodeName][e.Addresses[0]] = true
					}
				}
			}
			for _, n := range m.c.Nodes() {
				healthy, count, err := m.c.HealthCheck(ns, s.Name, n.Name)
				switch {
				case !n.Ready && errors.Is(err, ErrUnreachable):
				case err != nil:
					t.Fatalf("health check of %s on %s: %v", s.Key(), n.Name, err)
				case count != len(want[n.Name]) || healthy != (count > 0):
					t.Fatalf("health check of %s on %s: healthy %v, %d local endpoints, want %d", s.Key(), n.Name, healthy, count, len(want[n.Name]))
				}
			}
		}
	}
}

func (m *machine) check(t *rapid.T) {
	if err := m.c.Settle(); err != nil {
		t.Fatal(err)
	}
	if err := m.c.Check(); err != nil {
		t.Fatal(err)
	}
	if err := checkTraceRefs(m.c); err != nil {
		t.Fatal(err)
	}
	m.checkRollouts(t)
	m.checkEnv(t)
	m.checkHealthChecks(t)
	for key, f := range m.fronts {
		var ns, name string
		for i := range key {
			if key[i] == '/' {
				ns, name = key[:i], key[i+1:]
			}
		}
		s, ok := m.c.Service(ns, name)
		if !ok {
			t.Fatalf("service %s vanished", key)
		}
		if got := frontOf(s); got != f {
			t.Fatalf("service %s: front end %+v, recorded %+v", key, got, f)
		}
	}
}

func TestStateMachine(t *testing.T) {
	runMachine(t, Config{ProxyDelay: -1, TraceLimit: 2000})
}

// TestStateMachineLagged runs the same machine with controller lags and
// the trace off.
func TestStateMachineLagged(t *testing.T) {
	runMachine(t, Config{EndpointsDelay: 700 * time.Millisecond, TraceLimit: -1})
}

// TestStateMachineNaive checks the benchmark's naive baseline the same way.
func TestStateMachineNaive(t *testing.T) {
	runMachine(t, Config{testEP: newNaiveEP, TraceLimit: -1})
}

// TestStateMachineShortTrace runs it with a trace so short that released
// namespaces' indexes are soon reused.
func TestStateMachineShortTrace(t *testing.T) {
	runMachine(t, Config{TraceLimit: 3})
}

// TestStateMachineQuota runs it with a pod quota the actions reach.
func TestStateMachineQuota(t *testing.T) {
	runMachine(t, Config{MaxPods: 12, TraceLimit: 500})
}

// TestStateMachineDualStack runs it on a dual-stack cluster, Services
// drawing every IP family policy and family order.
func TestStateMachineDualStack(t *testing.T) {
	runMachine(t, Config{ProxyDelay: -1, TraceLimit: 500, SecondaryServiceCIDR: netip.MustParsePrefix("fd00:10:96::/112"),
		SecondaryPodCIDR: netip.MustParsePrefix("fd00:10:244::/56")})
}

// TestStateMachineDualStackIPv6Primary runs it on an IPv6-primary
// dual-stack cluster with controller lag.
func TestStateMachineDualStackIPv6Primary(t *testing.T) {
	runMachine(t, Config{EndpointsDelay: 300 * time.Millisecond, TraceLimit: -1,
		ServiceCIDR: netip.MustParsePrefix("fd00:10:96::/112"), PodCIDR: netip.MustParsePrefix("fd00:10:244::/56"),
		SecondaryServiceCIDR: netip.MustParsePrefix("10.96.0.0/12"), SecondaryPodCIDR: netip.MustParsePrefix("10.244.0.0/16")})
}

// TestStateMachineZones runs it on nodes with zones (drawn: two zones, a
// zone-less node among them, or one zone), so that trafficDistribution
// writes hints and kube-proxy filters by them, with the user's Endpoints
// writes (SetEndpoints, DeleteEndpoints) among the actions.
func TestStateMachineZones(t *testing.T) {
	runMachineWith(t, Config{TraceLimit: 500}, func(t *rapid.T, cfg *Config) {
		cfg.Zones = rapid.SampledFrom([][]string{{"zone-a", "zone-b"}, {"zone-a", "zone-b", ""}, {"zone-a"}}).Draw(t, "zones")
	}, (*machine).endpointsActions)
}

func runMachine(t *testing.T, cfg Config) { runMachineWith(t, cfg, nil, nil) }

// runMachineWith runs the machine on cfg, changed by draw (nil: as given)
// after the seed is drawn, with the extra actions of more (nil: none; kept
// apart so that the saved failing cases of the other runs replay the same
// actions).
func runMachineWith(t *testing.T, cfg Config, draw func(*rapid.T, *Config), more func(*machine) map[string]func(*rapid.T)) {
	rapid.Check(t, func(t *rapid.T) {
		cfg.Seed = rapid.Int64().Draw(t, "seed")
		if draw != nil {
			draw(t, &cfg)
		}
		cfg.LoadBalancerClassPools = map[string]netip.Prefix{"example.com/pool": netip.MustParsePrefix("192.0.2.128/28")}
		c, err := New(cfg)
		if err != nil {
			t.Fatal(err)
		}
		m := &machine{c: c, dual: cfg.dualStack(), fronts: map[string]frontEnd{}, env: map[string]map[string]string{}}
		acts := m.actions()
		maps.Copy(acts, m.stsActions())
		if more != nil {
			maps.Copy(acts, more(m))
		}
		names := make([]string, 0, len(acts))
		for k := range acts {
			names = append(names, k)
		}
		slices.Sort(names)
		steps := rapid.IntRange(1, 40).Draw(t, "steps")
		for range steps {
			name := rapid.SampledFrom(names).Draw(t, "action")
			acts[name](t)
			m.check(t)
		}
	})
}

// TestStateMachineRegressions replays the failing cases rapid saved under
// testdata/rapid (rapid replays a failfile only when asked with
// -rapid.failfile), each with the Config of the test that found it.
func TestStateMachineRegressions(t *testing.T) {
	configs := map[string]Config{
		"TestStateMachineQuota":  {MaxPods: 12, TraceLimit: 500},
		"TestStateMachineLagged": {EndpointsDelay: 700 * time.Millisecond, TraceLimit: -1},
	}
	for name, cfg := range configs {
		files, err := filepath.Glob(filepath.Join("testdata", "rapid", name, "*.fail"))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			t.Run(filepath.Base(f), func(t *testing.T) {
				if err := flag.Set("rapid.failfile", f); err != nil {
					t.Fatal(err)
				}
				defer flag.Set("rapid.failfile", "")
				runMachine(t, cfg)
			})
		}
	}
}

// undoTarget names the ReplicaSet RolloutUndo(ns, name, to) goes back
// to, from the revision annotations: "" when it should refuse.
func undoTarget(c *Cluster, ns, name string, to int64) string {
	var revs []int64
	byRev := map[int64]string{}
	for _, rs := range c.ReplicaSets(ns, selector.Everything()) {
		if rs.Owner == name {
			rev, _ := strconv.ParseInt(rs.Annotations[AnnotationRevision], 10, 64)
			revs = append(revs, rev)
			byRev[rev] = rs.Name
		}
	}
	slices.Sort(revs)
	switch {
	case to < 0:
		return ""
	case to > 0:
		return byRev[to]
	case len(revs) < 2:
		return ""
	}
	return byRev[revs[len(revs)-2]]
}
