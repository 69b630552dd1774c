package simtest

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"time"

	"pgregory.net/rapid"

	"github.com/svcsim/svcsim/endpoints"
	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
	"github.com/svcsim/svcsim/service"
	"github.com/svcsim/svcsim/sim"
)

// The churn actions, by their key in the map Actions returns (rapid
// prints the key of every step it draws). Delete a key from the map to
// leave an action out.
const (
	ActionScale         = "scale"
	ActionDeletePod     = "delete pod"
	ActionCrash         = "crash"
	ActionRelabel       = "relabel"
	ActionSetReady      = "set ready"
	ActionRollout       = "rollout"
	ActionFailNode      = "fail node"
	ActionRecoverNode   = "recover node"
	ActionUpdateService = "update service"
	ActionAdvance       = "advance"
)

// ActionOptions say what the churn actions touch and how far they go.
type ActionOptions struct {
	// Namespace holds the Deployments, pods and Services the actions pick
	// from; "" means default.
	Namespace string
	// MaxReplicas bounds scale; 0 means 5.
	MaxReplicas int
	// Waits are the durations advance picks from; nil means 1s, 10s, 1m
	// and 5m (a node failure is noticed after 50 s, its pods evicted 300 s
	// later).
	Waits []time.Duration
}

// Actions returns the churn actions for rapid's T.Repeat, each picking
// its target among the objects of opts.Namespace at the time it runs
// (skipping itself when there is none) and logging what it does as a
// kubectl command, or a "#" comment where kubectl has none, so a shrunk
// failing case reads as a script:
//
//   - scale: kubectl scale deployment web --replicas=0
//   - delete pod: kubectl delete pod web-5d4f8b7c9-x2kqp
//   - crash: kubectl exec web-5d4f8b7c9-x2kqp -- kill 1 (Cluster.CrashPod)
//   - relabel: kubectl label pod web-5d4f8b7c9-x2kqp app=other --overwrite
//   - set ready: # web-5d4f8b7c9-x2kqp's readiness probe fails
//   - rollout: kubectl rollout restart deployment web
//   - fail node, recover node: # node-2 fails, # node-2 recovers
//   - update service: kubectl patch service web -p '...' toggling
//     publishNotReadyAddresses or sessionAffinity, or changing a selector
//     value (never the type, ClusterIP or ports: the front end stays)
//   - advance: # 10s pass (Cluster.Advance)
//
// Deployments are those that own a ReplicaSet (the deployment controller
// has synced them), Services are those with a selector. A call the
// cluster refuses (sim.ErrInvalid, ErrNotFound, ErrForbidden, ErrFull,
// ErrAlreadyExists: e.g. a pod whose node failed a moment ago cannot be
// marked ready) is logged and the run goes on, since a refused call
// changes nothing; any other error fails it.
// The actions never call Settle: Invariants does, after every step.
func Actions(c *Cluster, opts ActionOptions) map[string]func(*rapid.T) {
	a := &actor{c: c, ns: pod.NamespaceOrDefault(opts.Namespace), max: opts.MaxReplicas}
	if a.max <= 0 {
		a.max = 5
	}
	if opts.Waits == nil {
		opts.Waits = []time.Duration{time.Second, 10 * time.Second, time.Minute, 5 * time.Minute}
	}
	for _, d := range opts.Waits {
		if d >= 0 {
			a.waits = append(a.waits, d)
		}
	}
	slices.Sort(a.waits)
	a.waits = slices.Compact(a.waits)
	for _, d := range a.waits {
		a.waitNames = append(a.waitNames, d.String())
	}
	return map[string]func(*rapid.T){
		ActionScale:         a.scale,
		ActionDeletePod:     a.deletePod,
		ActionCrash:         a.crash,
		ActionRelabel:       a.relabel,
		ActionSetReady:      a.setReady,
		ActionRollout:       a.rollout,
		ActionFailNode:      a.failNode,
		ActionRecoverNode:   a.recoverNode,
		ActionUpdateService: a.updateService,
		ActionAdvance:       a.advance,
	}
}

type actor struct {
	c         *Cluster
	ns        string
	max       int
	waits     []time.Duration // sorted, so a wait shrinks to the shortest
	waitNames []string
	// The lists targets are picked from, and the label keys and values
	// relabel and update service draw from, their arrays reused by the
	// next step: an action reads them only until it has drawn from them.
	names []string
	keys  []string
	vals  []string
	pods  []sim.PodState
	nodes []sim.NodeState
	deps  []sim.DeploymentState
}

