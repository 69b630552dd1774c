package sim

// The dataplane: where a new connection lands, as kube-proxy's iptables
// rules route it (kubernetes pkg/proxy/iptables/proxier.go, syncProxyRules)
// from the programmed copy, not from the truth.

import (
	"errors"
	"fmt"
	"net/netip"
	"sort"
	"strconv"
	"strings"

	"github.com/svcsim/svcsim/internal/validation"
	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/sim/internal/dns"
	"github.com/svcsim/svcsim/sim/internal/proxy"
)

// Client is the origin of a connection: a pod (FromPod) or an address
// outside the cluster (External). The zero Client is invalid.
type Client struct {
	namespace, name string
	ip              netip.Addr
	external        bool
}

// FromPod is a client running in pod namespace/name ("" means default). It
// resolves names with the pod's resolv.conf (search path of its namespace,
// ndots:5) and its packets enter kube-proxy on the pod's node.
func FromPod(namespace, name string) Client {
	return Client{namespace: pod.NamespaceOrDefault(namespace), name: name}
}

// External is a client outside the cluster at ip: it has no cluster DNS,
// cannot reach ClusterIPs or pod IPs, and comes in through node ports and
// load-balancer addresses.
func External(ip netip.Addr) Client { return Client{ip: ip, external: true} }

// String returns "pod default/client" or "external 198.51.100.7".
func (cl Client) String() string {
	if cl.external {
		return "external " + cl.ip.String()
	}
	return "pod " + cl.namespace + "/" + cl.name
}

// Conn is where a new connection landed.
type Conn struct {
	Pod     string         // backend pod, "namespace/name"
	Backend netip.AddrPort // backend pod IP and resolved target port
	Node    string         // the node whose kube-proxy routed (or rejected, dropped) it; "" when no rule applied (direct pod IP)
	Path    []string       // the hops taken, human-readable
}

// Connect opens a new TCP connection from a client to target and reports
// where it lands, as the cluster's dataplane would deliver it at the current
// virtual time.
//
// target is host:port with host a Service name as the client's resolver
// sees it ("web", "web.other", "web.default.svc.cluster.local"; the first
// address of a multi-address answer is taken after CoreDNS's loadbalance
// plugin shuffles it, i.e. a uniform draw), a ClusterIP, a node IP (with a
// nodePort), a load-balancer IP, an external IP or a pod IP; IPv6 in
// brackets.
//
// The packet then goes through kube-proxy's programmed copy of the rules
// (package proxy: which node handles it, Cluster/Local policy, session
// affinity, uniform choice), which lags the truth by Config.ProxyDelay, and
// is delivered to whatever holds the chosen address now:
//
//   - ErrInvalid: a malformed target or an invalid External address.
//   - ErrNotFound: FromPod names no pod; a pod that exists but has no running
//     container yet cannot connect either (ErrInvalid).
//   - ErrNXDomain: the name does not resolve (an External client has no
//     cluster DNS at all).
//   - ErrConnectionRefused: kube-proxy REJECTs (the Service port has no usable
//     endpoint); a node IP on a port nothing listens on; a pod that declares
//     container ports but not this one (TCP RST). Pods that declare no ports
//     accept every port, since declaring them is informational in Kubernetes.
//   - ErrUnreachable: the client would time out: nobody holds the address; a
//     ClusterIP or pod IP from outside the cluster; externalTrafficPolicy=Local
//     with no local endpoint; internalTrafficPolicy=Local with no endpoint
//     on the client's node; a source outside loadBalancerSourceRanges on the
//     load-balancer address; a load balancer with no healthy node; a failed
//     node; a stale rule whose pod is gone or whose node has failed (a
//     terminating pod still accepts until it is gone). A pod client on a
//     failed node cannot send at all.
//
// The Conn comes back with the error too, its Path filled as far as the
// packet got.
//
// The Service default/kubernetes leads to kube-apiserver on node-1
// (apiserver.go): the Conn then has no Pod and Backend <node-1 IP>:6443, as
// does a connection straight to that address; with node-1 failed,
// ErrUnreachable.
func (c *Cluster) Connect(from Client, target string) (Conn, error) {
	// The hops are written into one buffer on the stack and cut into Path
	// at the end: one string and one slice (two allocations) unless they
	// outgrow it.
	var buf [512]byte
	var ends [8]int
	l := proxy.NewLines(buf[:], ends[:])
	var conn Conn
	err := c.connect(&conn, from, target, &l)
	conn.Path = l.Strings()
	return conn, simError(err)
}

