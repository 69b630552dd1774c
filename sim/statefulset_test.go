package sim

import (
	"errors"
	"net/netip"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
	"github.com/svcsim/svcsim/service"
)

func webSTS(replicas int, mod func(*StatefulSet)) StatefulSet {
	s := StatefulSet{Name: "web", Replicas: replicas, ServiceName: "nginx", Labels: selector.Set{"app": "nginx"},
		Containers: []Container{{Name: "nginx", Image: "registry.k8s.io/nginx-slim:0.24",
			Ports: []pod.ContainerPort{{Name: "web", Port: 80}}}}}
	if mod != nil {
		mod(&s)
	}
	return s
}

// stsCluster returns a cluster with the governing headless Service nginx.
func stsCluster(t *testing.T) *Cluster {
	t.Helper()
	c := mustNew(t, Config{Seed: 1})
	_, err := c.CreateService(service.Service{Name: "nginx", Headless: true, Selector: selector.Set{"app": "nginx"},
		Ports: []service.Port{{Name: "web", Port: 80}}})
	require.NoError(t, err)
	return c
}

// stsPodNames returns the names of the StatefulSet's pods, not
// terminating first, in ordinal order.
func stsPodNames(c *Cluster) []string {
	var out []string
	for _, p := range c.Pods("default", selector.MustParse("app=nginx")) {
		if !p.Terminating {
			out = append(out, p.Name)
		}
	}
	slices.SortFunc(out, func(a, b string) int { return stsOrdinal("web", a) - stsOrdinal("web", b) })
	return out
}

func messages(c *Cluster, kind string) []string {
	var out []string
	for _, e := range eventsOf(c, kind) {
		out = append(out, e.Message)
	}
	return out
}

// OrderedReady: web-1 is created only once web-0 is Running and Ready;
// every pod gets its identity (hostname, subdomain, the controller's
// labels) and the governing headless Service a DNS name per pod.
func TestStatefulSetOrderedReadyIdentity(t *testing.T) {
	c := stsCluster(t)
	require.NoError(t, c.CreateStatefulSet(webSTS(3, func(s *StatefulSet) { s.ReadyAfter = 10 * time.Second })))
	must(t, c.Advance(0))
	assert.Equal(t, []string{"web-0"}, stsPodNames(c), "web-1 waits for web-0 to be Ready")
	must(t, c.Advance(10*time.Second))
	assert.Equal(t, []string{"web-0", "web-1"}, stsPodNames(c))
	settleCheck(t, c)
	assert.Equal(t, []string{"web-0", "web-1", "web-2"}, stsPodNames(c))
	assert.Equal(t, []string{"create Pod web-0 in StatefulSet web successful",
		"create Pod web-1 in StatefulSet web successful", "create Pod web-2 in StatefulSet web successful"},
		messages(c, KindSuccessfulCreate))

	s, ok := c.StatefulSet("", "web")
	require.True(t, ok)
	assert.Equal(t, 3, s.Status.Replicas)
	assert.Equal(t, 3, s.Status.ReadyReplicas)
	assert.Equal(t, 3, s.Status.AvailableReplicas)
	assert.Equal(t, 3, s.Status.CurrentReplicas)
	assert.Equal(t, 3, s.Status.UpdatedReplicas)
	assert.Regexp(t, `^web-[bcdfghjklmnpqrstvwxz2456789]{1,10}$`, s.Status.CurrentRevision)
	assert.Equal(t, s.Status.CurrentRevision, s.Status.UpdateRevision)
	assert.Equal(t, OrderedReady, s.PodManagementPolicy)
	assert.Equal(t, RollingUpdate, s.UpdateStrategy)

	p, _ := c.Pod("", "web-1")
	assert.Equal(t, "web-1", p.Hostname)
	assert.Equal(t, "nginx", p.Subdomain)
	assert.Equal(t, selector.Set{"app": "nginx", LabelStatefulSetPodName: "web-1", LabelPodIndex: "1",
		LabelControllerRevision: s.Status.CurrentRevision}, p.Labels)
	assert.Equal(t, []pod.ContainerPort{{Name: "web", Port: 80, Protocol: pod.TCP}}, p.Ports)

	_, err := c.CreatePod(pod.Pod{Name: "client"})
	require.NoError(t, err)
	settleCheck(t, c)
	for _, name := range []string{"web-0", "web-1", "web-2"} {
		p, _ := c.Pod("", name)
		got, err := c.Resolve("default", name+".nginx")
		require.NoError(t, err, name)
		assert.Equal(t, []netip.Addr{p.IP}, got, name)
		conn, err := c.Connect(FromPod("default", "client"), name+".nginx.default.svc.cluster.local:80")
		require.NoError(t, err, name)
		assert.Equal(t, "default/"+name, conn.Pod)
	}
}

