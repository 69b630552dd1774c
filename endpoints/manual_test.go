package endpoints

import (
	"errors"
	"net/netip"
	"slices"
	"strings"
	"testing"

	"pgregory.net/rapid"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
	"github.com/svcsim/svcsim/service"
)

func ipAddr(ip string) Address { return Address{IP: netip.MustParseAddr(ip)} }

// apiserverEP is what kube-apiserver's lease reconciler writes for
// default/kubernetes: one subset, the advertise address, port https 6443.
func apiserverEP() Endpoints {
	return Endpoints{Namespace: "default", Name: "kubernetes", Subsets: []Subset{{
		Addresses: []Address{ipAddr("172.18.0.2")},
		Ports:     []EndpointPort{{Name: "https", Port: 6443, Protocol: pod.TCP}}}}}
}

func selectorless(name string) service.Service {
	return testService(func(s *service.Service) {
		s.Name, s.Selector = name, nil
		s.Ports = []service.Port{{Name: "https", Port: 443, TargetPort: service.TargetPortNumber(6443)}}
	})
}

func TestMirror(t *testing.T) {
	p80 := []EndpointPort{{Name: "http", Port: 80, Protocol: pod.TCP}}
	p81 := []EndpointPort{{Name: "http", Port: 81, Protocol: pod.TCP}}
	t.Run("apiserver slice named kubernetes", func(t *testing.T) {
		got := Mirror(apiserverEP(), "kubernetes")
		want := []Slice{{Namespace: "default", Name: "kubernetes", Service: "kubernetes", AddressType: IPv4,
			Ports: []EndpointPort{{Name: "https", Port: 6443, Protocol: pod.TCP}},
			Endpoints: []Endpoint{{Addresses: []netip.Addr{netip.MustParseAddr("172.18.0.2")},
				Conditions: Conditions{Ready: true, Serving: true}}}}}
		if !sameSlices(got, want) {
			t.Fatalf("got %+v\nwant %+v", got, want)
		}
	})
	t.Run("apiserver slice, no subsets: one empty slice", func(t *testing.T) {
		got := Mirror(Endpoints{Namespace: "default", Name: "kubernetes"}, "kubernetes")
		if len(got) != 1 || got[0].Name != "kubernetes" || len(got[0].Endpoints) != 0 || len(got[0].Ports) != 0 {
			t.Fatalf("got %+v", got)
		}
	})
	t.Run("apiserver slice: IPv6 only when every address is", func(t *testing.T) {
		ep := Endpoints{Name: "k", Subsets: []Subset{{Addresses: []Address{ipAddr("fd00::2"), ipAddr("10.0.0.1")}, Ports: p80}}}
		got := Mirror(ep, "k")
		if got[0].AddressType != IPv4 || len(got[0].Endpoints) != 1 {
			t.Fatalf("mixed: %+v", got)
		}
		ep.Subsets[0].Addresses = ep.Subsets[0].Addresses[:1]
		if got := Mirror(ep, "k"); got[0].AddressType != IPv6 || len(got[0].Endpoints) != 1 {
			t.Fatalf("v6: %+v", got)
		}
	})
	t.Run("mirrored: no subsets, no slices", func(t *testing.T) {
		if got := Mirror(Endpoints{Name: "ext"}, ""); len(got) != 0 {
			t.Fatalf("got %+v", got)
		}
	})
	t.Run("mirrored: subsets with equal ports merge, addresses dedupe, not ready wins", func(t *testing.T) {
		ep := Endpoints{Name: "ext", Subsets: []Subset{
			{Addresses: []Address{ipAddr("10.0.0.1"), ipAddr("10.0.0.2")}, Ports: p80},
			{Addresses: []Address{ipAddr("10.0.0.3")}, NotReadyAddresses: []Address{ipAddr("10.0.0.1")}, Ports: p80},
			{Addresses: []Address{ipAddr("10.0.0.1")}, Ports: p81},
			{Addresses: []Address{ipAddr("fd00::1")}, Ports: p80},
		}}
		got := Mirror(ep, "")
		if len(got) != 3 {
			t.Fatalf("want 3 slices (v4/80, v4/81, v6/80), got %+v", got)
		}
		var v4 Slice
		for _, s := range got {
			if s.AddressType == IPv4 && s.Ports[0].Port == 80 {
				v4 = s
			}
		}
		if len(v4.Endpoints) != 3 || v4.Endpoints[0].Conditions.Ready || !v4.Endpoints[1].Conditions.Ready {
			t.Fatalf("v4/80 slice %+v", v4)
		}
	})
	t.Run("mirrored: at most 1000 addresses per subset, ready first", func(t *testing.T) {
		ss := Subset{Ports: p80, NotReadyAddresses: []Address{ipAddr("10.9.9.9")}}
		for i := range 1001 {
			ss.Addresses = append(ss.Addresses, Address{IP: netip.AddrFrom4([4]byte{10, 1, byte(i >> 8), byte(i)})})
		}
		got := Mirror(Endpoints{Name: "big", Subsets: []Subset{ss}}, "")
		if len(got) != 1 || len(got[0].Endpoints) != MaxMirroredEndpointsPerSubset {
			t.Fatalf("got %d slices", len(got))
		}
		for _, e := range got[0].Endpoints {
			if !e.Conditions.Ready {
				t.Fatal("a not-ready address was mirrored before the ready ones were exhausted")
			}
		}
	})
}