// Route is Connect without the Path, for hot loops: it returns where the
// connection lands (Conn.Backend), with the same errors, the same random
// draws and the same effect on session-affinity state as Connect, and
// builds no text unless it fails.
func (c *Cluster) Route(from Client, target string) (netip.AddrPort, error) {
	var conn Conn
	err := c.connect(&conn, from, target, nil)
	return conn.Backend, simError(err)
}

// connect is Connect filling in conn as far as the packet gets and
// writing its hops into l (nil: none).
func (c *Cluster) connect(conn *Conn, from Client, target string, l *proxy.Lines) error {
	if err := c.refuseInCallback("connect"); err != nil {
		return err
	}
	host, hostIP, port, err := parseTarget(target)
	if err != nil {
		return err
	}
	var d proxy.Decision // the routing decision, made in place: its request first
	req := &d.Req
	req.Now, req.Protocol = c.Now(), pod.TCP
	client := int32(-1) // the client pod's slot
	switch {
	case from.external:
		if !from.ip.IsValid() {
			return fmt.Errorf("connect %q: %w: external client address is not valid", target, ErrInvalid)
		}
		req.Src = from.ip
		if l != nil {
			l.Put(from.ip.AppendTo(append(l.Free(), "external client "...)))
			l.End()
		}
	case from.name == "":
		return fmt.Errorf("connect %q: %w: the client is neither FromPod with a pod name nor External", target, ErrInvalid)
	default:
		i, ok := c.clientPod(from.namespace, from.name)
		if !ok {
			if p, exists := c.Pod(from.namespace, from.name); exists {
				return fmt.Errorf("connect %q: %w: client pod %s/%s is %s: no running container to connect from", target, ErrInvalid, from.namespace, from.name, p.Status())
			}
			return fmt.Errorf("connect %q: client pod %s/%s: %w", target, from.namespace, from.name, ErrNotFound)
		}
		client = i
		p := c.pod(i)
		nd := &c.nodes[p.node]
		ip, node := c.podIPAt(p.node, p.ipOff), nd.name // running: it has its IP
		req.Src, req.SrcNode, req.SrcNodeID = ip, node, nd.proxyID
		if l != nil {
			b := append(l.Free(), "pod "...)
			b = append(b, from.namespace...)
			b = append(b, '/')
			b = append(b, from.name...)
			b = append(b, " ("...)
			b = ip.AppendTo(b)
			b = append(b, ") on "...)
			l.Put(append(b, node...))
			l.End()
		}
		if nd.down {
			l.Line(node + " is down: the packet never leaves")
			return fmt.Errorf("connect %q from pod %s: %w: its node %s is down", target, from.namespace+"/"+from.name, ErrUnreachable, node)
		}
	}

	dst := hostIP
	if !dst.IsValid() {
		if dst, err = c.resolveTarget(l, from, host); err != nil {
			return fmt.Errorf("connect %q from %s: %w", target, from, err)
		}
	}
	req.Dst = netip.AddrPortFrom(dst, port)

	if c.proxy2 != nil && client >= 0 && dst.Is4() != req.Src.Is4() {
		// A pod connects from its address of the destination's family.
		p := c.pod(client)
		req.Src = c.secondaryIPAt(p.node, p.ipOff)
	}
	rerr := c.proxyFor(dst).RouteInto(&d)
	d.WritePath(l, rerr)
	// Route returns its sentinels themselves, unwrapped.
	if rerr == proxy.ErrNoRule {
		return c.direct(l, conn, from, req.Dst, target)
	}
	conn.Node = d.Node // the kube-proxy that routed, rejected or dropped it
	switch rerr {
	case proxy.ErrRejected:
		return fmt.Errorf("connect %q from %s: %w: service %s has no usable endpoints (kube-proxy REJECT)", target, from, ErrConnectionRefused, d.Service)
	case proxy.ErrDropped:
		return fmt.Errorf("connect %q from %s: %w: %s", target, from, ErrUnreachable, dropReason(&d))
	}
	return c.deliver(l, conn, from, d.BackendAddr(), d.Backend.Pod, &d, target)
}

// appendDNSHop appends the start of a DNS hop's line: "dns (from
// <namespace>): <host>".
func appendDNSHop(b []byte, namespace, host string) []byte {
	b = append(b, "dns (from "...)
	b = append(b, namespace...)
	b = append(b, "): "...)
	return append(b, host...)
}

