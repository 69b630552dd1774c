package sim

// Service address allocation: ClusterIPs, NodePorts, health-check node
// ports and load-balancer addresses, and their release (kubernetes pkg/registry/core/service/ipallocator
// and portallocator; MetalLB's lowest-free order for the pool).

import (
	"errors"
	"fmt"
	"net/netip"
	"slices"
	"strconv"

	"github.com/svcsim/svcsim/ipam"
	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/service"
)

// held lists what a stored Service holds in the allocators.
type held struct {
	clusterIPs []netip.Addr // one per family; shared with the Service
	nodePorts  []int32
	lbIP       netip.Addr
}

// holdings lists what s holds; its health-check node port is one of its
// node ports.
func holdings(s *service.Service) held {
	return held{clusterIPs: s.ClusterIPs, lbIP: s.LoadBalancerIP, nodePorts: appendNodePorts(nil, s)}
}

// appendNodePorts appends to dst the node ports s holds, each once: its
// ports' and its health-check node port (Check reads them into its
// storage, without the rest of holdings).
func appendNodePorts(dst []int32, s *service.Service) []int32 {
	n := len(dst)
	for _, p := range s.Ports {
		if p.NodePort != 0 && !slices.Contains(dst[n:], p.NodePort) {
			dst = append(dst, p.NodePort)
		}
	}
	if hc := s.HealthCheckNodePort; hc != 0 && !slices.Contains(dst[n:], hc) {
		dst = append(dst, hc)
	}
	return dst
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

// allocate fills the unset ClusterIP, node ports, health-check node port
// and load-balancer address of s (the prepared new state) and claims the
// requested ones that old (nil on create) does not already hold. Node
// ports are drawn only where ShouldAllocateNodePorts says so
// (allocateLoadBalancerNodePorts false: only requested ones), the
// health-check node port (from the node-port range) only where
// NeedsHealthCheck, and the load-balancer address from the pool of the
// Service's class (none: pending). On error everything claimed is given
// back and s is unchanged. A dry run (dry) checks the same and claims
// nothing: s is unchanged, no random draw is made.
func (c *Cluster) allocate(s *service.Service, old *service.Service, dry bool) (err error) {
	var oldIPs []netip.Addr
	var oldLB netip.Addr
	var oldPorts []int32 // node ports of old's ports (not its health-check port)
	var oldHC int32
	if old != nil {
		oldIPs, oldLB, oldHC = old.ClusterIPs, old.LoadBalancerIP, old.HealthCheckNodePort
		for _, p := range old.Ports {
			if p.NodePort != 0 {
				oldPorts = append(oldPorts, p.NodePort)
			}
		}
	}
	var gotIPs [2]netip.Addr
	var gotLB netip.Addr
	var gotPorts []int32
	ports := s.Ports // copied before a node port is written: s is unchanged on error
	defer func() {
		if err == nil && !dry {
			return
		}
		for _, ip := range gotIPs {
			if ip.IsValid() {
				_ = c.svcIPsOf(service.FamilyOf(ip)).Release(ip)
			}
		}
		if gotLB.IsValid() {
			_ = c.lbPoolOf(gotLB).Release(gotLB)
		}
		for _, p := range gotPorts {
			_ = c.nodePorts.Release(int(p))
		}
	}()
	// Requested values first (they draw nothing from the random
	// allocators, so a refused request leaves them as they were), then the
	// dynamic ones.
	lb, hc := s.LoadBalancerIP, s.HealthCheckNodePort
	needIP, needPorts, needLB := service.NeedsClusterIP(s), service.NeedsNodePorts(s), service.NeedsLoadBalancerIP(s)
	drawPorts, needHC := service.ShouldAllocateNodePorts(s), service.NeedsHealthCheck(s)
	// One cluster IP per family of ipFamilies (allocClusterIPs): the
	// requested one, or drawn from that family's range.
	var ips [2]netip.Addr
	nfam := 0
	if needIP {
		nfam = min(len(s.IPFamilies), 2)
		if nfam == 0 { // a Service that skipped family defaulting: the primary family
			nfam = 1
		}
		copy(ips[:nfam], s.ClusterIPs)
	}
	for i := range nfam {
		ip := ips[i]
		if !ip.IsValid() || slices.Contains(oldIPs, ip) {
			continue
		}
		if err = c.svcIPsOf(service.FamilyOf(ip)).AllocateAddr(ip); err != nil {
			return allocFieldError(s, "spec.clusterIPs", ipStrings(s.ClusterIPs), err)
		}
		gotIPs[i] = ip
	}
	if needPorts {
		for i := range ports {
			np := ports[i].NodePort
			if np == 0 || slices.Contains(oldPorts, np) || slices.Contains(gotPorts, np) {
				continue
			}
			if err = c.nodePorts.AllocatePort(int(np)); err != nil {
				return allocFieldError(s, "spec.ports["+strconv.Itoa(i)+"].nodePort", np, err)
			}
			gotPorts = append(gotPorts, np)
		}
	}
	if needHC && hc != 0 && hc != oldHC {
		if err = c.nodePorts.AllocatePort(int(hc)); err != nil {
			// An internal error upstream (alloc.go, allocHealthCheckNodePort), not a field error.
			return fmt.Errorf("service %s: failed to allocate requested HealthCheck NodePort %d: %w", s.Key(), hc, err)
		}
		gotPorts = append(gotPorts, hc)
	}
	var pool *ipam.Allocator
	if needLB {
		pool = c.lbAllocator(s.LoadBalancerClass)
	}
	if needLB && lb.IsValid() && lb != oldLB {
		if pool == nil {
			return allocFieldError(s, "spec.loadBalancerIP", lb.String(),
				fmt.Errorf("%w: no pool serves loadBalancerClass %q", ipam.ErrNotInRange, s.LoadBalancerClass))
		}
		if err = pool.AllocateAddr(lb); err != nil {
			return allocFieldError(s, "spec.loadBalancerIP", lb.String(), err)
		}
		gotLB = lb
	}
	// Capacity before any random draw: a refused call must not move the
	// allocators' streams.
	for i := range nfam {
		if !ips[i].IsValid() && c.svcIPsOf(c.familyAt(s, i)).Free() == 0 {
			return fmt.Errorf("service %s: failed to allocate a serviceIP: %w", s.Key(), ErrFull)
		}
	}
	var drawn uint64
	if drawPorts {
		drawn = uint64(dynamicNodePorts(ports))
	}
	if drawn > c.nodePorts.Free() {
		return fmt.Errorf("service %s: failed to allocate a nodePort: %w", s.Key(), ErrFull)
	}
	if needHC && hc == 0 && drawn+1 > c.nodePorts.Free() {
		return fmt.Errorf("service %s: failed to allocate a HealthCheck NodePort: %w", s.Key(), ErrFull)
	}
	if dry {
		return nil // the deferred release gives back what the requests claimed
	}
	for i := range nfam {
		if ips[i].IsValid() {
			continue
		}
		if ips[i], err = c.svcIPsOf(c.familyAt(s, i)).Allocate(); err != nil {
			return fmt.Errorf("service %s: failed to allocate a serviceIP: %w", s.Key(), ErrFull)
		}
		gotIPs[i] = ips[i]
	}
	// Ports sharing a number (53/TCP and 53/UDP) share one node port
	// (initNodePorts).
	if drawPorts {
		ports = slices.Clone(ports)
	}
	for i := range ports {
		if !drawPorts || ports[i].NodePort != 0 {
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
			err = fmt.Errorf("service %s: failed to allocate a nodePort: %w", s.Key(), ErrFull)
			return err
		}
		gotPorts = append(gotPorts, int32(np))
		ports[i].NodePort = int32(np)
	}
	if needHC && hc == 0 {
		np, e := c.nodePorts.Allocate()
		if e != nil {
			err = fmt.Errorf("service %s: failed to allocate a HealthCheck NodePort: %w", s.Key(), ErrFull)
			return err
		}
		gotPorts = append(gotPorts, int32(np))
		hc = int32(np)
	}
	if needLB && !lb.IsValid() && pool != nil {
		lb = pool.LowestFree() // zero when the pool is exhausted: pending
		if lb.IsValid() {
			_ = pool.AllocateAddr(lb)
			gotLB = lb
		}
	}
	s.LoadBalancerIP, s.Ports, s.HealthCheckNodePort = lb, ports, hc
	s.ClusterIP = ips[0]
	switch {
	case nfam == 0:
		s.ClusterIPs = nil
	case !slices.Equal(s.ClusterIPs, ips[:nfam]): // requested ones are kept as they are
		s.ClusterIPs = slices.Clone(ips[:nfam])
	}
	return nil
}

// dynamicNodePorts counts the node ports ports still need drawn: one per
// port number without a node port of its own or of a port sharing its
// number (initNodePorts).
func dynamicNodePorts(ports []service.Port) int {
	var need []int32
	for i := range ports {
		if ports[i].NodePort != 0 || slices.Contains(need, ports[i].Port) {
			continue
		}
		shared := slices.ContainsFunc(ports, func(q service.Port) bool { return q.Port == ports[i].Port && q.NodePort != 0 })
		if !shared {
			need = append(need, ports[i].Port)
		}
	}
	return len(need)
}

// svcIPsOf returns the ClusterIP allocator of family f: the secondary
// range's on a dual-stack cluster when f is not the primary family.
func (c *Cluster) svcIPsOf(f service.IPFamily) *ipam.Allocator {
	if c.svcIPs2 != nil && f != c.families[0] {
		return c.svcIPs2
	}
	return c.svcIPs
}

// familyAt returns the family of s's i-th cluster IP: ipFamilies[i], or
// the cluster's primary family for a Service without families.
func (c *Cluster) familyAt(s *service.Service, i int) service.IPFamily {
	if i < len(s.IPFamilies) {
		return s.IPFamilies[i]
	}
	return c.families[0]
}

// ipStrings renders addresses as the API's string list.
func ipStrings(ips []netip.Addr) []string {
	out := make([]string, len(ips))
	for i, ip := range ips {
		out[i] = ip.String()
	}
	return out
}

// release gives back what h holds.
func (c *Cluster) release(h held) {
	for _, ip := range h.clusterIPs {
		_ = c.svcIPsOf(service.FamilyOf(ip)).Release(ip)
	}
	for _, p := range h.nodePorts {
		_ = c.nodePorts.Release(int(p))
	}
	if h.lbIP.IsValid() {
		_ = c.lbPoolOf(h.lbIP).Release(h.lbIP)
	}
}
