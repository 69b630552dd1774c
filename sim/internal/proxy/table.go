package proxy

import (
	"errors"
	"math/rand/v2"
	"net/netip"
	"time"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/service"
)

// Backend is one endpoint of a Service port as kube-proxy sees it in the
// EndpointSlices: address, resolved target port, node, pod and conditions.
type Backend struct {
	IP          netip.Addr
	Port        int32  // resolved target port
	Node        string // nodeName
	Pod         string // "namespace/name"
	Ready       bool
	Serving     bool
	Terminating bool
}

// DefaultAffinityTimeout is the ClientIP session affinity timeout when the
// Service does not set one (sessionAffinityConfig.clientIP.timeoutSeconds
// default 10800).
const DefaultAffinityTimeout = 10800 * time.Second

// Errors of Route. Each Route error wraps exactly one of them.
var (
	// ErrNoRule reports a destination no rule matches: not a ClusterIP,
	// NodePort or load-balancer address of a programmed Service port.
	ErrNoRule = errors.New("no kube-proxy rule")
	// ErrRejected reports kube-proxy's REJECT rule: the Service port has no
	// usable endpoint (the client sees "connection refused").
	ErrRejected = errors.New("rejected: no usable endpoints")
	// ErrDropped reports a packet that is dropped (the client times out):
	// an externalTrafficPolicy=Local node without local endpoints, a
	// ClusterIP from outside the cluster, a load balancer with no healthy
	// node, a node that is down.
	ErrDropped = errors.New("dropped")
)

// Table is the programmed rule set. The zero value is not usable; use New.
type Table struct {
	r *rand.Rand
}

// New returns an empty table drawing backend choices from r.
func New(r *rand.Rand) *Table {
	return &Table{r: r}
}

// SetNode adds or updates a node: its kube-proxy owns ip (NodePorts are
// open on it); a node that is not ready answers nothing and receives no
// load-balancer traffic.
func (t *Table) SetNode(name string, ip netip.Addr, ready bool) {}

// RemoveNode forgets a node and its affinity state.
func (t *Table) RemoveNode(name string) {}

// Program installs (or replaces) the rules of svc. backends[i] are the
// EndpointSlice endpoints of svc.Ports[i] (missing entries mean none). The
// table copies what it keeps; the caller may reuse the slices. Headless and
// ExternalName Services get no rules.
func (t *Table) Program(svc service.Service, backends [][]Backend) {}

// Remove deletes the rules of namespace/name (no-op if absent).
func (t *Table) Remove(namespace, name string) {}

// Request is a new connection's first packet.
type Request struct {
	Src      netip.Addr     // client address
	SrcNode  string         // node a pod client runs on; "" for a client outside the cluster
	Dst      netip.AddrPort // destination
	Protocol pod.Protocol   // "" means TCP
	Now      time.Time      // virtual time, for session affinity
}

// Decision is where a connection went, or how far it got.
type Decision struct{}

// Route decides where a new connection goes.
func (t *Table) Route(req Request) (Decision, error) {
	return Decision{}, ErrNoRule
}
