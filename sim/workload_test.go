package sim

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
)

func TestDeploymentPods(t *testing.T) {
	c := mustNew(t, Config{Seed: 3})
	must(t, c.CreateDeployment(webDeployment(4, time.Second)))
	settleCheck(t, c)
	pods := podsOf(c)
	if len(pods) != 4 {
		t.Fatalf("%d pods", len(pods))
	}
	perNode := map[string]int{}
	for _, p := range pods {
		hash := p.Labels["pod-template-hash"]
		if hash == "" || !strings.HasPrefix(p.Name, "web-"+hash+"-") || len(p.Name) != len("web-"+hash+"-")+5 {
			t.Errorf("pod %s labels %v", p.Name, p.Labels)
		}
		n := c.Nodes()[int(p.NodeName[len(p.NodeName)-1]-'1')]
		if !n.PodCIDR.Contains(p.IP) || p.Phase != pod.Running || !p.Ready {
			t.Errorf("pod %+v", p)
		}
		perNode[p.NodeName]++
	}
	// least-loaded first, ties by node order, the coredns pods on node-1
	// and node-2: 1,1,2
	if perNode["node-1"] != 1 || perNode["node-2"] != 1 || perNode["node-3"] != 2 {
		t.Errorf("spread %v", perNode)
	}
	// host-local: the first pod of node-3 gets .2, the next .3
	var ips []string
	for _, p := range pods {
		if p.NodeName == "node-3" {
			ips = append(ips, p.IP.String())
		}
	}
	slices.Sort(ips)
	if !slices.Equal(ips, []string{"10.244.2.2", "10.244.2.3"}) {
		t.Errorf("node-3 ips %v", ips)
	}
}

func TestReadyAfterAndEndpoints(t *testing.T) {
	c := mustNew(t, Config{Seed: 1})
	must(t, c.CreateDeployment(webDeployment(2, 5*time.Second)))
	_, err := c.CreateService(webService())
	must(t, err)
	must(t, c.Advance(4*time.Second))
	if got := readyIPs(c, "", "web"); len(got) != 0 {
		t.Fatalf("ready before ReadyAfter: %v", got)
	}
	must(t, c.Advance(time.Second))
	if got := readyIPs(c, "", "web"); len(got) != 2 {
		t.Fatalf("ready after ReadyAfter: %v", got)
	}
	settleCheck(t, c)
}

func TestDeletePodReplacedAndDrains(t *testing.T) {
	c := mustNew(t, Config{Seed: 1})
	must(t, c.CreateDeployment(webDeployment(2, 0)))
	_, err := c.CreateService(webService())
	must(t, err)
	settleCheck(t, c)
	victim := podsOf(c)[0]
	must(t, c.DeletePod("", victim.Name))
	p, ok := c.Pod("", victim.Name)
	if !ok || !p.Terminating || p.IP != victim.IP {
		t.Fatalf("deleted pod right after DeletePod: %+v %v", p, ok)
	}
	must(t, c.Advance(0))
	if got := readyIPs(c, "", "web"); slices.Contains(got, victim.IP.String()) {
		t.Fatalf("terminating pod still in Endpoints: %v", got)
	}
	var term bool
	for _, s := range c.EndpointSlices("", "web") {
		for _, e := range s.Endpoints {
			if e.Pod == "default/"+victim.Name {
				term = e.Conditions.Terminating && e.Conditions.Serving && !e.Conditions.Ready
			}
		}
	}
	if !term {
		t.Error("slice does not show the pod terminating and serving")
	}
	if n := len(podsOf(c)); n != 3 {
		t.Errorf("%d pods while the old one drains, want 3", n)
	}
	must(t, c.Advance(29*time.Second))
	if _, ok := c.Pod("", victim.Name); !ok {
		t.Fatal("pod gone before its grace period")
	}
	must(t, c.Advance(time.Second))
	if _, ok := c.Pod("", victim.Name); ok {
		t.Fatal("pod still there after its grace period")
	}
	settleCheck(t, c)
	for _, p := range podsOf(c) {
		if p.Name == victim.Name {
			t.Error("replacement reused the name")
		}
	}
}

