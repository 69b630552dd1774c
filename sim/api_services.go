package sim

// The public calls on Services: create, update, delete, read. The rules
// follow kubernetes pkg/registry/core/service/storage/storage.go
// (beginCreate, beginUpdate) and its allocators.

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/svcsim/svcsim/endpoints"
	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/service"
	"github.com/svcsim/svcsim/sim/internal/trace"
)

// CreateService creates a Service with Kubernetes' defaults and
// validation, allocating its ClusterIPs (one per family of its ipFamilies,
// random from that family's service CIDR, as the apiserver's allocator;
// ipFamilyPolicy and ipFamilies defaulted as upstream: SingleStack of the
// primary family unless asked otherwise), node ports (NodePort and LoadBalancer; one
// node port per port number) and load-balancer address (the pool's lowest
// free one; an exhausted pool leaves it zero, i.e. pending). Requested
// values are honoured exactly or refused with a field error wrapping
// ipam.ErrAllocated or ipam.ErrNotInRange. UID, CreationTimestamp and
// status are ignored (the creation time is the virtual now). The
// stored Service is returned.
func (c *Cluster) CreateService(s service.Service) (_ service.Service, rerr error) {
	defer func() { rerr = simError(rerr) }()
	if err := c.refuseInCallback("create service"); err != nil {
		return service.Service{}, err
	}
	s = s.WithDefaults()
	stored, err := c.createService(&s)
	if err != nil {
		return service.Service{}, err
	}
	return stored.Clone(), nil
}

// createService is CreateService without its copies: *s is defaulted
// (WithDefaults) and prepared in place, and the cluster keeps its maps and
// slices, which the caller must not change afterwards; it returns the
// stored Service, which the caller must not change either.
func (c *Cluster) createService(s *service.Service) (*service.Service, error) {
	if err := c.prepareCreateService(s); err != nil {
		return nil, err
	}
	return c.addService(s)
}

// addService allocates *s, as prepareCreateService leaves it, and stores
// a copy, like createService. New makes the cluster's own Services
// (default/kubernetes, kube-dns) with it: they are built prepared
// (masterService, kubeDNSService), in a cluster that holds no other
// Service, so preparing them again would only repeat their validation
// (TestOwnServicesPrepared shows prepareCreateService returns them
// unchanged).
func (c *Cluster) addService(s *service.Service) (*service.Service, error) {
	if err := c.allocate(s, nil, false); err != nil {
		return nil, err
	}
	s.UID = pod.NewUID(&c.rs.uids)
	s.CreationTimestamp = c.Now()
	r := &svcRec{ns: c.namespace(s.Namespace), createdIP: s.ClusterIP, created: *s}
	r.svc = &r.created
	r.lastReady = r.lastRoom[:0]
	sp := r.svc
	id := c.keyID(endpoints.ServiceKey{Namespace: sp.Namespace, Name: sp.Name})
	c.svcs[id] = r
	c.nsCount[r.ns]++
	c.index(id, holdings(sp), true)
	c.logEnv(r.ns, sp.Name, sp)
	c.notePendingLB(id)
	c.epDirty = c.ep.SetService(*sp, c.epDirty)
	c.reconcileMaster(sp)
	c.markProxy(id)
	if c.watched != 0 {
		c.watchService(sp.Namespace, sp.Name)
	}
	if c.tracing() {
		c.tr.PushStr(describeService(sp))
		c.record(trace.Rec{Name: sp.Name, NS: r.ns, Kind: evServiceCreated, Strs: 1})
	}
	c.flush()
	return sp, nil
}