// resolveTarget turns the target host, a name, into an address, adding a
// DNS hop.
func (c *Cluster) resolveTarget(l *proxy.Lines, from Client, host string) (netip.Addr, error) {
	if from.external {
		l.Line("dns: " + host + ": no cluster DNS outside the cluster")
		return netip.Addr{}, fmt.Errorf("%w: %s: cluster names resolve only inside the cluster", ErrNXDomain, host)
	}
	if ip, ok := c.resolver.ServiceAddr(from.namespace, host); ok {
		if l == nil {
			return ip, nil
		}
		// What Lookup answers on its first attempt, written as below.
		b := appendDNSHop(l.Free(), from.namespace, host)
		b = append(b, " → "...)
		b = append(b, host...)
		b = append(b, '.')
		b = append(b, from.namespace...)
		b = append(b, ".svc."...)
		b = append(b, c.resolver.Zone()...)
		b = append(b, " → "...)
		l.Put(ip.AppendTo(b))
		l.End()
		return ip, nil
	}
	a, err := c.resolver.Lookup(from.namespace, host)
	if err != nil {
		l.Line("dns (from " + from.namespace + "): " + host + ": " + a.Explain())
		return netip.Addr{}, dnsError(err)
	}
	ip := a.Addrs[0]
	if len(a.Addrs) > 1 {
		ip = a.Addrs[c.rs.backend.IntN(len(a.Addrs))]
	}
	if l == nil {
		return ip, nil
	}
	b := appendDNSHop(l.Free(), from.namespace, host)
	if !strings.EqualFold(strings.TrimSuffix(host, "."), a.Name) {
		b = append(b, " → "...)
		b = append(b, a.Name...)
	}
	for _, cn := range a.CNAMEs {
		b = append(b, " CNAME "...)
		b = append(b, cn...)
	}
	b = append(b, " → "...)
	b = ip.AppendTo(b)
	if len(a.Addrs) > 1 {
		b = append(b, " (1 of "...)
		b = strconv.AppendInt(b, int64(len(a.Addrs)), 10)
		b = append(b, " addresses)"...)
	}
	if n := len(a.Tried) - 1; n == 1 {
		b = append(b, " after 1 failed search attempt"...)
	} else if n > 1 {
		b = append(b, " after "...)
		b = strconv.AppendInt(b, int64(n), 10)
		b = append(b, " failed search attempts"...)
	}
	l.Put(b)
	l.End()
	return ip, nil
}

// direct handles a packet no kube-proxy rule matched: plain routing to a
// pod IP (inside the cluster only), a node's own stack, or nobody.
func (c *Cluster) direct(l *proxy.Lines, conn *Conn, from Client, dst netip.AddrPort, target string) error {
	if ref, _, _, ok := c.podAtIP(dst.Addr()); ok {
		if from.external {
			l.Line("network: pod IP " + dst.Addr().String() + " (" + ref + ") is not routable from outside the cluster: dropped")
			return fmt.Errorf("connect %q from %s: %w: pod IPs are not routable from outside the cluster", target, from, ErrUnreachable)
		}
		return c.deliver(l, conn, from, dst, "", nil, target)
	}
	if _, _, ok := c.apiserverAt(dst); ok {
		return c.deliverAPIServer(l, conn, from, dst, target)
	}
	if name, ok := c.nodeAtIP(dst.Addr()); ok {
		l.Line(name + " (" + dst.Addr().String() + "): nothing listens on port " +
			strconv.Itoa(int(dst.Port())) + " (no NodePort there): RST")
		return fmt.Errorf("connect %q from %s: %w: node %s has nothing listening on port %d", target, from, ErrConnectionRefused, name, dst.Port())
	}
	l.Line("network: no kube-proxy rule for " + dst.String() + " and no pod or node holds " + dst.Addr().String() + ": no answer")
	return fmt.Errorf("connect %q from %s: %w: nobody answers %s", target, from, ErrUnreachable, dst)
}