// A deleted pod comes back under its name, hostname and DNS name, with a
// new UID and a new IP; until it is Ready again its name does not resolve.
func TestStatefulSetReplacementKeepsNameNotIP(t *testing.T) {
	c := stsCluster(t)
	require.NoError(t, c.CreateStatefulSet(webSTS(2, nil)))
	settleCheck(t, c)
	old, _ := c.Pod("", "web-1")
	require.NoError(t, c.DeletePod("", "web-1"))
	must(t, c.Advance(0))
	_, err := c.Resolve("default", "web-1.nginx")
	assert.True(t, errors.Is(err, ErrNXDomain), "a terminating pod leaves DNS: %v", err)
	settleCheck(t, c)
	now, ok := c.Pod("", "web-1")
	require.True(t, ok)
	assert.Equal(t, "web-1", now.Hostname)
	assert.NotEqual(t, old.UID, now.UID)
	assert.NotEqual(t, old.IP, now.IP, "a stable identity is not a stable address")
	got, err := c.Resolve("default", "web-1.nginx")
	require.NoError(t, err)
	assert.Equal(t, []netip.Addr{now.IP}, got)
}

// Scale down deletes the highest ordinal first, one at a time once the
// previous is gone (OrderedReady); Parallel deletes them all at once.
func TestStatefulSetScaleDown(t *testing.T) {
	for _, tc := range []struct {
		policy PodManagementPolicy
		want   []string // pods left after the first instant
	}{
		{OrderedReady, []string{"web-0", "web-1", "web-2", "web-3"}},
		{Parallel, []string{"web-0", "web-1"}},
	} {
		t.Run(string(tc.policy), func(t *testing.T) {
			c := stsCluster(t)
			require.NoError(t, c.CreateStatefulSet(webSTS(5, func(s *StatefulSet) { s.PodManagementPolicy = tc.policy })))
			settleCheck(t, c)
			require.NoError(t, c.ScaleStatefulSet("", "web", 2))
			must(t, c.Advance(0))
			assert.Equal(t, tc.want, stsPodNames(c))
			settleCheck(t, c)
			assert.Equal(t, []string{"web-0", "web-1"}, stsPodNames(c))
			del := messages(c, KindSuccessfulDelete)
			if tc.policy == OrderedReady {
				assert.Equal(t, []string{"delete Pod web-4 in StatefulSet web successful",
					"delete Pod web-3 in StatefulSet web successful", "delete Pod web-2 in StatefulSet web successful"}, del)
			} else {
				assert.Len(t, del, 3)
			}
		})
	}
}

// Parallel creates every pod at once, without waiting for readiness.
func TestStatefulSetParallelCreate(t *testing.T) {
	c := stsCluster(t)
	require.NoError(t, c.CreateStatefulSet(webSTS(3, func(s *StatefulSet) {
		s.PodManagementPolicy, s.ReadyAfter = Parallel, time.Minute
	})))
	must(t, c.Advance(0))
	assert.Equal(t, []string{"web-0", "web-1", "web-2"}, stsPodNames(c))
	settleCheck(t, c)
}

