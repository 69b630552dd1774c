package endpoints

import (
	"errors"
	"maps"
	"slices"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
	"github.com/svcsim/svcsim/service"
)

// checkedController returns a synced controller that passes Check: web
// with three pods in two slices (at most two endpoints each) and the
// selector-less kubernetes Service with its apiserver-written Endpoints
// and slice.
func checkedController(t *testing.T) (*Controller, []service.Service, []pod.Pod) {
	t.Helper()
	c := NewController(Options{MaxEndpointsPerSlice: 2})
	svcs := []service.Service{testService(nil), selectorless("kubernetes")}
	pods := []pod.Pod{testPod("web-1", "10.0.0.1", nil), testPod("web-2", "10.0.0.2", nil), testPod("web-3", "10.0.0.3", nil)}
	var dirty []ServiceKey
	for _, s := range svcs {
		dirty = c.SetService(s, dirty)
	}
	for _, p := range pods {
		dirty = c.SetPod(p, dirty)
	}
	dirty, err := c.SetManual(apiserverEP(), "kubernetes", dirty)
	require.NoError(t, err)
	syncAll(c, dirty)
	require.NoError(t, c.Check(svcs, pods))
	return c, svcs, pods
}

// TestCheckFindsCorruption: each corruption of the controller's state (or
// of what it is checked against) makes Check fail with ErrInconsistent,
// found by the check named in the error.
func TestCheckFindsCorruption(t *testing.T) {
	web := ServiceKey{"default", "web"}
	tests := []struct {
		name    string
		corrupt func(c *Controller, svcs []service.Service, pods []pod.Pod) ([]service.Service, []pod.Pod)
		want    string
	}{
		{"a pod of another UID", func(c *Controller, svcs []service.Service, pods []pod.Pod) ([]service.Service, []pod.Pod) {
			pods = slices.Clone(pods)
			pods[1].UID[0] ^= 1
			return svcs, pods
		}, "pod default/web-2: record differs"},
		{"a pod with other ports", func(c *Controller, svcs []service.Service, pods []pod.Pod) ([]service.Service, []pod.Pod) {
			pods = slices.Clone(pods)
			pods[1].Ports = []pod.ContainerPort{{Name: "http", Port: 8081, Protocol: pod.TCP}}
			return svcs, pods
		}, "pod default/web-2: record differs"},
		{"a pod with other labels than its record's group, whose first pod expect reads for all", func(c *Controller, svcs []service.Service, pods []pod.Pod) ([]service.Service, []pod.Pod) {
			pods = slices.Clone(pods)
			pods[1].Labels = selector.Set{"app": "api"}
			return svcs, pods
		}, "pod default/web-2: record differs"},
		{"a pod record under another name", func(c *Controller, svcs []service.Service, pods []pod.Pod) ([]service.Service, []pod.Pod) {
			id, _ := c.ns.Value("default").pods.get(c, "web-1")
			c.pod(id).key = "default/web-9"
			return svcs, pods
		}, "pod default/web-1: unknown to the controller"},
		{"a pod record under another namespace's key", func(c *Controller, svcs []service.Service, pods []pod.Pod) ([]service.Service, []pod.Pod) {
			id, _ := c.ns.Value("default").pods.get(c, "web-1")
			c.pod(id).key = "kubesys/web-1" // found by its name, the part after the namespace's length
			return svcs, pods
		}, "pod default/web-1: record differs"},
		{"a pod record's key without its slash", func(c *Controller, svcs []service.Service, pods []pod.Pod) ([]service.Service, []pod.Pod) {
			id, _ := c.ns.Value("default").pods.get(c, "web-1")
			c.pod(id).key = "default-web-1" // found by its name, the part after the namespace's length
			return svcs, pods
		}, "pod default/web-1: record differs"},
		{"a pod record filed under another namespace", func(c *Controller, svcs []service.Service, pods []pod.Pod) ([]service.Service, []pod.Pod) {
			id, _ := c.ns.Value("default").pods.get(c, "web-1")
			c.pod(id).ns = newNS("default")
			return svcs, pods
		}, "pod default/web-1: record differs"},
		{"a live pod record outside every namespace's table", func(c *Controller, svcs []service.Service, pods []pod.Pod) ([]service.Service, []pod.Pod) {
			*c.pod(c.allocPod()) = podRec{alive: true, key: "default/web-9"}
			return svcs, pods
		}, "4 live pod records for 3 pods"},
		{"a pod the controller knows but was not given", func(c *Controller, svcs []service.Service, pods []pod.Pod) ([]service.Service, []pod.Pod) {
			return svcs, pods[:2]
		}, "3 live pod records for 2 pods"},
		{"a live pod record without a namespace, its pod not given", func(c *Controller, svcs []service.Service, pods []pod.Pod) ([]service.Service, []pod.Pod) {
			id, _ := c.ns.Value("default").pods.get(c, "web-1")
			c.pod(id).ns = nil
			return svcs, pods[1:]
		}, "3 live pod records for 2 pods"},
		{"a live pod record without a namespace, its pod given", func(c *Controller, svcs []service.Service, pods []pod.Pod) ([]service.Service, []pod.Pod) {
			id, _ := c.ns.Value("default").pods.get(c, "web-1")
			c.pod(id).ns = nil // the table's lookup cannot read its name
			return svcs, pods
		}, "pod default/web-1: unknown to the controller"},
		{"a live pod record whose key is shorter than its namespace's name", func(c *Controller, svcs []service.Service, pods []pod.Pod) ([]service.Service, []pod.Pod) {
			id, _ := c.ns.Value("default").pods.get(c, "web-1")
			c.pod(id).key = "web-1"
			return svcs, pods
		}, "pod default/web-1: unknown to the controller"},
		{"a pod given twice, another not", func(c *Controller, svcs []service.Service, pods []pod.Pod) ([]service.Service, []pod.Pod) {
			return svcs, []pod.Pod{pods[1], pods[1], pods[2]}
		}, "pod default/web-2: given twice"},
		{"a Service the controller knows but was not given", func(c *Controller, svcs []service.Service, pods []pod.Pod) ([]service.Service, []pod.Pod) {
			return svcs[1:], pods
		}, "service default/web: not given but known to the controller"},
		{"a manual object's Service not given", func(c *Controller, svcs []service.Service, pods []pod.Pod) ([]service.Service, []pod.Pod) {
			c.svcs.Value(ServiceKey{"default", "kubernetes"}).deleted = true // the controller's own record gone with it
			return svcs[:1], pods
		}, "manual endpoints default/kubernetes: slices"},
		{"the manual objects counted queued, none being so", func(c *Controller, svcs []service.Service, pods []pod.Pod) ([]service.Service, []pod.Pod) {
			c.mqueued++
			return svcs, pods
		}, "manual endpoints: 1 counted queued, none is"},
		{"a manual object queued", func(c *Controller, svcs []service.Service, pods []pod.Pod) ([]service.Service, []pod.Pod) {
			c.queueManual(c.manual.Value(ServiceKey{"default", "kubernetes"}))
			return svcs, pods
		}, "manual endpoints default/kubernetes: Sync pending"},
		{"a selector-less Service's state claiming objects", func(c *Controller, svcs []service.Service, pods []pod.Pod) ([]service.Service, []pod.Pod) {
			c.svcs.Value(ServiceKey{"default", "kubernetes"}).hasObjects = true // they would hide the manual object
			return svcs, pods
		}, "manual endpoints default/kubernetes: shown"},
		{"a namespace counting a Service more", func(c *Controller, svcs []service.Service, pods []pod.Pod) ([]service.Service, []pod.Pod) {
			c.ns.Value("default").svcs++
			return svcs, pods
		}, "namespace default: 3 Services counted, 2 found"},
		{"a namespace without Services counting one", func(c *Controller, svcs []service.Service, pods []pod.Pod) ([]service.Service, []pod.Pod) {
			c.namespace("other").svcs = 1
			return svcs, pods
		}, "the namespaces count 3 Services, 2 found"},
		{"a namespace counting Services below none", func(c *Controller, svcs []service.Service, pods []pod.Pod) ([]service.Service, []pod.Pod) {
			c.namespace("other").svcs = -1
			return svcs, pods
		}, "namespace other: -1 Services counted"},
		{"a Service filed under another namespace's state", func(c *Controller, svcs []service.Service, pods []pod.Pod) ([]service.Service, []pod.Pod) {
			c.svcs.Value(web).ns = newNS("default")
			return svcs, pods
		}, "service default/web: its namespace's state is not the controller's"},
		{"a Service filed under no namespace's state", func(c *Controller, svcs []service.Service, pods []pod.Pod) ([]service.Service, []pod.Pod) {
			s := c.svcs.Value(ServiceKey{"default", "kubernetes"})
			c.svcs.Delete(s.key)
			s.key, s.ns = ServiceKey{"absent", "kubernetes"}, nil
			c.svcs.Set(s.key, s)
			return svcs, pods
		}, "service absent/kubernetes: its namespace's state is not the controller's"},
		{"the first Service of a namespace filed under another state", func(c *Controller, svcs []service.Service, pods []pod.Pod) ([]service.Service, []pod.Pod) {
			c.svcs.Value(ServiceKey{"default", "kubernetes"}).ns = newNS("default")
			return svcs, pods
		}, "service default/kubernetes: its namespace's state is not the controller's"},
		{"a ghost listed for a live pod", func(c *Controller, svcs []service.Service, pods []pod.Pod) ([]service.Service, []pod.Pod) {
			id, _ := c.ns.Value("default").pods.get(c, "web-1")
			c.ns.Value("default").ghosts.put("web-1", id)
			return svcs, pods
		}, "namespace default: 1 deleted pods listed as lingering after every Sync"},
		{"a pod record in a group outside the index", func(c *Controller, svcs []service.Service, pods []pod.Pod) ([]service.Service, []pod.Pod) {
			id, _ := c.ns.Value("default").pods.get(c, "web-3")
			r := c.pod(id)
			r.lg = &labelGroup{labels: r.lg.labels, pods: []podID{id}}
			r.lgPos = 0
			return svcs, pods
		}, "label group"},
		{"a pod record at another place in its group", func(c *Controller, svcs []service.Service, pods []pod.Pod) ([]service.Service, []pod.Pod) {
			id, _ := c.ns.Value("default").pods.get(c, "web-3")
			c.pod(id).lgPos = 0
			return svcs, pods
		}, "label group"},
		{"a live pod left out of its group", func(c *Controller, svcs []service.Service, pods []pod.Pod) ([]service.Service, []pod.Pod) {
			id, _ := c.ns.Value("default").pods.get(c, "web-3")
			g := c.pod(id).lg
			require.Equal(t, id, g.pods[len(g.pods)-1])
			g.pods = g.pods[:len(g.pods)-1]
			for _, slot := range g.slots {
				slot.set.npods--
			}
			return svcs, pods
		}, "pod default/web-3: not in the label index"},
		{"a label set with two groups", func(c *Controller, svcs []service.Service, pods []pod.Pod) ([]service.Service, []pod.Pod) {
			// web-3 moves to a second group of web's labels, filed everywhere.
			ns := c.ns.Value("default")
			id, _ := ns.pods.get(c, "web-3")
			r := c.pod(id)
			g := r.lg
			require.Equal(t, id, g.pods[len(g.pods)-1])
			g.pods = g.pods[:len(g.pods)-1]
			twin := &labelGroup{labels: maps.Clone(g.labels), pods: []podID{id}}
			for k, v := range twin.labels {
				set := ns.byLabel.Value(labelKV{k, v})
				twin.slots = append(twin.slots, labelSlot{set: set, pos: int32(len(set.grps))})
				set.grps = append(set.grps, twin)
			}
			ns.lgByPtr.Set(mapPointer(twin.labels), twin)
			r.lg, r.lgPos = twin, 0
			return svcs, pods
		}, "misfiled"},
		{"a stale label group", func(c *Controller, svcs []service.Service, pods []pod.Pod) ([]service.Service, []pod.Pod) {
			stale := selector.Set{"app": "gone"}
			c.ns.Value("default").lgByPtr.Set(mapPointer(stale), &labelGroup{labels: stale})
			return svcs, pods
		}, "label group app=gone is empty or misfiled"},
		{"a label group filed under another map", func(c *Controller, svcs []service.Service, pods []pod.Pod) ([]service.Service, []pod.Pod) {
			ns := c.ns.Value("default")
			id, _ := ns.pods.get(c, "web-3")
			g := c.pod(id).lg
			ns.lgByPtr.Delete(mapPointer(g.labels))
			ns.lgByPtr.Set(mapPointer(maps.Clone(g.labels)), g)
			return svcs, pods
		}, "label group app=web is empty or misfiled"},
		{"a label group left out of one of its label sets", func(c *Controller, svcs []service.Service, pods []pod.Pod) ([]service.Service, []pod.Pod) {
			// Two more groups carry app=web; the first, dropped from it,
			// is still found by content through its rarer tier=x.
			for i, tier := range []string{"x", "y"} {
				p := testPod("web-"+tier, "10.0.0.1"+strconv.Itoa(i), func(p *pod.Pod) { p.Labels = selector.Set{"app": "web", "tier": tier} })
				syncAll(c, c.SetPod(p, nil))
				pods = append(pods, p)
			}
			ns := c.ns.Value("default")
			id, _ := ns.pods.get(c, "web-x")
			g := c.pod(id).lg
			set := ns.byLabel.Value(labelKV{"app", "web"})
			for i, slot := range g.slots {
				if slot.set == set {
					moved := set.grps[len(set.grps)-1]
					set.grps[slot.pos] = moved
					for j := range moved.slots {
						if moved.slots[j].set == set {
							moved.slots[j].pos = slot.pos
						}
					}
					set.grps = set.grps[:len(set.grps)-1]
					set.npods -= len(g.pods)
					g.slots[i].pos = -1
				}
			}
			require.Len(t, set.grps, 2)
			require.Same(t, g, findByContent(ns, g.labels))
			return svcs, pods
		}, "namespace default: label group app=web,tier=x holds a slot label set app=web does not list"},
		{"a label group listed twice in one of its label sets, in place of another", func(c *Controller, svcs []service.Service, pods []pod.Pod) ([]service.Service, []pod.Pod) {
			p := testPod("web-x", "10.0.0.10", func(p *pod.Pod) { p.Labels = selector.Set{"app": "web", "tier": "x"} })
			syncAll(c, c.SetPod(p, nil))
			ns := c.ns.Value("default")
			id, _ := ns.pods.get(c, "web-x")
			g := c.pod(id).lg
			app, tier := ns.byLabel.Value(labelKV{"app", "web"}), ns.byLabel.Value(labelKV{"tier", "x"})
			for i, slot := range g.slots {
				if slot.set == app { // out of app=web (the last there), in tier=x again
					require.Same(t, g, app.grps[len(app.grps)-1])
					app.grps, app.npods = app.grps[:len(app.grps)-1], app.npods-1
					g.slots[i] = labelSlot{set: tier, pos: int32(len(tier.grps))}
					tier.grps, tier.npods = append(tier.grps, g), tier.npods+1
				}
			}
			return svcs, append(slices.Clone(pods), p)
		}, "label group app=web,tier=x is empty or misfiled"},
		{"a label set filed under another label", func(c *Controller, svcs []service.Service, pods []pod.Pod) ([]service.Service, []pod.Pod) {
			ns := c.ns.Value("default")
			set := ns.byLabel.Value(labelKV{"app", "web"})
			ns.byLabel.Delete(set.kv)
			ns.byLabel.Set(labelKV{"app", "api"}, set)
			return svcs, pods
		}, "namespace default: label index entry app=web is empty or misfiled"},
		{"a stale label set", func(c *Controller, svcs []service.Service, pods []pod.Pod) ([]service.Service, []pod.Pod) {
			kv := labelKV{"app", "gone"}
			ns := c.ns.Value("default")
			ns.byLabel.Set(kv, &labelSet{kv: kv})
			return svcs, pods
		}, "namespace default: label index entry app=gone is empty or misfiled"},
		{"a label set listing a group without pods", func(c *Controller, svcs []service.Service, pods []pod.Pod) ([]service.Service, []pod.Pod) {
			set := c.ns.Value("default").byLabel.Value(labelKV{"app", "web"})
			slot := labelSlot{set: set, pos: int32(len(set.grps))}
			stale := &labelGroup{labels: selector.Set{"app": "web", "tier": "gone"}, slots: []labelSlot{slot, slot}}
			set.grps = append(set.grps, stale)
			return svcs, pods
		}, "namespace default: label index app=web lists group app=web,tier=gone wrongly"},
		{"a label set counting a pod more", func(c *Controller, svcs []service.Service, pods []pod.Pod) ([]service.Service, []pod.Pod) {
			c.ns.Value("default").byLabel.Value(labelKV{"app", "web"}).npods++
			return svcs, pods
		}, "namespace default: label index app=web counts 4 pods, has 3"},
		{"a stale group of unlabelled pods", func(c *Controller, svcs []service.Service, pods []pod.Pod) ([]service.Service, []pod.Pod) {
			c.ns.Value("default").unlabelled = &labelGroup{}
			return svcs, pods
		}, "the group of unlabelled pods is not in the label index"},
		{"an endpoint's conditions", func(c *Controller, svcs []service.Service, pods []pod.Pod) ([]service.Service, []pod.Pod) {
			c.svcs.Value(web).slices[0].eps[0].f ^= fReady
			return svcs, pods
		}, "service default/web: slice web-bbbbb (IPv4"},
		{"slices labelled as headless", func(c *Controller, svcs []service.Service, pods []pod.Pod) ([]service.Service, []pod.Pod) {
			c.svcs.Value(web).headless = true
			return svcs, pods
		}, "service default/web: slices labelled"},
		{"slices labelled with other labels", func(c *Controller, svcs []service.Service, pods []pod.Pod) ([]service.Service, []pod.Pod) {
			c.svcs.Value(web).labels = map[string]string{"tier": "front"}
			return svcs, pods
		}, "service default/web: slices labelled"},
		{"a Service the controller has not seen", func(c *Controller, svcs []service.Service, pods []pod.Pod) ([]service.Service, []pod.Pod) {
			return append(svcs, testService(func(s *service.Service) { s.Name = "api" })), pods
		}, "service default/api: Endpoints present=false"},
		{"two slices under one name", func(c *Controller, svcs []service.Service, pods []pod.Pod) ([]service.Service, []pod.Pod) {
			s := c.svcs.Value(web)
			s.slices[1].suffix = s.slices[0].suffix
			return svcs, pods
		}, "used twice"},
		{"slices named from another prefix", func(c *Controller, svcs []service.Service, pods []pod.Pod) ([]service.Service, []pod.Pod) {
			c.svcs.Value(web).prefix = "webs-"
			return svcs, pods
		}, `service default/web: slice prefix "webs-"`},
		{"a slice over the maximum", func(c *Controller, svcs []service.Service, pods []pod.Pod) ([]service.Service, []pod.Pod) {
			c.max = 1
			return svcs, pods
		}, "has 2 endpoints, max 1"},
		{"an empty slice beside full ones", func(c *Controller, svcs []service.Service, pods []pod.Pod) ([]service.Service, []pod.Pod) {
			s := c.svcs.Value(web)
			s.slices = append(s.slices, &sliceState{suffix: [5]byte{'z', 'z', 'z', 'z', 'z'}, svc: s, at: IPv4})
			return svcs, pods
		}, "service default/web: 1 empty IPv4 slices beside 2 non-empty ones, want 0"},
		{"a pod's endpoint twice", func(c *Controller, svcs []service.Service, pods []pod.Pod) ([]service.Service, []pod.Pod) {
			s := c.svcs.Value(web)
			s.slices[1].eps = append(s.slices[1].eps, s.slices[0].eps[0])
			return svcs, pods
		}, "service default/web: endpoint of pod default/web-1 appears twice"},
		{"an endpoint's place in the Endpoints object, its object cached", func(c *Controller, svcs []service.Service, pods []pod.Pod) ([]service.Service, []pod.Pod) {
			s := c.svcs.Value(web)
			s.endpoints(c)
			s.slices[0].eps[0].f ^= fEpIn
			return svcs, pods
		}, "service default/web: slice web-bbbbb (IPv4"},
		{"an endpoint's readiness in the Endpoints object, its object cached", func(c *Controller, svcs []service.Service, pods []pod.Pod) ([]service.Service, []pod.Pod) {
			s := c.svcs.Value(web)
			s.endpoints(c)
			s.slices[0].eps[0].f ^= fEpReady
			return svcs, pods
		}, "service default/web: slice web-bbbbb (IPv4"},
		{"an endpoint in a slice of other ports", func(c *Controller, svcs []service.Service, pods []pod.Pod) ([]service.Service, []pod.Pod) {
			s := c.svcs.Value(web)
			s.slices[0].grp = &group{at: IPv4, ports: []EndpointPort{{Name: "http", Port: 8081, Protocol: pod.TCP}}}
			return svcs, pods
		}, "service default/web: slice web-bbbbb (IPv4"},
		{"the endpoints of a second slice of other ports, their pods' ports resolved as the first's", func(c *Controller, svcs []service.Service, pods []pod.Pod) ([]service.Service, []pod.Pod) {
			s := c.svcs.Value(web)
			s.slices[1].grp = &group{at: IPv4, ports: []EndpointPort{{Name: "http", Port: 8081, Protocol: pod.TCP}}}
			return svcs, pods
		}, "service default/web: slice web-bbbbc (IPv4"},
		{"an endpoint in a slice of the other address type", func(c *Controller, svcs []service.Service, pods []pod.Pod) ([]service.Service, []pod.Pod) {
			c.svcs.Value(web).slices[1].at = IPv6
			return svcs, pods
		}, "service default/web: slice web-bbbbc (IPv6"},
		{"an endpoint with a hostname its pod does not give", func(c *Controller, svcs []service.Service, pods []pod.Pod) ([]service.Service, []pod.Pod) {
			id, _ := c.ns.Value("default").pods.get(c, "web-2")
			c.setHost(id, hostSpec{hostname: "web-2", subdomain: "web"})
			return svcs, pods
		}, "service default/web: slice web-bbbbb (IPv4"},
		{"a slice filed under another Service", func(c *Controller, svcs []service.Service, pods []pod.Pod) ([]service.Service, []pod.Pod) {
			s := c.svcs.Value(web)
			s.slices[1].svc = c.svcs.Value(ServiceKey{"default", "kubernetes"})
			return svcs, pods
		}, "service default/web: slice web-bbbbc filed under another Service"},
		{"an endpoint of a pod the Service does not select", func(c *Controller, svcs []service.Service, pods []pod.Pod) ([]service.Service, []pod.Pod) {
			p := testPod("api-1", "10.0.0.9", func(p *pod.Pod) { p.Labels = selector.Set{"app": "api"} })
			syncAll(c, c.SetPod(p, nil))
			id, _ := c.ns.Value("default").pods.get(c, "api-1")
			s := c.svcs.Value(web)
			s.slices[1].eps = append(s.slices[1].eps, sliceEP{id: id, f: s.slices[1].eps[0].f})
			return svcs, append(slices.Clone(pods), p)
		}, "service default/web: slice web-bbbbc holds pod record 3, which has no endpoint in it"},
		{"a pod's endpoint missing", func(c *Controller, svcs []service.Service, pods []pod.Pod) ([]service.Service, []pod.Pod) {
			s := c.svcs.Value(web)
			gone := s.slices[0].eps[1]
			s.slices[0].eps = s.slices[0].eps[:1]
			r := c.pod(gone.id)
			r.mships.del(r.find(s))
			return svcs, pods
		}, "service default/web: no endpoint of pod default/web-2 in its slices"},
		{"an empty slice with ports", func(c *Controller, svcs []service.Service, pods []pod.Pod) ([]service.Service, []pod.Pod) {
			s := c.svcs.Value(web)
			s.slices = append(s.slices, &sliceState{suffix: [5]byte{'z', 'z', 'z', 'z', 'z'}, svc: s, at: IPv4, grp: s.slices[0].grp})
			return svcs, pods
		}, "service default/web: empty slice web-zzzzz has ports"},
		{"a placeholder of an address type the Service does not have", func(c *Controller, svcs []service.Service, pods []pod.Pod) ([]service.Service, []pod.Pod) {
			s := c.svcs.Value(web)
			s.slices = append(s.slices, &sliceState{suffix: [5]byte{'z', 'z', 'z', 'z', 'z'}, svc: s, at: IPv6})
			return svcs, pods
		}, "service default/web: 1 empty IPv6 slices beside 0 non-empty ones, want 0"},
		{"a Service without endpoints missing its placeholder", func(c *Controller, svcs []service.Service, pods []pod.Pod) ([]service.Service, []pod.Pod) {
			svcs = append(slices.Clone(svcs), testService(func(s *service.Service) { s.Name, s.Selector = "api", selector.Set{"app": "api"} }))
			syncAll(c, c.SetService(svcs[2], nil))
			s := c.svcs.Value(ServiceKey{"default", "api"})
			require.Len(t, s.slices, 1)
			s.slices = nil
			return svcs, pods
		}, "service default/api: 0 empty IPv4 slices beside 0 non-empty ones, want 1"},
		{"a manual slice twice", func(c *Controller, svcs []service.Service, pods []pod.Pod) ([]service.Service, []pod.Pod) {
			m := c.manual.Value(ServiceKey{"default", "kubernetes"})
			m.slices = append(m.slices, m.slices[0])
			return svcs, pods
		}, "manual endpoints default/kubernetes: slices"},
		{"a manual slice's endpoint", func(c *Controller, svcs []service.Service, pods []pod.Pod) ([]service.Service, []pod.Pod) {
			m := c.manual.Value(ServiceKey{"default", "kubernetes"})
			m.slices = cloneSlices(m.slices)
			m.slices[0].Endpoints[0].Conditions.Ready = false
			return svcs, pods
		}, "manual endpoints default/kubernetes: slices"},
		{"a manual slice's ports", func(c *Controller, svcs []service.Service, pods []pod.Pod) ([]service.Service, []pod.Pod) {
			m := c.manual.Value(ServiceKey{"default", "kubernetes"})
			m.slices = cloneSlices(m.slices)
			m.slices[0].Ports[0].Port++
			return svcs, pods
		}, "manual endpoints default/kubernetes: slices"},
		{"a manual slice's address", func(c *Controller, svcs []service.Service, pods []pod.Pod) ([]service.Service, []pod.Pod) {
			m := c.manual.Value(ServiceKey{"default", "kubernetes"})
			m.slices = cloneSlices(m.slices)
			m.slices[0].Endpoints[0].Addresses[0] = m.slices[0].Endpoints[0].Addresses[0].Next()
			return svcs, pods
		}, "manual endpoints default/kubernetes: slices"},
		{"a manual slice's labels", func(c *Controller, svcs []service.Service, pods []pod.Pod) ([]service.Service, []pod.Pod) {
			m := c.manual.Value(ServiceKey{"default", "kubernetes"})
			m.slices = cloneSlices(m.slices)
			m.slices[0].Labels = map[string]string{LabelServiceName: "kubernetes", LabelManagedBy: MirroringControllerName}
			return svcs, pods
		}, "manual endpoints default/kubernetes: slices"},
		{"a manual slice labelled for another Service", func(c *Controller, svcs []service.Service, pods []pod.Pod) ([]service.Service, []pod.Pod) {
			m := c.manual.Value(ServiceKey{"default", "kubernetes"})
			m.slices = cloneSlices(m.slices)
			m.slices[0].Labels = map[string]string{LabelServiceName: "web"}
			return svcs, pods
		}, "manual endpoints default/kubernetes: slices"},
		{"manual Endpoints not shown, what was shown kept", func(c *Controller, svcs []service.Service, pods []pod.Pod) ([]service.Service, []pod.Pod) {
			c.manual.Value(ServiceKey{"default", "kubernetes"}).showing = false
			return svcs, pods
		}, "manual endpoints default/kubernetes: shown false"},
		{"manual Endpoints of a selecting Service shown", func(c *Controller, svcs []service.Service, pods []pod.Pod) ([]service.Service, []pod.Pod) {
			ep := apiserverEP()
			ep.Name = "web"
			dirty, err := c.SetManual(ep, "", nil)
			require.NoError(t, err)
			syncAll(c, dirty)
			m := c.manual.Value(web)
			require.False(t, m.showing)
			m.shown, m.showing = m.ep, true
			return svcs, pods
		}, "manual endpoints default/web: shown although service default/web selects pods"},
		{"manual Endpoints shown unlike written", func(c *Controller, svcs []service.Service, pods []pod.Pod) ([]service.Service, []pod.Pod) {
			m := c.manual.Value(ServiceKey{"default", "kubernetes"})
			m.shown = cloneEndpoints(m.shown)
			m.shown.Subsets[0].Ports[0].Name = "http"
			return svcs, pods
		}, "manual endpoints default/kubernetes: shown"},
		{"an Endpoints object unlike its slices", func(c *Controller, svcs []service.Service, pods []pod.Pod) ([]service.Service, []pod.Pod) {
			s := c.svcs.Value(web)
			ep := cloneEndpoints(s.endpoints(c))
			ep.Subsets[0].Addresses = ep.Subsets[0].Addresses[1:]
			s.epCache = &ep
			return svcs, pods
		}, "service default/web: Endpoints"},
		{"an Endpoints address of a pod not ready", func(c *Controller, svcs []service.Service, pods []pod.Pod) ([]service.Service, []pod.Pod) {
			s := c.svcs.Value(web)
			ep := cloneEndpoints(s.endpoints(c))
			ss := &ep.Subsets[0]
			ss.NotReadyAddresses, ss.Addresses = ss.Addresses[2:], ss.Addresses[:2]
			s.epCache = &ep
			return svcs, pods
		}, "want {IP:10.0.0.3 NodeName:node-1 Pod:default/web-3 Hostname:} (ready true) at 0"},
		{"Endpoints addresses out of order", func(c *Controller, svcs []service.Service, pods []pod.Pod) ([]service.Service, []pod.Pod) {
			s := c.svcs.Value(web)
			ep := cloneEndpoints(s.endpoints(c))
			as := ep.Subsets[0].Addresses
			as[0], as[1] = as[1], as[0]
			s.epCache = &ep
			return svcs, pods
		}, "want {IP:10.0.0.1 NodeName:node-1 Pod:default/web-1 Hostname:} (ready true) at 0"},
		{"an Endpoints address on another node", func(c *Controller, svcs []service.Service, pods []pod.Pod) ([]service.Service, []pod.Pod) {
			s := c.svcs.Value(web)
			ep := cloneEndpoints(s.endpoints(c))
			ep.Subsets[0].Addresses[1].NodeName = "node-2"
			s.epCache = &ep
			return svcs, pods
		}, "want {IP:10.0.0.2 NodeName:node-1 Pod:default/web-2 Hostname:} (ready true) at 1"},
		{"an Endpoints address of a pod the Service does not select", func(c *Controller, svcs []service.Service, pods []pod.Pod) ([]service.Service, []pod.Pod) {
			p := testPod("web-4", "10.0.0.4", func(p *pod.Pod) { p.Labels = selector.Set{"app": "api"} })
			syncAll(c, c.SetPod(p, nil))
			s := c.svcs.Value(web)
			ep := cloneEndpoints(s.endpoints(c))
			ep.Subsets[0].Addresses[2].Pod = "default/web-4"
			s.epCache = &ep
			return svcs, append(slices.Clone(pods), p)
		}, "want {IP:10.0.0.3 NodeName:node-1 Pod:default/web-3 Hostname:} (ready true) at 2"},
		{"an Endpoints address twice", func(c *Controller, svcs []service.Service, pods []pod.Pod) ([]service.Service, []pod.Pod) {
			s := c.svcs.Value(web)
			ep := cloneEndpoints(s.endpoints(c))
			ep.Subsets[0].Addresses[1].Pod = "default/web-1"
			s.epCache = &ep
			return svcs, pods
		}, "want {IP:10.0.0.2 NodeName:node-1 Pod:default/web-2 Hostname:} (ready true) at 1"},
		{"Endpoints of another port", func(c *Controller, svcs []service.Service, pods []pod.Pod) ([]service.Service, []pod.Pod) {
			s := c.svcs.Value(web)
			ep := cloneEndpoints(s.endpoints(c))
			ep.Subsets[0].Ports[0].Port++
			s.epCache = &ep
			return svcs, pods
		}, "want ports [{http 8080 TCP}]"},
		{"Endpoints in two subsets", func(c *Controller, svcs []service.Service, pods []pod.Pod) ([]service.Service, []pod.Pod) {
			s := c.svcs.Value(web)
			ep := cloneEndpoints(s.endpoints(c))
			ss := ep.Subsets[0]
			ep.Subsets = []Subset{{Addresses: ss.Addresses[:1], Ports: ss.Ports}, {Addresses: ss.Addresses[1:], Ports: ss.Ports}}
			s.epCache = &ep
			return svcs, pods
		}, "want one subset"},
		{"Endpoints marked truncated", func(c *Controller, svcs []service.Service, pods []pod.Pod) ([]service.Service, []pod.Pod) {
			s := c.svcs.Value(web)
			ep := cloneEndpoints(s.endpoints(c))
			ep.Truncated = true
			s.epCache = &ep
			return svcs, pods
		}, "misnamed or flagged"},
		{"Endpoints with subsets where none resolve a port", func(c *Controller, svcs []service.Service, pods []pod.Pod) ([]service.Service, []pod.Pod) {
			svcs = append(slices.Clone(svcs), testService(func(s *service.Service) {
				s.Name, s.Ports = "metrics", []service.Port{{Name: "m", Port: 90, TargetPort: service.TargetPortName("metrics")}}
			}))
			syncAll(c, c.SetService(svcs[2], nil))
			s := c.svcs.Value(ServiceKey{"default", "metrics"})
			ep := cloneEndpoints(c.svcs.Value(web).endpoints(c))
			ep.Name = "metrics"
			s.epCache = &ep
			return svcs, pods
		}, "service default/metrics: Endpoints {Namespace:default Name:metrics Subsets:[{Addresses:[{IP:10.0.0.1 NodeName:node-1 Pod:default/web-1 Hostname:}"},
		{"Endpoints unlike their pods' of several port lists", func(c *Controller, svcs []service.Service, pods []pod.Pod) ([]service.Service, []pod.Pod) {
			p := testPod("web-4", "10.0.0.4", func(p *pod.Pod) { p.Ports = []pod.ContainerPort{{Name: "http", Port: 9090}} })
			syncAll(c, c.SetPod(p, nil))
			s := c.svcs.Value(web)
			ep := cloneEndpoints(s.endpoints(c))
			require.Len(t, ep.Subsets, 2)
			ep.Subsets[1].Addresses[0].NodeName = "node-2"
			s.epCache = &ep
			return svcs, append(slices.Clone(pods), p)
		}, "service default/web: Endpoints"},
		{"a slice whose name is not taken", func(c *Controller, svcs []service.Service, pods []pod.Pod) ([]service.Service, []pod.Pod) {
			s := c.svcs.Value(web)
			c.ns.Value("default").sliceNames.Delete(sliceNameKey{s.prefix, s.slices[1].suffix})
			return svcs, pods
		}, "namespace default: slice web-"},
		{"a manual slice whose name is not taken", func(c *Controller, svcs []service.Service, pods []pod.Pod) ([]service.Service, []pod.Pod) {
			c.ns.Value("default").sliceNames.Delete(nameKey("kubernetes"))
			return svcs, pods
		}, "namespace default: slice kubernetes not among the taken names"},
		{"a user's slice whose name is not taken", func(c *Controller, svcs []service.Service, pods []pod.Pod) ([]service.Service, []pod.Pod) {
			dirty, err := c.SetSlice(Slice{Namespace: "default", Name: "web-manual", Service: "web", AddressType: IPv4}, nil)
			if err != nil {
				panic(err)
			}
			syncAll(c, dirty)
			c.ns.Value("default").sliceNames.Delete(nameKey("web-manual"))
			return svcs, pods
		}, "namespace default: slice web-manual not among the taken names"},
		{"a taken name no slice has", func(c *Controller, svcs []service.Service, pods []pod.Pod) ([]service.Service, []pod.Pod) {
			ns := c.ns.Value("default")
			ns.sliceNames.Set(nameKey("web-gone1"), struct{}{})
			return svcs, pods
		}, "namespace default: 3 slices, 4 taken names"},
		{"a taken name in a namespace without slices", func(c *Controller, svcs []service.Service, pods []pod.Pod) ([]service.Service, []pod.Pod) {
			p := testPod("x", "10.0.0.20", func(p *pod.Pod) { p.Namespace = "other" })
			c.SetPod(p, nil) // the namespace selects no Service: no sync due
			ns := c.ns.Value("other")
			ns.sliceNames.Set(nameKey("web-gone1"), struct{}{})
			return svcs, append(slices.Clone(pods), p)
		}, "namespaces without slices hold 1 taken names"},
		{"a pod not ready any more", func(c *Controller, svcs []service.Service, pods []pod.Pod) ([]service.Service, []pod.Pod) {
			pods = slices.Clone(pods)
			pods[1].Ready = false
			return svcs, pods
		}, "pod default/web-2: record differs"},
		// A pod given with labels in a map of its own, not its record's
		// group's, is compared by content, read from the group's slots.
		{"a pod with other labels in a map of its own", func(c *Controller, svcs []service.Service, pods []pod.Pod) ([]service.Service, []pod.Pod) {
			pods = slices.Clone(pods)
			pods[1].Labels = selector.Set{"app": "api"}
			return svcs, pods
		}, "pod default/web-2: record differs"},
		{"a pod with a label more in a map of its own", func(c *Controller, svcs []service.Service, pods []pod.Pod) ([]service.Service, []pod.Pod) {
			pods = slices.Clone(pods)
			pods[1].Labels = selector.Set{"app": "web", "tier": "x"}
			return svcs, pods
		}, "pod default/web-2: record differs"},
		{"a pod without labels", func(c *Controller, svcs []service.Service, pods []pod.Pod) ([]service.Service, []pod.Pod) {
			pods = slices.Clone(pods)
			pods[1].Labels = nil
			return svcs, pods
		}, "pod default/web-2: record differs"},
		{"a label set of a pod's group reading another label, the pod's labels in a map of its own", func(c *Controller, svcs []service.Service, pods []pod.Pod) ([]service.Service, []pod.Pod) {
			pods = slices.Clone(pods)
			pods[1].Labels = selector.Set{"app": "api"}
			c.ns.Value("default").byLabel.Value(labelKV{"app", "web"}).kv.v = "api"
			return svcs, pods
		}, "label index entry app=api is empty or misfiled"}, // web-2 matches the slots: the index check finds them wrong
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, svcs, pods := checkedController(t)
			svcs, pods = tt.corrupt(c, svcs, pods)
			err := c.Check(svcs, pods)
			require.True(t, errors.Is(err, ErrInconsistent), "Check: %v", err)
			require.ErrorContains(t, err, tt.want)
		})
	}
}

