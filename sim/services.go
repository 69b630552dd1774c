package sim

import (
	"errors"
	"fmt"
	"net/netip"
	"slices"
	"strconv"
	"strings"

	"github.com/svcsim/svcsim/endpoints"
	"github.com/svcsim/svcsim/ipam"
	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/service"
)

// svcRec is a stored Service.
type svcRec struct {
	svc       *service.Service // immutable: replaced, never changed, on update
	ns        int32
	createdIP netip.Addr   // ClusterIP at creation or at the last change to/from ExternalName
	lastReady []netip.Addr // ready addresses at the last EndpointsUpdated event (trace only)
	lbQueued  bool         // in lbPending
}

// svcState holds the Services, their allocators and their indexes.
type svcState struct {
	svcKeys     []endpoints.ServiceKey
	svcKeyID    map[endpoints.ServiceKey]int32
	svcs        []*svcRec // by key id; nil when the Service does not exist
	epPending   []bool    // by key id: an endpoints sync is queued
	proxyMark   []bool    // by key id: in proxyDirty
	goneMark    []bool    // by key id: in svcGone
	svcGone     []int32   // key ids of deleted Services whose syncs may still be queued
	goneCheck   bool      // a sync ran that may let svcGone ids go
	keyFree     []int32   // key ids free for reuse
	svcIPs      *ipam.Allocator
	nodePorts   *ipam.PortAllocator
	lbIPs       *ipam.Allocator
	byClusterIP map[netip.Addr]int32
	byNodePort  map[int32]int32
	byLBIP      map[netip.Addr]int32
	env         envState
	lbPending   []int32 // LoadBalancer services waiting for a pool address, oldest first
	envSeq      uint32
}

func (s *svcState) init(cfg Config, ipSeed, portSeed uint64) error {
	var err error
	if s.svcIPs, err = ipam.New(cfg.ServiceCIDR, ipam.WithSeed(ipSeed)); err != nil {
		return configError("serviceCIDR", cfg.ServiceCIDR.String(), err.Error())
	}
	if s.nodePorts, err = ipam.NewPorts(cfg.NodePortRange[0], cfg.NodePortRange[1], ipam.WithSeed(portSeed)); err != nil {
		return configError("nodePortRange", fmt.Sprint(cfg.NodePortRange), err.Error())
	}
	if s.lbIPs, err = ipam.New(cfg.LoadBalancerPool, ipam.Sequential()); err != nil {
		return configError("loadBalancerPool", cfg.LoadBalancerPool.String(), err.Error())
	}
	s.svcKeyID = map[endpoints.ServiceKey]int32{}
	s.byClusterIP = map[netip.Addr]int32{}
	s.byNodePort = map[int32]int32{}
	s.byLBIP = map[netip.Addr]int32{}
	return nil
}

// keyID interns a service key.
func (s *svcState) keyID(k endpoints.ServiceKey) int32 {
	if id, ok := s.svcKeyID[k]; ok {
		return id
	}
	if n := len(s.keyFree); n > 0 {
		id := s.keyFree[n-1]
		s.keyFree = s.keyFree[:n-1]
		s.svcKeys[id] = k
		s.svcKeyID[k] = id
		return id
	}
	id := int32(len(s.svcKeys))
	s.svcKeys = append(s.svcKeys, k)
	s.svcKeyID[k] = id
	s.svcs = append(s.svcs, nil)
	s.epPending = append(s.epPending, false)
	s.proxyMark = append(s.proxyMark, false)
	s.goneMark = append(s.goneMark, false)
	return id
}

// noteGone remembers the key id of a Service that no longer exists: it is
// freed once no endpoints or kube-proxy sync of it is queued
// (releaseGone).
func (s *svcState) noteGone(id int32) {
	if s.svcs[id] == nil && !s.goneMark[id] {
		s.goneMark[id] = true
		s.svcGone = append(s.svcGone, id)
	}
}

// releaseGone frees the key ids of deleted Services that nothing queued
// refers to any more (a Service re-created under the key keeps it).
func (s *svcState) releaseGone() {
	s.goneCheck = false
	keep := s.svcGone[:0]
	for _, id := range s.svcGone {
		switch {
		case s.svcs[id] != nil:
			s.goneMark[id] = false
		case s.epPending[id] || s.proxyMark[id]:
			keep = append(keep, id)
		default:
			s.goneMark[id] = false
			delete(s.svcKeyID, s.svcKeys[id])
			s.svcKeys[id] = endpoints.ServiceKey{}
			s.keyFree = append(s.keyFree, id)
		}
	}
	s.svcGone = keep
}

func (s *svcState) lookupSvc(ns, name string) (int32, *svcRec) {
	id, ok := s.svcKeyID[endpoints.ServiceKey{Namespace: ns, Name: name}]
	if !ok || s.svcs[id] == nil {
		return -1, nil
	}
	return id, s.svcs[id]
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
	var out []service.Service
	for id, r := range c.svcs {
		if r != nil && c.svcKeys[id].Namespace == ns {
			out = append(out, r.svc.Clone())
		}
	}
	slices.SortFunc(out, func(a, b service.Service) int { return strings.Compare(a.Name, b.Name) })
	return out
}

// allServices returns every Service (shared, read only), for Check.
func (c *Cluster) allServices() []service.Service {
	var out []service.Service
	for _, r := range c.svcs {
		if r != nil {
			out = append(out, *r.svc)
		}
	}
	return out
}

// held lists what a stored Service holds in the allocators.
type held struct {
	clusterIP netip.Addr
	nodePorts []int32
	lbIP      netip.Addr
}

