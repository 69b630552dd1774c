package kube

// Addresses and ports the Services of one manifest request: each dry run
// checks one Service against the cluster alone, so two Services of the
// manifest asking for the same free ClusterIP, node port or load-balancer
// address are caught here, with the error the second create would get.

import (
	"net/netip"
	"slices"
	"strconv"

	"github.com/svcsim/svcsim/ipam"
	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/service"
	"github.com/svcsim/svcsim/sim"
)

// claimed maps each requested address and node port to the Service
// (namespace/name) of the manifest that requests it.
type claimed struct {
	addrs map[netip.Addr]string
	ports map[int32]string
}

// claim records what s requests beyond what its live self holds, or
// returns the field error for a value an earlier Service of the manifest
// requested.
func (cl *claimed) claim(c *sim.Cluster, s service.Service) error {
	if cl.addrs == nil {
		cl.addrs, cl.ports = map[netip.Addr]string{}, map[int32]string{}
	}
	var held service.Service
	if live, ok := c.Service(s.Namespace, s.Name); ok {
		held = live
	}
	key := s.Key()
	addr := func(field string, value any, a netip.Addr, had []netip.Addr) error {
		if !a.IsValid() || slices.Contains(had, a) {
			return nil
		}
		if other, ok := cl.addrs[a]; ok && other != key {
			return allocated(key, field, value, &ipam.AddrError{Addr: a, Err: ipam.ErrAllocated})
		}
		cl.addrs[a] = key
		return nil
	}
	heldPorts := []int32{held.HealthCheckNodePort}
	for _, p := range held.Ports {
		heldPorts = append(heldPorts, p.NodePort)
	}
	port := func(field string, np int32) error {
		if np == 0 || slices.Contains(heldPorts, np) {
			return nil
		}
		if other, ok := cl.ports[np]; ok && other != key {
			return allocated(key, field, np, &ipam.PortError{Port: int(np), Err: ipam.ErrAllocated})
		}
		cl.ports[np] = key
		return nil
	}
	if err := addr("spec.clusterIPs", []string{s.ClusterIP.String()}, s.ClusterIP, []netip.Addr{held.ClusterIP}); err != nil {
		return err
	}
	if err := addr("spec.loadBalancerIP", s.LoadBalancerIP.String(), s.LoadBalancerIP, []netip.Addr{held.LoadBalancerIP}); err != nil {
		return err
	}
	for i, p := range s.Ports {
		if err := port("spec.ports["+strconv.Itoa(i)+"].nodePort", p.NodePort); err != nil {
			return err
		}
	}
	return port("spec.healthCheckNodePort", s.HealthCheckNodePort)
}

// allocated is the field error of a requested value already taken, as
// the API server's allocators word it.
func allocated(key, field string, value any, err error) error {
	return &pod.FieldError{Object: "service " + key, Field: field, Type: pod.ErrorTypeInvalid,
		Value: value, Detail: err.Error(), Sentinel: service.ErrInvalid, Cause: err}
}
