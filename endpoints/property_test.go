package endpoints

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"net/netip"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/google/uuid"
	"pgregory.net/rapid"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
	"github.com/svcsim/svcsim/service"
)

// The pools random pods and services are drawn from: small, so that
// collisions (same labels, same IP, same port names) are frequent.
var (
	genNamespaces = []string{"default", "other"}
	genLabels     = []selector.Set{nil, {"app": "a"}, {"app": "b"}, {"app": "a", "tier": "x"}, {"tier": "x"}, {"app": "a", "tier": "y"}}
	genSelectors  = []selector.Set{nil, {}, {"app": "a"}, {"app": "b"}, {"app": "a", "tier": "x"}, {"tier": "x"}}
	genIPs        = []netip.Addr{{}, netip.MustParseAddr("10.0.0.9"), netip.MustParseAddr("10.0.0.10"),
		netip.MustParseAddr("10.0.0.11"), netip.MustParseAddr("10.0.1.2"), netip.MustParseAddr("fd00::5"), netip.MustParseAddr("fd00::6")}
	genPorts = [][]pod.ContainerPort{nil, {{Name: "http", Port: 8080}}, {{Name: "http", Port: 9090}},
		{{Name: "http", Port: 8080}, {Name: "metrics", Port: 9100}}, {{Name: "http", Port: 8080, Protocol: pod.UDP}}}
	genSvcPorts = [][]service.Port{nil,
		{{Name: "http", Port: 80, TargetPort: service.TargetPortName("http")}},
		{{Name: "web", Port: 80, TargetPort: service.TargetPortNumber(8080)}, {Name: "metrics", Port: 9100, TargetPort: service.TargetPortName("metrics")}},
		{{Name: "a", Port: 80}, {Name: "b", Port: 81, Protocol: pod.UDP}}}
	genPhases = []pod.Phase{pod.Running, pod.Running, pod.Pending, pod.Succeeded, pod.Failed}
	// Two Service names share their first 58 bytes, the generateName
	// prefix the apiserver keeps: their slices draw from one name space.
	genServiceNames = []string{"s0", "s1", strings.Repeat("s", 58) + "a", strings.Repeat("s", 58) + "b"}
)

func drawServiceName(t *rapid.T) string { return rapid.SampledFrom(genServiceNames).Draw(t, "svc") }

// smallNameSuffix returns a NameSuffix drawing from only 16 suffixes, so
// that generated names collide and are drawn again often.
func smallNameSuffix(seed uint64) func() [5]byte {
	r := rand.New(rand.NewPCG(seed, 0))
	return func() [5]byte { return [5]byte{nameAlphabet[r.IntN(16)], 'b', 'b', 'b', 'b'} }
}

func drawPod(t *rapid.T) pod.Pod {
	return pod.Pod{
		Namespace:   rapid.SampledFrom(genNamespaces).Draw(t, "ns"),
		Name:        fmt.Sprintf("p%d", rapid.IntRange(0, 9).Draw(t, "pod")),
		UID:         uuid.UUID{byte(rapid.IntRange(0, 3).Draw(t, "uid"))},
		Labels:      rapid.SampledFrom(genLabels).Draw(t, "labels"),
		NodeName:    rapid.SampledFrom([]string{"", "node-1", "node-2"}).Draw(t, "node"),
		IP:          rapid.SampledFrom(genIPs).Draw(t, "ip"),
		Ports:       rapid.SampledFrom(genPorts).Draw(t, "ports"),
		Phase:       rapid.SampledFrom(genPhases).Draw(t, "phase"),
		Ready:       rapid.Bool().Draw(t, "ready"),
		Terminating: rapid.Bool().Draw(t, "terminating"),
		Hostname:    rapid.SampledFrom([]string{"", "h0", "h1"}).Draw(t, "hostname"),
		Subdomain:   rapid.SampledFrom([]string{"", "s0", "s1"}).Draw(t, "subdomain"),
	}
}

