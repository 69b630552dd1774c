package sim

// The public calls on StatefulSets: create, read, scale, restart (as
// `kubectl rollout restart statefulset`), update and delete. Defaults
// follow kubernetes pkg/apis/apps/v1/defaults.go (SetDefaults_StatefulSet),
// validation pkg/apis/apps/validation/validation.go (ValidateStatefulSet,
// ValidateStatefulSetUpdate).

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/svcsim/svcsim/internal/validation"
	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
)

// PodManagementPolicy is how a StatefulSet creates and deletes its pods
// (apps/v1 PodManagementPolicyType).
type PodManagementPolicy string

// The pod management policies of apps/v1.
const (
	// OrderedReady creates pods one at a time in ascending ordinal, each
	// once its predecessors are Running and Ready, and deletes them one
	// at a time in descending ordinal (the default).
	OrderedReady PodManagementPolicy = "OrderedReady"
	// Parallel creates and deletes all pods at once, waiting for none;
	// updates still go one pod at a time.
	Parallel PodManagementPolicy = "Parallel"
)

// OnDelete is the StatefulSet update strategy under which the controller
// never replaces a pod for an update: a pod deleted by the user comes back
// at the update revision. (RollingUpdate, the default, is the other.)
const OnDelete Strategy = "OnDelete"

// StatefulSet is an apps/v1 StatefulSet whose selector equals its template
// labels: pods <name>-0 … <name>-<replicas-1>, each with a stable name,
// hostname (its name) and subdomain (ServiceName).
type StatefulSet struct {
	Namespace, Name string
	Replicas        int          // taken as given: 0 means zero pods
	ServiceName     string       // the governing (headless) Service: the pods' subdomain
	Labels          selector.Set // pod template labels (selector = these)
	Containers      []Container  // at least one
	// PodManagementPolicy: OrderedReady (default) or Parallel.
	PodManagementPolicy PodManagementPolicy
	// UpdateStrategy: RollingUpdate (default) or OnDelete.
	UpdateStrategy Strategy
	// Partition of a RollingUpdate: pods with a lower ordinal stay at the
	// current revision.
	Partition              int
	ReadyAfter             time.Duration // readiness delay of new pods (virtual time)
	TerminationGracePeriod time.Duration // 0: default 30s

	// Set by the cluster (CreateStatefulSet ignores them).
	CreationTimestamp time.Time
	Status            StatefulSetStatus
}

// StatefulSetStatus is a StatefulSet's status, as the controller computes
// it (pkg/controller/statefulset/stateful_set_control.go,
// computeReplicaStatus; minReadySeconds is 0, so available means ready).
type StatefulSetStatus struct {
	Replicas          int // pods that exist, terminating ones included
	ReadyReplicas     int // Running and Ready
	AvailableReplicas int // Ready (minReadySeconds 0)
	CurrentReplicas   int // not terminating, at CurrentRevision
	UpdatedReplicas   int // not terminating, at UpdateRevision
	// CurrentRevision and UpdateRevision name ControllerRevisions
	// "<name>-<hash>", the pods' controller-revision-hash label.
	CurrentRevision, UpdateRevision string
}

// The labels the StatefulSet controller puts on its pods (k8s.io/api
// apps/v1 types.go).
const (
	LabelStatefulSetPodName = "statefulset.kubernetes.io/pod-name"
	LabelPodIndex           = "apps.kubernetes.io/pod-index"
	LabelControllerRevision = "controller-revision-hash"
)

// stsObject names a StatefulSet in an error, a name beyond maxEchoed cut
// short.
func stsObject(ns, name string) string {
	if len(name) > maxEchoed {
		name = name[:maxEchoed] + "..."
	}
	return "statefulset " + ns + "/" + name
}

func stsError(ns, name, field string, value any, detail string) error {
	return &pod.FieldError{Object: stsObject(ns, name), Field: field, Type: pod.ErrorTypeInvalid,
		Value: value, Detail: detail, Sentinel: ErrInvalid}
}