// deliver hands the packet to whoever holds addr now, filling in conn.
// programmed is the pod the kube-proxy rule was written for ("" for a
// direct connection); d is the routing decision (nil for a direct
// connection).
func (c *Cluster) deliver(l *proxy.Lines, conn *Conn, from Client, addr netip.AddrPort, programmed string,
	d *proxy.Decision, target string) error {
	if _, _, ok := c.apiserverAt(addr); ok && programmed == "" {
		return c.deliverAPIServer(l, conn, from, addr, target)
	}
	j, ok := c.podAtIPSlot(addr.Addr())
	if !ok && !c.cfg.PodCIDR.Contains(addr.Addr()) {
		// A user's endpoint (SetEndpoints, SetEndpointSlice) outside the
		// cluster: svcsim simulates no host there.
		l.Line(addr.String() + ": outside the cluster's pod network, no simulated host: no answer")
		return fmt.Errorf("connect %q from %s: %w: backend %s is outside the cluster (svcsim simulates no host there)", target, from, ErrUnreachable, addr)
	}
	if !ok {
		l.Line(addr.String() + ": no pod holds this address any more (kube-proxy's rules are stale): no answer")
		return fmt.Errorf("connect %q from %s: %w: backend %s (%s) is gone, kube-proxy has not caught up", target, from, ErrUnreachable, addr, programmed)
	}
	p := c.pod(j)
	node := &c.nodes[p.node]
	ns, name := c.nsNames[p.tmpl.ns], p.name()
	ref := programmed // the pod's "namespace/name", shared when it is the programmed one
	moved := !isRef(ref, ns, name)
	if moved {
		ref = ns + "/" + name
	}
	if l != nil {
		b := append(l.Free(), "pod "...)
		b = append(b, ref...)
		b = append(b, " ("...)
		b = addr.AppendTo(b)
		b = append(b, ") on "...)
		l.Put(append(b, node.name...))
	}
	if node.down {
		l.Line(": node is down: no answer")
		return fmt.Errorf("connect %q from %s: %w: backend pod %s is on failed node %s", target, from, ErrUnreachable, ref, node.name)
	}
	if programmed != "" && moved {
		l.Str(" (the rule was written for " + programmed + ", whose IP it now holds)")
	}
	if p.has(fDown) {
		l.Line(": its container is not running, nothing listens: RST")
		return fmt.Errorf("connect %q from %s: %w: pod %s's container is not running", target, from, ErrConnectionRefused, ref)
	}
	if ports := p.tmpl.ports; len(ports) > 0 && !listens(ports, int32(addr.Port())) {
		l.Line(": does not listen on " + strconv.Itoa(int(addr.Port())) + "/TCP: RST")
		return fmt.Errorf("connect %q from %s: %w: pod %s does not listen on port %d/TCP", target, from, ErrConnectionRefused, ref, addr.Port())
	}
	if l != nil {
		b := l.Free()
		switch {
		case !from.external && name == from.name && ns == from.namespace:
			b = append(b, " (hairpin: back to the client itself)"...)
		case from.external && d != nil && d.SNAT:
			b = append(b, ", sees source "...)
			b = d.NodeIP.AppendTo(b)
			b = append(b, " (SNAT)"...)
		case from.external:
			b = append(b, ", sees source "...)
			b = from.ip.AppendTo(b)
			b = append(b, " (client IP preserved)"...)
		}
		l.Put(b)
		l.End()
	}
	conn.Pod, conn.Backend = ref, addr
	return nil
}

// isRef reports whether ref is "namespace/name", building nothing.
func isRef(ref, ns, name string) bool {
	return len(ref) == len(ns)+1+len(name) && ref[:len(ns)] == ns && ref[len(ns)] == '/' && ref[len(ns)+1:] == name
}

// deliverAPIServer hands the packet to kube-apiserver, which listens on
// the control-plane node's IP (hostNetwork, apiserver.go): the Conn has no
// Pod, Backend is that address; a failed node-1 does not answer.
func (c *Cluster) deliverAPIServer(l *proxy.Lines, conn *Conn, from Client, addr netip.AddrPort, target string) error {
	node, up, _ := c.apiserverAt(addr)
	hop := "kube-apiserver on " + node + " (" + addr.String() + ")"
	if !up {
		l.Line(hop + ": node is down: no answer")
		return fmt.Errorf("connect %q from %s: %w: kube-apiserver's node %s has failed", target, from, ErrUnreachable, node)
	}
	l.Line(hop)
	conn.Backend = addr
	return nil
}

// listens reports whether a pod with these declared ports accepts TCP port.
func listens(ports []pod.ContainerPort, port int32) bool {
	for _, p := range ports {
		if p.Port == port && pod.EffectiveProtocol(p.Protocol) == pod.TCP {
			return true
		}
	}
	return false
}

func dropReason(d *proxy.Decision) string {
	switch d.Drop {
	case proxy.DropClusterIPExternal:
		return "ClusterIP " + d.Req.Dst.String() + " of " + d.Service + " is not routable from outside the cluster"
	case proxy.DropNodeDown:
		return "node " + d.Node + " is down"
	case proxy.DropNoLocalEndpoints:
		return "service " + d.Service + " has externalTrafficPolicy=Local and no endpoint on " + d.Node + " (kube-proxy DROP)"
	case proxy.DropNoHealthyNode:
		if d.Via == proxy.ViaExternalIP {
			return "no ready node to route external IP " + d.Req.Dst.Addr().String() + " of " + d.Service + " to"
		}
		return "the load balancer of " + d.Service + " has no node passing its health check"
	case proxy.DropInternalNoLocal:
		return "service " + d.Service + " has internalTrafficPolicy=Local and no endpoint on " + d.Node + " (kube-proxy DROP)"
	case proxy.DropSourceRange:
		return "source " + d.Req.Src.String() + " is not in the loadBalancerSourceRanges of service " + d.Service + " (kube-proxy DROP)"
	}
	return "dropped"
}

