package kube

import (
	"strings"

	"github.com/svcsim/svcsim/sim"
)

// Apply applies a manifest to c as `kubectl apply -f` does: every object of
// it is created if new and updated if it exists, through c's API (the
// calls kubectl's requests stand for), in document order, except that
// Endpoints and EndpointSlices come after the other objects: svcsim keeps
// them only beside the Service they name (sim.Cluster.SetEndpoints,
// SetEndpointSlice), which the manifest may create in a later document.
// An object the cluster already holds as the manifest writes it is left
// alone (kubectl reports it "unchanged" and makes no request). Apply
// moves no clock: the controllers react when the cluster runs (Advance,
// Settle).
//
// The manifest is a stream of YAML documents separated by "---" lines, or
// of JSON objects; a document is one object or a v1 List of them. The
// kinds are v1 Namespace, Service, Pod, Endpoints, discovery.k8s.io/v1
// EndpointSlice (for Services without a selector), apps/v1 Deployment and
// StatefulSet. Objects are decoded strictly (an unknown or duplicate field
// is an error, as under kubectl's default --validate=strict) and
// converted: a field svcsim does not model is an error, or a warning where
// it cannot change Service behaviour (resources, volumes, security
// context, env...), returned as kubectl prints warnings.
//
// An update keeps what the manifest leaves out, as kubectl's three-way
// merge does (k8s.io/kubectl pkg/cmd/apply/patcher.go): a field the
// manifest sets takes its value; a field it leaves out keeps its live
// value (a Deployment's replicas after a Scale, a Service's allocated
// ClusterIP and node ports), unless the previous Apply of the object set
// it, in which case it goes back to its default (the field was removed
// from the manifest). Labels, annotations and selectors merge key by key
// under the same rule; lists (ports, containers, an Endpoints' subsets, an
// EndpointSlice's endpoints and ports) are replaced whole, a Service port
// without a nodePort keeping the one it had. Apply
// remembers, per cluster, the manifest it last applied for each object
// (kubectl keeps it in the kubectl.kubernetes.io/last-applied-configuration
// annotation).
//
// All or nothing: every object is decoded, converted, merged and checked
// against the cluster (names, immutable fields, requested ClusterIPs, node
// ports and load-balancer addresses free and in range, also between the
// manifest's own objects; the Service of an Endpoints or EndpointSlice
// present in the cluster or created by the manifest) before any is
// applied. On error nothing has
// changed, not even a random draw, and the error is a *DocumentError
// naming the document (its index and starting line) around the error
// about the object, which names the field path as the API server does.
//
// Apply is not safe for concurrent use with other calls on c.
func Apply(c *sim.Cluster, manifest []byte) (warnings []string, err error) {
	_, warnings, err = applyPlan(c, manifest)
	return warnings, err
}

// applyPlan decodes, plans, checks and applies manifest; the plan holds
// the report of what was done.
func applyPlan(c *sim.Cluster, manifest []byte) (*plan, []string, error) {
	objs, err := decode(manifest)
	if err != nil {
		return nil, nil, err
	}
	p := newPlan(c)
	var warnings []string
	for _, d := range objs {
		w, err := p.add(d)
		for _, s := range w {
			// "Warning: document 2 (line 9): deployment default/web: …"
			rest, _ := strings.CutPrefix(s, "Warning: ")
			warnings = append(warnings, "Warning: "+d.at.String()+": "+rest)
		}
		if err != nil {
			return nil, warnings, err
		}
	}
	if err := p.check(); err != nil {
		return nil, warnings, err
	}
	if err := p.apply(); err != nil {
		return nil, warnings, err
	}
	return p, warnings, nil
}