// TestCheckComparesLabelsByContent: a pod given with its labels in a map
// of its own, not the one its record's label group holds, passes Check.
func TestCheckComparesLabelsByContent(t *testing.T) {
	c, svcs, pods := checkedController(t)
	pods = slices.Clone(pods)
	pods[1].Labels = maps.Clone(pods[1].Labels)
	require.NoError(t, c.Check(svcs, pods))
}

// TestFindGroup: findGroup finds the group of a label set by content
// (whatever its map), nil when no pod carries that set, among groups
// sharing labels, the empty set among them.
func TestFindGroup(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		set := rapid.MapOf(rapid.SampledFrom([]string{"app", "tier", "a", "ab", "b"}), rapid.SampledFrom([]string{"", "web", "x"}))
		n := newNS("default")
		sets := rapid.SliceOfN(set, 0, 8).Draw(t, "groups")
		for _, s := range sets {
			n.group(s)
		}
		for _, s := range append(sets, rapid.SliceOfN(set, 1, 4).Draw(t, "probes")...) {
			var want *labelGroup
			for _, g := range n.lgByPtr.All() {
				if maps.Equal(g.labels, s) {
					require.Nil(t, want, "two groups of %v", s)
					want = g
				}
			}
			require.Equal(t, slices.ContainsFunc(sets, func(x map[string]string) bool { return maps.Equal(x, s) }), want != nil, "a group of %v", s)
			require.Same(t, want, findByContent(n, maps.Clone(s)), "findGroup(%v)", s)
		}
	})
}

