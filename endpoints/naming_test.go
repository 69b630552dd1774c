package endpoints

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/service"
)

// scripted returns a NameSuffix that hands out suffixes in order (the
// last one forever), and counts the draws.
func scripted(draws *int, suffixes ...string) func() [5]byte {
	return func() [5]byte {
		s := suffixes[min(*draws, len(suffixes)-1)]
		*draws++
		return [5]byte([]byte(s))
	}
}

func sliceNames(c *Controller, ns, svc string) []string {
	var out []string
	for _, sl := range c.Slices(ns, svc) {
		out = append(out, sl.Name)
	}
	return out
}

// TestSliceNamesFromNameSuffix: a slice's name is generateName "<service>-"
// plus the suffix Options.NameSuffix draws (the endpointslice controller's
// newEndpointSlice; apiserver pkg/storage/names/generate.go); a name
// already taken in the namespace is drawn again (the apiserver refuses the
// create with AlreadyExists and the controller retries).
func TestSliceNamesFromNameSuffix(t *testing.T) {
	draws := 0
	c := NewController(Options{MaxEndpointsPerSlice: 1,
		NameSuffix: scripted(&draws, "x2kqp", "x2kqp", "x2kqp", "b5znd", "wnjjb")})
	key := ServiceKey{"default", "web"}
	c.SetService(testService(nil), nil)
	c.Sync(key)
	if got := sliceNames(c, "default", "web"); !slices.Equal(got, []string{"web-x2kqp"}) || draws != 1 {
		t.Fatalf("placeholder: %q after %d draws", got, draws)
	}
	c.SetPod(testPod("p1", "10.0.0.1", nil), nil)
	c.SetPod(testPod("p2", "10.0.0.2", nil), nil)
	c.Sync(key)
	// The placeholder's slice (and name) is reused for p1; p2's slice
	// draws x2kqp twice, taken, then b5znd.
	if got := sliceNames(c, "default", "web"); !slices.Equal(got, []string{"web-b5znd", "web-x2kqp"}) || draws != 4 {
		t.Fatalf("two slices: %q after %d draws", got, draws)
	}
	// The same suffix under another prefix or in another namespace is free.
	api := testService(func(s *service.Service) { s.Name, s.Selector = "api", map[string]string{"app": "api"} })
	c.SetService(api, nil)
	c.SetService(testService(func(s *service.Service) { s.Namespace = "other" }), nil)
	c.Sync(ServiceKey{"default", "api"})
	c.Sync(ServiceKey{"other", "web"})
	if got := sliceNames(c, "other", "web"); !slices.Equal(got, []string{"web-wnjjb"}) {
		t.Fatalf("other/web: %q", got)
	}
	if got := sliceNames(c, "default", "api"); !slices.Equal(got, []string{"api-wnjjb"}) {
		t.Fatalf("default/api: %q", got)
	}
	// A deleted slice's name is free again: the first draw, x2kqp, is taken.
	c.DeleteService("default", "web", nil)
	c.Sync(key)
	draws = 0
	c.SetService(testService(nil), nil)
	c.Sync(key)
	if got := sliceNames(c, "default", "web"); !slices.Equal(got, []string{"web-b5znd", "web-x2kqp"}) || draws != 4 {
		t.Fatalf("re-created: %q after %d draws", got, draws)
	}
	if err := c.Check([]service.Service{testService(nil), api, testService(func(s *service.Service) { s.Namespace = "other" })},
		[]pod.Pod{testPod("p1", "10.0.0.1", nil), testPod("p2", "10.0.0.2", nil)}); err != nil {
		t.Fatal(err)
	}
	// Check finds a name not freed, and a slice whose name is not taken.
	ns := c.ns.Value("default")
	ns.sliceNames.Set(nameKey("web-zzzzz"), struct{}{})
	if err := c.CheckManual(nil); err == nil {
		t.Error("a leaked name passed CheckManual")
	}
	ns.sliceNames.Delete(nameKey("web-zzzzz"))
	ns.sliceNames.Delete(nameKey("web-x2kqp"))
	if err := c.CheckManual(nil); err == nil {
		t.Error("an untaken slice name passed CheckManual")
	}
	// Restored, the names pass: counts left by the checks that failed
	// half-way do not carry over.
	ns.sliceNames.Set(nameKey("web-x2kqp"), struct{}{})
	if err := c.CheckManual(nil); err != nil {
		t.Errorf("restored names: %v", err)
	}
}

