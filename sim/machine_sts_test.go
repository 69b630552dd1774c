package sim

import (
	"errors"
	"time"

	"pgregory.net/rapid"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
)

// stsActions are the state machine's StatefulSet actions: create (with
// either policy and strategy, a partition, sometimes the governing Service
// missing), scale, restart, update, delete, and force-deleting a pod
// (what frees a StatefulSet pod stuck on a failed node). Pods share the
// app labels of the Deployments and bare pods, so Services select across
// kinds.
func (m *machine) stsActions() map[string]func(*rapid.T) {
	return map[string]func(*rapid.T){
		"createStatefulSet": func(t *rapid.T) {
			app := rapid.SampledFrom(appLabels).Draw(t, "app")
			s := StatefulSet{Namespace: rapid.SampledFrom(namespaces).Draw(t, "ns"),
				Name:        "sts-" + rapid.StringMatching(`[a-b]`).Draw(t, "n"),
				Replicas:    rapid.IntRange(0, 4).Draw(t, "replicas"),
				ServiceName: "svc-" + rapid.StringMatching(`[a-c]`).Draw(t, "svc"),
				Labels:      selector.Set{"app": app, "kind": "sts"},
				Containers: []Container{{Name: "app", Image: "app:1",
					Ports: []pod.ContainerPort{{Name: "http", Port: 8080}}}},
				PodManagementPolicy:    rapid.SampledFrom([]PodManagementPolicy{OrderedReady, Parallel}).Draw(t, "policy"),
				UpdateStrategy:         rapid.SampledFrom([]Strategy{RollingUpdate, OnDelete}).Draw(t, "strategy"),
				ReadyAfter:             time.Duration(rapid.IntRange(0, 3).Draw(t, "ready")) * time.Second,
				TerminationGracePeriod: time.Duration(rapid.IntRange(0, 40).Draw(t, "grace")) * time.Second}
			if s.UpdateStrategy == RollingUpdate {
				s.Partition = rapid.IntRange(0, 3).Draw(t, "partition")
			}
			err := m.c.CreateStatefulSet(s)
			if errors.Is(err, ErrAlreadyExists) {
				m.unchanged(t, "duplicate statefulset", func() error { return m.c.CreateStatefulSet(s) })
				return
			}
			if err != nil {
				t.Fatal(err)
			}
		},
		"scaleStatefulSet": func(t *rapid.T) {
			if s := m.anySTS(t); s != nil {
				if err := m.c.ScaleStatefulSet(s.spec.Namespace, s.spec.Name, rapid.IntRange(0, 5).Draw(t, "replicas")); err != nil {
					t.Fatal(err)
				}
			}
		},
		"rolloutStatefulSet": func(t *rapid.T) {
			if s := m.anySTS(t); s != nil {
				if err := m.c.RolloutStatefulSet(s.spec.Namespace, s.spec.Name); err != nil {
					t.Fatal(err)
				}
			}
		},
		"updateStatefulSet": func(t *rapid.T) {
			s := m.anySTS(t)
			if s == nil {
				return
			}
			v, _ := m.c.StatefulSet(s.spec.Namespace, s.spec.Name)
			v.Containers[0].Image = rapid.SampledFrom([]string{"app:1", "app:2"}).Draw(t, "image")
			if v.UpdateStrategy == RollingUpdate {
				v.Partition = rapid.IntRange(0, 3).Draw(t, "partition")
			}
			if rapid.Bool().Draw(t, "forbidden") {
				v.ServiceName = "svc-z"
				m.unchanged(t, "statefulset serviceName change", func() error { return m.c.UpdateStatefulSet(v) })
				return
			}
			if err := m.c.UpdateStatefulSet(v); err != nil {
				t.Fatal(err)
			}
		},
		"deleteStatefulSet": func(t *rapid.T) {
			if s := m.anySTS(t); s != nil {
				if err := m.c.DeleteStatefulSet(s.spec.Namespace, s.spec.Name); err != nil {
					t.Fatal(err)
				}
			}
		},
		"forceDeletePod": func(t *rapid.T) {
			if p, ok := m.anyPod(t); ok {
				if err := m.c.ForceDeletePod(p.Namespace, p.Name); err != nil {
					t.Fatal(err)
				}
			}
		},
	}
}

func (m *machine) anySTS(t *rapid.T) *stsRec {
	var live []*stsRec
	for _, s := range m.c.stss {
		if s != nil && !s.deleted {
			live = append(live, s)
		}
	}
	if len(live) == 0 {
		return nil
	}
	return live[rapid.IntRange(0, len(live)-1).Draw(t, "sts")]
}
