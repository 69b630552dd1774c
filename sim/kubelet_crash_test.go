package sim

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
)

// kubeletEvents returns "Kind@seconds" for the pod's crash-related events
// (PodNotReady, BackOff, PodRestarted, PodReady), seconds since the Epoch.
func kubeletEvents(c *Cluster, name string) []string {
	var out []string
	for _, e := range c.Events() {
		if e.Object != "pod/default/"+name {
			continue
		}
		switch e.Kind {
		case "PodNotReady", "BackOff", "PodRestarted", "PodReady":
			out = append(out, fmt.Sprintf("%s@%g", e.Kind, e.Time.Sub(Epoch).Seconds()))
		}
	}
	return out
}

// The kubelet's timeline after crashes: not ready at the crash, the exit
// seen at the next whole second (the PLEG relist), the first restart at
// once, then CrashLoopBackOff delays of 10 s, 20 s, … measured from the
// exit, capped at 300 s, reset when the container ran over 600 s; Ready
// ReadyAfter after each restart.
func TestCrashRestartInstants(t *testing.T) {
	type step struct {
		at    float64 // seconds since the Epoch: advance to it, then…
		crash bool    // …CrashPod
		loop  bool    // …SetCrashLoop(on)
	}
	tests := []struct {
		name       string
		readyAfter time.Duration
		steps      []step
		until      float64
		want       []string
	}{
		{name: "one crash at a whole second: relist 1 s later, restart at once",
			steps: []step{{at: 10, crash: true}}, until: 20,
			want: []string{"PodReady@0", "PodNotReady@10", "PodRestarted@11", "PodReady@11"}},
		{name: "crash between ticks: relist at the next whole second",
			steps: []step{{at: 10.25, crash: true}}, until: 20,
			want: []string{"PodReady@0", "PodNotReady@10.25", "PodRestarted@11", "PodReady@11"}},
		{name: "ready ReadyAfter after the restart", readyAfter: 2 * time.Second,
			steps: []step{{at: 10, crash: true}}, until: 20,
			want: []string{"PodReady@2", "PodNotReady@10", "PodRestarted@11", "PodReady@13"}},
		{name: "second crash within the window waits 10 s from the exit",
			steps: []step{{at: 10, crash: true}, {at: 15, crash: true}}, until: 40,
			want: []string{"PodReady@0", "PodNotReady@10", "PodRestarted@11", "PodReady@11",
				"PodNotReady@15", "BackOff@16", "PodRestarted@25", "PodReady@25"}},
		{name: "crash-looping: 0, 10, 20, 40, 80, 160, then 300 s capped",
			steps: []step{{at: 10, loop: true}, {at: 10, crash: true}}, until: 1000,
			want: []string{"PodReady@0", "PodNotReady@10",
				"PodRestarted@11", "BackOff@12", "PodRestarted@21", "BackOff@22", "PodRestarted@41",
				"BackOff@42", "PodRestarted@81", "BackOff@82", "PodRestarted@161", "BackOff@162",
				"PodRestarted@321", "BackOff@322", "PodRestarted@621", "BackOff@622", "PodRestarted@921",
				"BackOff@922"}},
		{name: "ran over 600 s since the last restart decision: restart at once, delays start over",
			steps: []step{{at: 10, crash: true}, {at: 612, crash: true}, {at: 614, crash: true}}, until: 700,
			want: []string{"PodReady@0", "PodNotReady@10", "PodRestarted@11", "PodReady@11",
				"PodNotReady@612", "PodRestarted@613", "PodReady@613",
				"PodNotReady@614", "BackOff@615", "PodRestarted@624", "PodReady@624"}},
		{name: "ran exactly 600 s: still within the window",
			steps: []step{{at: 10, crash: true}, {at: 611, crash: true}}, until: 700,
			want: []string{"PodReady@0", "PodNotReady@10", "PodRestarted@11", "PodReady@11",
				"PodNotReady@611", "BackOff@612", "PodRestarted@621", "PodReady@621"}},
		{name: "crash loop turned off: the next start runs",
			steps: []step{{at: 10, loop: true}, {at: 10, crash: true}, {at: 15}, {at: 15, loop: false}}, until: 100,
			want: []string{"PodReady@0", "PodNotReady@10", "PodRestarted@11", "BackOff@12",
				"PodRestarted@21", "PodReady@21"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := mustNew(t, Config{Seed: 1})
			must(t, c.CreateDeployment(Deployment{Name: "web", Replicas: 1, Labels: selector.Set{"app": "web"},
				Ports: webPorts, ReadyAfter: tt.readyAfter}))
			must(t, c.Advance(0))
			name := podsOf(c)[0].Name
			advanceTo := func(s float64) {
				must(t, c.Advance(Epoch.Add(time.Duration(s*float64(time.Second))).Sub(c.Now())))
			}
			for _, s := range tt.steps {
				advanceTo(s.at)
				switch {
				case s.crash:
					must(t, c.CrashPod("", name))
				case s.loop || s.at == 15:
					must(t, c.SetCrashLoop("", name, s.loop))
				}
				must(t, c.Check())
			}
			advanceTo(tt.until)
			if got := kubeletEvents(c, name); strings.Join(got, " ") != strings.Join(tt.want, " ") {
				t.Errorf("events:\n got %v\nwant %v", got, tt.want)
			}
			must(t, c.Check()) // a crash-looping pod never settles
		})
	}
}

