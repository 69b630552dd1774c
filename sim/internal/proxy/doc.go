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
// A Table is not safe for concurrent use.
package proxy