func drawService(t *rapid.T) service.Service {
	svc := service.Service{
		Namespace:                rapid.SampledFrom(genNamespaces).Draw(t, "ns"),
		Name:                     drawServiceName(t),
		Type:                     rapid.SampledFrom([]service.Type{service.ClusterIP, service.ClusterIP, service.NodePort, service.ExternalName}).Draw(t, "type"),
		Selector:                 rapid.SampledFrom(genSelectors).Draw(t, "selector"),
		Ports:                    rapid.SampledFrom(genSvcPorts).Draw(t, "svcports"),
		PublishNotReadyAddresses: rapid.Bool().Draw(t, "publish"),
	}
	switch rapid.IntRange(0, 3).Draw(t, "family") {
	case 0:
		svc.Headless = true
	case 1:
		svc.ClusterIP = netip.MustParseAddr("10.96.0.1")
	case 2:
		svc.ClusterIP = netip.MustParseAddr("fd00:96::1")
	}
	return svc
}

// model is the obviously-correct side: plain maps of the objects.
type model struct {
	pods  map[ServiceKey]pod.Pod
	svcs  map[ServiceKey]service.Service
	dirty []ServiceKey
}

func (m *model) podList() []pod.Pod {
	var out []pod.Pod
	for _, p := range m.pods {
		out = append(out, p)
	}
	return out
}

func (m *model) svcList() []service.Service {
	var out []service.Service
	for _, s := range m.svcs {
		out = append(out, s)
	}
	return out
}

// TestControllerMatchesCompute: after any sequence of pod and service
// changes, syncing exactly the keys the controller reported leaves it equal
// to a from-scratch Compute of every Service, with sound slices, Sync's
// changed flag tells the truth, and the views Check reads show what the
// copying reads show.
func TestControllerMatchesCompute(t *testing.T) {
	rapid.Check(t, runControllerProperty)
}