// UpdateService replaces the spec of an existing Service under Kubernetes'
// update rules (ValidateServiceUpdate, the registry's type-change
// handling): unset allocated fields keep their values, clusterIPs[0] and
// ipFamilies[0] are immutable except across a change to or from
// ExternalName (which releases or allocates them), a secondary family is
// added by a dual-stack ipFamilyPolicy and released by SingleStack, a change to a type without node ports or load-balancer
// address releases them, a change to one allocates them. Nothing changes on
// error. A changed selector re-selects pods through the endpoints
// controller.
func (c *Cluster) UpdateService(s service.Service) (_ service.Service, rerr error) {
	defer func() { rerr = simError(rerr) }()
	if err := c.refuseInCallback("update service"); err != nil {
		return service.Service{}, err
	}
	id, r, n, err := c.prepareUpdateService(s)
	if err != nil {
		return service.Service{}, err
	}
	old := r.svc // the stored Service, which the update replaces but does not change
	if err := c.allocate(&n, old, false); err != nil {
		return service.Service{}, err
	}
	if n.Type != service.LoadBalancer || n.LoadBalancerClass != old.LoadBalancerClass {
		c.unqueueLB(id, old.LoadBalancerClass)
	}
	f := service.Released(*old, n)
	oldHeld := holdings(old)
	c.release(held{clusterIPs: f.ClusterIPs, nodePorts: f.NodePorts, lbIP: f.LoadBalancerIP})
	c.index(id, oldHeld, false)
	c.index(id, holdings(&n), true)
	if (old.Type == service.ExternalName) != (n.Type == service.ExternalName) {
		r.createdIP = n.ClusterIP
	}
	r.svc = &n
	c.logEnv(r.ns, n.Name, r.svc)
	c.notePendingLB(id)
	c.epDirty = c.ep.SetService(n, c.epDirty)
	c.reconcileMaster(&n)
	c.markProxy(id)
	if c.watched != 0 {
		c.watchService(n.Namespace, n.Name)
	}
	if c.tracing() {
		var buf [256]byte
		text := appendService(append(appendService(buf[:0], old), " -> "...), &n)
		c.tr.PushStr(string(text))
		c.record(trace.Rec{Name: n.Name, NS: r.ns, Kind: evServiceUpdated, Strs: 1})
	}
	c.assignPendingLB()
	c.flush()
	return n.Clone(), nil
}

// DeleteService deletes a Service, releases its ClusterIP, node ports and
// load-balancer address; its Endpoints and slices go at the endpoints
// controller's next sync, its rules at kube-proxy's. Deleting
// default/kubernetes is allowed and final: nothing re-creates it (upstream,
// kube-apiserver does within 10 s; see apiserver.go).
func (c *Cluster) DeleteService(namespace, name string) (rerr error) {
	defer func() { rerr = simError(rerr) }()
	if err := c.refuseInCallback("delete service"); err != nil {
		return err
	}
	ns := pod.NamespaceOrDefault(namespace)
	id, r := c.lookupSvc(ns, name)
	if r == nil {
		return fmt.Errorf("service %s/%s: %w", ns, name, ErrNotFound)
	}
	h := holdings(r.svc)
	c.release(h)
	c.index(id, h, false)
	c.unqueueLB(id, r.svc.LoadBalancerClass)
	c.svcs[id] = nil
	c.noteGone(id)
	c.nsCount[r.ns]--
	c.logEnv(r.ns, name, nil)
	c.releaseNS(r.ns)
	c.epDirty = c.ep.DeleteService(ns, name, c.epDirty)
	c.markProxy(id)
	if c.watched != 0 {
		c.watchService(ns, name)
	}
	if c.tracing() {
		c.emit(KindServiceDeleted, "service/"+ns+"/"+name, describeService(r.svc)+" released")
	}
	c.assignPendingLB()
	if isMaster(ns, name) {
		c.masterDeleted()
	}
	c.flush()
	return nil
}

// describeService renders the allocated front end of s for the trace.
func describeService(s *service.Service) string {
	var buf [128]byte
	return string(appendService(buf[:0], s))
}