func TestScaleAndRolloutRecreate(t *testing.T) {
	c := mustNew(t, Config{Seed: 1})
	d := webDeployment(3, time.Second)
	d.Strategy = Recreate
	must(t, c.CreateDeployment(d))
	settleCheck(t, c)
	old := podsOf(c)
	must(t, c.Rollout("", "web"))
	must(t, c.Advance(time.Second))
	for _, p := range podsOf(c) {
		if !slices.ContainsFunc(old, func(o pod.Pod) bool { return o.Name == p.Name }) {
			t.Fatalf("Recreate started new pod %s while old pods exist", p.Name)
		}
	}
	settleCheck(t, c)
	for _, p := range podsOf(c) {
		if slices.ContainsFunc(old, func(o pod.Pod) bool { return o.Name == p.Name }) {
			t.Fatalf("old pod %s survived", p.Name)
		}
	}
	must(t, c.Scale("", "web", 5))
	settleCheck(t, c)
	if n := len(podsOf(c)); n != 5 {
		t.Fatalf("%d pods after scale", n)
	}
	must(t, c.Scale("", "web", 1))
	settleCheck(t, c)
	if n := len(podsOf(c)); n != 1 {
		t.Fatalf("%d pods after scale down", n)
	}
}

func TestRollingBounds(t *testing.T) {
	c := mustNew(t, Config{Seed: 2, Nodes: 4})
	must(t, c.CreateDeployment(webDeployment(4, 3*time.Second)))
	_, err := c.CreateService(webService())
	must(t, err)
	settleCheck(t, c)
	must(t, c.Rollout("", "web"))
	// 25%/25% of 4: surge 1, unavailable 1 → at least 3 ready endpoints at
	// every instant, at most 5 non-terminating pods.
	for range 60 {
		must(t, c.Advance(500*time.Millisecond))
		if got := readyIPs(c, "", "web"); len(got) < 3 {
			t.Fatalf("%v: only %d ready endpoints", c.Now(), len(got))
		}
		active := 0
		for _, p := range podsOf(c) {
			if !p.Terminating {
				active++
			}
		}
		if active > 5 {
			t.Fatalf("%d active pods", active)
		}
	}
	settleCheck(t, c)
}

func TestCrashPodKeepsIPRecomputesEnv(t *testing.T) {
	c := mustNew(t, Config{Seed: 1})
	must(t, c.CreateDeployment(webDeployment(1, 2*time.Second)))
	settleCheck(t, c)
	p := podsOf(c)[0]
	if _, ok := p.Env["KUBERNETES_SERVICE_HOST"]; !ok {
		t.Fatalf("env %v", p.Env)
	}
	_, err := c.CreateService(webService())
	must(t, err)
	settleCheck(t, c)
	p, _ = c.Pod("", p.Name)
	if _, ok := p.Env["WEB_SERVICE_HOST"]; ok {
		t.Fatal("env changed without a restart")
	}
	must(t, c.CrashPod("", p.Name))
	q, _ := c.Pod("", p.Name)
	if q.Ready || q.IP != p.IP || q.ContainerReason != pod.ReasonError || q.RestartCount != 0 {
		t.Fatalf("after crash: %+v", q)
	}
	must(t, c.Advance(time.Second)) // the next relist restarts it
	q, _ = c.Pod("", p.Name)
	if q.Ready || q.IP != p.IP || q.ContainerReason != "" || q.RestartCount != 1 {
		t.Fatalf("after restart: %+v", q)
	}
	if q.Env["WEB_SERVICE_PORT"] != "80" {
		t.Fatalf("env after restart: %v", q.Env)
	}
	must(t, c.Advance(2*time.Second))
	if q, _ = c.Pod("", p.Name); !q.Ready {
		t.Fatal("not ready ReadyAfter after the restart")
	}
	settleCheck(t, c)
}