// validateStatefulSet defaults and checks s. Errors wrap ErrInvalid and
// name the field.
func validateStatefulSet(s *StatefulSet) error {
	s.Namespace = pod.NamespaceOrDefault(s.Namespace)
	ns, name := s.Namespace, s.Name
	if msgs := validation.IsDNS1123Label(ns); len(msgs) > 0 {
		return stsError(ns, name, "metadata.namespace", ns, msgs[0])
	}
	if name == "" {
		return &pod.FieldError{Object: stsObject(ns, ""), Field: "metadata.name", Type: pod.ErrorTypeRequired,
			Detail: "name or generateName is required", Sentinel: ErrInvalid}
	}
	// The pods' hostname is their name "<name>-<ordinal>": a DNS label.
	if errs := pod.NameErrors(stsObject(ns, name), "metadata.name", name, validation.DNS1123LabelMaxLength,
		validation.IsDNS1123Label, ErrInvalid); len(errs) > 0 {
		return errs[0]
	}
	if msg := replicasError(s.Replicas); msg != "" {
		return stsError(ns, name, "spec.replicas", s.Replicas, msg)
	}
	if s.ServiceName != "" {
		if msgs := validation.IsDNS1123Label(s.ServiceName); len(msgs) > 0 {
			return stsError(ns, name, "spec.serviceName", s.ServiceName, msgs[0])
		}
	}
	if len(s.Labels) == 0 {
		return &pod.FieldError{Object: stsObject(ns, name), Field: "spec.selector", Type: pod.ErrorTypeRequired,
			Detail: "the pod template needs labels to select", Sentinel: ErrInvalid}
	}
	if err := s.Labels.Validate(); err != nil {
		return stsError(ns, name, "spec.template.metadata.labels", s.Labels.String(), err.Error())
	}
	for _, k := range []string{LabelControllerRevision, LabelStatefulSetPodName, LabelPodIndex} {
		if _, ok := s.Labels[k]; ok {
			return stsError(ns, name, "spec.template.metadata.labels", s.Labels.String(), k+" is set by the controller")
		}
	}
	if err := validateContainers(stsObject(ns, name), s.Containers); err != nil {
		return err
	}
	switch s.PodManagementPolicy {
	case "":
		s.PodManagementPolicy = OrderedReady
	case OrderedReady, Parallel:
	default:
		return &pod.FieldError{Object: stsObject(ns, name), Field: "spec.podManagementPolicy", Type: pod.ErrorTypeNotSupported,
			Value: string(s.PodManagementPolicy), Detail: `supported values: "OrderedReady", "Parallel"`, Sentinel: ErrInvalid}
	}
	switch s.UpdateStrategy {
	case "":
		s.UpdateStrategy = RollingUpdate
	case RollingUpdate, OnDelete:
	default:
		return &pod.FieldError{Object: stsObject(ns, name), Field: "spec.updateStrategy.type", Type: pod.ErrorTypeNotSupported,
			Value: string(s.UpdateStrategy), Detail: `supported values: "OnDelete", "RollingUpdate"`, Sentinel: ErrInvalid}
	}
	if s.Partition < 0 {
		return stsError(ns, name, "spec.updateStrategy.rollingUpdate.partition", s.Partition, "must be greater than or equal to 0")
	}
	if s.Partition > 0 && s.UpdateStrategy == OnDelete {
		return stsError(ns, name, "spec.updateStrategy.rollingUpdate", s.Partition, "only allowed for updateStrategy 'RollingUpdate'")
	}
	if s.ReadyAfter < 0 {
		return stsError(ns, name, "readyAfter", s.ReadyAfter.String(), "must not be negative")
	}
	if s.TerminationGracePeriod < 0 {
		return stsError(ns, name, "spec.template.spec.terminationGracePeriodSeconds",
			s.TerminationGracePeriod.String(), "must be greater than or equal to 0")
	}
	s.TerminationGracePeriod = graceOf(s.TerminationGracePeriod)
	s.Labels = selector.Set(maps.Clone(s.Labels))
	s.Containers = cloneContainers(s.Containers)
	s.CreationTimestamp, s.Status = time.Time{}, StatefulSetStatus{}
	return nil
}

// validateContainers checks a pod template's containers as
// ValidatePodTemplateSpec does for the fields svcsim models: at least one;
// each named by a unique DNS-1123 label, with an image, and valid ports.
func validateContainers(obj string, cs []Container) error {
	if len(cs) == 0 {
		return &pod.FieldError{Object: obj, Field: "spec.template.spec.containers", Type: pod.ErrorTypeRequired, Sentinel: ErrInvalid}
	}
	seen := map[string]bool{}
	for k, ct := range cs {
		path := "spec.template.spec.containers[" + strconv.Itoa(k) + "]"
		switch {
		case ct.Name == "":
			return &pod.FieldError{Object: obj, Field: path + ".name", Type: pod.ErrorTypeRequired, Sentinel: ErrInvalid}
		case len(validation.IsDNS1123Label(ct.Name)) > 0:
			return &pod.FieldError{Object: obj, Field: path + ".name", Type: pod.ErrorTypeInvalid, Value: ct.Name,
				Detail: validation.IsDNS1123Label(ct.Name)[0], Sentinel: ErrInvalid}
		case seen[ct.Name]:
			return &pod.FieldError{Object: obj, Field: path + ".name", Type: pod.ErrorTypeDuplicate, Value: ct.Name, Sentinel: ErrInvalid}
		case strings.TrimSpace(ct.Image) == "":
			return &pod.FieldError{Object: obj, Field: path + ".image", Type: pod.ErrorTypeRequired, Sentinel: ErrInvalid}
		}
		seen[ct.Name] = true
		probe := pod.Pod{Namespace: "default", Name: "template", Ports: ct.Ports}
		if err := probe.Validate(); err != nil {
			return fmt.Errorf("%s: %s: %w: %w", obj, path, ErrInvalid, err)
		}
	}
	return nil
}

