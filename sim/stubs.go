package sim

import (
	"time"

	"github.com/svcsim/svcsim/endpoints"
	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
	"github.com/svcsim/svcsim/service"
)

// Cluster is a simulated Kubernetes cluster. It is not safe for concurrent
// use.
type Cluster struct {
	cfg Config
	now time.Time
}

// New builds a cluster from cfg (zero fields take their defaults).
func New(cfg Config) (*Cluster, error) { return &Cluster{cfg: cfg, now: epoch}, nil }

// CreateDeployment creates a Deployment and, through the controllers, its pods.
func (c *Cluster) CreateDeployment(d Deployment) error { return errNotImplemented }

// DeleteDeployment deletes a Deployment; its pods terminate gracefully.
func (c *Cluster) DeleteDeployment(namespace, name string) error { return errNotImplemented }

// Scale sets a Deployment's replica count.
func (c *Cluster) Scale(namespace, name string, replicas int) error { return errNotImplemented }

// Rollout restarts a Deployment as `kubectl rollout restart` does.
func (c *Cluster) Rollout(namespace, name string) error { return errNotImplemented }

// CreatePod creates a bare pod (no controller).
func (c *Cluster) CreatePod(p pod.Pod) (pod.Pod, error) { return pod.Pod{}, errNotImplemented }

// Pod returns a pod by name.
func (c *Cluster) Pod(namespace, name string) (pod.Pod, bool) { return pod.Pod{}, false }

// DeletePod deletes a pod gracefully; an owned pod is replaced.
func (c *Cluster) DeletePod(namespace, name string) error { return errNotImplemented }

// CrashPod restarts a pod's container in place.
func (c *Cluster) CrashPod(namespace, name string) error { return errNotImplemented }

// SetPodReady records a readiness probe's verdict.
func (c *Cluster) SetPodReady(namespace, name string, ready bool) error { return errNotImplemented }

// SetPodLabels replaces a pod's labels.
func (c *Cluster) SetPodLabels(namespace, name string, labels selector.Set) error {
	return errNotImplemented
}

// FailNode makes a node stop answering.
func (c *Cluster) FailNode(name string) error { return errNotImplemented }

// RecoverNode brings a failed node back.
func (c *Cluster) RecoverNode(name string) error { return errNotImplemented }

// CreateService creates a Service, allocating its addresses and ports.
func (c *Cluster) CreateService(s service.Service) (service.Service, error) {
	return service.Service{}, errNotImplemented
}

// UpdateService updates a Service under Kubernetes' update rules.
func (c *Cluster) UpdateService(s service.Service) (service.Service, error) {
	return service.Service{}, errNotImplemented
}

// DeleteService deletes a Service and releases its addresses and ports.
func (c *Cluster) DeleteService(namespace, name string) error { return errNotImplemented }

// Advance runs the virtual clock forward by exactly d.
func (c *Cluster) Advance(d time.Duration) error { return errNotImplemented }

// Settle runs until no work is pending.
func (c *Cluster) Settle() error { return errNotImplemented }

// Now returns the virtual time.
func (c *Cluster) Now() time.Time { return c.now }

// Pods returns the pods of a namespace matching sel.
func (c *Cluster) Pods(namespace string, sel selector.Selector) []pod.Pod { return nil }

// Service returns a Service by name.
func (c *Cluster) Service(namespace, name string) (service.Service, bool) {
	return service.Service{}, false
}

// Services returns the Services of a namespace.
func (c *Cluster) Services(namespace string) []service.Service { return nil }

// Endpoints returns a Service's Endpoints object.
func (c *Cluster) Endpoints(namespace, name string) (endpoints.Endpoints, bool) {
	return endpoints.Endpoints{}, false
}

// EndpointSlices returns a Service's EndpointSlices.
func (c *Cluster) EndpointSlices(namespace, svc string) []endpoints.Slice { return nil }

// Nodes returns the cluster's nodes in order.
func (c *Cluster) Nodes() []Node { return nil }

// Events returns the trace.
func (c *Cluster) Events() []Event { return nil }

// Check verifies every invariant.
func (c *Cluster) Check() error { return errNotImplemented }
