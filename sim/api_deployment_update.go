package sim

// Updating a Deployment as `kubectl apply` of a changed manifest and
// `kubectl set image` do: the API server bumps metadata.generation on a
// spec change and refuses a changed selector (kubernetes
// pkg/apis/apps/validation/validation.go, ValidateDeploymentUpdate;
// pkg/registry/apps/deployment/strategy.go, PrepareForUpdate); the
// deployment controller then rolls out a changed template, scales a
// changed replica count, and reads the strategy at every sync.

import (
	"fmt"
	"maps"
	"strconv"
	"strings"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
	"github.com/svcsim/svcsim/sim/internal/workload"
)

// UpdateDeployment replaces the spec of the Deployment d.Namespace/d.Name
// with d's, validated as CreateDeployment validates. A changed pod
// template (labels, containers and images, ports, ReadyAfter,
// TerminationGracePeriod, CrashLoop) starts a rollout to a new
// ReplicaSet (or back to an old one with the same template); a changed
// Replicas scales; a changed strategy (Strategy, MaxSurge,
// MaxUnavailable) governs every sync from now on. Each update that changes
// the spec bumps metadata.generation once; one that changes nothing does
// nothing. An empty Selector keeps the current one; a different one is
// refused (spec.selector is immutable), as are labels it no longer
// selects. A restart's kubectl.kubernetes.io/restartedAt annotation is
// kept, as `kubectl apply` keeps annotations it did not set.
func (c *Cluster) UpdateDeployment(d Deployment) (rerr error) {
	defer func() { rerr = simError(rerr) }()
	if err := c.refuseInCallback("update deployment"); err != nil {
		return err
	}
	id, cur, err := c.lookupDep(d.Namespace, d.Name)
	if err != nil {
		return err
	}
	return c.updateDeployment(id, d, cur.restartedAt)
}

// updateDeployment is UpdateDeployment of Deployment id, its template's
// restartedAt annotation set to restartedAt.
func (c *Cluster) updateDeployment(id int32, d Deployment, restartedAt string) error {
	cur := c.deps[id]
	surge, unavail, err := checkDeploymentUpdate(cur, &d)
	if err != nil {
		return err
	}
	next := *cur
	next.labelText = d.Labels.String()
	next.labelKV = labelKV(d.Labels)
	next.spec, next.surge, next.unavail = newDepSpec(&d), surge, unavail
	next.restartedAt = restartedAt
	var changed []string
	if templateText(&next) != templateText(cur) {
		changed = append(changed, "template")
		next.cur = curRS{}
		c.markTemplateChanged(cur)
	}
	if d.Replicas != cur.spec.Replicas {
		changed = append(changed, "replicas "+strconv.Itoa(cur.spec.Replicas)+" -> "+strconv.Itoa(d.Replicas))
	}
	if d.Strategy != cur.spec.Strategy || surge != cur.surge || unavail != cur.unavail {
		changed = append(changed, "strategy "+string(d.Strategy))
	}
	if len(changed) == 0 {
		return nil
	}
	next.generation++
	*cur = next
	if c.tracing() {
		c.emit(KindDeploymentUpdated, "deployment/"+d.Namespace+"/"+d.Name,
			"generation "+strconv.FormatInt(cur.generation, 10)+": "+strings.Join(changed, ", "))
	}
	c.touchDep(id)
	c.flush()
	return nil
}

// checkDeploymentUpdate defaults and validates d as an update of cur: an
// empty selector keeps cur's, a different one is refused (spec.selector is
// immutable). It returns d's maxSurge and maxUnavailable.
func checkDeploymentUpdate(cur *depRec, d *Deployment) (surge, unavail workload.IntOrPercent, err error) {
	old := cur.selectorSet()
	if len(d.Selector) == 0 {
		d.Selector = old
	}
	sel := d.Selector
	if surge, unavail, err = validateDeployment(d); err != nil {
		return surge, unavail, err
	}
	if !maps.Equal(sel, old) {
		return surge, unavail, &pod.FieldError{Object: depObject(d.Namespace, d.Name), Field: "spec.selector", Type: pod.ErrorTypeInvalid,
			Value: labelSelectorValue(sel), Detail: "field is immutable", Sentinel: ErrInvalid}
	}
	return surge, unavail, nil
}

// SetImage sets the image of one container of a Deployment's template, as
// `kubectl set image deployment/<name> <container>=<image>` does: an
// update of that container (a rollout, unless the image is the same). A
// Deployment given by the Ports shorthand has one container, "app":
// setting its image turns it into a Deployment with that one container.
// An unknown container is an error wrapping ErrNotFound; an empty image
// one wrapping ErrInvalid.
func (c *Cluster) SetImage(namespace, name, container, image string) (rerr error) {
	defer func() { rerr = simError(rerr) }()
	if err := c.refuseInCallback("set image"); err != nil {
		return err
	}
	d, ok := c.Deployment(namespace, name)
	if !ok {
		return fmt.Errorf("%s: %w", depObject(pod.NamespaceOrDefault(namespace), name), ErrNotFound)
	}
	if len(d.Containers) == 0 {
		d.Containers, d.Ports = []Container{{Name: shorthandContainer, Ports: d.Ports}}, nil
	}
	k := -1
	for i, ct := range d.Containers {
		if ct.Name == container {
			k = i
		}
	}
	if k < 0 {
		return fmt.Errorf("%s: unable to find container named %s: %w", depObject(d.Namespace, name),
			strconv.Quote(container), ErrNotFound)
	}
	if d.Containers[k].Image == image {
		return nil
	}
	d.Containers[k].Image = image
	return c.UpdateDeployment(d)
}

// labelKV returns a label set as keys and values alternating.
func labelKV(s selector.Set) []string {
	kv := make([]string, 0, 2*len(s))
	for k, v := range s {
		kv = append(kv, k, v) // map order is fine: only a map is built from it
	}
	return kv
}

// labelSelectorValue renders a selector as the API server's field error
// shows a metav1.LabelSelector value (%#v of the Go struct).
type labelSelectorValue selector.Set

func (v labelSelectorValue) GoString() string {
	return fmt.Sprintf("v1.LabelSelector{MatchLabels:%#v, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}",
		map[string]string(v))
}