func cloneContainers(cs []Container) []Container {
	out := slices.Clone(cs)
	for i := range out {
		out[i].Ports = slices.Clone(out[i].Ports)
		for k := range out[i].Ports {
			out[i].Ports[k].Protocol = pod.EffectiveProtocol(out[i].Ports[k].Protocol)
		}
	}
	return out
}

func (c *Cluster) lookupSTS(namespace, name string) (int32, *stsRec, error) {
	ns := pod.NamespaceOrDefault(namespace)
	id, ok := c.stsByName[nsName{ns, name}]
	if !ok {
		return -1, nil, fmt.Errorf("%s: %w", stsObject(ns, name), ErrNotFound)
	}
	return id, c.stss[id], nil
}

// CreateStatefulSet creates a StatefulSet. Its controller creates the pods
// <name>-0, <name>-1, … (OrderedReady: the next once the previous is
// Running and Ready; Parallel: all at once), each with its name as
// hostname, ServiceName as subdomain and the labels
// statefulset.kubernetes.io/pod-name, apps.kubernetes.io/pod-index and
// controller-revision-hash on top of the template's. The controller does
// not create the governing Service: a headless Service named ServiceName
// selecting the pods gives each the DNS name
// <pod>.<ServiceName>.<namespace>.svc.<zone>. Everything happens through
// the queue: call Settle or Advance.
func (c *Cluster) CreateStatefulSet(s StatefulSet) (rerr error) {
	defer func() { rerr = simError(rerr) }()
	if err := c.refuseInCallback("create statefulset"); err != nil {
		return err
	}
	if err := c.refuseTerminating("statefulsets.apps", s.Namespace, s.Name); err != nil {
		return err
	}
	if err := validateStatefulSet(&s); err != nil {
		return err
	}
	if _, ok := c.stsByName[nsName{s.Namespace, s.Name}]; ok {
		return fmt.Errorf("%s: %w", stsObject(s.Namespace, s.Name), ErrAlreadyExists)
	}
	id := c.newSTS(s)
	if c.tracing() {
		c.emit(KindStatefulSetCreated, "statefulset/"+s.Namespace+"/"+s.Name,
			"replicas "+strconv.Itoa(s.Replicas)+" podManagementPolicy "+string(s.PodManagementPolicy)+
				" updateStrategy "+string(s.UpdateStrategy))
	}
	c.touchSTS(id)
	c.flush()
	return nil
}

// StatefulSet returns a copy of the StatefulSet namespace/name ("" namespace:
// default), defaulted, with its creation time and status.
func (c *Cluster) StatefulSet(namespace, name string) (StatefulSet, bool) {
	id, ok := c.stsByName[nsName{pod.NamespaceOrDefault(namespace), name}]
	if !ok {
		return StatefulSet{}, false
	}
	return c.apiSTS(id), true
}

// StatefulSets returns copies of the StatefulSets of namespace ("" means
// default), sorted by name.
func (c *Cluster) StatefulSets(namespace string) []StatefulSet {
	ns := pod.NamespaceOrDefault(namespace)
	var out []StatefulSet
	for key, id := range c.stsByName {
		if key.ns == ns {
			out = append(out, c.apiSTS(id))
		}
	}
	slices.SortFunc(out, func(a, b StatefulSet) int { return strings.Compare(a.Name, b.Name) })
	return out
}

func (c *Cluster) apiSTS(id int32) StatefulSet {
	s := c.stss[id]
	out := s.spec
	out.Labels = maps.Clone(s.spec.Labels)
	out.Containers = cloneContainers(s.spec.Containers)
	out.CreationTimestamp = Epoch.Add(time.Duration(s.created))
	out.Status = c.stsStatus(s)
	return out
}

