package sim

import (
	"reflect"
	"time"

	"pgregory.net/rapid"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
	"github.com/svcsim/svcsim/service"
)

// snapshot is everything a caller can observe of a cluster.
type snapshot struct {
	events   []string
	now      time.Time
	nodes    []Node
	pods     []pod.Pod
	services []service.Service

	statefulSets []StatefulSet
}

func takeSnapshot(c *Cluster) snapshot {
	s := snapshot{now: c.Now(), nodes: c.Nodes()}
	for _, e := range c.Events() {
		s.events = append(s.events, e.String())
	}
	for _, ns := range []string{"default", "other"} {
		s.pods = append(s.pods, c.Pods(ns, selector.Everything())...)
		s.services = append(s.services, c.Services(ns)...)
		s.statefulSets = append(s.statefulSets, c.StatefulSets(ns)...)
	}
	return s
}

// checkRollouts: a settled Deployment whose pods are all ready (and not
// held back by the pod quota, nor, with Recreate, by a terminating pod)
// has finished its rollout: the current ReplicaSet holds every replica.
func (m *machine) checkRollouts(t *rapid.T) {
	c := m.c
	for _, d := range c.deps {
		if d == nil || d.deleted {
			continue
		}
		cur, _, _, _ := c.currentRS(d)
		allReady := c.waitingPods() == 0 && c.store.Len() < c.cfg.MaxPods
		for _, id := range d.rss {
			r := c.rss[id]
			if r.available != r.active {
				allReady = false
			}
			if d.spec.Strategy == Recreate && len(r.pods) > r.active {
				// Recreate waits until no old pod exists, and a pod
				// terminating on a failed node exists until the node
				// comes back (recreate.go, oldPodsRunning).
				allReady = false
			}
		}
		if !allReady {
			continue
		}
		for _, id := range d.rss {
			r := c.rss[id]
			want := 0
			if id == cur {
				want = d.spec.Replicas
			}
			if r.replicas != want || r.active != want {
				t.Fatalf("deployment %s: settled with all pods ready but replicaset %s has %d replicas (%d active), want %d",
					d.name, r.name, r.replicas, r.active, want)
			}
		}
	}
}

// checkEnv: a container keeps the variables of the services that existed
// when it (re)started.
func (m *machine) checkEnv(t *rapid.T) {
	for _, ns := range namespaces {
		for _, p := range m.c.Pods(ns, selector.Everything()) {
			key := ns + "/" + p.Name + "/" + p.UID.String()
			want, seen := m.env[key]
			if p.Phase != pod.Running {
				continue
			}
			if !seen {
				want = m.expectedEnv(ns)
				m.env[key] = want
			}
			if !reflect.DeepEqual(p.Env, want) {
				t.Fatalf("pod %s: env %v, want %v", p.Name, p.Env, want)
			}
		}
	}
}

// expectedEnv is the kubelet's rule applied to the services that exist now
// (a slow reference for the generation log).
func (m *machine) expectedEnv(ns string) map[string]string {
	all := append(m.c.Services(ns), m.c.Services("default")...)
	return service.EnvVars(service.ServicesForPod(ns, all, true))
}

// noDownPodReady checks that no Endpoints object lists as ready a pod
// whose container is not running, nor a slice as ready or serving, when
// the endpoints controller has no lag to catch up.
func (m *machine) noDownPodReady(t *rapid.T) {
	if m.c.cfg.EndpointsDelay != 0 {
		return
	}
	for _, ns := range namespaces {
		down := map[string]bool{}
		for _, p := range m.c.Pods(ns, selector.Everything()) {
			if p.ContainerReason != "" {
				down[p.Namespace+"/"+p.Name] = true
			}
		}
		for _, s := range m.c.Services(ns) {
			ep, _ := m.c.Endpoints(ns, s.Name)
			for _, ss := range ep.Subsets {
				for _, a := range ss.Addresses {
					if down[a.Pod] {
						t.Fatalf("endpoints %s/%s list %s, whose container is down, as ready", ns, s.Name, a.Pod)
					}
				}
			}
			for _, sl := range m.c.EndpointSlices(ns, s.Name) {
				for _, e := range sl.Endpoints {
					if down[e.Pod] && (e.Conditions.Ready || e.Conditions.Serving) {
						t.Fatalf("slice %s lists %s, whose container is down, as %+v", sl.Name, e.Pod, e.Conditions)
					}
				}
			}
		}
	}
}
