package sim

// Public reads of a Service that copy none of its maps: for a test that,
// after every step, works out the Service's endpoints from scratch or
// checks that its front end stayed, where Service's copy of the selector,
// labels, annotations and address lists would be most of the cost.

import (
	"net/netip"

	"github.com/svcsim/svcsim/endpoints"
	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/selector"
	"github.com/svcsim/svcsim/service"
)

// ServiceState is what a test working out a Service's endpoints, or
// checking what its clients hold on to, reads of it: each field is the
// service.Service field of the same name, as Service reports it, but
// Managed. It holds no slice or map, so a copy shares nothing with the
// cluster; the selector and ports are read apart (ServiceSelector,
// AppendServicePorts).
type ServiceState struct {
	Name                     string
	Type                     service.Type
	ClusterIP                netip.Addr // zero when headless or ExternalName
	Headless                 bool
	LoadBalancerIP           netip.Addr
	PublishNotReadyAddresses bool
	SessionAffinity          service.SessionAffinity
	// Managed reports whether the endpoints controllers manage the
	// Service's endpoints (endpoints.Manages: a selector, and not
	// ExternalName).
	Managed bool
}

// ServiceState returns the state of Service namespace/name ("" namespace:
// default), and false when there is none.
func (c *Cluster) ServiceState(namespace, name string) (ServiceState, bool) {
	_, r := c.lookupSvc(pod.NamespaceOrDefault(namespace), name)
	if r == nil {
		return ServiceState{}, false
	}
	return stateOf(r.svc), true
}

// ServiceStatePorts returns what ServiceState does of Service
// namespace/name ("" namespace: default), with its ports appended to dst
// as AppendServicePorts appends them, in one lookup: for a test that
// reads both after every step. A missing Service gives the zero state,
// dst unchanged and false.
//
//	state, ports, ok = c.ServiceStatePorts(ports[:0], "", name)
func (c *Cluster) ServiceStatePorts(dst []service.Port, namespace, name string) (ServiceState, []service.Port, bool) {
	_, r := c.lookupSvc(pod.NamespaceOrDefault(namespace), name)
	if r == nil {
		return ServiceState{}, dst, false
	}
	return stateOf(r.svc), append(dst, r.svc.Ports...), true
}

// stateOf returns the ServiceState of the stored Service s.
func stateOf(s *service.Service) ServiceState {
	return ServiceState{Name: s.Name, Type: s.Type, ClusterIP: s.ClusterIP, Headless: s.Headless,
		LoadBalancerIP: s.LoadBalancerIP, PublishNotReadyAddresses: s.PublishNotReadyAddresses,
		SessionAffinity: s.SessionAffinity, Managed: endpoints.Manages(*s)}
}

// ServiceSelector returns the selector of Service namespace/name (""
// namespace: default) as selector.FromSet makes it from spec.selector,
// to read the pods it selects with (AppendPodStates), and false when
// there is no such Service. A Service without a selector gives
// Everything: ServiceState's Managed tells it apart. The Selector is
// immutable and shares nothing with the cluster.
func (c *Cluster) ServiceSelector(namespace, name string) (selector.Selector, bool) {
	_, r := c.lookupSvc(pod.NamespaceOrDefault(namespace), name)
	if r == nil {
		return selector.Selector{}, false
	}
	return selector.FromSet(r.svc.Selector), true
}

// AppendServicePorts appends to dst the ports of Service namespace/name
// ("" namespace: default), as Service reports them in
// service.Service.Ports, and returns the extended slice and whether the
// Service exists (dst unchanged if not). Pass the slice of the previous
// call, emptied, to read without allocating:
//
//	ports, _ = c.AppendServicePorts(ports[:0], "", name)
func (c *Cluster) AppendServicePorts(dst []service.Port, namespace, name string) ([]service.Port, bool) {
	_, r := c.lookupSvc(pod.NamespaceOrDefault(namespace), name)
	if r == nil {
		return dst, false
	}
	return append(dst, r.svc.Ports...), true
}