func TestSetPodReadyAndLabels(t *testing.T) {
	c := mustNew(t, Config{Seed: 1})
	must(t, c.CreateDeployment(webDeployment(2, 0)))
	_, err := c.CreateService(webService())
	must(t, err)
	settleCheck(t, c)
	p := podsOf(c)[0]
	must(t, c.SetPodReady("", p.Name, false))
	settleCheck(t, c)
	if got := readyIPs(c, "", "web"); len(got) != 1 {
		t.Fatalf("ready %v", got)
	}
	must(t, c.SetPodReady("", p.Name, true))
	must(t, c.SetPodLabels("", p.Name, selector.Set{"app": "debug"}))
	settleCheck(t, c)
	pods := podsOf(c)
	if len(pods) != 3 {
		t.Fatalf("relabelled pod not replaced: %d pods", len(pods))
	}
	if got := readyIPs(c, "", "web"); len(got) != 2 || slices.Contains(got, p.IP.String()) {
		t.Fatalf("ready %v", got)
	}
	if q, ok := c.Pod("", p.Name); !ok || q.Labels["app"] != "debug" {
		t.Fatalf("orphan %+v", q)
	}
	// An orphan is a bare pod now: deleting it does not replace it.
	must(t, c.DeletePod("", p.Name))
	settleCheck(t, c)
	if len(podsOf(c)) != 2 {
		t.Fatalf("%d pods", len(podsOf(c)))
	}
}

func TestBadInputUnknownNames(t *testing.T) {
	c := mustNew(t, Config{Seed: 1})
	must(t, c.CreateDeployment(webDeployment(1, 0)))
	settleCheck(t, c)
	before := takeSnapshot(c)
	for name, err := range map[string]error{
		"scale":       c.Scale("", "nope", 1),
		"rollout":     c.Rollout("", "nope"),
		"delete dep":  c.DeleteDeployment("", "nope"),
		"delete pod":  c.DeletePod("", "nope"),
		"crash":       c.CrashPod("", "nope"),
		"ready":       c.SetPodReady("", "nope", true),
		"labels":      c.SetPodLabels("", "nope", nil),
		"fail":        c.FailNode("node-9"),
		"recover":     c.RecoverNode("node-9"),
		"delete svc":  c.DeleteService("", "nope"),
		"dup dep":     c.CreateDeployment(webDeployment(1, 0)),
		"neg replica": c.Scale("", "web", -1),
		"neg create":  c.CreateDeployment(Deployment{Name: "x", Replicas: -1, Labels: selector.Set{"a": "b"}}),
		"no labels":   c.CreateDeployment(Deployment{Name: "x", Replicas: 1}),
		"bad surge":   c.CreateDeployment(Deployment{Name: "x", Replicas: 1, Labels: selector.Set{"a": "b"}, MaxSurge: "x"}),
		"zero/zero": c.CreateDeployment(Deployment{Name: "x", Replicas: 1, Labels: selector.Set{"a": "b"},
			MaxSurge: "0", MaxUnavailable: "0"}),
		"recover up": c.RecoverNode("node-1"),
		"advance":    c.Advance(-time.Second),
	} {
		if err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	if after := takeSnapshot(c); !snapshotsEqual(before, after) {
		t.Fatal("failed calls changed the cluster")
	}
}

func snapshotsEqual(a, b snapshot) bool {
	return slices.Equal(a.events, b.events) && a.now.Equal(b.now) && len(a.pods) == len(b.pods) &&
		len(a.services) == len(b.services) && strings.Join(podNames(a.pods), ",") == strings.Join(podNames(b.pods), ",")
}

func podNames(ps []pod.Pod) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.Name+p.IP.String())
	}
	return out
}

func TestDeleteDeployment(t *testing.T) {
	c := mustNew(t, Config{Seed: 1})
	must(t, c.CreateDeployment(webDeployment(3, 0)))
	settleCheck(t, c)
	must(t, c.DeleteDeployment("", "web"))
	for _, p := range podsOf(c) {
		if !p.Terminating {
			t.Fatalf("pod %s not terminating", p.Name)
		}
	}
	settleCheck(t, c)
	if n := len(podsOf(c)); n != 0 {
		t.Fatalf("%d pods left", n)
	}
	// The name is free again.
	must(t, c.CreateDeployment(webDeployment(1, 0)))
	settleCheck(t, c)
}