func (a *actor) scale(rt *rapid.T) {
	d := a.pick(rt, "deployment", a.deployments())
	n := rapid.IntRange(0, a.max).Draw(rt, "replicas")
	a.do(rt, a.c.Scale(a.ns, d, n), "kubectl scale deployment %s --replicas=%d%s", d, n, a.flag())
}

func (a *actor) rollout(rt *rapid.T) {
	d := a.pick(rt, "deployment", a.deployments())
	a.do(rt, a.c.Rollout(a.ns, d), "kubectl rollout restart deployment %s%s", d, a.flag())
}

func (a *actor) deletePod(rt *rapid.T) {
	p := a.pick(rt, "pod", a.podNames(func(sim.PodState) bool { return true }))
	a.do(rt, a.c.DeletePod(a.ns, p), "kubectl delete pod %s%s", p, a.flag())
}

func (a *actor) crash(rt *rapid.T) {
	p := a.pick(rt, "pod", a.podNames(a.runs()))
	a.do(rt, a.c.CrashPod(a.ns, p), "kubectl exec %s%s -- kill 1", p, a.flag())
}

func (a *actor) setReady(rt *rapid.T) {
	p := a.pick(rt, "pod", a.podNames(a.runs()))
	ready := rapid.Bool().Draw(rt, "ready")
	verdict := "fails"
	if ready {
		verdict = "succeeds"
	}
	a.do(rt, a.c.SetPodReady(a.ns, p, ready), "# %s's readiness probe %s", p, verdict)
}

func (a *actor) relabel(rt *rapid.T) {
	pods := a.c.PodSummaries(a.ns, selector.Everything())
	a.names = a.names[:0]
	for _, p := range pods {
		if hasUserKey(p.Labels) {
			a.names = append(a.names, p.Name)
		}
	}
	name := a.pick(rt, "pod", a.names)
	p := pods[slices.IndexFunc(pods, func(p sim.PodSummary) bool { return p.Name == name })]
	key := rapid.SampledFrom(a.userKeys(p.Labels)).Draw(rt, "key")
	value := rapid.SampledFrom(a.values(key, pods, a.c.Services(a.ns))).Draw(rt, "value")
	labels := p.Labels // a copy
	labels[key] = value
	a.do(rt, a.c.SetPodLabels(a.ns, name, labels), "kubectl label pod %s %s=%s --overwrite%s", name, key, value, a.flag())
}

func (a *actor) failNode(rt *rapid.T) {
	n := a.pick(rt, "node", a.nodeNames(true))
	a.do(rt, a.c.FailNode(n), "# %s fails", n)
}

func (a *actor) recoverNode(rt *rapid.T) {
	n := a.pick(rt, "node", a.nodeNames(false))
	a.do(rt, a.c.RecoverNode(n), "# %s recovers", n)
}

func (a *actor) updateService(rt *rapid.T) {
	svcs := a.c.Services(a.ns)
	a.names = a.names[:0]
	for _, s := range svcs {
		if endpoints.Manages(s) {
			a.names = append(a.names, s.Name)
		}
	}
	name := a.pick(rt, "service", a.names)
	s := svcs[slices.IndexFunc(svcs, func(s service.Service) bool { return s.Name == name })]
	var patch string
	switch rapid.SampledFrom([]string{"publishNotReadyAddresses", "sessionAffinity", "selector"}).Draw(rt, "field") {
	case "publishNotReadyAddresses":
		s.PublishNotReadyAddresses = !s.PublishNotReadyAddresses
		patch = fmt.Sprintf(`{"spec":{"publishNotReadyAddresses":%t}}`, s.PublishNotReadyAddresses)
	case "sessionAffinity":
		s.SessionAffinity = service.SessionAffinityClientIP
		if rapid.Bool().Draw(rt, "none") {
			s.SessionAffinity = service.SessionAffinityNone
		}
		patch = fmt.Sprintf(`{"spec":{"sessionAffinity":%q}}`, s.SessionAffinity)
	default:
		key := rapid.SampledFrom(slices.Sorted(maps.Keys(s.Selector))).Draw(rt, "key")
		value := rapid.SampledFrom(a.values(key, a.c.PodSummaries(a.ns, selector.Everything()), svcs)).Draw(rt, "value")
		s.Selector = maps.Clone(s.Selector)
		s.Selector[key] = value
		patch = fmt.Sprintf(`{"spec":{"selector":{%q:%q}}}`, key, value)
	}
	_, err := a.c.UpdateService(s)
	a.do(rt, err, "kubectl patch service %s%s -p '%s'", name, a.flag(), patch)
}

func (a *actor) advance(rt *rapid.T) {
	w := a.pick(rt, "wait", a.waitNames)
	a.do(rt, a.c.Advance(a.waits[slices.Index(a.waitNames, w)]), "# %s pass", w)
}