// While the container is down the pod is not Ready: its address is in
// notReadyAddresses, its slice endpoint ready=false serving=false
// terminating=false, and connections to it are refused (directly, and
// through a kube-proxy that has not caught up); kubectl's STATUS goes
// Error → CrashLoopBackOff.
func TestCrashedPodState(t *testing.T) {
	c := mustNew(t, Config{Seed: 1})
	must(t, c.CreateDeployment(webDeployment(1, 0)))
	_, err := c.CreateService(webService())
	must(t, err)
	_, err = c.CreatePod(pod.Pod{Name: "client"})
	must(t, err)
	settleCheck(t, c)
	p := podsOf(c)[0]
	if p.Name == "client" {
		p = podsOf(c)[1]
	}
	must(t, c.SetCrashLoop("", p.Name, true))
	must(t, c.CrashPod("", p.Name))
	// kube-proxy still lists the pod (ProxyDelay): the connection lands
	// on it and is refused.
	if _, err := c.Connect(FromPod("", "client"), "web:80"); !errors.Is(err, ErrConnectionRefused) {
		t.Errorf("via the service before kube-proxy caught up: %v, want ErrConnectionRefused", err)
	}
	if _, err := c.Connect(FromPod("", "client"), p.IP.String()+":8080"); !errors.Is(err, ErrConnectionRefused) {
		t.Errorf("direct: %v, want ErrConnectionRefused", err)
	}
	q, _ := c.Pod("", p.Name)
	if q.Ready || q.Status() != "Error" || !q.LastTerminationTime.Equal(c.Now()) || q.RestartCount != 0 {
		t.Errorf("after the exit: %+v", q)
	}
	must(t, c.Advance(2*time.Second)) // relist: restarted, exited again, relist: back-off
	q, _ = c.Pod("", p.Name)
	if q.Ready || q.Status() != "CrashLoopBackOff" || q.RestartCount != 1 {
		t.Errorf("in back-off: %+v", q)
	}
	ep, _ := c.Endpoints("", "web")
	if len(ep.Subsets) != 1 || len(ep.Subsets[0].Addresses) != 0 || len(ep.Subsets[0].NotReadyAddresses) != 1 {
		t.Errorf("endpoints %+v", ep)
	}
	for _, sl := range c.EndpointSlices("", "web") {
		for _, e := range sl.Endpoints {
			if e.Conditions.Ready || e.Conditions.Serving || e.Conditions.Terminating {
				t.Errorf("slice endpoint %+v", e)
			}
		}
	}
	if _, err := c.Connect(FromPod("", "client"), p.IP.String()+":8080"); !errors.Is(err, ErrConnectionRefused) {
		t.Errorf("direct in back-off: %v, want ErrConnectionRefused", err)
	}
	if _, err := c.Connect(FromPod("", p.Name), "web:80"); !errors.Is(err, ErrInvalid) {
		t.Errorf("from the crashed pod: %v, want ErrInvalid", err)
	}
	must(t, c.Check())
}

// CrashPod and SetPodReady on a container that is not running are refused
// and change nothing.
func TestCrashPodRefusedWhileDown(t *testing.T) {
	c := mustNew(t, Config{Seed: 1})
	must(t, c.CreateDeployment(webDeployment(1, 0)))
	settleCheck(t, c)
	name := podsOf(c)[0].Name
	must(t, c.CrashPod("", name))
	must(t, c.SetCrashLoop("", name, true))
	for _, tc := range []struct {
		when, reason string
	}{{"terminated", "terminated: Error"}, {"back-off", "waiting: CrashLoopBackOff"}} {
		if tc.when == "back-off" {
			must(t, c.Advance(2*time.Second))
		}
		before, n := podsOf(c)[0], len(c.Events())
		for what, call := range map[string]func() error{
			"crash": func() error { return c.CrashPod("", name) },
			"ready": func() error { return c.SetPodReady("", name, true) },
		} {
			err := call()
			if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), tc.reason) {
				t.Errorf("%s %s: %v, want ErrInvalid saying %q", what, tc.when, err, tc.reason)
			}
		}
		if after := podsOf(c)[0]; fmt.Sprint(after) != fmt.Sprint(before) || after.Ready || len(c.Events()) != n {
			t.Errorf("%s: a refused call changed the pod or the trace", tc.when)
		}
	}
	must(t, c.Check())
}