// ScaleStatefulSet sets a StatefulSet's replicas (kubectl scale sts): new
// ordinals are created, the highest ones deleted, as its pod management
// policy orders.
func (c *Cluster) ScaleStatefulSet(namespace, name string, replicas int) (rerr error) {
	defer func() { rerr = simError(rerr) }()
	id, s, err := c.stsForCall("scale statefulset", namespace, name)
	if err != nil {
		return err
	}
	if msg := replicasError(replicas); msg != "" {
		return stsError(s.spec.Namespace, name, "spec.replicas", replicas, msg)
	}
	if c.tracing() {
		c.emit(KindStatefulSetScaled, "statefulset/"+s.spec.Namespace+"/"+name,
			"replicas "+strconv.Itoa(s.spec.Replicas)+" -> "+strconv.Itoa(replicas))
	}
	s.spec.Replicas = replicas
	c.touchSTS(id)
	c.flush()
	return nil
}

// RolloutStatefulSet restarts a StatefulSet as `kubectl rollout restart
// statefulset` does: the template gets the annotation
// kubectl.kubernetes.io/restartedAt = now (RFC 3339, seconds), hence a new
// update revision; RollingUpdate then replaces the pods from the highest
// ordinal down to the partition, one at a time, each under its own name
// (OnDelete: only as the user deletes them). A second restart within the
// same virtual second changes nothing, as with kubectl.
func (c *Cluster) RolloutStatefulSet(namespace, name string) (rerr error) {
	defer func() { rerr = simError(rerr) }()
	id, s, err := c.stsForCall("rollout statefulset", namespace, name)
	if err != nil {
		return err
	}
	at := c.Now().Format(time.RFC3339)
	if at == s.restartedAt {
		return nil
	}
	s.restartedAt = at
	c.setUpdateRevision(s)
	if c.tracing() {
		c.emit(KindStatefulSetRestarted, "statefulset/"+s.spec.Namespace+"/"+name, "restartedAt "+at)
	}
	c.touchSTS(id)
	c.flush()
	return nil
}

// UpdateStatefulSet changes a StatefulSet's spec. As upstream
// (ValidateStatefulSetUpdate), only replicas, the template's containers,
// readiness delay and grace period, and the update strategy and partition
// may change; a change of the template makes a new update revision (or
// reuses an older equal one) and the update strategy replaces the pods.
func (c *Cluster) UpdateStatefulSet(s StatefulSet) (rerr error) {
	defer func() { rerr = simError(rerr) }()
	if err := c.refuseInCallback("update statefulset"); err != nil {
		return err
	}
	if err := validateStatefulSet(&s); err != nil {
		return err
	}
	id, r, err := c.lookupSTS(s.Namespace, s.Name)
	if err != nil {
		return err
	}
	old := r.spec
	if s.ServiceName != old.ServiceName || s.PodManagementPolicy != old.PodManagementPolicy || !maps.Equal(s.Labels, old.Labels) {
		return &pod.FieldError{Object: stsObject(s.Namespace, s.Name), Field: "spec", Type: pod.ErrorTypeForbidden,
			Detail: "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', " +
				"'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
			Sentinel: ErrInvalid}
	}
	r.spec = s
	c.setUpdateRevision(r)
	if c.tracing() {
		c.emit(KindStatefulSetUpdated, "statefulset/"+s.Namespace+"/"+s.Name,
			"replicas "+strconv.Itoa(s.Replicas)+" updateRevision "+r.revs[r.upd].name)
	}
	c.touchSTS(id)
	c.flush()
	return nil
}

// DeleteStatefulSet deletes a StatefulSet; the garbage collector deletes
// its pods, which terminate gracefully (all at once, in no order).
func (c *Cluster) DeleteStatefulSet(namespace, name string) (rerr error) {
	defer func() { rerr = simError(rerr) }()
	id, s, err := c.stsForCall("delete statefulset", namespace, name)
	if err != nil {
		return err
	}
	s.deleted = true
	delete(c.stsByName, nsName{s.spec.Namespace, name})
	c.nsCount[s.ns]--
	c.unwaitQuota(ownerStatefulSet, id)
	if c.watched != 0 {
		c.markSTS(id)
	}
	if c.tracing() {
		c.emit(KindStatefulSetDeleted, "statefulset/"+s.spec.Namespace+"/"+name, "")
	}
	for _, i := range slices.Clone(s.pods) {
		c.terminate(i, "owner deleted")
	}
	if c.stss[id] == s && len(s.pods) == 0 {
		c.freeSTS(id)
	}
	c.releaseNS(s.ns)
	c.flush()
	return nil
}

// stsForCall is the start of a public call on StatefulSet namespace/name: refused
// from inside a watch callback (ErrReentrant), else its record.
func (c *Cluster) stsForCall(call, namespace, name string) (int32, *stsRec, error) {
	if err := c.refuseInCallback(call); err != nil {
		return -1, nil, err
	}
	return c.lookupSTS(namespace, name)
}
