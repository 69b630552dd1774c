// Package proxy is kube-proxy's programmed copy of the Service rules in
// iptables mode: one table shared by every node (all kube-proxies program
// after the same delay), with the per-node session-affinity state made on
// first use. The cluster programs it (Program, Remove, SetNode) and asks it
// where a new connection goes (Route).
//
// Use it as
//
//	t := proxy.New(r, 3) // r: the seeded stream endpoint choices draw from; room for 3 nodes
//	t.SetNode("node-1", nodeIP, true)
//	t.Program(&svc, backends) // backends[i]: the endpoints of svc.Ports[i]
//	d, err := t.Route(proxy.Request{Src: podIP, SrcNode: "node-1", Dst: dst, Now: now})
//	// d.Backend is where the connection lands; d.AppendPath(nil, err) the hops
//	t.Remove(svc.Namespace, svc.Name)
//	rules := t.Save("node-1") // iptables-save style, for checks
//
// Sources: kubernetes pkg/proxy/iptables/proxier.go (KUBE-SVC/KUBE-SEP
// chains, computeProbability, the recent-match affinity rules, the REJECT and
// DROP rules), pkg/proxy/topology.go (CategorizeEndpoints),
// pkg/proxy/endpointslicecache.go (byEndpoint order).
//
// Modelled besides the Cluster policy: externalTrafficPolicy and
// internalTrafficPolicy Local (KUBE-SVL), externalIPs on every node,
// loadBalancerSourceRanges (KUBE-FW), the ClientIP affinity timeout of
// sessionAffinityConfig, and the health-check server's count of local
// ready endpoints (LocalReadyEndpoints).
//
// Not modelled: IPVS (round robin) and nftables modes, topology hints,
// conntrack of established connections (every Route is a new connection),
// and the 10-decimal rounding of iptables' printed probabilities.
//
// Representation: each Service port keeps only its usable endpoints (ready,
// or serving and terminating) as 48-byte records in one slice, ready ones
// first and each group in kube-proxy's "IP:port" order, so the Cluster
// policy set is a prefix of it; node names are interned to small ids, pod
// names are the caller's strings. Program sorts by keys derived from the
// address (never by formatted strings), compares with what is stored and
// rewrites it in place, so a kube-proxy sync of an endpoint change
// allocates nothing. The per-node Local sets exist only for
// externalTrafficPolicy=Local Services, as an index into the same records.
//
// A Table is not safe for concurrent use.
package proxy
