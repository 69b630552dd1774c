package sim

// The public calls on Deployments: create, scale, restart (as `kubectl
// rollout restart`), delete. Validation follows kubernetes
// pkg/apis/apps/validation/validation.go, ValidateDeployment.

import (
	"cmp"
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/svcsim/svcsim/internal/validation"
	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
	"github.com/svcsim/svcsim/sim/internal/trace"
	"github.com/svcsim/svcsim/sim/internal/workload"
)

// selectsLabels reports whether the Deployment's selector is its template
// labels (spec.Selector is then nil: one map less per Deployment).
func (d *depRec) selectsLabels() bool { return len(d.spec.Selector) == 0 }

// labels returns a new map of the Deployment's template labels.
func (d *depRec) labels() selector.Set {
	out := make(selector.Set, len(d.labelKV)/2)
	for k := 0; k < len(d.labelKV); k += 2 {
		out[d.labelKV[k]] = d.labelKV[k+1]
	}
	return out
}

// selectorSet returns a new map of the Deployment's selector.
func (d *depRec) selectorSet() selector.Set {
	if d.selectsLabels() {
		return d.labels()
	}
	return maps.Clone(d.spec.Selector)
}

// depRec is a stored Deployment.
type depRec struct {
	ns int32
	// rss0 is rss's first storage, for its first ReplicaSet (a second
	// moves the list to the heap, as append does); placed here, it fills
	// the padding after ns.
	rss0        [1]int32
	name        string
	spec        depSpec // defaulted, deep-copied
	surge       workload.IntOrPercent
	unavail     workload.IntOrPercent
	labelText   string   // the template labels as selector.Set.String renders them
	labelKV     []string // the template labels, key and value alternating (spec.Labels is nil)
	restartedAt string   // the kubectl.kubernetes.io/restartedAt template annotation
	cur         curRS    // the ReplicaSet of the current template, cached
	rss         []int32  // its ReplicaSets, oldest first
	pending     bool
	deleted     bool
	tolerCP     bool   // the template tolerates the control-plane taint
	gen         uint32 // record generation: queued syncs carry it (ids are reused)
	created     int64  // virtual time of creation
	generation  int64  // metadata.generation: 1, plus one per spec change
	observed    int64  // status.observedGeneration: the generation of the last sync
	conds       []depCond
	conds0      [2]depCond // conds's first storage, for the usual two: Progressing and Available
	last        depCounts  // the counts the last status sync saw
	deadlineAt  int64      // virtual time of the next progress check; 0: none
	checkAt     int64      // virtual time of the queued progress check task; 0: none
	revision    int64      // deployment.kubernetes.io/revision: its new ReplicaSet's, 0 before the first sync
}

// rsRec is a ReplicaSet of a Deployment.
type rsRec struct {
	dep       int32
	name      string // <deployment>-<pod-template-hash>
	hash      string
	fp        uint64       // fingerprint of the canonical template text (hash input)
	tmpl      template     // its pods' template (they point at it): held in the record, one allocation for both
	selector  selector.Set // spec.selector: the Deployment's plus pod-template-hash
	replicas  int          // spec.replicas
	desired   int          // deployment.kubernetes.io/desired-replicas annotation
	maxRep    int          // deployment.kubernetes.io/max-replicas annotation
	created   int64
	pods      []int32 // live pods, terminating included
	active    int     // pods not terminating
	available int     // active, running and ready (minReadySeconds 0)
	annotated bool    // desired and maxRep are written on the ReplicaSet
	pending   bool
	deleted   bool
	gen       uint32     // record generation: queued syncs carry it (ids are reused)
	failure   *Condition // the ReplicaFailure condition, if any
	revision  int64      // deployment.kubernetes.io/revision
	// revHistory is deployment.kubernetes.io/revision-history: its former
	// revisions, comma-separated, "" for none.
	revHistory string
	// restartedAt is its template's kubectl.kubernetes.io/restartedAt
	// annotation, which a rollback restores.
	restartedAt string
	// byHash holds the record's id when it is the only ReplicaSet of its
	// hash: its list in rsByHash, which a second one of the hash copies
	// as it appends (the usual lone ReplicaSet costs no allocation).
	byHash [1]int32
}

