package shell

import (
	"fmt"
	"strings"
)

// kind is a resource type as kubectl names it.
type kind struct {
	singular, plural, group string
	aliases                 []string
	namespaced              bool
}

var (
	kPod      = &kind{"pod", "pods", "", []string{"po"}, true}
	kService  = &kind{"service", "services", "", []string{"svc"}, true}
	kEndpoint = &kind{"endpoints", "endpoints", "", []string{"ep"}, true}
	kSlice    = &kind{"endpointslice", "endpointslices", "discovery.k8s.io", nil, true}
	kDeploy   = &kind{"deployment", "deployments", "apps", []string{"deploy"}, true}
	kRS       = &kind{"replicaset", "replicasets", "apps", []string{"rs"}, true}
	kSTS      = &kind{"statefulset", "statefulsets", "apps", []string{"sts"}, true}
	kNode     = &kind{"node", "nodes", "", []string{"no"}, false}
	kNS       = &kind{"namespace", "namespaces", "", []string{"ns"}, false}
	kinds     = []*kind{kPod, kService, kEndpoint, kSlice, kDeploy, kRS, kSTS, kNode, kNS}
)

// lookupKind finds the kind a word names: singular, plural, short name,
// or any of them qualified by the group ("deployments.apps").
func lookupKind(word string) (*kind, bool) {
	w := strings.ToLower(word)
	for _, k := range kinds {
		names := append([]string{k.singular, k.plural}, k.aliases...)
		for _, n := range names {
			if w == n || (k.group != "" && w == n+"."+k.group) {
				return k, true
			}
		}
	}
	return nil, false
}

// resource is the plural qualified by the group, as API errors name it:
// `deployments.apps "web" not found`.
func (k *kind) resource() string {
	if k.group == "" {
		return k.plural
	}
	return k.plural + "." + k.group
}

// qualified is the singular qualified by the group, as kubectl delete
// names an object: "deployment.apps".
func (k *kind) qualified() string {
	if k.group == "" {
		return k.singular
	}
	return k.singular + "." + k.group
}

// ref is kind/name as kubectl's success lines print it: "deployment.apps/web".
func (k *kind) ref(name string) string { return k.qualified() + "/" + name }

// notFound is the API server's NotFound as kubectl prints it.
func (k *kind) notFound(name string) string {
	return fmt.Sprintf("Error from server (NotFound): %s %q not found", k.resource(), name)
}

// target is one object a command names.
type target struct {
	kind *kind
	name string
}

// targets reads kubectl's object arguments: "TYPE [NAME...]" or
// "TYPE/NAME...". It returns the kind (for the first form without names,
// the kind to list) and the named objects.
func targets(args []string) (*kind, []target, error) {
	if len(args) == 0 {
		return nil, nil, fmt.Errorf("you must specify the type of resource to get")
	}
	if strings.Contains(args[0], "/") {
		var out []target
		for _, a := range args {
			t, n, ok := strings.Cut(a, "/")
			if !ok || n == "" {
				return nil, nil, fmt.Errorf("there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'")
			}
			k, ok := lookupKind(t)
			if !ok {
				return nil, nil, fmt.Errorf("the server doesn't have a resource type %q", t)
			}
			out = append(out, target{k, n})
		}
		return out[0].kind, out, nil
	}
	if strings.Contains(args[0], ",") {
		return nil, nil, fmt.Errorf("this command takes one resource type, not %q", args[0])
	}
	k, ok := lookupKind(args[0])
	if !ok {
		return nil, nil, fmt.Errorf("the server doesn't have a resource type %q", args[0])
	}
	var out []target
	for _, n := range args[1:] {
		if strings.Contains(n, "/") {
			return nil, nil, fmt.Errorf("there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'")
		}
		out = append(out, target{k, n})
	}
	return k, out, nil
}
