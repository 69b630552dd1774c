package sim

import (
	"errors"
	"math"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
)

// quotaMessage matches the ResourceQuota admission's refusal (apiserver
// pkg/admission/plugin/resourcequota/controller.go, checkRequest).
var quotaMessage = regexp.MustCompile(`^pods "([a-z0-9-]+)" is forbidden: exceeded quota: max-pods, requested: pods=1, used: pods=(\d+), limited: pods=(\d+)$`)

// podsEverywhere counts the pods of the namespaces a test may see.
func podsEverywhere(c *Cluster) int {
	return len(c.Pods("default", selector.Everything())) + len(c.Pods("kube-system", selector.Everything()))
}

func TestMaxInt32ReplicasStopsAtMaxPods(t *testing.T) {
	c := mustNew(t, Config{Seed: 1, MaxPods: 20})
	must(t, c.CreateDeployment(webDeployment(math.MaxInt32, 0)))
	settleCheck(t, c)
	if n := podsEverywhere(c); n != 20 {
		t.Fatalf("%d pods, want the 20 the quota allows", n)
	}
	fails := eventsOf(c, "FailedCreate")
	if len(fails) == 0 {
		t.Fatal("no FailedCreate event")
	}
	rs := c.ReplicaSets("default", selector.Everything())
	if len(rs) != 1 {
		t.Fatalf("replicasets %+v", rs)
	}
	e := fails[len(fails)-1]
	if e.Object != "replicaset/default/"+rs[0].Name || !strings.HasPrefix(e.Message, "Error creating: ") {
		t.Fatalf("event %v", e)
	}
	text := strings.TrimPrefix(e.Message, "Error creating: ")
	m := quotaMessage.FindStringSubmatch(text)
	if m == nil || m[2] != "20" || m[3] != "20" || !strings.HasPrefix(m[1], rs[0].Name+"-") {
		t.Fatalf("message %q", e.Message)
	}
	if _, ok := c.Pod("default", m[1]); ok {
		t.Errorf("refused pod %s exists", m[1])
	}
	// The condition keeps the first refusal: one with the same status and
	// reason is not rewritten.
	first := strings.TrimPrefix(fails[0].Message, "Error creating: ")
	want := Condition{Type: "ReplicaFailure", Status: "True", Reason: "FailedCreate", Message: first,
		LastTransitionTime: fails[0].Time}
	if got := rs[0].Status.Conditions; len(got) != 1 || !sameCondition(got[0], want) {
		t.Errorf("replicaset conditions %+v, want %+v", got, want)
	}
	if rs[0].Status.Replicas != int32(len(c.Pods("default", selector.Everything()))) || rs[0].Replicas != math.MaxInt32 {
		t.Errorf("replicaset %+v", rs[0])
	}
	d, ok := c.Deployment("default", "web")
	if !ok {
		t.Fatal("no deployment")
	}
	var failure *Condition
	for k := range d.Status.Conditions {
		if d.Status.Conditions[k].Type == "ReplicaFailure" {
			failure = &d.Status.Conditions[k]
		}
	}
	if failure == nil || !sameCondition(*failure, want) {
		t.Errorf("deployment conditions %+v", d.Status.Conditions)
	}
	// The rest of the cluster keeps working; a bare pod is refused alike.
	_, err := c.CreateService(webService())
	must(t, err)
	_, err = c.CreatePod(pod.Pod{Name: "bare", Labels: selector.Set{"x": "y"}})
	if !errors.Is(err, ErrForbidden) || err.Error() != `pods "bare" is forbidden: exceeded quota: max-pods, requested: pods=1, used: pods=20, limited: pods=20` {
		t.Fatalf("bare pod: %v", err)
	}
	settleCheck(t, c)
	// A deletion makes the ReplicaSet sync at once (one active pod less):
	// one attempt, refused, as the terminating pod still counts. Its
	// removal wakes the ReplicaSet again: slow start's first batch (one
	// pod) takes the freed place, the second (two pods) is refused twice.
	before := len(eventsOf(c, "FailedCreate"))
	p := c.Pods("default", selector.Everything())[0]
	must(t, c.DeletePod("default", p.Name))
	settleCheck(t, c)
	if n := podsEverywhere(c); n != 20 {
		t.Errorf("%d pods after a deletion, want 20", n)
	}
	if after := len(eventsOf(c, "FailedCreate")); after != before+3 {
		t.Errorf("FailedCreate events %d -> %d, want three more", before, after)
	}
}

func sameCondition(a, b Condition) bool {
	return a.Type == b.Type && a.Status == b.Status && a.Reason == b.Reason && a.Message == b.Message &&
		a.LastTransitionTime.Equal(b.LastTransitionTime)
}

