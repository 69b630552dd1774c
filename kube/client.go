package kube

// The client-go view of a simulated cluster: a kubernetes.Interface whose
// list, get and watch read the cluster and whose writes go through its
// API, safe for concurrent use.

import (
	"sync"

	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/kubernetes/fake"
	k8stesting "k8s.io/client-go/testing"

	"github.com/svcsim/svcsim/sim"
)

// Clientset is client-go's kubernetes.Interface served by a simulated
// cluster. Lists, gets and watches of Pods, Services, Endpoints,
// EndpointSlices (discovery/v1), Nodes, Deployments, ReplicaSets and
// StatefulSets read the cluster; creates, updates and deletes of
// Services, Deployments (and their scale subresource) and Pods go through
// the cluster's own calls and fail with the errors an API server returns
// (apierrors.IsNotFound, IsAlreadyExists, IsInvalid with the field
// causes, IsForbidden). Every other resource is one the simulated API
// server does not serve: its calls return NotFound.
//
// A Clientset is safe for concurrent use. The cluster is only touched
// under its lock: a test that runs informers in goroutines drives the
// cluster through Do, never directly, and calls no Clientset method from
// inside Do's function. Reading and watching draw no random number and
// leave the cluster's trace as it is.
//
// An object's resourceVersion is the cluster's change counter
// (sim.Cluster.ResourceVersion) at its last change, plus one; a list's is
// the counter at the list, plus one. A watch from a list's
// resourceVersion sees every later change once, in order, however many a
// call makes: its queue has no bound. WaitForWatchers waits until every
// watch has handed over the changes made so far.
type Clientset struct {
	k8sInterface // the fake clientset's typed clients, served by react and reactWatch

	fake *fake.Clientset
	mu   sync.Mutex
	c    *sim.Cluster
	kind map[*kindInfo]*kindState
	// replaying is set while a new subscription receives the objects
	// that already exist: they fill the mirror, not the history.
	replaying bool
}

// k8sInterface is embedded under its own name so that only
// kubernetes.Interface's methods are promoted.
type k8sInterface = kubernetes.Interface

var _ kubernetes.Interface = (*Clientset)(nil)

// NewClientset returns a Clientset serving c. It costs the cluster
// nothing until a kind is first read: from then on the cluster reports
// that kind's changes to the Clientset (sim.Cluster.Watch).
func NewClientset(c *sim.Cluster) *Clientset {
	f := fake.NewSimpleClientset()
	cs := &Clientset{k8sInterface: f, fake: f, c: c, kind: map[*kindInfo]*kindState{}}
	f.ReactionChain = []k8stesting.Reactor{&k8stesting.SimpleReactor{Verb: "*", Resource: "*", Reaction: cs.react}}
	f.WatchReactionChain = []k8stesting.WatchReactor{&k8stesting.SimpleWatchReactor{Resource: "*", Reaction: cs.reactWatch}}
	return cs
}

// Do runs f on the cluster under the Clientset's lock and returns its
// error: the way to advance, settle or change the cluster while clients
// of the Clientset run. The changes f makes reach the watches when f
// returns. f must not call the Clientset.
func (cs *Clientset) Do(f func(*sim.Cluster) error) error {
	// The fake records every call; Do drops the record, which nothing
	// reads, so that it does not grow without bound.
	cs.fake.ClearActions()
	cs.mu.Lock()
	defer cs.mu.Unlock()
	return f(cs.c)
}