func depError(ns, name, field string, value any, detail string) error {
	typ := pod.ErrorTypeInvalid
	if v, ok := value.(string); ok && len(v) > maxEchoed {
		typ, value = pod.ErrorTypeTooLong, nil // as field.TooLong: the value is not echoed
	}
	return &pod.FieldError{Object: depObject(ns, name), Field: field, Type: typ,
		Value: value, Detail: detail, Sentinel: ErrInvalid}
}

// maxEchoed is the longest user value an error repeats: a DNS subdomain's
// limit (apimachinery pkg/util/validation, DNS1123SubdomainMaxLength).
const maxEchoed = 253

// depObject names a Deployment in an error, a name beyond maxEchoed cut
// short.
func depObject(ns, name string) string {
	clip := func(s string) string {
		if len(s) > maxEchoed {
			return s[:maxEchoed] + "..."
		}
		return s
	}
	return "deployment " + clip(ns) + "/" + clip(name)
}

// replicasError returns why n is not a valid spec.replicas, or "": the
// field is an int32 at least 0 (apps/v1 DeploymentSpec.Replicas,
// ValidateNonnegativeField).
func replicasError(n int) string {
	switch {
	case n < 0:
		return "must be greater than or equal to 0"
	case n > math.MaxInt32:
		return "must be at most " + strconv.Itoa(math.MaxInt32) + " (an int32)"
	}
	return ""
}