// do logs the command (format and args, rendered only when rapid prints
// the log) and the outcome err of the call made: a refused call is
// logged, any other error fails the run, reported at the action's line.
func (a *actor) do(rt *rapid.T, err error, format string, args ...any) {
	rt.Logf(format, args...)
	switch {
	case err == nil:
	case errors.Is(err, sim.ErrInvalid), errors.Is(err, sim.ErrNotFound), errors.Is(err, sim.ErrForbidden),
		errors.Is(err, sim.ErrFull), errors.Is(err, sim.ErrAlreadyExists):
		rt.Logf("  refused: %v", err)
	default:
		rt.Helper() // here, not on entry: it walks the stack, and only a failure needs it
		rt.Fatalf("%s: %v", fmt.Sprintf(format, args...), err)
	}
}

// pick draws one of names (it shrinks to the first) or skips
// the action when there is none.
func (a *actor) pick(rt *rapid.T, label string, names []string) string {
	if a.c == nil || a.c.Cluster == nil {
		rt.Fatalf("simtest.Actions: nil Cluster (build one with simtest.New)")
	}
	if len(names) == 0 {
		rt.Skipf("no %s to pick", label)
	}
	return rapid.SampledFrom(names).Draw(rt, label)
}

func (a *actor) flag() string {
	if a.ns == pod.DefaultNamespace {
		return ""
	}
	return " -n " + a.ns
}

// deployments lists in a.names (valid until the next call) the
// Deployments of the namespace that own a ReplicaSet, sorted: those the
// deployment controller has synced (Revision above 0; it makes the first
// ReplicaSet then, and a Deployment's ReplicaSets go only with it).
func (a *actor) deployments() []string {
	a.deps = a.c.AppendDeploymentStates(a.deps[:0], a.ns)
	a.names = a.names[:0]
	for _, d := range a.deps {
		if d.Revision > 0 {
			a.names = append(a.names, d.Name)
		}
	}
	return a.names
}

// podNames lists the names of the namespace's pods that keep keeps,
// sorted, in a.names (valid until the next call).
func (a *actor) podNames(keep func(sim.PodState) bool) []string {
	a.pods = a.c.AppendPodStates(a.pods[:0], a.ns, selector.Everything())
	a.names = a.names[:0]
	for _, p := range a.pods {
		if keep(p) {
			a.names = append(a.names, p.Name)
		}
	}
	return a.names
}

// runs keeps the pods whose container runs on a Ready node: those a
// crash or a readiness verdict applies to.
func (a *actor) runs() func(sim.PodState) bool {
	a.nodes = a.c.AppendNodeStates(a.nodes[:0]) // a handful: a scan beats a map
	return func(p sim.PodState) bool {
		return p.Phase == pod.Running && p.ContainerReason == "" &&
			slices.ContainsFunc(a.nodes, func(n sim.NodeState) bool { return n.Ready && n.Name == p.NodeName })
	}
}

// nodeNames lists the names of the nodes whose readiness is ready, in
// node order, in a.names (valid until the next call).
func (a *actor) nodeNames(ready bool) []string {
	a.nodes = a.c.AppendNodeStates(a.nodes[:0])
	a.names = a.names[:0]
	for _, n := range a.nodes {
		if n.Ready == ready {
			a.names = append(a.names, n.Name)
		}
	}
	return a.names
}

// values lists in a.vals (valid until the next call) the values key
// takes on the labels of pods and the selectors of svcs (the
// namespace's), and "other", sorted, each once.
func (a *actor) values(key string, pods []sim.PodSummary, svcs []service.Service) []string {
	vals := append(a.vals[:0], "other")
	for _, p := range pods {
		if v, ok := p.Labels[key]; ok {
			vals = append(vals, v)
		}
	}
	for _, s := range svcs {
		if v, ok := s.Selector[key]; ok {
			vals = append(vals, v)
		}
	}
	slices.Sort(vals)
	a.vals = slices.Compact(vals)
	return a.vals
}

// hasUserKey reports whether a pod has a label key userKeys lists.
func hasUserKey(l selector.Set) bool {
	for k := range l {
		if k != "pod-template-hash" {
			return true
		}
	}
	return false
}

// userKeys lists in a.keys (valid until the next call) a pod's label
// keys but the ReplicaSet's pod-template-hash, sorted.
func (a *actor) userKeys(l selector.Set) []string {
	a.keys = a.keys[:0]
	for k := range l {
		if k != "pod-template-hash" {
			a.keys = append(a.keys, k)
		}
	}
	slices.Sort(a.keys)
	return a.keys
}