// parseTarget splits "host:port" (IPv6 in brackets) and parses the host
// when it is an IP address. The port must be a number in 1-65535; the host
// must not be empty.
func parseTarget(target string) (host string, ip netip.Addr, port uint16, err error) {
	// Only a target that starts like an address (a digit, or "[") can
	// parse as one: a name is never tried, so it costs no parse error.
	if target != "" && (target[0] == '[' || target[0] >= '0' && target[0] <= '9') {
		if ap, err := netip.ParseAddrPort(target); err == nil {
			if ap.Port() == 0 {
				return "", netip.Addr{}, 0, fmt.Errorf("connect target %q: %w: port: %s", target, ErrInvalid, validation.PortRangeMsg)
			}
			return "", ap.Addr(), ap.Port(), nil
		}
	}
	i := strings.LastIndexByte(target, ':')
	if i < 0 {
		return "", netip.Addr{}, 0, fmt.Errorf("connect target %q: %w: want host:port", target, ErrInvalid)
	}
	host, ps := target[:i], target[i+1:]
	if !validHost(host) {
		return "", netip.Addr{}, 0, fmt.Errorf("connect target %q: %w: host: want a name or an IP address (IPv6 in brackets)", target, ErrInvalid)
	}
	port, ok := portNumber(ps)
	if !ok {
		return "", netip.Addr{}, 0, fmt.Errorf("connect target %q: %w: port %q: %s", target, ErrInvalid, ps, validation.PortRangeMsg)
	}
	if host[0] >= '0' && host[0] <= '9' {
		ip, _ = netip.ParseAddr(host) // an IPv4 address in a form ParseAddrPort refused
	}
	return host, ip, port, nil
}

// validHost reports whether host is not empty and holds none of ":[] /".
func validHost(host string) bool {
	if host == "" {
		return false
	}
	for i := range len(host) {
		switch host[i] {
		case ':', '[', ']', ' ', '/':
			return false
		}
	}
	return true
}

// portNumber parses a port in 1-65535 written in decimal digits (leading
// zeros allowed, as strconv.ParseUint allows them).
func portNumber(s string) (uint16, bool) {
	if s == "" {
		return 0, false
	}
	n := 0
	for i := range len(s) {
		d := s[i] - '0'
		if d > 9 {
			return 0, false
		}
		if n = n*10 + int(d); n > 65535 {
			return 0, false
		}
	}
	return uint16(n), n > 0
}

// dnsError maps a resolver error to the sim's sentinels: a name that could
// not be sent is ErrInvalid, anything else (NXDOMAIN, NODATA) ErrNXDomain.
func dnsError(err error) error {
	if errors.Is(err, dns.ErrInvalidName) {
		return &wrapped{ErrInvalid, err}
	}
	return &wrapped{ErrNXDomain, err}
}

// wrapped is err with a sim sentinel added for errors.Is.
type wrapped struct{ sentinel, err error }

func (w *wrapped) Error() string   { return w.err.Error() }
func (w *wrapped) Unwrap() []error { return []error{w.sentinel, w.err} }

// clientPod returns the slot of a running pod whose container runs, for a
// connection from it.
func (c *Cluster) clientPod(namespace, name string) (int32, bool) {
	i, found := c.lookupPod(pod.NamespaceOrDefault(namespace), name)
	if !found {
		return -1, false
	}
	if p := c.pod(i); !p.has(fRunning) || p.has(fDown) {
		return -1, false
	}
	return i, true
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

// nodeAtIP returns the node whose address is ip. The nodes' addresses
// ascend with their index (makeNodes hands out consecutive addresses), so
// a binary search finds it without an index.
func (c *Cluster) nodeAtIP(ip netip.Addr) (name string, ok bool) {
	n := sort.Search(len(c.nodes), func(i int) bool { return c.nodes[i].ip.Compare(ip) >= 0 })
	if n == len(c.nodes) || c.nodes[n].ip != ip {
		return "", false
	}
	return c.nodes[n].name, true
}

// podAtIPSlot returns the slot of the live pod holding ip.
func (c *Cluster) podAtIPSlot(ip netip.Addr) (int32, bool) {
	n, off, inCIDR := c.podIPKey(ip)
	if !inCIDR || off == 0 {
		return -1, false
	}
	return c.store.AtIP(ipKey(n, off))
}