// appendService appends describeService's text of s to b.
func appendService(b []byte, s *service.Service) []byte {
	b = append(b, s.Type...)
	switch {
	case s.Headless:
		b = append(b, " clusterIP None"...)
	case s.ClusterIP.IsValid():
		b = s.ClusterIP.AppendTo(append(b, " clusterIP "...))
		for _, ip := range s.ClusterIPs[min(1, len(s.ClusterIPs)):] { // a dual-stack Service's secondary
			b = ip.AppendTo(append(b, ','))
		}
	}
	if s.ExternalName != "" {
		b = append(append(b, " externalName "...), s.ExternalName...)
	}
	if s.LoadBalancerIP.IsValid() {
		b = s.LoadBalancerIP.AppendTo(append(b, " lb "...))
	} else if s.Type == service.LoadBalancer {
		b = append(b, " lb <pending>"...)
	}
	for i, p := range s.Ports {
		if i == 0 {
			b = append(b, " ports "...)
		} else {
			b = append(b, ',')
		}
		b = strconv.AppendInt(b, int64(p.Port), 10)
		if p.NodePort != 0 {
			b = strconv.AppendInt(append(b, ':'), int64(p.NodePort), 10)
		}
		b = append(append(b, '/'), pod.EffectiveProtocol(p.Protocol)...)
	}
	return b
}

// Service returns a copy of the Service namespace/name.
func (c *Cluster) Service(namespace, name string) (service.Service, bool) {
	_, r := c.lookupSvc(pod.NamespaceOrDefault(namespace), name)
	if r == nil {
		return service.Service{}, false
	}
	return r.svc.Clone(), true
}

// Services returns copies of the Services of namespace, sorted by name.
func (c *Cluster) Services(namespace string) []service.Service {
	ns := pod.NamespaceOrDefault(namespace)
	n := 0
	for id, r := range c.svcs {
		if r != nil && c.svcKeys[id].Namespace == ns {
			n++
		}
	}
	if n == 0 {
		return nil
	}
	out := make([]service.Service, 0, n) // a Service is some fifty words: no regrowth
	for id, r := range c.svcs {
		if r != nil && c.svcKeys[id].Namespace == ns {
			out = append(out, r.svc.Clone())
		}
	}
	slices.SortFunc(out, func(a, b service.Service) int { return strings.Compare(a.Name, b.Name) })
	return out
}

// prepareCreateService is CreateService's work before any allocation on
// a defaulted Service (WithDefaults): refusing a namespace that is
// terminating, the ClusterIPs and IP families completed and validation
// (service.PrepareCreate), refusing a name that is taken. It prepares *s
// in place (partly on error). DryRunService shares it.
func (c *Cluster) prepareCreateService(s *service.Service) error {
	if err := c.refuseTerminating("services", s.Namespace, s.Name); err != nil {
		return err
	}
	s.UID = [16]byte{}
	if err := service.PrepareCreate(s, c.families); err != nil {
		return err
	}
	if _, r := c.lookupSvc(s.Namespace, s.Name); r != nil {
		return fmt.Errorf("service %s: %w", s.Key(), ErrAlreadyExists)
	}
	return nil
}

// prepareUpdateService is UpdateService's work before any allocation: the
// Service's id and record, and the new spec, merged, defaulted and
// validated under the update rules. DryRunService shares it.
func (c *Cluster) prepareUpdateService(s service.Service) (int32, *svcRec, service.Service, error) {
	id, r := c.lookupSvc(pod.NamespaceOrDefault(s.Namespace), s.Name)
	if r == nil {
		return 0, nil, service.Service{}, fmt.Errorf("service %s: %w", s.Key(), ErrNotFound)
	}
	old := r.svc
	n, err := service.DefaultIPFamilies(service.PrepareUpdateWithDefaults(*old, s), old, c.families)
	if err != nil {
		return 0, nil, service.Service{}, err
	}
	if err := service.ValidateUpdate(*old, n); err != nil {
		return 0, nil, service.Service{}, err
	}
	return id, r, n, nil
}