// syncAll syncs the keys and returns whether any Sync reported a change.
func syncAll(c *Controller, keys []ServiceKey) bool {
	changed := false
	for _, k := range keys {
		changed = c.Sync(k) || changed
	}
	return changed
}

func TestManualLifecycle(t *testing.T) {
	c := NewController(Options{})
	svc := selectorless("kubernetes")
	key := ServiceKey{"default", "kubernetes"}
	check := func(step string, svcs ...service.Service) {
		t.Helper()
		if err := c.Check(svcs, nil); err != nil {
			t.Fatalf("%s: %v", step, err)
		}
	}
	syncAll(c, c.SetService(svc, nil))
	if _, ok := c.Endpoints("default", "kubernetes"); ok {
		t.Fatal("a selector-less Service has Endpoints before anyone writes them")
	}
	check("selector-less, nothing written", svc)

	dirty, err := c.SetManual(apiserverEP(), "kubernetes", nil)
	if err != nil || !slices.Equal(dirty, []ServiceKey{key}) {
		t.Fatalf("SetManual = %v, %v", dirty, err)
	}
	if _, ok := c.Endpoints("default", "kubernetes"); ok {
		t.Fatal("visible before its Sync")
	}
	if !syncAll(c, dirty) {
		t.Fatal("first Sync reported no change")
	}
	check("written", svc)
	ep, ok := c.Endpoints("", "kubernetes")
	if !ok || !EqualEndpoints(ep, apiserverEP()) {
		t.Fatalf("Endpoints = %+v, %v", ep, ok)
	}
	sl := c.Slices("default", "kubernetes")
	if len(sl) != 1 || sl[0].Name != "kubernetes" || sl[0].AddressType != IPv4 {
		t.Fatalf("Slices = %+v", sl)
	}
	b := c.AppendBackends(key, "https", nil)
	want := Backend{IP: netip.MustParseAddr("172.18.0.2"), Port: 6443, Ready: true, Serving: true}
	if len(b) != 1 || b[0] != want {
		t.Fatalf("AppendBackends = %+v", b)
	}
	if got := c.AppendBackends(key, "http", nil); len(got) != 0 {
		t.Fatalf("AppendBackends(other port) = %+v", got)
	}
	if got := c.AppendAddresses(key, nil); len(got) != 1 || got[0].IP != want.IP {
		t.Fatalf("AppendAddresses = %+v", got)
	}
	g := c.Generation(key)

	// The same object again: nothing to do.
	if dirty, _ := c.SetManual(apiserverEP(), "kubernetes", nil); len(dirty) != 0 || c.Sync(key) {
		t.Fatal("rewriting the same object changed something")
	}
	// A bad object changes nothing.
	bad := apiserverEP()
	bad.Subsets[0].Addresses[0] = ipAddr("127.0.0.1")
	if _, err := c.SetManual(bad, "kubernetes", nil); !errors.Is(err, ErrInvalid) {
		t.Fatalf("loopback accepted: %v", err)
	}
	check("after a refused write", svc)

	// A selector takes over: the controller's (empty) Endpoints, no mirror.
	sel := svc
	sel.Selector = selector.Set{"app": "api"}
	if !syncAll(c, c.SetService(sel, nil)) {
		t.Fatal("selector added: no change")
	}
	check("selector added", sel)
	if ep, _ := c.Endpoints("default", "kubernetes"); len(ep.Subsets) != 0 {
		t.Fatalf("controller's Endpoints shadowed by the manual one: %+v", ep)
	}
	if c.Generation(key) == g {
		t.Fatal("generation unchanged")
	}
	// Selector removed: the manual object is back.
	syncAll(c, c.SetService(svc, nil))
	check("selector removed", svc)
	if got := c.AppendBackends(key, "https", nil); len(got) != 1 {
		t.Fatalf("AppendBackends after the selector went = %+v", got)
	}
	// Service deleted: the object goes with it, and stays gone.
	syncAll(c, c.DeleteService("default", "kubernetes", nil))
	check("deleted")
	if _, ok := c.Endpoints("default", "kubernetes"); ok || len(c.Slices("default", "kubernetes")) != 0 {
		t.Fatal("manual Endpoints survived their Service")
	}
	syncAll(c, c.SetService(svc, nil))
	check("re-created", svc)
	if _, ok := c.Endpoints("default", "kubernetes"); ok {
		t.Fatal("manual Endpoints came back with a re-created Service")
	}
}

