package proxy

// AppendPath appends to dst the hops of d that kube-proxy and the load
// balancer are responsible for, as human-readable lines (the client's and
// the backend pod's hops are the caller's). err is Route's error, nil on
// success. Examples:
//
//	load balancer 203.0.113.1:80 → node-2 (1 of 3 ready nodes, random)
//	node-1 kube-proxy: DNAT 10.96.0.10:80 → 10.244.2.7:8080 (1 of 3 ready endpoints, random)
//	node-2 kube-proxy: SNAT to node IP 172.18.0.3 (externalTrafficPolicy=Cluster)
//	node-1 kube-proxy: REJECT 10.96.0.10:80 (default/web has no usable endpoints)
func (d *Decision) AppendPath(dst []string, err error) []string {
	var l Lines
	d.WritePath(&l, err)
	return append(dst, l.Strings()...)
}

// WritePath writes the lines AppendPath appends to l, one per hop; with
// l nil, nothing.
func (d *Decision) WritePath(l *Lines, err error) {
	if l == nil {
		return
	}
	if d.Via == ViaExternalIP && d.LBNodes > 0 {
		l.Str("network: external IP ")
		l.AddrPort(d.Req.Dst)
		l.Str(" routed to ")
		l.Str(d.Node)
		l.Str(" (")
		l.Int(d.LBChoice)
		l.Str(" of ")
		l.Int(d.LBNodes)
		l.Str(" ready nodes, random)")
		l.End()
	}
	if d.Via == ViaLoadBalancer && d.LBNodes > 0 {
		l.Str("load balancer ")
		l.AddrPort(d.Req.Dst)
		l.Str(" → ")
		l.Str(d.Node)
		l.Str(" (")
		l.Int(d.LBChoice)
		l.Str(" of ")
		l.Int(d.LBNodes)
		if d.Local {
			l.Str(" nodes passing the health check, random)")
		} else {
			l.Str(" ready nodes, random)")
		}
		l.End()
	}
	switch d.Drop {
	case DropClusterIPExternal:
		l.Line("network: " + d.Req.Dst.String() + " is ClusterIP of " + d.Service +
			", not routable from outside the cluster: dropped")
		return
	case DropNoHealthyNode:
		l.Line("load balancer " + d.Req.Dst.String() + ": no node passes the health check of " +
			d.Service + " (externalTrafficPolicy=Local, no local ready endpoints): dropped")
		return
	case DropNodeDown:
		l.Line(d.Node + " (" + d.NodeIP.String() + ") is down: no answer")
		return
	}
	if d.Node == "" {
		return
	}
	switch {
	case d.Drop == DropNoLocalEndpoints:
		l.Line(d.Node + " kube-proxy: DROP " + d.Req.Dst.String() + " (" + d.Service +
			" externalTrafficPolicy=Local has no local endpoints on " + d.Node + ")")
		return
	case d.Drop == DropInternalNoLocal:
		l.Line(d.Node + " kube-proxy: DROP " + d.Req.Dst.String() + " (" + d.Service +
			" internalTrafficPolicy=Local has no local endpoints on " + d.Node + ")")
		return
	case d.Drop == DropSourceRange:
		l.Line(d.Node + " kube-proxy: DROP " + d.Req.Dst.String() + " (source " + d.Req.Src.String() +
			" is not in the loadBalancerSourceRanges of " + d.Service + ")")
		return
	case err != nil && d.Service != "":
		l.Line(d.Node + " kube-proxy: REJECT " + d.Req.Dst.String() + " (" + d.Service + " has no usable endpoints): connection refused")
		return
	case err != nil:
		return
	}
	l.Str(d.Node)
	l.Str(" kube-proxy: DNAT ")
	l.AddrPort(d.Req.Dst)
	l.Str(" → ")
	l.AddrPort(d.BackendAddr())
	l.Str(" (")
	if d.Affinity {
		l.Str("ClientIP affinity, ")
	}
	l.Int(d.Choice)
	l.Str(" of ")
	l.Int(d.Candidates)
	if d.Local {
		l.Str(" local")
	}
	if d.Fallback {
		l.Str(" serving terminating endpoints, no ready one")
	} else {
		l.Str(" ready endpoints")
	}
	switch d.Topology {
	case TopologyZone:
		l.Str(" hinted for zone ")
		l.Str(d.Zone)
	case TopologyNode:
		l.Str(" hinted for node ")
		l.Str(d.Node)
	}
	if d.Local {
		l.Str(" on ")
		l.Str(d.Node)
	}
	if !d.Affinity && d.Candidates > 1 {
		l.Str(", random")
	}
	l.Str(")")
	l.End()
	if d.SNAT {
		l.Str(d.Node)
		l.Str(" kube-proxy: SNAT to node IP ")
		l.Addr(d.NodeIP)
		l.Str(" (externalTrafficPolicy=Cluster)")
		l.End()
	}
}