// Scaling mid-rollout spreads the change over both ReplicaSets
// (proportional scaling) and the rollout still completes.
func TestScaleMidRollout(t *testing.T) {
	c := mustNew(t, Config{Seed: 1, Nodes: 5})
	must(t, c.CreateDeployment(webDeployment(10, 10*time.Second)))
	settleCheck(t, c)
	must(t, c.Rollout("", "web"))
	must(t, c.Advance(time.Second))
	d := c.deps[c.depByName.Value(nsName{"default", "web"})]
	if len(d.rss) != 2 || c.rss[d.rss[1]].replicas == 0 || c.rss[d.rss[0]].replicas == 10 {
		t.Fatalf("rollout did not start: %d/%d", c.rss[d.rss[0]].replicas, c.rss[d.rss[1]].replicas)
	}
	oldBefore, newBefore := c.rss[d.rss[0]].replicas, c.rss[d.rss[1]].replicas
	must(t, c.Scale("", "web", 20))
	must(t, c.Advance(0))
	oldAfter, newAfter := c.rss[d.rss[0]].replicas, c.rss[d.rss[1]].replicas
	if oldAfter <= oldBefore || newAfter <= newBefore {
		t.Fatalf("not proportional: old %d→%d new %d→%d", oldBefore, oldAfter, newBefore, newAfter)
	}
	settleCheck(t, c)
	if c.rss[d.rss[1]].replicas != 20 || c.rss[d.rss[0]].replicas != 0 || len(podsOf(c)) != 20 {
		t.Fatalf("after the rollout: %d/%d, %d pods", c.rss[d.rss[0]].replicas, c.rss[d.rss[1]].replicas, len(podsOf(c)))
	}
}

// A stale desired-replicas annotation on the only active ReplicaSet is a
// scaling event with nothing to scale: the controller must not spin.
func TestStaleAnnotationDoesNotSpin(t *testing.T) {
	c := mustNew(t, Config{Seed: 1})
	must(t, c.CreateDeployment(webDeployment(3, 0)))
	settleCheck(t, c)
	r := c.rss[c.deps[c.depByName.Value(nsName{"default", "web"})].rss[0]]
	r.desired = 5
	c.touchDep(0)
	settleCheck(t, c)
	if r.replicas != 3 || len(podsOf(c)) != 3 {
		t.Fatalf("replicas %d, %d pods", r.replicas, len(podsOf(c)))
	}
}

// Two Deployments of one template in a namespace make ReplicaSets of one
// pod-template-hash: rsByHash lists both (the first one's list, held in
// its record while alone, is copied as the second joins) and keeps the
// other as either goes, in either order.
func TestReplicaSetsSharingAHash(t *testing.T) {
	for _, first := range []string{"web", "web2"} {
		c := mustNew(t, Config{Seed: 1})
		d := webDeployment(1, 0)
		must(t, c.CreateDeployment(d))
		d.Name = "web2"
		must(t, c.CreateDeployment(d))
		settleCheck(t, c)
		rsOf := func(name string) *rsRec {
			for _, d := range c.deps {
				if d != nil && d.spec.Name == name {
					return c.rss[d.rss[0]]
				}
			}
			t.Fatalf("no deployment %s", name)
			return nil
		}
		a, b := rsOf("web"), rsOf("web2")
		if a.hash != b.hash || len(c.rsByHash.Value(rsHashKey{a.tmpl.ns, a.hash})) != 2 {
			t.Fatalf("hashes %s %s, listed %v", a.hash, b.hash, c.rsByHash.Value(rsHashKey{a.tmpl.ns, a.hash}))
		}
		must(t, c.DeleteDeployment("", first))
		settleCheck(t, c)
		d.Name = first // back, by the hash's list of one
		must(t, c.CreateDeployment(d))
		settleCheck(t, c)
		for _, name := range []string{"web", "web2"} {
			must(t, c.DeleteDeployment("", name))
			settleCheck(t, c)
		}
		if n := c.rsByHash.Len(); n != 1 { // coredns's
			t.Errorf("%d hashes indexed, want 1", n)
		}
	}
}