func TestManualWithoutService(t *testing.T) {
	c := NewController(Options{})
	ep := Endpoints{Namespace: "ext", Name: "db", Subsets: []Subset{{Addresses: []Address{ipAddr("192.0.2.10")},
		Ports: []EndpointPort{{Name: "pg", Port: 5432, Protocol: pod.TCP}}}}}
	dirty, err := c.SetManual(ep, "", nil)
	if err != nil {
		t.Fatal(err)
	}
	syncAll(c, dirty)
	if _, ok := c.Endpoints("ext", "db"); !ok {
		t.Fatal("the object exists without its Service")
	}
	if sl := c.Slices("ext", "db"); len(sl) != 0 {
		t.Fatalf("mirrored without a Service: %+v", sl)
	}
	if err := c.Check(nil, nil); err != nil {
		t.Fatal(err)
	}
	svc := selectorless("db")
	svc.Namespace = "ext"
	syncAll(c, c.SetService(svc, nil))
	sl := c.Slices("ext", "db")
	if len(sl) != 1 || !strings.HasPrefix(sl[0].Name, "db-") || len(sl[0].Name) != len("db-")+5 {
		t.Fatalf("mirrored slices %+v", sl)
	}
	if err := c.Check([]service.Service{svc}, nil); err != nil {
		t.Fatal(err)
	}
	// Changing the addresses keeps the slice's name.
	ep.Subsets[0].Addresses = append(ep.Subsets[0].Addresses, ipAddr("192.0.2.11"))
	dirty, _ = c.SetManual(ep, "", nil)
	if !syncAll(c, dirty) {
		t.Fatal("no change")
	}
	if sl2 := c.Slices("ext", "db"); len(sl2) != 1 || sl2[0].Name != sl[0].Name || len(sl2[0].Endpoints) != 2 {
		t.Fatalf("after adding an address: %+v (was %s)", sl2, sl[0].Name)
	}
	syncAll(c, c.DeleteManual("ext", "db", nil))
	if _, ok := c.Endpoints("ext", "db"); ok || len(c.Slices("ext", "db")) != 0 {
		t.Fatal("DeleteManual left objects")
	}
	if err := c.Check([]service.Service{svc}, nil); err != nil {
		t.Fatal(err)
	}
}

// TestManualProperty: any sequence of manual writes, deletions and
// Service changes leaves CheckManual satisfied, and the reads equal a
// from-scratch model (the last object written, shown per the Service).
func TestManualProperty(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		c := NewController(Options{})
		names := []string{"a", "b"}
		svcs := map[string]*service.Service{}
		written := map[string]*Endpoints{}
		for range rapid.IntRange(1, 25).Draw(t, "steps") {
			name := rapid.SampledFrom(names).Draw(t, "name")
			var dirty []ServiceKey
			switch rapid.IntRange(0, 4).Draw(t, "op") {
			case 0:
				ep := Endpoints{Namespace: "default", Name: name}
				for range rapid.IntRange(0, 2).Draw(t, "subsets") {
					ss := Subset{Ports: []EndpointPort{{Name: "p", Port: int32(rapid.IntRange(80, 81).Draw(t, "port")), Protocol: pod.TCP}}}
					for range rapid.IntRange(1, 3).Draw(t, "addrs") {
						a := Address{IP: netip.AddrFrom4([4]byte{10, 0, 0, byte(rapid.IntRange(1, 4).Draw(t, "ip"))})}
						if rapid.Bool().Draw(t, "ready") {
							ss.Addresses = append(ss.Addresses, a)
						} else {
							ss.NotReadyAddresses = append(ss.NotReadyAddresses, a)
						}
					}
					ep.Subsets = append(ep.Subsets, ss)
				}
				var err error
				if dirty, err = c.SetManual(ep, "", nil); err != nil {
					t.Fatal(err)
				}
				ep.Subsets = canonicalSubsets(ep.Subsets) // as kube-apiserver stores it
				written[name] = &ep
			case 1:
				dirty = c.DeleteManual("default", name, nil)
				delete(written, name)
			case 2, 3:
				s := selectorless(name)
				if rapid.Bool().Draw(t, "selector") {
					s.Selector = selector.Set{"app": name}
				}
				dirty = c.SetService(s, nil)
				svcs[name] = &s
			case 4:
				dirty = c.DeleteService("default", name, nil)
				if svcs[name] != nil {
					delete(written, name)
				}
				delete(svcs, name)
			}
			syncAll(c, dirty)
			var list []service.Service
			for _, n := range names {
				if s := svcs[n]; s != nil {
					list = append(list, *s)
				}
			}
			if err := c.Check(list, nil); err != nil {
				t.Fatal(err)
			}
			for _, n := range names {
				ep, ok := c.Endpoints("default", n)
				s, w := svcs[n], written[n]
				wantShown := w != nil && (s == nil || len(s.Selector) == 0)
				if wantShown != (ok && s == nil || ok && len(s.Selector) == 0) || wantShown && !EqualEndpoints(ep, *w) {
					t.Fatalf("%s: Endpoints %v %+v; written %+v, service %+v", n, ok, ep, w, s)
				}
				wantSl := []Slice(nil)
				if w != nil && s != nil && len(s.Selector) == 0 {
					wantSl = Mirror(*w, "")
				}
				if s == nil || len(s.Selector) == 0 {
					if got := c.Slices("default", n); !EquivalentSlices(got, wantSl) {
						t.Fatalf("%s: slices %+v, want %+v", n, got, wantSl)
					}
				}
			}
		}
	})
}

