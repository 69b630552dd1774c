package kube

import (
	"reflect"
	"strings"

	"github.com/svcsim/svcsim/sim"
)

// Applied is one object of an Apply and what became of it, as kubectl
// apply reports it: Result is "created", "configured" (the Apply changed
// it) or "unchanged" (no request was needed).
type Applied struct {
	Kind, Namespace, Name string
	Result                string
}

// String is kubectl apply's line for the object: "deployment.apps/web
// configured" (the lowercase kind, qualified by its API group).
func (a Applied) String() string {
	kind := strings.ToLower(a.Kind)
	switch a.Kind {
	case "Deployment", "StatefulSet", "ReplicaSet":
		kind += ".apps"
	case "EndpointSlice":
		kind += ".discovery.k8s.io"
	}
	return kind + "/" + a.Name + " " + a.Result
}

// ApplyReport is Apply, also returning what became of each object of the
// manifest, in document order (an object named twice once, where it first
// appears).
func ApplyReport(c *sim.Cluster, manifest []byte) (applied []Applied, warnings []string, err error) {
	p, warnings, err := applyPlan(c, manifest)
	if err != nil {
		return nil, warnings, err
	}
	return p.report, warnings, nil
}

// result is kubectl apply's word for a change: created, or, for an object
// that existed, configured if its spec (before and after, from specOf)
// changed, else unchanged.
func result(existed bool, before, after any) string {
	switch {
	case !existed:
		return "created"
	case reflect.DeepEqual(before, after):
		return "unchanged"
	}
	return "configured"
}

// specOf reads what an Apply can change of the object k names: a
// workload without its status, a pod's labels.
func specOf(c *sim.Cluster, k applyKey) any {
	switch k.kind {
	case "Service":
		s, _ := c.Service(k.ns, k.name)
		return s
	case "Deployment":
		d, _ := c.Deployment(k.ns, k.name)
		d.Status = sim.DeploymentStatus{}
		return d
	case "StatefulSet":
		s, _ := c.StatefulSet(k.ns, k.name)
		s.Status = sim.StatefulSetStatus{}
		return s
	case "Pod":
		p, _ := c.Pod(k.ns, k.name)
		return p.Labels
	}
	return nil
}
