// Package proxy is kube-proxy's programmed copy of the Service rules in
// iptables mode: one table shared by every node (all kube-proxies program
// after the same delay), with the per-node session-affinity state made on
// first use. The cluster programs it (Program, Remove, SetNode) and asks it
// where a new connection goes (Route).
//
// Sources: kubernetes pkg/proxy/iptables/proxier.go (KUBE-SVC/KUBE-SEP
// chains, computeProbability, the recent-match affinity rules, the REJECT and
// DROP rules), pkg/proxy/topology.go (CategorizeEndpoints),
// pkg/proxy/endpointslicecache.go (byEndpoint order). See spec/dataplane.md.
//
// Not modelled: IPVS (round robin) and nftables modes, topology hints and
// internalTrafficPolicy, conntrack of established connections (every Route
// is a new connection), externalIPs and loadBalancerSourceRanges,
// sessionAffinityConfig timeouts other than the default, and the 10-decimal
// rounding of iptables' printed probabilities.
//
// A Table is not safe for concurrent use.
package proxy