// Writing the manual Endpoints of a Service just set, as kube-apiserver's
// reconciler follows its Service, appends its key once: it is the last
// key of dirty already. Another key after it does not hide it.
func TestManualAfterServiceKeyOnce(t *testing.T) {
	c := NewController(Options{})
	key := ServiceKey{"default", "kubernetes"}
	dirty, err := c.TakeManual(apiserverEP(), "kubernetes", c.SetService(selectorless("kubernetes"), nil))
	if err != nil || !slices.Equal(dirty, []ServiceKey{key}) {
		t.Fatalf("TakeManual after SetService: %v, %v; want the key once", dirty, err)
	}
	other := ServiceKey{"default", "other"}
	dirty = c.SetService(selectorless("other"), dirty[:0])
	ep := apiserverEP()
	ep.Subsets[0].Addresses[0].IP = netip.MustParseAddr("10.0.0.2")
	if dirty, err = c.SetManual(ep, "kubernetes", dirty); err != nil || !slices.Equal(dirty, []ServiceKey{other, key}) {
		t.Fatalf("SetManual after another Service: %v, %v; want %v", dirty, err, []ServiceKey{other, key})
	}
}

// TakeManual keeps the object it is given, not a copy, and otherwise
// does what SetManual does: same errors, same Endpoints and slices.
func TestTakeManual(t *testing.T) {
	bad := apiserverEP()
	bad.Subsets[0].Ports[0].Port = 0
	for _, set := range []bool{true, false} {
		c := NewController(Options{})
		svc := selectorless("kubernetes")
		syncAll(c, c.SetService(svc, nil))
		write := c.TakeManual
		if set {
			write = c.SetManual
		}
		if dirty, err := write(bad, "kubernetes", nil); err == nil || len(dirty) != 0 {
			t.Fatalf("set %v: invalid Endpoints: %v, %v; want an error and no key", set, dirty, err)
		}
		ep := apiserverEP()
		dirty, err := write(ep, "kubernetes", nil)
		if err != nil || !slices.Equal(dirty, []ServiceKey{{"default", "kubernetes"}}) {
			t.Fatalf("set %v: %v, %v", set, dirty, err)
		}
		if kept := &c.manual.Value(ServiceKey{"default", "kubernetes"}).ep.Subsets[0].Addresses[0]; (kept == &ep.Subsets[0].Addresses[0]) == set {
			t.Errorf("set %v: kept the caller's addresses %v, want %v", set, !set, !set)
		}
		syncAll(c, dirty)
		got, _ := c.Endpoints("default", "kubernetes")
		if want := apiserverEP(); !EqualEndpoints(got, want) || len(c.Slices("default", "kubernetes")) != 1 {
			t.Errorf("set %v: Endpoints %+v, %d slices; want %+v and one slice", set, got, len(c.Slices("default", "kubernetes")), want)
		}
		if err := c.Check([]service.Service{svc}, nil); err != nil {
			t.Errorf("set %v: %v", set, err)
		}
	}
}
