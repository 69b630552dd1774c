package sim

import (
	"net/netip"

	"github.com/svcsim/svcsim/pod"
)

// Accessors for the dataplane and discovery code (connect.go,
// discovery.go).

// clientPod returns the IP and node of a running pod, for a connection
// from it.
func (c *Cluster) clientPod(namespace, name string) (ip netip.Addr, node string, ok bool) {
	i, found := c.lookupPod(pod.NamespaceOrDefault(namespace), name)
	if !found || !c.pod(i).has(fRunning) {
		return netip.Addr{}, "", false
	}
	p := c.pod(i)
	return c.podIP(i), c.nodes[p.node].name, true
}

// podAtIP returns the pod holding ip ("namespace/name"), its node, and
// whether it is alive: the pod object still exists (running or
// terminating) and its node has not failed.
func (c *Cluster) podAtIP(ip netip.Addr) (ref string, node string, alive bool, ok bool) {
	i, found := c.podAtIPSlot(ip)
	if !found {
		return "", "", false, false
	}
	p := c.pod(i)
	nd := &c.nodes[p.node]
	return c.podRef(i), nd.name, !nd.down, true
}

// nodeAtIP returns the node whose address is ip.
func (c *Cluster) nodeAtIP(ip netip.Addr) (name string, ok bool) {
	n, found := c.nodeByIP[ip]
	if !found {
		return "", false
	}
	return c.nodes[n].name, true
}

// containerPorts returns the container ports of pod ref ("namespace/name";
// shared, read only).
func (c *Cluster) containerPorts(ref string) []pod.ContainerPort {
	for k := 0; k < len(ref); k++ {
		if ref[k] == '/' {
			if i, ok := c.lookupPod(ref[:k], ref[k+1:]); ok {
				return c.pod(i).tmpl.ports
			}
			return nil
		}
	}
	return nil
}

// podAtIPSlot returns the slot of the live pod holding ip.
func (c *Cluster) podAtIPSlot(ip netip.Addr) (int32, bool) {
	n, off, inCIDR := c.podIPKey(ip)
	if !inCIDR || off == 0 {
		return -1, false
	}
	return c.store.AtIP(ipKey(n, off))
}