func holdings(s *service.Service) held {
	h := held{clusterIP: s.ClusterIP, lbIP: s.LoadBalancerIP}
	for _, p := range s.Ports {
		if p.NodePort != 0 && !slices.Contains(h.nodePorts, p.NodePort) {
			h.nodePorts = append(h.nodePorts, p.NodePort)
		}
	}
	return h
}

func allocFieldError(s *service.Service, field string, value any, err error) error {
	detail := err.Error()
	var ae *ipam.AddrError
	if errors.As(err, &ae) {
		detail = ae.Error()
	}
	return &pod.FieldError{Object: "service " + s.Key(), Field: field, Type: pod.ErrorTypeInvalid,
		Value: value, Detail: detail, Sentinel: service.ErrInvalid, Cause: err}
}

// allocate fills the unset ClusterIP, node ports and load-balancer address
// of s (the prepared new state) and claims the requested ones that old
// (nil on create) does not already hold. On error everything claimed is
// given back and s is unchanged.
func (c *Cluster) allocate(s *service.Service, old *service.Service) (err error) {
	var oldHeld held
	if old != nil {
		oldHeld = holdings(old)
	}
	var gotIP, gotLB netip.Addr
	var gotPorts []int32
	ports := slices.Clone(s.Ports)
	defer func() {
		if err == nil {
			return
		}
		if gotIP.IsValid() {
			_ = c.svcIPs.Release(gotIP)
		}
		if gotLB.IsValid() {
			_ = c.lbIPs.Release(gotLB)
		}
		for _, p := range gotPorts {
			_ = c.nodePorts.Release(int(p))
		}
	}()
	// Requested values first (they draw nothing from the random
	// allocators, so a refused request leaves them as they were), then the
	// dynamic ones.
	ip, lb := s.ClusterIP, s.LoadBalancerIP
	needIP, needPorts, needLB := service.NeedsClusterIP(*s), service.NeedsNodePorts(*s), service.NeedsLoadBalancerIP(*s)
	if needIP && ip.IsValid() && ip != oldHeld.clusterIP {
		if err = c.svcIPs.AllocateAddr(ip); err != nil {
			return allocFieldError(s, "spec.clusterIPs", []string{ip.String()}, err)
		}
		gotIP = ip
	}
	if needPorts {
		for i := range ports {
			np := ports[i].NodePort
			if np == 0 || slices.Contains(oldHeld.nodePorts, np) || slices.Contains(gotPorts, np) {
				continue
			}
			if err = c.nodePorts.AllocatePort(int(np)); err != nil {
				return allocFieldError(s, "spec.ports["+strconv.Itoa(i)+"].nodePort", np, err)
			}
			gotPorts = append(gotPorts, np)
		}
	}
	if needLB && lb.IsValid() && lb != oldHeld.lbIP {
		if err = c.lbIPs.AllocateAddr(lb); err != nil {
			return allocFieldError(s, "spec.loadBalancerIP", lb.String(), err)
		}
		gotLB = lb
	}
	if needIP && !ip.IsValid() {
		if ip, err = c.svcIPs.Allocate(); err != nil {
			return fmt.Errorf("service %s: failed to allocate a serviceIP: %w", s.Key(), err)
		}
		gotIP = ip
	}
	// Ports sharing a number (53/TCP and 53/UDP) share one node port
	// (initNodePorts).
	for i := range ports {
		if !needPorts || ports[i].NodePort != 0 {
			continue
		}
		for j := range ports {
			if j != i && ports[j].Port == ports[i].Port && ports[j].NodePort != 0 {
				ports[i].NodePort = ports[j].NodePort
				break
			}
		}
		if ports[i].NodePort != 0 {
			continue
		}
		np, e := c.nodePorts.Allocate()
		if e != nil {
			err = fmt.Errorf("service %s: failed to allocate a nodePort: %w", s.Key(), e)
			return err
		}
		gotPorts = append(gotPorts, int32(np))
		ports[i].NodePort = int32(np)
	}
	if needLB && !lb.IsValid() {
		lb = c.lowestFreeLB() // zero when the pool is exhausted: pending
		if lb.IsValid() {
			_ = c.lbIPs.AllocateAddr(lb)
			gotLB = lb
		}
	}
	s.ClusterIP, s.LoadBalancerIP, s.Ports = ip, lb, ports
	return nil
}

// lowestFreeLB returns the lowest free pool address (MetalLB's order).
func (c *Cluster) lowestFreeLB() netip.Addr {
	if c.lbIPs.Free() == 0 {
		return netip.Addr{}
	}
	p := c.cfg.LoadBalancerPool
	for a := p.Addr(); p.Contains(a); a = a.Next() {
		if !c.lbIPs.Allocated(a) && c.lbIPs.AllocateAddr(a) == nil {
			_ = c.lbIPs.Release(a)
			return a
		}
	}
	return netip.Addr{}
}

// release gives back what h holds.
func (c *Cluster) release(h held) {
	if h.clusterIP.IsValid() {
		_ = c.svcIPs.Release(h.clusterIP)
	}
	for _, p := range h.nodePorts {
		_ = c.nodePorts.Release(int(p))
	}
	if h.lbIP.IsValid() {
		_ = c.lbIPs.Release(h.lbIP)
	}
}

func (c *Cluster) index(id int32, h held, add bool) {
	if h.clusterIP.IsValid() {
		if add {
			c.byClusterIP[h.clusterIP] = id
		} else {
			delete(c.byClusterIP, h.clusterIP)
		}
	}
	for _, p := range h.nodePorts {
		if add {
			c.byNodePort[p] = id
		} else {
			delete(c.byNodePort, p)
		}
	}
	if h.lbIP.IsValid() {
		if add {
			c.byLBIP[h.lbIP] = id
		} else {
			delete(c.byLBIP, h.lbIP)
		}
	}
}
