package kube

import (
	"fmt"

	"sigs.k8s.io/yaml"

	"github.com/svcsim/svcsim/sim"
)

// GetYAML prints an object of c as `kubectl get KIND NAME -o yaml` does:
// its k8s.io/api form (ToPod, ToService, ...) as YAML, keys sorted as
// sigs.k8s.io/yaml writes them (kubectl's YAML printer,
// k8s.io/cli-runtime/pkg/printers/yaml.go). kind is the API kind: Pod,
// Service, Endpoints, EndpointSlice, Deployment, ReplicaSet, StatefulSet
// or Node (namespace ignored). An object that does not exist is an error
// wrapping sim.ErrNotFound.
func GetYAML(c *sim.Cluster, kind, namespace, name string) ([]byte, error) {
	obj, err := apiObject(c, kind, namespace, name)
	if err != nil {
		return nil, err
	}
	return yaml.Marshal(obj)
}

// apiObject returns the k8s.io/api object of kind named namespace/name.
func apiObject(c *sim.Cluster, kind, ns, name string) (any, error) {
	notFound := fmt.Errorf("%s %q %w", kind, name, sim.ErrNotFound)
	switch kind {
	case "Pod":
		if p, ok := c.Pod(ns, name); ok {
			return ToPod(c, p), nil
		}
	case "Service":
		if s, ok := c.Service(ns, name); ok {
			return ToService(s), nil
		}
	case "Endpoints":
		if e, ok := c.Endpoints(ns, name); ok {
			return ToEndpoints(c, e), nil
		}
	case "EndpointSlice":
		for _, s := range c.Services(ns) {
			for _, sl := range c.EndpointSlices(ns, s.Name) {
				if sl.Name == name {
					return ToEndpointSlice(c, sl), nil
				}
			}
		}
	case "Deployment":
		if d, ok := c.Deployment(ns, name); ok {
			return ToDeployment(d), nil
		}
	case "ReplicaSet":
		if r, ok := c.ReplicaSet(ns, name); ok {
			return ToReplicaSet(c, r), nil
		}
	case "StatefulSet":
		if s, ok := c.StatefulSet(ns, name); ok {
			return ToStatefulSet(s), nil
		}
	case "Node":
		for _, n := range c.Nodes() {
			if n.Name == name {
				return ToNode(n), nil
			}
		}
	default:
		return nil, fmt.Errorf("kind %q: svcsim prints Pod, Service, Endpoints, EndpointSlice, Deployment, ReplicaSet, StatefulSet and Node", kind)
	}
	return nil, notFound
}
