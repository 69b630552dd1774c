package main

import (
	"fmt"

	"github.com/svcsim/svcsim/cmd/svcsim/internal/shell"
	"github.com/svcsim/svcsim/kube"
	"github.com/svcsim/svcsim/sim"
)

// plugKube gives a session kubectl apply (kube.ApplyReport: all or
// nothing, a line per object as kubectl prints it, warnings first) and
// -o yaml (kube.Get, kube.YAML and kube.ListYAML).
func plugKube(s *shell.Session) {
	s.Apply = func(c *sim.Cluster, manifest []byte) ([]string, error) {
		applied, warnings, err := kube.ApplyReport(c, manifest)
		lines := warnings
		for _, a := range applied {
			lines = append(lines, a.String())
		}
		return lines, err
	}
	s.YAML = getYAML
}

// watchKinds maps the API kinds -o yaml prints to kube.Get's kinds.
var watchKinds = map[string]sim.WatchKind{
	"Pod": sim.WatchPods, "Service": sim.WatchServices, "Endpoints": sim.WatchEndpoints,
	"EndpointSlice": sim.WatchEndpointSlices, "Node": sim.WatchNodes, "Deployment": sim.WatchDeployments,
	"ReplicaSet": sim.WatchReplicaSets, "StatefulSet": sim.WatchStatefulSets, "Namespace": sim.WatchNamespaces,
}

// getYAML prints objects as kubectl get -o yaml does.
func getYAML(c *sim.Cluster, namespace string, refs []shell.ObjectRef, list bool) ([]byte, error) {
	objs, err := getAll(kube.Get, c, namespace, refs)
	if err != nil {
		return nil, err
	}
	if !list && len(objs) == 1 {
		return kube.YAML(objs[0])
	}
	return kube.ListYAML(objs)
}

// getAll reads the objects refs name with get (kube.Get: the API
// values' type stays kube's, so this module imports no k8s.io package).
func getAll[T any](get func(*sim.Cluster, sim.WatchKind, string, string) (T, bool), c *sim.Cluster,
	namespace string, refs []shell.ObjectRef) ([]T, error) {
	objs := make([]T, 0, len(refs))
	for _, r := range refs {
		o, ok := get(c, watchKinds[r.Kind], namespace, r.Name)
		if !ok {
			return nil, fmt.Errorf("%s %q: %w", r.Kind, r.Name, sim.ErrNotFound)
		}
		objs = append(objs, o)
	}
	return objs, nil
}
