package sim

import (
	"regexp"
	"testing"
	"time"
)

// sliceNamesOf returns the names of the EndpointSlices of default/web after
// a small deployment behind it settles.
func sliceNamesOf(t *testing.T, seed int64) []string {
	t.Helper()
	c := mustNew(t, Config{Seed: seed})
	must(t, c.CreateDeployment(webDeployment(3, time.Second)))
	_, err := c.CreateService(webService())
	must(t, err)
	settleCheck(t, c)
	var names []string
	for _, sl := range c.EndpointSlices("default", "web") {
		names = append(names, sl.Name)
	}
	return names
}

// TestEndpointSliceNamesGenerated: slices are named as generateName
// "<service>-" names them (kubernetes staging/src/k8s.io/endpointslice
// utils.go newEndpointSlice; apiserver pkg/storage/names/generate.go
// appends utilrand.String(5)): five random characters of apimachinery's
// alphabet, the same for the same seed, different across seeds.
func TestEndpointSliceNamesGenerated(t *testing.T) {
	re := regexp.MustCompile(`^web-[bcdfghjklmnpqrstvwxz2456789]{5}$`)
	first := sliceNamesOf(t, 1)
	if len(first) != 1 || !re.MatchString(first[0]) {
		t.Fatalf("slice names %q, want one matching %s", first, re)
	}
	if again := sliceNamesOf(t, 1); again[0] != first[0] {
		t.Fatalf("seed 1 gave %q, then %q", first[0], again[0])
	}
	seen := map[string]bool{first[0]: true}
	for seed := int64(2); seed <= 4; seed++ {
		names := sliceNamesOf(t, seed)
		if len(names) != 1 || !re.MatchString(names[0]) {
			t.Fatalf("seed %d: slice names %q", seed, names)
		}
		seen[names[0]] = true
	}
	if len(seen) < 3 {
		t.Fatalf("four seeds gave only %d distinct slice names: %v", len(seen), seen)
	}
}

// TestEndpointSliceNamesPlaceholder: a placeholder slice is generated the
// same way; kube-apiserver names default/kubernetes's slice "kubernetes"
// itself (pkg/controlplane/reconcilers/endpointsadapter.go).
func TestEndpointSliceNamesPlaceholder(t *testing.T) {
	c := mustNew(t, Config{Seed: 5})
	_, err := c.CreateService(webService()) // no pods: a placeholder
	must(t, err)
	settleCheck(t, c)
	re := regexp.MustCompile(`^web-[bcdfghjklmnpqrstvwxz2456789]{5}$`)
	sl := c.EndpointSlices("default", "web")
	if len(sl) != 1 || !re.MatchString(sl[0].Name) || len(sl[0].Endpoints) != 0 {
		t.Fatalf("placeholder %+v", sl)
	}
	if sl := c.EndpointSlices("default", "kubernetes"); len(sl) != 1 || sl[0].Name != "kubernetes" {
		t.Fatalf("default/kubernetes slices %+v", sl)
	}
}