// findByContent is group's search by content: the group of labels
// findGroup finds from their label sets, nil when one is not carried.
func findByContent(n *nsState, labels selector.Set) *labelGroup {
	sets, missing := n.labelSets(labels, nil)
	if missing > 0 {
		return nil
	}
	return n.findGroup(labels, sets)
}

// Check keeps the storage of its lists between calls, but no reference to
// a Service given or a Service's state.
func TestCheckKeepsNoStates(t *testing.T) {
	c, svcs, pods := checkedController(t)
	require.NoError(t, c.Check(svcs, pods))
	require.Empty(t, c.chk.given)
	require.Empty(t, c.chk.svcs)
	require.Empty(t, c.chk.manual)
	require.Empty(t, c.chk.podIDs)
	require.Nil(t, c.chk.given[:1][0].v)
	require.Nil(t, c.chk.svcs[:1][0].v)
	require.Nil(t, c.chk.manual[:1][0].v)
}

// TestCheckFindsHintsUnlikeTheService: slices hinted under another mode
// than the Service's, with hints that differ under it, fail Check; under
// a mode giving the same hints (no zones) they pass.
func TestCheckFindsHintsUnlikeTheService(t *testing.T) {
	for _, zoned := range []bool{true, false} {
		opts := Options{}
		if zoned {
			opts.NodeZone = func(string) string { return "zone-a" }
		}
		c := NewController(opts)
		svcs := []service.Service{testService(func(s *service.Service) { s.TrafficDistribution = service.TrafficDistributionPreferClose })}
		pods := []pod.Pod{testPod("web-1", "10.0.0.1", nil)}
		syncAll(c, c.SetPod(pods[0], c.SetService(svcs[0], nil)))
		require.NoError(t, c.Check(svcs, pods))
		c.svcs.Value(ServiceKey{"default", "web"}).hinted = hintNone
		if err := c.Check(svcs, pods); zoned {
			require.ErrorContains(t, err, "service default/web: slice web-")
		} else {
			require.NoError(t, err)
		}
	}
}

