package proxy

import "strconv"

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
	if d.LBNodes > 0 && (d.Via == ViaExternalIP || d.Via == ViaLoadBalancer) {
		// The node the network or the load balancer picked, at random.
		prefix, sep, pool := "network: external IP ", " routed to ", " ready nodes, random)"
		if d.Via == ViaLoadBalancer {
			prefix, sep = "load balancer ", " → "
			if d.Local {
				pool = " nodes passing the health check, random)"
			}
		}
		b := append(l.Free(), prefix...)
		b = d.Req.Dst.AppendTo(b)
		b = append(b, sep...)
		b = append(b, d.Node...)
		b = append(b, " ("...)
		b = strconv.AppendInt(b, int64(d.LBChoice), 10)
		b = append(b, " of "...)
		b = strconv.AppendInt(b, int64(d.LBNodes), 10)
		l.Put(append(b, pool...))
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
	b := append(l.Free(), d.Node...)
	b = append(b, " kube-proxy: DNAT "...)
	b = d.Req.Dst.AppendTo(b)
	b = append(b, " → "...)
	b = d.BackendAddr().AppendTo(b)
	b = append(b, " ("...)
	if d.Affinity {
		b = append(b, "ClientIP affinity, "...)
	}
	b = strconv.AppendInt(b, int64(d.Choice), 10)
	b = append(b, " of "...)
	b = strconv.AppendInt(b, int64(d.Candidates), 10)
	if d.Local {
		b = append(b, " local"...)
	}
	if d.Fallback {
		b = append(b, " serving terminating endpoints, no ready one"...)
	} else {
		b = append(b, " ready endpoints"...)
	}
	switch d.Topology {
	case TopologyZone:
		b = append(b, " hinted for zone "...)
		b = append(b, d.Zone...)
	case TopologyNode:
		b = append(b, " hinted for node "...)
		b = append(b, d.Node...)
	}
	if d.Local {
		b = append(b, " on "...)
		b = append(b, d.Node...)
	}
	if !d.Affinity && d.Candidates > 1 {
		b = append(b, ", random"...)
	}
	b = append(b, ")"...)
	l.Put(b)
	l.End()
	if d.SNAT {
		b := append(l.Free(), d.Node...)
		b = append(b, " kube-proxy: SNAT to node IP "...)
		b = d.NodeIP.AppendTo(b)
		b = append(b, " (externalTrafficPolicy=Cluster)"...)
		l.Put(b)
		l.End()
	}
}
