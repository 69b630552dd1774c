package sim

import "net/netip"

// Client is the origin of a connection: a pod (FromPod) or an address
// outside the cluster (External).
type Client struct {
	namespace, name string
	ip              netip.Addr
	external        bool
}

// FromPod is a client running in the named pod.
func FromPod(namespace, name string) Client { return Client{namespace: namespace, name: name} }

// External is a client outside the cluster at ip.
func External(ip netip.Addr) Client { return Client{ip: ip, external: true} }

// Conn is where a new connection landed.
type Conn struct {
	Pod     string         // backend pod, "namespace/name"
	Backend netip.AddrPort // backend pod IP and resolved target port
	Node    string         // the node whose kube-proxy routed it
	Path    []string       // the hops taken, human-readable
}

// Connect opens a connection from a client to target as kube-proxy would
// route it.
func (c *Cluster) Connect(from Client, target string) (Conn, error) {
	return Conn{}, errNotImplemented
}
