package proxy

import (
	"strconv"
	"strings"
)

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
	var b strings.Builder
	if d.Via == ViaExternalIP && d.LBNodes > 0 {
		dst = append(dst, "network: external IP "+d.Req.Dst.String()+" routed to "+d.Node+" ("+
			strconv.Itoa(d.LBChoice)+" of "+strconv.Itoa(d.LBNodes)+" ready nodes, random)")
	}
	if d.Via == ViaLoadBalancer && d.LBNodes > 0 {
		b.WriteString("load balancer ")
		b.WriteString(d.Req.Dst.String())
		b.WriteString(" → ")
		b.WriteString(d.Node)
		b.WriteString(" (" + strconv.Itoa(d.LBChoice) + " of " + strconv.Itoa(d.LBNodes))
		if d.Local {
			b.WriteString(" nodes passing the health check, random)")
		} else {
			b.WriteString(" ready nodes, random)")
		}
		dst = append(dst, b.String())
		b.Reset()
	}
	switch d.Drop {
	case DropClusterIPExternal:
		return append(dst, "network: "+d.Req.Dst.String()+" is ClusterIP of "+d.Service+
			", not routable from outside the cluster: dropped")
	case DropNoHealthyNode:
		return append(dst, "load balancer "+d.Req.Dst.String()+": no node passes the health check of "+
			d.Service+" (externalTrafficPolicy=Local, no local ready endpoints): dropped")
	case DropNodeDown:
		return append(dst, d.Node+" ("+d.NodeIP.String()+") is down: no answer")
	}
	if d.Node == "" {
		return dst
	}
	b.WriteString(d.Node)
	b.WriteString(" kube-proxy: ")
	switch {
	case d.Drop == DropNoLocalEndpoints:
		b.WriteString("DROP " + d.Req.Dst.String() + " (" + d.Service +
			" externalTrafficPolicy=Local has no local endpoints on " + d.Node + ")")
		return append(dst, b.String())
	case d.Drop == DropInternalNoLocal:
		b.WriteString("DROP " + d.Req.Dst.String() + " (" + d.Service +
			" internalTrafficPolicy=Local has no local endpoints on " + d.Node + ")")
		return append(dst, b.String())
	case d.Drop == DropSourceRange:
		b.WriteString("DROP " + d.Req.Dst.String() + " (source " + d.Req.Src.String() +
			" is not in the loadBalancerSourceRanges of " + d.Service + ")")
		return append(dst, b.String())
	case err != nil && d.Service != "":
		b.WriteString("REJECT " + d.Req.Dst.String() + " (" + d.Service + " has no usable endpoints): connection refused")
		return append(dst, b.String())
	case err != nil:
		return dst
	}
	b.WriteString("DNAT ")
	b.WriteString(d.Req.Dst.String())
	b.WriteString(" → ")
	b.WriteString(d.BackendAddr().String())
	b.WriteString(" (")
	if d.Affinity {
		b.WriteString("ClientIP affinity, ")
	}
	b.WriteString(strconv.Itoa(d.Choice))
	b.WriteString(" of ")
	b.WriteString(strconv.Itoa(d.Candidates))
	if d.Local {
		b.WriteString(" local")
	}
	if d.Fallback {
		b.WriteString(" serving terminating endpoints, no ready one")
	} else {
		b.WriteString(" ready endpoints")
	}
	if d.Local {
		b.WriteString(" on " + d.Node)
	}
	if !d.Affinity && d.Candidates > 1 {
		b.WriteString(", random")
	}
	b.WriteString(")")
	dst = append(dst, b.String())
	if d.SNAT {
		dst = append(dst, d.Node+" kube-proxy: SNAT to node IP "+d.NodeIP.String()+" (externalTrafficPolicy=Cluster)")
	}
	return dst
}
