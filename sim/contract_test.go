package sim

import (
	"errors"
	"math"
	"strconv"
	"strings"

	"github.com/google/uuid"

	"net/netip"
	"testing"
	"time"

	"github.com/svcsim/svcsim/ipam"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
	"github.com/svcsim/svcsim/service"
)

// TestValuesByCopy checks the API's rule "values go in and out by copy": nothing a
// caller passed in or got back shares a map or slice with the cluster.
func TestValuesByCopy(t *testing.T) {
	c := mustNew(t, Config{Seed: 1, ProxyDelay: -1})
	d := webDeployment(2, 0)
	d.Labels = selector.Set{"app": "web"}
	d.Ports = []pod.ContainerPort{{Name: "http", Port: 8080}}
	must(t, c.CreateDeployment(d))
	d.Labels["app"] = "evil"
	d.Ports[0].Name = "evil"
	svcIn := webService()
	got, err := c.CreateService(svcIn)
	must(t, err)
	svcIn.Selector["app"] = "evil"
	svcIn.Ports[0].Port = 1
	got.Selector["app"] = "evil2"
	got.Ports[0].Port = 2
	bare := pod.Pod{Name: "bare", Labels: selector.Set{"app": "web"}, Ports: []pod.ContainerPort{{Name: "http", Port: 8080}}}
	bp, err := c.CreatePod(bare)
	must(t, err)
	bare.Labels["app"] = "evil"
	bare.Ports[0].Port = 1
	bp.Labels["app"] = "evil"
	bp.Ports[0].Port = 1
	for k := range bp.Env {
		bp.Env[k] = "evil"
	}
	settleCheck(t, c)
	lbl := selector.Set{"app": "web", "x": "y"}
	must(t, c.SetPodLabels("", "bare", lbl))
	lbl["app"] = "evil"
	settleCheck(t, c)

	for _, p := range c.Pods("", selector.Everything()) {
		if p.Labels["app"] != "web" || len(p.Ports) != 1 || p.Ports[0].Name != "http" || p.Ports[0].Port != 8080 {
			t.Fatalf("pod %s changed through a caller's map/slice: %+v", p.Name, p)
		}
		for k, v := range p.Env {
			if v == "evil" {
				t.Fatalf("pod %s env %s changed through a returned map", p.Name, k)
			}
		}
		p.Labels["app"] = "evil"
		p.Ports[0].Port = 3
		for k := range p.Env {
			p.Env[k] = "evil"
		}
	}
	ps := c.Pods("", selector.Everything())
	if len(ps) != 3 || ps[0].Labels["app"] != "web" || ps[0].Ports[0].Port != 8080 {
		t.Fatalf("Pods shares state: %+v", ps)
	}
	for _, p := range ps {
		for k, v := range p.Env {
			if v == "evil" {
				t.Fatalf("pod %s env %s changed through a returned map", p.Name, k)
			}
		}
	}
	s, _ := c.Service("", "web")
	if s.Selector["app"] != "web" || s.Ports[0].Port != 80 {
		t.Fatalf("service changed through a caller's map/slice: %+v", s)
	}
	s.Selector["app"] = "evil"
	s.Ports[0].Port = 5
	for _, s := range c.Services("") {
		if s.Name == "web" && (s.Selector["app"] != "web" || s.Ports[0].Port != 80) {
			t.Fatalf("Service() shares state: %+v", s)
		}
		s.Ports[0].Port = 7
		if s.Selector != nil {
			s.Selector["z"] = "z"
		}
	}
	s, _ = c.Service("", "web")
	if s.Selector["app"] != "web" || len(s.Selector) != 1 || s.Ports[0].Port != 80 {
		t.Fatalf("Services() shares state: %+v", s)
	}
	ep, _ := c.Endpoints("", "web")
	ep.Subsets[0].Addresses[0].IP = netip.MustParseAddr("1.2.3.4")
	ep.Subsets[0].Ports[0].Port = 1
	ep2, _ := c.Endpoints("", "web")
	if ep2.Subsets[0].Addresses[0].IP == netip.MustParseAddr("1.2.3.4") || ep2.Subsets[0].Ports[0].Port != 8080 {
		t.Fatalf("Endpoints shares state: %+v", ep2)
	}
	sl := c.EndpointSlices("", "web")
	sl[0].Endpoints[0].Addresses[0] = netip.MustParseAddr("1.2.3.4")
	sl[0].Ports[0].Port = 1
	sl[0].Endpoints[1].Conditions.Ready = false
	sl2 := c.EndpointSlices("", "web")
	if sl2[0].Endpoints[0].Addresses[0] == netip.MustParseAddr("1.2.3.4") || sl2[0].Ports[0].Port != 8080 || !sl2[0].Endpoints[1].Conditions.Ready {
		t.Fatalf("EndpointSlices shares state: %+v", sl2)
	}
	// The endpoints of one slice may share an array of addresses (one
	// each), but an append to one leaves the next alone.
	next := sl2[0].Endpoints[1].Addresses[0]
	sl2[0].Endpoints[0].Addresses = append(sl2[0].Endpoints[0].Addresses, netip.MustParseAddr("1.2.3.4"))
	if sl2[0].Endpoints[1].Addresses[0] != next {
		t.Fatalf("an append to one endpoint's addresses changed the next's: %+v", sl2)
	}
	ns := c.Nodes()
	ns[0].Name = "evil"
	if c.Nodes()[0].Name != "node-1" {
		t.Fatal("Nodes shares state")
	}
	ev := c.Events()
	ev[0].Kind = "evil"
	if c.Events()[0].Kind == "evil" {
		t.Fatal("Events shares state")
	}
	must(t, c.Check())
	// A later rollout still uses the original template.
	must(t, c.Rollout("", "web"))
	must(t, c.Advance(time.Minute))
	settleCheck(t, c)
	for _, p := range c.Pods("", selector.Everything()) {
		if p.Labels["app"] != "web" || p.Ports[0].Name != "http" || p.Ports[0].Port != 8080 {
			t.Fatalf("pod %s after rollout: %+v", p.Name, p)
		}
	}
	_ = service.ClusterIP
}

