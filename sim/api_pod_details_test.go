package sim

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
)

// PodDetails reports what a pod's k8s object needs beyond pod.Pod: its
// controller, the template's readiness delay, grace period and crash loop,
// and when it became Ready.
func TestPodDetails(t *testing.T) {
	c := mustNew(t, Config{Seed: 1})
	d := webDeployment(1, 3*time.Second)
	d.TerminationGracePeriod = 7 * time.Second
	d.CrashLoop = false
	must(t, c.CreateDeployment(d))
	must(t, c.CreateStatefulSet(StatefulSet{Name: "db", Replicas: 1, ServiceName: "db", Labels: selector.Set{"app": "db"},
		Containers: []Container{{Name: "db", Image: "postgres"}}}))
	_, err := c.CreatePod(pod.Pod{Name: "bare", Labels: selector.Set{"x": "y"}})
	must(t, err)
	must(t, c.Advance(time.Second))

	_, ok := c.PodDetails("", "nope")
	require.False(t, ok)

	bare, ok := c.PodDetails("", "bare")
	require.True(t, ok)
	require.Equal(t, PodDetails{TerminationGracePeriod: DefaultTerminationGracePeriod, ReadyTime: Epoch}, bare)

	web := c.Pods("", selector.MustParse("app=web"))
	require.Len(t, web, 1)
	got, ok := c.PodDetails("default", web[0].Name)
	require.True(t, ok)
	rs := c.ReplicaSets("", selector.Everything())
	require.Len(t, rs, 1)
	require.Equal(t, PodDetails{ControllerKind: "ReplicaSet", ControllerName: rs[0].Name,
		ReadyAfter: 3 * time.Second, TerminationGracePeriod: 7 * time.Second}, got, "not ready yet: no ready time")
	must(t, c.Advance(3*time.Second))
	got, _ = c.PodDetails("default", web[0].Name)
	require.Equal(t, Epoch.Add(3*time.Second), got.ReadyTime)

	db, ok := c.PodDetails("", "db-0")
	require.True(t, ok)
	require.Equal(t, "StatefulSet", db.ControllerKind)
	require.Equal(t, "db", db.ControllerName)
}

// A ReplicaSet reports its template's readiness delay, grace period and
// crash loop, which its pods get.
func TestReplicaSetTemplateTimings(t *testing.T) {
	c := mustNew(t, Config{Seed: 1})
	d := webDeployment(1, 4*time.Second)
	d.TerminationGracePeriod = 9 * time.Second
	d.CrashLoop = true
	must(t, c.CreateDeployment(d))
	must(t, c.Advance(time.Second))
	rs := c.ReplicaSets("", selector.Everything())
	require.Len(t, rs, 1)
	require.Equal(t, 4*time.Second, rs[0].ReadyAfter)
	require.Equal(t, 9*time.Second, rs[0].TerminationGracePeriod)
	require.True(t, rs[0].CrashLoop)
}

// A StatefulSet's pods have its template's containers, names and images
// included (they used to show the shorthand's one container "app").
func TestStatefulSetPodContainers(t *testing.T) {
	c := mustNew(t, Config{Seed: 1})
	cs := []Container{{Name: "pg", Image: "postgres:17", Ports: []pod.ContainerPort{{Name: "pg", Port: 5432, Protocol: pod.TCP}}},
		{Name: "exporter", Image: "exporter:1", Ports: []pod.ContainerPort{{Name: "metrics", Port: 9187, Protocol: pod.TCP}}}}
	must(t, c.CreateStatefulSet(StatefulSet{Name: "db", Replicas: 1, ServiceName: "db", Labels: selector.Set{"app": "db"},
		Containers: cs}))
	settleCheck(t, c)
	p, ok := c.Pod("", "db-0")
	require.True(t, ok)
	require.Equal(t, cs, p.Containers)
	require.Equal(t, pod.ContainersPorts(cs), p.Ports)
}

// A Deployment's ReplicaSets carry the deployment controller's
// annotations: desired-replicas (the Deployment's replicas),
// max-replicas (plus maxSurge) and revision.
func TestReplicaSetAnnotations(t *testing.T) {
	c := mustNew(t, Config{Seed: 1})
	d := webDeployment(3, 0)
	d.MaxSurge = "1"
	must(t, c.CreateDeployment(d))
	settleCheck(t, c)
	rs := c.ReplicaSets("", selector.Everything())
	require.Len(t, rs, 1)
	require.Equal(t, map[string]string{"deployment.kubernetes.io/desired-replicas": "3",
		"deployment.kubernetes.io/max-replicas": "4", "deployment.kubernetes.io/revision": "1"}, rs[0].Annotations)
}
