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
// service.Service field of the same name, as Service reports it, but the
// selector, which it holds as a selector.Selector (immutable: a copy
// shares nothing with the cluster), and Managed. The ports are read apart
// (AppendServicePorts).
type ServiceState struct {
	Name                     string
	Type                     service.Type
	ClusterIP                netip.Addr // zero when headless or ExternalName
	Headless                 bool
	LoadBalancerIP           netip.Addr
	PublishNotReadyAddresses bool
	SessionAffinity          service.SessionAffinity
	// Selector is spec.selector as selector.FromSet makes it: Everything
	// for a Service without one, which Managed tells apart.
	Selector selector.Selector
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
	s := r.svc
	return ServiceState{Name: s.Name, Type: s.Type, ClusterIP: s.ClusterIP, Headless: s.Headless,
		LoadBalancerIP: s.LoadBalancerIP, PublishNotReadyAddresses: s.PublishNotReadyAddresses,
		SessionAffinity: s.SessionAffinity, Selector: selector.FromSet(s.Selector), Managed: endpoints.Manages(*s)}, true
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