// TestCreatePodNodeNameRefused: a requested NodeName is honoured
// exactly or refused with a field error (spec.nodeName) wrapping
// ipam.ErrNotInRange (no such node, or one that takes no pods) or
// ipam.ErrAllocated (the node's --max-pods are taken).
func TestCreatePodNodeNameRefused(t *testing.T) {
	c := mustNew(t, Config{Seed: 1, Nodes: 2, ProxyDelay: -1})
	must(t, c.FailNode("node-2"))
	for i := 0; i < MaxPodsPerNode; i++ {
		if _, err := c.CreatePod(pod.Pod{Name: "p" + strconv.Itoa(i), NodeName: "node-1"}); err != nil {
			t.Fatal(err)
		}
	}
	for _, tt := range []struct {
		node string
		want []error
	}{
		{"node-9", []error{ipam.ErrNotInRange, ErrNotFound}},
		{"node-2", []error{ipam.ErrNotInRange, ErrInvalid}},
		{"node-1", []error{ipam.ErrAllocated, ErrInvalid}},
	} {
		before := len(c.Pods("", selector.Everything()))
		_, err := c.CreatePod(pod.Pod{Name: "x", NodeName: tt.node})
		var fe *pod.FieldError
		if !errors.As(err, &fe) || fe.Field != "spec.nodeName" || !strings.Contains(err.Error(), "pod default/x") {
			t.Fatalf("%s: got %v, want a spec.nodeName field error of pod default/x", tt.node, err)
		}
		for _, w := range tt.want {
			if !errors.Is(err, w) {
				t.Errorf("%s: %v does not wrap %v", tt.node, err, w)
			}
		}
		if after := len(c.Pods("", selector.Everything())); after != before {
			t.Fatalf("%s: refused create left %d pods, had %d", tt.node, after, before)
		}
	}
	settleCheck(t, c)
}

// TestCreateIgnoresStatus: create calls ignore UIDs and status (a
// Pod's IP, Phase, Ready, Terminating, Env), as the apiserver's
// PrepareForCreate resets a pod's status before validating it.
func TestCreateIgnoresStatus(t *testing.T) {
	c := mustNew(t, Config{Seed: 1, ProxyDelay: -1})
	in := pod.Pod{Name: "a", UID: uuid.UUID{1}, Phase: "Bogus", IP: netip.MustParseAddr("1.2.3.4"),
		Terminating: true, Env: map[string]string{"1bad": "x"}}
	p, err := c.CreatePod(in)
	if err != nil {
		t.Fatalf("CreatePod with status set: %v", err)
	}
	if p.UID == in.UID || p.Phase != pod.Running || !p.Ready || p.Terminating || p.IP == in.IP ||
		!netip.MustParsePrefix("10.244.0.0/16").Contains(p.IP) || p.Env["1bad"] != "" || p.Env["KUBERNETES_SERVICE_HOST"] == "" {
		t.Fatalf("status not ignored: %+v env %v", p, p.Env)
	}
	settleCheck(t, c)
}

// TestReplicasInt32: spec.replicas is an int32 upstream; a count beyond it
// is refused with a field error, never truncated or attempted.
func TestReplicasInt32(t *testing.T) {
	c := mustNew(t, Config{Seed: 1})
	must(t, c.CreateDeployment(webDeployment(1, 0)))
	settleCheck(t, c)
	for name, err := range map[string]error{
		"create": c.CreateDeployment(Deployment{Name: "big", Replicas: math.MaxInt32 + 1, Labels: selector.Set{"a": "b"}}),
		"scale":  c.Scale("", "web", math.MaxInt32+1),
	} {
		var fe *pod.FieldError
		if !errors.Is(err, ErrInvalid) || !errors.As(err, &fe) || fe.Field != "spec.replicas" {
			t.Errorf("%s: got %v, want a spec.replicas field error wrapping ErrInvalid", name, err)
		}
	}
	settleCheck(t, c)
	if n := len(podsOf(c)); n != 1 {
		t.Fatalf("%d pods after refused calls", n)
	}
}

// TestCrashWhileTerminating: the kubelet does not restart the containers of
// a pod being deleted (syncTerminatingPod); a container that exits during
// the grace period ends it: the pod is gone at once, its IP released, and
// it is not restarted (no PodRestarted, no new env).
func TestCrashWhileTerminating(t *testing.T) {
	c := mustNew(t, Config{Seed: 1, ProxyDelay: -1})
	_, err := c.CreatePod(pod.Pod{Name: "a"})
	must(t, err)
	must(t, c.DeletePod("", "a"))
	must(t, c.Advance(time.Second))
	must(t, c.CrashPod("", "a"))
	must(t, c.Advance(0))
	if q, ok := c.Pod("", "a"); ok {
		t.Fatalf("pod still there after its container exited during termination: %+v", q)
	}
	if n := len(eventsOf(c, "PodRestarted")); n != 0 {
		t.Fatalf("%d restarts of a terminating pod", n)
	}
	settleCheck(t, c)
}