// TestCheckEndpointsInTextOrder: Check wants an Endpoints object's
// addresses in the byte-wise order of their IPs' text, as repack sorts
// them (10.0.0.10 before 10.0.0.9), and finds them in numeric order.
func TestCheckEndpointsInTextOrder(t *testing.T) {
	c := NewController(Options{})
	svcs := []service.Service{testService(nil)}
	pods := []pod.Pod{testPod("web-1", "10.0.0.9", nil), testPod("web-2", "10.0.0.10", nil), testPod("web-3", "9.0.0.1", nil)}
	dirty := c.SetService(svcs[0], nil)
	for _, p := range pods {
		dirty = c.SetPod(p, dirty)
	}
	syncAll(c, dirty)
	require.NoError(t, c.Check(svcs, pods))
	s := c.svcs.Value(ServiceKey{"default", "web"})
	ep := cloneEndpoints(s.endpoints(c))
	as := ep.Subsets[0].Addresses
	require.Equal(t, []string{"10.0.0.10", "10.0.0.9", "9.0.0.1"}, []string{as[0].IP.String(), as[1].IP.String(), as[2].IP.String()})
	as[0], as[1] = as[1], as[0] // numeric order
	s.epCache = &ep
	err := c.Check(svcs, pods)
	require.True(t, errors.Is(err, ErrInconsistent), "Check: %v", err)
	require.ErrorContains(t, err, "want {IP:10.0.0.10 NodeName:node-1 Pod:default/web-2 Hostname:} (ready true) at 0")
}