// A rolling update (kubectl rollout restart) replaces pods from the
// highest ordinal down, one at a time, each waiting for the previous to be
// Ready; partition keeps the lower ordinals; the current revision follows
// once every pod is updated.
func TestStatefulSetRollingUpdate(t *testing.T) {
	c := stsCluster(t)
	require.NoError(t, c.CreateStatefulSet(webSTS(3, func(s *StatefulSet) { s.ReadyAfter = 5 * time.Second })))
	settleCheck(t, c)
	before, _ := c.StatefulSet("", "web")
	must(t, c.Advance(time.Second))
	require.NoError(t, c.RolloutStatefulSet("", "web"))
	settleCheck(t, c)
	after, _ := c.StatefulSet("", "web")
	assert.NotEqual(t, before.Status.UpdateRevision, after.Status.UpdateRevision)
	assert.Equal(t, after.Status.UpdateRevision, after.Status.CurrentRevision)
	assert.Equal(t, 3, after.Status.UpdatedReplicas)
	assert.Equal(t, []string{"delete Pod web-2 in StatefulSet web successful",
		"delete Pod web-1 in StatefulSet web successful", "delete Pod web-0 in StatefulSet web successful"},
		messages(c, KindSuccessfulDelete))

	// Partition 2: only web-2 is updated; currentRevision stays.
	s := after
	s.Partition = 2
	require.NoError(t, c.UpdateStatefulSet(s))
	must(t, c.Advance(time.Second))
	require.NoError(t, c.RolloutStatefulSet("", "web"))
	settleCheck(t, c)
	part, _ := c.StatefulSet("", "web")
	assert.Equal(t, 1, part.Status.UpdatedReplicas)
	assert.Equal(t, 2, part.Status.CurrentReplicas)
	assert.Equal(t, after.Status.UpdateRevision, part.Status.CurrentRevision)
	for name, rev := range map[string]string{"web-0": part.Status.CurrentRevision, "web-1": part.Status.CurrentRevision,
		"web-2": part.Status.UpdateRevision} {
		p, _ := c.Pod("", name)
		assert.Equal(t, rev, p.Labels[LabelControllerRevision], name)
	}
	// A pod below the partition deleted by hand comes back at the current
	// revision.
	require.NoError(t, c.DeletePod("", "web-0"))
	settleCheck(t, c)
	p, _ := c.Pod("", "web-0")
	assert.Equal(t, part.Status.CurrentRevision, p.Labels[LabelControllerRevision])
}

// OnDelete: nothing is replaced for an update until the user deletes a
// pod, which comes back at the update revision.
func TestStatefulSetOnDelete(t *testing.T) {
	c := stsCluster(t)
	require.NoError(t, c.CreateStatefulSet(webSTS(2, func(s *StatefulSet) { s.UpdateStrategy = OnDelete })))
	settleCheck(t, c)
	s, _ := c.StatefulSet("", "web")
	s.Containers[0].Image = "registry.k8s.io/nginx-slim:0.25"
	require.NoError(t, c.UpdateStatefulSet(s))
	settleCheck(t, c)
	st, _ := c.StatefulSet("", "web")
	assert.Equal(t, 0, st.Status.UpdatedReplicas)
	assert.Empty(t, eventsOf(c, KindSuccessfulDelete))
	require.NoError(t, c.DeletePod("", "web-1"))
	settleCheck(t, c)
	p, _ := c.Pod("", "web-1")
	assert.Equal(t, st.Status.UpdateRevision, p.Labels[LabelControllerRevision])
	st, _ = c.StatefulSet("", "web")
	assert.Equal(t, 1, st.Status.UpdatedReplicas)
}

// At most one pod per identity: a pod on a failed node is evicted but
// stays Terminating while its kubelet is unreachable, and the StatefulSet
// does not replace it (a ReplicaSet would) until it is force-deleted or
// the node comes back.
func TestStatefulSetFailedNodeAtMostOne(t *testing.T) {
	for _, how := range []string{"force delete", "recover node"} {
		t.Run(how, func(t *testing.T) {
			c := stsCluster(t)
			require.NoError(t, c.CreateStatefulSet(webSTS(3, func(s *StatefulSet) { s.PodManagementPolicy = Parallel })))
			settleCheck(t, c)
			victim, _ := c.Pod("", "web-1")
			require.NoError(t, c.FailNode(victim.NodeName))
			must(t, c.Advance(NodeMonitorGracePeriod+DefaultTolerationSeconds+time.Hour))
			must(t, c.Check())
			p, ok := c.Pod("", "web-1")
			require.True(t, ok)
			assert.True(t, p.Terminating, "evicted, stuck terminating")
			assert.Equal(t, victim.UID, p.UID, "not replaced")
			if how == "force delete" {
				require.NoError(t, c.ForceDeletePod("", "web-1"))
			} else {
				require.NoError(t, c.RecoverNode(victim.NodeName))
			}
			settleCheck(t, c)
			p, ok = c.Pod("", "web-1")
			require.True(t, ok)
			assert.NotEqual(t, victim.UID, p.UID, "replaced")
			assert.False(t, p.Terminating)
			assert.True(t, p.Ready)
		})
	}
}

