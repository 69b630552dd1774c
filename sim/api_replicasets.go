package sim

// The public reads of ReplicaSets: the ones Deployments own (kubernetes
// pkg/controller/deployment keeps them; apps/v1 ReplicaSet).

import (
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
)

// ReplicaSet is a ReplicaSet a Deployment owns, as the cluster holds it.
type ReplicaSet struct {
	Namespace, Name string
	Owner           string       // the owning Deployment's name
	Replicas        int          // spec.replicas
	Labels          selector.Set // its template labels, pod-template-hash included
	Selector        selector.Set // its Deployment's selector, pod-template-hash included
	Containers      []Container  // its template's containers (the shorthand's: one named "app")
	// ReadyAfter, TerminationGracePeriod and CrashLoop are its template's,
	// as its Deployment had them when the template was made.
	ReadyAfter, TerminationGracePeriod time.Duration
	CrashLoop                          bool
	// Annotations are the deployment controller's:
	// deployment.kubernetes.io/revision (its place in the Deployment's
	// rollout history; deployment.kubernetes.io/revision-history lists
	// the former ones of a ReplicaSet re-used by a rollout back to its
	// template), deployment.kubernetes.io/desired-replicas (its
	// Deployment's replicas) and deployment.kubernetes.io/max-replicas
	// (plus maxSurge), the last two once it has set them (kubernetes
	// pkg/controller/deployment/util, SetNewReplicaSetAnnotations and
	// SetReplicasAnnotations).
	Annotations map[string]string
	// Current is true for the ReplicaSet of its Deployment's current pod
	// template (kubectl describe's NewReplicaSet).
	Current           bool
	PodTemplateHash   string
	CreationTimestamp time.Time
	Status            ReplicaSetStatus
}

// ReplicaSet returns a copy of the ReplicaSet namespace/name ("" namespace:
// default).
func (c *Cluster) ReplicaSet(namespace, name string) (ReplicaSet, bool) {
	id, ok := c.rsByName.Get(nsName{pod.NamespaceOrDefault(namespace), name})
	if !ok {
		return ReplicaSet{}, false
	}
	return c.apiRS(id), true
}

// ReplicaSets returns copies of the ReplicaSets of namespace ("" means
// default) whose labels match sel, sorted by name.
func (c *Cluster) ReplicaSets(namespace string, sel selector.Selector) []ReplicaSet {
	ns, ok := c.nsIdx.Get(pod.NamespaceOrDefault(namespace))
	if !ok {
		return nil
	}
	var out []ReplicaSet
	for id, r := range c.rss {
		if r != nil && !r.deleted && r.tmpl.ns == ns && sel.Matches(r.tmpl.labels) {
			out = append(out, c.apiRS(int32(id)))
		}
	}
	slices.SortFunc(out, func(a, b ReplicaSet) int { return strings.Compare(a.Name, b.Name) })
	return out
}

// isCurrentRS reports whether ReplicaSet id is its Deployment's current
// one.
func (c *Cluster) isCurrentRS(id int32) bool {
	d := c.deps[c.rss[id].dep]
	if d.deleted {
		return false
	}
	cur, _, _, _ := c.currentRS(d)
	return cur == id
}

// The deployment controller's ReplicaSet annotations (k8s.io/api apps/v1
// and pkg/controller/deployment/util/deployment_util.go).
const (
	AnnotationRevision        = "deployment.kubernetes.io/revision"
	AnnotationRevisionHistory = "deployment.kubernetes.io/revision-history"
	AnnotationDesiredReplicas = "deployment.kubernetes.io/desired-replicas"
	AnnotationMaxReplicas     = "deployment.kubernetes.io/max-replicas"
)

// rsAnnotations returns r's annotations.
func rsAnnotations(r *rsRec) map[string]string {
	out := map[string]string{AnnotationRevision: strconv.FormatInt(r.revision, 10)}
	if r.revHistory != "" {
		out[AnnotationRevisionHistory] = r.revHistory
	}
	if r.annotated {
		out[AnnotationDesiredReplicas], out[AnnotationMaxReplicas] = strconv.Itoa(r.desired), strconv.Itoa(r.maxRep)
	}
	return out
}

func (c *Cluster) apiRS(id int32) ReplicaSet {
	r := c.rss[id]
	return ReplicaSet{Namespace: c.nsNames[r.tmpl.ns], Name: r.name, Owner: c.deps[r.dep].name,
		Replicas: r.replicas, Labels: maps.Clone(r.tmpl.labels), PodTemplateHash: r.hash,
		Selector: maps.Clone(r.selector), Containers: r.tmpl.apiContainers(), Current: c.isCurrentRS(id),
		ReadyAfter: r.tmpl.readyAfter, TerminationGracePeriod: r.tmpl.grace, CrashLoop: r.tmpl.crashLoop,
		Annotations: rsAnnotations(r), CreationTimestamp: Epoch.Add(time.Duration(r.created)), Status: rsStatus(r)}
}