func runControllerProperty(t *rapid.T) {
	{
		max := rapid.IntRange(1, 4).Draw(t, "max")
		opts := Options{MaxEndpointsPerSlice: max}
		if rapid.Bool().Draw(t, "random names") {
			opts.NameSuffix = smallNameSuffix(rapid.Uint64().Draw(t, "name seed"))
		}
		c := NewController(opts)
		m := &model{pods: map[ServiceKey]pod.Pod{}, svcs: map[ServiceKey]service.Service{}}
		sync := func(key ServiceKey) {
			beforeEp, hadEp := c.Endpoints(key.Namespace, key.Name)
			beforeSl := c.Slices(key.Namespace, key.Name)
			gen := c.Generation(key)
			changed := c.Sync(key)
			afterEp, hasEp := c.Endpoints(key.Namespace, key.Name)
			afterSl := c.Slices(key.Namespace, key.Name)
			differs := hadEp != hasEp || !EqualEndpoints(beforeEp, afterEp) || !reflect.DeepEqual(sortedEndpoints(beforeSl), sortedEndpoints(afterSl))
			if changed != differs {
				t.Fatalf("Sync(%s) = %v, but objects changed: %v\nbefore %+v %+v\nafter %+v %+v", key, changed, differs, beforeEp, beforeSl, afterEp, afterSl)
			}
			if changed && c.Generation(key) == gen {
				t.Fatalf("Sync(%s) changed but Generation stayed %d", key, gen)
			}
		}
		t.Repeat(map[string]func(*rapid.T){
			"SetPod": func(t *rapid.T) {
				p := drawPod(t)
				m.pods[keyOf(p.Namespace, p.Name)] = p
				m.dirty = c.SetPod(p, m.dirty)
			},
			"ChangePod": func(t *rapid.T) {
				// One field of an existing pod changes, as kubelet or a
				// user would change it.
				if len(m.pods) == 0 {
					t.Skip("no pods")
				}
				keys := slices.SortedFunc(maps.Keys(m.pods), func(a, b ServiceKey) int { return strings.Compare(a.String(), b.String()) })
				p := m.pods[rapid.SampledFrom(keys).Draw(t, "key")]
				switch rapid.IntRange(0, 5).Draw(t, "field") {
				case 0:
					p.Labels = rapid.SampledFrom(genLabels).Draw(t, "labels")
				case 1:
					p.Ready = !p.Ready
				case 2:
					p.Terminating = !p.Terminating
				case 3:
					p.IP = rapid.SampledFrom(genIPs).Draw(t, "ip")
				case 4:
					p.Phase = rapid.SampledFrom(genPhases).Draw(t, "phase")
				case 5:
					p.Labels = rapid.SampledFrom(genLabels).Draw(t, "labels")
					p.Ready = !p.Ready
				}
				m.pods[keyOf(p.Namespace, p.Name)] = p
				m.dirty = c.SetPod(p, m.dirty)
			},
			"DeletePod": func(t *rapid.T) {
				ns, name := rapid.SampledFrom(genNamespaces).Draw(t, "ns"), fmt.Sprintf("p%d", rapid.IntRange(0, 9).Draw(t, "pod"))
				delete(m.pods, keyOf(ns, name))
				m.dirty = c.DeletePod(ns, name, m.dirty)
			},
			"SetService": func(t *rapid.T) {
				s := drawService(t)
				m.svcs[keyOf(s.Namespace, s.Name)] = s
				m.dirty = c.SetService(s, m.dirty)
			},
			"DeleteService": func(t *rapid.T) {
				ns, name := rapid.SampledFrom(genNamespaces).Draw(t, "ns"), drawServiceName(t)
				delete(m.svcs, keyOf(ns, name))
				m.dirty = c.DeleteService(ns, name, m.dirty)
			},
			"SyncOne": func(t *rapid.T) {
				if len(m.dirty) == 0 {
					t.Skip("nothing dirty")
				}
				i := rapid.IntRange(0, len(m.dirty)-1).Draw(t, "i")
				key := m.dirty[i]
				m.dirty = slices.DeleteFunc(m.dirty, func(k ServiceKey) bool { return k == key })
				sync(key)
			},
			"SyncAllAndCheck": func(t *rapid.T) {
				for _, key := range m.dirty {
					sync(key)
				}
				m.dirty = m.dirty[:0]
				if c.queued != 0 {
					t.Fatalf("every reported key synced, %d Services still counted as queued", c.queued)
				}
				if err := c.Check(m.svcList(), m.podList()); err != nil {
					t.Fatal(err)
				}
				// Check reads the controller through views that copy
				// nothing: they show what the copying reads show, but
				// the slices' names (checked apart) and labels
				// (compared by what they are made from), in any order.
				for key := range m.svcs {
					view, viewOK := c.endpointsView(key.Namespace, key.Name)
					ep, ok := c.Endpoints(key.Namespace, key.Name)
					if viewOK != ok || !reflect.DeepEqual(view, ep) {
						t.Fatalf("endpointsView(%s) = %+v, %v; Endpoints %+v, %v", key, view, viewOK, ep, ok)
					}
					if view, sl := c.ownSlicesView(key.Namespace, key.Name), c.ownSlices(key.Namespace, key.Name); !sameViewed(view, sl) {
						t.Fatalf("ownSlicesView(%s) = %+v; ownSlices %+v", key, view, sl)
					}
				}
			},
			"ReadReady": func(t *rapid.T) {
				// AppendReady summarizes what AppendBackends lists, with
				// syncs pending or not; AppendPortBackends lists it for
				// every port at once.
				for key := range m.svcs {
					ports := []service.Port{{Name: ""}, {Name: "http"}, {Name: "web"}, {Name: "metrics"}, {Name: "a"}, {Name: "b"}}
					bufs := make([][]Backend, len(ports))
					c.AppendPortBackends(key, ports, bufs)
					for i, p := range ports {
						if want := c.AppendBackends(key, p.Name, nil); !slices.Equal(bufs[i], want) {
							t.Fatalf("AppendPortBackends(%s)[%q] = %v; AppendBackends %v", key, p.Name, bufs[i], want)
						}
					}
					for _, port := range []string{"", "http", "web", "metrics", "a", "b"} {
						ready, notReady := c.AppendReady(key, port, nil)
						wantReady, wantNotReady := readyOfBackends(c, key, port)
						if !slices.Equal(ready, wantReady) || notReady != wantNotReady {
							t.Fatalf("AppendReady(%s, %q) = %v, %d; AppendBackends shows %v, %d", key, port, ready, notReady, wantReady, wantNotReady)
						}
					}
				}
			},
			"": func(t *rapid.T) {
				// A Sync of a key with nothing pending changes nothing.
				key := ServiceKey{rapid.SampledFrom(genNamespaces).Draw(t, "ns"), drawServiceName(t)}
				if !slices.Contains(m.dirty, key) && c.Sync(key) {
					t.Fatalf("Sync(%s) with nothing pending reported a change", key)
				}
			},
		})
	}
}

// sortedEndpoints sorts each slice's endpoints: their order inside a slice
// carries no meaning (upstream pops them from a set).
func sortedEndpoints(sl []Slice) []Slice {
	for i := range sl {
		slices.SortFunc(sl[i].Endpoints, compareEndpoint)
	}
	return sl
}
