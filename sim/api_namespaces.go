package sim

// The public view of namespaces (core/v1 Namespace).

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/svcsim/svcsim/internal/validation"
	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
)

// NamespacePhase is a namespace's status.phase (core/v1 NamespacePhase).
type NamespacePhase string

// The namespace phases of core/v1.
const (
	NamespaceActive      NamespacePhase = "Active"
	NamespaceTerminating NamespacePhase = "Terminating"
)

// LabelMetadataName is the label the API server puts on every namespace,
// its name as value (k8s.io/api core/v1 well_known_labels.go,
// LabelMetadataName).
const LabelMetadataName = "kubernetes.io/metadata.name"

// Namespace is a namespace as the cluster holds it.
type Namespace struct {
	Name string
	// Labels are its labels, kubernetes.io/metadata.name included.
	Labels selector.Set
	// Phase is Active, or Terminating while its objects are deleted.
	Phase NamespacePhase
	// CreationTimestamp is metadata.creationTimestamp.
	CreationTimestamp time.Time
}

// The namespaces a cluster starts with, as kubeadm's cluster has them:
// default, kube-system, kube-public and kube-node-lease (the API server's
// system namespaces controller, kubernetes
// pkg/controlplane/controller/systemnamespaces).
var builtinNamespaces = [...]string{"default", "kube-system", "kube-public", "kube-node-lease"}

// immortalNamespace reports whether ns may not be deleted (the
// NamespaceLifecycle admission plugin's immortal namespaces, kubernetes
// plugin/pkg/admission/namespace/lifecycle/admission.go).
func immortalNamespace(ns string) bool {
	return ns == "default" || ns == "kube-system" || ns == "kube-public"
}

// nsDecl is a declared namespace: a Namespace object. It counts as one
// object of its namespace (nsCount), so the namespace stays interned
// until the declaration goes.
type nsDecl struct {
	labels      selector.Set // its labels, kubernetes.io/metadata.name aside
	terminating bool
}

// forbiddenError is a call refused by an admission plugin: Kubernetes'
// Forbidden (HTTP 403), worded as the API server words it.
type forbiddenError struct{ resource, name, reason string }

func (e *forbiddenError) Error() string {
	return e.resource + ` "` + e.name + `" is forbidden: ` + e.reason
}

func (e *forbiddenError) Unwrap() error { return ErrForbidden }

// refuseTerminating refuses an object created in a terminating namespace,
// as the NamespaceLifecycle admission plugin does.
func (c *Cluster) refuseTerminating(resource, namespace, name string) error {
	ns := pod.NamespaceOrDefault(namespace)
	if c.nsDecl.Value(ns).terminating {
		return &forbiddenError{resource: resource, name: name,
			reason: "unable to create new content in namespace " + ns + " because it is being terminated"}
	}
	return nil
}

// declareNS declares namespace name with labels: interned if it was not,
// counted as one object of its own.
func (c *Cluster) declareNS(name string, labels selector.Set) {
	c.nsDecl.Set(name, nsDecl{labels: labels})
	i := c.namespace(name)
	c.nsCount[i]++
	if c.watched != 0 {
		c.watchNamespace(name)
	}
}

// finishNS removes the declaration of terminating namespace ns, whose
// last other object is gone: the namespace controller removes the
// kubernetes finalizer and the object goes.
func (c *Cluster) finishNS(ns int32) {
	name := c.nsNames[ns]
	c.nsDecl.Delete(name)
	c.nsCount[ns]--
	if c.tracing() {
		c.emit(KindNamespaceDeleted, "namespace//"+name, "")
	}
}

// Namespace returns namespace name, and whether it exists: declared, or
// holding objects.
func (c *Cluster) Namespace(name string) (Namespace, bool) {
	i, ok := c.nsIdx.Get(name)
	if !ok {
		return Namespace{}, false
	}
	return c.nsValue(i), true
}

// nsValue materializes namespace i.
func (c *Cluster) nsValue(i int32) Namespace {
	name := c.nsNames[i]
	n := Namespace{Name: name, Phase: NamespaceActive, CreationTimestamp: Epoch.Add(time.Duration(c.nsMade[i]))}
	n.Labels = selector.Set{}
	if d, ok := c.nsDecl.Get(name); ok {
		maps.Copy(n.Labels, d.labels)
		if d.terminating {
			n.Phase = NamespaceTerminating
		}
	}
	n.Labels[LabelMetadataName] = name
	return n
}

// Namespaces returns the namespaces that exist, sorted by name: the
// declared ones and those that hold objects.
func (c *Cluster) Namespaces() []Namespace {
	out := make([]Namespace, 0, c.nsIdx.Len())
	for _, i := range c.nsIdx.All() {
		out = append(out, c.nsValue(i))
	}
	slices.SortFunc(out, func(a, b Namespace) int { return strings.Compare(a.Name, b.Name) })
	return out
}

