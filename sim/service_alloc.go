package sim

// Service address allocation: ClusterIPs, NodePorts and load-balancer
// addresses, and their release (kubernetes pkg/registry/core/service/ipallocator
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
	// Capacity before any random draw: a refused call must not move the
	// allocators' streams.
	if needIP && !ip.IsValid() && c.svcIPs.Free() == 0 {
		return fmt.Errorf("service %s: failed to allocate a serviceIP: %w", s.Key(), ErrFull)
	}
	if needPorts && uint64(dynamicNodePorts(ports)) > c.nodePorts.Free() {
		return fmt.Errorf("service %s: failed to allocate a nodePort: %w", s.Key(), ErrFull)
	}
	if needIP && !ip.IsValid() {
		if ip, err = c.svcIPs.Allocate(); err != nil {
			return fmt.Errorf("service %s: failed to allocate a serviceIP: %w", s.Key(), ErrFull)
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
			err = fmt.Errorf("service %s: failed to allocate a nodePort: %w", s.Key(), ErrFull)
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

// lowestFreeLB returns the lowest free pool address (MetalLB's order).
func (c *Cluster) lowestFreeLB() netip.Addr { return c.lbIPs.LowestFree() }

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
