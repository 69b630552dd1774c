package sim

// Load-balancer address pools: the built-in one (Config.LoadBalancerPool)
// for Services without spec.loadBalancerClass, as the cloud-controller-
// manager's Service controller serves only those (k8s.io/cloud-provider
// controllers/service/controller.go, wantsLoadBalancer), and one pool per
// class in Config.LoadBalancerClassPools, as the controller that claims a
// class (MetalLB configured for it) would serve it. A classed Service
// without a pool stays pending.

import (
	"net/netip"
	"slices"

	"github.com/svcsim/svcsim/ipam"
	"github.com/svcsim/svcsim/service"
)

// lbClassPool is the pool of one load-balancer class and its Services
// waiting for an address, oldest first.
type lbClassPool struct {
	ips     *ipam.Allocator
	pending []int32
}

// initLBClasses makes the class pools of the allocators by class (New).
func (c *Cluster) initLBClasses(classes map[string]*ipam.Allocator) {
	if len(classes) == 0 {
		return
	}
	r := c.rareState()
	r.lbClasses = make(map[string]*lbClassPool, len(classes))
	for class, a := range classes {
		r.lbClasses[class] = &lbClassPool{ips: a}
		r.lbClassOrder = append(r.lbClassOrder, class)
	}
	slices.Sort(r.lbClassOrder)
}

// lbPool returns the allocator and waiting list serving class ("" is the
// built-in pool, whose allocator is nil until lbAllocator makes it); nil
// when no pool serves it, and for the built-in pool while the cluster has
// no rare state (no Service ever waited for or took one of its
// addresses).
func (c *Cluster) lbPool(class string) (*ipam.Allocator, *[]int32) {
	r := c.rare
	switch {
	case r == nil:
		return nil, nil
	case class == "":
		return r.lbIPs, &r.lbPending
	}
	if p := r.lbClasses[class]; p != nil {
		return p.ips, &p.pending
	}
	return nil, nil
}

// lbAllocator returns the allocator serving class, making the built-in
// pool's on first use (a cluster without load balancers holds none); nil
// when no pool serves class.
func (c *Cluster) lbAllocator(class string) *ipam.Allocator {
	if class == "" && c.rareState().lbIPs == nil {
		// Config validation found the range usable (ipam.Usable).
		c.rare.lbIPs, _ = ipam.New(c.lbRange, ipam.Sequential())
	}
	a, _ := c.lbPool(class)
	return a
}

// lbPoolOf returns the allocator whose range holds ip (the pools do not
// overlap); nil when none does or the pool is not made.
func (c *Cluster) lbPoolOf(ip netip.Addr) *ipam.Allocator {
	r := c.rare
	if r == nil {
		return nil
	}
	if c.lbRange.Contains(ip) {
		return r.lbIPs
	}
	for _, p := range r.lbClasses {
		if p.ips.Prefix().Contains(ip) {
			return p.ips
		}
	}
	return nil
}

// lbUsed is the number of addresses held in every pool.
func (c *Cluster) lbUsed() uint64 {
	r := c.rare
	if r == nil {
		return 0
	}
	var n uint64
	if r.lbIPs != nil {
		n = r.lbIPs.Used()
	}
	for _, p := range r.lbClasses {
		n += p.ips.Used()
	}
	return n
}

// lbWaiting is the number of Services waiting in every pool's list.
func (c *Cluster) lbWaiting() int {
	r := c.rare
	if r == nil {
		return 0
	}
	n := len(r.lbPending)
	for _, p := range r.lbClasses {
		n += len(p.pending)
	}
	return n
}

// notePendingLB queues a LoadBalancer Service left without an address on
// the list of the pool serving its class (none: it stays pending).
func (c *Cluster) notePendingLB(id int32) {
	r := c.svcs[id]
	s := r.svc
	if s.Type != service.LoadBalancer || s.LoadBalancerIP.IsValid() || r.lbQueued {
		return
	}
	c.rareState() // holds the built-in pool's list
	if _, pending := c.lbPool(s.LoadBalancerClass); pending != nil {
		r.lbQueued = true
		*pending = append(*pending, id)
	}
}

// unqueueLB takes service id off the waiting list of class.
func (c *Cluster) unqueueLB(id int32, class string) {
	r := c.svcs[id]
	if r == nil || !r.lbQueued {
		return
	}
	if _, pending := c.lbPool(class); pending != nil {
		*pending = removeID(*pending, id)
	}
	r.lbQueued = false
}

// assignPendingLB gives freed pool addresses to pending LoadBalancer
// Services, oldest first in each pool, as MetalLB's controller does when it
// next reconciles them.
func (c *Cluster) assignPendingLB() {
	if r := c.rare; r != nil {
		c.assignFrom(r.lbIPs, &r.lbPending) // none waits before the pool is made
		for _, class := range r.lbClassOrder {
			p := r.lbClasses[class]
			c.assignFrom(p.ips, &p.pending)
		}
	}
	c.flushWork() // the calls that assign end with flush
}

func (c *Cluster) assignFrom(pool *ipam.Allocator, pending *[]int32) {
	for len(*pending) > 0 && pool.Free() > 0 {
		id := (*pending)[0]
		*pending = (*pending)[1:]
		r := c.svcs[id]
		r.lbQueued = false
		if r.svc.Type != service.LoadBalancer || r.svc.LoadBalancerIP.IsValid() {
			continue
		}
		ip := pool.LowestFree()
		if !ip.IsValid() || pool.AllocateAddr(ip) != nil {
			return
		}
		n := r.svc.Clone()
		n.LoadBalancerIP = ip
		r.svc = &n
		c.indexLBIP(ip, id)
		c.epDirty = c.ep.SetService(n, c.epDirty)
		c.markProxy(id)
		if c.tracing() {
			c.emit(KindServiceUpdated, "service/"+n.Key(), "load-balancer IP "+ip.String()+" assigned")
		}
		if c.watched != 0 {
			c.watchService(n.Namespace, n.Name)
		}
	}
}