// TestCheckFindsSlotOfUnreachedLabelSet: a label group's slot into a label
// set that no group reaches from its first place (a set outside the
// index, listing the group after another that is not in the index) says
// the group carries a label its pods do not; the sets in the index all
// reached and counted, Check finds it through the slot, and so never
// takes the slot for the pods' label (expect reads the slots), whatever
// the Services select.
func TestCheckFindsSlotOfUnreachedLabelSet(t *testing.T) {
	for _, sel := range []selector.Set{{"app": "web"}, {"v": "y"}} {
		c := NewController(Options{})
		svcs := []service.Service{testService(func(s *service.Service) { s.Selector = sel })}
		pods := []pod.Pod{
			testPod("a", "10.0.0.1", func(p *pod.Pod) { p.Labels = selector.Set{"app": "web", "v": "x"} }),
			testPod("b", "10.0.0.2", func(p *pod.Pod) { p.Labels = selector.Set{"app": "web", "v": "x", "t": "a"} }),
		}
		var dirty []ServiceKey
		dirty = c.SetService(svcs[0], dirty)
		for _, p := range pods {
			dirty = c.SetPod(p, dirty)
		}
		syncAll(c, dirty)
		require.NoError(t, c.Check(svcs, pods))
		// Group a's slot in v=x's set goes to a set outside the index
		// (v=y), listing it after a group not in the index; v=x's set
		// keeps group b alone, at its first place.
		ns := c.ns.Value("default")
		ga, gb := ns.group(pods[0].Labels), ns.group(pods[1].Labels)
		vx := ns.byLabel.Value(labelKV{"v", "x"})
		orphan := &labelSet{kv: labelKV{"v", "y"}, npods: 1}
		orphan.grps = []*labelGroup{{labels: selector.Set{"v": "y"}}, ga}
		for i := range ga.slots {
			if ga.slots[i].set == vx {
				ga.slots[i] = labelSlot{set: orphan, pos: 1}
			}
		}
		vx.grps, vx.npods = []*labelGroup{gb}, 1
		for i := range gb.slots {
			if gb.slots[i].set == vx {
				gb.slots[i].pos = 0
			}
		}
		err := c.Check(svcs, pods)
		require.ErrorIs(t, err, ErrInconsistent, "selector %v", sel)
		require.ErrorContains(t, err, "holds a slot of label set v=y, not reached from its first group", "selector %v", sel)
	}
}

// TestSelectedBy: a label group is selected by a selector exactly when
// its labels carry it (carries), the empty selector and the empty set
// included.
func TestSelectedBy(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		set := rapid.MapOf(rapid.SampledFrom([]string{"app", "tier", "a"}), rapid.SampledFrom([]string{"", "web", "x"}))
		labels, sel := set.Draw(t, "labels"), set.Draw(t, "selector")
		g := newNS("default").group(labels)
		require.Equal(t, carries(labels, appendSelector(nil, sel)), g.selectedBy(sel), "labels %v, selector %v", labels, sel)
	})
}