func TestQuotaFreedWakesReplicaSetAndClearsFailure(t *testing.T) {
	c := mustNew(t, Config{Seed: 2, MaxPods: 30, Nodes: 1})
	settleCheck(t, c) // the coredns pods take their places first
	free := 30 - podsEverywhere(c)
	a := webDeployment(free-5, 0)
	must(t, c.CreateDeployment(a))
	settleCheck(t, c)
	b := Deployment{Name: "api", Replicas: 10, Labels: selector.Set{"app": "api"}}
	must(t, c.CreateDeployment(b))
	settleCheck(t, c)
	if n := len(c.Pods("default", selector.FromSet(selector.Set{"app": "api"}))); n != 5 {
		t.Fatalf("api: %d pods, want 5", n)
	}
	d, _ := c.Deployment("default", "api")
	if f := failures(d.Status.Conditions); len(f) != 1 || f[0].Reason != "FailedCreate" {
		t.Fatalf("api conditions %+v", d.Status.Conditions)
	}
	must(t, c.Scale("default", "web", free-10))
	settleCheck(t, c) // the grace period passes: terminating pods count until removed
	if n := len(c.Pods("default", selector.FromSet(selector.Set{"app": "api"}))); n != 10 {
		t.Fatalf("api: %d pods, want 10", n)
	}
	d, _ = c.Deployment("default", "api")
	rs := c.ReplicaSets("default", selector.FromSet(selector.Set{"app": "api"}))
	if len(failures(d.Status.Conditions)) != 0 || len(rs) != 1 || len(rs[0].Status.Conditions) != 0 {
		t.Fatalf("failure not cleared: deployment %+v, replicasets %+v", d.Status, rs)
	}
	if d.Status.Replicas != 10 || d.Status.UpdatedReplicas != 10 || d.Status.ReadyReplicas != 10 ||
		d.Status.AvailableReplicas != 10 || d.Status.UnavailableReplicas != 0 || d.Status.ObservedGeneration != 1 {
		t.Errorf("status %+v", d.Status)
	}
}

func failures(cs []Condition) []Condition {
	var out []Condition
	for _, c := range cs {
		if c.Type == "ReplicaFailure" {
			out = append(out, c)
		}
	}
	return out
}

func TestMaxPodsConfig(t *testing.T) {
	if _, err := New(Config{MaxPods: -1}); !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "maxPods") {
		t.Errorf("MaxPods -1: %v", err)
	}
	c := mustNew(t, Config{})
	if c.cfg.MaxPods != DefaultMaxPods || DefaultMaxPods != 1_000_000 {
		t.Errorf("default MaxPods %d", c.cfg.MaxPods)
	}
}

func TestDeploymentGetters(t *testing.T) {
	c := mustNew(t, Config{Seed: 4})
	must(t, c.Advance(time.Minute))
	in := webDeployment(3, time.Second)
	in.CreationTimestamp = time.Unix(1, 0)
	in.Status.Replicas = 99
	must(t, c.CreateDeployment(in))
	settleCheck(t, c)
	d, ok := c.Deployment("", "web")
	if !ok || !d.CreationTimestamp.Equal(Epoch.Add(time.Minute)) || d.Replicas != 3 ||
		d.Labels["app"] != "web" || d.Strategy != RollingUpdate {
		t.Fatalf("deployment %+v", d)
	}
	st := d.Status
	if st.Replicas != 3 || st.UpdatedReplicas != 3 || st.ReadyReplicas != 3 || st.AvailableReplicas != 3 ||
		st.ObservedGeneration != 1 {
		t.Errorf("status %+v", st)
	}
	if len(st.Conditions) != 2 || st.Conditions[0].Type != "Available" || st.Conditions[0].Status != "True" ||
		st.Conditions[0].Reason != "MinimumReplicasAvailable" || st.Conditions[0].Message != "Deployment has minimum availability." ||
		st.Conditions[1].Type != "Progressing" || st.Conditions[1].Reason != "NewReplicaSetAvailable" {
		t.Errorf("conditions %+v", st.Conditions)
	}
	rs := c.ReplicaSets("", selector.FromSet(selector.Set{"app": "web"}))
	if len(rs) != 1 || rs[0].Owner != "web" || rs[0].Replicas != 3 || rs[0].Status.Replicas != 3 ||
		rs[0].Status.ReadyReplicas != 3 || rs[0].Status.AvailableReplicas != 3 ||
		rs[0].Name != "web-"+rs[0].PodTemplateHash || rs[0].Labels["pod-template-hash"] != rs[0].PodTemplateHash {
		t.Fatalf("replicasets %+v", rs)
	}
	one, ok := c.ReplicaSet("", rs[0].Name)
	if !ok || one.Name != rs[0].Name {
		t.Errorf("ReplicaSet(%s): %+v %v", rs[0].Name, one, ok)
	}
	must(t, c.Scale("", "web", 5))
	settleCheck(t, c)
	if d, _ = c.Deployment("", "web"); d.Status.ObservedGeneration != 2 || d.Status.Replicas != 5 {
		t.Errorf("after scale: %+v", d.Status)
	}
	if _, ok := c.Deployment("", "nope"); ok {
		t.Error("unknown deployment found")
	}
}
