package kube

// Objects as `kubectl get -o yaml` prints them.

import (
	"encoding/json"
	"fmt"

	"k8s.io/apimachinery/pkg/runtime"
	"sigs.k8s.io/yaml"
)

// YAML returns obj as `kubectl get <kind> <name> -o yaml` prints it: the
// object's JSON form as YAML, keys sorted (so apiVersion and kind come
// first, then metadata, spec and status), fields at their zero value
// omitted as the API's JSON tags say.
func YAML(obj runtime.Object) ([]byte, error) {
	b, err := yaml.Marshal(obj)
	if err != nil {
		return nil, fmt.Errorf("kube: yaml: %w", err)
	}
	return b, nil
}

// ListYAML returns objs as `kubectl get <kind> -o yaml` prints several
// objects: a List (apiVersion v1, kind List, the items, metadata with an
// empty resourceVersion), even for zero or one object.
func ListYAML(objs []runtime.Object) ([]byte, error) {
	items := make([]json.RawMessage, 0, len(objs))
	for _, o := range objs {
		b, err := json.Marshal(o)
		if err != nil {
			return nil, fmt.Errorf("kube: yaml: %w", err)
		}
		items = append(items, b)
	}
	list := struct {
		APIVersion string            `json:"apiVersion"`
		Items      []json.RawMessage `json:"items"`
		Kind       string            `json:"kind"`
		Metadata   struct {
			ResourceVersion string `json:"resourceVersion"`
		} `json:"metadata"`
	}{APIVersion: "v1", Items: items, Kind: "List"}
	b, err := yaml.Marshal(list)
	if err != nil {
		return nil, fmt.Errorf("kube: yaml: %w", err)
	}
	return b, nil
}