// validateDeployment defaults and checks d (apps validation of the fields
// svcsim models). Errors wrap ErrInvalid and name the field. d's selector,
// ports and containers become copies; its labels stay the caller's map,
// which the callers only read (a depRec keeps them as labelKV).
func validateDeployment(d *Deployment) (surge, unavail workload.IntOrPercent, err error) {
	d.Namespace = pod.NamespaceOrDefault(d.Namespace)
	ns, name := d.Namespace, d.Name
	if msgs := validation.IsDNS1123Label(ns); len(msgs) > 0 {
		return surge, unavail, depError(ns, name, "metadata.namespace", ns, msgs[0])
	}
	if name == "" {
		return surge, unavail, &pod.FieldError{Object: "deployment " + ns + "/", Field: "metadata.name",
			Type: pod.ErrorTypeRequired, Sentinel: ErrInvalid}
	}
	// Pod names "<name>-<hash>-<suffix>" must stay DNS labels; upstream
	// requires a DNS subdomain and cuts generateName at 58 bytes.
	if msgs := validation.IsDNS1123Subdomain(name); len(msgs) > 0 || strings.Contains(name, ".") {
		detail := "must be a DNS-1123 label (pod names derive from it)"
		if len(msgs) > 0 {
			detail = msgs[0]
		}
		return surge, unavail, depError(ns, name, "metadata.name", name, detail)
	}
	if msg := replicasError(d.Replicas); msg != "" {
		return surge, unavail, depError(ns, name, "spec.replicas", d.Replicas, msg)
	}
	if len(d.Labels) == 0 && len(d.Selector) == 0 {
		return surge, unavail, &pod.FieldError{Object: depObject(ns, name), Field: "spec.selector",
			Type: pod.ErrorTypeRequired, Detail: "the pod template needs labels to select", Sentinel: ErrInvalid}
	}
	if err := d.Selector.Validate(); err != nil {
		return surge, unavail, depError(ns, name, "spec.selector.matchLabels", d.Selector.String(), err.Error())
	}
	if err := d.Labels.Validate(); err != nil {
		return surge, unavail, depError(ns, name, "spec.template.metadata.labels", d.Labels.String(), err.Error())
	}
	if _, ok := d.Labels["pod-template-hash"]; ok {
		return surge, unavail, depError(ns, name, "spec.template.metadata.labels", d.Labels.String(),
			"pod-template-hash is set by the controller")
	}
	// ValidatePodTemplateSpecForReplicaSet: the selector must select the
	// template's labels.
	if len(d.Selector) > 0 && !selector.FromSet(d.Selector).Matches(d.Labels) {
		return surge, unavail, &pod.FieldError{Object: depObject(ns, name), Field: "spec.template.metadata.labels",
			Type: pod.ErrorTypeInvalid, Value: map[string]string(d.Labels),
			Detail: "`selector` does not match template `labels`", Sentinel: ErrInvalid}
	}
	if len(d.Containers) > 0 {
		if len(d.Ports) > 0 {
			return surge, unavail, depError(ns, name, "ports", len(d.Ports),
				"must be empty when containers are given (it is the shorthand for one container)")
		}
		if err := pod.ValidateContainers(depObject(ns, name), "spec.template.spec.containers", d.Containers).Err(); err != nil {
			return surge, unavail, err
		}
	} else {
		// The template's ports, checked as a pod's (its labels passed the
		// same check above).
		probe := pod.Pod{Namespace: ns, Name: "template", Ports: d.Ports}
		if err := probe.Validate(); err != nil {
			return surge, unavail, fmt.Errorf("%s: spec.template: %w: %w", depObject(ns, name), ErrInvalid, err)
		}
	}
	switch d.Strategy {
	case "":
		d.Strategy = RollingUpdate
	case RollingUpdate, Recreate:
	default:
		return surge, unavail, depError(ns, name, "spec.strategy.type", string(d.Strategy), `supported values: "Recreate", "RollingUpdate"`)
	}
	if d.Strategy == RollingUpdate {
		surge, unavail, err = workload.ParseRollingUpdate(d.MaxSurge, d.MaxUnavailable)
		if err != nil {
			return surge, unavail, fmt.Errorf("%s: %w: %w", depObject(ns, name), ErrInvalid, err)
		}
	} else if d.MaxSurge != "" || d.MaxUnavailable != "" {
		return surge, unavail, depError(ns, name, "spec.strategy.rollingUpdate", d.MaxSurge+"/"+d.MaxUnavailable,
			"may not be specified when strategy `type` is 'Recreate'")
	}
	if d.ReadyAfter < 0 {
		return surge, unavail, depError(ns, name, "readyAfter", d.ReadyAfter.String(), "must not be negative")
	}
	if d.TerminationGracePeriod < 0 {
		return surge, unavail, depError(ns, name, "spec.template.spec.terminationGracePeriodSeconds",
			d.TerminationGracePeriod.String(), "must be greater than or equal to 0")
	}
	d.TerminationGracePeriod = graceOf(d.TerminationGracePeriod)
	if len(d.Selector) == 0 || maps.Equal(d.Selector, d.Labels) {
		d.Selector = nil // stored as "the template labels"
	} else {
		d.Selector = selector.Set(cloneMap(d.Selector))
	}
	d.Ports = effectivePorts(d.Ports)
	d.Containers = pod.CloneContainers(d.Containers)
	for i := range d.Containers {
		d.Containers[i].Ports = effectivePorts(d.Containers[i].Ports)
	}
	return surge, unavail, nil
}

// effectivePorts returns a copy of ports with each protocol defaulted
// (TCP).
func effectivePorts(ports []pod.ContainerPort) []pod.ContainerPort {
	ports = slices.Clone(ports)
	for i := range ports {
		ports[i].Protocol = pod.EffectiveProtocol(ports[i].Protocol)
	}
	return ports
}