// Deleting the StatefulSet deletes its pods; a refused call changes
// nothing.
func TestStatefulSetDeleteAndErrors(t *testing.T) {
	c := stsCluster(t)
	require.NoError(t, c.CreateStatefulSet(webSTS(2, nil)))
	settleCheck(t, c)
	err := c.CreateStatefulSet(webSTS(1, nil))
	assert.True(t, errors.Is(err, ErrAlreadyExists), "%v", err)
	err = c.ScaleStatefulSet("", "web", -1)
	assert.EqualError(t, err, "statefulset default/web: spec.replicas: Invalid value: -1: must be greater than or equal to 0")
	assert.True(t, errors.Is(c.ScaleStatefulSet("", "nope", 1), ErrNotFound))
	s, _ := c.StatefulSet("", "web")
	s.ServiceName = "other"
	err = c.UpdateStatefulSet(s)
	assert.True(t, errors.Is(err, ErrInvalid))
	assert.Contains(t, err.Error(), "statefulset default/web: spec: Forbidden: updates to statefulset spec for fields other than 'replicas'")
	require.NoError(t, c.DeleteStatefulSet("", "web"))
	_, ok := c.StatefulSet("", "web")
	assert.False(t, ok)
	settleCheck(t, c)
	assert.Empty(t, c.Pods("default", selector.MustParse("app=nginx")))
}

func TestStatefulSetValidation(t *testing.T) {
	tests := []struct {
		name string
		mod  func(*StatefulSet)
		want string
	}{
		{"no name", func(s *StatefulSet) { s.Name = "" }, "statefulset default/: metadata.name: Required value"},
		{"dotted name", func(s *StatefulSet) { s.Name = "web.1" }, `statefulset default/web.1: metadata.name: Invalid value: "web.1": must not contain dots`},
		{"long name", func(s *StatefulSet) { s.Name = strings.Repeat("a", 64) }, "metadata.name: Too long: may not be more than 63 bytes"},
		{"negative replicas", func(s *StatefulSet) { s.Replicas = -1 }, "spec.replicas: Invalid value: -1: must be greater than or equal to 0"},
		{"bad serviceName", func(s *StatefulSet) { s.ServiceName = "Nginx" }, `spec.serviceName: Invalid value: "Nginx"`},
		{"no labels", func(s *StatefulSet) { s.Labels = nil }, "spec.selector: Required value"},
		{"controller's label", func(s *StatefulSet) { s.Labels[LabelPodIndex] = "0" }, "spec.template.metadata.labels: Invalid value"},
		{"no containers", func(s *StatefulSet) { s.Containers = nil }, "spec.template.spec.containers: Required value"},
		{"no image", func(s *StatefulSet) { s.Containers[0].Image = "" }, "spec.template.spec.containers[0].image: Required value"},
		{"duplicate container", func(s *StatefulSet) { s.Containers = append(s.Containers, s.Containers[0]) },
			`spec.template.spec.containers[1].name: Duplicate value: "nginx"`},
		{"bad port", func(s *StatefulSet) { s.Containers[0].Ports[0].Port = 0 }, "spec.template.spec.containers[0]: "},
		{"bad policy", func(s *StatefulSet) { s.PodManagementPolicy = "Random" },
			`spec.podManagementPolicy: Unsupported value: "Random": supported values: "OrderedReady", "Parallel"`},
		{"bad strategy", func(s *StatefulSet) { s.UpdateStrategy = Recreate },
			`spec.updateStrategy.type: Unsupported value: "Recreate": supported values: "OnDelete", "RollingUpdate"`},
		{"negative partition", func(s *StatefulSet) { s.Partition = -1 },
			"spec.updateStrategy.rollingUpdate.partition: Invalid value: -1: must be greater than or equal to 0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := mustNew(t, Config{Seed: 1})
			before := c.Events()
			err := c.CreateStatefulSet(webSTS(1, tt.mod))
			require.Error(t, err)
			assert.True(t, errors.Is(err, ErrInvalid), "%v", err)
			assert.Contains(t, err.Error(), tt.want)
			assert.Equal(t, before, c.Events(), "a refused create records nothing")
			assert.Empty(t, c.StatefulSets(""))
		})
	}
}