// TestSliceNamesLongService: the apiserver keeps at most 58 bytes of
// generateName, so two Services whose names share their first 58 bytes
// draw from one name space: the second draws again; a mirrored slice
// (generateName "<service>-" too: pkg/controller/endpointslicemirroring
// utils.go getEndpointSlicePrefix) collides the same way.
func TestSliceNamesLongService(t *testing.T) {
	draws := 0
	c := NewController(Options{NameSuffix: scripted(&draws, "x2kqp", "x2kqp", "b5znd", "x2kqp", "b5znd", "wnjjb")})
	long := strings.Repeat("a", 58)
	a, b, m := long+"-x", long+"-y", long+"-z"
	for _, name := range []string{a, b} {
		c.SetService(testService(func(s *service.Service) { s.Name = name }), nil)
		c.Sync(ServiceKey{"default", name})
	}
	c.SetService(selectorless(m), nil)
	if _, err := c.SetManual(Endpoints{Namespace: "default", Name: m, Subsets: apiserverEP().Subsets}, "", nil); err != nil {
		t.Fatal(err)
	}
	c.Sync(ServiceKey{"default", m})
	want := map[string]string{a: long + "x2kqp", b: long + "b5znd", m: long + "wnjjb"}
	for name, w := range want {
		got := sliceNames(c, "default", name)
		if !slices.Equal(got, []string{w}) || len(w) != 63 {
			t.Errorf("%s: slices %q, want %q", name, got, w)
		}
	}
	if draws != 6 {
		t.Errorf("%d draws, want 6", draws)
	}
	// The mirrored slice keeps its name while its address type and ports
	// stay; a new port list is a new slice with a new name.
	ep := Endpoints{Namespace: "default", Name: m, Subsets: apiserverEP().Subsets}
	ep.Subsets[0].Addresses = append(ep.Subsets[0].Addresses, ipAddr("172.18.0.3"))
	c.SetManual(ep, "", nil)
	c.Sync(ServiceKey{"default", m})
	if got := sliceNames(c, "default", m); !slices.Equal(got, []string{long + "wnjjb"}) {
		t.Errorf("updated mirror: %q", got)
	}
	if err := c.CheckManual([]service.Service{selectorless(m)}); err != nil {
		t.Fatal(err)
	}
}

// TestSliceNamesDefault: without a NameSuffix, suffixes count up from
// "bbbbb" in apimachinery's alphabet, deterministic without a random source.
func TestSliceNamesDefault(t *testing.T) {
	c := NewController(Options{MaxEndpointsPerSlice: 1})
	c.SetService(testService(nil), nil)
	for i := range 3 {
		c.SetPod(testPod(fmt.Sprint("p", i), fmt.Sprintf("10.0.0.%d", i+1), nil), nil)
	}
	c.Sync(ServiceKey{"default", "web"})
	if got := sliceNames(c, "default", "web"); !slices.Equal(got, []string{"web-bbbbb", "web-bbbbc", "web-bbbbd"}) {
		t.Fatalf("%q", got)
	}
}

// isSlicePrefix(p, name) holds exactly when p is slicePrefix(name), for
// names shorter and longer than the apiserver's cut.
func TestIsSlicePrefix(t *testing.T) {
	for _, name := range []string{"a", "web", strings.Repeat("s", 56), strings.Repeat("s", 57), strings.Repeat("s", 58), strings.Repeat("s", 63)} {
		p := slicePrefix(name)
		if !isSlicePrefix(p, name) {
			t.Errorf("isSlicePrefix(slicePrefix(%q)) = false", name)
		}
		for _, other := range []string{p[:len(p)-1], p + "-", p[:len(p)-1] + "x", "x" + p[1:], ""} {
			if isSlicePrefix(other, name) != (other == p) {
				t.Errorf("isSlicePrefix(%q, %q) = %v", other, name, !(other == p))
			}
		}
	}
}