// CreateNamespace declares a namespace (kubectl create namespace): it
// persists, empty or not, until DeleteNamespace. Labels are kept, with
// kubernetes.io/metadata.name set to its name as the API server sets it.
// A namespace that exists only because it holds objects is declared by
// it (it existed already: its creation time stays). Errors: a name that
// is not a DNS-1123 label or invalid labels (ErrInvalid), a declared
// namespace, terminating or not (ErrAlreadyExists).
func (c *Cluster) CreateNamespace(n Namespace) (rerr error) {
	defer func() { rerr = simError(rerr) }()
	if err := c.refuseInCallback("create namespace"); err != nil {
		return err
	}
	if err := c.checkCreateNamespace(n); err != nil {
		return err
	}
	labels := selector.Set(maps.Clone(n.Labels))
	delete(labels, LabelMetadataName)
	c.declareNS(n.Name, labels)
	if c.tracing() {
		c.emit(KindNamespaceCreated, "namespace//"+n.Name, "")
	}
	c.flush()
	return nil
}

// checkCreateNamespace returns the error CreateNamespace returns for n,
// changing nothing.
func (c *Cluster) checkCreateNamespace(n Namespace) error {
	obj := "namespace " + n.Name
	if n.Name == "" {
		return &pod.FieldError{Object: obj, Field: "metadata.name", Type: pod.ErrorTypeRequired,
			Detail: "name or generateName is required", Sentinel: ErrInvalid}
	}
	if msgs := validation.IsDNS1123Label(n.Name); len(msgs) > 0 {
		return &pod.FieldError{Object: obj, Field: "metadata.name", Type: pod.ErrorTypeInvalid, Value: n.Name,
			Detail: msgs[0], Sentinel: ErrInvalid}
	}
	if err := n.Labels.Validate(); err != nil {
		return &pod.FieldError{Object: obj, Field: "metadata.labels", Type: pod.ErrorTypeInvalid, Value: n.Labels.String(),
			Detail: err.Error(), Sentinel: ErrInvalid}
	}
	if _, ok := c.nsDecl.Get(n.Name); ok {
		return fmt.Errorf("%s: %w", obj, ErrAlreadyExists)
	}
	return nil
}

// DeleteNamespace deletes a namespace and what it holds, as the namespace
// controller does (kubernetes pkg/controller/namespace/deletion): the
// namespace is Terminating at once and refuses new content (ErrForbidden);
// its Services, Deployments (with their ReplicaSets), StatefulSets and
// pods are deleted, the pods gracefully; Endpoints and EndpointSlices go
// with their Services. The namespace is gone with its last object: at
// once when it holds nothing, else once its last pod has ended its grace
// period (Advance, Settle). A namespace that existed only by its objects
// is deleted the same way. Deleting a terminating namespace does nothing
// more. Errors: default, kube-system and kube-public may not be deleted
// (ErrForbidden); a namespace that does not exist (ErrNotFound).
// kube-node-lease can be deleted; the API server's system namespaces
// controller, which makes it again within a minute, is not modelled.
func (c *Cluster) DeleteNamespace(name string) (rerr error) {
	defer func() { rerr = simError(rerr) }()
	if err := c.refuseInCallback("delete namespace"); err != nil {
		return err
	}
	if immortalNamespace(name) {
		return &forbiddenError{resource: "namespaces", name: name, reason: "this namespace may not be deleted"}
	}
	i, ok := c.nsIdx.Get(name)
	if !ok {
		return fmt.Errorf("namespace %s: %w", name, ErrNotFound)
	}
	d, declared := c.nsDecl.Get(name)
	if d.terminating {
		return nil
	}
	if !declared {
		c.declareNS(name, nil)
	}
	d.terminating = true
	c.nsDecl.Set(name, d)
	if c.watched != 0 {
		c.watchNamespace(name)
	}
	if c.tracing() {
		c.emit(KindNamespaceTerminating, "namespace//"+name, "")
	}
	for _, s := range c.Services(name) {
		if err := c.DeleteService(name, s.Name); err != nil {
			return err
		}
	}
	for _, dep := range c.Deployments(name) {
		if err := c.DeleteDeployment(name, dep.Name); err != nil {
			return err
		}
	}
	for _, s := range c.StatefulSets(name) {
		if err := c.DeleteStatefulSet(name, s.Name); err != nil {
			return err
		}
	}
	for _, p := range c.Pods(name, selector.Everything()) {
		if !p.Terminating {
			if err := c.DeletePod(name, p.Name); err != nil {
				return err
			}
		}
	}
	c.releaseNS(i)
	c.flush()
	return nil
}

// watchNamespace looks at namespace name again.
func (c *Cluster) watchNamespace(name string) {
	if c.watching(WatchNamespaces) {
		n, ok := c.Namespace(name)
		c.observe(WatchNamespaces, nsName{"", name}, n, ok)
	}
}