func cloneMap(m map[string]string) map[string]string {
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

func (c *Cluster) lookupDep(namespace, name string) (int32, *depRec, error) {
	ns := pod.NamespaceOrDefault(namespace)
	id, ok := c.depByName.Get(nsName{ns, name})
	if !ok {
		return -1, nil, fmt.Errorf("%s: %w", depObject(ns, name), ErrNotFound)
	}
	return id, c.deps[id], nil
}

// CreateDeployment creates a Deployment. Its controller creates the
// ReplicaSet "<name>-<pod-template-hash>", whose pods "<rs>-<5 chars>"
// carry the pod-template-hash label, are spread over the ready nodes
// (least loaded first, then node order), start at once with an IP of
// their node's CIDR and become Ready after ReadyAfter. Everything happens
// through the queue: call Settle or Advance.
func (c *Cluster) CreateDeployment(d Deployment) error {
	if err := c.refuseInCallback("create deployment"); err != nil {
		return err
	}
	if err := c.refuseTerminating("deployments.apps", d.Namespace, d.Name); err != nil {
		return err
	}
	return simError(c.createDeployment(d))
}

// createDeployment validates and creates d.
func (c *Cluster) createDeployment(d Deployment) error {
	surge, unavail, err := validateDeployment(&d)
	if err != nil {
		return err
	}
	if _, ok := c.depByName.Get(nsName{d.Namespace, d.Name}); ok {
		return fmt.Errorf("deployment %s/%s: %w", d.Namespace, d.Name, ErrAlreadyExists)
	}
	c.addDeployment(&d, labelKV(d.Labels), d.Labels.String(), surge, unavail, false)
	return nil
}

// addDeployment stores d as validateDeployment leaves it, with the
// rolling-update bounds it returned and its template labels as the record
// keeps them (kv: labelKV of d.Labels, text: their String); its pods
// tolerate the control-plane taint if tolerCP. New adds the coredns
// Deployment with it, built so (coreDNSDeployment, coreDNSLabelKV).
func (c *Cluster) addDeployment(d *Deployment, kv []string, text string, surge, unavail workload.IntOrPercent, tolerCP bool) {
	id := c.newDepID()
	c.objGen++
	rec := &depRec{ns: c.namespace(d.Namespace), name: d.Name, spec: newDepSpec(d), surge: surge, unavail: unavail,
		gen: c.objGen, labelText: text, labelKV: kv, tolerCP: tolerCP, created: c.now, generation: 1}
	// Its lists start in the record: the first ReplicaSet and the usual
	// two conditions (from the first sync) cost no allocation.
	rec.rss, rec.conds = rec.rss0[:0], rec.conds0[:0]
	c.deps[id] = rec
	c.depByName.Set(nsName{d.Namespace, d.Name}, id)
	c.nsCount[rec.ns]++
	if c.tracing() {
		c.tr.PushStr(string(d.Strategy))
		c.record(trace.Rec{Name: d.Name, NS: rec.ns, Kind: evDeploymentCreated, Strs: 1, A: int64(d.Replicas)})
	}
	c.touchDep(id)
	c.flush()
}

// Scale sets a Deployment's replicas (negative or beyond int32: ErrInvalid). Mid-rollout,
// the change is spread over the active ReplicaSets proportionally, as the
// deployment controller does.
func (c *Cluster) Scale(namespace, name string, replicas int) (rerr error) {
	defer func() { rerr = simError(rerr) }()
	id, d, err := c.depForCall("scale", namespace, name)
	if err != nil {
		return err
	}
	if msg := replicasError(replicas); msg != "" {
		return depError(d.spec.Namespace, name, "spec.replicas", replicas, msg)
	}
	if c.tracing() {
		// Both counts are in [0, MaxInt32] (replicasError).
		c.record(trace.Rec{Name: d.name, NS: d.ns, Kind: evDeploymentScaled, A: int64(d.spec.Replicas)<<32 | int64(replicas)})
	}
	if d.spec.Replicas != replicas {
		d.generation++
	}
	d.spec.Replicas = replicas
	c.touchDep(id)
	c.flush()
	return nil
}

// Rollout restarts a Deployment as `kubectl rollout restart` does: the
// template gets the annotation kubectl.kubernetes.io/restartedAt = now
// (RFC 3339, seconds), hence a new pod-template-hash, a new ReplicaSet and
// a rolling update (or Recreate). A second restart within the same virtual
// second changes nothing, as with kubectl.
func (c *Cluster) Rollout(namespace, name string) (rerr error) {
	defer func() { rerr = simError(rerr) }()
	id, d, err := c.depForCall("rollout", namespace, name)
	if err != nil {
		return err
	}
	at := c.Now().Format(time.RFC3339)
	if at == d.restartedAt {
		return nil
	}
	d.restartedAt = at
	d.cur = curRS{}
	c.markTemplateChanged(d)
	d.generation++
	if c.tracing() {
		c.tr.PushStr(at)
		c.record(trace.Rec{Name: d.name, NS: d.ns, Kind: evDeploymentRestarted, Strs: 1})
	}
	c.touchDep(id)
	c.flush()
	return nil
}

// DeleteDeployment deletes a Deployment; the garbage collector deletes its
// ReplicaSets and their pods terminate gracefully.
func (c *Cluster) DeleteDeployment(namespace, name string) (rerr error) {
	defer func() { rerr = simError(rerr) }()
	id, d, err := c.depForCall("delete deployment", namespace, name)
	if err != nil {
		return err
	}
	d.deleted = true
	c.depByName.Delete(nsName{d.spec.Namespace, name})
	c.nsCount[d.ns]--
	if c.watched != 0 {
		c.markDep(d)
	}
	if c.tracing() {
		c.emit(KindDeploymentDeleted, "deployment/"+d.spec.Namespace+"/"+name, "")
	}
	for _, rs := range slices.Clone(d.rss) {
		c.deleteRS(rs)
	}
	if len(d.rss) == 0 && c.deps[id] == d { // not already freed with its last ReplicaSet
		c.freeDep(id)
	}
	c.releaseNS(d.ns)
	c.flush()
	return nil
}

// deleteRS removes a ReplicaSet object; its pods terminate. The record
// is forgotten with its last pod (at once when it has none).
func (c *Cluster) deleteRS(id int32) {
	r := c.rss[id]
	if r.deleted {
		return
	}
	r.deleted = true
	r.replicas = 0
	c.unwaitQuota(ownerReplicaSet, id) // it wants no pod: room goes to others
	c.rsByName.Delete(nsName{c.nsNames[r.tmpl.ns], r.name})
	if c.watched != 0 {
		c.markRS(id)
	}
	for _, i := range slices.Clone(r.pods) {
		c.terminate(i, "owner deleted")
	}
	if c.rss[id] == r && len(r.pods) == 0 {
		c.forgetRS(id)
	}
}

// newDepID returns a free Deployment id (a freed one first).
func (c *Cluster) newDepID() int32 {
	if n := len(c.depFree); n > 0 {
		id := c.depFree[n-1]
		c.depFree = c.depFree[:n-1]
		return id
	}
	c.deps = append(c.deps, nil)
	return int32(len(c.deps) - 1)
}

// newRSID returns a free ReplicaSet id (a freed one first).
func (c *Cluster) newRSID() int32 {
	if n := len(c.rsFree); n > 0 {
		id := c.rsFree[n-1]
		c.rsFree = c.rsFree[:n-1]
		return id
	}
	c.rss = append(c.rss, nil)
	return int32(len(c.rss) - 1)
}

// freeDep frees the record of a deleted Deployment without ReplicaSets.
func (c *Cluster) freeDep(id int32) {
	c.deps[id] = nil
	c.depFree = append(c.depFree, id)
}

// depSpec is a Deployment's spec as its record keeps it: the Deployment
// without what the record holds otherwise (the template labels, as
// labelKV and labelText) or derives (creation time, revision, status).
type depSpec struct {
	Namespace, Name                    string
	Replicas                           int
	Selector                           selector.Set
	Containers                         []Container
	Ports                              []pod.ContainerPort
	MaxSurge, MaxUnavailable           string
	Strategy                           Strategy
	ReadyAfter, TerminationGracePeriod time.Duration
	CrashLoop                          bool
}

func newDepSpec(d *Deployment) depSpec {
	return depSpec{Namespace: d.Namespace, Name: d.Name, Replicas: d.Replicas, Selector: d.Selector,
		Containers: d.Containers, Ports: d.Ports, MaxSurge: d.MaxSurge, MaxUnavailable: d.MaxUnavailable,
		Strategy: d.Strategy, ReadyAfter: d.ReadyAfter, TerminationGracePeriod: d.TerminationGracePeriod,
		CrashLoop: d.CrashLoop}
}

// deployment returns the spec as a Deployment, sharing its maps and
// slices.
func (s depSpec) deployment() Deployment {
	return Deployment{Namespace: s.Namespace, Name: s.Name, Replicas: s.Replicas, Selector: s.Selector,
		Containers: s.Containers, Ports: s.Ports, MaxSurge: s.MaxSurge, MaxUnavailable: s.MaxUnavailable,
		Strategy: s.Strategy, ReadyAfter: s.ReadyAfter, TerminationGracePeriod: s.TerminationGracePeriod,
		CrashLoop: s.CrashLoop}
}

// Strategy is a Deployment's update strategy (apps/v1 DeploymentStrategyType).
type Strategy string

// Deployment is the desired state of a set of identical pods, as an apps/v1
// Deployment (the fields svcsim models).
type Deployment struct {
	Namespace, Name string
	Replicas        int          // taken as given: 0 means zero pods
	Labels          selector.Set // pod template labels
	// Selector is spec.selector's matchLabels: empty means the template
	// labels. It must select Labels and is immutable once created
	// (ValidateDeploymentUpdate).
	Selector selector.Set
	// Containers are the template's containers, part of its hash: a
	// change starts a rollout. Ports is the shorthand for one container
	// named "app" without an image: set one or the other.
	Containers             []Container
	Ports                  []pod.ContainerPort // the shorthand's container ports
	MaxSurge               string              // "25%" or "1"; default 25%
	MaxUnavailable         string              // "25%" or "1"; default 25%
	Strategy               Strategy            // default RollingUpdate
	ReadyAfter             time.Duration       // readiness delay of new pods (virtual time)
	TerminationGracePeriod time.Duration       // 0: default 30s
	// CrashLoop makes the container of every pod of the Deployment exit
	// (with an error) at the instant it starts, so the kubelet restarts it
	// with growing CrashLoopBackOff delays; Cluster.SetCrashLoop turns it
	// off or on for one pod.
	CrashLoop bool

	// Set by the cluster (CreateDeployment ignores them).
	CreationTimestamp time.Time
	// Revision is its deployment.kubernetes.io/revision annotation: its
	// new ReplicaSet's revision, 0 before the controller's first sync
	// (kubernetes pkg/controller/deployment/util, SetDeploymentRevision).
	Revision int64
	Status   DeploymentStatus
}

// Deployment returns a copy of the Deployment namespace/name ("" namespace:
// default), defaulted, with its creation time and status.
func (c *Cluster) Deployment(namespace, name string) (Deployment, bool) {
	id, ok := c.depByName.Get(nsName{pod.NamespaceOrDefault(namespace), name})
	if !ok {
		return Deployment{}, false
	}
	d := c.deps[id]
	out := d.spec.deployment()
	out.Labels = d.labels()
	out.Ports = slices.Clone(d.spec.Ports)
	out.Selector = d.selectorSet()
	out.Containers = pod.CloneContainers(d.spec.Containers)
	if out.Strategy == RollingUpdate {
		out.MaxSurge, out.MaxUnavailable = cmp.Or(out.MaxSurge, "25%"), cmp.Or(out.MaxUnavailable, "25%")
	}
	out.CreationTimestamp = Epoch.Add(time.Duration(d.created))
	out.Status = c.deploymentStatus(d)
	out.Revision = d.revision
	return out, true
}

// Container is one container of a Deployment's pod template: its name (a
// DNS-1123 label, unique), image (required) and ports.
type Container = pod.Container

// Deployments returns copies of the Deployments of namespace ("" means
// default), sorted by name, as Deployment returns each.
func (c *Cluster) Deployments(namespace string) []Deployment {
	ns := pod.NamespaceOrDefault(namespace)
	var names []string
	for k := range c.depByName.All() {
		if k.ns == ns {
			names = append(names, k.name)
		}
	}
	slices.Sort(names)
	out := make([]Deployment, 0, len(names))
	for _, n := range names {
		d, _ := c.Deployment(ns, n)
		out = append(out, d)
	}
	return out
}

// The Deployment strategies of apps/v1.
const (
	// RollingUpdate replaces pods gradually within maxSurge/maxUnavailable
	// (the default).
	RollingUpdate Strategy = "RollingUpdate"
	// Recreate deletes every old pod before creating new ones.
	Recreate Strategy = "Recreate"
)

// depForCall is the start of a public call on Deployment namespace/name: refused
// from inside a watch callback (ErrReentrant), else its record.
func (c *Cluster) depForCall(call, namespace, name string) (int32, *depRec, error) {
	if err := c.refuseInCallback(call); err != nil {
		return -1, nil, err
	}
	return c.lookupDep(namespace, name)
}
