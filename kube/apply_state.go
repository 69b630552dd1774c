package kube

// What Apply last applied for each object of a cluster: the object as the
// manifest wrote it, kubectl's kubectl.kubernetes.io/last-applied-configuration
// annotation (k8s.io/kubectl pkg/util/apply.go), kept beside the cluster
// because svcsim's objects do not all carry annotations. The entry of a
// cluster goes when the cluster is garbage collected.

import (
	"runtime"
	"sync"
	"weak"

	"github.com/svcsim/svcsim/sim"
)

// lastApplied is one cluster's record.
type lastApplied struct {
	mu      sync.Mutex
	objects map[applyKey]map[string]any
}

var clusters struct {
	mu sync.Mutex
	m  map[weak.Pointer[sim.Cluster]]*lastApplied
}

// lastAppliedOf returns c's record, made on first use.
func lastAppliedOf(c *sim.Cluster) *lastApplied {
	clusters.mu.Lock()
	defer clusters.mu.Unlock()
	wp := weak.Make(c)
	if l, ok := clusters.m[wp]; ok {
		return l
	}
	if clusters.m == nil {
		clusters.m = map[weak.Pointer[sim.Cluster]]*lastApplied{}
	}
	l := &lastApplied{objects: map[applyKey]map[string]any{}}
	clusters.m[wp] = l
	runtime.AddCleanup(c, func(wp weak.Pointer[sim.Cluster]) {
		clusters.mu.Lock()
		delete(clusters.m, wp)
		clusters.mu.Unlock()
	}, wp)
	return l
}

// get returns the object last applied under k, or nil.
func (l *lastApplied) get(k applyKey) map[string]any {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.objects[k]
}

// set records fields as the object last applied under k.
func (l *lastApplied) set(k applyKey, fields map[string]any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.objects[k] = fields
}