// Deleting a pod whose container is down completes at once: nothing runs
// that could drain.
func TestDeleteCrashedPodIsImmediate(t *testing.T) {
	c := mustNew(t, Config{Seed: 1})
	must(t, c.CreateDeployment(Deployment{Name: "web", Replicas: 1, Labels: selector.Set{"app": "web"}, CrashLoop: true}))
	must(t, c.Advance(5*time.Second))
	p := podsOf(c)[0]
	if p.Status() != "CrashLoopBackOff" || p.RestartCount != 1 {
		t.Fatalf("crash-looping pod: %+v", p)
	}
	must(t, c.DeletePod("", p.Name))
	must(t, c.Advance(0))
	if _, ok := c.Pod("", p.Name); ok {
		t.Error("crashed pod still there after its deletion")
	}
	must(t, c.Check())
}

// A crash-looping pod on a failed node waits for its kubelet: no restart
// while the node is down, a relist when it recovers.
func TestCrashLoopNodeFailure(t *testing.T) {
	c := mustNew(t, Config{Seed: 1, Nodes: 1})
	must(t, c.CreateDeployment(Deployment{Name: "web", Replicas: 1, Labels: selector.Set{"app": "web"}, CrashLoop: true}))
	must(t, c.Advance(5*time.Second))
	name := podsOf(c)[0].Name
	must(t, c.FailNode("node-1"))
	must(t, c.Advance(60*time.Second))
	if p, _ := c.Pod("", name); p.RestartCount != 1 {
		t.Fatalf("restarted on a failed node: %+v", p)
	}
	must(t, c.RecoverNode("node-1"))
	must(t, c.Advance(2*time.Second))
	if p, _ := c.Pod("", name); p.RestartCount != 2 || p.Ready {
		t.Fatalf("after recovery: %+v", p)
	}
	must(t, c.Check())
}

// Objects carry their creation time; Create ignores a given one, updates
// keep it.
func TestCreationTimestamps(t *testing.T) {
	c := mustNew(t, Config{Seed: 1, EndpointsDelay: 2 * time.Second})
	must(t, c.Advance(5*time.Second))
	s := webService()
	s.CreationTimestamp = Epoch.Add(-time.Hour)
	got, err := c.CreateService(s)
	must(t, err)
	at5 := Epoch.Add(5 * time.Second)
	if !got.CreationTimestamp.Equal(at5) {
		t.Errorf("service created %v, want %v", got.CreationTimestamp, at5)
	}
	p, err := c.CreatePod(pod.Pod{Name: "web-1", Labels: selector.Set{"app": "web"}, Ports: webPorts,
		CreationTimestamp: Epoch, RestartCount: 7, LastTerminationTime: Epoch, ContainerReason: "Error"})
	must(t, err)
	if !p.CreationTimestamp.Equal(at5) || p.RestartCount != 0 || !p.LastTerminationTime.IsZero() || p.ContainerReason != "" {
		t.Errorf("created pod %+v", p)
	}
	must(t, c.Advance(10*time.Second))
	got.Ports[0].Port = 81
	upd, err := c.UpdateService(got)
	must(t, err)
	if !upd.CreationTimestamp.Equal(at5) {
		t.Errorf("updated service created %v, want %v", upd.CreationTimestamp, at5)
	}
	at7 := Epoch.Add(7 * time.Second) // the endpoints controller's first sync
	if ep, _ := c.Endpoints("", "web"); !ep.CreationTimestamp.Equal(at7) {
		t.Errorf("endpoints created %v, want %v", ep.CreationTimestamp, at7)
	}
	for _, sl := range c.EndpointSlices("", "web") {
		if !sl.CreationTimestamp.Equal(at7) {
			t.Errorf("slice %s created %v, want %v", sl.Name, sl.CreationTimestamp, at7)
		}
	}
	if ep, _ := c.Endpoints("", "kubernetes"); !ep.CreationTimestamp.Equal(Epoch) {
		t.Errorf("default/kubernetes endpoints created %v, want %v", ep.CreationTimestamp, Epoch)
	}
	if sv, _ := c.Service("", "kubernetes"); !sv.CreationTimestamp.Equal(Epoch) {
		t.Errorf("default/kubernetes created %v, want %v", sv.CreationTimestamp, Epoch)
	}
}
