package sim

import (
	"slices"
	"testing"

	"github.com/svcsim/svcsim/pod"
)

// TestNamespaces: the namespaces that hold objects, default always,
// sorted (as `kubectl get namespaces` lists them); an emptied one goes.
func TestNamespaces(t *testing.T) {
	c := mustNew(t, Config{Seed: 1})
	if got, want := c.Namespaces(), []string{"default", "kube-system"}; !slices.Equal(got, want) {
		t.Fatalf("new cluster: Namespaces() = %v, want %v", got, want)
	}
	_, err := c.CreatePod(pod.Pod{Namespace: "apps", Name: "a"})
	must(t, err)
	if got, want := c.Namespaces(), []string{"apps", "default", "kube-system"}; !slices.Equal(got, want) {
		t.Fatalf("with a pod in apps: Namespaces() = %v, want %v", got, want)
	}
	must(t, c.ForceDeletePod("apps", "a"))
	if got, want := c.Namespaces(), []string{"default", "kube-system"}; !slices.Equal(got, want) {
		t.Fatalf("apps emptied: Namespaces() = %v, want %v", got, want)
	}
}
