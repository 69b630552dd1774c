package endpoints

import (
	"fmt"
	"net/netip"
	"slices"
	"testing"

	"pgregory.net/rapid"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
	"github.com/svcsim/svcsim/service"
)

// TestSetPodDirty: which Services a pod change reports (kubernetes
// staging/src/k8s.io/endpointslice/util/controller_utils.go,
// GetServicesToUpdateOnPodChange).
func TestSetPodDirty(t *testing.T) {
	a, b := selector.Set{"app": "a"}, selector.Set{"app": "b"}
	both := selector.Set{"app": "a", "tier": "x"}
	newController := func() *Controller {
		c := NewController(Options{})
		for _, s := range []struct {
			name string
			sel  selector.Set
		}{{"sa", a}, {"sb", b}, {"sx", selector.Set{"tier": "x"}}, {"none", nil}} {
			c.SetService(testService(func(svc *service.Service) { svc.Name, svc.Selector = s.name, s.sel }), nil)
		}
		c.SetService(testService(func(svc *service.Service) { svc.Name, svc.Type = "ext", service.ExternalName }), nil)
		return c
	}
	base := testPod("p", "10.0.0.1", func(p *pod.Pod) { p.Labels = a })
	tests := []struct {
		name   string
		change func(*pod.Pod)
		want   []string
	}{
		{"nothing changed", func(p *pod.Pod) {}, nil},
		{"env only: nothing", func(p *pod.Pod) { p.Env = map[string]string{"X": "1"} }, nil},
		{"ready flip: the pod's Services", func(p *pod.Pod) { p.Ready = false }, []string{"sa"}},
		{"terminating: the pod's Services", func(p *pod.Pod) { p.Terminating = true }, []string{"sa"}},
		{"labels only: symmetric difference", func(p *pod.Pod) { p.Labels = b }, []string{"sa", "sb"}},
		{"labels only, one Service kept: not reported", func(p *pod.Pod) { p.Labels = both }, []string{"sx"}},
		{"labels and readiness: union", func(p *pod.Pod) { p.Labels, p.Ready = both, false }, []string{"sa", "sx"}},
		{"IP change", func(p *pod.Pod) { p.IP = netip.MustParseAddr("10.0.0.2") }, []string{"sa"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newController()
			syncQueued(c)
			if got := keyNames(c.SetPod(base, nil)); !slices.Equal(got, []string{"sa"}) {
				t.Fatalf("new pod: %v", got)
			}
			syncQueued(c)
			p := base
			tt.change(&p)
			got := keyNames(c.SetPod(p, nil))
			slices.Sort(got)
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
	c := newController()
	c.SetPod(base, nil)
	syncQueued(c)
	if got := keyNames(c.DeletePod("default", "p", nil)); !slices.Equal(got, []string{"sa"}) {
		t.Errorf("DeletePod: %v", got)
	}
	if got := c.DeletePod("default", "p", nil); got != nil {
		t.Errorf("DeletePod of an absent pod: %v", got)
	}
}

// TestDirtyOncePerSync: a pod change reports a Service only when it is not
// already waiting for a Sync (its caller was told and its Sync is due), and
// again after the Sync.
func TestDirtyOncePerSync(t *testing.T) {
	c := NewController(Options{})
	c.SetService(testService(func(svc *service.Service) { svc.Name, svc.Selector = "sa", selector.Set{"app": "a"} }), nil)
	syncQueued(c)
	p := testPod("p", "10.0.0.1", func(p *pod.Pod) { p.Labels = selector.Set{"app": "a"} })
	if got := keyNames(c.SetPod(p, nil)); !slices.Equal(got, []string{"sa"}) {
		t.Fatalf("new pod: %v", got)
	}
	p.Ready = false
	if got := c.SetPod(p, nil); got != nil {
		t.Errorf("not ready, sa still waiting for its Sync: %v", got)
	}
	p.IP = netip.MustParseAddr("10.0.0.2")
	if got := c.SetPod(p, nil); got != nil {
		t.Errorf("new IP, sa still waiting for its Sync: %v", got)
	}
	if !c.Sync(ServiceKey{"default", "sa"}) {
		t.Fatal("the Sync changed nothing")
	}
	eps := c.Slices("default", "sa")[0].Endpoints
	if len(eps) != 1 || eps[0].Addresses[0] != netip.MustParseAddr("10.0.0.2") || eps[0].Conditions.Ready {
		t.Errorf("after the Sync: %+v, want the pod's last state (10.0.0.2, not ready)", eps)
	}
	if got := keyNames(c.DeletePod("default", "p", nil)); !slices.Equal(got, []string{"sa"}) {
		t.Errorf("deleted after the Sync: %v", got)
	}
}

// syncQueued syncs every Service with work.
func syncQueued(c *Controller) {
	for k, s := range c.svcs.All() {
		if s.queued {
			c.Sync(k)
		}
	}
}

func keyNames(keys []ServiceKey) []string {
	var out []string
	for _, k := range keys {
		out = append(out, k.Name)
	}
	return out
}

// sizes returns the endpoint counts of the Service's slices by name.
func sizes(c *Controller) string {
	out := ""
	for _, s := range c.Slices("default", "web") {
		out += fmt.Sprintf("%s:%d ", s.Name[len("web-"):], len(s.Endpoints))
	}
	return out
}

// TestReconcileLayout walks upstream's reconcileByPortMapping rules with
// at most 3 endpoints per slice.
func TestReconcileLayout(t *testing.T) {
	c := NewController(Options{MaxEndpointsPerSlice: 3})
	key := ServiceKey{"default", "web"}
	c.SetService(testService(func(s *service.Service) { s.Ports[0].TargetPort = service.TargetPortNumber(8080) }), nil)
	n := 0
	add := func(k int) {
		for range k {
			n++
			c.SetPod(testPod(fmt.Sprint("p", n), fmt.Sprintf("10.0.0.%d", n), nil), nil)
		}
	}
	step := func(want string) {
		t.Helper()
		c.Sync(key)
		if got := sizes(c); got != want {
			t.Fatalf("got %q, want %q", got, want)
		}
	}
	step("bbbbb:0 ")                 // the placeholder
	add(7)                           // p1..p7
	step("bbbbb:3 bbbbc:3 bbbbd:1 ") // the placeholder's name is reused; new slices filled to the max
	c.DeletePod("default", "p1", nil)
	add(2) // the slice marked for update is filled first, the rest goes to the unchanged slice closest to full
	step("bbbbb:3 bbbbc:3 bbbbd:2 ")
	add(1)
	step("bbbbb:3 bbbbc:3 bbbbd:3 ")
	add(1) // no slice has room: a new one
	step("bbbbb:3 bbbbc:3 bbbbd:3 bbbbf:1 ")
	c.DeletePod("default", "p2", nil)
	c.DeletePod("default", "p3", nil)
	step("bbbbb:1 bbbbc:3 bbbbd:3 bbbbf:1 ") // no rebalancing
	c.DeletePod("default", "p11", nil)
	add(3) // bbbbf is emptied: the new slice takes its name
	step("bbbbb:1 bbbbc:3 bbbbd:3 bbbbf:3 ")
	for i := 4; i <= n; i++ {
		c.DeletePod("default", fmt.Sprint("p", i), nil)
	}
	c.Sync(key)
	if sl := c.Slices("default", "web"); len(sl) != 1 || len(sl[0].Endpoints) != 0 {
		t.Fatalf("the last slice left should become the placeholder: %v", sizes(c))
	}
	if err := c.Check([]service.Service{testService(func(s *service.Service) { s.Ports[0].TargetPort = service.TargetPortNumber(8080) })}, nil); err != nil {
		t.Fatal(err)
	}
}

// TestHotPathAllocs: a readiness flip and its Sync, and a Sync with nothing
// to do, do not allocate.
func TestHotPathAllocs(t *testing.T) {
	c := NewController(Options{})
	c.SetService(testService(nil), nil)
	p := testPod("a", "10.0.0.1", nil)
	c.SetPod(p, nil)
	key := ServiceKey{"default", "web"}
	c.Sync(key)
	dirty := make([]ServiceKey, 0, 4)
	if n := testing.AllocsPerRun(100, func() {
		p.Ready = !p.Ready
		dirty = c.SetPod(p, dirty[:0])
		c.Sync(dirty[0])
	}); n != 0 {
		t.Errorf("SetPod+Sync: %v allocs", n)
	}
	if n := testing.AllocsPerRun(100, func() { c.Sync(key) }); n != 0 {
		t.Errorf("Sync with nothing pending: %v allocs", n)
	}
	// A pod of another template (its own, equal, port list) in turn with
	// the first: each Sync finds the group by its ports anew.
	q := testPod("b", "10.0.0.2", func(p *pod.Pod) { p.Ports = slices.Clone(p.Ports) })
	c.SetPod(q, nil)
	c.Sync(key)
	if n := testing.AllocsPerRun(100, func() {
		for _, x := range []*pod.Pod{&p, &q} {
			x.Ready = !x.Ready
			dirty = c.SetPod(*x, dirty[:0])
			c.Sync(dirty[0])
		}
	}); n != 0 {
		t.Errorf("SetPod+Sync of two templates' pods in turn: %v allocs", n)
	}
}

// FuzzController drives the controller with the property test's random
// changes from fuzzer bytes (go test -fuzz FuzzController).
func FuzzController(f *testing.F) {
	f.Fuzz(rapid.MakeFuzz(func(t *rapid.T) { runControllerProperty(t) }))
}

// TestAppendBackends reads per-port backends and a headless Service's
// addresses.
func TestAppendBackends(t *testing.T) {
	c := NewController(Options{})
	two := testService(func(s *service.Service) {
		s.Ports = append(s.Ports, service.Port{Name: "metrics", Port: 9100, TargetPort: service.TargetPortName("metrics")})
	})
	headless := testService(func(s *service.Service) { s.Name, s.Headless, s.ClusterIP, s.Ports = "hl", true, netip.Addr{}, nil })
	c.SetService(two, nil)
	c.SetService(headless, nil)
	c.SetPod(testPod("a", "10.0.0.1", func(p *pod.Pod) {
		p.Ports = []pod.ContainerPort{{Name: "http", Port: 8080}, {Name: "metrics", Port: 9100}}
	}), nil)
	c.SetPod(testPod("b", "10.0.0.2", func(p *pod.Pod) { p.Ready = false }), nil)
	c.Sync(ServiceKey{"default", "web"})
	c.Sync(ServiceKey{"default", "hl"})
	show := func(bs []Backend) string {
		var out []string
		for _, b := range bs {
			out = append(out, fmt.Sprintf("%s:%d/%v", b.Pod, b.Port, b.Ready))
		}
		slices.Sort(out)
		return fmt.Sprint(out)
	}
	web := ServiceKey{"default", "web"}
	for _, tt := range []struct{ got, want string }{
		{show(c.AppendBackends(web, "http", nil)), "[default/a:8080/true default/b:8080/false]"},
		{show(c.AppendBackends(web, "metrics", nil)), "[default/a:9100/true]"},
		{show(c.AppendBackends(web, "nope", nil)), "[]"},
		{show(c.AppendAddresses(web, nil)), "[default/a:0/true default/b:0/false]"},
		{show(c.AppendBackends(ServiceKey{"default", "hl"}, "", nil)), "[default/a:0/true default/b:0/false]"},
		{show(c.AppendBackends(ServiceKey{"default", "absent"}, "", nil)), "[]"},
	} {
		if tt.got != tt.want {
			t.Errorf("got %s, want %s", tt.got, tt.want)
		}
	}
}

// A Service's Endpoints and slices depend on its type only through
// ExternalName (Manages): a change between the other types leaves them
// as they are and queues nothing, a change to or from ExternalName
// queues the Service, and after each Sync the controller holds what a
// recomputation gives (Check).
func TestSetServiceType(t *testing.T) {
	c := NewController(Options{})
	svc := testService(func(svc *service.Service) { svc.Name, svc.Selector = "web", selector.Set{"app": "a"} })
	pods := []pod.Pod{testPod("p", "10.0.0.1", func(p *pod.Pod) { p.Labels = selector.Set{"app": "a"} })}
	c.SetService(svc, nil)
	c.SetPod(pods[0], nil)
	syncQueued(c)
	for _, step := range []struct {
		typ   service.Type
		dirty bool
	}{{service.NodePort, false}, {service.LoadBalancer, false}, {service.ExternalName, true}, {service.ClusterIP, true}} {
		svc.Type = step.typ
		if got := c.SetService(svc, nil); (len(got) > 0) != step.dirty {
			t.Errorf("type %s: dirty %v, want dirty %v", step.typ, keyNames(got), step.dirty)
		}
		syncQueued(c)
		if err := c.Check([]service.Service{svc}, pods); err != nil {
			t.Errorf("type %s: %v", step.typ, err)
		}
		if got, want := len(c.Slices("default", "web")) > 0, step.typ != service.ExternalName; got != want {
			t.Errorf("type %s: slices shown %v, want %v", step.typ, got, want)
		}
	}
}
