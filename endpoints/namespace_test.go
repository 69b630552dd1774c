package endpoints

import (
	"strconv"
	"testing"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/service"
)

// TestNamespaceReleased: a namespace's state (pods by name, label and
// selector indexes, ghosts) goes with its last pod, lingering record and
// Service, whatever the order of the deletions and Syncs, and comes back
// empty when the namespace is used again.
func TestNamespaceReleased(t *testing.T) {
	orders := []struct {
		name       string
		pod, svc   bool
		deleteThen []string
	}{
		{"pod then service, one sync", true, true, []string{"pod", "svc", "sync"}},
		{"pod synced before the service goes", true, true, []string{"pod", "sync", "svc", "sync"}},
		{"service synced before the pod goes", true, true, []string{"svc", "sync", "pod"}},
		{"service, then pod lingering until the sync", true, true, []string{"svc", "pod", "sync"}},
		{"pod alone", true, false, []string{"pod"}},
		{"service alone", false, true, []string{"svc", "sync"}},
	}
	for _, tt := range orders {
		t.Run(tt.name, func(t *testing.T) {
			c := NewController(Options{})
			for i := range 100 {
				ns := "case-" + strconv.Itoa(i%7)
				var dirty []ServiceKey
				if tt.svc {
					dirty = c.SetService(testService(func(s *service.Service) { s.Namespace = ns }), dirty)
				}
				if tt.pod {
					dirty = c.SetPod(testPod("p", "10.0.0.1", func(p *pod.Pod) { p.Namespace = ns }), dirty)
				}
				syncAll(c, dirty)
				dirty = dirty[:0]
				for _, step := range tt.deleteThen {
					switch step {
					case "pod":
						dirty = c.DeletePod(ns, "p", dirty)
					case "svc":
						dirty = c.DeleteService(ns, "web", dirty)
					case "sync":
						syncAll(c, dirty)
						dirty = dirty[:0]
					}
				}
				if err := c.Check(nil, nil); err != nil {
					t.Fatalf("cycle %d: %v", i, err)
				}
				if c.ns.Len() != 0 {
					t.Fatalf("cycle %d: %d namespace states kept", i, c.ns.Len())
				}
			}
		})
	}
}
